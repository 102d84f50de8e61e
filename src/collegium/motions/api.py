"""API for a body's motions: submitting and supporting a draft, tabling, withdrawing,
referring it to a commission and the commission's recommendation, and putting the motion
to the vote once its amendments are decided (cast and closed as any vote, voting/api.py);
the motion book as a PDF. The amendments' endpoints are in motions/amendment_api.py, a
sitting's procedural motions' in motions/procedural_api.py (each a router of its own in
collegium/api.py: a nested router's operations would carry both tags). Motions
are the members' business: members and the staff read them, as they read the sittings;
the public is refused (403). Every change is an action of motions.actions, refused with
the rule named; the schemas are in motions/api_schemas.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import PathEx

from collegium.bodies.models import Body
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings.queries import item_or_404, sitting_or_404
from collegium.motions import actions
from collegium.motions.api_lookup import (
    MOTION,
    MOTIONS,
    ROW_NUMBER,
    members_named,
    motion_answer,
    motion_at,
    named_or_yourself,
    readable_body,
    revised,
)
from collegium.motions.api_schemas import (
    MotionOut,
    MotionSummaryOut,
    PutToVoteIn,
    RecommendIn,
    ReferIn,
    SubmitMotionIn,
    SupportIn,
    motion_out,
    summary_out,
)
from collegium.motions.book import motion_book_pdf
from collegium.motions.reading import motions_of, shown, supporters_of
from collegium.rules.errors import RuleError

router = Router(tags=["motions"])


def _pdf_answer(description: str) -> dict[str, Any]:
    return {
        **OPTIONAL_AUTH,
        "responses": {
            "200": {
                "description": description,
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    }


# Motions ------------------------------------------------------------------------------


@router.get(
    MOTIONS,
    response={200: list[MotionSummaryOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_motions",
    summary="A body's motions in their order (members and staff)",
)
def list_motions(request: HttpRequest, slug: str, body_slug: str) -> list[MotionSummaryOut]:
    body = readable_body(request, slug, body_slug)
    supporters = supporters_of(body)
    return [summary_out(motion, supporters[motion.pk]) for motion in motions_of(body)]


@router.post(
    MOTIONS,
    response={201: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="submit_motion",
    summary="Submit a draft motion (its submitters, members of the body; or the secretariat)",
    description="The submitters count among its supporters. A motion may amend or rescind "
    "a resolution of the body's register (`revises` with `revision`). Rules motion.text, "
    "motion.submitters, motion.not-member, motion.sitting, motion.revises, "
    "register.unknown-number, body.dissolved.",
)
def submit(
    request: HttpRequest, slug: str, body_slug: str, motion: SubmitMotionIn
) -> Status[MotionOut]:
    body = readable_body(request, slug, body_slug)
    sitting = sitting_or_404(body, motion.sitting) if motion.sitting is not None else None
    if motion.item is not None and sitting is None:
        raise RuleError(_("The agenda item is not one of the sitting's."), rule="motion.sitting")
    item = item_or_404(sitting, motion.item) if sitting is not None and motion.item else None
    submitted = actions.submit_motion(
        actor=api_actor(request),
        body=body,
        title=motion.title,
        text=motion.text,
        submitters=members_named(request, body, motion.submitters),
        sitting=sitting,
        item=item,
        revises=revised(request, body, motion.revises),
        revision=motion.revision or "",
    )
    return Status(201, motion_answer(submitted))


# Before the motion's own address: "book.pdf" is no motion's number.
@router.get(
    MOTIONS + "/book.pdf",
    response={200: None, **READ_ERRORS},
    auth=READ,
    openapi_extra=_pdf_answer(
        "Every motion with its text by line, its amendments as removed and added lines, and "
        "the commission's recommendations."
    ),
    operation_id="get_motion_book_pdf",
    summary="The motion book for the delegates' papers (PDF; members and staff)",
)
def motion_book(request: HttpRequest, slug: str, body_slug: str) -> HttpResponse:
    body = readable_body(request, slug, body_slug)
    response = HttpResponse(motion_book_pdf(body), content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{body.slug}-motions-{day}.pdf"'
    return response


@router.get(
    MOTION,
    response={200: MotionOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_motion",
    summary="A motion: its numbered text, supporters, recommendation and amendments",
)
def get_motion(
    request: HttpRequest, slug: str, body_slug: str, motion_number: PathEx[int, ROW_NUMBER]
) -> MotionOut:
    return motion_out(shown(motion_at(request, slug, body_slug, motion_number)))


@router.post(
    MOTION + "/support",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="support_motion",
    summary="Support a draft (a member of the body; or the secretariat recording it)",
    description="Rules motion.step, motion.supported, motion.not-member, register.unknown-number.",
)
def support(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: SupportIn,
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    member = named_or_yourself(request, motion.body, asked.member)
    actions.support_motion(actor=api_actor(request), motion=motion, member=member)
    return motion_answer(motion)


@router.post(
    MOTION + "/table",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="table_motion",
    summary="Table a draft with the supporters the orders ask (a submitter; or the secretariat)",
    description="Rules motion.step, motion.supporters, motion.deadline.",
)
def table(
    request: HttpRequest, slug: str, body_slug: str, motion_number: PathEx[int, ROW_NUMBER]
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    return motion_answer(actions.table_motion(actor=api_actor(request), motion=motion))


@router.post(
    MOTION + "/withdraw",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="withdraw_motion",
    summary="Withdraw a motion before its vote (a submitter; or the secretariat)",
    description="Its pending amendments go with it. Rule motion.step.",
)
def withdraw(
    request: HttpRequest, slug: str, body_slug: str, motion_number: PathEx[int, ROW_NUMBER]
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    return motion_answer(actions.withdraw_motion(actor=api_actor(request), motion=motion))


@router.post(
    MOTION + "/refer",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="refer_motion",
    summary="Record the meeting's referral of a tabled motion to a commission (secretariat)",
    description="To a commission the body elects. Rules motion.step, motion.commission, "
    "body.dissolved.",
)
def refer(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: ReferIn,
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    commission = Body.objects.filter(
        organization_id=motion.body.organization_id, slug=asked.commission
    ).first()
    if commission is None:
        raise NotFound(_("No such body."))
    return motion_answer(
        actions.refer_motion(actor=api_actor(request), motion=motion, commission=commission)
    )


@router.post(
    MOTION + "/recommend",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="recommend_motion",
    summary="Record the commission's recommendation, with its draft or a recommendation "
    "per amendment (the commission's or the body's secretariat)",
    description="A draft consolidates the amendments: the pending ones lapse. Rules "
    "motion.step, motion.recommendation, motion.text.",
)
def recommend(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: RecommendIn,
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    on_amendments = {a.amendment: a.recommendation for a in asked.amendments}
    if len(on_amendments) != len(asked.amendments):
        raise RuleError(_("Each amendment is recommended on once."), rule="motion.recommendation")
    recommended = actions.recommend(
        actor=api_actor(request),
        motion=motion,
        recommendation=asked.recommendation,
        draft=asked.draft,
        amendments=on_amendments,
    )
    return motion_answer(recommended)


@router.post(
    MOTION + "/vote",
    response={200: MotionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="put_motion_to_vote",
    summary="Put the motion to the vote at a sitting, its amendments decided (secretariat)",
    description="Cast and close it as any vote (votes API); the vote's sitting and number "
    "are in the answer. Rules motion.amendments-pending, motion.step, motion.sitting, "
    "vote rules.",
)
def put_motion_to_vote(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    motion_number: PathEx[int, ROW_NUMBER],
    asked: PutToVoteIn,
) -> MotionOut:
    motion = motion_at(request, slug, body_slug, motion_number)
    sitting = sitting_or_404(motion.body, asked.sitting)
    voted = actions.put_motion_to_vote(
        actor=api_actor(request), motion=motion, sitting=sitting, form=asked.form
    )
    return motion_answer(voted)
