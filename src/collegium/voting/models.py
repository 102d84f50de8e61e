"""A vote, the voters fixed at its opening, who has voted, and the ballot box.

For a secret ballot, who voted (Participation) and what was voted (Ballot) are stored
apart: a Ballot has no link to a voter, no time, a random key, and the box is rewritten in
a random order when the vote closes, so that neither the rows' order nor the transaction
that wrote them tells whose ballot a row is (docs/voting.md, "Secrecy").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import Body, Office, OfficeTerm, Seat
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
    # The weights of the body's full seats at opening (electronic votes; None for votes
    # opened before it was kept): a weight changed or a seat vacated during the vote
    # does not change the figures it is judged by.
    entitled_weight = models.DecimalField(
        _("weight of the full seats"), max_digits=15, decimal_places=3, null=True, blank=True
    )
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

    def election_or_none(self) -> Election | None:
        """The election this vote is the ballot of, if any (no query when it was read with
        select_related("election"))."""
        try:
            return self.election
        except Election.DoesNotExist:
            return None


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
    # The full seat's vote weight at opening (bodies.models.Seat.weight).
    weight = models.DecimalField(_("vote weight"), max_digits=12, decimal_places=3, default=1)
    # Set when the caster votes for this full seat by the proxy of its absent holder.
    proxy_for = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

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
    # yes, no or abstain; in a named election, the ballot as written (elections.py).
    choice = models.TextField(_("choice"), blank=True)

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
    # What the ballot counts for where the orders measure weight: the voter's seat's
    # weight. Published with the box, so a weighted secret ballot is only as secret as
    # its weight is common (docs/voting.md).
    weight = models.DecimalField(_("vote weight"), max_digits=12, decimal_places=3, default=1)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"ballot {self.receipt}"


class ElectionState(models.TextChoices):
    NOMINATING = "nominating", _("taking nominations")
    BALLOT = "ballot", _("ballot open")
    COUNTED = "counted", _("counted")
    DECLARED = "declared", _("declared")


class Election(models.Model):
    """An election at a sitting, to the seats of a body the sitting's body elects or to
    one of its offices. The method, the seats and whether the previous term ends are fixed
    from the orders when it is called; the ballot is a Vote whose ballots name candidates
    (rules.elections.live_ballots)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="elections")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="elections"
    )
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="elections"
    )
    # Full seats to fill and alternate places (in rank order) after them.
    seats = models.PositiveIntegerField(_("seats"))
    alternates = models.PositiveIntegerField(_("alternates"))
    method = models.CharField(_("method"), max_length=32)
    marks = models.PositiveIntegerField(_("marks per ballot"), null=True, blank=True)
    end_previous_term = models.BooleanField(_("ends the previous term"))
    state = models.CharField(_("state"), max_length=12, choices=ElectionState.choices)
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="election"
    )
    # rules.elections.results.ElectionResult.to_json(), names as the ballot paper gives them.
    result = models.JSONField(_("result"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)

    class Meta:
        ordering = ["sitting", "number"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "number"], name="election_number_in_sitting"
            ),
            models.CheckConstraint(
                condition=models.Q(body__isnull=True) ^ models.Q(office__isnull=True),
                name="election_of_a_body_or_an_office",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Consent(models.TextChoices):
    ASKED = "asked", _("consent asked")
    GIVEN = "given", _("consents")
    DECLINED = "declined", _("declines")


class Candidate(models.Model):
    """A member nominated in an election. Only those who consent stand; their `number` is
    their place on the ballot paper, given when the ballot opens."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=300)
    nominated_by = models.CharField(_("nominated by"), max_length=300)
    consent = models.CharField(_("consent"), max_length=8, choices=Consent.choices)
    number = models.PositiveIntegerField(_("number on the ballot"), null=True, blank=True)

    class Meta:
        ordering = ["election", "number", "name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="one_candidacy_per_member"),
            models.UniqueConstraint(
                fields=["election", "number"], name="one_candidate_per_ballot_number"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recall(models.Model):
    """A vote to remove an office holder: adopted by the majority the orders give the
    kind of decision "recall" (or their default majority), it ends the term of office;
    the member keeps their seat."""

    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="recall")
    term = models.ForeignKey(OfficeTerm, on_delete=models.PROTECT, related_name="recalls")

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")

    def __str__(self) -> str:
        return f"recall of term {self.term_id} (vote {self.vote_id})"


class Proxy(models.Model):
    """A standing proxy in a body: the holder of the full seat `giver` lets the holder of
    the full seat `holder` vote for it while absent, until revoked. A vote uses the
    proxies in force when it opens (rules.procedure.voting.proxies_used)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proxies")
    giver = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="proxies_given")
    holder = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="proxies_held")
    given_at = models.DateTimeField(_("given at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["body", "given_at", "pk"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["giver"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_proxy_in_force_per_giver",
            )
        ]

    def __str__(self) -> str:
        return f"proxy of seat {self.giver_id} to seat {self.holder_id}"
