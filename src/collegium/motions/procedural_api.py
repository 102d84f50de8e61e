"""API for the procedural motions of a sitting (Robert's Rules of Order, 1915): the stack
of pending questions with the motions decided and those in order now; moving a motion,
seconding it, withdrawing it, putting the question on top to the vote (cast and closed as
any vote, voting/api.py) and the chair's ruling on those the chair decides. Its own router
in collegium/api.py. Sittings are the members' business: members and the
staff read them, the public is refused (403). Every change is an action of
motions.actions, refused with the rule named; the schemas are in
motions/procedural_api_schemas.py."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import PathEx

from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings.api_lookup import sitting_and_scope
from collegium.meetings.models import Sitting
from collegium.motions import actions
from collegium.motions.api_lookup import ROW_NUMBER, named_or_yourself
from collegium.motions.models import ProceduralMotion
from collegium.motions.procedural_api_schemas import (
    ProceduralMotionOut,
    ProceduralMoveIn,
    ProceduralRuleIn,
    ProceduralSecondIn,
    ProceduralStackOut,
    ProceduralVoteIn,
    procedural_out,
    stack_out,
)
from collegium.motions.procedural_reading import read_procedural

router = Router(tags=["procedural motions"])

PROCEDURAL = "/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural"
MOTION = PROCEDURAL + "/{procedural_number}"


def _sitting(request: HttpRequest, slug: str, body_slug: str, number: int) -> Sitting:
    sitting, _scope = sitting_and_scope(request, slug, body_slug, number)
    return sitting


def _motion(
    request: HttpRequest, slug: str, body_slug: str, number: int, procedural: int
) -> ProceduralMotion:
    sitting = _sitting(request, slug, body_slug, number)
    found = ProceduralMotion.objects.filter(sitting=sitting, number=procedural).first()
    if found is None:
        raise NotFound(_("No such procedural motion."))
    return found


def _answer(motion: ProceduralMotion) -> ProceduralMotionOut:
    """The motion as committed after a change."""
    fresh = ProceduralMotion.objects.select_related("moved_by", "seconded_by", "vote__sitting")
    return procedural_out(fresh.get(pk=motion.pk))


@router.get(
    PROCEDURAL,
    response={200: ProceduralStackOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_procedural_motions",
    summary="The sitting's questions pending, bottom first, those decided and the "
    "motions in order now (members and staff)",
)
def list_procedural(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> ProceduralStackOut:
    return stack_out(read_procedural(_sitting(request, slug, body_slug, sitting_number)))


@router.post(
    PROCEDURAL,
    response={201: ProceduralMotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="move_procedural",
    summary="Move a procedural motion at the open sitting (a member of the body; or the "
    "secretariat naming the mover)",
    description="In order only if it outranks the question immediately pending (the "
    "list's `in_order`). Rules motion.unknown, motion.procedural-off, motion.out-of-order, "
    "motion.nothing-pending, procedural.detail, motion.not-member, register.unknown-number, "
    "sitting.not-open.",
)
def move(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    asked: ProceduralMoveIn,
) -> Status[ProceduralMotionOut]:
    sitting = _sitting(request, slug, body_slug, sitting_number)
    moved = actions.move_procedural(
        actor=api_actor(request),
        sitting=sitting,
        key=asked.key,
        member=named_or_yourself(request, sitting.body, asked.member),
        detail=asked.detail,
    )
    return Status(201, _answer(moved))


@router.post(
    MOTION + "/second",
    response={200: ProceduralMotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="second_procedural",
    summary="Second a pending procedural motion (another member of the body; or the "
    "secretariat naming the seconder)",
    description="Rules procedural.second, procedural.state, motion.not-member, "
    "register.unknown-number.",
)
def second(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    procedural_number: PathEx[int, ROW_NUMBER],
    asked: ProceduralSecondIn,
) -> ProceduralMotionOut:
    motion = _motion(request, slug, body_slug, sitting_number, procedural_number)
    member = named_or_yourself(request, motion.sitting.body, asked.member)
    seconded = actions.second_procedural(actor=api_actor(request), motion=motion, member=member)
    return _answer(seconded)


@router.post(
    MOTION + "/withdraw",
    response={200: ProceduralMotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="withdraw_procedural",
    summary="Withdraw a pending procedural motion (its mover; or the secretariat)",
    description="Before it is put to the vote. Rule procedural.state.",
)
def withdraw(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    procedural_number: PathEx[int, ROW_NUMBER],
) -> ProceduralMotionOut:
    motion = _motion(request, slug, body_slug, sitting_number, procedural_number)
    return _answer(actions.withdraw_procedural(actor=api_actor(request), motion=motion))


@router.post(
    MOTION + "/vote",
    response={200: ProceduralMotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="put_procedural_to_vote",
    summary="Put the question immediately pending to the vote (the chair)",
    description="Decided by the vote it needs under the orders (a majority or two-thirds); "
    "cast and close it as any vote (votes API): the vote's number is in the answer. Rules "
    "procedural.not-on-top, procedural.not-seconded, procedural.chair-rules, "
    "procedural.state, vote rules.",
)
def put_to_vote(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    procedural_number: PathEx[int, ROW_NUMBER],
    asked: ProceduralVoteIn,
) -> ProceduralMotionOut:
    motion = _motion(request, slug, body_slug, sitting_number, procedural_number)
    voted = actions.put_procedural_to_vote(actor=api_actor(request), motion=motion, form=asked.form)
    return _answer(voted)


@router.post(
    MOTION + "/rule",
    response={200: ProceduralMotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="rule_on_procedural",
    summary="The chair's ruling on a motion the chair decides (a point of order, a "
    "question of privilege, the orders of the day …)",
    description="Upheld or not, with the ruling's words. Rules procedural.voted, "
    "procedural.state, procedural.detail.",
)
def rule(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    procedural_number: PathEx[int, ROW_NUMBER],
    asked: ProceduralRuleIn,
) -> ProceduralMotionOut:
    motion = _motion(request, slug, body_slug, sitting_number, procedural_number)
    ruled = actions.rule_on_procedural(
        actor=api_actor(request), motion=motion, upheld=asked.upheld, ruling=asked.ruling
    )
    return _answer(ruled)
