"""Putting a motion's amendments, then the motion, to the vote at a sitting of its body;
the vote itself is the `voting` package's (its form, voters, ballots and count). When it
closes, deciding.py records what it decided."""

from __future__ import annotations

from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.models import Sitting
from collegium.motions.actions.common import fresh_motion, of_motion, require_secretariat, step
from collegium.motions.actions.texts import next_to_vote
from collegium.motions.models import Amendment, AmendmentState, Motion
from collegium.rules.errors import RuleError
from collegium.rules.motions.workflow import Step
from collegium.voting.actions import open_vote
from collegium.voting.models import Vote


def _sitting_of(motion: Motion, sitting: Sitting) -> Sitting:
    sitting = Sitting.objects.select_related("body").get(pk=sitting.pk)
    if sitting.body_id != motion.body_id:
        raise RuleError(
            _("Motion %(number)s is before %(body)s: it is voted on at that body's sittings.")
            % {"number": motion.number, "body": motion.body.name},
            rule="motion.sitting",
        )
    return sitting


@action(chain=of_motion("motion"))
def put_amendment_to_vote(
    *, actor: Actor, motion: Motion, sitting: Sitting, form: str | None = None
) -> Amendment:
    """The chair puts the next pending amendment to the vote: sub-amendments before
    their amendment, and among amendments to the same text the one departing furthest
    first (rules.motions.amendments.voting_order). Refused when none is pending
    (`amendment.none-pending`) or the motion is not before the meeting (`motion.step`)."""
    motion = fresh_motion(motion)
    require_secretariat(actor, motion.body)
    sitting = _sitting_of(motion, sitting)
    # The motion must be one that could be put to the vote (tabled or recommended).
    from_state = motion.state
    step(motion, Step.VOTE)
    motion.state = from_state
    amendment = next_to_vote(motion)
    if amendment is None:
        raise RuleError(
            _("Motion %(number)s has no pending amendment.") % {"number": motion.number},
            rule="amendment.none-pending",
        )
    place = f"{amendment.first_line}–{amendment.last_line}"
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=_("Amendment %(motion)s/%(number)s to “%(title)s” (lines %(place)s)")
        % {
            "motion": motion.number,
            "number": amendment.number,
            "title": motion.title[:200],
            "place": place,
        },
        form=form,
        item=motion.item
        if motion.item is not None and motion.item.sitting_id == sitting.pk
        else None,
    )
    amendment.state = AmendmentState.VOTING
    amendment.vote = vote
    amendment.save(update_fields=["state", "vote"])
    _journal(actor, motion, vote, amendment)
    return amendment


@action(chain=of_motion("motion"))
def put_motion_to_vote(
    *, actor: Actor, motion: Motion, sitting: Sitting, form: str | None = None
) -> Motion:
    """The chair puts the motion itself to the vote, once every amendment is decided
    (`motion.amendments-pending` names the next one)."""
    motion = fresh_motion(motion)
    require_secretariat(actor, motion.body)
    sitting = _sitting_of(motion, sitting)
    pending = next_to_vote(motion)
    if (
        pending is not None
        or Amendment.objects.filter(motion=motion, state=AmendmentState.VOTING).exists()
    ):
        raise RuleError(
            _("Amendments to motion %(number)s are still pending: they are voted on first.")
            % {"number": motion.number},
            rule="motion.amendments-pending",
        )
    step(motion, Step.VOTE)
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=_("Motion %(number)s: %(title)s")
        % {"number": motion.number, "title": motion.title[:250]},
        form=form,
        item=motion.item
        if motion.item is not None and motion.item.sitting_id == sitting.pk
        else None,
    )
    motion.vote = vote
    motion.save(update_fields=["state", "vote"])
    _journal(actor, motion, vote, None)
    return motion


def _journal(actor: Actor, motion: Motion, vote: Vote, amendment: Amendment | None) -> None:
    record(
        "motion.put_to_vote",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload={
            "body": motion.body.slug,
            "motion": motion.number,
            "amendment": amendment.number if amendment is not None else None,
            "sitting": vote.sitting.number,
            "vote": vote.number,
        },
    )
