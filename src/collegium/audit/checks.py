"""Checking a chain through the web. Re-hashing a long chain takes seconds, so only the
organization's staff may ask for a fresh check at will; everyone else gets the check of
the chain's current head, computed at most once per head in each server process (and in
one request at a time), so an anonymous caller cannot make the server re-hash on demand."""

from __future__ import annotations

import threading

from django.core.cache import cache

from collegium.journal.models import JournalChain
from collegium.journal.queries import (
    Checkpoint,
    Verification,
    misses_checkpoint,
    verify_chain,
)

_computing = threading.Lock()


def _key(chain_id: int, head: Checkpoint) -> str:
    return f"journal-check:{chain_id}:{head}"


def check(
    chain: JournalChain,
    *,
    fresh: bool,
    checkpoint: Checkpoint | None = None,
    only_after: bool = False,
) -> Verification:
    """`fresh` (staff) re-hashes now, from the start or, with `only_after`, from the
    checkpoint. Otherwise the check of the current head is reused, and a checkpoint is
    tested by one indexed read: the whole chain verified, it passes through the
    checkpoint exactly when the entry there has the kept hash."""
    if fresh:
        return verify_chain(chain, checkpoint=checkpoint, only_after=only_after)
    chain.refresh_from_db()
    key = _key(chain.pk, Checkpoint(chain.last_sequence, chain.last_hash))
    found: Verification | None = cache.get(key)
    if found is None:
        with _computing:
            found = cache.get(key)
            if found is None:
                found = verify_chain(chain)
                cache.set(_key(chain.pk, found.head), found, timeout=3600)
    if checkpoint is None or found.broken is not None:
        return found
    missed = misses_checkpoint(chain, checkpoint)
    return found if missed is None else Verification(found.chain, 0, found.head, missed)
