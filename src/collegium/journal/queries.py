"""Reads of the journal that pages, the API and the CLI share."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from collegium.journal import exported
from collegium.journal.actions import timestamp_text
from collegium.journal.chain import GENESIS, INSTALLATION, ChainBreak, ChainedEntry, first_break
from collegium.journal.models import JournalChain, JournalEntry


def chain_of(organization_id: int | None) -> JournalChain:
    """The chain of an organization, or with None the installation's."""
    if organization_id is None:
        return JournalChain.objects.get(key=INSTALLATION)
    return JournalChain.objects.get(organization_id=organization_id)


def entries_for(chain: JournalChain, visible: Q | None = None) -> QuerySet[JournalEntry]:
    """A chain's entries, newest first; `visible` is the reader's filter
    (access.visibility.ReaderScope.entry_filter)."""
    entries = JournalEntry.objects.filter(chain=chain).order_by("-sequence")
    if visible is not None:
        entries = entries.filter(visible)
    return entries


@dataclass(frozen=True)
class Checkpoint:
    """A chain's head as a reader kept it: the sequence and hash of its last entry then.
    Written `SEQUENCE:HASH`, e.g. `6538:9f2c…`."""

    sequence: int
    hash: str

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        sequence, _sep, digest = text.strip().partition(":")
        digest = digest.lower()
        if (
            not (sequence.isascii() and sequence.isdigit())
            or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(
                _("A checkpoint is written SEQUENCE:HASH, e.g. 120:%(hash)s.") % {"hash": "0" * 64}
            )
        return cls(int(sequence), digest)


def head_of(chain: JournalChain) -> Checkpoint:
    return Checkpoint(chain.last_sequence, chain.last_hash)


@dataclass(frozen=True)
class Verification:
    chain: str
    checked: int  # entries hashed
    head: Checkpoint  # the chain's head when it was checked
    broken: ChainBreak | None


def _chained(
    chain: JournalChain, after: int, batch_size: int = 2000, upto: int | None = None
) -> Iterator[ChainedEntry]:
    entries = JournalEntry.objects.filter(chain=chain, sequence__gt=after)
    if upto is not None:
        entries = entries.filter(sequence__lte=upto)
    # The stored columns have the names of ChainedEntry's fields (and of an export's).
    rows = entries.order_by("sequence").values(*exported.ENTRY_FIELDS)
    for row in rows.iterator(chunk_size=batch_size):
        row["recorded_at"] = timestamp_text(row["recorded_at"])
        yield ChainedEntry(chain=chain.key, **row)


def misses_checkpoint(chain: JournalChain, checkpoint: Checkpoint) -> ChainBreak | None:
    """Whether the stored entry at the checkpoint has the kept hash (one indexed read).
    The head of an empty chain, `0:000…0`, is a checkpoint every chain passes through."""
    if checkpoint.sequence == 0 and checkpoint.hash == GENESIS:
        return None
    kept = JournalEntry.objects.filter(chain=chain, sequence=checkpoint.sequence).first()
    if kept is not None and kept.hash == checkpoint.hash:
        return None
    return ChainBreak(
        checkpoint.sequence,
        _("the chain no longer passes through the checkpoint %(checkpoint)s")
        % {"checkpoint": str(checkpoint)},
    )


def verify_chain(
    chain: JournalChain, *, checkpoint: Checkpoint | None = None, only_after: bool = False
) -> Verification:
    """Recompute a chain's hashes and compare its end with the head the actions link to
    (so that cutting entries off the end is noticed).

    With a `checkpoint` a reader kept, the chain must also pass through it: a history
    rewritten and re-hashed from the start no longer does. With `only_after`, entries up
    to the checkpoint are taken as verified when it was kept, and only later ones are
    hashed."""
    chain.refresh_from_db()
    head = head_of(chain)
    after, after_hash = 0, GENESIS
    if checkpoint is not None:
        missed = misses_checkpoint(chain, checkpoint)
        if missed is not None:
            return Verification(chain.key, 0, head, missed)
        if only_after:
            after, after_hash = checkpoint.sequence, checkpoint.hash
    count, last_hash = 0, after_hash

    def counted() -> Iterator[ChainedEntry]:
        nonlocal count, last_hash
        for entry in _chained(chain, after):
            count += 1
            last_hash = entry.hash
            yield entry

    broken = first_break(counted(), chain=chain.key, after_sequence=after, after_hash=after_hash)
    if broken is None and after + count != head.sequence:
        broken = ChainBreak(
            after + count + 1,
            _("the journal ends at entry %(count)d but its head records %(head)d")
            % {"count": after + count, "head": head.sequence},
        )
    elif broken is None and last_hash != head.hash:
        broken = ChainBreak(head.sequence, _("its hash is not the one the chain's head records"))
    return Verification(chain.key, count, head, broken)


def verify_all() -> list[Verification]:
    """Every chain, the installation's first."""
    chains = JournalChain.objects.order_by(F("organization_id").asc(nulls_first=True), "pk")
    return [verify_chain(chain) for chain in chains]


def export_lines(
    chain: JournalChain, *, visible: Q | None, may_see: Callable[[str, int | None], bool]
) -> Iterator[str]:
    """The chain as an export file (journal/exported.py), up to its head when the export
    began: entries the reader may see in full (`visible` as a filter, `may_see` the same
    test on one entry), the others withheld to their sequence and hashes."""
    chain.refresh_from_db()
    head = head_of(chain)
    complete = visible is None or not (
        JournalEntry.objects.filter(chain=chain, sequence__lte=head.sequence)
        .exclude(visible)
        .exists()
    )
    yield exported.header_line(
        chain=chain.key,
        head=str(head),
        exported_at=timestamp_text(datetime.datetime.now(datetime.UTC)),
        complete=complete,
    )
    for entry in _chained(chain, 0, upto=head.sequence):
        if complete or may_see(entry.audience, entry.body_id):
            yield exported.entry_line(entry)
        else:
            yield exported.withheld_line(entry.sequence, entry.previous_hash, entry.hash)
