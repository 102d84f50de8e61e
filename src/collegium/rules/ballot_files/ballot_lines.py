"""Well-formed BLT ballot lines read fast: whole blocks of bytes at a time, no line loop.

`read_ballot_lines` either returns the grouped rankings of every ballot line or None, and
None means only "not the simple case": a character other than digits and blanks, a line
without a weight and a terminating 0, a candidate number out of range or given twice, a
number too long. blt.py then reads the lines again with its careful reader, which names
the line at fault, so the messages are the same whichever reader meets the problem.

Per block of about a megabyte the numbers are found where a digit follows a non-digit,
read as the one- or two-digit value at each byte (longer numbers a digit at a time), and
cut into lines at the line breaks; each line's preferences are packed into 64-bit words
(grouping.py), and the words of all blocks are grouped at the end. A block is a few dozen
array passes whatever its number of lines, and blocks are read on several threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from collegium.rules.ballot_files.grouping import Packing, Weights, Words, group_words

Progress = Callable[[int, int], None]  # (bytes done, bytes in total)

BALLOT_TEXT = b"0123456789 \t\r\n"
MAX_DIGITS = 16  # digits a number may have: int64 holds every 18-digit number
_BLOCK = 1 << 20  # bytes read at a time: small enough to stay in the processor's cache
_NEWLINE = 10
_WORKERS = min(os.cpu_count() or 1, 4)


def read_ballot_lines(
    data: bytes,
    start: int,
    stop: int,
    *,
    size: int,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.int32], Weights] | None:
    """The ballot lines in data[start:stop] as (rankings padded with -1, weights), grouped;
    None if any line is not a plain well-formed ballot line."""
    packing = Packing.for_candidates(size)
    view = memoryview(data)
    bounds: list[tuple[int, int]] = []
    at = start
    while at < stop:
        end = min(at + _BLOCK, stop)
        if end < stop:
            end = data.rfind(b"\n", at, end) + 1 or data.find(b"\n", end, stop) + 1 or stop
        bounds.append((at, end))
        at = end

    def read(bound: tuple[int, int]) -> tuple[Words, Weights, int] | None:
        return _read_block(bytes(view[bound[0] : bound[1]]), size, packing)

    blocks: list[tuple[Words, Weights]] = []
    width = 0
    # NumPy lets go of the interpreter lock inside its loops: blocks read side by side.
    workers = min(_WORKERS, len(bounds))
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        results = pool.map(read, bounds) if workers > 1 else map(read, bounds)
        for (_at, end), block in zip(bounds, results, strict=True):
            if block is None:
                pool.shutdown(cancel_futures=True)
                return None
            words, weights, block_width = block
            blocks.append((words, weights))
            width = max(width, block_width)
            if progress is not None:
                progress(end, len(data))
    width = max(width, 1)
    words = np.zeros((packing.words_for(width), sum(w.shape[0] for w, _ in blocks)), np.int64)
    row = 0
    for block_words, _weights in blocks:  # lines × words each
        words[: block_words.shape[1], row : row + block_words.shape[0]] = block_words.T
        row += block_words.shape[0]
    weights = np.concatenate([w for _, w in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    distinct, summed = group_words(words, weights)
    rankings = packing.unpack(distinct, width)
    if size >= _BIT.size and _ranks_twice(rankings):  # smaller sizes: checked per block
        return None
    return rankings, summed


def _read_block(chunk: bytes, size: int, packing: Packing) -> tuple[Words, Weights, int] | None:
    """(packed preferences, lines × words; weights; most preferences on a line), or None."""
    if chunk.translate(None, BALLOT_TEXT):
        return None
    raw = np.frombuffer(chunk, dtype=np.uint8)
    length = raw.size
    # Digits as 0..9, anything else ≥ 10; padded so that reading past a number's end is safe.
    digits = np.full(length + MAX_DIGITS + 1, 255, dtype=np.uint8)
    np.subtract(raw, ord("0"), out=digits[:length])
    is_digit = digits < 10
    # Events in byte order: a number starts (a digit after a non-digit) or a line ends.
    event = raw == _NEWLINE
    event[0] |= is_digit[0]
    event[1:] |= is_digit[1:length] > is_digit[: length - 1]
    at = np.flatnonzero(event)
    is_break = raw[at] == _NEWLINE
    starts = at[~is_break]
    values = _numbers(digits, is_digit, starts)
    if values is None:
        return None
    # Numbers up to each line's end: the events before it, less the line breaks before it.
    breaks = np.flatnonzero(is_break)
    ends = np.append(breaks - np.arange(breaks.size), starts.size)
    counts = np.diff(ends, prepend=0)
    filled = counts > 0  # blank lines hold nothing
    counts, ends = counts[filled], ends[filled]
    if counts.size == 0:
        return np.zeros((0, 1), dtype=np.int64), np.zeros(0, dtype=np.int64), 0
    if int(counts.min()) < 2 or values[ends - 1].any():  # a weight and a terminating 0
        return None
    firsts = ends - counts
    weights = values[firsts].astype(np.int64)
    # Every number but the weights is a candidate 1..size, except the terminating 0s.
    outside = (values == 0) | (values > size)
    outside[firsts] = False
    if np.count_nonzero(outside) != counts.size:
        return None
    values[firsts] = 0  # from here on a line's numbers are its preferences between 0s
    preferences = counts - 2
    if size < _BIT.size and np.any(
        np.bitwise_count(np.bitwise_or.reduceat(np.take(_BIT, values), firsts)) != preferences
    ):
        return None  # a candidate ranked twice: fewer candidates than preferences
    width = int(preferences.max())
    if width == 0:
        return np.zeros((counts.size, 1), dtype=np.int64), weights, 0
    # Each line's preferences packed from a window of `width` numbers from the line's
    # second; what the window holds of the following lines (numbers 0..size, so every field
    # keeps to its bits) is cut off by the line's own prefix mask.
    padded = np.zeros(values.size + width, dtype=values.dtype)
    padded[: values.size] = values
    rows = sliding_window_view(padded, width)[firsts + 1]
    words = rows @ packing.multipliers(width)
    words &= packing.prefixes(width)[preferences]
    return words, weights, width


# Candidate 1..63 as a bit of its own, 0 (padding) as none.
_BIT = np.array([0, *(1 << k for k in range(63))], dtype=np.uint64)


def _numbers(
    digits: npt.NDArray[np.uint8], is_digit: npt.NDArray[np.bool_], starts: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint8] | npt.NDArray[np.int64] | None:
    """The numbers starting at `starts`; None if one has more than MAX_DIGITS digits.

    Bytes while no number has more than two digits (candidate numbers up to 99, small
    weights): the two-digit value at every byte is a few passes over the bytes and one
    gather. Longer numbers are then read a digit position at a time.
    """
    length = digits.size - MAX_DIGITS - 1
    head, second = digits[:length], digits[1 : length + 1]
    two = is_digit[1 : length + 1]
    # head + two * (9 * head + second): the number's first one or two digits, in byte
    # arithmetic (a conditional np.where is ten times slower).
    pair = head * np.uint8(9)
    pair += second
    pair *= two
    pair += head
    values = np.take(pair, starts)
    three = two & is_digit[2 : length + 2]
    if not three.any():
        return values
    wide = values.astype(np.int64)
    more = np.flatnonzero(three[starts])  # numbers with a digit at offset 2 and so on
    for offset in range(2, MAX_DIGITS + 1):
        following = digits[starts[more] + offset]
        more = more[following < 10]
        if more.size == 0:
            break
        if offset == MAX_DIGITS:
            return None
        wide[more] = wide[more] * 10 + following[following < 10]
    return wide


def _ranks_twice(rankings: npt.NDArray[np.int32]) -> bool:
    """Whether a row (0-based candidate numbers, -1 for padding) names a candidate twice."""
    ordered = np.sort(rankings, axis=1)
    return bool(np.any((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)))
