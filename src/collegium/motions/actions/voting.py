"""Putting a motion's amendments, then the motion, to the vote at a sitting of its body;
the vote itself is the `voting` package's (its form, voters, ballots and count). When it
closes, deciding.py records what it decided."""

from __future__ import annotations

from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.models import AgendaItem, Sitting
from collegium.motions.actions.common import fresh_motion, of_motion, require_secretariat, step
from collegium.motions.actions.texts import next_to_vote
from collegium.motions.models import Amendment, AmendmentState, Motion
from collegium.rules.errors import RuleError
from collegium.rules.motions.amendments import Change
from collegium.rules.motions.workflow import State, Step, after
from collegium.voting.actions import open_vote
from collegium.voting.models import Vote


def _item_at(motion: Motion, sitting: Sitting) -> AgendaItem | None:
    """The agenda item a vote on the motion is taken under at `sitting` (its own item,
    when it is on that sitting's agenda); refused at another body's sitting."""
    if sitting.body_id != motion.body_id:
        raise RuleError(
            _("Motion %(number)s is before %(body)s: it is voted on at that body's sittings.")
            % {"number": motion.number, "body": motion.body.name},
            rule="motion.sitting",
        )
    item = motion.item
    return item if item is not None and item.sitting_id == sitting.pk else None


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
    item = _item_at(motion, sitting)
    after(State(motion.state), Step.VOTE)  # only a motion that could be voted on
    amendment = next_to_vote(motion)
    if amendment is None:
        raise RuleError(
            _("Motion %(number)s has no pending amendment.") % {"number": motion.number},
            rule="amendment.none-pending",
        )
    place = Change(amendment.first_line, amendment.last_line, amendment.text).place()
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=_("Amendment %(motion)s/%(number)s to “%(title)s” (%(place)s)")
        % {
            "motion": motion.number,
            "number": amendment.number,
            "title": motion.title[:200],
            "place": place,
        },
        form=form,
        item=item,
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
    (`motion.amendments-pending` names the one to vote on, or being voted on, first)."""
    motion = fresh_motion(motion)
    require_secretariat(actor, motion.body)
    item = _item_at(motion, sitting)
    pending = Amendment.objects.filter(
        motion=motion, state=AmendmentState.VOTING
    ).first() or next_to_vote(motion)
    if pending is not None:
        raise RuleError(
            _(
                "Amendment %(number)s to motion %(motion)s is pending: amendments are voted "
                "on first."
            )
            % {"number": pending.number, "motion": motion.number},
            rule="motion.amendments-pending",
        )
    step(motion, Step.VOTE)
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=_("Motion %(number)s: %(title)s")
        % {"number": motion.number, "title": motion.title[:250]},
        form=form,
        item=item,
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
