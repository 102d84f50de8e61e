"""Meek STV, as specified in Hill, Wichmann & Woodall, "Algorithm 123" (1987) and used in
the New Zealand local-election Meek rules.

Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected
candidate the fraction of each vote reaching them that they keep. A ballot gives each
candidate in its order the keep value's share of what is left of it; what passes the last
preference is excess (exhausted). The quota is recomputed from the votes that are not excess.

Arithmetic is fixed point in units of 10**-9 on integers (never floats), as in Algorithm 123:

- the part of a vote a candidate keeps is rounded up; the rest passes on, so nothing is lost;
- quota = (total votes - excess) / (seats + 1), truncated, plus 10**-9;
- new keep value = keep value × quota / votes, rounded up (at most 1).

The count, repeated until every place is filled:

1. Tally the ballots with the current keep values. Hopeful candidates with at least a quota
   are elected (highest first), and the keep values are recomputed from the new state.
2. Otherwise, while the elected candidates' total surplus over the quota is at least
   10**-5 (and falling), update their keep values and tally again.
3. Once it is not, exclude the hopeful candidate with the fewest votes (keep value 0).
4. When the hopeful candidates are no more than the places left, they are all elected; when
   the places are filled, the remaining hopefuls are not.

Choices made here:

- A round's votes are the tally on which its decision was taken (an exclusion's effect shows
  in the next round).
- Ties for exclusion are broken by the most recent earlier round (decision) at which the tied
  candidates' votes differed, then by lot; candidates elected together are taken in order of
  votes, ties the same way. One round is recorded per decision, not per iteration; its note
  gives the quota and the number of iterations.
- Candidates are excluded one at a time (no bulk exclusion).
- Ballots with no preference for a standing candidate do not count at all.
- Alternates: as in collegium.rules.elections.stv.scottish, a second count for seats + alternates
  places in which the elected full members are elected from the start (keep value 1 at
  first, lowered by the iteration like any elected candidate); the next candidates elected
  are the alternates, in order of election.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from collegium.rules.elections import phrases
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.elections.stv.alternates import CountBase, count_with_alternates
from collegium.rules.elections.stv.common import break_tie, exact_bincount, order_by_votes, scaled
from collegium.rules.text import _, comma_list, figure, gettext_noop
from collegium.rules.ties import Lot

METHOD = "meek-stv"
PLACES = 9
SCALE = 10**PLACES
OMEGA = 10 ** (PLACES - 5)  # surplus tolerance 0.00001
MAX_ITERATIONS = 10_000

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2

# What a round of the count did, and to whom (a list of names).
_ACTIONS = {
    ELECTED: gettext_noop("election of %(names)s"),
    EXCLUDED: gettext_noop("exclusion of %(names)s"),
    HOPEFUL: gettext_noop("hopeful candidates no more than the places left of %(names)s"),
}


class _Count(CountBase):
    """One Meek count. Each ranking row keeps its path: the elected candidates it passes
    through before its first hopeful candidate (its terminal), which changes only when a
    candidate's status changes, so every iteration is a few array operations per path step."""

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
        self.status = np.zeros(self.size + 1, dtype=np.int8)  # last entry: NO_PREFERENCE
        self.status[self.shown] = HOPEFUL
        self.keep = [SCALE if c in self.shown else 0 for c in range(self.size)]
        self.before = [0] * self.size
        rows = self.rankings.shape[0]
        self.path = np.full((rows, max(places, 1)), NO_PREFERENCE, dtype=np.int32)
        self.path_length = np.zeros(rows, dtype=np.intp)
        self.column = np.zeros(rows, dtype=np.intp)
        self.terminal = np.full(rows, NO_PREFERENCE, dtype=np.int64)
        for c in deemed_elected:
            if self.status[c] == HOPEFUL:
                self.status[c] = ELECTED
                self.elected.append(c)
        self._walk(np.arange(rows))
        self.counted = (self.terminal != NO_PREFERENCE) | (self.path_length > 0)
        self.valid_ballots = int(self.weights[self.counted].sum())
        self.votes = [0] * self.size
        self.quota = 0
        self.excess = 0

    # -- paths ---------------------------------------------------------------------------

    def _walk(self, rows: npt.NDArray[np.intp]) -> None:
        """Extend the paths of `rows` from their current column to their next hopeful."""
        width = self.rankings.shape[1]
        todo = rows
        while todo.size:
            inside = self.column[todo] < width
            self.terminal[todo[~inside]] = NO_PREFERENCE
            todo = todo[inside]
            if not todo.size:
                break
            names = self.rankings[todo, self.column[todo]]
            status = self.status[names]
            hopeful = status == HOPEFUL
            self.terminal[todo[hopeful]] = names[hopeful]
            ended = names == NO_PREFERENCE
            self.terminal[todo[ended]] = NO_PREFERENCE
            elected = status == ELECTED
            grow = todo[elected]
            self.path[grow, self.path_length[grow]] = names[elected]
            self.path_length[grow] += 1
            todo = todo[~hopeful & ~ended]
            self.column[todo] += 1

    def _set_status(self, candidates: Sequence[int], status: int) -> None:
        for c in candidates:
            self.status[c] = status
            self.keep[c] = 0 if status == EXCLUDED else self.keep[c]
        moving = np.flatnonzero(np.isin(self.terminal, candidates))
        self.column[moving] += 1
        if status == ELECTED:
            # The elected candidate now sits on these rows' paths; their walk goes on.
            self.path[moving, self.path_length[moving]] = self.terminal[moving]
            self.path_length[moving] += 1
        self._walk(moving)

    def _prepare(self) -> None:
        """Arrange the rows for the iterations of one phase (statuses fixed)."""
        size = self.size
        plain = self.path_length == 0
        to_hopeful = plain & (self.terminal != NO_PREFERENCE)
        self.fixed_votes = exact_bincount(
            self.terminal[to_hopeful], self.weights[to_hopeful] * SCALE, size
        )
        # Exhausted rows; blank ballots (no standing preference at the start) never count.
        spent = plain & (self.terminal == NO_PREFERENCE) & self.counted
        self.fixed_excess = int(self.weights[spent].sum()) * SCALE
        moving = np.flatnonzero(~plain)
        moving = moving[np.argsort(-self.path_length[moving], kind="stable")]
        lengths = self.path_length[moving]
        depth = int(lengths[0]) if lengths.size else 0
        self.rows_at_depth = [int(np.count_nonzero(lengths > j)) for j in range(depth)]
        path = self.path[moving]
        self.steps = [
            np.ascontiguousarray(path[:rows, j]) for j, rows in enumerate(self.rows_at_depth)
        ]
        weights = self.weights[moving]
        terminal = self.terminal[moving]
        self.moving_weights = weights
        self.onward = terminal != NO_PREFERENCE
        # Every (candidate, weight) a tally credits, in the order _tally lays the parts out:
        # the path steps, depth by depth, then what is left for each row's terminal.
        self.credited = np.concatenate([*self.steps, terminal[self.onward]]).astype(np.intp)
        self.part_bound = SCALE * int(weights.max(initial=0))  # no row credits more
        self.credited_weights = np.concatenate(
            [*(weights[:rows] for rows in self.rows_at_depth), weights[self.onward]]
        )

    def _tally(self) -> None:
        keep = np.asarray(self.keep, dtype=np.int64)
        left = np.full(self.moving_weights.shape[0], SCALE, dtype=np.int64)
        parts = np.empty(self.credited.shape[0], dtype=np.int64)
        at = 0
        for names, rows in zip(self.steps, self.rows_at_depth, strict=True):
            kept = (left[:rows] * keep[names] + (SCALE - 1)) // SCALE
            left[:rows] -= kept
            parts[at : at + rows] = kept
            at += rows
        parts[at:] = left[self.onward]
        parts *= self.credited_weights
        votes = self.fixed_votes + exact_bincount(
            self.credited, parts, self.size, bound=self.part_bound
        )
        spent = ~self.onward
        self.excess = self.fixed_excess + int((left[spent] * self.moving_weights[spent]).sum())
        self.votes = votes.tolist()
        self.quota = sum(self.votes) // (self.places + 1) + 1

    # -- the count -----------------------------------------------------------------------

    def _hopeful(self) -> list[int]:
        return [c for c in self.shown if self.status[c] == HOPEFUL]

    def run(self) -> None:
        while True:
            hopeful = self._hopeful()
            vacancies = self.places - len(self.elected)
            if vacancies <= 0 or not hopeful:
                return
            if len(hopeful) <= vacancies:
                self._prepare()  # the tally after the last exclusion, to order them by
                self._tally()
                last = order_by_votes(
                    hopeful, self.votes, self.history, self.names, self.lot, _("order of election")
                )
                self._set_status(last, ELECTED)
                self.elected += last
                # Recorded as HOPEFUL: they are elected because no more are left.
                self._record(HOPEFUL, last, [], 0)
                return
            self._phase()

    def _phase(self) -> None:
        self._prepare()
        previous = None
        for iteration in range(1, MAX_ITERATIONS + 1):
            self._tally()
            reached = [c for c in self._hopeful() if self.votes[c] >= self.quota]
            if reached:
                reached = order_by_votes(
                    reached, self.votes, self.history, self.names, self.lot, _("order of election")
                )[: self.places - len(self.elected)]
                self._set_status(reached, ELECTED)
                self.elected += reached
                self._record(ELECTED, reached, [], iteration)
                return
            surplus = sum(max(self.votes[c] - self.quota, 0) for c in self.elected)
            if surplus < OMEGA or (previous is not None and surplus >= previous):
                break
            previous = surplus
            for c in self.elected:
                if self.votes[c] > 0:
                    updated = -(-self.keep[c] * self.quota // self.votes[c])
                    self.keep[c] = min(updated, SCALE)
        else:
            iteration = MAX_ITERATIONS
        hopeful = self._hopeful()
        bottom = min(self.votes[c] for c in hopeful)
        tied = [c for c in hopeful if self.votes[c] == bottom]
        loser = break_tie(
            tied, self.history, self.names, self.lot, highest=False, purpose=_("exclusion")
        )
        self.excluded.append(loser)
        self._set_status([loser], EXCLUDED)
        self._record(EXCLUDED, [], [loser], iteration)

    def _record(
        self, kind: int, elected: Sequence[int], excluded: Sequence[int], iterations: int
    ) -> None:
        """A round: `kind` is ELECTED, EXCLUDED, or HOPEFUL for the last ones elected
        because no more hopeful candidates are left than places."""
        self.history.append(list(self.votes))
        self.number += 1
        who = comma_list([self.names[c] for c in (*elected, *excluded)])
        self.rounds.append(
            CountRound(
                number=self.number,
                action=self.stage(_(_ACTIONS[kind]) % {"names": who}),
                votes={self.names[c]: scaled(self.votes[c], PLACES) for c in self.shown},
                transfers={
                    self.names[c]: scaled(self.votes[c] - self.before[c], PLACES)
                    for c in self.shown
                    if self.votes[c] != self.before[c] and self.number > 1
                },
                elected=tuple(self.names[c] for c in elected),
                excluded=tuple(self.names[c] for c in excluded),
                exhausted=scaled(self.excess, PLACES),
                note=_("quota %(quota)s; iterations %(iterations)d")
                % {"quota": scaled(self.quota, PLACES), "iterations": iterations},
            )
        )
        self.before = list(self.votes)


def count(
    ballots: RankedBallots, *, seats: int, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Count `ballots` by Meek STV for `seats` full seats and `alternates` alternates."""
    return count_with_alternates(
        _Count,
        ballots,
        seats=seats,
        alternates=alternates,
        seed=seed,
        method=METHOD,
        places=PLACES,
        headline=lambda quota, main: (
            _(
                "Meek STV (Algorithm 123, 10^-9 fixed point): final quota %(quota)s of "
                "%(valid)s for %(seats)s, %(rounds)s"
            )
            % {
                "quota": figure(quota),
                "valid": phrases.valid_ballots(main.valid_ballots),
                "seats": phrases.seats(seats),
                "rounds": phrases.rounds(len(main.rounds)),
            }
        ),
    )


__all__ = ["count"]
