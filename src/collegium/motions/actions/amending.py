"""Amendments: tabling one (to the motion's text, or to another amendment's text),
and withdrawing it. Lines are cited as the numbered text shows them
(rules.motions.amendments)."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.motions.actions.common import (
    acts_for,
    fresh_motion,
    of_motion,
    require_secretariat,
    runs_body,
    voice_in,
)
from collegium.motions.models import (
    Amendment,
    AmendmentState,
    Motion,
    MotionState,
    Recommendation,
)
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.rules.motions.amendments import Change, check_change
from collegium.rules.procedure.texts import DESCRIPTION, check_length

# A motion takes amendments from its tabling until it is put to the vote.
AMENDABLE = (MotionState.TABLED, MotionState.REFERRED, MotionState.RECOMMENDED)


@action(chain=of_motion("motion"))
def propose_amendment(
    *,
    actor: Actor,
    motion: Motion,
    member: Member,
    first_line: int,
    last_line: int,
    text: str,
    reason: str = "",
    amends: Amendment | None = None,
) -> Amendment:
    """`member` (a member of the body) tables an amendment replacing lines
    `first_line..last_line` of the motion's voted text (or of `amends`' text) with
    `text`. Refused when the motion takes no amendments (`amendment.closed`), for lines
    the text does not have (`amendment.lines`), an amendment of an amendment's amendment
    (`amendment.depth`)."""
    motion = fresh_motion(motion)
    acts_for(actor, motion.body, member)
    voice_in(motion.body, member)
    if motion.state not in AMENDABLE:
        raise RuleError(
            _("Motion %(number)s takes no amendments: it is %(state)s.")
            % {"number": motion.number, "state": motion.get_state_display()},
            rule="amendment.closed",
        )
    return _table(actor, motion, Change(first_line, last_line, text), reason, amends, member)


@action(chain=of_motion("motion"))
def recommend_change(
    *,
    actor: Actor,
    motion: Motion,
    first_line: int,
    last_line: int,
    text: str,
    reason: str = "",
) -> Amendment:
    """The commission a motion is referred to proposes a change to its text directly (a
    change recommendation): tabled like an amendment, recommended for adoption, and
    accepted or rejected by the meeting's vote. Its secretariat (or the body's) records
    it while the motion is with the commission (`motion.step` otherwise)."""
    motion = fresh_motion(motion)
    commission = motion.commission
    if commission is None or not runs_body(actor, commission):
        require_secretariat(actor, motion.body)
    if motion.state != MotionState.REFERRED or commission is None:
        raise RuleError(
            _("Motion %(number)s is not with a commission: it is %(state)s.")
            % {"number": motion.number, "state": motion.get_state_display()},
            rule="motion.step",
        )
    return _table(actor, motion, Change(first_line, last_line, text), reason, None, None)


def _table(
    actor: Actor,
    motion: Motion,
    change: Change,
    reason: str,
    amends: Amendment | None,
    member: Member | None,
) -> Amendment:
    """Check and table an amendment by `member`, or the commission's change (None)."""
    base = motion.voted_text
    if amends is not None:
        amends = Amendment.objects.get(pk=amends.pk)
        if amends.motion_id != motion.pk or amends.state != AmendmentState.TABLED:
            raise RuleError(
                _("Only a pending amendment of this motion can be amended."),
                rule="amendment.closed",
            )
        if amends.amends_id is not None:
            raise RuleError(
                _("An amendment to an amendment cannot be amended again."),
                rule="amendment.depth",
            )
        base = amends.text
    if "\x00" in change.text or "\x00" in reason:
        raise RuleError(_("A text holds no NUL characters."), rule="amendment.text")
    check_length(reason.strip(), DESCRIPTION, _("The reason"), "amendment.text")
    check_change(change, base)
    number = (Amendment.objects.filter(motion=motion).aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment.objects.create(
        motion=motion,
        amends=amends,
        number=number,
        first_line=change.first,
        last_line=change.last,
        text=change.text.strip("\n"),
        reason=reason.strip(),
        cites_draft=bool(motion.draft),
        submitted_by=member,
        from_commission=member is None,
        # The commission recommends the change it proposes.
        recommendation=Recommendation.ADOPT if member is None else "",
        submitted_at=timezone.now(),
        state=AmendmentState.TABLED,
    )
    record(
        "amendment.submitted",
        actor=actor,
        organization=motion.body.organization,
        obj=amendment,
        body_id=motion.body_id,
        payload={
            "body": motion.body.slug,
            "motion": motion.number,
            "amendment": number,
            "amends": amends.number if amends is not None else None,
            "place": change.place(),
            "member": member.number if member is not None else None,
            "commission": motion.commission.slug
            if member is None and motion.commission is not None
            else "",
        },
    )
    return amendment


@action(chain=of_motion("amendment"))
def withdraw_amendment(*, actor: Actor, amendment: Amendment) -> Amendment:
    """Its mover (or the secretariat) withdraws a pending amendment (`amendment.closed`
    once voted on)."""
    amendment = Amendment.objects.select_related("motion__body__organization", "submitted_by").get(
        pk=amendment.pk
    )
    motion = amendment.motion
    mover = amendment.submitted_by
    if mover is None:  # the commission's change: its secretariat or the body's
        commission = motion.commission
        if commission is None or not runs_body(actor, commission):
            require_secretariat(actor, motion.body)
    elif actor.user is None or mover.user_id != actor.user.pk:
        require_secretariat(actor, motion.body)
    if amendment.state != AmendmentState.TABLED:
        raise RuleError(
            _("Amendment %(number)s is %(state)s: only a pending one can be withdrawn.")
            % {"number": amendment.number, "state": amendment.get_state_display()},
            rule="amendment.closed",
        )
    amendment.state = AmendmentState.WITHDRAWN
    amendment.save(update_fields=["state"])
    Amendment.objects.filter(amends=amendment, state=AmendmentState.TABLED).update(
        state=AmendmentState.WITHDRAWN
    )
    record(
        "amendment.withdrawn",
        actor=actor,
        organization=motion.body.organization,
        obj=amendment,
        body_id=motion.body_id,
        payload={"body": motion.body.slug, "motion": motion.number, "amendment": amendment.number},
    )
    return amendment
