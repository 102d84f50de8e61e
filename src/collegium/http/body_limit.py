"""Request bodies are refused above a limit before they are read (an ASGI wrapper).

Django's ASGI handler reads a request's whole body before any middleware runs, so a limit
checked in a middleware comes too late: eight anonymous 60 MB POSTs would already be in
memory. `BodyLimit` wraps the application (asgi.py) and answers 413 instead:

- at once, when the declared Content-Length is above the limit (nothing is read);
- while reading, for a body without one (chunked): as soon as more than the limit has
  arrived, the application is told the client went away (so Django stops reading and
  answers nothing) and the 413 is sent in its place.

The limit is `settings.REQUEST_BODY_MAX_BYTES` (1 MB) on every route but those that take
a file: the register's import (the page `o/SLUG/members/import/` and `POST
/api/organizations/SLUG/members/import`), which takes `settings.UPLOAD_BODY_MAX_BYTES`, and
a sitting's report and counter-report forms (a PDF document), which take
`settings.REPORT_BODY_MAX_BYTES`: each the file's limit plus room for the form.
Under /api/ the 413 is JSON in the API's error schema; elsewhere a plain page.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy

from collegium.http.plain import refusal_body

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The routes that take an uploaded register (registry/urls.py, registry/api.py).
UPLOAD_ROUTES = (
    re.compile(r"^/o/[^/]+/members/import/$"),
    re.compile(r"^/api/organizations/[^/]+/members/import$"),
)
# The forms that take a report's document (meetings/sittings/urls.py).
REPORT_ROUTES = (
    re.compile(r"^/o/[^/]+/bodies/[^/]+/sittings/\d+/items/[^/]+/(counter-)?report/$"),
)

# Nothing here may touch the database.
TOO_LARGE_TITLE = gettext_lazy("Request too large")
RULE = "request.too-large"
TOO_LARGE_MESSAGE = gettext_lazy("The request is larger than %(limit)s; it was not read.")


def limit_for(path: str) -> int:
    """The largest body, in bytes, that a request to `path` may have."""
    if any(route.match(path) for route in UPLOAD_ROUTES):
        return int(settings.UPLOAD_BODY_MAX_BYTES)
    if any(route.match(path) for route in REPORT_ROUTES):
        return int(settings.REPORT_BODY_MAX_BYTES)
    return int(settings.REQUEST_BODY_MAX_BYTES)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    message = TOO_LARGE_MESSAGE % {"limit": _size(limit)}
    body, content_type = refusal_body(scope["path"], str(TOO_LARGE_TITLE), message, RULE)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is not read: the connection cannot be reused.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """The ASGI wrapper (see the module). Lifespan and other scopes pass through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, send, limit)
            return

        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, watched_send)
        if exceeded and not started:
            await _too_large(scope, send, limit)
