"""Lists of speakers: who may ask, the orders' limits, the order the Lenin-era rules give
with the sentences journaled with each called speaker, the clock and group budgets."""

from __future__ import annotations

import datetime

from django.utils import timezone

from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import FloorRequest, RequestState
from collegium.meetings.queries import speakers_list
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting
from tests.meetings.unchanged import refused


def _running(org: Org, preset: str = "lenin-era") -> Meeting:
    """Full members 1-5 and the guest present, agenda adopted, item 1 open."""
    m = meeting(org, preset)
    seats = [s.pk for s in m.full[:5]] + [m.guest.pk]
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=seats)
    actions.open_sitting(actor=m.chair, sitting=m.sitting)
    actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    actions.open_item(actor=m.chair, item=m.item("1"))
    return m


def _ask(m: Meeting, index: int, stance: str = "neutral", kind: str = "contribution") -> None:
    actions.ask_for_floor(actor=m.actor(m.full[index]), item=m.item("1"), kind=kind, stance=stance)


def _speak(m: Meeting, index: int, stance: str = "neutral", seconds: int = 0) -> None:
    """Full member `index` asks, is called, speaks `seconds` and ends."""
    _ask(m, index, stance)
    called = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert called.seat_id == m.full[index].pk
    if seconds:
        # The clock started `seconds` ago.
        FloorRequest.objects.filter(pk=called.pk).update(
            clock_since=timezone.now() - datetime.timedelta(seconds=seconds)
        )
    actions.end_speech(actor=m.chair, item=m.item("1"))


def test_who_may_ask_for_the_floor(org: Org) -> None:
    m = _running(org)
    refusal = refused("speakers.not-present", lambda: _ask(m, 6))
    assert str(refusal) == (
        "Full Member 7 is not checked in; only those present ask for the floor."
    )
    # A member holding a guest seat asks from their own screen: refused.
    guest_seat = seat_member(
        actor=SYSTEM,
        body=m.sitting.body,
        role=SeatRole.GUEST,
        origin=SeatOrigin.INVITED,
        member=org.member,
    )
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[guest_seat.pk])
    refused(
        "speakers.guest",
        lambda: actions.ask_for_floor(actor=Actor.page(org.member_user), item=m.item("1")),
    )
    refused(
        "sitting.no-seat",
        lambda: actions.ask_for_floor(actor=Actor.page(org.outsider), item=m.item("1")),
    )
    # The chair gives the guest the floor.
    given = actions.give_floor(actor=m.chair, item=m.item("1"), seat=m.guest.pk)
    assert given.given_by_chair
    asked = JournalEntry.objects.filter(code="sitting.floor.asked").order_by("-sequence")[0]
    assert (asked.payload["member"], asked.payload["by_chair"]) == ("Visiting Delegate", True)
    called = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert called.seat_id == m.guest.pk


def test_the_orders_limits_on_requests(org: Org) -> None:
    m = _running(org)
    _ask(m, 0)
    refused("speakers.already-listed", lambda: _ask(m, 0))
    refused("speakers.kind", lambda: _ask(m, 1, kind="filibuster"))
    refused("speakers.stance", lambda: _ask(m, 1, stance="maybe"))
    actions.withdraw_own(actor=m.actor(m.full[0]), item=m.item("1"))
    refused(
        "speakers.no-request",
        lambda: actions.withdraw_own(actor=m.actor(m.full[0]), item=m.item("1")),
    )
    # Lenin-era: two contributions per speaker per item.
    _speak(m, 0)
    _speak(m, 0)
    refusal = refused("speakers.contributions", lambda: _ask(m, 0))
    assert str(refusal) == (
        "The standing orders allow 2 contributions per speaker on this item; "
        "Full Member 1 has made 2."
    )
    refused(
        "speakers.list-empty", lambda: actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    )
    refused(
        "speakers.nobody-speaking", lambda: actions.pause_clock(actor=m.chair, item=m.item("1"))
    )


def test_once_the_list_is_closed_only_points_of_order(org: Org) -> None:
    m = _running(org)
    _ask(m, 0)
    decision = actions.close_list(actor=m.chair, item=m.item("1"), yes=4, no=1)
    assert decision.adopted
    refused("speakers.list-closed", lambda: _ask(m, 1))
    refused(
        "speakers.list-closed",
        lambda: actions.close_list(actor=m.chair, item=m.item("1"), yes=5, no=0),
    )
    _ask(m, 1, kind="point-of-order")
    first = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert (first.seat_id, first.kind) == (m.full[1].pk, "point-of-order")
    assert first.allowed_seconds == 60


def test_the_clock(org: Org) -> None:
    m = _running(org)
    _ask(m, 0)
    item = m.item("1")
    called = actions.call_next_speaker(actor=m.chair, item=item)
    assert called.clock_since is not None and called.allowed_seconds == 600
    refused("speakers.clock", lambda: actions.start_clock(actor=m.chair, item=item))
    actions.pause_clock(actor=m.chair, item=item)
    refused("speakers.clock", lambda: actions.pause_clock(actor=m.chair, item=item))
    actions.start_clock(actor=m.chair, item=item)
    ended = actions.end_speech(actor=m.chair, item=item)
    assert ended.state == RequestState.DONE and ended.clock_since is None
    clocks = JournalEntry.objects.filter(code="sitting.clock.changed").order_by("sequence")
    assert [e.payload["clock"] for e in clocks] == ["paused", "started", "stopped"]


def test_lenin_era_order_first_time_speakers_and_alternation_explained(org: Org) -> None:
    m = _running(org)
    _speak(m, 0, "for")
    _ask(m, 0, "for")  # a repeat speaker
    _ask(m, 1, "for")
    _ask(m, 2, "against")
    listing = speakers_list(m.item("1"))
    assert [e.request.name for e in listing.entries] == [
        "Full Member 3",
        "Full Member 2",
        "Full Member 1",
    ]
    assert [e.explanation for e in listing.entries] == [
        "Full Member 3 speaks before Full Member 2: against, after a speaker for.",
        "Full Member 2 speaks before Full Member 1: first time on this item.",
        "Full Member 1 is last on the list.",
    ]
    called = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert called.seat_id == m.full[2].pk
    entry = JournalEntry.objects.filter(code="sitting.speaker.called").order_by("-sequence")[0]
    assert entry.payload["member"] == "Full Member 3"
    assert entry.payload["explanation"] == (
        "Full Member 3 speaks before Full Member 2: against, after a speaker for. "
        "Full Member 3 may speak for 600 seconds, as the standing orders allow."
    )


def test_1956_practice_keeps_the_order_asked(org: Org) -> None:
    m = _running(org, "1956-practice")
    _ask(m, 1, "for")
    _ask(m, 2, "for")
    _ask(m, 3, "against")
    listing = speakers_list(m.item("1"))
    assert [e.request.name for e in listing.entries] == [
        "Full Member 2",
        "Full Member 3",
        "Full Member 4",
    ]
    assert listing.group_budget is None and listing.group_left == {}


def test_group_budgets_count_down_and_limit_the_time_allowed(org: Org) -> None:
    m = _running(org)  # lenin-era: 600 s per group per item; full 1, 3, 5 are "North"
    _speak(m, 0, seconds=500)
    listing = speakers_list(m.item("1"))
    assert listing.group_budget == 600
    assert listing.group_left["North"] == 100
    assert listing.group_left["South"] == 600
    _ask(m, 2)
    called = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert called.seat_id == m.full[2].pk and called.allowed_seconds == 100
    entry = JournalEntry.objects.filter(code="sitting.speaker.called").order_by("-sequence")[0]
    assert entry.payload["explanation"].endswith(
        "Full Member 3 may speak for 100 seconds: what is left of the group's time."
    )
    # A point of order is never counted against a group's time.
    actions.end_speech(actor=m.chair, item=m.item("1"))
    _ask(m, 4, kind="point-of-order")
    point = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert point.allowed_seconds == 60
