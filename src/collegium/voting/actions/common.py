"""What the vote actions share: the chain a vote's actions lock, reading a vote inside
the action, and the checks of its state."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from collegium.bodies.models import Seat, SeatRole
from collegium.rules.errors import RuleError
from collegium.voting.models import Vote, VoteState


def of_vote(argument: str) -> Any:
    """The chain of the organization whose vote `argument` is."""

    def chain_of(arguments: Mapping[str, Any]) -> int:
        vote: Vote = arguments[argument]
        return int(vote.sitting.body.organization_id)

    return chain_of


def fresh_vote(vote: Vote) -> Vote:
    """The vote as committed, read inside the action (the chain is locked)."""
    return Vote.objects.select_related(
        "sitting__body__organization", "sitting__orders", "election"
    ).get(pk=vote.pk)


def closed_refusal(vote: Vote) -> RuleError:
    return RuleError(
        _("Vote %(number)s is closed: no ballot is taken after the close.")
        % {"number": vote.number},
        rule="vote.closed",
    )


def check_vote_open(vote: Vote) -> None:
    if vote.state != VoteState.OPEN:
        raise closed_refusal(vote)


def full_seats_weight(body_id: int) -> Decimal:
    """The weights of a body's current full seats, summed: what a vote by weight counts as
    entitled (fixed when the vote opens)."""
    total = Seat.objects.filter(
        body_id=body_id, role=SeatRole.FULL, vacated_on__isnull=True
    ).aggregate(total=Sum("weight"))["total"]
    return total if total is not None else Decimal(0)
