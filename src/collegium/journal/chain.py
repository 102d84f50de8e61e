"""The journal's hash chain: how an entry's hash is computed from its content and its
predecessor's hash. Pure functions, so that an auditor can re-check an exported journal
with nothing but this module (and `collegium verify` does exactly that on the database).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Pure like the rules package: its marker returns English until Django's translation is in.
from collegium.rules.text import _

# The hash before the first entry.
GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedEntry:
    sequence: int
    recorded_at: str  # ISO 8601, UTC, microseconds
    actor: str
    code: str
    object_type: str
    object_id: str
    payload: Any
    previous_hash: str
    hash: str


def entry_hash(
    *,
    sequence: int,
    recorded_at: str,
    actor: str,
    code: str,
    object_type: str,
    object_id: str,
    payload: Any,
    previous_hash: str,
) -> str:
    # Canonical JSON (sorted keys, no whitespace) so the hash does not depend on how a
    # database returns the JSON column.
    body = json.dumps(
        [sequence, recorded_at, actor, code, object_type, object_id, payload, previous_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def first_break(entries: Iterable[ChainedEntry]) -> ChainBreak | None:
    """The first entry whose sequence, link or hash does not match, or None if all do."""
    expected_previous = GENESIS
    expected_sequence = 1
    for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainBreak(
                entry.sequence,
                _("entry %(missing)d is missing (found %(found)d next)")
                % {"missing": expected_sequence, "found": entry.sequence},
            )
        if entry.previous_hash != expected_previous:
            return ChainBreak(
                entry.sequence, _("its link to the previous entry does not match that entry's hash")
            )
        recomputed = entry_hash(
            sequence=entry.sequence,
            recorded_at=entry.recorded_at,
            actor=entry.actor,
            code=entry.code,
            object_type=entry.object_type,
            object_id=entry.object_id,
            payload=entry.payload,
            previous_hash=entry.previous_hash,
        )
        if recomputed != entry.hash:
            return ChainBreak(entry.sequence, _("its content does not match its recorded hash"))
        expected_previous = entry.hash
        expected_sequence += 1
    return None
