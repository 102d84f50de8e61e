"""Appending to the journal. Every action calls `record` inside its own transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.utils import timezone

from collegium.journal.chain import GENESIS, entry_hash
from collegium.journal.models import JournalEntry, JournalHead

if TYPE_CHECKING:
    from collegium.access.actors import Actor
    from collegium.registry.models import Organization


def timestamp_text(moment: Any) -> str:
    """The form of a time that the hash covers: UTC, ISO 8601, microseconds."""
    return str(moment.astimezone(UTC).isoformat(timespec="microseconds"))


def actor_label(actor: Actor) -> str:
    return "system" if actor is None else str(actor.get_username())


def record(
    code: str,
    *,
    actor: Actor,
    organization: Organization | None,
    obj: models.Model | None = None,
    payload: dict[str, Any] | None = None,
) -> JournalEntry:
    """Append one entry. Must run inside the action's transaction, so that the entry and
    the change it describes are committed together or not at all."""
    return record_many(code, actor=actor, organization=organization, entries=[(obj, payload)])[0]


def record_many(
    code: str,
    *,
    actor: Actor,
    organization: Organization | None,
    entries: Sequence[tuple[models.Model | None, dict[str, Any] | None]],
    batch_size: int = 2000,
) -> list[JournalEntry]:
    """Append several entries of one kind with one lock of the head and one bulk insert
    (a register import journals thousands of status changes); the hashes are the same as
    appending them one by one would give."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal entries are written inside an action's transaction")
    if not entries:
        return []
    head = JournalHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = JournalHead.objects.create(pk=1, last_sequence=0, last_hash=GENESIS)
    now = timezone.now()
    stamp, label = timestamp_text(now), actor_label(actor)
    actor_user = actor if actor is not None and actor.pk is not None else None
    sequence, previous = head.last_sequence, head.last_hash
    journal = []
    for obj, payload in entries:
        sequence += 1
        object_type = obj._meta.label_lower if obj is not None else ""
        object_id = str(obj.pk) if obj is not None else ""
        digest = entry_hash(
            sequence=sequence,
            recorded_at=stamp,
            actor=label,
            code=code,
            object_type=object_type,
            object_id=object_id,
            payload=payload or {},
            previous_hash=previous,
        )
        journal.append(
            JournalEntry(
                sequence=sequence,
                recorded_at=now,
                actor_user=actor_user,
                actor=label,
                code=code,
                organization=organization,
                object_type=object_type,
                object_id=object_id,
                payload=payload or {},
                previous_hash=previous,
                hash=digest,
            )
        )
        previous = digest
    if len(journal) == 1:
        journal[0].save()
    else:
        JournalEntry.objects.bulk_create(journal, batch_size=batch_size)
    head.last_sequence, head.last_hash = sequence, previous
    head.save(update_fields=["last_sequence", "last_hash"])
    return journal


_P = ParamSpec("_P")
_R = TypeVar("_R")


def action(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Make `function` an action: one transaction that holds the journal head's lock from
    its start. Every action journals, and `record` keeps the head locked until commit
    anyway; taking it first makes actions run one at a time on PostgreSQL as they do on
    SQLite (IMMEDIATE), so no rule is checked against rows another action is changing,
    and no two actions wait for each other's locks in a circle (deadlock)."""

    @functools.wraps(function)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with transaction.atomic():
            JournalHead.objects.select_for_update().filter(pk=1).first()
            return function(*args, **kwargs)

    return locked
