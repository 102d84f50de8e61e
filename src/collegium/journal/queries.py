"""Reads of the journal that pages, the API and the CLI share."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from collegium.journal.actions import timestamp_text
from collegium.journal.chain import ChainBreak, ChainedEntry, first_break
from collegium.journal.models import JournalEntry


def entries_for(organization_id: int | None = None) -> QuerySet[JournalEntry]:
    # Callers already know the organization: no join on the journal page's hot query.
    entries = JournalEntry.objects.order_by("-sequence")
    if organization_id is not None:
        entries = entries.filter(organization_id=organization_id)
    return entries


def _chained(batch_size: int = 2000) -> Iterator[ChainedEntry]:
    rows = JournalEntry.objects.order_by("sequence").values_list(
        "sequence",
        "recorded_at",
        "actor",
        "code",
        "object_type",
        "object_id",
        "payload",
        "previous_hash",
        "hash",
    )
    for row in rows.iterator(chunk_size=batch_size):
        yield ChainedEntry(
            sequence=row[0],
            recorded_at=timestamp_text(row[1]),
            actor=row[2],
            code=row[3],
            object_type=row[4],
            object_id=row[5],
            payload=row[6],
            previous_hash=row[7],
            hash=row[8],
        )


def verify_chain() -> tuple[int, ChainBreak | None]:
    """(number of entries checked, first break or None). Also checks that the chain's end
    is the head the actions link to, so that deleting the last entries is noticed."""
    from collegium.journal.models import JournalHead

    count = 0

    def counted() -> Iterator[ChainedEntry]:
        nonlocal count
        for entry in _chained():
            count += 1
            yield entry

    broken = first_break(counted())
    if broken is not None:
        return count, broken
    head = JournalHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != count:
        return count, ChainBreak(
            count + 1,
            _("the journal ends at entry %(count)d but its head records %(head)d")
            % {"count": count, "head": head.last_sequence},
        )
    return count, None
