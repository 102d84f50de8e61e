"""The live stream: server-sent events of one journal chain, filtered for the reader.

`GET /o/<slug>/live/` streams the organization's chain, `GET /live/` the installation's
("@installation"). Each event is a journal entry's `LiveEvent`, sent only when the
reader's scope (`access.visibility`) may see its audience:

    id: <chain>:<sequence>
    event: <code>
    data: <the event as JSON>

The stream opens with `retry:` and an `event: live.hello` whose data gives the chain's
`head` (its last committed sequence) and lists the codes a page can listen for (an
EventSource only hears named events it listens for by name). It is sent once the bus
confirmed the subscription, so whatever commits after `head` reaches the reader; a page
rendered at an older head (or reconnecting after a newer one) re-fetches.
An event of a code with a registered attachment (live/attachments.py) carries in its
data, as `attached`, what the reader's page would otherwise re-fetch, built once per
process in the reader's language, for readers of the attachment's audience.
`event: live.reload` means events were missed (the reader fell behind, or the bus lost
Redis for a while): re-fetch everything. A stream wakes every 15 s and sends a comment
line when nothing went out since its last wake, so proxies and clients keep the
connection (no silence lasts 30 s).

The reader's scope is computed when the stream opens, again every 30 s (so a suspended
member, a removed secretary or a signed-out session stops receiving), and at once after
any entry that can change roles (register, admin and secretary changes, which the stream
sees even when the reader may not). Scopes are cached in the process for a few seconds,
so a thousand open pages of one reader, or one burst of role changes, cost one
computation; and the readers asked for together are computed together (`ScopeCache`), so
10,000 delegates' screens cost a few queries a second, not five per delegate.

Streams need the ASGI server (`collegium serve`); under WSGI (the development test
server) the endpoint answers 204, which tells an EventSource not to reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from importlib import import_module
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from collegium.access.visibility import (
    PUBLIC_SCOPE,
    ReaderScope,
    installation_scopes,
    reader_scopes,
)
from collegium.journal.codes import all_codes
from collegium.journal.models import JournalChain
from collegium.live import bus
from collegium.live.attachments import Builder, attachment_for
from collegium.live.bus import Reload, Wake
from collegium.live.events import LiveEvent
from collegium.registry.models import Organization

INSTALLATION_CHAIN = "@installation"
# A stream wakes this often (the shorter of the two): a comment line when nothing was
# sent since the last wake, the reader's scope again when RESCOPE_SECONDS have passed.
HEARTBEAT_SECONDS = 15.0
RESCOPE_SECONDS = 30.0
# How long a stream's periodic check may wait for others' to be computed with it (its
# events wait too, once every RESCOPE_SECONDS).
RESCOPE_GATHER_SECONDS = 0.25
# How long a computed scope is reused by other streams of the same reader and session.
SCOPE_CACHE_SECONDS = 10.0
RETRY_MILLISECONDS = 2000
# Entries after which a reader's scope may have changed: membership status and logins
# (register.*), organization admins, body secretaries, accounts (access.*).
SCOPE_CODES = ("register.", "organization.admin.", "body.secretary.", "access.")


_T = TypeVar("_T")
logger = logging.getLogger(__name__)


async def briefly(work: Callable[[], _T]) -> _T:
    """Run database work in a thread (`sync_to_async`), then close that thread's
    connections. Under ASGI each request keeps a thread of its own for as long as it
    lasts, and with it that thread's database connection: a stream lasts for hours, and
    a thousand open pages must not hold a thousand connections (PostgreSQL allows 100)."""

    def run() -> _T:
        try:
            return work()
        finally:
            connections.close_all()

    return await sync_to_async(run)()


@dataclass(frozen=True)
class Reader:
    """Who opened the stream: enough to compute their scope again later, in a thread."""

    user_id: int | None
    session_key: str | None

    @property
    def anonymous(self) -> bool:
        return self.user_id is None


# The scopes of signed-in readers of one chain, by user: access.visibility's
# reader_scopes (bound to the organization) or installation_scopes.
ScopesOf = Callable[[Collection[int]], Mapping[int, ReaderScope]]
# At most this many readers' scopes are computed in one go (one thread call, a few
# queries with this many parameters each).
SCOPE_BATCH = 500


def _live_sessions(keys: Collection[str]) -> set[str]:
    """Which of these sessions are still signed in: in one query for sessions kept in the
    database (the default engine), one lookup each for other engines."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if issubclass(store, DatabaseSessionStore):  # db and cached_db
        return set(
            store.get_model_class()
            .objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
            .values_list("session_key", flat=True)
        )
    return {key for key in keys if store().exists(key)}


def scopes_now(readers: Collection[Reader], scopes_of: ScopesOf) -> dict[Reader, ReaderScope]:
    """The readers' scopes as now stored; a reader signed out, deactivated or gone has the
    public scope."""
    sessions = _live_sessions({r.session_key for r in readers if r.session_key is not None})
    active = set(
        User.objects.filter(
            pk__in={r.user_id for r in readers if r.user_id is not None}, is_active=True
        ).values_list("pk", flat=True)
    )
    signed_in = {
        reader: reader.user_id
        for reader in readers
        if reader.user_id in active
        and (reader.session_key is None or reader.session_key in sessions)
    }
    found = scopes_of(set(signed_in.values())) if signed_in else {}
    return {
        reader: found[signed_in[reader]] if reader in signed_in else PUBLIC_SCOPE
        for reader in readers
    }


@dataclass
class _Round:
    """The readers asked for in the next computation of one chain's scopes (on one event
    loop), and the loop's time by which it must begin."""

    scopes_of: ScopesOf
    asked: dict[Reader, list[tuple[int, asyncio.Future[ReaderScope]]]] = field(default_factory=dict)
    due: float = math.inf
    hurry: asyncio.Event = field(default_factory=asyncio.Event)


class ScopeCache:
    """Scopes by (chain, reader), reused for SCOPE_CACHE_SECONDS, or until an entry of a
    later sequence asks for a fresh one (`after_sequence`).

    Readers are computed together, up to SCOPE_BATCH at a time: those asked for while a
    computation runs go into the next, and a request that may wait (`within`, the
    periodic checks) waits that long for others. The 10,000 screens of a congress, each
    checking its reader every 30 s, cost a few queries a second instead of five per
    reader. A computation begins after every request it answers was made, so it reads
    the roles as they stood after the entry each asked after."""

    def __init__(self, max_age: float = SCOPE_CACHE_SECONDS) -> None:
        self.max_age = max_age
        # (when computed, the latest sequence it was asked after, the scope)
        self._entries: dict[tuple[str, Reader], tuple[float, int, ReaderScope]] = {}
        self._rounds: dict[tuple[str, asyncio.AbstractEventLoop], _Round] = {}
        self._computing: dict[tuple[str, asyncio.AbstractEventLoop], asyncio.Task[None]] = {}

    async def get(
        self,
        chain: str,
        reader: Reader,
        scopes_of: ScopesOf,
        *,
        after_sequence: int = 0,
        within: float = 0.0,
    ) -> ReaderScope:
        if reader.anonymous:
            return PUBLIC_SCOPE
        cached = self._entries.get((chain, reader))
        if (
            cached is not None
            and time.monotonic() - cached[0] < self.max_age
            and cached[1] >= after_sequence
        ):
            return cached[2]
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ReaderScope] = loop.create_future()
        key = (chain, loop)
        round_ = self._rounds.setdefault(key, _Round(scopes_of))
        round_.asked.setdefault(reader, []).append((after_sequence, future))
        if loop.time() + within < round_.due:
            round_.due = loop.time() + within
            round_.hurry.set()
        if key not in self._computing:
            self._computing[key] = loop.create_task(self._compute(key))
        return await future

    async def _compute(self, key: tuple[str, asyncio.AbstractEventLoop]) -> None:
        chain, loop = key
        try:
            while (round_ := self._rounds.get(key)) is not None:
                wait = round_.due - loop.time()
                if wait > 0:  # until it is due, or a request that may not wait comes
                    round_.hurry.clear()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(wait):
                            await round_.hurry.wait()
                    continue
                del self._rounds[key]
                asked = round_.asked
                if len(asked) > SCOPE_BATCH:  # the rest are computed next, at once
                    items = list(asked.items())
                    asked = dict(items[:SCOPE_BATCH])
                    rest = self._rounds.setdefault(key, _Round(round_.scopes_of))
                    rest.due = min(rest.due, round_.due)
                    for reader, waiting in items[SCOPE_BATCH:]:
                        rest.asked.setdefault(reader, []).extend(waiting)
                readers = list(asked)
                try:
                    found = await briefly(partial(scopes_now, readers, round_.scopes_of))
                except Exception as error:
                    for waiting in asked.values():
                        for _after, future in waiting:
                            if not future.done():
                                future.set_exception(error)
                    continue
                at = time.monotonic()
                latest = max(after for waiting in asked.values() for after, _future in waiting)
                for reader, waiting in asked.items():
                    scope = found[reader]
                    self._entries[(chain, reader)] = (at, latest, scope)
                    for _after, future in waiting:
                        if not future.done():  # a stream closed meanwhile cancels its own
                            future.set_result(scope)
                if len(self._entries) > 10_000:
                    self._prune()
        finally:
            self._computing.pop(key, None)

    def _prune(self) -> None:
        oldest = time.monotonic() - self.max_age
        for key in [k for k, (at, _, _) in self._entries.items() if at < oldest]:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()


scopes = ScopeCache()


def _encoded(event: LiveEvent, data: str) -> bytes:
    return f"id: {event.chain}:{event.sequence}\nevent: {event.code}\ndata: {data}\n\n".encode()


@lru_cache(maxsize=4096)
def frame(event: LiveEvent) -> bytes:
    """The event as sent (encoded once, however many readers receive it)."""
    return _encoded(event, event.to_json())


@lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    """The codes a page can listen for (fixed while the process runs)."""
    return tuple(code.code for code in all_codes())


# Events with an attachment (live/attachments.py), encoded, by (chain, sequence, code,
# language): one build per process however many readers receive it.
ATTACHED_FRAMES = 256
# An update is wanted while its event is fanned out, a second or so; kept no longer, so
# that a database made anew (sequences start again) never meets an older update.
ATTACHED_SECONDS = 30.0
_AttachedKey = tuple[str, int, str, str]


class AttachedFrames:
    def __init__(self, size: int = ATTACHED_FRAMES, max_age: float = ATTACHED_SECONDS) -> None:
        self.size = size
        self.max_age = max_age
        self._frames: OrderedDict[_AttachedKey, tuple[float, bytes]] = OrderedDict()
        self._pending: dict[_AttachedKey, asyncio.Task[bytes]] = {}

    async def get(self, event: LiveEvent, language: str, builder: Builder) -> bytes:
        key = (event.chain, event.sequence, event.code, language)
        found = self._frames.get(key)
        if found is not None and time.monotonic() - found[0] < self.max_age:
            return found[1]
        under_way = self._pending.get(key)
        if under_way is None or under_way.get_loop() is not asyncio.get_running_loop():
            under_way = asyncio.ensure_future(self._build(key, event, language, builder))
            self._pending[key] = under_way
        return await asyncio.shield(under_way)

    async def _build(
        self, key: _AttachedKey, event: LiveEvent, language: str, builder: Builder
    ) -> bytes:
        def build() -> dict[str, object] | None:
            with translation.override(language):
                return builder(event)

        try:
            attached = await briefly(build)
        except Exception:  # the hint still goes out: the page re-fetches as usual
            logger.exception("building the attachment of %s failed", event.code)
            attached = None
        finally:
            if self._pending.get(key) is asyncio.current_task():
                del self._pending[key]
        if attached is None:
            encoded = frame(event)
        else:
            data = json.dumps({**asdict(event), "attached": attached}, separators=(",", ":"))
            encoded = _encoded(event, data)
        self._frames[key] = (time.monotonic(), encoded)
        while len(self._frames) > self.size:
            self._frames.popitem(last=False)
        return encoded

    def clear(self) -> None:
        self._frames.clear()


attached_frames = AttachedFrames()


def _hello(chain: str, head: int | None) -> bytes:
    codes = _codes()
    data = json.dumps({"chain": chain, "head": head, "codes": codes}, separators=(",", ":"))
    return f"retry: {RETRY_MILLISECONDS}\nevent: live.hello\ndata: {data}\n\n".encode()


def _reload(reason: str) -> bytes:
    data = json.dumps({"code": "live.reload", "reason": reason}, separators=(",", ":"))
    return f"event: live.reload\ndata: {data}\n\n".encode()


HEARTBEAT = b": ping\n\n"


async def _head(chain: str) -> int | None:
    """The chain's last committed sequence (None for a chain not yet made)."""
    return await briefly(
        lambda: (
            JournalChain.objects.filter(key=chain).values_list("last_sequence", flat=True).first()
        )
    )


async def events_for(
    chain: str, reader: Reader, scopes_of: ScopesOf, language: str | None = None
) -> AsyncIterator[bytes]:
    """The stream's body: the chain's events this reader may see, as they commit, with
    their attachments built in the reader's `language`."""
    language = language or settings.LANGUAGE_CODE
    scope = await scopes.get(chain, reader, scopes_of)

    def accepts(event: LiveEvent) -> bool:
        # Role changes pass even when unseen: they may change what the reader sees.
        return scope.may_see(event.audience, event.body_id) or (
            not reader.anonymous and event.code.startswith(SCOPE_CODES)
        )

    loop = asyncio.get_running_loop()
    async with bus.subscribe(chain, accepts=accepts) as subscription:
        # Streams of equal scopes accept the same events (bus.Subscription.group).
        subscription.group = (scope, reader.anonymous)
        # Read once subscribed: whatever commits after `head` reaches this stream, so a
        # page rendered at an older head knows to re-fetch.
        head = await _head(chain)
        # One wake per interval does both chores; the first comes at a random point of
        # the interval, so that the screens of a congress, opened together, wake spread
        # out rather than all at once.
        interval = min(HEARTBEAT_SECONDS, RESCOPE_SECONDS)
        scoped_at = loop.time()
        sent = False  # anything since the last wake
        next_wake = scoped_at + random.uniform(interval / 2, interval)
        subscription.wake_at(next_wake)
        yield _hello(chain, head)
        while True:
            item = await subscription.get()
            now = loop.time()
            if now >= next_wake:  # also when the wake was skipped: a busy stream
                next_wake = now + interval
                subscription.wake_at(next_wake)
                if now - scoped_at >= RESCOPE_SECONDS - interval / 2:
                    # May wait a moment for other streams' checks: one computation.
                    scope = await scopes.get(
                        chain, reader, scopes_of, within=RESCOPE_GATHER_SECONDS
                    )
                    subscription.group = (scope, reader.anonymous)
                    scoped_at = now
                beat, sent = not sent, False
                if beat:
                    yield HEARTBEAT
            if isinstance(item, Wake):
                continue
            if isinstance(item, Reload):
                yield _reload(item.reason)
                if subscription.lost:
                    return  # the client reconnects after `retry` and re-fetches
                continue
            if not reader.anonymous and item.code.startswith(SCOPE_CODES):
                scope = await scopes.get(chain, reader, scopes_of, after_sequence=item.sequence)
                subscription.group = (scope, reader.anonymous)
            if scope.may_see(item.audience, item.body_id):
                attachment = attachment_for(item.code)
                if attachment is None or not scope.may_see(attachment.audience, item.body_id):
                    yield frame(item)
                else:
                    yield await attached_frames.get(item, language, attachment.build)
                sent = True


def _event_stream(events: AsyncIterator[bytes]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(events, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _reader(request: HttpRequest) -> Reader:
    user = request.user
    if not user.is_authenticated:
        return Reader(None, None)
    return Reader(user.pk, request.session.session_key)


@require_GET
async def organization_live(request: HttpRequest, org_slug: str) -> HttpResponseBase:
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)  # no streaming without the ASGI server
    organization, reader = await briefly(
        lambda: (Organization.objects.filter(slug=org_slug).first(), _reader(request))
    )
    if organization is None:
        raise Http404

    def scopes_of(user_ids: Collection[int]) -> dict[int, ReaderScope]:
        return reader_scopes(user_ids, organization)

    language = getattr(request, "LANGUAGE_CODE", None)
    return _event_stream(events_for(organization.slug, reader, scopes_of, language))


@require_GET
async def installation_live(request: HttpRequest) -> HttpResponseBase:
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    reader = await briefly(lambda: _reader(request))
    return _event_stream(events_for(INSTALLATION_CHAIN, reader, installation_scopes))
