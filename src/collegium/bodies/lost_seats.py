"""Seats lost with a change of register status. A member who leaves the organization loses
every seat (a non-member holds none); a suspended member loses them only where the body's
standing orders in force say so (`suspension.vacates_seats`). Each seat goes through
actions.vacate_seat, so full seats pass to the first alternate and every step is
journaled, in the status change's own transaction and as its actor: the register's
actions are an admin's, and an admin manages every body's seats."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from collegium.bodies.actions import vacate_seat
from collegium.bodies.models import Seat, SeatRole
from collegium.bodies.orders import in_force_for
from collegium.journal.actors import Actor
from collegium.registry.models import MemberStatus, Organization
from collegium.registry.signals import StatusChange

# Alternates first, so that an alternate losing their own seat never steps up into a full
# seat another member loses in the same change.
_ORDER = {SeatRole.ALTERNATE: 0, SeatRole.CONSULTATIVE: 1, SeatRole.GUEST: 2, SeatRole.FULL: 3}


def vacate_lost_seats(
    sender: object,
    *,
    actor: Actor,
    organization: Organization,
    changes: list[StatusChange],
    **_kwargs: Any,
) -> None:
    """The receiver of registry.signals.member_status_changed."""
    losing = {
        change.member_id: change
        for change in changes
        if change.status in (MemberStatus.LEFT, MemberStatus.SUSPENDED)
    }
    if not losing:
        return
    # One query for every seat held, one for the orders of the bodies they are in: an
    # import may suspend thousands of members, most of whom hold no seat.
    seats = list(
        Seat.objects.filter(
            member_id__in=list(losing),
            vacated_on__isnull=True,
            body__organization=organization,
        ).select_related("body", "member")
    )
    if not seats:
        return
    orders = in_force_for({seat.body_id for seat in seats})
    seats.sort(
        key=lambda seat: (_ORDER[SeatRole(seat.role)], seat.body_id, seat.rank or 0, seat.pk)
    )
    for seat in seats:
        assert seat.member_id is not None
        change = losing[seat.member_id]
        if change.status is MemberStatus.SUSPENDED:
            in_force = orders.get(seat.body_id)
            rules = in_force.rules if in_force is not None else None
            if rules is None or not rules.suspension.vacates_seats:
                continue
        vacate_seat(
            actor=actor,
            seat=seat,
            reason=_reason(change),
            # A seat taken after the change ends the day it began.
            on=max(change.effective_on, seat.term_start or change.effective_on),
        )


def _reason(change: StatusChange) -> str:
    day = change.effective_on.isoformat()
    if change.status is MemberStatus.LEFT:
        return _("left the organization on %(date)s") % {"date": day}
    return _("suspended on %(date)s") % {"date": day}
