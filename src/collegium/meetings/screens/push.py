"""The delegates' screens updated by the live event itself, for the entries a sitting makes
every few seconds: a request for the floor, its withdrawal, the next speaker, the clock.

After such an entry every open delegate's screen would otherwise re-fetch its fragment:
2,000 screens, 2,000 requests. Instead the stream attaches (live/attachments.py) what
changed on a delegate's screen, rendered from the shared state (state.py) with the same
partials as the page: the "now" panel, and the sentences of the floor panel for each seat
on the list, keyed by seat. screens.js puts the "now" panel in place and picks its own
seat's sentences; any other entry of the body still makes the screens re-fetch.

The roll's entries (checked in or out, an alternate stepping in or back) change nothing on
a delegate's screen but the screen of whom they concern, so they carry the seats
concerned (`roll_update`): the other screens do not re-fetch, and a check-in at the door
does not cost 2,000 requests.

These codes are for the organization's members (meetings/codes.py), the readers of a
sitting's screens; the stream sends the attachment only to readers of that audience."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from collegium.bodies.models import Seat
from collegium.journal.models import JournalEntry
from collegium.live.events import LiveEvent
from collegium.meetings.models import FloorRequest
from collegium.meetings.screens.clock import clock_of
from collegium.meetings.screens.state import ScreenState, Waiting, kind_label, screen_state

PUSHED_CODES = (
    "sitting.floor.asked",
    "sitting.floor.withdrawn",
    "sitting.speaker.called",
    "sitting.clock.changed",
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


def delegate_update(event: LiveEvent) -> dict[str, Any] | None:
    """The attachment of a floor entry (None when its request is gone)."""
    if event.object_type != "meetings.floorrequest" or not event.object_id.isdigit():
        return None
    found = (
        FloorRequest.objects.filter(pk=int(event.object_id))
        .values_list(
            "item__sitting__body__organization__slug",
            "item__sitting__body__slug",
            "item__sitting__number",
        )
        .first()
    )
    if found is None:
        return None
    state = screen_state(*found)
    return render_update(state)


def render_update(state: ScreenState) -> dict[str, Any]:
    now = timezone.now()
    context = {"state": state, "clock": clock_of(state.speech, now)}
    mine: dict[int, list[Waiting]] = {}
    for waiting in state.waiting:
        mine.setdefault(waiting.seat, []).append(waiting)
    return {
        "screen": SCREEN,
        "sitting": state.sitting_id,
        "head": state.head,
        "now": render_to_string("meetings/screens/_delegate_now.html", context),
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
