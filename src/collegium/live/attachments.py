"""What an event may carry beyond its hint: a feature registers, for some of its journal
codes, a builder of what every reader's page would otherwise re-fetch after that entry.

Re-fetching is the rule (live/events.py): it goes through the permission-checked views.
It costs one request per open page, though, and with 2,000 delegates' screens open, one
"next speaker" would make 2,000 requests that two cores cannot answer within a second.
For the few entries that happen every few seconds in a sitting, the stream instead sends
the content with the event: built once per process, entry and language (live/stream.py),
and sent only to readers the entry's audience already admits. So a builder may return
only what that audience may read, and registering a code whose audience is narrower than
the members' would widen nothing: the stream checks the audience first.

A builder runs in a worker thread with the reader's language active; it returns a
JSON-able dict, or None when there is nothing to attach (the plain event is sent)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from collegium.live.events import LiveEvent

Builder = Callable[[LiveEvent], dict[str, Any] | None]

_builders: dict[str, Builder] = {}


def register(codes: Iterable[str], builder: Builder) -> None:
    """Attach `builder`'s result to the events of `codes` (one builder per code)."""
    for code in codes:
        known = _builders.get(code)
        if known is not None and known is not builder:
            raise ValueError(f"{code} already has an attachment")
        _builders[code] = builder


def builder_for(code: str) -> Builder | None:
    return _builders.get(code)
