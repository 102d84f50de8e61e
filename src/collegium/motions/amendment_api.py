"""API for a motion's amendments: tabling one (to lines of the motion's text, or of a
pending amendment), withdrawing it, and putting the next one to the vote (cast and closed
as any vote, voting/api.py). Its own router in collegium/api.py. Every change
is an action of motions.actions, refused with the rule named."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.params import PathEx

from collegium.http.api_auth import WRITE, api_actor
from collegium.http.api_errors import WRITE_ERRORS
from collegium.meetings.queries import sitting_or_404
from collegium.motions import actions
from collegium.motions.api_lookup import (
    MOTION,
    ROW_NUMBER,
    amendment_answer,
    amendment_of,
    motion_at,
    named_or_yourself,
)
from collegium.motions.api_schemas import AmendmentIn, AmendmentOut, ChangeIn, PutToVoteIn

router = Router(tags=["amendments"])

AMENDMENTS = MOTION + "/amendments"


@router.post(
    AMENDMENTS,
    response={201: AmendmentOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="propose_amendment",
    summary="Table an amendment to lines of the motion (or of a pending amendment)",
    description="A member of the body for themself, or the secretariat naming the mover. "
    "Lines as the motion's `lines` number them (an amendment's own text for an amendment to "
    "it). Rules amendment.closed, amendment.lines, amendment.empty, amendment.depth, "
    "amendment.text, amendment.length, motion.not-member, register.unknown-number.",
)
def propose_amendment(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: AmendmentIn,
) -> Status[AmendmentOut]:
    motion = motion_at(request, slug, body_slug, motion_number)
    amends = amendment_of(motion, asked.amends) if asked.amends is not None else None
    amendment = actions.propose_amendment(
        actor=api_actor(request),
        motion=motion,
        member=named_or_yourself(request, motion.body, asked.member),
        first_line=asked.first_line,
        last_line=asked.last_line,
        text=asked.text,
        reason=asked.reason,
        amends=amends,
    )
    return Status(201, amendment_answer(motion, amendment))


@router.post(
    MOTION + "/changes",
    response={201: AmendmentOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="recommend_change",
    summary="The commission's change recommendation to lines of the motion",
    description="While the motion is referred: the commission's secretariat (or the body's) "
    "tables a change of its own, recommended for adoption; the meeting votes on it as on an "
    "amendment. Rules motion.step, amendment.lines, amendment.empty, amendment.text, "
    "amendment.length.",
)
def recommend_change(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: ChangeIn,
) -> Status[AmendmentOut]:
    motion = motion_at(request, slug, body_slug, motion_number)
    change = actions.recommend_change(
        actor=api_actor(request),
        motion=motion,
        first_line=asked.first_line,
        last_line=asked.last_line,
        text=asked.text,
        reason=asked.reason,
    )
    return Status(201, amendment_answer(motion, change))


@router.post(
    AMENDMENTS + "/vote",
    response={200: AmendmentOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="put_amendment_to_vote",
    summary="Put the next pending amendment to the vote at a sitting (secretariat)",
    description="In the rules' order: an amendment's own amendments before it, among "
    "conflicting ones the one departing furthest first (the motion's `next_to_vote`). Cast "
    "and close it as any vote; the vote's sitting and number are in the answer. Rules "
    "amendment.none-pending, motion.step, motion.sitting, vote rules.",
)
def put_amendment_to_vote(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: PutToVoteIn,
) -> AmendmentOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    voted = actions.put_amendment_to_vote(
        actor=api_actor(request),
        motion=motion,
        sitting=sitting_or_404(motion.body, asked.sitting),
        form=asked.form,
    )
    return amendment_answer(motion, voted)


@router.post(
    AMENDMENTS + "/{amendment_number}/withdraw",
    response={200: AmendmentOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="withdraw_amendment",
    summary="Withdraw a pending amendment (its mover; or the secretariat)",
    description="The pending amendments to it go with it. Rule amendment.closed.",
)
def withdraw_amendment(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    amendment_number: PathEx[int, ROW_NUMBER],
) -> AmendmentOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    amendment = amendment_of(motion, amendment_number)
    withdrawn = actions.withdraw_amendment(actor=api_actor(request), amendment=amendment)
    return amendment_answer(motion, withdrawn)
