"""The lean path for ballots sent with an API token (an ASGI wrapper, asgi.py).

`POST /api/organizations/ORG/bodies/BODY/sittings/N/votes/V/ballot` is an operation of
the API (voting/api.py); a congress's 10,000 delegates send it within seconds. Through
Django each would cost a token lookup, four lookups of the address, a permission check
and a transaction of its own. Here:

- the vote named by the address is read once and kept in memory;
- the ballot goes, with the digest of its token, to the process's batcher
  (batching.py), which commits the ballots that arrive together in one transaction
  through the same action as the API's; that transaction finds the tokens' logins too
  (one query for the batch, with the API's checks: a revoked token stops at once);
- the answer, 201 with the receipt, is sent only once that transaction has committed;
  a second ballot (`vote.already-voted`) and one after the close (`vote.closed`) are
  answered here too, with the API's 400 in the caller's language.

Anything else goes to Django unchanged, body included: a session cookie, a body that is
not a plain ballot, an unknown address, and every other refusal (an unknown, revoked or
read-only token, someone not among the voters, …): a refused cast changes nothing, so
Django's answer to it is the one sent."""

from __future__ import annotations

import asyncio
import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from collegium.access.models import token_digest
from collegium.voting.actions.casting import CHOICES, Cast, already_voted, receipt_text
from collegium.voting.actions.common import closed_refusal
from collegium.voting.batching import batcher
from collegium.voting.models import Vote

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BALLOT = re.compile(
    r"^/api/organizations/(?P<org>[^/]+)/bodies/(?P<body>[^/]+)/sittings/(?P<sitting>\d{1,9})"
    r"/votes/(?P<vote>\d{1,9})/ballot$"
)
MAX_BODY = 4096
_KEPT = 1000  # votes kept per process


_votes: OrderedDict[tuple[str, str, int, int], Vote] = OrderedDict()


def _vote_named(key: tuple[str, str, int, int]) -> Vote | None:
    org, body, sitting, number = key
    try:
        return (
            Vote.objects.select_related("sitting__body__organization")
            .filter(
                sitting__body__organization__slug=org,
                sitting__body__slug=body,
                sitting__number=sitting,
                number=number,
            )
            .first()
        )
    finally:
        close_old_connections()


_loading: dict[tuple[str, str, int, int], asyncio.Future[Vote | None]] = {}


async def _vote(key: tuple[str, str, int, int]) -> Vote | None:
    """The vote, read once however many ballots ask at the same moment."""
    known = _votes.get(key)
    if known is not None:
        _votes.move_to_end(key)
        return known
    loading = _loading.get(key)
    if loading is not None:
        return await asyncio.shield(loading)
    future: asyncio.Future[Vote | None] = asyncio.get_running_loop().create_future()
    _loading[key] = future
    try:
        found = await sync_to_async(_vote_named, thread_sensitive=False)(key)
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved: the waiters raise it, nobody else need
        raise
    finally:
        del _loading[key]
    if found is not None:
        _votes[key] = found
        while len(_votes) > _KEPT:
            _votes.popitem(last=False)
    future.set_result(found)
    return found


def _bearer(scope: Scope) -> str | None:
    secret = None
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            return None  # a session: Django checks its CSRF token
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            secret = value[7:].strip().decode("latin-1")
    return secret or None


def _language(scope: Scope) -> str:
    """The caller's language, as LocaleMiddleware would choose it from Accept-Language."""
    for name, value in scope.get("headers", ()):
        if name == b"accept-language":
            for code, _quality in parse_accept_lang_header(value.decode("latin-1")):
                try:
                    return translation.get_supported_language_variant(code)
                except LookupError:
                    continue
    return str(settings.LANGUAGE_CODE)


def _ballot(body: bytes) -> tuple[str, str] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) - {"choice", "replacing"}:
        return None
    choice, replacing = data.get("choice"), data.get("replacing", "")
    if choice not in CHOICES or not isinstance(replacing, str) or len(replacing) > 64:
        return None
    return str(choice), replacing


class FastBallots:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = (
            BALLOT.match(scope.get("path", ""))
            if scope["type"] == "http" and scope.get("method") == "POST"
            else None
        )
        secret = _bearer(scope) if match is not None else None
        if match is None or secret is None:
            await self.app(scope, receive, send)
            return
        messages, body = await _read(receive)
        if await self._cast(match, secret, body, send, scope):
            return
        await self.app(scope, _replay(messages, receive), send)

    async def _cast(
        self, match: re.Match[str], secret: str, body: bytes | None, send: Send, scope: Scope
    ) -> bool:
        """Answer the cast here if it is a plain ballot of a voter, acknowledged or refused
        as a second ballot or a late one; False: Django answers it."""
        ballot = _ballot(body) if body is not None else None
        if ballot is None:
            return False
        key = (match["org"], match["body"], int(match["sitting"]), int(match["vote"]))
        vote = await _vote(key)
        if vote is None:
            return False
        cast = Cast(None, ballot[0], ballot[1], token=token_digest(secret))  # not the secret
        try:
            result = await batcher().cast(vote, cast)
        except Exception:  # the batch failed and committed nothing: Django tries again
            return False
        if result.refusal is not None:
            if result.refusal.rule not in ("vote.already-voted", "vote.closed"):
                return False
            with translation.override(_language(scope)):
                refusal = (
                    already_voted()
                    if result.refusal.rule == "vote.already-voted"
                    else closed_refusal(vote)
                )
                detail = str(refusal)
            await _answer(send, 400, {"detail": detail, "rule": refusal.rule, "problems": []})
            return True
        receipt = receipt_text(result.receipt) if result.receipt else ""
        await _answer(send, 201, {"receipt": receipt, "changed": result.changed})
        return True


async def _answer(send: Send, status: int, content: dict[str, Any]) -> None:
    answer = json.dumps(content).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(answer)).encode()),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": answer})


async def _read(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The request's messages as received, and its body (None above MAX_BODY)."""
    messages: list[Message] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            return messages, None
        if not message.get("more_body", False):
            return messages, body


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """What was read already, then the rest of the request, for the application."""
    queue = list(messages)

    async def replayed() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replayed
