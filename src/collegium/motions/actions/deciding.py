"""What a closed vote decides of a motion or an amendment. `voting` calls this when one
of its votes closes (voting.actions.closing.after_close; it never imports motions), inside
the close's transaction: the decision and the vote's result are committed together."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from collegium.journal.actions import record
from collegium.journal.actors import Actor
from collegium.meetings.queries import rules_of
from collegium.motions.actions.procedural import procedural_decided
from collegium.motions.actions.texts import change_of, resulting_text
from collegium.motions.models import Amendment, AmendmentState, Motion, MotionState, Revision
from collegium.register.actions import enter_resolution
from collegium.rules.motions.amendments import conflicts
from collegium.rules.questions.decision import Outcome
from collegium.voting.models import Vote


def decided_by_vote(actor: Actor, vote: Vote) -> None:
    if procedural_decided(actor, vote):
        return
    amendment = (
        Amendment.objects.select_related("motion__body__organization").filter(vote=vote).first()
    )
    if amendment is not None:
        _amendment_decided(actor, vote, amendment)
        return
    motion = Motion.objects.select_related("body__organization").filter(vote=vote).first()
    if motion is not None:
        _motion_decided(actor, vote, motion)


def _amendment_decided(actor: Actor, vote: Vote, amendment: Amendment) -> None:
    motion = amendment.motion
    if vote.outcome == Outcome.NOT_DECIDED:  # no quorum: it is pending again
        amendment.state, amendment.vote = AmendmentState.TABLED, None
        amendment.save(update_fields=["state", "vote"])
        _journal(actor, motion, amendment, vote, "", "")
        return
    adopted = vote.outcome == Outcome.ADOPTED
    amendment.state = AmendmentState.ADOPTED if adopted else AmendmentState.REJECTED
    amendment.save(update_fields=["state"])
    if adopted:
        # Pending amendments to the same text can no longer be made.
        made = change_of(amendment)
        siblings = Amendment.objects.filter(
            motion=motion, amends=amendment.amends, state=AmendmentState.TABLED
        )
        for other in siblings:
            if conflicts(made, change_of(other, [])):
                other.state = AmendmentState.LAPSED
                other.save(update_fields=["state"])
    elif amendment.amends_id is None:
        # A rejected amendment takes its pending sub-amendments with it.
        Amendment.objects.filter(amends=amendment, state=AmendmentState.TABLED).update(
            state=AmendmentState.LAPSED
        )
    _journal(actor, motion, amendment, vote, amendment.state, "")


def _motion_decided(actor: Actor, vote: Vote, motion: Motion) -> None:
    if vote.outcome == Outcome.NOT_DECIDED:
        motion.state = MotionState.RECOMMENDED if motion.recommendation else MotionState.TABLED
        motion.vote = None
        motion.save(update_fields=["state", "vote"])
        _journal(actor, motion, None, vote, "", "")
        return
    adopted = vote.outcome == Outcome.ADOPTED
    motion.state = MotionState.ADOPTED if adopted else MotionState.REJECTED
    motion.decided_at = timezone.now()
    motion.final_text = resulting_text(motion) if adopted else ""
    motion.save(update_fields=["state", "decided_at", "final_text"])
    digest = hashlib.sha256(motion.final_text.encode()).hexdigest() if adopted else ""
    _journal(actor, motion, None, vote, motion.state, digest)
    if adopted:
        enter_resolution(
            actor,
            body=motion.body,
            title=motion.title,
            text=motion.final_text,
            vote=vote,
            rules=rules_of(vote.sitting),
            item=motion.item,
            commission=motion.commission,
            revises=motion.revises,
            rescinds=motion.revision == Revision.RESCIND,
        )


def _journal(
    actor: Actor,
    motion: Motion,
    amendment: Amendment | None,
    vote: Vote,
    outcome: str,
    digest: str,
) -> None:
    record(
        "motion.decided",
        actor=actor,
        organization=motion.body.organization,
        obj=amendment if amendment is not None else motion,
        body_id=motion.body_id,
        payload={
            "body": motion.body.slug,
            "motion": motion.number,
            "amendment": amendment.number if amendment is not None else None,
            # "" when no quorum decided it: it is pending again.
            "outcome": outcome,
            "vote": vote.number,
            "text_sha256": digest,
        },
    )
