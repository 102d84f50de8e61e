"""Benchmark: delegates' screens following the chair's "next speaker" live, across two
server processes.

Sets up a congress of `--seats` full seats (1,349 by default) and `--alternates`
alternates under the "lenin-era" standing orders, every seat held by a member, `--logins`
of them with a login and a signed-in session; convenes a sitting and times the bulk
check-in of every full seat holder by member number (`bulk_check_in seats=N seconds=N`);
opens the sitting, adopts the agenda, opens the report item and fills its list of
speakers. Then it starts two `collegium serve` processes with the Redis live backend
(bench/live_fanout.py's helpers), opens `--screens` event streams (`/o/<slug>/live/`,
the stream every delegate's screen keeps open), spread over the sessions and the two
processes, and makes the chair call the next speaker `--events` times. A call's event
carries the delegate's screen's update (meetings/screens/push.py: the "now" panel and
each seat's place, built once per server process), which screens.js puts in place with
no request: a screen is updated when that event has arrived, and an event without the
update counts as lost (`bare=`). For each call it takes the time from the journal
entry's `recorded_at` to the moment the last screen had it, and prints as its last line:

    live_screens screens=N p50_ms=N p99_ms=N lost=N

With `--refetch N` (and a delegate fragment to fetch), `--refetch-events` further calls
follow in a phase of their own, in which N of the screens re-fetch their delegate
fragment as soon as the event reaches them, as a page does when it cannot use the
event's update (after a `live.reload`: events were missed, or the connection came back);
the time to the last fragment received is printed on its own line (`refetch …`) before
the last line.

Everything is on loopback, bounded in time (`--timeout` for each phase); the data
directory is temporary and removed.

    .venv/bin/python -m bench.live_screens [--screens 2000] [--events 50] [--refetch 200]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
# Run as a script (`python bench/live_screens.py`): make `bench` importable.
sys.path.insert(0, str(ROOT))

from bench.live_fanout import (  # noqa: E402
    REDIS_URL,
    Server,
    Setup,
    Subscriber,
    _connect_all,
    _cpu_seconds,
    _percentile,
    _raise_open_files,
    _recorded_at,
    _threads_and_memory,
    http_request,
    prepare,
    redis_reachable,
    servers,
    session_key,
)

BODY = "party-congress"
# The delegations the seats are spread over (the groups of the orders' time budgets).
DELEGATIONS = 15
# The delegate screen's fragment that re-fetches on a live event (screens/urls.py).
FRAGMENT_URL_NAME = "sitting-delegate-live"


@dataclass
class Congress:
    """What the set-up made, as the benchmark needs it."""

    sitting: int
    item: str
    sessions: list[str]  # one signed-in session per seat holder with a login
    requests: int  # requests for the floor waiting on the item
    check_in_seconds: float
    checked_in: int
    set_up_seconds: float
    fragment: str = ""  # the delegate fragment's path, "" when there is none yet


# Set-up (in a subprocess with the servers' environment) ---------------------------------


def fill_congress(setup: Setup, options: dict[str, Any], timeout: float) -> Congress:
    import subprocess

    filled = subprocess.run(
        [sys.executable, "-m", "bench.live_screens", "_fill", json.dumps(options)],
        env=setup.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if filled.returncode != 0:
        raise RuntimeError(f"setting up the congress failed: {filled.stderr}")
    return Congress(**json.loads(filled.stdout.strip().splitlines()[-1]))


def _fill(options: dict[str, Any]) -> None:
    """Make the congress and its sitting through the actions (as the system), in the
    organization bench/live_fanout.py prepared; print what was made as JSON."""
    import datetime

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from collegium.bodies.actions import adopt_standing_orders, create_body, seat_member
    from collegium.bodies.models import BodyKind, SeatOrigin, SeatRole
    from collegium.journal.actors import SYSTEM, Actor
    from collegium.meetings import actions
    from collegium.meetings.models import AgendaItem
    from collegium.registry.actions import link_login, register_member
    from collegium.registry.models import Organization
    from collegium.rules.standing_orders.presets import PRESETS

    started = time.perf_counter()
    seats, alternates, logins = options["seats"], options["alternates"], options["logins"]
    organization = Organization.objects.get(slug=options["slug"])
    body = create_body(
        actor=SYSTEM,
        organization=organization,
        name="Party Congress",
        slug=BODY,
        kind=BodyKind.CONGRESS,
        full_seats=seats,
        alternate_seats=alternates,
    )
    document = dict(PRESETS["lenin-era"])
    adopt_standing_orders(actor=SYSTEM, body=body, title=str(document["title"]), document=document)
    holders: list[tuple[str, User | None]] = []  # (member number, login) per full seat
    for index in range(seats + alternates):
        unit = f"Delegation {index % DELEGATIONS + 1}"
        number = f"D-{index + 1:05d}"
        member = register_member(
            actor=SYSTEM,
            organization=organization,
            number=number,
            name=f"Delegate {index + 1}",
            unit=unit,
        )
        user = None
        if index < logins:
            user = User.objects.create_user(f"delegate{index + 1}")
            link_login(actor=SYSTEM, member=member, username=user.username)
        full = index < seats
        seat_member(
            actor=SYSTEM,
            body=body,
            member=member,
            role=SeatRole.FULL if full else SeatRole.ALTERNATE,
            origin=SeatOrigin.DELEGATED,
            origin_detail=unit,
            rank=None if full else index - seats + 1,
        )
        if full:
            holders.append((number, user))

    sitting = actions.convene_sitting(
        actor=SYSTEM,
        body=body,
        title="First sitting",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        place="Great Kremlin Palace",
        agenda=[("Report of the Central Committee", "report"), ("Elections", "election")],
    )
    clock = time.perf_counter()
    checked_in = actions.check_in(
        actor=SYSTEM, sitting=sitting, numbers=[number for number, _ in holders]
    )
    check_in_seconds = time.perf_counter() - clock
    actions.open_sitting(actor=SYSTEM, sitting=sitting)
    actions.adopt_agenda(actor=SYSTEM, sitting=sitting, yes=seats, no=0)
    item = AgendaItem.objects.get(sitting=sitting, number="1")
    actions.open_item(actor=SYSTEM, item=item)
    # The list: seat holders with a login ask from their screens; the chair adds more
    # from the hall when the calls need them.
    stances = ("for", "against", "neutral")
    wanted, requests = options["requests"], 0
    for index, (_, user) in enumerate(holders):
        if requests >= wanted:
            break
        stance = stances[index % len(stances)]
        if user is not None:
            actions.ask_for_floor(actor=Actor.page(user), item=item, stance=stance)
        else:
            seat = body.seats.get(member__number=holders[index][0], vacated_on__isnull=True)
            actions.give_floor(actor=SYSTEM, item=item, seat=seat.pk, stance=stance)
        requests += 1

    sessions = [session_key(user) for _, user in holders if user is not None]
    try:
        fragment = reverse(FRAGMENT_URL_NAME, args=(organization.slug, BODY, sitting.number))
    except NoReverseMatch:
        fragment = ""
    made = Congress(
        sitting=sitting.number,
        item=item.number,
        sessions=sessions,
        requests=requests,
        check_in_seconds=check_in_seconds,
        checked_in=checked_in,
        set_up_seconds=time.perf_counter() - started,
        fragment=fragment,
    )
    print(json.dumps(made.__dict__))


# The chair ------------------------------------------------------------------------------


class Chair(Protocol):
    """Whatever makes the chair's "next speaker" happen, once per call."""

    how: str

    async def next_speaker(self, index: int) -> None: ...

    async def close(self) -> None: ...


@dataclass
class ApiChair:
    """The chair's "next speaker" through the HTTP API (the organization's admin, by API
    token), through the server processes in turn."""

    setup: Setup
    congress: Congress
    ports: list[int]
    how: str = "POST …/speakers/next through the HTTP API, the two processes in turn"

    @property
    def path(self) -> str:
        return (
            f"/api/organizations/{self.setup.slug}/bodies/{BODY}/sittings/"
            f"{self.congress.sitting}/items/{self.congress.item}/speakers/next"
        )

    async def available(self) -> bool:
        """Whether the API declares the operation (it is being written as this is)."""
        status, document = await http_request(self.ports[0], "GET", "/api/openapi.json")
        if status != 200 or not isinstance(document, dict):
            return False
        paths = document.get("paths", {})
        return any(p.endswith("/speakers/next") and "post" in paths[p] for p in paths)

    async def next_speaker(self, index: int) -> None:
        status, answer = await http_request(
            self.ports[index % len(self.ports)],
            "POST",
            self.path,
            headers={"Authorization": f"Bearer {self.setup.token}"},
            body={},
        )
        if status != 200:
            raise RuntimeError(f"calling the next speaker failed: {status} {answer}")

    async def close(self) -> None:
        return None


@dataclass
class ChairProcess:
    """The chair's action run by a process of its own on the same database (no server):
    `python -m bench.live_screens _chair`, one call per line it reads."""

    setup: Setup
    congress: Congress
    how: str = "actions.call_next_speaker in a process of its own on the same database"
    _process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.live_screens",
            "_chair",
            json.dumps({"sitting": self.congress.sitting, "item": self.congress.item}),
            env=self.setup.env(),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        await self._answer()  # "ready", once Django is set up

    async def _answer(self) -> str:
        assert self._process is not None
        assert self._process.stdout is not None
        line = (await self._process.stdout.readline()).decode().strip()
        if not line.startswith(("ready", "called")):
            raise RuntimeError(f"the chair's process answered {line!r}")
        return line

    async def next_speaker(self, index: int) -> None:
        assert self._process is not None
        assert self._process.stdin is not None
        self._process.stdin.write(b"next\n")
        await self._process.stdin.drain()
        await self._answer()

    async def close(self) -> None:
        if self._process is None:
            return
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), 15)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()


def _chair(options: dict[str, Any]) -> None:
    """The chair's process: the organization's admin (who runs sittings) calls the next
    speaker for every line read; answers "called <seat>" or the refusal."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connections

    from collegium.journal.actors import Actor
    from collegium.meetings import actions
    from collegium.meetings.models import AgendaItem

    chair = Actor.page(User.objects.get(username="ada"))
    item = AgendaItem.objects.get(
        sitting__body__slug=BODY, sitting__number=options["sitting"], number=options["item"]
    )
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "next":
            continue
        try:
            called = actions.call_next_speaker(actor=chair, item=item)
        except Exception as error:  # answered, so the benchmark stops with the reason
            print(f"refused {error}", flush=True)
            continue
        finally:
            connections.close_all()
        print(f"called {called.seat_id}", flush=True)


# The screens ----------------------------------------------------------------------------


# A call of the next speaker updates a delegate's screen by the event itself: its data
# carries the screen's update (meetings/screens/push.py).
CALLED = b"event: sitting.speaker.called"
UPDATE = b'"attached":{"screen":"delegate"'


class Screen(Subscriber):
    """A delegate's screen: its event stream, and what it does when an event arrives
    (`on_event`: re-fetch its fragment, in the re-fetch phase). A call that arrives
    without the screen's update is not counted as arrived (so it counts as lost): the
    page would have to re-fetch."""

    on_event: Callable[[Screen, str], None] | None = None
    bare = 0  # calls that arrived without the update

    def _message(self, block: bytes) -> None:
        if CALLED in block and UPDATE not in block:
            self.bare += 1
            return
        before = len(self.arrived)
        super()._message(block)
        if self.on_event is not None and len(self.arrived) > before:
            self.on_event(self, next(reversed(self.arrived)))


@dataclass
class Refetch:
    """The re-fetch phase's record: per event, when each fragment was received."""

    path: str
    received: dict[str, list[float]] = field(default_factory=dict)  # event id -> times
    failed: int = 0
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def on_event(self, screen: Screen, ident: str) -> None:
        task = asyncio.ensure_future(self._fetch(screen, ident))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _fetch(self, screen: Screen, ident: str) -> None:
        try:
            status, _ = await http_request(
                screen.port,
                "GET",
                self.path,
                headers={"Cookie": f"sessionid={screen.session}", "HX-Request": "true"},
            )
        except OSError:
            status = 0
        if status == 200:
            self.received.setdefault(ident, []).append(time.time())
        else:
            self.failed += 1


async def _next_event(chair: Chair, index: int, live: list[Screen], deadline: float) -> str | None:
    """One call of the next speaker; waits until every open screen has its event (or 5 s
    have passed) and returns the event's id."""
    known = set(live[0].arrived)
    await chair.next_speaker(index)
    wait_until = min(time.monotonic() + 5.0, deadline)
    new_id = ""
    while time.monotonic() < wait_until:
        if not new_id:
            fresh = [ident for ident in live[0].arrived if ident not in known]
            new_id = fresh[0] if fresh else ""
        if new_id and all(new_id in s.arrived for s in live):
            break
        await asyncio.sleep(0.005)
    return new_id or None


async def bench(
    args: argparse.Namespace, setup: Setup, congress: Congress, started: list[Server]
) -> dict[str, Any]:
    ports = [server.port for server in started]
    pids = [server.process.pid for server in started]
    sessions = congress.sessions
    screens = [
        Screen(ports[i % len(ports)], f"/o/{setup.slug}/live/", session=sessions[i % len(sessions)])
        for i in range(args.screens)
    ]
    chair: Chair = ApiChair(setup, congress, ports)
    try:
        if args.chair == "process" or not await ApiChair(setup, congress, ports).available():
            chair_process = ChairProcess(setup, congress)
            chair = chair_process
            await asyncio.wait_for(chair_process.start(), args.timeout)
        failed, connect_seconds = await _connect_all(
            list(screens), at_once=args.connect_at_once, timeout=args.timeout
        )
        print(
            f"{args.screens - failed} of {args.screens} screens open on ports {ports} "
            f"in {connect_seconds:.1f} s; the chair: {chair.how}",
            file=sys.stderr,
        )
        live = [s for s in screens if s.status == 200 and not s.closed.is_set()]
        if not live:
            raise RuntimeError("no screen opened")
        gc.collect()
        gc.freeze()
        threads, rss_mb = _threads_and_memory(pids)
        deadline = time.monotonic() + args.timeout
        # One call not measured: the chair's first action pays for its own start (its
        # connection to Redis, the orders parsed), which a chair's server has long paid.
        before = {ident for s in live for ident in s.arrived}
        warm_up = await _next_event(chair, -1, live, deadline)
        servers_cpu, client_cpu = _cpu_seconds(pids), time.process_time()
        for index in range(args.events):
            if time.monotonic() > deadline:
                print("time is up; stopping early", file=sys.stderr)
                break
            await _next_event(chair, index, live, deadline)
            await asyncio.sleep(args.pause)
        servers_cpu = _cpu_seconds(pids) - servers_cpu
        client_cpu = time.process_time() - client_cpu
        await asyncio.sleep(1.0)  # stragglers
        # Every event of the measured calls, whether or not the first screen saw it.
        seen = {ident for s in live for ident in s.arrived} - {warm_up} - before
        sequences = sorted(int(ident.rsplit(":", 1)[1]) for ident in seen)
        refetch = await _refetch_phase(args, congress, chair, live, deadline)
        times = await _recorded_at(setup, ports[0], len(sequences) + args.refetch_events + 10)
        latencies_ms: list[float] = []
        lost = (len(screens) - len(live)) * max(len(sequences), args.events)
        for sequence in sequences:
            ident = f"{setup.slug}:{sequence}"
            got = [s.arrived[ident] for s in live if ident in s.arrived]
            lost += len(live) - len(got)
            if got and sequence in times:
                latencies_ms.append((max(got) - times[sequence]) * 1000)
        lost += max(0, args.events - len(sequences)) * len(screens)
        medians = [
            statistics.median((s.arrived[i] - times[q]) * 1000 for s in live if i in s.arrived)
            for q in sequences
            if q in times
            for i in [f"{setup.slug}:{q}"]
        ]
        slowest = sorted(latencies_ms)[-5:]
        print("slowest events (ms):", " ".join(f"{v:.0f}" for v in slowest), file=sys.stderr)
        return {
            "screens": args.screens,
            "open": len(live),
            "events": len(sequences),
            "p50_ms": _percentile(latencies_ms, 0.50),
            "p99_ms": _percentile(latencies_ms, 0.99),
            "max_ms": max(latencies_ms) if latencies_ms else float("nan"),
            "median_screen_ms": statistics.median(medians) if medians else float("nan"),
            "lost": lost,
            "bare": sum(s.bare for s in live),
            "connect_s": connect_seconds,
            "servers_threads": threads,
            "servers_rss_mb": rss_mb,
            "servers_cpu_ms": servers_cpu * 1000 / max(1, len(sequences)),
            "client_cpu_ms": client_cpu * 1000 / max(1, len(sequences)),
            "refetch": _refetch_figures(refetch, times, setup.slug) if refetch else None,
            "chair": chair.how,
        }
    finally:
        await chair.close()
        await asyncio.gather(*(s.close() for s in screens))


async def _refetch_phase(
    args: argparse.Namespace,
    congress: Congress,
    chair: Chair,
    live: list[Screen],
    deadline: float,
) -> Refetch | None:
    """Further calls, each followed by `--refetch` screens fetching their fragment as soon
    as the event reaches them; returns when each call's fragments are all in."""
    if not args.refetch or not args.refetch_events or not congress.fragment:
        return None
    refetch = Refetch(congress.fragment)
    # A sample spread over both processes and over the sessions.
    step = max(1, len(live) // args.refetch)
    sample = live[::step][: args.refetch]
    for screen in sample:
        screen.on_event = refetch.on_event
    try:
        for index in range(args.refetch_events):
            if time.monotonic() > deadline:
                break
            ident = await _next_event(chair, args.events + index, live, deadline)
            if ident is None:
                continue
            refetch.received.setdefault(ident, [])
            async with asyncio.timeout(max(1.0, deadline - time.monotonic())):
                while refetch.tasks:
                    await asyncio.sleep(0.005)
            await asyncio.sleep(args.pause)
    finally:
        for screen in sample:
            screen.on_event = None
    return refetch


def _refetch_figures(
    refetch: Refetch, times: dict[int, float], slug: str
) -> dict[str, float | int]:
    last_ms = []
    for ident, received in refetch.received.items():
        sequence = int(ident.rsplit(":", 1)[1])
        if received and sequence in times:
            last_ms.append((max(received) - times[sequence]) * 1000)
    return {
        "events": len(refetch.received),
        "fragments": sum(len(r) for r in refetch.received.values()),
        "failed": refetch.failed,
        "p50_ms": _percentile(last_ms, 0.50),
        "max_ms": max(last_ms) if last_ms else float("nan"),
    }


# Command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screens", type=int, default=2000)
    parser.add_argument("--events", type=int, default=50, help="next-speaker calls measured")
    parser.add_argument("--seats", type=int, default=1349, help="full seats, all checked in")
    parser.add_argument("--alternates", type=int, default=100)
    parser.add_argument("--logins", type=int, default=300, help="seat holders with a session")
    parser.add_argument(
        "--refetch", type=int, default=200, help="screens re-fetching their fragment (0: none)"
    )
    parser.add_argument("--refetch-events", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between calls")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--connect-at-once", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=300.0, help="bound on each phase")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument(
        "--chair",
        choices=("api", "process"),
        default="api",
        help="api: the HTTP API's next-speaker operation (a process of its own running the "
        "action when the API has none); process: always the process",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.screens <= 20_000 or not 1 <= args.events <= 1_000:
        parser.error("--screens must be 1..20000 and --events 1..1000")
    if not 1 <= args.logins <= args.seats or args.alternates < 0:
        parser.error("--logins must be 1..--seats, --alternates at least 0")
    if args.refetch > args.screens:
        parser.error("--refetch must be at most --screens")
    # One call more than measured: the warm-up.
    requests = args.events + (args.refetch_events if args.refetch else 0) + 1
    if requests > args.seats:
        parser.error("more calls than full seats: every call needs a speaker waiting")
    limit = _raise_open_files(args.screens + args.refetch + 512)
    if limit < args.screens + 64:
        parser.error(f"the open-files limit is {limit}: too low for {args.screens} screens")
    if not redis_reachable(args.redis_url):
        print(f"Redis does not answer at {args.redis_url}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    directory = Path(tempfile.mkdtemp(prefix="collegium-screens-bench-"))
    try:
        setup = prepare(directory, redis_url=args.redis_url)
        congress = fill_congress(
            setup,
            {
                "slug": setup.slug,
                "seats": args.seats,
                "alternates": args.alternates,
                "logins": args.logins,
                "requests": requests,
            },
            args.timeout,
        )
        print(
            f"set-up: {args.seats} full seats and {args.alternates} alternates, "
            f"{len(congress.sessions)} sessions, {congress.requests} requests for the floor, "
            f"{congress.set_up_seconds:.1f} s",
            file=sys.stderr,
        )
        print(f"bulk_check_in seats={congress.checked_in} seconds={congress.check_in_seconds:.2f}")
        if args.refetch and not congress.fragment:
            print(
                f"refetch: skipped, no delegate fragment ({FRAGMENT_URL_NAME}) to fetch",
                file=sys.stderr,
            )
        with servers(setup, args.servers) as started:
            result = asyncio.run(bench(args, setup, congress, started))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    load_after = os.getloadavg()
    print(
        f"events={result['events']} open={result['open']} max_ms={result['max_ms']:.0f} "
        f"median_screen_ms={result['median_screen_ms']:.0f} "
        f"connect_s={result['connect_s']:.1f} bare={result['bare']} "
        f"cpu_ms_per_event: servers={result['servers_cpu_ms']:.0f} "
        f"client={result['client_cpu_ms']:.0f} "
        f"servers_threads={result['servers_threads']} "
        f"servers_rss_mb={result['servers_rss_mb']:.0f} "
        f"load_before={load_before[0]:.2f} load_after={load_after[0]:.2f} cores={os.cpu_count()}"
    )
    refetch = result["refetch"]
    if refetch:
        print(
            f"refetch screens={args.refetch} events={refetch['events']} "
            f"fragments={refetch['fragments']} failed={refetch['failed']} "
            f"p50_ms={refetch['p50_ms']:.0f} max_ms={refetch['max_ms']:.0f}"
        )
    print(
        f"live_screens screens={result['screens']} p50_ms={result['p50_ms']:.0f} "
        f"p99_ms={result['p99_ms']:.0f} lost={result['lost']}"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["_fill"]:
        _fill(json.loads(sys.argv[2]))
    elif sys.argv[1:2] == ["_chair"]:
        _chair(json.loads(sys.argv[2]))
    else:
        sys.exit(main())
