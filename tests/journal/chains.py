"""Helpers for tests that read the journal: one hash chain per organization (keyed by its
slug) and the installation's chain ("@installation"), so "the newest entry" or "the
journal is intact" must always name a chain, or check them all."""

from __future__ import annotations

import inspect
from typing import Any

from django.db.models import QuerySet

from collegium.journal.actions import timestamp_text
from collegium.journal.chain import GENESIS, INSTALLATION, entry_hash
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import Verification, verify_all, verify_chain

__all__ = [
    "INSTALLATION",
    "ORG",
    "assert_all_intact",
    "chain",
    "entries_of",
    "latest_of",
    "rehash",
    "verified",
]

# The slug of the `org` fixture's organization, and so its chain's key.
ORG = "test-union"


def chain(key: str = ORG) -> JournalChain:
    return JournalChain.objects.get(key=key)


def entries_of(key: str = ORG) -> QuerySet[JournalEntry]:
    """A chain's entries, oldest first."""
    return JournalEntry.objects.filter(chain__key=key).order_by("sequence")


def latest_of(key: str = ORG) -> JournalEntry:
    return entries_of(key).latest("sequence")


def verified(key: str = ORG) -> Verification:
    return verify_chain(chain(key))


def assert_all_intact() -> list[Verification]:
    """Every chain verifies; returns the checks."""
    results = verify_all()
    assert [(r.chain, r.broken) for r in results if r.broken is not None] == []
    return results


def rehash(key: str = ORG) -> None:
    """Re-hash a whole chain from its entries' stored content and move its head to the
    end: what an attacker with database access does after rewriting history, so that a
    plain check passes again. Every field `entry_hash` covers is read from the entry."""
    found = chain(key)
    covered = [name for name in inspect.signature(entry_hash).parameters if name not in _LINKS]
    previous, last = GENESIS, 0
    for entry in entries_of(key):
        content: dict[str, Any] = {name: getattr(entry, name) for name in covered}
        content["recorded_at"] = timestamp_text(entry.recorded_at)
        digest = entry_hash(chain=found.key, previous_hash=previous, **content)
        JournalEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, hash=digest)
        previous, last = digest, entry.sequence
    JournalChain.objects.filter(pk=found.pk).update(last_sequence=last, last_hash=previous)


# The hash's inputs that come from the chain rather than from the entry's own columns.
_LINKS = {"chain", "previous_hash"}
