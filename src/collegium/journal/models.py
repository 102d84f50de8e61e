"""The journal: one hash-chained entry for every state change, written by the action that
made it, in the same transaction. One chain per organization, and one for the
installation, so that actions of two organizations never wait for each other."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JournalChain(models.Model):
    """The head of one chain: its last sequence and hash. An action locks its chain's row
    (SELECT ... FOR UPDATE) so that two concurrent actions can never link to the same
    predecessor."""

    # The organization's slug, or "@installation"; inside every entry's hash.
    key = models.CharField(_("chain"), max_length=80, unique=True)
    organization = models.OneToOneField(
        "registry.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_chain",
    )
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("journal chain")
        verbose_name_plural = _("journal chains")

    def __str__(self) -> str:
        return f"{self.key} at #{self.last_sequence}"


class JournalEntry(models.Model):
    chain = models.ForeignKey(JournalChain, on_delete=models.PROTECT, related_name="entries")
    sequence = models.PositiveBigIntegerField(_("sequence"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's name as it was, so the chain still verifies after a user is renamed.
    actor = models.CharField(_("actor"), max_length=150)
    # Through which channel the actor acted (journal.actors.Channel); empty for entries
    # recorded before channels were journaled.
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    code = models.CharField(_("code"), max_length=100, db_index=True)
    # Who may read the entry (journal.codes.Audience), fixed when it is recorded.
    audience = models.CharField(_("audience"), max_length=24)
    # The body the entry concerns, for entries only that body's staff may read. A plain
    # number: the journal sits below the bodies package.
    body_id = models.BigIntegerField(_("body"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["chain", "sequence"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="journal_chain_sequence"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A member's journal page reads the entries of their audiences, newest first.
            models.Index(fields=["chain", "audience", "sequence"], name="journal_chain_audience"),
        ]

    def __str__(self) -> str:
        return f"{self.chain_id}#{self.sequence} {self.code}"
