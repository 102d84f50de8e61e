"""Ranked ballots as NumPy arrays: the one input shape of every ranked election method.

Identical ballots are grouped into one row with a weight, as BLT files do; methods count
rows, not voters, which is what makes a count of a million ballots fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from collegium.rules.errors import RuleError
from collegium.rules.text import _

# Marks "no further preference" in a ranking row.
NO_PREFERENCE = -1


@dataclass(frozen=True)
class RankedBallots:
    """Distinct rankings with how many ballots carry each.

    rankings[i, k] is the 0-based index of the candidate in position k of ranking i, or
    NO_PREFERENCE after the last preference. weights[i] is the (integer) number of ballots.
    """

    candidates: tuple[str, ...]
    rankings: npt.NDArray[np.int32]
    weights: npt.NDArray[np.int64]
    seats: int = 1
    title: str = ""
    withdrawn: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.rankings.ndim != 2 or self.weights.ndim != 1:
            raise RuleError(
                _("rankings must be a 2-D array and weights a 1-D array"), rule="ballots.shape"
            )
        if self.rankings.shape[0] != self.weights.shape[0]:
            raise RuleError(
                _("rankings and weights must have the same number of rows"), rule="ballots.shape"
            )
        if self.rankings.size and (
            int(self.rankings.max()) >= len(self.candidates)
            or int(self.rankings.min()) < NO_PREFERENCE
        ):
            raise RuleError(
                _("a ranking names a candidate number that does not exist"),
                rule="ballots.candidate-number",
            )
        if self.weights.size and int(self.weights.min()) < 0:
            raise RuleError(_("ballot weights must not be negative"), rule="ballots.weight")

    @property
    def ballot_count(self) -> int:
        return int(self.weights.sum())

    @property
    def continuing(self) -> tuple[int, ...]:
        """Indices of the candidates standing (not withdrawn)."""
        return tuple(i for i in range(len(self.candidates)) if i not in self.withdrawn)

    @classmethod
    def from_lists(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[tuple[int, Sequence[str]]] | Iterable[Sequence[str]],
        *,
        seats: int = 1,
        title: str = "",
        withdrawn: Iterable[str] = (),
    ) -> RankedBallots:
        """Build from (weight, [names in order]) pairs or plain [names in order] lists."""
        index = {name: i for i, name in enumerate(candidates)}
        rows: list[list[int]] = []
        weights: list[int] = []
        for ballot in ballots:
            if isinstance(ballot, tuple) and len(ballot) == 2 and isinstance(ballot[0], int):
                weight, names = ballot
            else:
                weight, names = 1, ballot
            try:
                row = [index[name] for name in names]
            except KeyError as missing:
                raise RuleError(
                    _("unknown candidate %(name)s on a ballot") % {"name": repr(missing.args[0])},
                    rule="ballots.unknown-candidate",
                ) from None
            if len(set(row)) != len(row):
                raise RuleError(
                    _("a ballot ranks the same candidate twice: %(ballot)s")
                    % {"ballot": repr(list(names))},
                    rule="ballots.repeated-candidate",
                )
            rows.append(row)
            weights.append(int(weight))
        width = max((len(r) for r in rows), default=0)
        array = np.full((len(rows), max(width, 1)), NO_PREFERENCE, dtype=np.int32)
        for i, row in enumerate(rows):
            array[i, : len(row)] = row
        return cls(
            candidates=tuple(candidates),
            rankings=array,
            weights=np.asarray(weights, dtype=np.int64),
            seats=seats,
            title=title,
            withdrawn=frozenset(index[n] for n in withdrawn),
        )

    def grouped(self) -> RankedBallots:
        """Merge identical rankings into one row each (sums their weights)."""
        if self.rankings.shape[0] == 0:
            return self
        unique, inverse = np.unique(self.rankings, axis=0, return_inverse=True)
        weights = np.bincount(inverse.ravel(), weights=self.weights, minlength=unique.shape[0])
        return RankedBallots(
            candidates=self.candidates,
            rankings=unique.astype(np.int32),
            weights=weights.astype(np.int64),
            seats=self.seats,
            title=self.title,
            withdrawn=self.withdrawn,
        )
