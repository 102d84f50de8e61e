"""Live-update fixtures: a bus per test (in-process or Redis, on a channel of its own, so
that concurrent test runs sharing one Redis never hear each other), and a listener that
subscribes on an event loop in its own thread, as a server's loop would."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from asgiref.sync import sync_to_async
from bench.live_fanout import Server, Setup, prepare, redis_reachable, servers
from django.db import connections

from collegium.live import bus as live_bus
from collegium.live.bus import Item, LiveBus, Reload
from collegium.live.events import LiveEvent

REDIS_URL = "redis://127.0.0.1:6379/0"


def event(
    sequence: int,
    *,
    chain: str = "test-union",
    code: str = "body.seat.vacated",
    audience: str = "members",
    body_id: int | None = None,
) -> LiveEvent:
    return LiveEvent(
        chain=chain,
        organization_id=None,
        sequence=sequence,
        code=code,
        audience=audience,
        body_id=body_id,
        object_type="bodies.seat",
        object_id=str(sequence),
    )


def _require_redis() -> None:
    """Skip without Redis on a developer's machine; under CI (which starts Redis) its
    absence is a failure, so the live tests can never pass by being skipped."""
    if redis_reachable(REDIS_URL):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Redis does not answer at {REDIS_URL}; CI must start it (.ci/run)")
    pytest.skip(f"Redis does not answer at {REDIS_URL}")


@pytest.fixture
def channel() -> str:
    return f"collegium:live:test:{uuid.uuid4().hex}"


@pytest.fixture
def redis_url() -> str:
    _require_redis()
    return REDIS_URL


@pytest.fixture
def memory_bus(settings: Any) -> Iterator[LiveBus]:
    """The process's bus, in-process (setting a live setting rebuilds the bus)."""
    settings.COLLEGIUM_LIVE_BACKEND = "memory"
    yield live_bus.get_bus()
    live_bus.reset_bus()


@pytest.fixture
def redis_bus(settings: Any, channel: str, redis_url: str) -> Iterator[LiveBus]:
    """The process's bus over Redis, on this test's own channel."""
    settings.COLLEGIUM_LIVE_BACKEND = "redis"
    settings.REDIS_URL = redis_url
    settings.COLLEGIUM_LIVE_CHANNEL = channel
    bus = live_bus.get_bus()
    assert bus.backend_name == "redis"
    yield bus
    live_bus.reset_bus()


@pytest.fixture(params=["memory", "redis"])
def any_bus(request: pytest.FixtureRequest) -> LiveBus:
    name = "memory_bus" if request.param == "memory" else "redis_bus"
    bus: LiveBus = request.getfixturevalue(name)
    return bus


class Listener:
    """A subscription held on an event loop in a thread of its own; collects what
    arrives. `with Listener(chain) as heard: ...; heard.wait_for(2)`."""

    def __init__(self, chain: str, bus: LiveBus | None = None, **subscribe: Any) -> None:
        self.chain = chain
        self.bus = bus
        self.subscribe = subscribe
        self.items: list[Item] = []
        self.changed = threading.Condition()
        self.ready = threading.Event()
        self.subscribed = False
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name=f"listener-{chain}", daemon=True)

    def __enter__(self) -> Listener:
        self._thread.start()
        assert self.ready.wait(10), "the listener did not subscribe"
        if self.error is not None:
            raise self.error
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        assert not self._thread.is_alive(), "the listener did not stop"

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:
            self.error = error
            self.ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        bus = self.bus or live_bus.get_bus()
        async with bus.subscribe(self.chain, **self.subscribe) as subscription:
            self.subscribed = subscription.ready
            self.ready.set()
            stopping = asyncio.ensure_future(self._stop.wait())
            while True:
                getting = asyncio.ensure_future(subscription.get())
                done, _ = await asyncio.wait(
                    {getting, stopping}, return_when=asyncio.FIRST_COMPLETED
                )
                if getting in done:
                    with self.changed:
                        self.items.append(getting.result())
                        self.changed.notify_all()
                    if subscription.lost and subscription.pending() == 0:
                        await stopping
                        return
                if stopping in done:
                    getting.cancel()
                    return

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Item]:
        """The first `count` items; fails if they do not arrive within `timeout`."""
        with self.changed:
            arrived = self.changed.wait_for(lambda: len(self.items) >= count, timeout)
            assert arrived, f"{len(self.items)} of {count} items arrived: {self.items}"
            return list(self.items[:count])

    def quiet_for(self, seconds: float) -> list[Item]:
        """Everything that arrived after waiting `seconds` (to show nothing else came)."""
        time.sleep(seconds)
        with self.changed:
            return list(self.items)

    def events(self) -> list[LiveEvent]:
        with self.changed:
            return [item for item in self.items if isinstance(item, LiveEvent)]

    def reloads(self) -> list[Reload]:
        with self.changed:
            return [item for item in self.items if isinstance(item, Reload)]


@pytest.fixture
def listen() -> Callable[..., Listener]:
    return Listener


_T = TypeVar("_T")


def run_async(scenario: Callable[[], Coroutine[Any, Any, _T]], timeout: float = 120.0) -> _T:
    """`asyncio.run(scenario())` in a thread of its own: the test's thread may be running
    an event loop already (Playwright's sync API, once a browser test has run in this
    process). Database work inside goes through `sync_to_async`, on another connection,
    so tests that use it need committed data (`django_db(transaction=True)`)."""
    outcome: dict[str, Any] = {}

    async def main() -> _T:
        try:
            return await scenario()
        finally:
            await sync_to_async(connections.close_all)()

    def run() -> None:
        try:
            outcome["result"] = asyncio.run(main())
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, name="scenario")
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the scenario is still running after {timeout} s"
    if "error" in outcome:
        raise outcome["error"]
    result: _T = outcome["result"]
    return result


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Setup, list[Server]]]:
    """Two `collegium serve` processes on one SQLite file, with the Redis live backend on
    a channel of their own (bench/live_fanout.py prepares the data and starts them)."""
    _require_redis()
    setup = prepare(tmp_path_factory.mktemp("two-servers"), redis_url=REDIS_URL)
    with servers(setup, 2) as started:
        yield setup, started
