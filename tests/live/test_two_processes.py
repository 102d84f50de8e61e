"""Two server processes on one database and one Redis: an action committed through one
reaches the pages served by the other (and by itself), filtered for each reader; an
action made by a command-line process, with no server and no event loop, too."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import redis
from bench.live_fanout import Setup, Subscriber, http_request

from tests.live.conftest import run_async


async def _subscribe(port: int, setup: Setup, role: str | None) -> Subscriber:
    session = setup.sessions[role] if role else None
    subscriber = Subscriber(port, f"/o/{setup.slug}/live/", session=session)
    subscriber.keep_messages = True
    subscriber.start()
    async with asyncio.timeout(10):
        await subscriber.ready.wait()
    assert subscriber.status == 200, subscriber.error
    return subscriber


async def _events_by_now(subscriber: Subscriber, count: int, timeout: float) -> list[str]:
    """The codes of the first `count` events, waiting at most `timeout` for them."""
    deadline = time.monotonic() + timeout
    while len([m for m in subscriber.messages if m.id]) < count:
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.01)
    return [m.event for m in subscriber.messages if m.id]


def test_an_action_through_one_process_reaches_the_other(two_servers):
    setup, (first, second) = two_servers

    async def scenario() -> tuple[dict[str, list[str]], float]:
        on_second = {
            role or "anonymous": await _subscribe(second.port, setup, role)
            for role in ("member", "admin", None)
        }
        on_first = await _subscribe(first.port, setup, "member")
        started = time.time()
        status, seat = await http_request(
            first.port,
            "POST",
            f"/api/organizations/{setup.slug}/bodies/{setup.body}/seats",
            headers={"Authorization": f"Bearer {setup.token}"},
            body={"role": "guest", "origin": "appointed", "guest_name": "Gina Guest"},
        )
        assert status == 201, seat
        member_codes = await _events_by_now(on_second["member"], 1, timeout=5)
        delay = on_second["member"].messages[-1].at - started if member_codes else float("inf")
        codes = {
            "second, member": member_codes,
            "second, admin": await _events_by_now(on_second["admin"], 1, timeout=2),
            "first, member": await _events_by_now(on_first, 1, timeout=2),
            # The seat is for members: a visitor hears nothing of it.
            "second, anonymous": await _events_by_now(on_second["anonymous"], 1, timeout=0.5),
        }
        for subscriber in [*on_second.values(), on_first]:
            await subscriber.close()
        return codes, delay

    codes, delay = run_async(scenario)
    assert codes == {
        "second, member": ["body.seat.assigned"],
        "second, admin": ["body.seat.assigned"],
        "first, member": ["body.seat.assigned"],
        "second, anonymous": [],
    }
    assert delay < 1.0, f"the event took {delay:.3f} s from the request to the other process"


def _database_files_open(pid: int) -> int:
    """How many descriptors the process holds on the SQLite database: one a connection."""
    held = 0
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            held += os.readlink(descriptor).endswith("collegium.sqlite3")
    return held


def test_open_pages_hold_no_database_connection(two_servers):
    """Each request keeps a thread of its own under ASGI, and a thread its connection:
    the stream closes its connections after each query, or 100 open pages would use up
    PostgreSQL's connections."""
    setup, (first, _second) = two_servers
    pid = first.process.pid

    async def scenario() -> tuple[int, int]:
        before = _database_files_open(pid)
        pages = [await _subscribe(first.port, setup, role) for role in ["member", "admin"] * 10]
        during = _database_files_open(pid)
        for page in pages:
            await page.close()
        return before, during

    before, during = run_async(scenario)
    assert during <= before + 1, (before, during)


def test_the_servers_let_go_of_closed_pages(two_servers):
    """A page that goes away ends its subscription; a process without pages holds no
    Redis subscription."""
    setup, (first, second) = two_servers
    admin = redis.Redis.from_url(setup.redis_url)

    def subscribed() -> int:
        return int(admin.pubsub_numsub(setup.channel)[0][1])

    async def scenario() -> tuple[int, int]:
        pages = [await _subscribe(server.port, setup, "member") for server in (first, second)]
        while_open = subscribed()
        for page in pages:
            await page.close()
        deadline = time.monotonic() + 5
        while subscribed() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return while_open, subscribed()

    try:
        assert run_async(scenario) == (2, 0)
    finally:
        admin.close()


ACTION_IN_A_SCRIPT = """
import django
django.setup()
from collegium.journal.actors import OPERATOR_CLI
from collegium.registry.actions import register_member
from collegium.registry.models import Organization
organization = Organization.objects.get(slug="live-union")
register_member(actor=OPERATOR_CLI, organization=organization, number="CLI-1", name="Carl Cli")
"""


def test_an_action_in_a_command_line_process_reaches_the_servers(two_servers):
    """No server and no event loop in the acting process: its bus sends before it exits."""
    setup, (first, second) = two_servers

    async def scenario() -> dict[str, list[str]]:
        admin = await _subscribe(second.port, setup, "admin")
        member = await _subscribe(first.port, setup, "member")
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", ACTION_IN_A_SCRIPT],
            env=setup.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        codes = {
            "admin": await _events_by_now(admin, 1, timeout=5),
            # register.* is for the organization's staff only.
            "member": await _events_by_now(member, 1, timeout=0.5),
        }
        await admin.close()
        await member.close()
        return codes

    assert run_async(scenario) == {"admin": ["register.member.added"], "member": []}
