"""A vote, the voters fixed at its opening, who has voted, and the ballot box.

For a secret ballot, who voted (Participation) and what was voted (Ballot) are stored
apart: a Ballot has no link to a voter, no time, a random key, and the box is rewritten in
a random order when the vote closes, so that neither the rows' order nor the transaction
that wrote them tells whose ballot a row is (docs/voting.md, "Secrecy").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import Seat
from collegium.meetings.models import AgendaItem, Sitting
from collegium.registry.models import Member


class VoteForm(models.TextChoices):
    """The values are those of rules.standing_orders.settings.VoteForm."""

    SHOW_OF_HANDS = "show-of-hands", _("counted show of hands")
    NAMED = "named", _("named electronic vote")
    SECRET = "secret", _("secret electronic ballot")


class VoteState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Choice(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    ABSTAIN = "abstain", _("abstain")


class Vote(models.Model):
    """A question put to the vote at a sitting, numbered in the sitting (1, 2, …). The
    figures at opening (present, entitled, voters) are those the decision is judged by."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="votes")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    number = models.PositiveIntegerField(_("number"))
    subject = models.CharField(_("subject"), max_length=300)
    # The kind of decision whose majority the orders give (rules: `majorities`); "" for
    # the default majority.
    kind = models.CharField(_("kind of decision"), max_length=60, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=VoteForm.choices)
    ballot_change = models.BooleanField(_("ballots may be changed until the close"))
    state = models.CharField(_("state"), max_length=8, choices=VoteState.choices)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present at opening"))
    entitled = models.PositiveIntegerField(_("full seats"))
    voters = models.PositiveIntegerField(_("voters"))
    yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    rule = models.CharField(_("rule"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    # SHA-256 of the published ballot box (secret ballots), fixed at the close.
    box_digest = models.CharField(_("digest of the ballot box"), max_length=64, blank=True)

    class Meta:
        ordering = ["sitting", "number"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "number"], name="vote_number_in_sitting"),
            # At most one open vote per sitting: screens show "the" vote.
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state="open"),
                name="one_open_vote_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"vote {self.number}: {self.subject}"


class Voter(models.Model):
    """One vote of a vote's roll, fixed at opening: the full seat it counts for and the
    member who casts it (the seat's holder, or the alternate stepping in)."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="roll")
    full_seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    user_id = models.IntegerField(null=True, blank=True)  # the member's login, for casting
    name = models.CharField(_("name"), max_length=300)
    stepping_in = models.BooleanField(_("stepping in"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["vote", "full_seat"], name="one_voter_per_full_seat")
        ]
        indexes = [models.Index(fields=["vote", "user_id"], name="voter_by_login")]

    def __str__(self) -> str:
        return f"{self.name} in vote {self.vote_id}"


class Participation(models.Model):
    """That a voter has voted: one row per voter (the unique constraint stops a second
    ballot from any process). In a named vote it carries the choice (the roll call); in a
    secret ballot it never does."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="participations")
    voter = models.OneToOneField(Voter, on_delete=models.PROTECT, related_name="participation")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"voter {self.voter_id} voted in vote {self.vote_id}"


class Ballot(models.Model):
    """A secret ballot in the box: its receipt code (random, the key) and what it says.
    Deliberately no voter, no time, no sequence. `content` is the choice today; an
    encrypted ballot can take its place without changing the rest."""

    receipt = models.CharField(_("receipt"), max_length=32, primary_key=True)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="box")
    content = models.TextField(_("content"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"ballot {self.receipt}"
