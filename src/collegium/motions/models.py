"""A motion (draft resolution) of a body, the members who submit and support it, and the
amendments to its text. The workflow's states and the rules of each step are pure
functions in collegium.rules.motions; the rows here record where a motion stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import Body
from collegium.meetings.models import AgendaItem, Sitting
from collegium.register.models import Decision
from collegium.registry.models import Member
from collegium.voting.models import Vote


class MotionState(models.TextChoices):
    """The values are those of rules.motions.workflow.State."""

    DRAFT = "draft", _("draft")
    TABLED = "tabled", _("tabled")
    REFERRED = "referred", _("referred to a commission")
    RECOMMENDED = "recommended", _("recommended by the commission")
    VOTING = "voting", _("being voted on")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Recommendation(models.TextChoices):
    ADOPT = "adopt", _("adopt")
    REJECT = "reject", _("reject")
    AMENDED = "adopt-as-amended", _("adopt as amended")


class Revision(models.TextChoices):
    """What a motion does to a decision already in the register (Robert's Rules: amend
    something previously adopted, rescind); "" for a new resolution."""

    NONE = "", _("a new resolution")
    AMEND = "amend", _("amends a decision")
    RESCIND = "rescind", _("rescinds a decision")


class Motion(models.Model):
    """A draft resolution before a body, numbered in the body (1, 2, …). `text` is the
    text as submitted; a commission's draft, when it frames one, is what is voted on
    (`draft`); `final_text` is the text adopted, with the adopted amendments made."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="motions")
    sitting = models.ForeignKey(
        Sitting, null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=16, choices=MotionState.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    tabled_at = models.DateTimeField(_("tabled at"), null=True, blank=True)
    commission = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="referred_motions"
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    draft = models.TextField(_("the commission's draft"), blank=True)
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="motion"
    )
    final_text = models.TextField(_("text adopted"), blank=True)
    # A motion that amends (its text is the decision's new text) or rescinds a decision.
    revises = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    revision = models.CharField(
        _("revision"), max_length=8, choices=Revision.choices, blank=True, default=""
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["body", "number"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="motion_number_in_body"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def voted_text(self) -> str:
        """What the meeting votes on: the commission's draft where it framed one."""
        return self.draft or self.text


class Submitter(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="submitters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="one_submitter_row"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.member_id}"


class Support(models.Model):
    """A member's support for a draft; the submitters count among its supporters."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="supports")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="one_support_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.member_id}"


class AmendmentState(models.TextChoices):
    TABLED = "tabled", _("tabled")
    VOTING = "voting", _("being voted on")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # An adopted amendment changed the text this one changes: it can no longer be made.
    LAPSED = "lapsed", _("lapsed")


class Amendment(models.Model):
    """Lines `first_line..last_line` of the motion's voted text (or of the amended
    amendment's text) replaced by `text`; `last_line == first_line - 1` inserts
    (rules.motions.amendments.Change). Numbered in the motion."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="amendments")
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_amendments"
    )
    number = models.PositiveIntegerField(_("number"))
    first_line = models.PositiveIntegerField(_("first line"))
    last_line = models.PositiveIntegerField(_("last line"))
    text = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Whether its lines are those of the commission's draft (tabled after the commission
    # framed one) rather than of the text as submitted.
    cites_draft = models.BooleanField(_("cites the commission's draft"), default=False)
    # The member who moved it; None for the commission's own change recommendation.
    submitted_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_commission = models.BooleanField(_("the commission's change"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    state = models.CharField(_("state"), max_length=16, choices=AmendmentState.choices)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="amendment"
    )

    class Meta:
        ordering = ["motion", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="amendment_number"),
        ]

    def __str__(self) -> str:
        return f"{self.motion.number}/{self.number}"


class ProceduralState(models.TextChoices):
    PENDING = "pending", _("pending")
    VOTING = "voting", _("being voted on")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    # The chair ruled on it (a point of order, a question of privilege …): `upheld`.
    RULED = "ruled", _("ruled on by the chair")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProceduralMotion(models.Model):
    """A procedural motion moved at a sitting (rules.motions.procedural: `key` is one of
    the 1915 Robert's Rules motions), numbered in the sitting. While pending or being
    voted on it stands on the sitting's stack of pending questions, which decides what
    else is in order."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="procedural_motions"
    )
    number = models.PositiveIntegerField(_("number"))
    key = models.CharField(_("motion"), max_length=40)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    moved_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    seconded_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The vote it needs under the orders at moving: majority, two-thirds or chair.
    needs = models.CharField(_("vote needed"), max_length=12)
    state = models.CharField(_("state"), max_length=12, choices=ProceduralState.choices)
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="procedural_motion"
    )
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    ruling = models.CharField(_("ruling"), max_length=1000, blank=True)
    moved_at = models.DateTimeField(_("moved at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["sitting", "number"]
        verbose_name = _("procedural motion")
        verbose_name_plural = _("procedural motions")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "number"], name="procedural_motion_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.key}"
