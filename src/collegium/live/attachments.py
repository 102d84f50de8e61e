"""What an event may carry beyond its hint: a feature registers, for some of its journal
codes, a builder of what every reader's page would otherwise re-fetch after that entry.

Re-fetching is the rule (live/events.py): it goes through the permission-checked views.
It costs one request per open page, though, and with 2,000 delegates' screens open, one
"next speaker" would make 2,000 requests that two cores cannot answer within a second.
For a sitting's entries the stream instead sends the content with the event: built once
per process, entry and language (live/stream.py), and sent only to readers who may see
both the entry and the registration's `audience` (what the content may show), whatever
audience a single entry was recorded with.

A builder runs in a worker thread with the reader's language active; it returns a
JSON-able dict, or None when there is nothing to attach (the plain event is sent)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from collegium.live.events import LiveEvent

Builder = Callable[[LiveEvent], dict[str, Any] | None]


@dataclass(frozen=True)
class Attachment:
    build: Builder
    audience: str  # a journal.codes.Audience value: who may receive what `build` returns


_attachments: dict[str, Attachment] = {}


def register(codes: Iterable[str], build: Builder, *, audience: str) -> None:
    """Attach `build`'s result to the events of `codes` for readers of `audience` (one
    attachment per code)."""
    for code in codes:
        known = _attachments.get(code)
        wanted = Attachment(build, audience)
        if known is not None and known != wanted:
            raise ValueError(f"{code} already has an attachment")
        _attachments[code] = wanted


def attachment_for(code: str) -> Attachment | None:
    return _attachments.get(code)
