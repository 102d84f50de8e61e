"""The floor's entries carry the delegates' screens' update (screens/push.py), so 2,000 open
screens need not re-fetch: what the update holds, in the reader's language, and who
receives it on the live stream."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.utils import translation

from collegium.journal.models import JournalEntry
from collegium.live import bus as live_bus
from collegium.live import stream
from collegium.live.events import LiveEvent
from collegium.meetings import actions
from collegium.meetings.screens import push
from collegium.meetings.screens import state as screen_state_module
from tests.conftest import Org
from tests.live.conftest import event, memory_bus, run_async  # noqa: F401 (a fixture)
from tests.live.test_stream import Stream, open_stream
from tests.meetings.test_screens import running, seat_user


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    screen_state_module.forget_all()
    stream.attached_frames.clear()
    yield
    screen_state_module.forget_all()
    stream.attached_frames.clear()


def event_of(entry: JournalEntry) -> LiveEvent:
    """The live event the journal publishes for `entry` (journal/actions.py)."""
    return LiveEvent(
        chain=entry.chain.key,
        organization_id=entry.chain.organization_id,
        sequence=entry.sequence,
        code=entry.code,
        audience=entry.audience,
        body_id=entry.body_id,
        object_type=entry.object_type,
        object_id=entry.object_id,
    )


def last_event(code: str | None = None) -> LiveEvent:
    entries = JournalEntry.objects.select_related("chain").order_by("-sequence")
    entry = (entries.filter(code=code) if code else entries).first()
    assert entry is not None
    return event_of(entry)


@pytest.mark.django_db
def test_the_update_gives_each_seat_its_sentences(org: Org) -> None:
    m = running(org)
    first, second = m.full[0], m.full[1]
    actions.ask_for_floor(actor=m.actor(first), item=m.item("1"), stance="for")
    actions.ask_for_floor(actor=m.actor(second), item=m.item("1"), kind="point-of-order")
    update = push.delegate_update(last_event())
    assert update is not None
    assert update["screen"] == "delegate" and update["sitting"] == m.sitting.pk
    assert update["head"] == last_event().sequence
    assert "Item 1: Report of the Central Committee" in update["now"]
    assert update["speaking"] is None
    # The point of order goes to the head of the list.
    assert update["places"] == {
        str(second.pk): "You are 1st on the list of 2.",
        str(first.pk): "You are 2nd on the list of 2.",
    }
    assert "point of order: 1st on the list" in update["mine"][str(second.pk)]
    assert update["waiting"] == "2 speakers are waiting."

    actions.call_next_speaker(actor=m.chair, item=m.item("1"))
    update = push.delegate_update(last_event())
    assert update is not None
    assert update["speaking"] == second.pk
    assert update["speaker"] == "You have the floor."
    assert "Speaking now: <strong>Full Member 2</strong>" in update["now"]
    assert "data-clock" in update["now"]
    assert update["places"] == {str(first.pk): "You are 1st on the list of 1."}
    assert str(second.pk) not in update["mine"]


@pytest.mark.django_db
def test_the_update_is_in_the_readers_language(org: Org) -> None:
    m = running(org)
    actions.ask_for_floor(actor=m.actor(m.full[0]), item=m.item("1"))
    with translation.override("de"):
        update = push.delegate_update(last_event())
    assert update is not None
    assert "Punkt 1" in update["now"]
    assert "Liste" in update["places"][str(m.full[0].pk)]


@pytest.mark.django_db
def test_every_entry_of_a_sitting_has_an_update(org: Org) -> None:
    m = running(org)
    opened = push.delegate_update(last_event("sitting.item.opened"))
    assert opened is not None
    assert opened["floor"] is True and opened["closed"] is False
    assert (
        'aria-current="true"><strong>1</strong> Report of the Central Committee'
        in (opened["agenda"])
    )
    assert opened["status"] == ""  # open: no status line
    actions.close_item(actor=m.chair, item=m.item("1"))
    closed = push.delegate_update(last_event("sitting.item.closed"))
    assert closed is not None and closed["floor"] is False
    assert "aria-current" not in closed["agenda"]
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    update = push.delegate_update(last_event("sitting.closed"))
    assert update is not None and update["status"] == (
        '<p class="sitting-status">The sitting is closed.</p>'
    )
    # Every code of a sitting but the roll's has one, the roll's name seats instead.
    codes = set(JournalEntry.objects.values_list("code", flat=True))
    for code in codes:
        if code.startswith("sitting.") and code not in push.ROLL_CODES:
            assert push.delegate_update(last_event(code)) is not None, code


@pytest.mark.django_db
def test_unknown_objects_have_none() -> None:
    gone = LiveEvent("test-union", None, 1, "sitting.floor.asked", "members", None, "", "")
    assert push.delegate_update(gone) is None
    missing = LiveEvent(
        "test-union", None, 1, "sitting.floor.asked", "members", None, "meetings.floorrequest", "9"
    )
    assert push.delegate_update(missing) is None


@pytest.mark.django_db
def test_an_entry_of_the_roll_names_the_seats_it_concerns(org: Org) -> None:
    m = running(org)  # full members 1-4 and the first alternate present
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.full[5].pk, m.full[6].pk])
    update = push.roll_update(last_event("sitting.checked_in"))
    assert update is not None
    assert (update["screen"], update["sitting"]) == ("delegate-roll", m.sitting.pk)
    assert sorted(update["seats"]) == sorted([m.full[5].pk, m.full[6].pk])
    actions.check_out(actor=m.chair, sitting=m.sitting, seats=[m.full[0].pk])
    update = push.roll_update(last_event("sitting.checked_out"))
    assert update is not None and update["seats"] == [m.full[0].pk]
    # A stand-in shows on no delegate's screen: no screen re-fetches for it.
    stand_in = JournalEntry.objects.select_related("chain").filter(
        code__startswith="sitting.alternate."
    )
    assert stand_in.exists()
    assert push.roll_update(event_of(stand_in[0])) == {
        "screen": "delegate-roll",
        "sitting": m.sitting.pk,
        "seats": [],
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("memory_bus")
def test_the_stream_carries_the_update_to_members_only(org: Org) -> None:
    m = running(org)
    delegate = seat_user(m, 0)

    async def open_german() -> Stream:
        client = AsyncClient()
        client.cookies["django_language"] = "de"
        await client.aforce_login(seat_user(m, 1))
        response = await client.get("/o/test-union/live/")
        assert response.status_code == 200
        opened = Stream(response)
        assert (await opened.next_frame())["event"] == "live.hello"
        return opened

    # An entry of a sitting recorded for the public (as a body's transparency settings may
    # have a counter-report's): its update still goes to members only. (Read here: the
    # scenario's own thread must not open a connection of its own.)
    item = m.item("1")
    public = LiveEvent(
        "test-union",
        None,
        9_999,
        "sitting.report.registered",
        "public",
        item.sitting.body_id,
        "meetings.agendaitem",
        str(item.pk),
    )

    async def scenario() -> dict[str, list[dict[str, str]]]:
        readers = {
            "delegate": await open_stream(delegate),
            "german": await open_german(),
            "outsider": await open_stream(org.outsider),
            "anonymous": await open_stream(None),
        }
        await sync_to_async(
            lambda: actions.ask_for_floor(actor=m.actor(m.full[0]), item=m.item("1"))
        )()
        live_bus.publish([public, event(10_000, audience="public", code="body.created")])
        seen = {name: await opened.until(10_000) for name, opened in readers.items()}
        for opened in readers.values():
            await opened.close()
        return seen

    seen = run_async(scenario)
    for outside in ("anonymous", "outsider"):
        frames = seen[outside]
        assert [f["event"] for f in frames] == ["sitting.report.registered", "body.created"]
        assert "attached" not in json.loads(frames[0]["data"])
    assert json.loads(seen["delegate"][1]["data"])["attached"]["sitting"] == m.sitting.pk
    asked = json.loads(seen["delegate"][0]["data"])
    assert asked["code"] == "sitting.floor.asked"
    seat = str(m.full[0].pk)
    assert asked["attached"]["places"][seat] == "You are 1st on the list of 1."
    german = json.loads(seen["german"][0]["data"])
    assert german["sequence"] == asked["sequence"]
    assert "Liste" in german["attached"]["places"][seat]
    # Built once per language and entry, however many readers receive it.
    assert len(stream.attached_frames._frames) == 4
