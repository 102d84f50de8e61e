"""Pieces shared by the STV counts: exact integer tallies, pointer walks and tie look-backs.

Both counts work on the distinct ranking rows of a RankedBallots profile (never on single
ballots) and keep every vote value as a scaled integer, so that no float ever decides a seat.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from collegium.rules.elections.profile import NO_PREFERENCE
from collegium.rules.ties import Lot

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# float64 adds integers exactly while every partial sum stays below 2**53.
_EXACT_FLOAT = 2**53
_COLUMNS_PER_STEP = 8


def exact_bincount(
    index: npt.NDArray[np.integer], values: Int64Array, size: int, *, bound: int | None = None
) -> Int64Array:
    """Per-index sums of non-negative int64 values, exact (np.bincount alone sums in float64).

    When the largest possible sum could lose precision in float64, the values are split into
    26-bit limbs that are summed separately and recombined in int64. `bound`, if given, is
    a known upper bound of the values (it saves a pass over them).
    """
    if values.size == 0:
        return np.zeros(size, dtype=np.int64)
    top = int(values.max()) if bound is None else bound
    if top * values.size < _EXACT_FLOAT:
        sums = np.bincount(index, weights=values, minlength=size)
        return sums.astype(np.int64)
    low = values & ((1 << 26) - 1)
    high = values >> 26
    return exact_bincount(index, low, size) + (exact_bincount(index, high, size) << 26)


def advance(
    rankings: npt.NDArray[np.int32],
    rows: npt.NDArray[np.intp],
    start: npt.NDArray[np.intp],
    standing: BoolArray,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """For each of `rows`, the first column >= start holding a standing candidate.

    standing has one entry per candidate plus a final False that NO_PREFERENCE (-1) indexes.
    Returns (column, candidate) per row; candidate is NO_PREFERENCE when the ballot is
    exhausted. Walks column by column over the rows still unresolved, so the work is the
    number of preferences skipped, not the width of the profile.
    """
    width = rankings.shape[1]
    column = start.astype(np.intp)
    found = np.full(rows.shape[0], NO_PREFERENCE, dtype=np.int64)
    todo = np.arange(rows.shape[0])
    # Most rows stop at the first column looked at: one cheap step for all of them ...
    todo = todo[column < width]
    if todo.size:
        names = rankings[rows[todo], column[todo]]
        hit = standing[names]
        found[todo[hit]] = names[hit]
        todo = todo[~hit & (names != NO_PREFERENCE)]
        column[todo] += 1
    # ... then several columns a step for the rest: fewer, larger array operations.
    step = np.arange(_COLUMNS_PER_STEP)
    while todo.size:
        todo = todo[column[todo] < width]
        if not todo.size:
            break
        columns = column[todo, None] + step
        outside = columns >= width
        names = rankings[rows[todo, None], np.minimum(columns, width - 1)]
        names[outside] = NO_PREFERENCE
        hit = standing[names]
        ended = names == NO_PREFERENCE
        stop = hit | ended
        any_stop = stop.any(axis=1)
        first = stop.argmax(axis=1)
        chosen = names[np.arange(todo.size), first]
        done = any_stop & (chosen != NO_PREFERENCE)
        found[todo[done]] = chosen[done]
        column[todo[any_stop]] += first[any_stop]
        column[todo[any_stop & ~done]] = width
        column[todo[~any_stop]] += _COLUMNS_PER_STEP
        todo = todo[~any_stop]
    column[found == NO_PREFERENCE] = width
    return column, found


def first_choices(
    rankings: npt.NDArray[np.int32], standing: BoolArray
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Column and candidate of each row's first standing preference (see `advance`)."""
    rows = np.arange(rankings.shape[0])
    return advance(rankings, rows, np.zeros(rows.shape[0], dtype=np.intp), standing)


def scaled(value: int, places: int) -> Decimal:
    """An integer in units of 10**-places as an exact Decimal."""
    return Decimal(value).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def look_back(
    tied: Sequence[int],
    history: Sequence[Sequence[int]],
    *,
    highest: bool,
) -> list[int]:
    """Narrow a tie by the most recent earlier stage at which the tied candidates differed.

    Walks back from the latest recorded stage; at the first stage where the tied candidates
    do not all have equal votes, keeps those with the highest (or lowest) votes there, and
    carries on walking back with the survivors. Returns the candidates still tied after the
    first stage (all of them when they were equal throughout).
    """
    left = list(tied)
    for votes in reversed(history):
        if len(left) == 1:
            break
        values = [votes[c] for c in left]
        best = max(values) if highest else min(values)
        if any(v != best for v in values):
            left = [c for c, v in zip(left, values, strict=True) if v == best]
    return left


def break_tie(
    tied: Sequence[int],
    history: Sequence[Sequence[int]],
    names: Sequence[str],
    lot: Lot,
    *,
    highest: bool,
    purpose: str,
) -> int:
    """One candidate from a tie: by look-back first, then by lot."""
    left = look_back(tied, history, highest=highest)
    if len(left) == 1:
        return left[0]
    by_name = {names[c]: c for c in left}
    return by_name[lot.draw(list(by_name), purpose)]


def order_by_votes(
    candidates: Sequence[int],
    votes: Sequence[int],
    history: Sequence[Sequence[int]],
    names: Sequence[str],
    lot: Lot,
    purpose: str,
) -> list[int]:
    """Candidates by votes, highest first; equal votes ordered by look-back, then by lot."""
    left = sorted(candidates, key=lambda c: -votes[c])
    ordered: list[int] = []
    while left:
        top = votes[left[0]]
        tied = [c for c in left if votes[c] == top]
        chosen = break_tie(tied, history, names, lot, highest=True, purpose=purpose)
        ordered.append(chosen)
        left.remove(chosen)
    return ordered
