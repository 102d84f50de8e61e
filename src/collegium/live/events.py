"""What a live event says: which journal entry was committed, never its payload. A page
that receives one re-fetches what it shows through the ordinary (permission-checked) views,
so an event need only carry enough to decide who may be told of it and what changed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class LiveEvent:
    chain: str  # the journal chain: an organization's slug, or "@installation"
    organization_id: int | None
    sequence: int  # the entry's place in its chain
    code: str  # the journal code, e.g. "body.seat.vacated"
    audience: str  # a journal.codes.Audience value: who may be told of the entry
    body_id: int | None  # the body the entry concerns, for body-staff audiences
    object_type: str
    object_id: str
    # Entries of one action beyond the first few are folded into one event per code.
    count: int = 1

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> LiveEvent:
        data: dict[str, Any] = json.loads(text)
        return cls(**data)
