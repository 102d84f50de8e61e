"""The journal's hash chains: how an entry's hash is computed from its content and its
predecessor's hash. Pure functions, so that an auditor can re-check an exported journal
with nothing but this module (and `collegium verify` does exactly that on the database).

Each organization has a chain of its own, and the installation (accounts, organizations
created) has one too. The chain's key (the organization's slug, or "@installation") is
inside every hash, so an entry moved to another organization's chain no longer verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Pure like the rules package: its marker returns English until Django's translation is in.
from collegium.rules.text import _

# The hash before the first entry of every chain.
GENESIS = "0" * 64
# The key of the installation's own chain; "@" cannot start an organization's slug.
INSTALLATION = "@installation"


@dataclass(frozen=True)
class ChainedEntry:
    chain: str
    sequence: int
    recorded_at: str  # ISO 8601, UTC, microseconds
    actor: str
    channel: str
    code: str
    audience: str
    body_id: int | None
    object_type: str
    object_id: str
    payload: Any
    previous_hash: str
    hash: str


def entry_hash(
    *,
    chain: str,
    sequence: int,
    recorded_at: str,
    actor: str,
    channel: str,
    code: str,
    audience: str,
    body_id: int | None,
    object_type: str,
    object_id: str,
    payload: Any,
    previous_hash: str,
) -> str:
    # Canonical JSON (sorted keys, no whitespace) so the hash does not depend on how a
    # database returns the JSON column. The audience is covered too: widening who may
    # read an entry after the fact breaks the chain like any other alteration.
    body = json.dumps(
        [
            chain,
            sequence,
            recorded_at,
            actor,
            channel,
            code,
            audience,
            body_id,
            object_type,
            object_id,
            payload,
            previous_hash,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def first_break(
    entries: Iterable[ChainedEntry],
    *,
    chain: str,
    after_sequence: int = 0,
    after_hash: str = GENESIS,
) -> ChainBreak | None:
    """The first entry of `chain` whose chain, sequence, link or hash does not match, or
    None if all do. From a checkpoint, `entries` start after `after_sequence`, whose hash
    was `after_hash`."""
    expected_previous = after_hash
    expected_sequence = after_sequence + 1
    for entry in entries:
        if entry.chain != chain:
            return ChainBreak(
                entry.sequence,
                _("it belongs to the chain %(found)s, not %(chain)s")
                % {"found": entry.chain, "chain": chain},
            )
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
            chain=chain,
            sequence=entry.sequence,
            recorded_at=entry.recorded_at,
            actor=entry.actor,
            channel=entry.channel,
            code=entry.code,
            audience=entry.audience,
            body_id=entry.body_id,
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
