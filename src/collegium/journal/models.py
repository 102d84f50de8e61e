"""The journal: one hash-chained entry for every state change, written by the action that
made it, in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JournalEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's name as it was, so the chain still verifies after a user is renamed.
    actor = models.CharField(_("actor"), max_length=150)
    code = models.CharField(_("code"), max_length=100, db_index=True)
    organization = models.ForeignKey(
        "registry.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # An organization's journal page reads newest first by sequence.
            models.Index(fields=["organization", "sequence"], name="journal_org_sequence"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.code}"


class JournalHead(models.Model):
    """The single row that holds the end of the chain. An action locks it (SELECT ... FOR
    UPDATE) so that two concurrent actions can never link to the same predecessor."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"journal head at #{self.last_sequence}"
