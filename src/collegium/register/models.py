"""The register's rows. A decision keeps its number for ever; what it says is in its
versions: the first as adopted, then one per later decision that amended or rescinded
it. Nothing is updated in place or deleted (the actions only add rows)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import Body
from collegium.meetings.models import AgendaItem, Sitting
from collegium.registry.models import Member
from collegium.voting.models import Vote


class DecisionKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    ELECTION = "election", _("election result")
    ORDERS = "orders", _("standing orders")
    RECALL = "recall", _("recall")


class Decision(models.Model):
    """One entry of a body's register, numbered per body and calendar year (`year/number`).
    The audiences are fixed when it is entered, from the orders then in force, as the
    journal fixes an entry's: who reads the decision, its tally and sentence, and its
    dissenting opinions."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="register")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    decided_at = models.DateTimeField(_("decided at"))
    sitting = models.ForeignKey(
        Sitting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vote = models.ForeignKey(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commission = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {"voters", "yes", "no", "abstain"} of a vote; {"cast", "blank"} of an election.
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    rule = models.CharField(_("rule"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    audience = models.CharField(_("read by"), max_length=24)
    tally_audience = models.CharField(_("tally read by"), max_length=24)
    dissent_audience = models.CharField(_("dissenting opinions read by"), max_length=24)
    # The journal entry that entered it (its organization's chain): its hash chains the
    # decision into the record. Not a foreign key, so the journal's migrations stand alone.
    entry_sequence = models.PositiveBigIntegerField(_("journal entry"))
    entry_hash = models.CharField(_("journal entry's hash"), max_length=64)

    class Meta:
        ordering = ["body", "-year", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="decision_number_in_body_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.year}/{self.number}"

    @property
    def dated(self) -> datetime.datetime:
        """The date it bears: its sitting's (as the minutes), else when it was decided."""
        return self.sitting.starts_at if self.sitting is not None else self.decided_at


class Version(models.Model):
    """What a decision says from `made_at`: version 1 as adopted; a later one made by the
    decision `made_by` that amended (new text) or rescinded it (`rescinded`, the text
    kept as it last read)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    rescinded = models.BooleanField(_("rescinded"), default=False)
    made_at = models.DateTimeField(_("made at"))
    made_by = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )

    class Meta:
        ordering = ["decision", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} v{self.number}"


class Dissent(models.Model):
    """A dissenting opinion on a decision, by a member who voted against it or abstained;
    read as the orders in force at the decision publish dissenting opinions."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="dissents")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        ordering = ["decision", "given_at", "pk"]
        verbose_name = _("dissenting opinion")
        verbose_name_plural = _("dissenting opinions")
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="one_dissent_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.member_id}"
