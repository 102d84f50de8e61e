"""Lists of speakers: asking for the floor and withdrawing, the chair giving it (to a
guest, say), calling the next speaker in the order the orders give, and the clock.
The rules (rules.procedure.speakers) check requests, order the list and say how long a
speaker may speak; this stores, journals and keeps the clock."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.models import Seat, SeatRole
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import (
    check_item_open,
    check_open,
    fresh_item,
    of_sitting,
    own_seat,
    require_chair,
    seat_of_body,
)
from collegium.meetings.models import AgendaItem, FloorRequest, RequestState
from collegium.meetings.queries import (
    as_request,
    present_seats,
    rules_of,
    speakers_list,
    spoken_seconds,
    time_for,
)
from collegium.rules.errors import RuleError
from collegium.rules.procedure.speakers import RequestKind, Stance, check_request

# Orders a request not stored yet after every stored one, for the rules' checks.
NOT_STORED = 2**62


def _kind(kind: str) -> RequestKind:
    try:
        return RequestKind(kind)
    except ValueError:
        raise RuleError(
            _("Unknown kind of request %(kind)s; known: %(known)s.")
            % {"kind": kind, "known": ", ".join(k.value for k in RequestKind)},
            rule="speakers.kind",
        ) from None


def _stance(stance: str) -> Stance:
    try:
        return Stance(stance)
    except ValueError:
        raise RuleError(
            _("Unknown stance %(stance)s; known: for, against, neutral.") % {"stance": stance},
            rule="speakers.stance",
        ) from None


def _request(
    actor: Actor, item: AgendaItem, seat: Seat, kind: str, stance: str, by_chair: bool
) -> FloorRequest:
    sitting = item.sitting
    check_open(sitting)
    check_item_open(item)
    wanted_kind, wanted_stance = _kind(kind), _stance(stance)
    if seat.pk not in present_seats(sitting):
        raise RuleError(
            _("%(name)s is not checked in; only those present ask for the floor.")
            % {"name": seat.holder_name},
            rule="speakers.not-present",
        )
    if seat.role == SeatRole.GUEST and not by_chair:
        raise RuleError(
            _("A guest speaks only when the chair gives them the floor."),
            rule="speakers.guest",
        )
    listing = speakers_list(item, rules_of(sitting))
    row = FloorRequest(
        item=item,
        seat=seat,
        kind=wanted_kind,
        stance=wanted_stance,
        asked_at=timezone.now(),
        given_by_chair=by_chair,
        group=seat.origin_detail,
    )
    listed = [entry.request for entry in listing.entries]
    check_request(
        as_request(row, listing.groups, asked=NOT_STORED),
        listed,
        listing.history,
        listing.orders,
        listing.state,
    )
    row.save()
    record(
        "sitting.floor.asked",
        actor=actor,
        organization=sitting.body.organization,
        obj=row,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "item": item.number,
            "member": seat.holder_name,
            "request_kind": str(wanted_kind),
            "stance": str(wanted_stance),
            "by_chair": by_chair,
        },
    )
    return row


@action(chain=of_sitting("item"))
def ask_for_floor(
    *, actor: Actor, item: AgendaItem, kind: str = "contribution", stance: str = "neutral"
) -> FloorRequest:
    """A seat holder present asks for the floor on the open item (from their screen)."""
    item = fresh_item(item)
    return _request(actor, item, own_seat(actor, item.sitting), kind, stance, by_chair=False)


@action(chain=of_sitting("item"))
def give_floor(
    *,
    actor: Actor,
    item: AgendaItem,
    seat: int,
    kind: str = "contribution",
    stance: str = "neutral",
) -> FloorRequest:
    """The chair puts a seat holder on the list: a guest (who may speak only so), or a
    delegate asking from the hall."""
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    return _request(actor, item, seat_of_body(item.sitting, seat), kind, stance, by_chair=True)


@action(chain=of_sitting("item"))
def withdraw_request(*, actor: Actor, item: AgendaItem, request: int) -> None:
    """Withdraw a waiting request: the speaker their own, the chair any."""
    item = fresh_item(item)
    row = (
        FloorRequest.objects.filter(pk=request, item=item, state=RequestState.WAITING)
        .select_related("seat__member")
        .first()
    )
    if row is None:
        raise RuleError(
            _("No such request is waiting on item %(number)s.") % {"number": item.number},
            rule="speakers.no-request",
        )
    try:
        require_chair(actor, item.sitting)
    except RuleError:
        # Not the chair: only the speaker may withdraw, anyone else is refused as such.
        holder = row.seat.member
        if actor.user is None or holder is None or holder.user_id != actor.user.pk:
            raise
    FloorRequest.objects.filter(pk=row.pk).update(state=RequestState.WITHDRAWN)
    record(
        "sitting.floor.withdrawn",
        actor=actor,
        organization=item.sitting.body.organization,
        obj=row,
        body_id=item.sitting.body_id,
        payload={
            "sitting": item.sitting.number,
            "item": item.number,
            "member": row.seat.holder_name,
        },
    )


@action(chain=of_sitting("item"))
def withdraw_own(*, actor: Actor, item: AgendaItem) -> int:
    """A seat holder withdraws all their waiting requests on the item."""
    item = fresh_item(item)
    seat = own_seat(actor, item.sitting)
    waiting = list(FloorRequest.objects.filter(item=item, seat=seat, state=RequestState.WAITING))
    if not waiting:
        raise RuleError(
            _("%(name)s is not on the list of speakers.") % {"name": seat.holder_name},
            rule="speakers.no-request",
        )
    FloorRequest.objects.filter(pk__in=[r.pk for r in waiting]).update(state=RequestState.WITHDRAWN)
    record(
        "sitting.floor.withdrawn",
        actor=actor,
        organization=item.sitting.body.organization,
        obj=waiting[0],
        body_id=item.sitting.body_id,
        payload={"sitting": item.sitting.number, "item": item.number, "member": seat.holder_name},
    )
    return len(waiting)


def finish_speech(speech: FloorRequest, now: datetime.datetime) -> int:
    """End a speech: the clock stops and what was spoken is kept. Returns the seconds."""
    seconds = spoken_seconds(speech, now)
    FloorRequest.objects.filter(pk=speech.pk).update(
        state=RequestState.DONE, spoken_seconds=seconds, clock_since=None, ended_at=now
    )
    return seconds


def _speaking(item: AgendaItem) -> FloorRequest:
    found = (
        FloorRequest.objects.filter(item=item, state=RequestState.SPEAKING)
        .select_related("seat__member")
        .first()
    )
    if found is None:
        raise RuleError(_("Nobody has the floor."), rule="speakers.nobody-speaking")
    return found


def _clock(actor: Actor, item: AgendaItem, speech: FloorRequest, clock: str, seconds: int) -> None:
    record(
        "sitting.clock.changed",
        actor=actor,
        organization=item.sitting.body.organization,
        obj=speech,
        body_id=item.sitting.body_id,
        payload={
            "sitting": item.sitting.number,
            "item": item.number,
            "member": speech.seat.holder_name,
            "clock": clock,
            "spoken_seconds": seconds,
        },
    )


@action(chain=of_sitting("item"))
def call_next_speaker(*, actor: Actor, item: AgendaItem) -> FloorRequest:
    """The chair calls the next speaker: the speech under way ends; the first of the
    list, in the order the orders give, gets the floor with the time they allow (the
    sentence why is journaled and shown). The clock starts at once."""
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    check_open(item.sitting)
    check_item_open(item)
    now = timezone.now()
    current = FloorRequest.objects.filter(item=item, state=RequestState.SPEAKING).first()
    if current is not None:
        finish_speech(current, now)
    rules = rules_of(item.sitting)
    listing = speakers_list(item, rules)
    if not listing.entries:
        raise RuleError(_("Nobody is waiting to speak."), rule="speakers.list-empty")
    entry = listing.entries[0]
    allowed = time_for(listing, entry, rules)
    row = listing.request(entry)
    FloorRequest.objects.filter(pk=row.pk).update(
        state=RequestState.SPEAKING, called_at=now, clock_since=now, allowed_seconds=allowed.seconds
    )
    explanation = f"{entry.explanation} {allowed.explanation(row.seat.holder_name)}"
    record(
        "sitting.speaker.called",
        actor=actor,
        organization=item.sitting.body.organization,
        obj=row,
        body_id=item.sitting.body_id,
        payload={
            "sitting": item.sitting.number,
            "item": item.number,
            "member": row.seat.holder_name,
            "request_kind": row.kind,
            "allowed_seconds": allowed.seconds,
            "explanation": explanation,
        },
    )
    return FloorRequest.objects.get(pk=row.pk)


@action(chain=of_sitting("item"))
def pause_clock(*, actor: Actor, item: AgendaItem) -> FloorRequest:
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    speech = _speaking(item)
    if speech.clock_since is None:
        raise RuleError(_("The clock is not running."), rule="speakers.clock")
    seconds = spoken_seconds(speech)
    FloorRequest.objects.filter(pk=speech.pk).update(spoken_seconds=seconds, clock_since=None)
    _clock(actor, item, speech, "paused", seconds)
    return FloorRequest.objects.get(pk=speech.pk)


@action(chain=of_sitting("item"))
def start_clock(*, actor: Actor, item: AgendaItem) -> FloorRequest:
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    speech = _speaking(item)
    if speech.clock_since is not None:
        raise RuleError(_("The clock is running already."), rule="speakers.clock")
    FloorRequest.objects.filter(pk=speech.pk).update(clock_since=timezone.now())
    _clock(actor, item, speech, "started", speech.spoken_seconds)
    return FloorRequest.objects.get(pk=speech.pk)


@action(chain=of_sitting("item"))
def end_speech(*, actor: Actor, item: AgendaItem) -> FloorRequest:
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    speech = _speaking(item)
    seconds = finish_speech(speech, timezone.now())
    _clock(actor, item, speech, "stopped", seconds)
    return FloorRequest.objects.get(pk=speech.pk)
