"""The three live screens of a sitting: who may open each, the chair's controls and the
delegate's forms (each through an action, journaled, refusals shown), the countdown's
data attributes and the shared state's cache."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import FloorRequest, RequestState
from collegium.meetings.screens import state as screen_state_module
from collegium.meetings.screens.state import screen_state
from collegium.registry.actions import change_member_status
from collegium.registry.models import MemberStatus
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    screen_state_module.forget_all()
    yield
    screen_state_module.forget_all()


def running(org: Org) -> Meeting:
    """The sitting open with 4 full members and an alternate present, the agenda adopted
    and item 1 open."""
    m = meeting(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:4]])
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.alternates[0].pk])
    actions.open_sitting(actor=m.chair, sitting=m.sitting)
    actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    actions.open_item(actor=m.chair, item=m.item("1"))
    return m


def url(m: Meeting, name: str, control: str | None = None) -> str:
    args: list[object] = [m.org.organization.slug, m.org.committee.slug, m.sitting.number]
    if control is not None:
        args.append(control)
    return reverse(name, args=args)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def seat_user(m: Meeting, index: int) -> User:
    member = m.full[index].member
    assert member is not None and member.user is not None
    return member.user


def codes() -> list[str]:
    return list(JournalEntry.objects.order_by("sequence").values_list("code", flat=True))


# Who may open which screen ---------------------------------------------------------------


def test_chair_screen_is_for_the_secretariat(org: Org) -> None:
    m = running(org)
    for user in (org.secretary, org.admin):
        page = client_of(user).get(url(m, "sitting-chair"))
        assert page.status_code == 200
        assert "Report of the Central Committee" in page.content.decode()
        assert client_of(user).get(url(m, "sitting-chair-live")).status_code == 200
    for user in (org.member_user, seat_user(m, 0)):
        refused = client_of(user).get(url(m, "sitting-chair"))
        assert refused.status_code == 403
        assert "convening and running sittings" in refused.content.decode()
        assert client_of(user).get(url(m, "sitting-chair-live")).status_code == 403
    assert client_of(None).get(url(m, "sitting-chair")).status_code == 302


def test_delegate_screen_is_for_seat_holders(org: Org) -> None:
    m = running(org)
    page = client_of(seat_user(m, 0)).get(url(m, "sitting-delegate"))
    assert page.status_code == 200
    assert "Ask for the floor" in page.content.decode()
    for user in (org.member_user, org.secretary):
        refused = client_of(user).get(url(m, "sitting-delegate"))
        assert refused.status_code == 403
        assert "Only holders of a seat in Central Committee" in refused.content.decode()
        assert client_of(user).get(url(m, "sitting-delegate-live")).status_code == 403
    visitor = client_of(None).get(url(m, "sitting-delegate"))
    assert visitor.status_code == 302 and "/login" in visitor["Location"]


def test_a_suspended_holder_has_no_delegates_screen(org: Org) -> None:
    m = running(org)
    suspended = seat_user(m, 5)
    assert client_of(suspended).get(url(m, "sitting-delegate")).status_code == 200
    member = m.full[5].member
    assert member is not None
    change_member_status(
        actor=SYSTEM, member=member, status=MemberStatus.SUSPENDED, reason="dues unpaid"
    )
    screen_state_module.forget_all()
    state = screen_state(org.organization.slug, org.committee.slug, m.sitting.number)
    assert suspended.pk not in state.holders
    assert seat_user(m, 0).pk in state.holders
    assert client_of(suspended).get(url(m, "sitting-delegate")).status_code == 403


def test_projector_is_for_members_and_staff(org: Org) -> None:
    m = running(org)
    for user in (org.member_user, org.secretary, seat_user(m, 1)):
        assert client_of(user).get(url(m, "sitting-projector")).status_code == 200
        assert client_of(user).get(url(m, "sitting-projector-live")).status_code == 200
    refused = client_of(org.outsider).get(url(m, "sitting-projector"))
    assert refused.status_code == 403
    assert "projector screen is for the members" in refused.content.decode()
    assert client_of(None).get(url(m, "sitting-projector")).status_code == 302


def test_unknown_sitting_is_404(org: Org) -> None:
    m = running(org)
    missing = reverse("sitting-projector", args=[org.organization.slug, "cc", 99])
    assert client_of(org.secretary).get(missing).status_code == 404
    assert client_of(org.secretary).post(url(m, "sitting-chair-do", "dance")).status_code == 404


def test_screens_listen_to_the_bodys_live_events(org: Org) -> None:
    m = running(org)
    page = client_of(org.member_user).get(url(m, "sitting-projector")).content.decode()
    assert f'data-live-url="/o/{org.organization.slug}/live/"' in page
    assert (
        f"(detail.body_id=={org.committee.pk}&&!detail.applied"
        "&&!detail.code.startsWith('vote.'))||detail.code=='live.reload'" in page
    )
    assert f'hx-get="{url(m, "sitting-projector-live")}"' in page
    assert "collegium/screens.js" in page


# The chair's controls --------------------------------------------------------------------


def test_chair_runs_the_list_of_speakers(org: Org) -> None:
    m = running(org)
    chair = client_of(org.secretary)
    actions.ask_for_floor(actor=m.actor(m.full[1]), item=m.item("1"), stance="for")
    actions.ask_for_floor(actor=m.actor(m.full[2]), item=m.item("1"), stance="against")
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert "Full Member 2" in page and "Full Member 3" in page
    assert 'data-shortcut="n"' in page and "<kbd>N</kbd>" in page

    answer = chair.post(url(m, "sitting-chair-do", "next"))
    assert answer.status_code == 303 and answer["Location"] == url(m, "sitting-chair")
    assert codes()[-1] == "sitting.speaker.called"
    called = JournalEntry.objects.filter(code="sitting.speaker.called").last()
    assert called is not None
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert "Full Member 2 has the floor." in page  # the flash message
    assert str(called.payload["explanation"]).split(".")[0] in page

    chair.post(url(m, "sitting-chair-do", "pause"))
    assert codes()[-1] == "sitting.clock.changed"
    assert 'data-running="false"' in chair.get(url(m, "sitting-chair-live")).content.decode()
    chair.post(url(m, "sitting-chair-do", "start"))
    assert 'data-running="true"' in chair.get(url(m, "sitting-chair-live")).content.decode()
    chair.post(url(m, "sitting-chair-do", "end"))
    assert FloorRequest.objects.filter(state=RequestState.DONE).count() == 1
    payloads = JournalEntry.objects.filter(code="sitting.clock.changed").values_list(
        "payload", flat=True
    )
    assert [p["clock"] for p in payloads] == ["paused", "started", "stopped"]

    waiting = FloorRequest.objects.get(state=RequestState.WAITING)
    chair.post(url(m, "sitting-chair-do", "withdraw"), {"request": waiting.pk})
    assert FloorRequest.objects.get(pk=waiting.pk).state == RequestState.WITHDRAWN
    assert codes()[-1] == "sitting.floor.withdrawn"


def test_chair_gives_a_guest_the_floor(org: Org) -> None:
    m = running(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.guest.pk])
    chair = client_of(org.secretary)
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert f'<option value="{m.guest.pk}">Visiting Delegate' in page
    # Not present: not offered, and refused when sent anyway.
    assert f'<option value="{m.full[5].pk}"' not in page
    chair.post(
        url(m, "sitting-chair-do", "give-floor"),
        {"give-seat": m.guest.pk, "give-kind": "contribution", "give-stance": "neutral"},
    )
    request = FloorRequest.objects.get(seat=m.guest)
    assert request.given_by_chair and codes()[-1] == "sitting.floor.asked"
    live = chair.get(url(m, "sitting-chair-live")).content.decode()
    assert "Visiting Delegate" in live and "Withdraw Visiting Delegate" in live


def test_chair_closes_the_list_and_sees_the_decision(org: Org) -> None:
    m = running(org)
    chair = client_of(org.secretary)
    chair.post(
        url(m, "sitting-chair-do", "close-list"),
        {"hands-yes": "4", "hands-no": "1", "hands-abstain": "0"},
    )
    assert codes()[-1] == "sitting.list.decided"
    decision = JournalEntry.objects.filter(code="sitting.list.decided").last()
    assert decision is not None and decision.payload["adopted"] is True
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert str(decision.payload["explanation"]) in page
    assert "The list of speakers is closed: only points of order may be raised." in page


def test_chair_opens_and_closes_items(org: Org) -> None:
    m = running(org)
    chair = client_of(org.secretary)
    chair.post(url(m, "sitting-chair-do", "close-item"), {"item": "1"})
    assert codes()[-1] == "sitting.item.closed"
    assert "No item is open." in chair.get(url(m, "sitting-chair-live")).content.decode()
    chair.post(url(m, "sitting-chair-do", "open-item"), {"item": "2"})
    assert codes()[-1] == "sitting.item.opened"
    live = chair.get(url(m, "sitting-chair-live")).content.decode()
    assert "Item 2: Rules of procedure" in live
    assert re.search(r'aria-current="true">\s*<span><strong>2</strong>', live)


def test_chair_sees_refusals(org: Org) -> None:
    m = running(org)
    chair = client_of(org.secretary)
    before = codes()
    chair.post(url(m, "sitting-chair-do", "next"))
    assert codes() == before
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert 'role="alert">Nobody is waiting to speak.</p>' in page
    # Shown once: the next page load has it no more.
    again = chair.get(url(m, "sitting-chair")).content.decode()
    assert 'role="alert">Nobody is waiting to speak.</p>' not in again
    chair.post(url(m, "sitting-chair-do", "open-item"), {"item": "1"})
    assert "Item 1 is open already." in chair.get(url(m, "sitting-chair")).content.decode()
    chair.post(url(m, "sitting-chair-do", "close-list"), {"hands-yes": "x", "hands-no": "1"})
    page = chair.get(url(m, "sitting-chair")).content.decode()
    assert "Enter a whole number." in page
    assert codes() == before


def test_chair_controls_refuse_others(org: Org) -> None:
    m = running(org)
    actions.ask_for_floor(actor=m.actor(m.full[1]), item=m.item("1"))
    before = codes()
    member = client_of(seat_user(m, 0))
    assert member.post(url(m, "sitting-chair-do", "next")).status_code == 403
    assert client_of(None).post(url(m, "sitting-chair-do", "next")).status_code == 302
    assert codes() == before


# A delegate's screen ---------------------------------------------------------------------


def test_delegate_asks_sees_place_and_withdraws(org: Org) -> None:
    m = running(org)
    first, second = client_of(seat_user(m, 0)), client_of(seat_user(m, 1))
    answer = first.post(
        url(m, "sitting-delegate-do", "ask"), {"ask-kind": "contribution", "ask-stance": "for"}
    )
    assert answer.status_code == 303 and answer["Location"] == url(m, "sitting-delegate")
    assert codes()[-1] == "sitting.floor.asked"
    second.post(
        url(m, "sitting-delegate-do", "ask"),
        {"ask-kind": "contribution", "ask-stance": "against"},
    )
    assert "You are 1st on the list of 2." in first.get(url(m, "sitting-delegate")).content.decode()
    assert (
        "You are 2nd on the list of 2."
        in second.get(url(m, "sitting-delegate-live")).content.decode()
    )
    first.post(url(m, "sitting-delegate-do", "withdraw"))
    assert codes()[-1] == "sitting.floor.withdrawn"
    assert (
        "You are 1st on the list of 1."
        in second.get(url(m, "sitting-delegate-live")).content.decode()
    )
    page = first.get(url(m, "sitting-delegate")).content.decode()
    assert "Your request for the floor is withdrawn." in page
    assert "1 speaker is waiting." in page


def test_delegate_sees_refusals(org: Org) -> None:
    m = running(org)
    actions.close_list(actor=m.chair, item=m.item("1"), yes=5, no=0)
    delegate = client_of(seat_user(m, 0))
    before = codes()
    delegate.post(
        url(m, "sitting-delegate-do", "ask"), {"ask-kind": "contribution", "ask-stance": "for"}
    )
    assert codes() == before
    page = delegate.get(url(m, "sitting-delegate")).content.decode()
    assert (
        'role="alert">The list of speakers is closed: only points of order may be raised.' in page
    )
    # A point of order still goes.
    delegate.post(
        url(m, "sitting-delegate-do", "ask"),
        {"ask-kind": "point-of-order", "ask-stance": "neutral"},
    )
    assert codes()[-1] == "sitting.floor.asked"
    assert "You are 1st" in delegate.get(url(m, "sitting-delegate")).content.decode()


def test_delegate_checks_in(org: Org) -> None:
    m = running(org)
    absent = client_of(seat_user(m, 5))
    page = absent.get(url(m, "sitting-delegate")).content.decode()
    assert "You are not checked in." in page and "Ask for the floor" not in page
    absent.post(url(m, "sitting-delegate-do", "check-in"))
    assert codes()[-1] in {"sitting.checked_in", "sitting.alternate.stepped_back"}
    assert "sitting.checked_in" in codes()[-3:]
    page = absent.get(url(m, "sitting-delegate")).content.decode()
    assert "You are checked in." in page and "You are not checked in." not in page
    assert "Ask for the floor" in page


# The countdown ---------------------------------------------------------------------------


def _clock(page: str) -> dict[str, str]:
    found = re.search(r"<div class=\"clock[^\"]*\" data-clock ([^>]*)>", page)
    assert found is not None, page
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found.group(1)))


def test_countdown_is_rendered_for_the_browser(org: Org) -> None:
    m = running(org)
    actions.ask_for_floor(actor=m.actor(m.full[1]), item=m.item("1"))
    speech = actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    assert speech.allowed_seconds is not None
    projector = client_of(org.member_user)
    page = projector.get(url(m, "sitting-projector")).content.decode()
    clock = _clock(page)
    assert clock["allowed"] == str(speech.allowed_seconds)
    assert clock["running"] == "true"
    assert abs(int(clock["rendered-at"]) - time.time() * 1000) < 60_000
    assert 0 <= int(clock["spoken"]) <= 5
    minutes, seconds = divmod(speech.allowed_seconds - int(clock["spoken"]), 60)
    assert f">{minutes}:{seconds:02d}</span>" in page
    assert "Full Member 2" in page

    actions.pause_clock(actor=m.chair, item=m.item("1"))
    FloorRequest.objects.filter(pk=speech.pk).update(spoken_seconds=speech.allowed_seconds + 12)
    actions.start_clock(actor=m.chair, item=m.item("1"))
    actions.pause_clock(actor=m.chair, item=m.item("1"))
    clock = _clock(projector.get(url(m, "sitting-projector-live")).content.decode())
    assert clock["running"] == "false"
    assert int(clock["spoken"]) >= speech.allowed_seconds + 12
    live = projector.get(url(m, "sitting-projector-live")).content.decode()
    assert '<div class="clock over"' in live and ">-0:1" in live


def test_projector_shows_the_next_five(org: Org) -> None:
    m = running(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[4:]])
    for seat in m.full:
        actions.ask_for_floor(actor=m.actor(seat), item=m.item("1"))
    page = client_of(org.member_user).get(url(m, "sitting-projector-live")).content.decode()
    listed = re.findall(r"<li>(Full Member \d)", page)
    assert listed == [f"Full Member {n}" for n in range(1, 6)]
    assert "<form" not in page


# The shared state ------------------------------------------------------------------------


def test_state_is_shared_until_the_chain_moves(org: Org) -> None:
    m = running(org)
    slug = org.organization.slug
    first = screen_state(slug, "cc", m.sitting.number)
    assert screen_state(slug, "cc", m.sitting.number) is first
    assert first.waiting == ()
    actions.ask_for_floor(actor=m.actor(m.full[1]), item=m.item("1"))
    fresh = screen_state(slug, "cc", m.sitting.number)
    assert fresh is not first and fresh.head > first.head
    assert [w.name for w in fresh.waiting] == ["Full Member 2"]
    assert fresh.place_of(m.full[1].pk) == 1
    assert screen_state(slug, "cc", m.sitting.number) is fresh
    me = fresh.personal(seat_user(m, 1).pk)
    assert me is not None and me.present and me.place == 1
    assert fresh.personal(org.member_user.pk) is None


def test_state_cache_is_bounded(org: Org) -> None:
    m = running(org)
    slug = org.organization.slug
    for _ in range(3):
        actions.check_out(actor=m.chair, sitting=m.sitting, seats=[m.full[3].pk])
        screen_state(slug, "cc", m.sitting.number)
        actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.full[3].pk])
        screen_state(slug, "cc", m.sitting.number)
    # Older heads of the same sitting are dropped as newer ones are stored.
    assert len(screen_state_module._states) == 1
