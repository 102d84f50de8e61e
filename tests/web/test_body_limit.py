"""Request bodies above the limit are refused with 413 before they are read
(collegium/http/body_limit.py), called here in-process as uvicorn calls it;
tests/concurrency/test_load.py checks the same against running servers."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar

import pytest

from collegium.http.body_limit import BodyLimit, limit_for
from collegium.meetings.actions.reports import DOCUMENT_BYTES

MB = 1024 * 1024
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own (the test's thread may run a loop already)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(asyncio.wait_for(coroutine, 30))
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


class Exchange:
    """One request: its body arrives in `chunks`; records what was read and answered."""

    def __init__(self, path: str, chunks: list[bytes], *, declared: int | None = None) -> None:
        headers = [(b"host", b"127.0.0.1")]
        if declared is not None:
            headers.append((b"content-length", str(declared).encode()))
        self.scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
        self.chunks = list(chunks)
        self.read = 0  # bytes handed to the server
        self.sent: list[Mapping[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        if not self.chunks:
            await asyncio.sleep(3600)  # the client waits for the answer
        chunk = self.chunks.pop(0)
        self.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(self.chunks)}

    async def send(self, message: Mapping[str, Any]) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent[1:])


class Echo:
    """An application that reads the whole body, as Django's handler does, and answers
    200 with its length; on a disconnect it stops and answers nothing."""

    def __init__(self) -> None:
        self.called = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called = True
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})


def test_a_declared_2_mb_post_to_login_is_413_without_being_read() -> None:
    # The real application: nothing of Django runs, no byte of the body is read.
    from collegium.asgi import application

    exchange = Exchange("/login/", [b"x" * MB] * 2, declared=2 * MB)
    run(application(exchange.scope, exchange.receive, exchange.send))
    assert exchange.status == 413
    assert exchange.read == 0
    assert b"Request too large" in exchange.body


def test_under_api_the_413_is_in_the_error_schema() -> None:
    from collegium.asgi import application

    exchange = Exchange("/api/tokens", [], declared=2 * MB)
    run(application(exchange.scope, exchange.receive, exchange.send))
    assert exchange.status == 413
    answer = json.loads(exchange.body)
    assert set(answer) == {"detail", "rule", "problems"} and "1 MB" in answer["detail"]


def test_a_chunked_body_is_cut_off_once_past_the_limit() -> None:
    app = Echo()
    exchange = Exchange("/login/", [b"x" * (256 * 1024)] * 40)  # 10 MB, no length
    run(BodyLimit(app)(exchange.scope, exchange.receive, exchange.send))
    assert app.called
    assert exchange.status == 413
    assert exchange.read <= MB + 256 * 1024  # stopped reading just past 1 MB
    assert [m["type"] for m in exchange.sent] == ["http.response.start", "http.response.body"]


def test_bodies_within_the_limit_pass_untouched() -> None:
    app = Echo()
    exchange = Exchange("/login/", [b"x" * 1000] * 3, declared=3000)
    run(BodyLimit(app)(exchange.scope, exchange.receive, exchange.send))
    assert (exchange.status, exchange.body) == (200, b"3000")


@pytest.mark.parametrize(
    "path", ["/o/test-union/members/import/", "/api/organizations/test-union/members/import"]
)
def test_the_register_import_takes_the_upload_limit(path: str, settings: Any) -> None:
    assert limit_for(path) == settings.UPLOAD_BODY_MAX_BYTES > settings.REGISTER_UPLOAD_MAX_BYTES
    assert limit_for(path + "x") == limit_for("/o/test-union/") == settings.REQUEST_BODY_MAX_BYTES

    app = Echo()
    five_mb = Exchange(path, [b"x" * MB] * 5, declared=5 * MB)
    run(BodyLimit(app)(five_mb.scope, five_mb.receive, five_mb.send))
    assert (five_mb.status, five_mb.body) == (200, str(5 * MB).encode())

    over = settings.UPLOAD_BODY_MAX_BYTES + 1
    too_large = Exchange(path, [], declared=over)
    run(BodyLimit(Echo())(too_large.scope, too_large.receive, too_large.send))
    assert too_large.status == 413 and too_large.read == 0


@pytest.mark.parametrize(
    "path",
    [
        "/o/test-union/bodies/cc/sittings/1/items/1/report/",
        "/o/test-union/bodies/cc/sittings/12/items/2.1/counter-report/",
    ],
)
def test_a_reports_form_takes_its_documents_limit(path: str, settings: Any) -> None:
    assert limit_for(path) == settings.REPORT_BODY_MAX_BYTES > DOCUMENT_BYTES + MB
    assert limit_for(path + "x") == settings.REQUEST_BODY_MAX_BYTES
    assert limit_for(path.replace("/items/", "/other/")) == settings.REQUEST_BODY_MAX_BYTES

    app = Echo()
    eleven_mb = Exchange(path, [b"x" * MB] * 11, declared=11 * MB)
    run(BodyLimit(app)(eleven_mb.scope, eleven_mb.receive, eleven_mb.send))
    assert (eleven_mb.status, eleven_mb.body) == (200, str(11 * MB).encode())
