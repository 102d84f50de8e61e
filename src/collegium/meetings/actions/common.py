"""What the meeting actions share: the chain a sitting's actions lock, the checks of a
sitting's state, and who the acting member is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.models import Seat
from collegium.journal.actors import Actor
from collegium.meetings.models import AgendaItem, ItemState, Sitting, SittingStatus
from collegium.rules.errors import RuleError


def of_sitting(argument: str) -> Any:
    """The chain of the organization whose sitting (or agenda item) `argument` is."""

    def chain_of(arguments: Mapping[str, Any]) -> int:
        value = arguments[argument]
        sitting = value.sitting if isinstance(value, AgendaItem) else value
        return int(sitting.body.organization_id)

    return chain_of


def require_chair(actor: Actor, sitting: Sitting) -> None:
    """The secretariat runs the sitting (convenes, keeps the roll, works the chair's
    screen): the body's secretaries and the organization's admins."""
    require(actor, Permission.RUN_SITTINGS, Context.of_body(sitting.body))


def fresh(sitting: Sitting) -> Sitting:
    """The sitting as committed, read inside the action (the chain is locked)."""
    return Sitting.objects.select_related("body__organization", "orders").get(pk=sitting.pk)


def fresh_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_related("sitting__body__organization", "sitting__orders").get(
        pk=item.pk
    )


def check_status(sitting: Sitting, *allowed: SittingStatus) -> None:
    if sitting.status not in allowed:
        raise RuleError(
            _("The sitting is %(status)s; this cannot be done now.")
            % {"status": sitting.get_status_display()},
            rule="sitting.status",
        )


def check_open(sitting: Sitting) -> None:
    if sitting.status != SittingStatus.OPEN:
        raise RuleError(
            _("The sitting is %(status)s; this needs an open sitting.")
            % {"status": sitting.get_status_display()},
            rule="sitting.not-open",
        )


def check_item_open(item: AgendaItem) -> None:
    if item.state != ItemState.OPEN:
        raise RuleError(
            _("Item %(number)s is not open.") % {"number": item.number},
            rule="sitting.item-not-open",
        )


def own_seat(actor: Actor, sitting: Sitting) -> Seat:
    """The current seat in the sitting's body of the member signed in as `actor`, or a
    refusal (`sitting.no-seat`): only seat holders act for themselves at a sitting."""
    seat = None
    if actor.user is not None:
        seat = (
            Seat.objects.filter(
                body=sitting.body,
                vacated_on__isnull=True,
                member__user=actor.user,
                member__status="active",
            )
            .select_related("member")
            .first()
        )
    if seat is None:
        raise RuleError(
            _("Only holders of a seat in %(body)s can do this.") % {"body": sitting.body.name},
            rule="sitting.no-seat",
        )
    return seat


def seat_of_body(sitting: Sitting, seat_id: int) -> Seat:
    seat = (
        Seat.objects.filter(pk=seat_id, body=sitting.body, vacated_on__isnull=True)
        .select_related("member")
        .first()
    )
    if seat is None:
        raise RuleError(
            _("Seat %(seat)s is not a current seat of %(body)s.")
            % {"seat": seat_id, "body": sitting.body.name},
            rule="sitting.unknown-seat",
        )
    return seat
