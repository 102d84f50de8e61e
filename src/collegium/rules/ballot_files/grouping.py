"""Identical rankings merged into one weighted row, through rows packed into 64-bit words.

A row of candidate numbers 1..size (0: no further preference) is packed `bits` bits a
number and `per_word` numbers a word, column c always at the same word and shift, so equal
rows have equal words whatever width they were packed at. Words are kept word by word
(`words[j]` is word j of every row), so every step is a pass over contiguous arrays.
Grouping sorts one exact key per row: the word itself when a row fits in one, else the
rank of its first words with the next word appended, while that fits in 63 bits; wider rows
are sorted by a hash of their words, checked against the neighbours it is sorted beside
(an exact, slower grouping takes over on a collision). Distinct rows come out in the order
of their first word, that is of their first preferences, which keeps a count's passes over
them local.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Words = npt.NDArray[np.int64]  # words × rows
Weights = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Packing:
    bits: int  # bits per candidate number
    per_word: int  # numbers per 63-bit word

    @classmethod
    def for_candidates(cls, size: int) -> Packing:
        bits = max(int(size).bit_length(), 1)
        return cls(bits=bits, per_word=63 // bits)

    def words_for(self, width: int) -> int:
        return max(-(-width // self.per_word), 1)

    def multipliers(self, width: int) -> npt.NDArray[np.int64]:
        """(width × words): a row of numbers times this is its packed words."""
        table = np.zeros((width, self.words_for(width)), dtype=np.int64)
        for column in range(width):
            word, place = divmod(column, self.per_word)
            table[column, word] = 1 << (self.bits * (self.per_word - 1 - place))
        return table

    def prefixes(self, width: int) -> npt.NDArray[np.int64]:
        """((width + 1) × words): row p keeps the bits of the first p columns only."""
        table = np.zeros((width + 1, self.words_for(width)), dtype=np.int64)
        field = (1 << self.bits) - 1
        for column in range(width):
            word, place = divmod(column, self.per_word)
            table[column + 1 :, word] |= field << (self.bits * (self.per_word - 1 - place))
        return table

    def unpack(self, words: Words, width: int) -> npt.NDArray[np.int32]:
        """The rows back as 0-based candidate numbers padded with -1, `width` columns."""
        rows = np.empty((words.shape[1], width), dtype=np.int32)
        field = (1 << self.bits) - 1
        # A few thousand rows at a time, a word's columns at once: whole rows in the cache.
        for start in range(0, words.shape[1], _UNPACK_ROWS):
            stop = start + _UNPACK_ROWS
            for word in range(self.words_for(width)):
                first = word * self.per_word
                places = np.arange(min(self.per_word, width - first))
                shifts = self.bits * (self.per_word - 1 - places)
                part = (words[word, start:stop, None] >> shifts) & field
                part -= 1
                rows[start:stop, first : first + places.size] = part
        return rows


_UNPACK_ROWS = 1 << 15


def group_words(words: Words, weights: Weights) -> tuple[Words, Weights]:
    """Distinct rows of `words` (words × rows), in order, and the summed weight of each."""
    if words.shape[1] <= 1:
        return words, weights
    folded = _fold(words)
    if folded is None:
        return _group_hashed(words, weights)
    key, levels = folded
    distinct, summed = _group_keys(key, weights)
    return _unfold(distinct, levels), summed


def _fold(words: Words) -> tuple[npt.NDArray[np.int64], list[tuple[Words, int, int]]] | None:
    """One exact key a row, ordered as the rows are: each further word is appended to the
    rank of the words before it (ranks keep their order), while that fits in 63 bits. A
    word's low bits that are zero in every row (fields no row fills) are left out."""
    key = words[0]
    levels: list[tuple[npt.NDArray[np.int64], int, int]] = []
    for word in words[1:]:
        used = int(np.bitwise_or.reduce(word))
        low = (used & -used).bit_length() - 1 if used else 0
        shift = max((used >> low).bit_length(), 1)
        earlier, rank = np.unique(key, return_inverse=True)
        if (earlier.size - 1).bit_length() + shift > 63:
            return None
        levels.append((earlier, shift, low))
        key = (rank.reshape(-1).astype(np.int64) << shift) | (word >> low)
    return key, levels


def _unfold(keys: npt.NDArray[np.int64], levels: list[tuple[Words, int, int]]) -> Words:
    words = []
    for earlier, shift, low in reversed(levels):
        words.append((keys & ((1 << shift) - 1)) << low)
        keys = earlier[keys >> shift]
    words.append(keys)
    return np.stack(words[::-1])


def _group_keys(
    key: npt.NDArray[np.int64], weights: Weights
) -> tuple[npt.NDArray[np.int64], Weights]:
    if int(weights.min()) == int(weights.max()):
        # Every line one ballot (or the same weight): a plain sort and run lengths suffice.
        ordered = np.sort(key)
        starts = _run_starts(ordered)
        return ordered[starts], np.diff(np.append(starts, key.size)) * weights[0]
    order = np.argsort(key)
    ordered = key[order]
    starts = _run_starts(ordered)
    return ordered[starts], np.add.reduceat(weights[order], starts)


def _group_hashed(words: Words, weights: Weights) -> tuple[Words, Weights]:
    """For rows too wide to fold: grouped by a hash of their words, in first-word order."""
    key = _hash(words)
    order = np.argsort(key)
    sorted_key = key[order]
    starts = _run_starts(sorted_key)
    ordered = np.take(words, order, axis=1)
    # Neighbours with the same key must have the same words, or two rows collided.
    same_key = sorted_key[1:] == sorted_key[:-1]
    if any(np.any(same_key & (word[1:] != word[:-1])) for word in ordered):
        return _group_exactly(words, weights)
    distinct = ordered[:, starts]
    summed = np.add.reduceat(weights[order], starts)
    by_first = np.argsort(distinct[0])
    return distinct[:, by_first], summed[by_first]


def _run_starts(ordered: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    new = np.empty(ordered.size, dtype=np.bool_)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def _hash(words: Words) -> npt.NDArray[np.int64]:
    key = np.zeros(words.shape[1], dtype=np.uint64)
    multiplier = np.uint64(0x9E3779B97F4A7C15)
    for word in words:
        key = key * multiplier + word.view(np.uint64)
        key ^= key >> np.uint64(29)
    return key.view(np.int64)


def _group_exactly(words: Words, weights: Weights) -> tuple[Words, Weights]:
    distinct, inverse = np.unique(words.T, axis=0, return_inverse=True)
    summed = np.zeros(distinct.shape[0], dtype=np.int64)
    np.add.at(summed, inverse.ravel(), weights)
    return np.ascontiguousarray(distinct.T), summed


def group_rankings(
    rankings: npt.NDArray[np.int32], weights: Weights, candidates: int
) -> tuple[npt.NDArray[np.int32], Weights]:
    """Merge identical rows of 0-based rankings (padded with -1), summing their weights."""
    rows, width = rankings.shape
    if rows <= 1:
        return rankings, weights
    packing = Packing.for_candidates(candidates)
    words = np.ascontiguousarray(((rankings.astype(np.int64) + 1) @ packing.multipliers(width)).T)
    distinct, summed = group_words(words, weights)
    return packing.unpack(distinct, width), summed
