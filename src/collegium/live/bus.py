"""The live bus: committed journal entries, as `LiveEvent` hints, to every open page.

One bus per process (`get_bus()`), built from the settings:

- `COLLEGIUM_LIVE_BACKEND = "memory"`: events reach the subscribers of this process only
  (one server process, tests).
- `COLLEGIUM_LIVE_BACKEND = "redis"`: events go through one Redis pub/sub channel
  (`COLLEGIUM_LIVE_CHANNEL` on `REDIS_URL`), so a page served by one process hears of an
  action committed in another.

Publishing (`publish(events)`) may happen in any thread, with or without an event loop
(the journal calls it from `transaction.on_commit`, in a sync view's worker thread or a
CLI process). It never raises and never waits for the network: the memory backend hands
the batch to each event loop with `call_soon_threadsafe`; the Redis backend puts it in a
bounded outbox that one background thread sends. A Redis outage drops batches with a
logged warning: the journal is the record, events are only hints to re-fetch.

Subscribing (`async with subscribe(chain) as subscription`) happens on an event loop. Each
loop with subscribers has one hub: one backend subscription (for Redis, one connection
per process) fanned out to the subscribers' bounded asyncio queues. A subscriber that
falls `queue_size` events behind is dropped and handed a `Reload` instead, so a slow
reader costs no memory; after a Redis outage every subscriber gets a `Reload` too (events
were missed). A `Reload` means: re-fetch everything shown.

This module imports nothing of ours but `collegium.live.events`: it sits below the
journal, which publishes through it."""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from collegium.live.events import LiveEvent

logger = logging.getLogger("collegium.live")

# Events a subscriber may fall behind by before it is dropped (and told to reload).
DEFAULT_QUEUE_SIZE = 256
# Batches waiting for the Redis publisher thread; beyond this, new batches are dropped.
OUTBOX_SIZE = 10_000
# How long `subscribe` waits for the backend's subscription to be confirmed. Past it,
# the subscriber is registered anyway and gets a `Reload` once the backend is back.
READY_TIMEOUT = 3.0
# After a failed publish, batches are dropped without trying Redis for this long.
PUBLISH_RETRY_AFTER = 1.0
# At exit, how long the Redis publisher may take to send what is still queued.
EXIT_FLUSH_SECONDS = 2.0

_SETTINGS = {"COLLEGIUM_LIVE_BACKEND", "REDIS_URL", "COLLEGIUM_LIVE_CHANNEL"}


@dataclass(frozen=True)
class Reload:
    """Events were missed: the subscriber fell behind ("overflow", after which its
    subscription ends), or the backend's connection was lost and is back ("gap")."""

    reason: str


@dataclass(frozen=True)
class Wake:
    """The moment the subscriber asked to be woken at (`Subscription.wake_at`) has come."""


WAKE = Wake()

Item = LiveEvent | Reload | Wake
Accepts = Callable[[LiveEvent], bool]


def encode_batch(events: Sequence[LiveEvent]) -> str:
    """One Redis message per committed action: a JSON array of events."""
    return "[" + ",".join(event.to_json() for event in events) + "]"


def decode_batch(data: str | bytes) -> list[LiveEvent]:
    items: list[dict[str, Any]] = json.loads(data)
    return [LiveEvent(**item) for item in items]


class Subscription:
    """One subscriber's view of one chain: an async context manager and async iterator
    of `LiveEvent`s and `Reload`s. `accepts`, when set, is asked (on the event loop)
    whether an event should be queued at all; it may be replaced at any time.

    `group`, when set, says that subscriptions of equal groups accept the same events
    (a stream's is its reader's scope): the hub keeps its subscriptions by group and asks
    `accepts` once per group and event, and goes through a group's subscriptions only
    when it accepts — 10,000 open pages of a few scopes let an event none of them may
    read (a batch of ballots, for the secretariat) pass for the cost of a few questions,
    not 10,000 (bench/README.md, live_vote). Whoever changes what `accepts` answers
    changes `group` with it."""

    def __init__(
        self, bus: LiveBus, chain: str, *, accepts: Accepts | None, queue_size: int
    ) -> None:
        self.bus = bus
        self.chain = chain
        self.accepts = accepts
        self._group: Hashable | None = None
        self.lost = False  # fell behind: dropped from its hub, ends after a Reload
        self.ready = False  # the backend confirmed delivery before `subscribe` returned
        self._queue: asyncio.Queue[Item] = asyncio.Queue(maxsize=queue_size)
        self._hub: _Hub | None = None
        self._alarm: asyncio.TimerHandle | None = None

    async def __aenter__(self) -> Subscription:
        await self.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def open(self, *, ready_timeout: float = READY_TIMEOUT) -> None:
        """Register with this loop's hub and wait until events published from now on
        will be delivered (or until `ready_timeout` has passed)."""
        if self._hub is not None:
            return
        hub = self.bus._hub_for(asyncio.get_running_loop())
        self._hub = hub
        hub.add(self)
        try:
            async with asyncio.timeout(ready_timeout):
                await hub.ready.wait()
            self.ready = True
        except TimeoutError:
            logger.warning("live: subscribed to %s before the bus was ready", self.chain)

    @property
    def group(self) -> Hashable | None:
        return self._group

    @group.setter
    def group(self, value: Hashable | None) -> None:
        if value == self._group:
            return
        hub = self._hub
        if hub is not None:
            hub.regroup(self, value)
        self._group = value

    def takes(self, event: LiveEvent) -> bool:
        """Whether `accepts` lets the event through (a failing filter does not)."""
        if self.accepts is None:
            return True
        try:
            return bool(self.accepts(event))
        except Exception:
            logger.exception("live: a subscriber's filter failed; event not delivered")
            return False

    def offer(self, item: Item) -> None:
        """Queue an item (called on the loop by the hub): an event only if `accepts`
        takes it. A full queue drops the subscriber and leaves a single `Reload`."""
        if isinstance(item, LiveEvent) and not self.lost and not self.takes(item):
            return
        self.deliver(item)

    def deliver(self, item: Item) -> None:
        """Queue an item already judged; a full queue drops the subscriber and leaves a
        single `Reload` in its place."""
        if self.lost:
            return
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self._fall_behind()

    def _fall_behind(self) -> None:
        self.lost = True
        if self._hub is not None:
            self._hub.remove(self)
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(Reload("overflow"))

    def wake_at(self, when: float) -> None:
        """Have `get` return a `Wake` at the loop's time `when`, in place of any wake asked
        for before. A waiting `get` is woken by an item, not cancelled by a timeout: for
        10,000 idle streams a cancellation each (an exception thrown into a task) costs
        several times the CPU of a queued item (bench/README.md, live_vote). A wake that
        finds the queue full is skipped: the subscriber has items to wake it."""
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm = asyncio.get_running_loop().call_at(when, self._ring)

    def _ring(self) -> None:
        self._alarm = None
        if not self.lost and not self._queue.full():
            self._queue.put_nowait(WAKE)

    async def get(self) -> Item:
        """The next event, `Reload` or `Wake`. Once the subscription is lost, every call after
        its `Reload` returns another `Reload` at once."""
        if self.lost and self._queue.empty():
            return Reload("overflow")
        return await self._queue.get()

    def pending(self) -> int:
        return self._queue.qsize()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Item:
        if self.lost and self._queue.empty():
            raise StopAsyncIteration
        return await self.get()

    def close(self) -> None:
        """Leave the hub (on the loop). The hub's backend subscription stops with its
        last subscriber; `aclose` also waits for that."""
        hub, self._hub = self._hub, None
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None
        if hub is not None:
            hub.remove(self)

    async def aclose(self) -> None:
        hub = self._hub
        self.close()
        if hub is not None and hub.stopping is not None:
            await hub.stopping


class _Hub:
    """The subscribers of one event loop, by chain, and that loop's backend subscription.
    Everything here runs on `loop`, except that backends look hubs up from other
    threads (through the bus's lock)."""

    def __init__(self, bus: LiveBus, loop: asyncio.AbstractEventLoop) -> None:
        self.bus = bus
        self.loop = loop
        # Per chain, the subscriptions by group (None: each judged on its own).
        self.by_chain: dict[str, dict[Hashable | None, set[Subscription]]] = {}
        self.count = 0
        self.ready = asyncio.Event()
        self.listener: asyncio.Task[None] | None = None
        self.stopping: asyncio.Task[None] | None = None

    def add(self, subscription: Subscription) -> None:
        groups = self.by_chain.setdefault(subscription.chain, {})
        groups.setdefault(subscription.group, set()).add(subscription)
        self.count += 1

    def _take_out(self, subscription: Subscription) -> bool:
        groups = self.by_chain.get(subscription.chain)
        members = groups.get(subscription.group) if groups is not None else None
        if groups is None or members is None or subscription not in members:
            return False
        members.discard(subscription)
        if not members:
            del groups[subscription.group]
        if not groups:
            del self.by_chain[subscription.chain]
        return True

    def remove(self, subscription: Subscription) -> None:
        if not self._take_out(subscription):
            return
        self.count -= 1
        if self.count == 0:
            self.bus._retire(self)

    def regroup(self, subscription: Subscription, group: Hashable | None) -> None:
        """Move a subscription to another group (called before its group changes)."""
        if self._take_out(subscription):
            groups = self.by_chain.setdefault(subscription.chain, {})
            groups.setdefault(group, set()).add(subscription)

    def dispatch(self, events: Sequence[LiveEvent]) -> None:
        for event in events:
            groups = self.by_chain.get(event.chain)
            if not groups:
                continue
            # Copies: a subscriber that falls behind leaves its group meanwhile.
            for group, members in tuple(groups.items()):
                if group is None:
                    for subscription in tuple(members):
                        subscription.offer(event)
                    continue
                # One question per group: its subscriptions accept the same events.
                if not next(iter(members)).takes(event):
                    continue
                for subscription in tuple(members):
                    subscription.deliver(event)

    def reload_all(self, reason: str) -> None:
        for groups in tuple(self.by_chain.values()):
            for members in tuple(groups.values()):
                for subscription in tuple(members):
                    subscription.deliver(Reload(reason))


class Backend(Protocol):
    def publish(self, events: Sequence[LiveEvent]) -> None:
        """Hand a batch on; any thread; never blocks on the network."""

    def start(self, hub: _Hub) -> None:
        """Begin delivering to `hub` (on its loop); set `hub.ready` once delivering."""

    async def stop(self, hub: _Hub) -> None:
        """Stop delivering to `hub` (on its loop)."""

    def flush(self, timeout: float) -> bool:
        """Wait until what was published has left this process; False on timeout."""

    def close(self) -> None: ...


class MemoryBackend:
    """Events go straight to the hubs of this process."""

    def __init__(self, bus: LiveBus) -> None:
        self.bus = bus

    def publish(self, events: Sequence[LiveEvent]) -> None:
        for hub in self.bus._hubs_snapshot():
            try:
                hub.loop.call_soon_threadsafe(hub.dispatch, events)
            except RuntimeError:  # the loop has closed under its subscribers
                self.bus._forget(hub)

    def start(self, hub: _Hub) -> None:
        hub.ready.set()

    async def stop(self, hub: _Hub) -> None:
        return None

    def flush(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        return None


class _Outbox:
    """A bounded, thread-safe queue of encoded batches with a way to wait until empty."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: deque[str | None] = deque()
        self.busy = 0  # taken but not yet sent
        self.changed = threading.Condition()

    def put(self, item: str | None) -> bool:
        with self.changed:
            if item is not None and len(self.items) >= self.size:
                return False
            self.items.append(item)
            self.changed.notify_all()
            return True

    def take(self) -> str | None:
        with self.changed:
            while not self.items:
                self.changed.wait()
            self.busy += 1
            return self.items.popleft()

    def done(self) -> None:
        with self.changed:
            self.busy -= 1
            self.changed.notify_all()

    def wait_empty(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.items or self.busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.changed.wait(remaining)
            return True


class RedisBackend:
    """One pub/sub channel shared by every process of the installation.

    Publishing: the batch is encoded and put in a bounded outbox; one daemon thread
    sends it with a synchronous client (short timeouts). Subscribing: one asyncio task
    per hub (per process, under uvicorn) holds one SUBSCRIBE and dispatches what
    arrives; it reconnects with backoff and tells the subscribers to reload after a gap."""

    def __init__(self, bus: LiveBus, url: str, channel: str) -> None:
        self.bus = bus
        self.url = url
        self.channel = channel
        self.outbox = _Outbox(OUTBOX_SIZE)
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._closed = False
        self._warned_full = False
        # Names the subscribing connection in Redis's CLIENT LIST (no spaces allowed).
        self.client_name = "collegium-live:" + "".join(
            c if c.isprintable() and not c.isspace() else "_" for c in channel
        )

    # Publishing -------------------------------------------------------------------

    def publish(self, events: Sequence[LiveEvent]) -> None:
        if self._closed:
            return
        self._ensure_thread()
        if self.outbox.put(encode_batch(events)):
            self._warned_full = False
        elif not self._warned_full:
            self._warned_full = True
            logger.warning("live: the Redis outbox is full; events are dropped")

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._thread_lock:
            if self._thread is None:
                thread = threading.Thread(
                    target=self._send_forever, name="collegium-live-publisher", daemon=True
                )
                thread.start()
                self._thread = thread

    def _send_forever(self) -> None:
        import redis

        client = redis.Redis.from_url(
            self.url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30
        )
        retry_at = 0.0
        outage = False
        try:
            while True:
                payload = self.outbox.take()
                try:
                    if payload is None:
                        return
                    if time.monotonic() < retry_at:
                        continue  # Redis was down a moment ago: drop without waiting
                    try:
                        client.publish(self.channel, payload)
                    except (redis.RedisError, OSError) as error:
                        retry_at = time.monotonic() + PUBLISH_RETRY_AFTER
                        if not outage:
                            outage = True
                            logger.warning(
                                "live: cannot publish to Redis (%s); events are dropped", error
                            )
                    else:
                        if outage:
                            outage = False
                            logger.warning("live: publishing to Redis again")
                except Exception:
                    logger.exception("live: publishing failed")
                finally:
                    self.outbox.done()
        finally:
            client.close()

    def flush(self, timeout: float) -> bool:
        if self._thread is None:
            return True
        return self.outbox.wait_empty(timeout)

    def close(self) -> None:
        self._closed = True
        thread = self._thread
        if thread is not None:
            self.outbox.wait_empty(EXIT_FLUSH_SECONDS)
            self.outbox.put(None)
            thread.join(timeout=EXIT_FLUSH_SECONDS)

    # Subscribing ------------------------------------------------------------------

    def start(self, hub: _Hub) -> None:
        hub.listener = hub.loop.create_task(self._listen(hub), name="collegium-live-listener")

    async def stop(self, hub: _Hub) -> None:
        task, hub.listener = hub.listener, None
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                if not task.cancelled():  # we were cancelled ourselves, not the task
                    raise

    async def _listen(self, hub: _Hub) -> None:
        import redis
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        delay = 0.1
        gap = False
        while True:
            # No retries inside redis-py: a lost connection must surface here, since the
            # messages published meanwhile are lost and subscribers must reload.
            client = aioredis.Redis.from_url(
                self.url,
                socket_connect_timeout=2,
                socket_keepalive=True,
                retry=Retry(NoBackoff(), 0),
                client_name=self.client_name,
            )
            pubsub = client.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                async for message in pubsub.listen():
                    kind = message["type"]
                    if kind == "subscribe":
                        hub.ready.set()
                        delay = 0.1
                        if gap:
                            gap = False
                            logger.warning("live: subscribed to Redis again")
                            hub.reload_all("gap")
                    elif kind == "message":
                        try:
                            events = decode_batch(message["data"])
                        except (ValueError, TypeError):
                            logger.warning("live: ignored a malformed message on %s", self.channel)
                            continue
                        hub.dispatch(events)
            except (redis.RedisError, OSError) as error:
                if not gap:
                    logger.warning("live: lost the Redis subscription (%s); retrying", error)
                gap = True
            except Exception:
                logger.exception("live: the Redis subscription failed; retrying")
                gap = True
            finally:
                await pubsub.aclose()  # type: ignore[no-untyped-call]
                await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


class LiveBus:
    """The process's bus: its backend and one hub per event loop with subscribers."""

    def __init__(self, backend: str = "memory", *, url: str = "", channel: str = "") -> None:
        self._lock = threading.Lock()
        self._hubs: dict[asyncio.AbstractEventLoop, _Hub] = {}
        self.backend_name = backend
        self.backend: Backend
        if backend == "memory":
            self.backend = MemoryBackend(self)
        elif backend == "redis":
            self.backend = RedisBackend(self, url, channel or "collegium:live")
        else:
            raise ValueError(f"unknown live backend {backend!r} (memory or redis)")

    def publish(self, events: Sequence[LiveEvent]) -> None:
        """Send one committed action's events; never raises."""
        try:
            batch = tuple(events)
            if batch:
                self.backend.publish(batch)
        except Exception:
            logger.exception("live: publishing failed; events dropped")

    def subscribe(
        self, chain: str, *, accepts: Accepts | None = None, queue_size: int | None = None
    ) -> Subscription:
        """A subscription to `chain` (use it with `async with` on an event loop)."""
        return Subscription(
            self, chain, accepts=accepts, queue_size=queue_size or DEFAULT_QUEUE_SIZE
        )

    def flush(self, timeout: float = EXIT_FLUSH_SECONDS) -> bool:
        """Wait until everything published has left this process (Redis: sent)."""
        return self.backend.flush(timeout)

    def subscriber_count(self) -> int:
        return sum(hub.count for hub in self._hubs_snapshot())

    def close(self) -> None:
        self.backend.close()

    # Hubs -------------------------------------------------------------------------

    def _hub_for(self, loop: asyncio.AbstractEventLoop) -> _Hub:
        with self._lock:
            hub = self._hubs.get(loop)
            if hub is None:
                hub = self._hubs[loop] = _Hub(self, loop)
                created = True
            else:
                created = False
        if created:
            self.backend.start(hub)
        return hub

    def _hubs_snapshot(self) -> list[_Hub]:
        with self._lock:
            return list(self._hubs.values())

    def _forget(self, hub: _Hub) -> None:
        with self._lock:
            if self._hubs.get(hub.loop) is hub:
                del self._hubs[hub.loop]

    def _retire(self, hub: _Hub) -> None:
        """The hub's last subscriber left: drop it and stop its backend subscription."""
        self._forget(hub)
        stop = self.backend.stop(hub)
        try:
            hub.stopping = hub.loop.create_task(stop)
        except RuntimeError:  # the loop has closed: its tasks ended with it
            stop.close()
            hub.stopping = None


_bus: LiveBus | None = None
_bus_lock = threading.Lock()


def get_bus() -> LiveBus:
    """The process's bus, built from the settings on first use."""
    global _bus
    if _bus is None:
        with _bus_lock:
            if _bus is None:
                _bus = LiveBus(
                    getattr(settings, "COLLEGIUM_LIVE_BACKEND", "memory"),
                    url=getattr(settings, "REDIS_URL", "redis://127.0.0.1:6379/0"),
                    channel=getattr(settings, "COLLEGIUM_LIVE_CHANNEL", "collegium:live"),
                )
    return _bus


def reset_bus() -> None:
    """Close the process's bus; the next `get_bus()` builds one from the settings again
    (done by itself when a test overrides one of the live settings)."""
    global _bus
    with _bus_lock:
        bus, _bus = _bus, None
    if bus is not None:
        bus.close()


def publish(events: Sequence[LiveEvent]) -> None:
    """Publish one committed action's events to every subscriber of the installation.
    Cheap, from any thread, with or without an event loop; never raises."""
    try:
        get_bus().publish(events)
    except Exception:
        logger.exception("live: publishing failed; events dropped")


def subscribe(
    chain: str, *, accepts: Accepts | None = None, queue_size: int | None = None
) -> Subscription:
    """Subscribe to one chain: `async with subscribe("acme") as events: ...`."""
    return get_bus().subscribe(chain, accepts=accepts, queue_size=queue_size)


def flush(timeout: float = EXIT_FLUSH_SECONDS) -> bool:
    return get_bus().flush(timeout) if _bus is not None else True


@atexit.register
def _flush_at_exit() -> None:
    # A CLI action's events must leave before the process does.
    bus = _bus
    if bus is not None:
        bus.flush(EXIT_FLUSH_SECONDS)


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        reset_bus()
