"""The server-sent-events endpoint, in-process (Django's AsyncClient speaks ASGI): what
each reader receives, the format, heartbeats, rescoping, falling behind."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.test import AsyncClient, Client

from collegium.access.visibility import PUBLIC_SCOPE, ReaderScope
from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.codes import Audience
from collegium.live import bus as live_bus
from collegium.live import stream
from collegium.live.events import LiveEvent
from collegium.registry.actions import change_member_status
from collegium.registry.models import Member, MemberStatus
from tests.live.conftest import event, run_async

# Committed data: the scenarios run on an event loop in another thread (run_async).
pytestmark = pytest.mark.django_db(transaction=True)

URL = "/o/test-union/live/"


def frames_of(chunk: bytes) -> list[dict[str, str]]:
    """SSE blocks as dicts of their fields; a comment becomes {"comment": …}."""
    frames = []
    for block in chunk.decode().split("\n\n"):
        if not block:
            continue
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            fields[name or "comment"] = value.removeprefix(" ")
        frames.append(fields)
    return frames


class Stream:
    """An open stream through the AsyncClient; reads frame by frame."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.chunks: AsyncIterator[bytes] = aiter(response.streaming_content)

    async def next_frame(self, timeout: float = 5.0) -> dict[str, str]:
        async with asyncio.timeout(timeout):
            chunk = await anext(self.chunks)
        (frame,) = frames_of(chunk)
        return frame

    async def until(self, sequence: int) -> list[dict[str, str]]:
        """Frames up to and including the event with `sequence`."""
        frames = []
        while True:
            frame = await self.next_frame()
            frames.append(frame)
            if frame.get("id", "").endswith(f":{sequence}"):
                return frames

    async def close(self) -> None:
        await self.chunks.aclose()  # type: ignore[attr-defined]


async def open_stream(user: User | None, url: str = URL) -> Stream:
    client = AsyncClient()
    if user is not None:
        await client.aforce_login(user)
    response = await client.get(url)
    assert response.status_code == 200
    opened = Stream(response)
    hello = await opened.next_frame()
    assert hello["event"] == "live.hello"
    return opened


def sequences(frames: list[dict[str, str]]) -> list[int]:
    return [int(f["id"].rsplit(":", 1)[1]) for f in frames if "id" in f]


def test_each_reader_gets_only_what_they_may_see(org, memory_bus):
    committee = org.committee.pk
    batch = [
        event(1, audience="public", code="body.orders.adopted", body_id=committee),
        event(2, audience="members", code="body.seat.assigned", body_id=committee),
        event(3, audience="organization-staff", code="register.member.added"),
        event(4, audience="body-staff", code="body.secretary.added", body_id=committee),
        event(5, audience="body-staff", code="body.secretary.added", body_id=committee + 1000),
        event(6, audience="public", code="body.created"),
        event(7, audience="public", code="body.created", chain="another-union"),
    ]
    readers = {
        "anonymous": None,
        "outsider": org.outsider,
        "member": org.member_user,
        "secretary": org.secretary,
        "admin": org.admin,
    }

    async def scenario() -> dict[str, list[int]]:
        seen = {}
        for name, user in readers.items():
            opened = await open_stream(user)
            live_bus.publish(batch)
            seen[name] = sequences(await opened.until(6))
            await opened.close()
        return seen

    seen = run_async(scenario)
    assert seen == {
        "anonymous": [1, 6],
        "outsider": [1, 6],
        "member": [1, 2, 6],  # register.* (organization-staff) never reaches a member
        "secretary": [1, 2, 3, 4, 6],  # only their own body's staff entries
        "admin": [1, 2, 3, 4, 5, 6],
    }


def test_the_installation_stream_is_for_operators(org, memory_bus):
    operator = User.objects.create_superuser("root", password="x" * 12)
    batch = [
        event(1, chain="@installation", audience="operators", code="access.account.created"),
        event(2, chain="@installation", audience="public", code="organization.created"),
        event(3, chain="test-union", audience="public", code="body.created"),
    ]

    async def scenario() -> dict[str, list[int]]:
        seen = {}
        for name, user in {"operator": operator, "admin": org.admin, "anonymous": None}.items():
            opened = await open_stream(user, "/live/")
            live_bus.publish(batch)
            seen[name] = sequences(await opened.until(2))
            await opened.close()
        return seen

    assert run_async(scenario) == {"operator": [1, 2], "admin": [2], "anonymous": [2]}


def test_the_stream_format(org, memory_bus):
    sent = event(7, audience="public", code="body.seat.vacated", body_id=org.committee.pk)

    async def scenario() -> tuple[Any, dict[str, str], dict[str, str]]:
        client = AsyncClient()
        response = await client.get(URL)
        opened = Stream(response)
        hello = await opened.next_frame()
        live_bus.publish([sent])
        frame = await opened.next_frame()
        await opened.close()
        return response, hello, frame

    response, hello, frame = run_async(scenario)
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    assert hello["retry"] == str(stream.RETRY_MILLISECONDS)
    codes = json.loads(hello["data"])["codes"]
    assert "body.seat.vacated" in codes and "register.member.added" in codes
    assert frame == {
        "id": "test-union:7",
        "event": "body.seat.vacated",
        "data": sent.to_json(),
    }
    assert LiveEvent.from_json(frame["data"]) == sent


def test_a_quiet_stream_sends_heartbeats(org, memory_bus, monkeypatch):
    monkeypatch.setattr(stream, "HEARTBEAT_SECONDS", 0.05)

    async def scenario() -> list[dict[str, str]]:
        opened = await open_stream(None)
        frames = [await opened.next_frame(), await opened.next_frame()]
        await opened.close()
        return frames

    assert run_async(scenario) == [{"comment": "ping"}] * 2


def test_unknown_organizations_and_wsgi(org, memory_bus):
    async def unknown() -> int:
        response = await AsyncClient().get("/o/no-such-union/live/")
        return int(response.status_code)

    assert run_async(unknown) == 404

    # The WSGI test server cannot stream: 204 tells an EventSource not to reconnect.
    async def over_wsgi() -> tuple[int, int]:
        got = await sync_to_async(lambda: Client().get(URL))()
        posted = await sync_to_async(lambda: Client().post(URL))()
        return got.status_code, posted.status_code

    assert run_async(over_wsgi) == (204, 405)


def test_a_reader_who_falls_behind_is_told_to_reload(org, memory_bus):
    async def scenario() -> tuple[list[dict[str, str]], int]:
        opened = await open_stream(org.admin)
        # Published while the stream is not being read: more than its queue holds.
        live_bus.publish([event(n, audience="public") for n in range(1, 1001)])
        frames = []
        async with asyncio.timeout(5):
            async for chunk in opened.chunks:
                frames.extend(frames_of(chunk))
        return frames, live_bus.get_bus().subscriber_count()

    frames, subscribers = run_async(scenario)
    assert [f["event"] for f in frames] == ["live.reload"]
    assert json.loads(frames[0]["data"]) == {"code": "live.reload", "reason": "overflow"}
    assert subscribers == 0


def test_a_suspended_member_stops_receiving_at_once(org, memory_bus):
    def seat_guest(name: str) -> Callable[[], object]:
        return lambda: seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.GUEST,
            origin=SeatOrigin.APPOINTED,
            guest_name=name,
        )

    def suspend() -> object:
        return change_member_status(
            actor=SYSTEM, member=org.member, status=MemberStatus.SUSPENDED, reason="dues unpaid"
        )

    def commit(work: Callable[[], object]) -> Awaitable[object]:
        return sync_to_async(work)()  # committed, so the action publishes

    async def scenario() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        member = await open_stream(org.member_user)
        admin = await open_stream(org.admin)
        await commit(seat_guest("First Guest"))
        await commit(suspend)
        await commit(seat_guest("Second Guest"))
        live_bus.publish([event(10_000, audience="public", code="body.created")])
        seen = await member.until(10_000), await admin.until(10_000)
        await member.close()
        await admin.close()
        return seen

    member_frames, admin_frames = run_async(scenario)
    assert [f["event"] for f in admin_frames] == [
        "body.seat.assigned",
        "register.member.status_changed",
        "body.seat.assigned",
        "body.created",
    ]
    # Before the suspension the member saw the seat; after it, public entries only.
    assert [f["event"] for f in member_frames] == ["body.seat.assigned", "body.created"]
    assert member_frames[0]["id"] == admin_frames[0]["id"]


def test_the_scope_is_recomputed_periodically(org, memory_bus, monkeypatch):
    """A change that journals nothing the stream can see (here: a status written
    directly) still takes effect within the rescoping interval."""
    monkeypatch.setattr(stream, "RESCOPE_SECONDS", 0.05)
    monkeypatch.setattr(stream.scopes, "max_age", 0.0)

    async def scenario() -> tuple[list[int], list[int]]:
        opened = await open_stream(org.member_user)
        live_bus.publish([event(1)])
        before = sequences(await opened.until(1))
        await sync_to_async(
            lambda: Member.objects.filter(pk=org.member.pk).update(status=MemberStatus.LEFT)
        )()
        await asyncio.sleep(0.3)
        live_bus.publish([event(2), event(3, audience="public")])
        after = sequences(await opened.until(3))
        await opened.close()
        return before, after

    assert run_async(scenario) == ([1], [3])


def test_signing_out_ends_what_a_session_may_see(org, memory_bus, monkeypatch):
    monkeypatch.setattr(stream, "RESCOPE_SECONDS", 0.05)
    monkeypatch.setattr(stream.scopes, "max_age", 0.0)

    async def scenario() -> list[int]:
        client = AsyncClient()
        await client.aforce_login(org.admin)
        opened = Stream(await client.get(URL))
        await opened.next_frame()
        await client.alogout()
        await asyncio.sleep(0.3)
        live_bus.publish([event(1), event(2, audience="public")])
        seen = sequences(await opened.until(2))
        await opened.close()
        return seen

    assert run_async(scenario) == [2]


def test_odd_requests_are_refused_or_ignored(org, memory_bus):
    """A NUL byte in the slug or query (refused by the project's NUL check), an unknown or
    huge slug, a huge or malformed Last-Event-ID: 400, 404 or an ordinary stream, never
    500; an anonymous reader of the installation stream gets the public scope."""

    async def status(url: str, **headers: str) -> int:
        response = await AsyncClient(raise_request_exception=False).get(url, headers=headers)
        if response.status_code == 200:
            await aiter(response.streaming_content).aclose()  # type: ignore[attr-defined]
        return int(response.status_code)

    async def scenario() -> list[int]:
        return [
            await status("/o/test%00union/live/"),
            await status("/o/" + "x" * 5000 + "/live/"),
            await status(URL, **{"Last-Event-ID": "\x01" + "9" * 100_000}),
            await status(URL + "?" + "a=%00&" * 20),
            await status(URL + "?" + "a=1&" * 5000),
            await status("/live/", **{"Last-Event-ID": "@installation:-1"}),
        ]

    assert run_async(scenario) == [400, 404, 200, 400, 400, 200]


def test_a_role_change_is_not_answered_by_an_older_scope_computation(org, memory_bus):
    """A scope asked for after a role change's sequence is computed afresh, not taken
    from a computation begun before (which may have read the roles before the change)."""
    calls: list[int] = []

    def scopes_of(user_ids: Collection[int]) -> Any:
        calls.append(1)
        time.sleep(0.2)
        return dict.fromkeys(user_ids, PUBLIC_SCOPE)

    cache = stream.ScopeCache()
    reader = stream.Reader(org.admin.pk, None)  # signed in; who does not matter here

    async def scenario() -> None:
        earlier = asyncio.ensure_future(cache.get("test-union", reader, scopes_of))
        await asyncio.sleep(0.05)
        await cache.get("test-union", reader, scopes_of, after_sequence=5)
        await earlier

    run_async(scenario)
    assert len(calls) == 2


def test_readers_asked_for_together_are_computed_together(org, memory_bus):
    """The scopes asked for while a computation runs are computed in the next one, all
    together (the 10,000 screens of a congress), each with its own answer."""
    calls: list[set[int]] = []

    def scopes_of(user_ids: Collection[int]) -> Any:
        calls.append(set(user_ids))
        time.sleep(0.1)
        return {u: PUBLIC_SCOPE if u == org.member_user.pk else wider for u in user_ids}

    wider = ReaderScope(frozenset({Audience.PUBLIC, Audience.MEMBERS}), frozenset())
    cache = stream.ScopeCache()
    admin = stream.Reader(org.admin.pk, None)
    member = stream.Reader(org.member_user.pk, None)
    signed_out = stream.Reader(org.admin.pk, "no-such-session")

    async def scenario() -> list[ReaderScope]:
        first = asyncio.ensure_future(cache.get("test-union", admin, scopes_of))
        await asyncio.sleep(0.02)  # the first computation runs; these wait for the next
        together = [
            asyncio.ensure_future(cache.get("test-union", reader, scopes_of))
            for reader in (member, signed_out, member, admin)
        ]
        return [await first, *await asyncio.gather(*together)]

    found = run_async(scenario)
    assert found == [wider, PUBLIC_SCOPE, PUBLIC_SCOPE, PUBLIC_SCOPE, wider]
    # The first computation, then one for the three readers asked meanwhile (the
    # signed-out session's user is not asked about).
    assert calls == [{org.admin.pk}, {org.admin.pk, org.member_user.pk}]


def test_checks_that_may_wait_are_gathered(org, memory_bus):
    """Periodic checks (`within`) wait for each other and are computed in one go; a
    request that may not wait (a stream opening) hurries the computation along."""
    calls: list[set[int]] = []

    def scopes_of(user_ids: Collection[int]) -> Any:
        calls.append(set(user_ids))
        return dict.fromkeys(user_ids, PUBLIC_SCOPE)

    cache = stream.ScopeCache(max_age=0.0)
    admin = stream.Reader(org.admin.pk, None)
    member = stream.Reader(org.member_user.pk, None)
    secretary = stream.Reader(org.secretary.pk, None)

    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        first = asyncio.ensure_future(cache.get("test-union", admin, scopes_of, within=30))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(cache.get("test-union", member, scopes_of, within=30))
        await asyncio.sleep(0.05)
        assert calls == []  # both wait for more
        await cache.get("test-union", secretary, scopes_of)  # may not wait
        await asyncio.gather(first, second)
        return loop.time() - started

    took = run_async(scenario)
    assert calls == [{org.admin.pk, org.member_user.pk, org.secretary.pk}]
    assert took < 5
