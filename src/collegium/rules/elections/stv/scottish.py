"""Scottish STV: the count of The Scottish Local Government Elections Order 2007 (SSI 2007/42).

Rules 45–52 of Schedule 1, as used for Scottish council elections since 2007:

- Quota (rule 46): floor(valid ballots / (seats + 1)) + 1.
- Deemed elected (rule 47): a continuing candidate whose votes equal or exceed the quota at
  the end of a stage.
- Surplus (rule 48): every ballot paper the elected candidate holds is examined and passes
  to its next preference for a continuing candidate at the transfer value
  surplus × (value of the paper when received by that candidate) / (candidate's votes),
  truncated to five decimal places. All arithmetic is on integers in units of 10**-5.
  Papers with no further preference for a continuing candidate are non-transferable; their
  share of the surplus is recorded as exhausted, and what truncation drops as loss.
- Several surpluses (rule 49): the largest is transferred first; each transfer is a stage.
  Every surplus is transferred before any exclusion (the statute allows no deferral).
- Exclusion (rule 50): when no surplus is left, the continuing candidate with the fewest
  votes is excluded and all their papers pass on at the value they had when received.
- Last vacancies (rule 52; rule 48(1) makes surplus transfers subject to it): when the
  continuing candidates are no more than the vacancies left, they are all deemed elected
  and no further transfer is made.
- Ties (rule 49 for surpluses, rule 51 for exclusions): the tied candidates are compared at
  the most recent preceding stage at which their votes differed; if they were equal at
  every stage, a lot decides (collegium.rules.ties.Lot, from the recorded seed).

Choices the statute leaves open, made here:

- Candidates deemed elected at the same stage are taken in order of their votes (highest
  first); equal votes are ordered by the look-back rule, then by lot. That is the order of
  election reported, and the order in which equal surpluses would be transferred.
- The look-back for a tie of three or more keeps, at the most recent stage where they
  differed, only those with the most (surplus) or fewest (exclusion) votes, and looks further
  back among those if still more than one.
- An exclusion is one stage: first-preference papers and transferred papers pass on together,
  each at its own value; a candidate who reaches the quota by it is deemed elected at its
  end (and so may receive more than the quota from it, which becomes their surplus).
- Blank ballots, and ballots whose only preferences are for withdrawn candidates, are not
  valid votes: they do not count towards the quota. Withdrawn candidates are skipped.
- Alternates: after the count for the full seats, a second count is held for full seats +
  alternates places (its own quota) with the elected full members deemed elected at its
  first stage: they keep their votes up to that quota and pass on only a surplus, as any
  elected candidate does, so their voters do not elect twice; excluded candidates of the
  first count stand again. The next candidates elected in that count are the alternates,
  in order of election. Its rounds follow the first count's, marked "alternates:".
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import numpy as np

from collegium.rules.elections import phrases
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.elections.stv.alternates import CountBase, count_with_alternates
from collegium.rules.elections.stv.common import (
    advance,
    break_tie,
    exact_bincount,
    first_choices,
    order_by_votes,
    scaled,
)
from collegium.rules.text import _, figure
from collegium.rules.ties import Lot

METHOD = "scottish-stv"
PLACES = 5
SCALE = 10**PLACES


class Stage(Enum):
    """What a stage of the count does."""

    FIRST = "first"  # first preferences
    SURPLUS = "surplus"  # transfers an elected candidate's surplus
    EXCLUSION = "exclusion"  # excludes the candidate with the fewest votes


class _Count(CountBase):
    """One Scottish STV count for a number of places, kept as integer arrays per ranking row."""

    def __init__(
        self,
        ballots: RankedBallots,
        *,
        places: int,
        lot: Lot,
        deemed_elected: Sequence[int] = (),
        for_alternates: bool = False,
        first_number: int = 1,
    ) -> None:
        super().__init__(
            ballots,
            places=places,
            lot=lot,
            for_alternates=for_alternates,
            first_number=first_number,
        )
        # standing[c]: c is a continuing candidate; the extra False is what -1 indexes.
        self.standing = np.zeros(self.size + 1, dtype=np.bool_)
        self.standing[self.shown] = True
        self.pending: list[int] = []  # elected candidates whose surplus is not yet transferred
        self.exhausted = 0
        self.loss = 0
        self.column, self.holder = first_choices(self.rankings, self.standing)
        self.value = np.where(self.holder >= 0, SCALE, 0).astype(np.int64)
        valid = self.holder >= 0
        self.valid_ballots = int(self.weights[valid].sum())
        self.quota = (self.valid_ballots // (places + 1) + 1) * SCALE
        self.votes = exact_bincount(
            self.holder[valid], self.weights[valid] * SCALE, self.size
        ).tolist()
        self.deemed = list(deemed_elected)

    # -- stages -------------------------------------------------------------------------

    def run(self) -> None:
        self._close_stage(Stage.FIRST, _("first preferences"), before=[0] * self.size)
        while len(self.elected) < self.places and self._continuing():
            before = list(self.votes)
            if self.pending:
                giver = self._largest_surplus()
                self._transfer_surplus(giver)
                action = _("surplus of %(name)s") % {"name": self.names[giver]}
                self._close_stage(Stage.SURPLUS, action, before=before)
            else:
                loser = self._lowest()
                self._exclude(loser)
                action = _("exclusion of %(name)s") % {"name": self.names[loser]}
                self._close_stage(Stage.EXCLUSION, action, before=before)

    def _continuing(self) -> list[int]:
        return [c for c in self.shown if self.standing[c]]

    def _close_stage(self, stage: Stage, action: str, *, before: list[int]) -> None:
        first = stage is Stage.FIRST
        self.history.append(list(self.votes))
        elected_now: list[int] = []
        if first and self.deemed:
            elected_now += [c for c in self.deemed if self.standing[c]]
            self._elect(elected_now)
        reached = [c for c in self._continuing() if self.votes[c] >= self.quota]
        reached = order_by_votes(
            reached, self.votes, self.history, self.names, self.lot, _("order of election")
        )
        reached = reached[: self.places - len(self.elected)]
        self._elect(reached)
        elected_now += reached
        note = ""
        left = self._continuing()
        vacancies = self.places - len(self.elected)
        if left and len(left) <= vacancies:
            last = order_by_votes(
                left, self.votes, self.history, self.names, self.lot, _("order of election")
            )
            self._elect(last)
            self.pending.clear()  # rule 52: no further transfer
            elected_now += last
            note = _("rule 52: continuing candidates no more than the vacancies left")
        self.number += 1
        self.rounds.append(
            CountRound(
                number=self.number,
                action=self.stage(action),
                votes={self.names[c]: scaled(self.votes[c], PLACES) for c in self.shown},
                transfers={
                    self.names[c]: scaled(self.votes[c] - before[c], PLACES)
                    for c in self.shown
                    if self.votes[c] != before[c] and not first
                },
                elected=tuple(self.names[c] for c in elected_now),
                excluded=tuple(self.names[c] for c in self.excluded[-1:])
                if stage is Stage.EXCLUSION
                else (),
                exhausted=scaled(self.exhausted, PLACES),
                note=note,
                loss=scaled(self.loss, PLACES),
            )
        )

    def _elect(self, candidates: Sequence[int]) -> None:
        for c in candidates:
            self.standing[c] = False
            self.elected.append(c)
            if self.votes[c] > self.quota:
                self.pending.append(c)

    def _largest_surplus(self) -> int:
        top = max(self.votes[c] for c in self.pending)
        tied = [c for c in self.pending if self.votes[c] == top]
        return break_tie(
            tied, self.history, self.names, self.lot, highest=True, purpose=_("surplus first")
        )

    def _lowest(self) -> int:
        left = self._continuing()
        bottom = min(self.votes[c] for c in left)
        tied = [c for c in left if self.votes[c] == bottom]
        return break_tie(
            tied, self.history, self.names, self.lot, highest=False, purpose=_("exclusion")
        )

    # -- transfers ----------------------------------------------------------------------

    def _move(self, rows: np.ndarray, values: np.ndarray) -> None:
        """Pass `rows` on to their next continuing preference, each paper worth `values`."""
        column, receiver = advance(self.rankings, rows, self.column[rows] + 1, self.standing)
        moved = values * self.weights[rows]
        onward = receiver != NO_PREFERENCE
        gains = exact_bincount(receiver[onward], moved[onward], self.size)
        for c in np.flatnonzero(gains).tolist():
            self.votes[c] += int(gains[c])
        self.exhausted += int(moved[~onward].sum())
        self.column[rows] = column
        self.holder[rows] = receiver
        self.value[rows] = np.where(onward, values, 0)

    def _transfer_surplus(self, giver: int) -> None:
        self.pending.remove(giver)
        total = self.votes[giver]
        surplus = total - self.quota
        rows = np.flatnonzero(self.holder == giver)
        # Rule 48(3): surplus × value when received / total votes, truncated to 5 places.
        values = (surplus * self.value[rows]) // total
        self.loss += surplus - int((values * self.weights[rows]).sum())
        self._move(rows, values)
        self.votes[giver] = self.quota

    def _exclude(self, loser: int) -> None:
        self.standing[loser] = False
        self.excluded.append(loser)
        rows = np.flatnonzero(self.holder == loser)
        self._move(rows, self.value[rows])
        self.votes[loser] = 0


def count(
    ballots: RankedBallots, *, seats: int, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Count `ballots` by Scottish STV for `seats` full seats and `alternates` alternates."""
    return count_with_alternates(
        _Count,
        ballots,
        seats=seats,
        alternates=alternates,
        seed=seed,
        method=METHOD,
        places=PLACES,
        headline=lambda quota, main: (
            _("Scottish STV (SSI 2007/42): quota %(quota)s of %(valid)s for %(seats)s, %(stages)s")
            % {
                "quota": figure(quota),
                "valid": phrases.valid_ballots(main.valid_ballots),
                "seats": phrases.seats(seats),
                "stages": phrases.stages(len(main.rounds)),
            }
        ),
    )


__all__ = ["count"]
