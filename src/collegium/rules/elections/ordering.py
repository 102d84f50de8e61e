"""Turning a best-first order with ties into elected candidates and ranked alternates.

Every method here ends the same way: candidates come in groups, best group first, equal
within a group. A tie is drawn by lot only where it decides something: who takes the last
seat, or the order of alternates. A tie wholly among elected candidates changes nobody's
seat, so those are listed by name without a lot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from collegium.rules.errors import RuleError
from collegium.rules.text import _
from collegium.rules.ties import Lot


def check_places(seats: int, alternates: int) -> None:
    if seats < 1:
        raise RuleError(
            _("an election needs at least 1 seat, not %(seats)d") % {"seats": seats},
            rule="election.seats",
        )
    if alternates < 0:
        raise RuleError(
            _("alternates cannot be negative (%(alternates)d)") % {"alternates": alternates},
            rule="election.alternates",
        )


def order_places(
    groups: Sequence[Sequence[str]], *, seats: int, places: int, lot: Lot, purpose: str
) -> list[str]:
    """The first `places` names of the groups, ties drawn by lot where they matter."""
    ordered: list[str] = []
    for group in groups:
        if len(ordered) >= places:
            break
        if len(ordered) + len(group) <= seats:
            ordered.extend(sorted(group))
            continue
        remaining = list(group)
        while remaining and len(ordered) < places:
            place = _("%(purpose)s: place %(place)d") % {
                "purpose": purpose,
                "place": len(ordered) + 1,
            }
            chosen = lot.draw(remaining, place)
            ordered.append(chosen)
            remaining.remove(chosen)
    return ordered


def groups_by_votes(votes: Mapping[str, int], *, minimum: int = 1) -> list[list[str]]:
    """Candidates grouped by equal votes, most votes first; below `minimum` left out."""
    levels = sorted({v for v in votes.values() if v >= minimum}, reverse=True)
    return [sorted(name for name, v in votes.items() if v == level) for level in levels]


def split_places(ordered: Sequence[str], seats: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(ordered[:seats]), tuple(ordered[seats:])
