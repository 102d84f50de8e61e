"""The bus on its own: delivery in-process and through Redis, from threads without an
event loop, slow subscribers, outages."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest
import redis

from collegium.live import bus as live_bus
from collegium.live.bus import WAKE, LiveBus, Reload, decode_batch, encode_batch
from tests.live.conftest import event, run_async


def test_a_batch_survives_encoding():
    batch = [event(1), event(2, body_id=7, audience="body-staff")]
    assert decode_batch(encode_batch(batch)) == batch


def test_subscribers_get_their_chains_events_in_order(memory_bus):
    async def scenario():
        async with (
            memory_bus.subscribe("test-union") as first,
            memory_bus.subscribe("test-union") as second,
            memory_bus.subscribe("other-union") as other,
        ):
            memory_bus.publish([event(1), event(2, chain="other-union"), event(3)])
            got_first = [await first.get(), await first.get()]
            got_second = [await second.get(), await second.get()]
            got_other = await other.get()
            await asyncio.sleep(0.05)
            assert first.pending() == second.pending() == other.pending() == 0
            return got_first, got_second, got_other

    got_first, got_second, got_other = run_async(scenario)
    assert [e.sequence for e in got_first] == [1, 3]
    assert got_second == got_first
    assert got_other == event(2, chain="other-union")
    assert memory_bus.subscriber_count() == 0


def test_a_subscriber_is_woken_when_it_asked(memory_bus):
    """`wake_at` queues one `Wake` at the time asked, after what was queued before; a
    later call replaces the earlier wake; closing cancels it."""

    async def scenario() -> tuple[list[object], float, int]:
        loop = asyncio.get_running_loop()
        async with memory_bus.subscribe("test-union") as subscription:
            started = loop.time()
            subscription.wake_at(started + 10)  # replaced by the next
            subscription.wake_at(started + 0.05)
            memory_bus.publish([event(1)])
            got = [await subscription.get(), await subscription.get()]
            woken_after = loop.time() - started
            subscription.wake_at(loop.time() + 0.05)
        await asyncio.sleep(0.1)  # closed: the wake asked for never comes
        return got, woken_after, subscription.pending()

    got, woken_after, pending = run_async(scenario)
    assert got == [event(1), WAKE]
    assert 0.04 <= woken_after < 5
    assert pending == 0


def test_publish_from_a_thread_without_an_event_loop(any_bus, listen):
    """The journal publishes from `on_commit` in a sync view's worker thread or a CLI
    process: no event loop there, and the subscriber's loop runs in another thread."""
    loops: list[bool] = []

    def commit() -> None:
        try:
            asyncio.get_running_loop()
            loops.append(True)
        except RuntimeError:
            loops.append(False)
        live_bus.publish([event(1), event(2)])

    with listen("test-union") as heard:
        assert heard.subscribed
        worker = threading.Thread(target=commit)
        worker.start()
        worker.join(5)
        assert [e.sequence for e in heard.wait_for(2)] == [1, 2]
        assert heard.quiet_for(0.2) == heard.wait_for(2)
    assert loops == [False]


def test_each_event_loop_of_a_process_gets_the_events(memory_bus, listen):
    with listen("test-union") as one, listen("test-union") as two:
        memory_bus.publish([event(5)])
        assert one.wait_for(1) == two.wait_for(1) == [event(5)]
    assert memory_bus.subscriber_count() == 0


def test_redis_carries_events_between_processes(redis_url, channel, listen):
    """Two buses on one channel stand for two server processes."""
    publishing = LiveBus("redis", url=redis_url, channel=channel)
    serving = LiveBus("redis", url=redis_url, channel=channel)
    elsewhere = LiveBus("redis", url=redis_url, channel=channel + ":other")
    try:
        with listen("test-union", serving) as heard, listen("test-union", elsewhere) as unrelated:
            assert heard.subscribed and unrelated.subscribed
            started = time.perf_counter()
            publishing.publish([event(1)])
            publishing.publish([event(2), event(3, chain="other-union")])
            assert [e.sequence for e in heard.wait_for(2)] == [1, 2]
            assert time.perf_counter() - started < 1.0
            assert unrelated.quiet_for(0.2) == []
            assert heard.quiet_for(0.1) == heard.wait_for(2)
    finally:
        for bus in (publishing, serving, elsewhere):
            bus.close()


def test_a_slow_subscriber_is_dropped_and_told_to_reload(memory_bus):
    async def scenario():
        async with (
            memory_bus.subscribe("test-union", queue_size=3) as slow,
            memory_bus.subscribe("test-union") as quick,
        ):
            memory_bus.publish([event(n) for n in range(1, 11)])
            await asyncio.sleep(0.05)
            assert slow.lost and slow.pending() == 1
            assert memory_bus.subscriber_count() == 1  # the quick one
            received = [item async for item in slow]
            memory_bus.publish([event(11)])
            await asyncio.sleep(0.05)
            assert slow.pending() == 0  # no longer queued for
            assert await slow.get() == Reload("overflow")  # and says so at once
            quick_events = [await quick.get() for _ in range(11)]
            return received, quick_events

    received, quick_events = run_async(scenario)
    assert received == [Reload("overflow")]
    assert [e.sequence for e in quick_events] == list(range(1, 12))


def test_a_subscriber_filter_keeps_events_out_of_its_queue(memory_bus):
    async def scenario():
        async with memory_bus.subscribe(
            "test-union", accepts=lambda e: e.audience == "public"
        ) as subscription:
            memory_bus.publish([event(1), event(2, audience="public")])
            got = await subscription.get()
            await asyncio.sleep(0.05)
            return got, subscription.pending()

    assert run_async(scenario) == (event(2, audience="public"), 0)


def test_subscribers_of_one_group_are_asked_once_per_event(memory_bus):
    """A filter is asked once per event for each group of subscriptions (a stream's is
    its reader's scope), and its answer holds for the whole group; ungrouped ones are
    each asked."""
    asked: list[str] = []

    def filter_of(name: str):
        def accepts(e):
            asked.append(name)
            return e.audience == "public"

        return accepts

    async def scenario():
        subscriptions = [
            memory_bus.subscribe("test-union", accepts=filter_of(name))
            for name in ("a1", "a2", "a3", "b1", "loose")
        ]
        for subscription, group in zip(subscriptions, ["a", "a", "a", "b", None], strict=True):
            subscription.group = group
            await subscription.open()
        memory_bus.publish([event(1), event(2, audience="public")])
        got = [await s.get() for s in subscriptions]
        await asyncio.sleep(0.05)
        pending = [s.pending() for s in subscriptions]
        for subscription in subscriptions:
            await subscription.aclose()
        return got, pending

    got, pending = run_async(scenario)
    assert got == [event(2, audience="public")] * 5 and pending == [0] * 5
    # Two events: group a asked once each time (by whichever member came first), b once,
    # the ungrouped one once.
    assert len(asked) == 6
    assert sum(name.startswith("a") for name in asked) == 2


def test_a_group_that_refuses_an_event_is_not_gone_through_and_regrouping_moves(
    memory_bus, monkeypatch
):
    """The hub keeps subscriptions by group: an event a group refuses costs one question,
    not a visit to each of its subscriptions; a subscription whose group changes (its
    reader's scope changed) is judged with its new group from then on."""
    from collegium.live.bus import Subscription

    delivered: list[int] = []
    original = Subscription.deliver

    def counting(self, item):
        delivered.append(1)
        original(self, item)

    monkeypatch.setattr(Subscription, "deliver", counting)

    async def scenario():
        staff = [memory_bus.subscribe("test-union", accepts=lambda e: True) for _ in range(3)]
        members = [
            memory_bus.subscribe("test-union", accepts=lambda e: e.audience == "public")
            for _ in range(200)
        ]
        for subscription in staff:
            subscription.group = "staff"
            await subscription.open()
        for subscription in members:
            subscription.group = "members"
            await subscription.open()
        memory_bus.publish([event(1, audience="body-staff")])
        await asyncio.sleep(0.05)
        first = (len(delivered), [s.pending() for s in staff], members[0].pending())
        # One member's scope widens: it moves to the staff group (and its filter with it).
        members[0].accepts = lambda e: True
        members[0].group = "staff"
        memory_bus.publish([event(2, audience="body-staff")])
        await asyncio.sleep(0.05)
        second = (len(delivered), members[0].pending(), members[1].pending())
        for subscription in [*staff, *members]:
            await subscription.aclose()
        return first, second

    first, second = run_async(scenario)
    assert first == (3, [1, 1, 1], 0)  # the 200 members were not visited
    assert second == (3 + 4, 1, 0)


def test_publishing_never_raises_nor_waits_when_redis_is_down(channel, caplog):
    down = LiveBus("redis", url="redis://127.0.0.1:1/0", channel=channel)
    try:
        with caplog.at_level(logging.WARNING, logger="collegium.live"):
            started = time.perf_counter()
            for n in range(200):
                down.publish([event(n)])
            assert time.perf_counter() - started < 0.1
            assert down.flush(10)
        warnings = [r.getMessage() for r in caplog.records if "cannot publish" in r.getMessage()]
        assert len(warnings) == 1, caplog.records  # once per outage, not per batch
    finally:
        down.close()


def test_publish_never_raises_into_the_journal(memory_bus, caplog):
    with caplog.at_level(logging.ERROR, logger="collegium.live"):
        live_bus.publish(None)  # type: ignore[arg-type]
        live_bus.publish([])
    assert "publishing failed" in caplog.text


def test_subscribing_while_redis_is_down_waits_briefly_then_reloads_later(channel):
    down = LiveBus("redis", url="redis://127.0.0.1:1/0", channel=channel)

    async def scenario():
        subscription = down.subscribe("test-union")
        started = time.perf_counter()
        await subscription.open(ready_timeout=0.3)
        waited = time.perf_counter() - started
        ready = subscription.ready
        await subscription.aclose()
        return waited, ready

    try:
        waited, ready = run_async(scenario)
    finally:
        down.close()
    assert not ready
    assert 0.25 < waited < 2


def test_after_losing_redis_subscribers_are_told_to_reload(redis_bus, redis_url, listen):
    with listen("test-union") as heard:
        assert heard.subscribed
        admin = redis.Redis.from_url(redis_url)
        try:
            name = redis_bus.backend.client_name
            ours = [c for c in admin.client_list() if c.get("name") == name]
            assert len(ours) == 1
            admin.client_kill_filter(_id=ours[0]["id"])
        finally:
            admin.close()
        assert heard.wait_for(1) == [Reload("gap")]
        # Subscribed again: events flow as before.
        redis_bus.publish([event(9)])
        assert heard.wait_for(2)[1] == event(9)


def test_the_redis_subscription_ends_with_its_last_subscriber(redis_bus, redis_url, channel):
    async def scenario():
        async with redis_bus.subscribe("test-union"), redis_bus.subscribe("other-union"):
            assert redis_bus.subscriber_count() == 2
        return redis_bus.subscriber_count()

    assert run_async(scenario) == 0
    admin = redis.Redis.from_url(redis_url)
    try:
        assert admin.pubsub_numsub(channel) == [(channel.encode(), 0)]
    finally:
        admin.close()


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_the_setting_chooses_the_backend(settings, backend, channel, redis_url):
    settings.COLLEGIUM_LIVE_BACKEND = backend
    settings.COLLEGIUM_LIVE_CHANNEL = channel
    try:
        assert live_bus.get_bus().backend_name == backend
        assert live_bus.get_bus() is live_bus.get_bus()
    finally:
        live_bus.reset_bus()
