"""Pairwise preferences of ranked ballots: how many ballots rank X above Y.

A ballot ranks every candidate it names above every candidate it leaves out; candidates it
leaves out are tied with each other and count for neither side. Withdrawn candidates are
skipped (their rows and columns stay zero); the order of the others on a ballot is unchanged.

Counting works on whole columns of the rankings array: the candidates at a few positions of
a row are encoded as one integer and counted jointly with a weighted np.bincount; summing
that small joint table gives the count for every pair of those positions. A million rows of
ten preferences take ten passes rather than a Python loop.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from collegium.rules.elections.profile import RankedBallots
from collegium.rules.errors import RuleError
from collegium.rules.text import _

_EXACT_LIMIT = 2**53  # float64 sums inside np.bincount are exact below this
_MOST_BINS = 2**16  # a joint count of several positions stays this small (fits in cache)


def _position_groups(width: int, base: int) -> list[list[int]]:
    """Sets of ranking positions that together hold every pair of positions.

    Positions are cut into blocks of two when four positions fit in one joint count, else
    into single positions; every pair of blocks makes one group. Ten positions take ten
    joint counts of four positions instead of 45 counts of two.
    """
    size = 2 if base**4 <= _MOST_BINS else 1
    blocks = [list(range(start, min(start + size, width))) for start in range(0, width, size)]
    if len(blocks) == 1:
        return blocks
    return [a + b for n, a in enumerate(blocks) for b in blocks[n + 1 :]]


def pairwise_tables(
    ballots: RankedBallots,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(d, ranked): d[x, y] ballots ranking x above y; ranked[x] ballots ranking x at all."""
    if ballots.ballot_count >= _EXACT_LIMIT:
        raise RuleError(_("too many ballots to count exactly"), rule="ballots.too-many")
    size = len(ballots.candidates)
    base = size + 1  # code `size` stands for "no preference"
    width = ballots.rankings.shape[1]
    # One contiguous row per ranking position; NO_PREFERENCE (-1) becomes code `size`.
    columns = np.ascontiguousarray(ballots.rankings.T) % base
    weights = ballots.weights.astype(np.float64)
    both = np.zeros((base, base), dtype=np.float64)  # [x, y]: x before y, both ranked
    ranked = np.zeros(base, dtype=np.float64)
    counted_pairs: set[tuple[int, int]] = set()
    counted_positions: set[int] = set()
    for group in _position_groups(width, base):
        code = columns[group[0]].astype(np.intp)
        for position in group[1:]:
            code *= base
            code += columns[position]
        joint = np.bincount(code, weights=weights, minlength=base ** len(group))
        joint = joint.reshape((base,) * len(group))
        for a, first in enumerate(group):
            if first not in counted_positions:
                counted_positions.add(first)
                others = tuple(axis for axis in range(len(group)) if axis != a)
                ranked += joint.sum(axis=others)
            for b in range(a + 1, len(group)):
                if (first, group[b]) not in counted_pairs:
                    counted_pairs.add((first, group[b]))
                    others = tuple(axis for axis in range(len(group)) if axis not in (a, b))
                    both += joint.sum(axis=others)
    pairs = both[:size, :size].astype(np.int64)
    ranked_once = ranked[:size].astype(np.int64)
    # A ballot ranking x puts x above y unless it ranks y before x.
    preferences = ranked_once[:, None] - pairs.T
    np.fill_diagonal(preferences, 0)
    gone = sorted(ballots.withdrawn)
    preferences[gone, :] = 0
    preferences[:, gone] = 0
    ranked_once[gone] = 0
    return preferences, ranked_once


def pairwise_preferences(ballots: RankedBallots) -> npt.NDArray[np.int64]:
    """d[x, y] = number of ballots ranking candidate x above candidate y."""
    return pairwise_tables(ballots)[0]


def matrix_json(matrix: npt.NDArray[np.int64], names: Sequence[str], members: Sequence[int]) -> str:
    """A C x C matrix as JSON {row name: {column name: value}}, for a round's note."""
    table = {names[x]: {names[y]: int(matrix[x, y]) for y in members if y != x} for x in members}
    return json.dumps(table, ensure_ascii=False)
