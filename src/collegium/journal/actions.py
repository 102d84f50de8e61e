"""Appending to the journal. Every action calls `record` inside its own transaction."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal entries are written inside an action's transaction")
    head = JournalHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = JournalHead.objects.create(pk=1, last_sequence=0, last_hash=GENESIS)
    now = timezone.now()
    entry = JournalEntry(
        sequence=head.last_sequence + 1,
        recorded_at=now,
        actor_user=actor if actor is not None and actor.pk is not None else None,
        actor=actor_label(actor),
        code=code,
        organization=organization,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        payload=payload or {},
        previous_hash=head.last_hash,
    )
    entry.hash = entry_hash(
        sequence=entry.sequence,
        recorded_at=timestamp_text(now),
        actor=entry.actor,
        code=code,
        object_type=entry.object_type,
        object_id=entry.object_id,
        payload=entry.payload,
        previous_hash=entry.previous_hash,
    )
    entry.save()
    head.last_sequence = entry.sequence
    head.last_hash = entry.hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return entry
