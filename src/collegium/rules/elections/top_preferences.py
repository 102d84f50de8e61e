"""Each ranking row's highest preference among the candidates still standing, kept current.

Instant-runoff, plurality and the two-round system all count ballots for their top continuing
preference. Instead of rewriting a million rows when a candidate is excluded, every row keeps
a pointer to its current top preference; an exclusion moves only the rows that pointed at the
excluded candidate, and the tallies change by what those rows transfer.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.errors import RuleError
from collegium.rules.text import _

# Ballot counts are summed in float64 by np.bincount; integers are exact below 2**53.
_EXACT_LIMIT = 2**53


def standing_mask(ballots: RankedBallots, excluded: Collection[int] = ()) -> npt.NDArray[np.bool_]:
    """True for each candidate who stands (not withdrawn, not excluded from this count)."""
    mask = np.zeros(len(ballots.candidates), dtype=np.bool_)
    mask[list(ballots.continuing)] = True
    mask[list(excluded)] = False
    return mask


class TopPreferences:
    """The current top standing preference of every row; NO_PREFERENCE once exhausted."""

    def __init__(self, ballots: RankedBallots, standing: npt.NDArray[np.bool_]) -> None:
        if ballots.ballot_count >= _EXACT_LIMIT:
            raise RuleError(_("too many ballots to count exactly"), rule="ballots.too-many")
        rows, width = ballots.rankings.shape
        # A pointer is a flat index into the rankings (not copied: a million rows are tens of
        # megabytes); a row ends at its NO_PREFERENCE padding or at its last column.
        self._flat = np.ascontiguousarray(ballots.rankings).ravel()
        self._width = width
        self._pointer = np.arange(rows, dtype=np.intp) * width
        self._weights = ballots.weights.astype(np.float64)
        self._size = len(ballots.candidates)
        # Indexed by candidate; NO_PREFERENCE (-1) reads the extra last entry, so a pointer
        # stops both at a standing candidate and at the end of the ranking.
        self._stop = np.append(standing, True)
        if width == 0:
            self.top = np.full(rows, NO_PREFERENCE, dtype=np.int32)
            return
        self.top = self._flat[self._pointer]
        self._advance(np.flatnonzero(~self._stop[self.top]))

    def _advance(self, rows: npt.NDArray[np.intp]) -> None:
        """Move the given rows on to their next standing preference (or exhaustion)."""
        pointer = self._pointer[rows]
        end = (rows + 1) * self._width
        while rows.size:
            pointer += 1
            following = self._flat.take(pointer, mode="clip")
            following[pointer >= end] = NO_PREFERENCE
            done = self._stop[following]
            if done.any():
                self._pointer[rows[done]] = pointer[done]
                self.top[rows[done]] = following[done]
                moving = ~done
                rows, pointer, end = rows[moving], pointer[moving], end[moving]

    def _count(self, rows: npt.NDArray[np.intp] | None = None) -> npt.NDArray[np.int64]:
        top = self.top if rows is None else self.top[rows]
        weights = self._weights if rows is None else self._weights[rows]
        counted = np.bincount(top + 1, weights=weights, minlength=self._size + 1)
        return counted.astype(np.int64)

    def tallies(self) -> npt.NDArray[np.int64]:
        """Ballots per top preference: entry 0 is exhausted, entry i + 1 is candidate i."""
        return self._count()

    def exclude(self, candidate: int) -> npt.NDArray[np.int64]:
        """Exclude a candidate; returns what its ballots transfer, laid out as tallies()."""
        self._stop[candidate] = False
        rows = np.flatnonzero(self.top == candidate)
        self._advance(rows)
        return self._count(rows)
