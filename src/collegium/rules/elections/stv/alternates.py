"""Running an STV count with alternates, shared by Scottish and Meek STV.

The alternates come from a second count for seats + alternates places, with the full
members deemed elected at its first stage (they keep votes up to the new quota, so their
voters do not elect twice); the next candidates elected there are the alternates, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Protocol

from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.elections.stv.common import scaled
from collegium.rules.errors import RuleError
from collegium.rules.text import _, comma_list
from collegium.rules.ties import Lot


class CountBase:
    """What every STV count keeps, whatever its method: names, the ranking rows, the
    places to fill, the lot, and what it has elected, excluded and shown so far.

    `for_alternates` marks the second count, which ranks the alternates: its rounds say so.
    """

    def __init__(
        self,
        ballots: RankedBallots,
        *,
        places: int,
        lot: Lot,
        for_alternates: bool,
        first_number: int,
    ) -> None:
        self.names = ballots.candidates
        self.size = len(self.names)
        self.rankings = ballots.rankings
        self.weights = ballots.weights
        self.places = places
        self.lot = lot
        self.for_alternates = for_alternates
        self.number = first_number - 1
        self.shown = [c for c in range(self.size) if c not in ballots.withdrawn]
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.history: list[list[int]] = []
        self.rounds: list[CountRound] = []

    def stage(self, action: str) -> str:
        """A round's action, marked when it belongs to the count for the alternates."""
        if not self.for_alternates:
            return action
        # Translators: a round of the second count, the one that ranks the alternates.
        return _("alternates: %(action)s") % {"action": action}


class StvCount(Protocol):
    elected: list[int]
    rounds: list[CountRound]
    quota: int
    valid_ballots: int

    def run(self) -> None: ...


class StvCountFactory(Protocol):
    def __call__(
        self,
        ballots: RankedBallots,
        *,
        places: int,
        lot: Lot,
        deemed_elected: Sequence[int] = (),
        for_alternates: bool = False,
        first_number: int = 1,
    ) -> StvCount: ...


def count_with_alternates(
    make: StvCountFactory,
    ballots: RankedBallots,
    *,
    seats: int,
    alternates: int,
    seed: str,
    method: str,
    places: int,
    headline: Callable[[Decimal, StvCount], str],
) -> ElectionResult:
    """Count for `seats`, then rank `alternates`; `headline(quota, main count)` opens the
    explanation (the method's name and quota)."""
    if seats < 1:
        raise RuleError(_("an STV count needs at least one seat"), rule="stv.seats")
    if alternates < 0:
        raise RuleError(_("the number of alternates cannot be negative"), rule="stv.alternates")
    lot = Lot(seed)
    main = make(ballots, places=seats, lot=lot)
    main.run()
    rounds = list(main.rounds)
    alternate_names: tuple[str, ...] = ()
    if alternates:
        second = make(
            ballots,
            places=seats + alternates,
            lot=lot,
            deemed_elected=main.elected,
            for_alternates=True,
            first_number=len(rounds) + 1,
        )
        second.run()
        alternate_names = tuple(ballots.candidates[c] for c in second.elected[len(main.elected) :])
        rounds += second.rounds
    elected = tuple(ballots.candidates[c] for c in main.elected)
    quota = scaled(main.quota, places)
    values = {
        "headline": headline(quota, main),
        "elected": comma_list(elected),
        "alternates": comma_list(alternate_names),
    }
    if elected and alternate_names:
        explanation = _("%(headline)s; elected %(elected)s; alternates %(alternates)s.") % values
    elif elected:
        explanation = _("%(headline)s; elected %(elected)s.") % values
    elif alternate_names:
        explanation = _("%(headline)s; elected nobody; alternates %(alternates)s.") % values
    else:
        explanation = _("%(headline)s; elected nobody.") % values
    return ElectionResult(
        method=method,
        elected=elected,
        alternates=alternate_names,
        rounds=tuple(rounds),
        quota=quota,
        lots=tuple(lot.draws),
        explanation=explanation,
    )
