"""Gathering ballots into batches: a server process commits the ballots that arrived
while its previous batch was being committed, all in one transaction (casting.py's
`cast_ballots`), and answers each caster only once that transaction has committed.

There is no timer: under light load a batch holds one ballot and is committed at once;
under a burst, the ballots that arrive during a commit wait for the next one, so a batch
grows with the load and the number of commits per second stays what the database can do.
One batch is committed at a time per process (the organization's chain lock would make
them wait for each other anyway)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from collegium.journal.actors import SYSTEM
from collegium.voting.actions.casting import Cast, CastResult, cast_ballots
from collegium.voting.models import Vote

# At most this many ballots per transaction: a commit stays short even in a burst.
BATCH_MAX = 500

Flush = Callable[[Vote, list[Cast]], list[CastResult]]


def commit_batch(vote: Vote, casts: list[Cast]) -> list[CastResult]:
    """One transaction for the batch (in a worker thread); the connection goes back to
    the pool (or is closed) afterwards, as at the end of a request."""
    try:
        # The batch's journal entry names the members who voted; its actor is the
        # system, as no single voter made it.
        return cast_ballots(actor=SYSTEM, vote=vote, casts=casts)
    finally:
        close_old_connections()


@dataclass
class Batcher:
    flush: Flush = commit_batch
    pending: dict[int, list[tuple[Vote, Cast, asyncio.Future[CastResult]]]] = field(
        default_factory=dict
    )
    running: bool = False

    async def cast(self, vote: Vote, cast: Cast) -> CastResult:
        """The cast's result, once the batch it went into has committed (or the batch's
        error, raised here: nothing of the batch was committed then)."""
        future: asyncio.Future[CastResult] = asyncio.get_running_loop().create_future()
        self.pending.setdefault(vote.pk, []).append((vote, cast, future))
        if not self.running:
            self.running = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self.pending:
                vote_id = next(iter(self.pending))
                waiting = self.pending[vote_id]
                batch, rest = waiting[:BATCH_MAX], waiting[BATCH_MAX:]
                if rest:
                    self.pending[vote_id] = rest
                else:
                    del self.pending[vote_id]
                try:
                    results = await sync_to_async(self.flush, thread_sensitive=False)(
                        batch[0][0], [cast for _vote, cast, _future in batch]
                    )
                except Exception as error:  # nothing committed: each caster hears of it
                    for _vote, _cast, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_vote, _cast, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self.running = False


_batchers: dict[int, Batcher] = {}


def batcher() -> Batcher:
    """The batcher of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    found = _batchers.get(id(loop))
    if found is None:
        found = _batchers[id(loop)] = Batcher()
    return found
