"""Delegates' screens updated by the live event itself.

After any entry of a sitting every open delegate's screen would otherwise re-fetch its
fragment: 2,000 screens, 2,000 requests, which two cores answer in many seconds. Instead
the stream attaches (live/attachments.py) what a delegate's screen shows, rendered from
the shared state (state.py) with the same partials as the page, once per server process,
entry and language: the status line, the "now" panel, whether an item is open and its
list closed, the agenda, and the floor panel's sentences for each seat on the list, keyed
by seat. screens.js puts them in place and picks its own seat's sentences (`sitting`
says which sitting's screens take it; the others need nothing).

What only the reader's own screen shows besides (present or not, hence the check-in
panel and the form to ask for the floor) changes only by an entry of the roll, which
carries the seats it concerns instead (`roll_update`): their screens re-fetch, no other.

Both go only to readers who may read the organization's members' entries, the readers of
a sitting's screens (registered with that audience in meetings/apps.py)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from collegium.bodies.models import Seat
from collegium.journal.models import JournalEntry
from collegium.live.events import LiveEvent
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    FloorRequest,
    Minutes,
    Report,
    Sitting,
)
from collegium.meetings.screens.clock import clock_of
from collegium.meetings.screens.state import (
    ScreenState,
    Waiting,
    item_kind_label,
    item_state_label,
    kind_label,
    screen_state,
    status_label,
)

ROLL_CODES = (
    "sitting.checked_in",
    "sitting.checked_out",
    "sitting.alternate.stepped_in",
    "sitting.alternate.stepped_back",
)
# What screens.js recognizes in an event's `attached`.
SCREEN = "delegate"
ROLL = "delegate-roll"

# The sitting an entry's object belongs to, by the object's type (journal object_type).
_SITTING_OF = {
    "meetings.sitting": (Sitting, "body__organization__slug", "body__slug", "number"),
    "meetings.agendaitem": (
        AgendaItem,
        "sitting__body__organization__slug",
        "sitting__body__slug",
        "sitting__number",
    ),
    "meetings.floorrequest": (
        FloorRequest,
        "item__sitting__body__organization__slug",
        "item__sitting__body__slug",
        "item__sitting__number",
    ),
    "meetings.report": (
        Report,
        "item__sitting__body__organization__slug",
        "item__sitting__body__slug",
        "item__sitting__number",
    ),
    "meetings.decision": (
        Decision,
        "sitting__body__organization__slug",
        "sitting__body__slug",
        "sitting__number",
    ),
    "meetings.minutes": (
        Minutes,
        "sitting__body__organization__slug",
        "sitting__body__slug",
        "sitting__number",
    ),
}


def screen_codes(codes: list[str]) -> list[str]:
    """Of the declared codes, those whose entries carry the delegates' update."""
    return [c for c in codes if c.startswith("sitting.") and c not in ROLL_CODES]


def delegate_update(event: LiveEvent) -> dict[str, Any] | None:
    """The attachment of a sitting's entry (None when its object is gone)."""
    known = _SITTING_OF.get(event.object_type)
    if known is None or not event.object_id.isdigit():
        return None
    model, *fields = known
    found = model._default_manager.filter(pk=int(event.object_id)).values_list(*fields).first()
    if found is None:
        return None
    organization_slug, body_slug, number = found
    return render_update(screen_state(str(organization_slug), str(body_slug), int(number)))


def render_update(state: ScreenState) -> dict[str, Any]:
    now = timezone.now()
    mine: dict[int, list[Waiting]] = {}
    for waiting in state.waiting:
        mine.setdefault(waiting.seat, []).append(waiting)
    return {
        "screen": SCREEN,
        "sitting": state.sitting_id,
        "head": state.head,
        "status": render_to_string(
            "meetings/screens/_delegate_status.html",
            {"state": state, "status_label": status_label(state.status)},
        ).strip(),
        "now": render_to_string(
            "meetings/screens/_delegate_now.html",
            {"state": state, "clock": clock_of(state.speech, now)},
        ),
        "floor": state.current is not None,
        "closed": state.current is not None and state.current.list_closed,
        "agenda": render_to_string(
            "meetings/screens/_delegate_agenda.html",
            {
                "agenda": [
                    (row, item_kind_label(row.kind), item_state_label(row.state))
                    for row in state.agenda
                ]
            },
        ),
        "speaking": state.speech.seat if state.speech is not None else None,
        # The floor panel's sentence for a seat not on the list, and for the speaker's.
        "waiting": _place(state, None, speaking=False),
        "speaker": _place(state, None, speaking=True),
        "places": {
            str(seat): _place(state, requests[0].place, speaking=False)
            for seat, requests in mine.items()
        },
        "mine": {
            str(seat): render_to_string(
                "meetings/screens/_delegate_mine.html",
                {"my_requests": [(w, kind_label(w.kind)) for w in requests]},
            )
            for seat, requests in mine.items()
        },
    }


def _place(state: ScreenState, place: int | None, *, speaking: bool) -> str:
    return render_to_string(
        "meetings/screens/_delegate_place.html",
        {"state": state, "place": place, "speaking": speaking},
    ).strip()


def roll_update(event: LiveEvent) -> dict[str, Any] | None:
    """The seats whose delegate's screen an entry of the roll changes: those checked in or
    out (their screen offers or stops offering the floor); none for a stand-in, which a
    delegate's screen does not show."""
    if event.object_type != "meetings.sitting" or not event.object_id.isdigit():
        return None
    if event.body_id is None:
        return None
    seats: list[int] = []
    if event.code in ("sitting.checked_in", "sitting.checked_out"):
        if event.count != 1:
            return None  # folded with others of its action: re-fetch
        payload = (
            JournalEntry.objects.filter(chain__key=event.chain, sequence=event.sequence)
            .values_list("payload", flat=True)
            .first()
        )
        members = payload.get("members") if isinstance(payload, dict) else None
        if not isinstance(members, list):
            return None
        seats = list(
            Seat.objects.filter(
                body_id=event.body_id,
                vacated_on__isnull=True,
                member__number__in=[str(m) for m in members],
            ).values_list("pk", flat=True)
        )
    return {"screen": ROLL, "sitting": int(event.object_id), "seats": seats}
