"""Benchmark: live updates fanned out to many open pages across two server processes.

Starts two `collegium serve` processes on one SQLite file, with the Redis live backend,
opens `--subscribers` server-sent-event streams split between them (signed in as a member
and as an admin, alternately), then makes `--actions` real actions through the HTTP API
(seat a guest, vacate that seat, alternately, through the two processes in turn). For each
committed action it takes the time from the journal entry's `recorded_at` (written inside
the action's transaction, just before its commit) to the moment the last subscriber had
the event, and prints as its last line:

    live_fanout subscribers=N p50_ms=N p99_ms=N lost=N

where `lost` counts (subscriber, event) pairs that never arrived. Everything is on
loopback, bounded in count and time (`--timeout`); the data directory is temporary.

    .venv/bin/python -m bench.live_fanout [--subscribers 2000] [--actions 100]

`tests/live/test_two_processes.py` uses the same helpers (prepare, servers, subscriber)
to check that an action made through one process reaches a page served by another.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
# Run as a script (`python bench/live_fanout.py`): make `bench` importable.
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
SLUG = "live-union"
BODY = "congress"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


# Set-up --------------------------------------------------------------------------------


@dataclass
class Setup:
    """A prepared data directory: what the servers share and what clients need."""

    data_dir: Path
    channel: str
    redis_url: str
    slug: str = SLUG
    body: str = BODY
    token: str = ""  # an admin's API token (Authorization: Bearer …)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key
    # A PostgreSQL database for the servers instead of the SQLite file in data_dir.
    database_url: str = ""
    # More environment for the servers (COLLEGIUM_DB_POOL_MAX, say).
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "COLLEGIUM_DATA_DIR": str(self.data_dir),
            "COLLEGIUM_LIVE_BACKEND": "redis",
            "COLLEGIUM_LIVE_CHANNEL": self.channel,
            "REDIS_URL": self.redis_url,
            "DJANGO_SETTINGS_MODULE": "collegium.settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
        env.pop("DATABASE_URL", None)  # the servers share the SQLite file in data_dir
        env.pop("COLLEGIUM_TEST_SQLITE", None)
        if self.database_url:  # or the PostgreSQL database named
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env


def redis_reachable(url: str = REDIS_URL) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return False


def prepare(
    data_dir: Path,
    *,
    channel: str | None = None,
    redis_url: str = REDIS_URL,
    database_url: str = "",
) -> Setup:
    """Migrate a fresh SQLite database in `data_dir` (or the empty PostgreSQL database at
    `database_url`) and fill it (in subprocesses, so that this process need not configure
    Django): an organization, a body, an admin with an API token, a member with a login,
    and a signed-in session for each."""
    setup = Setup(
        data_dir,
        channel or f"collegium:live:bench:{uuid.uuid4().hex}",
        redis_url,
        database_url=database_url,
    )
    env = setup.env()
    migrated = subprocess.run(
        [sys.executable, "-m", "collegium", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if migrated.returncode != 0:
        raise RuntimeError(f"migrate failed: {migrated.stderr}")
    filled = subprocess.run(
        [sys.executable, "-m", "bench.live_fanout", "_fill"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    if filled.returncode != 0:
        raise RuntimeError(f"filling the database failed: {filled.stderr}")
    made = json.loads(filled.stdout.strip().splitlines()[-1])
    setup.token, setup.sessions = made["token"], made["sessions"]
    return setup


def _fill() -> None:
    """In a subprocess with the servers' environment: make the data, print it as JSON."""
    import django

    django.setup()
    from django.contrib.auth.models import User

    from collegium.access.actions import issue_token
    from collegium.bodies.actions import create_body
    from collegium.bodies.models import BodyKind
    from collegium.journal.actors import SYSTEM
    from collegium.registry.actions import (
        add_admin,
        create_organization,
        link_login,
        register_member,
    )

    admin = User.objects.create_user("ada")
    member_user = User.objects.create_user("mia")
    organization = create_organization(actor=SYSTEM, name="Live Union", slug=SLUG)
    add_admin(actor=SYSTEM, organization=organization, username="ada")
    create_body(
        actor=SYSTEM,
        organization=organization,
        name="Congress",
        slug=BODY,
        kind=BodyKind.CONGRESS,
        full_seats=100,
    )
    member = register_member(actor=SYSTEM, organization=organization, number="M-1", name="Mia")
    link_login(actor=SYSTEM, member=member, username="mia")
    _, token = issue_token(actor=SYSTEM, user=admin, name="live fan-out benchmark")

    sessions = {"admin": session_key(admin), "member": session_key(member_user)}
    print(json.dumps({"token": token, "sessions": sessions}))


def session_key(user: Any) -> str:
    """A signed-in session for `user` (Django set up in this process), as the login page
    would make it: what a benchmark's pages and streams send as their cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextlib.contextmanager
def servers(
    setup: Setup, count: int = 2, *, ready_timeout: float = 60.0, gc_threshold: int = 0
) -> Iterator[list[Server]]:
    """`count` server processes (`collegium serve`) sharing the prepared database. With
    `gc_threshold`, they run with COLLEGIUM_GC_THRESHOLD set to it (700: Python's
    default); otherwise with what `collegium serve` sets by itself."""
    command = [sys.executable, "-m", "collegium"]
    env = setup.env()
    if gc_threshold:
        env["COLLEGIUM_GC_THRESHOLD"] = str(int(gc_threshold))
    started: list[Server] = []
    try:
        for index in range(count):
            port = free_port()
            log = setup.data_dir / f"server-{index}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [*command, "serve", "--host", HOST, "--port", str(port)],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                )
            started.append(Server(port, process, log))
        deadline = time.monotonic() + ready_timeout
        for server in started:
            while True:
                if server.process.poll() is not None:
                    raise RuntimeError(f"server on {server.port} ended:\n{server.output()}")
                try:
                    with urllib.request.urlopen(f"http://{HOST}:{server.port}/login/", timeout=5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"server on {server.port} did not answer:\n{server.output()}"
                        ) from None
                    time.sleep(0.1)
        yield started
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=15)


# A small HTTP client (loopback only) ---------------------------------------------------


def request_bytes(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> bytes:
    """A request as sent: `body` as JSON, `Connection: close`."""
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class _OneRequest(asyncio.Protocol):
    """One request on a connection of its own, its answer parsed as the bytes arrive (an
    asyncio protocol costs a load generator about half what a stream reader does, and it
    shares the cores of the servers it measures). An answer without Content-Length ends
    when the server closes the connection."""

    def __init__(self, request: bytes, answer: asyncio.Future[tuple[int, bytes]]) -> None:
        self.request = request
        self.answer = answer
        self.received = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass
        self.transport.write(self.request)

    def _parsed(self) -> tuple[int, int | None, bytes] | None:
        head, found, body = self.received.partition(b"\r\n\r\n")
        if not found:
            return None
        lines = head.split(b"\r\n")
        length = next(
            (int(line[15:]) for line in lines if line.lower().startswith(b"content-length:")),
            None,
        )
        return int(lines[0].split()[1]), length, body

    def data_received(self, data: bytes) -> None:
        self.received += data
        parsed = self._parsed()
        if parsed is None:
            return
        status, length, body = parsed
        if length is not None and len(body) >= length:
            if not self.answer.done():
                self.answer.set_result((status, body[:length]))
            if self.transport is not None:
                self.transport.close()

    def connection_lost(self, error: Exception | None) -> None:
        if self.answer.done():
            return
        parsed = self._parsed() if error is None else None
        if parsed is not None and parsed[1] is None:
            self.answer.set_result((parsed[0], parsed[2]))
        else:
            self.answer.set_exception(error or ConnectionError("closed before the answer"))


async def send_request(port: int, request: bytes) -> tuple[int, bytes]:
    """Send `request` (request_bytes) on a connection of its own: the status and body."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[tuple[int, bytes]] = loop.create_future()
    transport, _protocol = await loop.create_connection(
        lambda: _OneRequest(request, answer), HOST, port
    )
    try:
        return await answer
    finally:
        transport.close()


def decoded(data: bytes) -> Any:
    """An answer's body as JSON, or as text when it is not JSON."""
    text = data.decode(errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def http_request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> tuple[int, Any]:
    """One request on its own connection; returns the status and the decoded JSON body
    (or the text when it is not JSON)."""
    request = request_bytes(port, method, path, headers=headers, body=body)
    status, data = await send_request(port, request)
    return status, decoded(data)


@dataclass
class Message:
    event: str
    id: str
    data: str
    at: float  # time.time() when it was parsed


class Subscriber(asyncio.Protocol):
    """One open page: an SSE stream read over a raw connection, parsed as the bytes
    arrive (an asyncio protocol: no task per stream, so the client stays cheap next to
    the servers it measures). `ready` is set by the stream's `live.hello`; every event
    afterwards is kept with the time it arrived (only its `id`, unless `keep_messages`)."""

    def __init__(self, port: int, path: str, *, session: str | None = None) -> None:
        self.port = port
        self.path = path
        self.session = session
        self.ready = asyncio.Event()
        self.closed = asyncio.Event()
        self.arrived: dict[str, float] = {}  # event id ("chain:sequence") -> time.time()
        self.messages: list[Message] = []
        self.keep_messages = False
        self.status = 0
        self.error: BaseException | None = None
        self._transport: asyncio.Transport | None = None
        self._task: asyncio.Task[None] | None = None
        self._head: bytes | None = b""  # None once the response's head is read
        self._chunked = False
        self._raw = b""  # body bytes as received (chunked framing included)
        self._text = b""  # the event stream itself

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._connect())

    async def _connect(self) -> None:
        try:
            await asyncio.get_running_loop().create_connection(lambda: self, HOST, self.port)
        except OSError as error:
            self._finish(error)

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport = cast(asyncio.Transport, transport)  # uvloop's: no subclass
        lines = [f"GET {self.path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        lines.append("Accept: text/event-stream")
        if self.session:
            lines.append(f"Cookie: sessionid={self.session}")
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def data_received(self, data: bytes) -> None:
        if self._head is not None:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, data = self._head[:end].decode("latin-1"), self._head[end + 4 :]
            self._head = None
            self.status = int(head.split(" ", 2)[1])
            self._chunked = "transfer-encoding: chunked" in head.lower()
            if self.status != 200:
                self._finish(None)
                return
        if self._chunked:
            self._raw += data
            while True:
                end_of_size = self._raw.find(b"\r\n")
                if end_of_size < 0:
                    break
                size = int(self._raw[:end_of_size].split(b";", 1)[0], 16)
                if size == 0:
                    self._finish(None)
                    return
                end = end_of_size + 2 + size
                if len(self._raw) < end + 2:
                    break
                self._text += self._raw[end_of_size + 2 : end]
                self._raw = self._raw[end + 2 :]
        else:
            self._text += data
        while True:
            cut = self._text.find(b"\n\n")
            if cut < 0:
                break
            self._message(self._text[:cut])
            self._text = self._text[cut + 2 :]

    def connection_lost(self, error: Exception | None) -> None:
        self._finish(error)

    def _finish(self, error: BaseException | None) -> None:
        if error is not None and self.error is None:
            self.error = error
        if self._transport is not None:
            self._transport.close()
        self.closed.set()
        self.ready.set()  # never leave a waiter hanging; check `status`/`error`

    def _message(self, block: bytes) -> None:
        now = time.time()
        event, ident, data = "message", "", ""
        for line in block.split(b"\n"):
            name, _, value = line.partition(b":")
            value = value[1:] if value.startswith(b" ") else value
            if name == b"event":
                event = value.decode()
            elif name == b"id":
                ident = value.decode()
            elif name == b"data" and self.keep_messages:
                data = value.decode()
        if event == "live.hello":
            self.ready.set()
        elif ident:
            self.arrived.setdefault(ident, now)
        if self.keep_messages and (ident or event != "message"):
            self.messages.append(Message(event, ident, data, now))

    async def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


# The benchmark -------------------------------------------------------------------------


def _raise_open_files(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[rank]


async def _connect_all(
    subscribers: list[Subscriber], *, at_once: int, timeout: float
) -> tuple[int, float]:
    """Open the streams, `at_once` connecting at a time; wait for each one's hello."""
    started = time.perf_counter()
    gate = asyncio.Semaphore(at_once)

    async def open_one(subscriber: Subscriber) -> None:
        async with gate:
            subscriber.start()
            await subscriber.ready.wait()

    async with asyncio.timeout(timeout):
        await asyncio.gather(*(open_one(s) for s in subscribers))
    failed = sum(1 for s in subscribers if s.status != 200 or s.closed.is_set())
    return failed, time.perf_counter() - started


async def _act(setup: Setup, port: int, index: int, seat_id: int | None) -> tuple[int | None, int]:
    """One action through the server on `port`: seat a guest, or vacate the last seat."""
    auth = {"Authorization": f"Bearer {setup.token}"}
    base = f"/api/organizations/{setup.slug}/bodies/{setup.body}/seats"
    if seat_id is None:
        status, answer = await http_request(
            port,
            "POST",
            base,
            headers=auth,
            body={"role": "guest", "origin": "appointed", "guest_name": f"Guest {index}"},
        )
        if status != 201:
            raise RuntimeError(f"seating failed: {status} {answer}")
        return int(answer["id"]), status
    status, answer = await http_request(
        port, "POST", f"{base}/{seat_id}/vacate", headers=auth, body={"reason": "benchmark"}
    )
    if status != 200:
        raise RuntimeError(f"vacating failed: {status} {answer}")
    return None, status


async def _recorded_at(setup: Setup, port: int, count: int) -> dict[int, float]:
    """Sequence -> recorded_at (epoch seconds) of the chain's newest `count` entries."""
    found: dict[int, float] = {}
    before: int | None = None
    while len(found) < count:
        query = f"?limit=500{f'&before={before}' if before else ''}"
        status, page = await http_request(
            port,
            "GET",
            f"/api/organizations/{setup.slug}/journal{query}",
            headers={"Authorization": f"Bearer {setup.token}"},
        )
        if status != 200:
            raise RuntimeError(f"reading the journal failed: {status} {page}")
        for item in page["items"]:
            found[item["sequence"]] = datetime.fromisoformat(item["recorded_at"]).timestamp()
        before = page["next_before"]
        if before is None:
            break
    return found


async def bench(args: argparse.Namespace, setup: Setup, started: list[Server]) -> dict[str, Any]:
    ports = [server.port for server in started]
    pids = [server.process.pid for server in started]
    roles = ["member", "admin"]
    subscribers = [
        Subscriber(
            ports[i % len(ports)],
            f"/o/{setup.slug}/live/",
            session=setup.sessions[roles[(i // len(ports)) % len(roles)]],
        )
        for i in range(args.subscribers)
    ]
    try:
        failed, connect_seconds = await _connect_all(
            subscribers, at_once=args.connect_at_once, timeout=args.timeout
        )
        print(
            f"{args.subscribers - failed} of {args.subscribers} streams open on ports "
            f"{ports} in {connect_seconds:.1f} s",
            file=sys.stderr,
        )
        live = [s for s in subscribers if s.status == 200 and not s.closed.is_set()]
        # The client's own garbage collection would stall every stream it reads at once.
        gc.collect()
        gc.freeze()
        threads, rss_mb = _threads_and_memory(pids)
        expected: list[str] = []  # event ids, in the order the actions ran
        seat_id: int | None = None
        deadline = time.monotonic() + args.timeout
        # Processor time of the action phase alone: the servers' and this client's.
        servers_cpu, client_cpu = _cpu_seconds(pids), time.process_time()
        for index in range(args.actions):
            if time.monotonic() > deadline:
                print("time is up; stopping early", file=sys.stderr)
                break
            port = ports[index % len(ports)]
            known = set(live[0].arrived) if live else set()
            seat_id, _ = await _act(setup, port, index, seat_id)
            # Wait until every open stream has the new event (or 5 s have passed).
            wait_until = time.monotonic() + 5.0
            new_id = ""
            while time.monotonic() < wait_until:
                if live and not new_id:
                    fresh = [ident for ident in live[0].arrived if ident not in known]
                    new_id = fresh[0] if fresh else ""
                if new_id and all(new_id in s.arrived for s in live):
                    break
                await asyncio.sleep(0.005)
            if new_id:
                expected.append(new_id)
            await asyncio.sleep(args.pause)
        servers_cpu = _cpu_seconds(pids) - servers_cpu
        client_cpu = time.process_time() - client_cpu
        # Let stragglers arrive, then compare with the journal's own times.
        await asyncio.sleep(1.0)
        # Every event the actions caused, whether or not the first stream saw it.
        sequences = sorted({int(i.rsplit(":", 1)[1]) for s in live for i in s.arrived})
        times = await _recorded_at(setup, ports[0], len(sequences) + 10)
        latencies_ms: list[float] = []
        lost = len(subscribers) - len(live)  # streams that never opened lose everything
        for sequence in sequences:
            ident = f"{setup.slug}:{sequence}"
            got = [s.arrived[ident] for s in live if ident in s.arrived]
            lost += len(live) - len(got)
            if got and sequence in times:
                latencies_ms.append((max(got) - times[sequence]) * 1000)
        slowest = sorted(latencies_ms)[-5:]
        print("slowest events (ms):", " ".join(f"{v:.0f}" for v in slowest), file=sys.stderr)
        missing_actions = args.actions - len(sequences)
        lost += max(0, missing_actions) * len(subscribers)
        medians = [
            statistics.median(
                (s.arrived[f"{setup.slug}:{q}"] - times[q]) * 1000
                for s in live
                if f"{setup.slug}:{q}" in s.arrived
            )
            for q in sequences
            if q in times
        ]
        return {
            "subscribers": args.subscribers,
            "open": len(live),
            "events": len(sequences),
            "p50_ms": _percentile(latencies_ms, 0.50),
            "p99_ms": _percentile(latencies_ms, 0.99),
            "max_ms": max(latencies_ms) if latencies_ms else float("nan"),
            "median_subscriber_ms": statistics.median(medians) if medians else float("nan"),
            "lost": lost,
            "connect_s": connect_seconds,
            "servers_threads": threads,
            "servers_rss_mb": rss_mb,
            "servers_cpu_ms": servers_cpu * 1000 / max(1, len(sequences)),
            "client_cpu_ms": client_cpu * 1000 / max(1, len(sequences)),
        }
    finally:
        await asyncio.gather(*(s.close() for s in subscribers))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--actions", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between actions")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--connect-at-once", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=300.0, help="bound on each phase")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument(
        "--server-gc-threshold",
        type=int,
        default=0,
        help="run the servers with COLLEGIUM_GC_THRESHOLD=N (700: Python's default); "
        "0: as `collegium serve` sets it (50,000)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.subscribers <= 20_000 or not 1 <= args.actions <= 10_000:
        parser.error("--subscribers must be 1..20000 and --actions 1..10000")
    limit = _raise_open_files(args.subscribers + 512)
    if limit < args.subscribers + 64:
        parser.error(f"the open-files limit is {limit}: too low for {args.subscribers} streams")
    if not redis_reachable(args.redis_url):
        print(f"Redis does not answer at {args.redis_url}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    directory = Path(tempfile.mkdtemp(prefix="collegium-live-bench-"))
    try:
        setup = prepare(directory, redis_url=args.redis_url)
        # The servers inherit the raised open-files limit: each needs a file per stream.
        with servers(setup, args.servers, gc_threshold=args.server_gc_threshold) as started:
            result = asyncio.run(bench(args, setup, started))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    load_after = os.getloadavg()
    print(
        f"events={result['events']} open={result['open']} max_ms={result['max_ms']:.0f} "
        f"median_subscriber_ms={result['median_subscriber_ms']:.0f} "
        f"connect_s={result['connect_s']:.1f} "
        f"cpu_ms_per_event: servers={result['servers_cpu_ms']:.0f} "
        f"client={result['client_cpu_ms']:.0f} "
        f"servers_threads={result['servers_threads']} "
        f"servers_rss_mb={result['servers_rss_mb']:.0f} "
        f"load_before={load_before[0]:.2f} load_after={load_after[0]:.2f} cores={os.cpu_count()}"
    )
    print(
        f"live_fanout subscribers={result['subscribers']} p50_ms={result['p50_ms']:.0f} "
        f"p99_ms={result['p99_ms']:.0f} lost={result['lost']}"
    )
    return 0


def _threads_and_memory(pids: list[int]) -> tuple[int, float]:
    """Threads and resident memory (MB) of the given processes, summed (Linux /proc)."""
    threads, rss_kb = 0, 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                name, _, value = line.partition(":")
                if name == "Threads":
                    threads += int(value)
                elif name == "VmRSS":
                    rss_kb += int(value.split()[0])
    return threads, rss_kb / 1024


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the given processes so far (Linux /proc)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


if __name__ == "__main__":
    if sys.argv[1:2] == ["_fill"]:
        _fill()
    else:
        sys.exit(main())
