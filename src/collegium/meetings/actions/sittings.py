"""Convening, postponing, cancelling, opening and closing a sitting."""

from __future__ import annotations

import datetime

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import check_not_dissolved
from collegium.bodies.models import Body
from collegium.bodies.orders import orders_in_force
from collegium.journal.actions import action, organization_of, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import (
    check_status,
    fresh,
    of_sitting,
    require_chair,
)
from collegium.meetings.models import (
    AgendaItem,
    FloorRequest,
    ItemState,
    Presence,
    RequestState,
    Sitting,
    SittingStatus,
    StandingIn,
)
from collegium.meetings.queries import roll_state, rules_of
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates, texts
from collegium.rules.procedure.attendance import require_quorum

# A sitting still to come: it can be postponed, cancelled or opened.
TO_COME = (SittingStatus.CONVENED, SittingStatus.POSTPONED)


def _check_details(title: str, place: str, starts_at: datetime.datetime) -> None:
    texts.check_length(title, texts.NAME, _("The sitting's title"), "sitting.text-length")
    texts.check_length(place, texts.DETAIL, _("The sitting's place"), "sitting.text-length")
    if not title.strip():
        raise RuleError(_("A sitting needs a title."), rule="sitting.title")
    dates.check_window(
        timezone.localtime(starts_at).date(), timezone.localdate(), "sitting.starts-at"
    )


def _check_revision(sitting: Sitting, revision: int | None) -> None:
    if revision is not None and revision != sitting.revision:
        raise RuleError(
            _("The sitting changed since this form was made; look at it again and submit anew."),
            rule="sitting.stale-form",
        )


@action(chain=organization_of("body"))
def convene_sitting(
    *,
    actor: Actor,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    place: str = "",
    online: bool = False,
    agenda: list[tuple[str, str]] | None = None,
) -> Sitting:
    """Convene a sitting with its draft agenda: (title, kind) pairs, numbered 1, 2, …"""
    require(actor, Permission.RUN_SITTINGS, Context.of_body(body))
    body = Body.objects.select_related("organization").get(pk=body.pk)
    check_not_dissolved(body)
    _check_details(title, place, starts_at)
    number = (Sitting.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
    sitting = Sitting.objects.create(
        body=body, number=number, title=title, starts_at=starts_at, place=place, online=online
    )
    record(
        "sitting.convened",
        actor=actor,
        organization=body.organization,
        obj=sitting,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "sitting": number,
            "title": title,
            "starts_at": starts_at.isoformat(),
            "place": place,
            "online": online,
        },
    )
    # Imported here: agenda.py imports this module's TO_COME.
    from collegium.meetings.actions.agenda import add_item

    for item_title, kind in agenda or []:
        add_item(actor=actor, sitting=sitting, title=item_title, kind=kind)
    return sitting


@action(chain=of_sitting("sitting"))
def postpone_sitting(
    *,
    actor: Actor,
    sitting: Sitting,
    starts_at: datetime.datetime,
    reason: str,
    revision: int | None = None,
) -> Sitting:
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *TO_COME)
    _check_revision(sitting, revision)
    _check_reason(reason)
    _check_details(sitting.title, sitting.place, starts_at)
    Sitting.objects.filter(pk=sitting.pk).update(
        starts_at=starts_at,
        status=SittingStatus.POSTPONED,
        status_reason=reason,
        revision=F("revision") + 1,
    )
    record(
        "sitting.postponed",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload={
            "body": sitting.body.slug,
            "sitting": sitting.number,
            "starts_at": starts_at.isoformat(),
            "reason": reason,
        },
    )
    return fresh(sitting)


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise RuleError(_("Give the reason."), rule="sitting.reason")
    texts.check_length(reason, texts.NOTE, _("The reason"), "sitting.text-length")


@action(chain=of_sitting("sitting"))
def cancel_sitting(
    *, actor: Actor, sitting: Sitting, reason: str, revision: int | None = None
) -> Sitting:
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *TO_COME)
    _check_revision(sitting, revision)
    _check_reason(reason)
    Sitting.objects.filter(pk=sitting.pk).update(
        status=SittingStatus.CANCELLED, status_reason=reason, revision=F("revision") + 1
    )
    # Whoever had checked in at the door is checked out with the sitting.
    Presence.objects.filter(sitting=sitting, left_at__isnull=True).update(left_at=timezone.now())
    record(
        "sitting.cancelled",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload={"body": sitting.body.slug, "sitting": sitting.number, "reason": reason},
    )
    return fresh(sitting)


@action(chain=of_sitting("sitting"))
def open_sitting(*, actor: Actor, sitting: Sitting) -> Sitting:
    """Open the sitting: refused below quorum (`sitting.quorum`, with the numbers); binds
    the sitting to the orders in force now for the rest of it."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *TO_COME)
    rules = rules_of(sitting)
    quorum = require_quorum(roll_state(sitting, rules).votes, rules.quorum)
    in_force = orders_in_force(sitting.body)
    assert in_force is not None  # rules_of refused otherwise
    now = timezone.now()
    Sitting.objects.filter(pk=sitting.pk).update(
        status=SittingStatus.OPEN, opened_at=now, orders=in_force.version
    )
    record(
        "sitting.opened",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload={
            "body": sitting.body.slug,
            "sitting": sitting.number,
            "orders_version": in_force.version.version,
            "quorum": quorum.sentence,
        },
    )
    return fresh(sitting)


@action(chain=of_sitting("sitting"))
def close_sitting(*, actor: Actor, sitting: Sitting) -> Sitting:
    """Close the sitting: the speech under way ends, open items close, everyone present
    is checked out at this moment, stand-ins end."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, SittingStatus.OPEN)
    now = timezone.now()
    # Imported here: floor.py imports the common helpers this module shares.
    from collegium.meetings.actions.floor import finish_speech

    for speech in FloorRequest.objects.filter(
        item__sitting=sitting, state=RequestState.SPEAKING
    ).select_related("seat__member", "item"):
        finish_speech(speech, now)
    FloorRequest.objects.filter(item__sitting=sitting, state=RequestState.WAITING).update(
        state=RequestState.WITHDRAWN
    )
    AgendaItem.objects.filter(sitting=sitting, state=ItemState.OPEN).update(
        state=ItemState.CLOSED, closed_at=now
    )
    Presence.objects.filter(sitting=sitting, left_at__isnull=True).update(left_at=now)
    StandingIn.objects.filter(sitting=sitting, until__isnull=True).update(until=now)
    Sitting.objects.filter(pk=sitting.pk).update(
        status=SittingStatus.CLOSED, closed_at=now, current_item=None
    )
    record(
        "sitting.closed",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload={"body": sitting.body.slug, "sitting": sitting.number},
    )
    return fresh(sitting)
