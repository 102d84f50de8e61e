"""Procedural motions at a sitting (Robert's Rules of Order, 1915; rules.motions.procedural):
moving one (in order only if it outranks the question pending), seconding it, putting it
to the vote (decided by the vote it needs: a majority or two-thirds, by the orders) or the
chair's ruling on those the chair decides, and withdrawing it. The pending questions form
a stack: the main motion before the sitting at the bottom, then the procedural motions
pending, in the order moved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import check_open, fresh, of_sitting, require_chair
from collegium.meetings.models import Sitting
from collegium.meetings.queries import rules_of
from collegium.motions.actions.common import acts_for, voice_in
from collegium.motions.models import Motion, MotionState, ProceduralMotion, ProceduralState
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.rules.motions.procedural import (
    BY_KEY,
    PROCEDURAL_KIND,
    Needs,
    ProceduralRules,
    in_order,
)
from collegium.rules.motions.procedural import Motion as Kind
from collegium.rules.procedure.texts import check_length
from collegium.rules.questions.decision import Outcome
from collegium.voting.actions import open_vote
from collegium.voting.models import Vote

DETAIL_MAX = 500
RULING_MAX = 1_000
PENDING = (ProceduralState.PENDING, ProceduralState.VOTING)
# A main motion is pending at the sitting from its tabling to its vote's close.
MAIN_PENDING = (MotionState.TABLED, MotionState.RECOMMENDED, MotionState.VOTING)


def of_procedural(arguments: Mapping[str, Any]) -> int:
    motion: ProceduralMotion = arguments["motion"]
    return int(motion.sitting.body.organization_id)


def _rules(sitting: Sitting) -> ProceduralRules:
    return rules_of(sitting).procedural_motions


def pending_stack(sitting: Sitting) -> list[tuple[Kind, ProceduralMotion | None]]:
    """The questions pending at the sitting, bottom first: the main motion (if one is
    before it) and the procedural motions pending, each as the orders have it."""
    rules = _rules(sitting)
    stack: list[tuple[Kind, ProceduralMotion | None]] = []
    if Motion.objects.filter(sitting=sitting, state__in=MAIN_PENDING).exists():
        stack.append((BY_KEY["main"], None))
    for pending in ProceduralMotion.objects.filter(sitting=sitting, state__in=PENDING).order_by(
        "number"
    ):
        stack.append((rules.motion(pending.key), pending))
    return stack


def _fresh(motion: ProceduralMotion) -> ProceduralMotion:
    return ProceduralMotion.objects.select_related(
        "sitting__body__organization", "sitting__orders", "moved_by", "seconded_by"
    ).get(pk=motion.pk)


def _check_state(motion: ProceduralMotion, *allowed: ProceduralState) -> None:
    if motion.state not in allowed:
        raise RuleError(
            _("Procedural motion %(number)s is %(state)s; this cannot be done now.")
            % {"number": motion.number, "state": motion.get_state_display()},
            rule="procedural.state",
        )


def _journal(actor: Actor, motion: ProceduralMotion, code: str, **payload: object) -> None:
    sitting = motion.sitting
    record(
        code,
        actor=actor,
        organization=sitting.body.organization,
        obj=motion,
        body_id=sitting.body_id,
        payload={"sitting": sitting.number, "procedural": motion.number, **payload},
    )


@action(chain=of_sitting("sitting"))
def move_procedural(
    *, actor: Actor, sitting: Sitting, key: str, member: Member, detail: str = ""
) -> ProceduralMotion:
    """A member of the body (or the secretariat for them) moves procedural motion `key`
    at the open sitting. Refused as `motion.unknown`, `motion.procedural-off` (the orders
    switch the set off), `motion.out-of-order` or `motion.nothing-pending` (it does not
    outrank what is pending), `procedural.detail`."""
    sitting = fresh(sitting)
    check_open(sitting)
    body = sitting.body
    acts_for(actor, body, member)
    voice_in(body, member)
    if key == "main":
        raise RuleError(
            _("A main motion is submitted on the motions page, not moved from the floor."),
            rule="motion.unknown",
        )
    kind = _rules(sitting).motion(key)
    in_order(kind, [pending for pending, _row in pending_stack(sitting)])
    detail = detail.strip()
    if "\x00" in detail:
        raise RuleError(_("A text holds no NUL characters."), rule="procedural.detail")
    check_length(detail, DETAIL_MAX, _("The detail"), "procedural.detail")
    number = (
        ProceduralMotion.objects.filter(sitting=sitting).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    motion = ProceduralMotion.objects.create(
        sitting=sitting,
        number=number,
        key=kind.key,
        detail=detail,
        moved_by=member,
        needs=kind.needs.value,
        state=ProceduralState.PENDING,
        moved_at=timezone.now(),
    )
    _journal(
        actor,
        motion,
        "procedural.moved",
        motion_key=kind.key,
        detail=detail,
        member=member.number,
        needs=kind.needs.value,
    )
    return motion


@action(chain=of_procedural)
def second_procedural(
    *, actor: Actor, motion: ProceduralMotion, member: Member
) -> ProceduralMotion:
    """Another member of the body seconds it (`procedural.second`: the mover, a second
    time, or a motion that needs none)."""
    motion = _fresh(motion)
    _check_state(motion, ProceduralState.PENDING)
    body = motion.sitting.body
    acts_for(actor, body, member)
    voice_in(body, member)
    if not BY_KEY[motion.key].second or motion.seconded_by_id is not None:
        raise RuleError(
            _("Procedural motion %(number)s needs no second, or has one already.")
            % {"number": motion.number},
            rule="procedural.second",
        )
    if member.pk == motion.moved_by_id:
        raise RuleError(_("The mover cannot second their own motion."), rule="procedural.second")
    motion.seconded_by = member
    motion.save(update_fields=["seconded_by"])
    _journal(actor, motion, "procedural.seconded", member=member.number)
    return motion


def _top_of(motion: ProceduralMotion) -> None:
    """Only the question on top of the stack is taken up (`procedural.not-on-top`)."""
    stack = pending_stack(motion.sitting)
    top = stack[-1][1] if stack else None
    if top is None or top.pk != motion.pk:
        raise RuleError(
            _(
                "Procedural motion %(number)s is not the question immediately pending: "
                "those moved after it are decided first."
            )
            % {"number": motion.number},
            rule="procedural.not-on-top",
        )


@action(chain=of_procedural)
def put_procedural_to_vote(
    *, actor: Actor, motion: ProceduralMotion, form: str | None = None
) -> ProceduralMotion:
    """The chair puts the motion on top of the stack to the vote; it is decided by the
    vote it needs under the orders (a majority, or two-thirds: its vote's kind is
    PROCEDURAL_KIND + key). Refused as `procedural.not-seconded`, `procedural.chair-rules`
    (the chair decides it), `procedural.not-on-top`."""
    motion = _fresh(motion)
    sitting = motion.sitting
    require_chair(actor, sitting)
    _check_state(motion, ProceduralState.PENDING)
    _top_of(motion)
    if motion.needs == Needs.CHAIR:
        raise RuleError(
            _("%(motion)s is not voted on: the chair rules on it.")
            % {"motion": BY_KEY[motion.key].title},
            rule="procedural.chair-rules",
        )
    if BY_KEY[motion.key].second and motion.seconded_by_id is None:
        raise RuleError(
            _("%(motion)s needs a second before it is put to the vote.")
            % {"motion": BY_KEY[motion.key].title},
            rule="procedural.not-seconded",
        )
    subject = BY_KEY[motion.key].title
    if motion.detail:
        subject += f": {motion.detail}"
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=subject[:300],
        kind=PROCEDURAL_KIND + motion.key,
        form=form,
    )
    motion.state, motion.vote = ProceduralState.VOTING, vote
    motion.save(update_fields=["state", "vote"])
    _journal(actor, motion, "procedural.put_to_vote", vote=vote.number)
    return motion


@action(chain=of_procedural)
def rule_on_procedural(
    *, actor: Actor, motion: ProceduralMotion, upheld: bool, ruling: str = ""
) -> ProceduralMotion:
    """The chair rules on a motion the chair decides (a point of order, a question of
    privilege, the orders of the day …): upheld or not, with the ruling's words.
    Refused as `procedural.voted` for a motion decided by vote."""
    motion = _fresh(motion)
    require_chair(actor, motion.sitting)
    _check_state(motion, ProceduralState.PENDING)
    if motion.needs != Needs.CHAIR:
        raise RuleError(
            _("%(motion)s is decided by a vote, not by the chair.")
            % {"motion": BY_KEY[motion.key].title},
            rule="procedural.voted",
        )
    ruling = ruling.strip()
    if "\x00" in ruling:
        raise RuleError(_("A text holds no NUL characters."), rule="procedural.detail")
    check_length(ruling, RULING_MAX, _("The ruling"), "procedural.detail")
    motion.state, motion.upheld, motion.ruling = ProceduralState.RULED, upheld, ruling
    motion.decided_at = timezone.now()
    motion.save(update_fields=["state", "upheld", "ruling", "decided_at"])
    _journal(
        actor,
        motion,
        "procedural.decided",
        outcome="upheld" if upheld else "not-upheld",
        vote=None,
        ruling=ruling,
    )
    return motion


@action(chain=of_procedural)
def withdraw_procedural(*, actor: Actor, motion: ProceduralMotion) -> ProceduralMotion:
    """Its mover (or the secretariat) withdraws it before it is put to the vote."""
    motion = _fresh(motion)
    _check_state(motion, ProceduralState.PENDING)
    acts_for(actor, motion.sitting.body, motion.moved_by)
    motion.state, motion.decided_at = ProceduralState.WITHDRAWN, timezone.now()
    motion.save(update_fields=["state", "decided_at"])
    _journal(actor, motion, "procedural.decided", outcome="withdrawn", vote=None, ruling="")
    return motion


def procedural_decided(actor: Actor, vote: Vote) -> bool:
    """When its vote closes (deciding.decided_by_vote): adopted or rejected; without a
    quorum it is pending again. False when the vote is not a procedural motion's."""
    motion = (
        ProceduralMotion.objects.select_related("sitting__body__organization")
        .filter(vote=vote)
        .first()
    )
    if motion is None:
        return False
    if vote.outcome == Outcome.NOT_DECIDED:
        motion.state, motion.vote = ProceduralState.PENDING, None
        motion.save(update_fields=["state", "vote"])
        outcome = ""
    else:
        adopted = vote.outcome == Outcome.ADOPTED
        motion.state = ProceduralState.ADOPTED if adopted else ProceduralState.REJECTED
        motion.decided_at = timezone.now()
        motion.save(update_fields=["state", "decided_at"])
        outcome = motion.state
    _journal(actor, motion, "procedural.decided", outcome=outcome, vote=vote.number, ruling="")
    return True
