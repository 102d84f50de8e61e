"""API endpoints that span features: a member's entry with the member's seats and offices
(the register's and the bodies' data together), and the change of a member's status,
which answers with that entry. Here, above `bodies`, so that `registry` never imports
`bodies`; the operations are documented with the register's."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.queries import office_terms_of, seats_of
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.registry.actions import change_member_status
from collegium.registry.api import MemberOut, StatusName, member_out, sees_email
from collegium.registry.models import Member, MemberStatus
from collegium.registry.queries import member_or_404, organization_or_404

router = Router(tags=["register"])


class MemberSeatOut(Schema):
    body: str
    body_name: str
    role: str
    rank: int | None
    origin: str
    origin_detail: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    vacated_on: datetime.date | None
    vacated_reason: str


class MemberOfficeOut(Schema):
    body: str
    office: str
    title: str
    start: datetime.date
    end: datetime.date | None
    ended_because: str


class StatusChangeOut(Schema):
    previous_status: str
    status: StatusName
    reason: str
    effective_on: datetime.date


class MemberDetailOut(MemberOut):
    joined_on: datetime.date | None
    seats: list[MemberSeatOut]
    offices: list[MemberOfficeOut]
    status_history: list[StatusChangeOut]


class StatusChangeIn(Schema):
    status: StatusName
    reason: str = Field(min_length=1, max_length=500)
    effective_on: datetime.date | None = None


def member_detail(member: Member, show_email: bool) -> MemberDetailOut:
    summary = member_out(member, show_email)
    return MemberDetailOut(
        **summary.model_dump(),
        joined_on=member.joined_on,
        seats=[
            MemberSeatOut(
                body=seat.body.slug,
                body_name=seat.body.name,
                role=seat.role,
                rank=seat.rank,
                origin=seat.origin,
                origin_detail=seat.origin_detail,
                term_start=seat.term_start,
                term_end=seat.term_end,
                vacated_on=seat.vacated_on,
                vacated_reason=seat.vacated_reason,
            )
            for seat in seats_of(member)
        ],
        offices=[
            MemberOfficeOut(
                body=term.office.body.slug,
                office=term.office.slug,
                title=term.office.title,
                start=term.start,
                end=term.end,
                ended_because=term.ended_because,
            )
            for term in office_terms_of(member)
        ],
        status_history=[
            StatusChangeOut(
                previous_status=change.previous_status,
                status=change.status,  # type: ignore[arg-type]
                reason=change.reason,
                effective_on=change.effective_on,
            )
            for change in member.status_changes.all()
        ],
    )


# Registered before get_member: a member number may contain "/", so the member route
# would otherwise take ".../status" as part of the number. (The register's own routes
# under members/, the import, are registered earlier: collegium/api.py adds this router
# after the register's.)
@router.post(
    "/organizations/{slug}/members/{path:number}/status",
    response={200: MemberDetailOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="change_member_status",
    summary="Suspend, reinstate or record that a member has left",
)
def change_status(
    request: HttpRequest, slug: str, number: str, change: StatusChangeIn
) -> MemberDetailOut:
    organization = organization_or_404(slug)
    actor = api_actor(request)
    member = member_or_404(organization, number)
    change_member_status(
        actor=actor,
        member=member,
        status=MemberStatus(change.status),
        reason=change.reason,
        effective_on=change.effective_on,
    )
    member.refresh_from_db()
    return member_detail(member, sees_email(caller(request), organization))


@router.get(
    "/organizations/{slug}/members/{path:number}",
    response={200: MemberDetailOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_member",
    summary="A member with seats, offices and status history",
    description="Email only for admins and secretaries.",
)
def get_member(request: HttpRequest, slug: str, number: str) -> MemberDetailOut:
    organization = organization_or_404(slug)
    user = caller(request)
    require(user, Permission.VIEW_MEMBER, Context(organization))
    return member_detail(member_or_404(organization, number), sees_email(user, organization))
