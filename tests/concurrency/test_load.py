"""Load: two `collegium serve` processes under a burst of anonymous requests, and request
bodies refused before they are read.

On PostgreSQL each process keeps a bounded pool of connections (settings.py,
COLLEGIUM_DB_POOL_MAX). 500 simultaneous anonymous requests must all succeed (they queue
for the pool), the service must answer afterwards, and PostgreSQL must hold no more
connections to the database than pool size × processes. With a pool of one and a short
timeout, requests that cannot get a connection in time answer 503 with Retry-After, never
500. The servers run on a scratch database of their own (created and dropped here;
`bench.live_fanout.prepare` migrates and fills it). The body-limit checks run on SQLite too.

Everything is on loopback and bounded in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from bench.live_fanout import HOST, Server, Setup, prepare, servers
from bench.scratch_db import _admin, drop_postgres, scratch_postgres

from tests.concurrency.databases import DATABASE_URL, ON_POSTGRES, postgres_only

pool_is_postgres = postgres_only("the connection pool is PostgreSQL's")

POOL_MAX = 10
BURST = 500
MB = 1024 * 1024

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
    """asyncio.run in a thread of its own (the test's thread may run a loop already)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(asyncio.wait_for(coroutine, timeout))
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="load")
    thread.start()
    thread.join(timeout + 30)
    assert not thread.is_alive(), f"still running after {timeout} s"
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


@dataclasses.dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    declared: int | None = None,
) -> Answer:
    """One request on its own connection. With `declared` the Content-Length says so but
    only `body` is sent: the answer must come without the rest."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        length = len(body) if declared is None else declared
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if method != "GET":
            lines.append(f"Content-Length: {length}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        answer = Answer(int(status_line.split()[1]), {}, b"")
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer.headers[name.strip().lower()] = value.strip()
        answer.body = await reader.readexactly(int(answer.headers.get("content-length", "0")))
        return answer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


@pytest.fixture(scope="module")
def database_url(worker_id: str) -> Iterator[str]:
    """A scratch PostgreSQL database for the servers, or "" (SQLite in the data dir)."""
    if not ON_POSTGRES:
        yield ""
        return
    url = scratch_postgres(DATABASE_URL, f"load_{worker_id}_{uuid.uuid4().hex[:8]}")
    if url is None:
        pytest.skip("PostgreSQL is not reachable")
    yield url
    drop_postgres(url)


@pytest.fixture(scope="module")
def setup(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return prepare(tmp_path_factory.mktemp("load"), database_url=database_url)


@pytest.fixture(scope="module")
def two_servers(setup: Setup) -> Iterator[list[Server]]:
    pooled = dataclasses.replace(
        setup,
        extra_env={"COLLEGIUM_DB_POOL_MAX": str(POOL_MAX), "COLLEGIUM_DB_POOL_TIMEOUT": "10"},
    )
    with servers(pooled, 2) as started:
        yield started


def connections_to(database_url: str) -> dict[str, int]:
    """PostgreSQL's connections to the database, by state."""
    name = database_url.rsplit("/", 1)[1]
    with _admin(DATABASE_URL) as admin:
        rows = admin.execute(
            "SELECT coalesce(state, ''), count(*) FROM pg_stat_activity "
            "WHERE datname = %s GROUP BY 1",
            (name,),
        ).fetchall()
    return {str(state): int(count) for state, count in rows}


@pool_is_postgres
def test_a_burst_of_500_anonymous_requests_all_succeed(
    two_servers: list[Server], setup: Setup, database_url: str
) -> None:
    path = f"/api/organizations/{setup.slug}"

    async def burst() -> tuple[list[int | str], float]:
        async def one(index: int) -> int | str:
            try:
                return (await request(two_servers[index % 2].port, "GET", path)).status
            except OSError as error:
                return repr(error)

        started = time.monotonic()
        statuses = await asyncio.gather(*(one(i) for i in range(BURST)))
        return list(statuses), time.monotonic() - started

    statuses, seconds = run(burst())
    tally = {str(s): statuses.count(s) for s in set(statuses)}
    print(f"\n{BURST} requests in {seconds:.1f} s: {tally}")
    assert statuses == [200] * BURST, tally

    for server in two_servers:
        assert run(request(server.port, "GET", path)).status == 200
    held = connections_to(database_url)
    print(f"connections to the database afterwards: {held}")
    assert sum(held.values()) <= POOL_MAX * len(two_servers), held
    assert held.get("idle", 0) <= POOL_MAX * len(two_servers), held


@pool_is_postgres
def test_requests_that_find_the_pool_exhausted_get_503_and_retry_after(setup: Setup) -> None:
    tiny = dataclasses.replace(
        setup, extra_env={"COLLEGIUM_DB_POOL_MAX": "1", "COLLEGIUM_DB_POOL_TIMEOUT": "0.05"}
    )
    page = f"/o/{setup.slug}/"
    api = f"/api/organizations/{setup.slug}"

    async def burst(port: int) -> list[Answer]:
        return list(
            await asyncio.gather(*(request(port, "GET", (page, api)[i % 2]) for i in range(300)))
        )

    with servers(tiny, 1) as (server,):
        answers = run(burst(server.port))
        statuses = {a.status for a in answers}
        print(f"\npool of one: {[a.status for a in answers].count(503)} of 300 were 503")
        assert statuses <= {200, 503}, statuses
        assert 503 in statuses, "the pool of one was never exhausted"
        for answer in answers:
            if answer.status == 503:
                assert answer.headers["retry-after"].isdigit()
                if answer.headers["content-type"].startswith("application/json"):
                    assert set(answer.json()) == {"detail", "rule", "problems"}
        # It recovers by itself.
        time.sleep(0.5)
        assert run(request(server.port, "GET", api)).status == 200
        assert run(request(server.port, "GET", page)).status == 200


def test_large_bodies_are_refused_before_they_are_read(two_servers: list[Server]) -> None:
    port = two_servers[0].port
    # 2 MB declared, none of it sent: the answer comes at once.
    login = run(request(port, "POST", "/login/", declared=2 * MB), timeout=10)
    assert login.status == 413
    assert login.headers["content-type"].startswith("text/html")
    api = run(request(port, "POST", "/api/tokens", declared=2 * MB), timeout=10)
    assert api.status == 413
    assert set(api.json()) == {"detail", "rule", "problems"}
    # And the server still answers.
    assert run(request(port, "GET", "/login/")).status == 200


def _multipart(csv: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="register.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + csv
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", body


def test_an_import_under_the_upload_limit_works_and_one_over_it_is_413(
    two_servers: list[Server], setup: Setup
) -> None:
    port = two_servers[1].port
    path = f"/api/organizations/{setup.slug}/members/import"
    # 2 MB: over the 1 MB of other routes, well under the register's limit.
    rows = "".join(f"L-{n},Member {n:06d} of the load test,North\n" for n in range(50_000))
    csv = ("number,name,unit\n" + rows).encode()
    assert len(csv) > 2 * MB
    content_type, body = _multipart(csv)
    headers = {"Authorization": f"Bearer {setup.token}", "Content-Type": content_type}
    imported = run(request(port, "POST", path, headers=headers, body=body))
    assert imported.status == 200, imported.body[:500]
    assert imported.json()["added"] == 50_000

    over = 65 * MB + 1
    refused = run(request(port, "POST", path, headers=headers, declared=over), timeout=10)
    assert refused.status == 413
    assert set(refused.json()) == {"detail", "rule", "problems"}
    page = run(request(port, "POST", f"/o/{setup.slug}/members/import/", declared=over), timeout=10)
    assert page.status == 413
