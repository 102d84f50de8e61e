"""Seats for party lists by highest averages: D'Hondt and Sainte-Laguë (Webster).

Each seat in turn goes to the list with the highest quotient votes / divisor, where the
divisor depends on the seats the list already holds: 1, 2, 3, ... for D'Hondt and
1, 3, 5, ... for Sainte-Laguë. Quotients are exact fractions, never floats.

Threshold: an optional share of the valid votes (e.g. 1/20 for 5%); a list needs at least
that share to take part. Lists with no votes take no seat.

Ties: when lists tie on the highest quotient and enough seats remain for all of them, each
gets a seat (more votes first, then by name; the order changes nobody's total). When fewer
seats remain than tied lists, the lot decides which lists get them (rules.ties).

Alternates are not part of a list allocation: who sits for a list, and who steps up, is the
list's own order of names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from collegium.rules.elections import phrases
from collegium.rules.errors import RuleError
from collegium.rules.text import _, comma_list
from collegium.rules.ties import Lot, LotDraw


@dataclass(frozen=True)
class SeatAward:
    """Seat `seat` (1-based) went to `party` with quotient votes / divisor."""

    seat: int
    party: str
    votes: int
    divisor: int
    tied_with: tuple[str, ...] = ()

    @property
    def quotient(self) -> Fraction:
        return Fraction(self.votes, self.divisor)


@dataclass(frozen=True)
class ListAllocation:
    """Seats per list and how each seat was awarded."""

    method: str
    votes: Mapping[str, int]
    seats: Mapping[str, int]
    awards: tuple[SeatAward, ...]
    threshold: Fraction | None
    below_threshold: tuple[str, ...]
    lots: tuple[LotDraw, ...]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "votes": dict(self.votes),
            "seats": dict(self.seats),
            "threshold": None if self.threshold is None else str(self.threshold),
            "below_threshold": list(self.below_threshold),
            "awards": [
                {
                    "seat": a.seat,
                    "party": a.party,
                    "votes": a.votes,
                    "divisor": a.divisor,
                    "quotient": str(a.quotient),
                    "tied_with": list(a.tied_with),
                }
                for a in self.awards
            ],
            "lots": [
                {"purpose": d.purpose, "tied": list(d.tied), "chosen": d.chosen} for d in self.lots
            ],
            "explanation": self.explanation,
        }


def _d_hondt(held: int) -> int:
    return held + 1


def _sainte_lague(held: int) -> int:
    return 2 * held + 1


def highest_averages(
    method: str,
    divisor: Callable[[int], int],
    votes: Mapping[str, int],
    seats: int,
    *,
    threshold: Fraction | None = None,
    seed: str = "",
) -> ListAllocation:
    """Allocate `seats` among the lists by the given divisor sequence (module docstring)."""
    if seats < 1:
        raise RuleError(
            _("an allocation needs at least 1 seat, not %(seats)d") % {"seats": seats},
            rule="party-lists.seats",
        )
    if any(v < 0 for v in votes.values()):
        raise RuleError(_("a list cannot have negative votes"), rule="party-lists.votes")
    if threshold is not None and not 0 <= threshold < 1:
        raise RuleError(
            _("a threshold is a share from 0 up to 1, not %(threshold)s")
            % {"threshold": threshold},
            rule="party-lists.threshold",
        )
    total = sum(votes.values())
    share = threshold or Fraction(0)
    eligible = [
        p for p, v in votes.items() if v > 0 and v * share.denominator >= share.numerator * total
    ]
    below = tuple(p for p, v in votes.items() if v > 0 and p not in eligible)
    if not eligible:
        raise RuleError(
            _("no list has votes (above the threshold) to take a seat"),
            rule="party-lists.no-votes",
        )
    lot = Lot(seed)
    held = dict.fromkeys(votes, 0)
    awards: list[SeatAward] = []
    while len(awards) < seats:
        best = max(Fraction(votes[p], divisor(held[p])) for p in eligible)
        tied = [p for p in eligible if Fraction(votes[p], divisor(held[p])) == best]
        left = seats - len(awards)
        if len(tied) <= left:
            winners = sorted(tied, key=lambda p: (-votes[p], p))
        else:
            pool = list(tied)
            winners = []
            while len(winners) < left:
                purpose = _("%(method)s: equal quotient %(quotient)s for seat %(seat)d") % {
                    "method": method,
                    "quotient": best,
                    "seat": len(awards) + len(winners) + 1,
                }
                chosen = lot.draw(pool, purpose)
                winners.append(chosen)
                pool.remove(chosen)
        for party in winners:
            others = tuple(p for p in tied if p != party)
            awards.append(
                SeatAward(len(awards) + 1, party, votes[party], divisor(held[party]), others)
            )
            held[party] += 1
    values = {
        "method": method,
        "seats": phrases.seats(seats),
        "total": phrases.valid_votes(total),
        "summary": comma_list([f"{p} {held[p]}" for p in votes]),
        "threshold": threshold,
        "below": comma_list(below),
    }
    if below:
        explanation = (
            _(
                "%(method)s: %(seats)s from %(total)s: %(summary)s; "
                "below the %(threshold)s threshold: %(below)s."
            )
            % values
        )
    else:
        explanation = _("%(method)s: %(seats)s from %(total)s: %(summary)s.") % values
    return ListAllocation(
        method=method,
        votes=dict(votes),
        seats=held,
        awards=tuple(awards),
        threshold=threshold,
        below_threshold=below,
        lots=tuple(lot.draws),
        explanation=explanation,
    )


def d_hondt(
    votes: Mapping[str, int], seats: int, *, threshold: Fraction | None = None, seed: str = ""
) -> ListAllocation:
    """D'Hondt (Jefferson): divisors 1, 2, 3, ..."""
    return highest_averages("D'Hondt", _d_hondt, votes, seats, threshold=threshold, seed=seed)


def sainte_lague(
    votes: Mapping[str, int], seats: int, *, threshold: Fraction | None = None, seed: str = ""
) -> ListAllocation:
    """Sainte-Laguë (Webster): divisors 1, 3, 5, ..."""
    return highest_averages(
        "Sainte-Laguë", _sainte_lague, votes, seats, threshold=threshold, seed=seed
    )
