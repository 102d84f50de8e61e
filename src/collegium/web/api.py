"""API endpoints that span features: a member's entry with the member's seats and offices
(the register's and the bodies' data together), and the change of a member's status,
which answers with that entry. Here, above `bodies`, so that `registry` never imports
`bodies`; the operations are documented with the register's."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from ninja import Field, Router, Schema

from collegium.access.permissions import (
    Context,
    Permission,
    has_permission,
    refusal,
    require,
    roles_of,
)
from collegium.bodies.queries import office_terms_of, seats_of
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.refusals import may
from collegium.registry.actions import change_member_status, correct_member
from collegium.registry.api import MemberOut, StatusName, member_out, sees_email
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.numbers import normalize_number
from collegium.registry.queries import (
    details_version,
    member_not_found,
    member_numbered,
    member_or_404,
    organization_or_404,
)

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
    version: str = Field(
        description="The version of name, email and unit, for a correction to carry."
    )
    seats: list[MemberSeatOut]
    offices: list[MemberOfficeOut]
    status_history: list[StatusChangeOut]


class StatusChangeIn(Schema):
    status: StatusName
    reason: str = Field(min_length=1, max_length=500)
    effective_on: datetime.date | None = None


class CorrectionIn(Schema):
    name: str | None = Field(None, description="Omitted: kept as it is.")
    email: str | None = Field(None, description="Omitted: kept; empty: cleared.")
    unit: str | None = Field(None, description="Omitted: kept; empty: cleared.")
    version: str | None = Field(
        None,
        description="`version` from the member's entry when the caller read it; when given "
        "and the entry changed since, the correction is refused (rule register.stale-form).",
    )


def member_detail(member: Member, show_email: bool) -> MemberDetailOut:
    summary = member_out(member, show_email)
    return MemberDetailOut(
        **summary.model_dump(),
        joined_on=member.joined_on,
        version=details_version(member),
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
    # Permission first: a refusal must not depend on whether the number exists.
    require(actor, Permission.CHANGE_MEMBER_STATUS, Context(organization))
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


@router.post(
    "/organizations/{slug}/members/{path:number}/correct",
    response={200: MemberDetailOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="correct_member",
    summary="Correct a member's name, email or unit",
    description="Journaled as one register.member.corrected entry per changed field, with "
    "the old and the new value. The number never changes. Admins only.",
)
def correct(
    request: HttpRequest, slug: str, number: str, correction: CorrectionIn
) -> MemberDetailOut:
    organization = organization_or_404(slug)
    actor = api_actor(request)
    # Permission first: a refusal must not depend on whether the number exists.
    require(actor, Permission.CORRECT_MEMBER, Context(organization))
    member = member_or_404(organization, number)
    correct_member(
        actor=actor,
        member=member,
        name=member.name if correction.name is None else correction.name,
        email=member.email if correction.email is None else correction.email,
        unit=member.unit if correction.unit is None else correction.unit,
        version=correction.version,
    )
    member.refresh_from_db()
    return member_detail(member, show_email=True)


@router.get(
    "/organizations/{slug}/members/{path:number}",
    response={200: MemberDetailOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_member",
    summary="A member with seats, offices and status history",
    description="Email only for admins and secretaries. A member sees their own entry, "
    "and others' only when the organization opens the register to members; an entry the "
    "caller may not see answers the same 404 as a number that does not exist.",
)
def get_member(request: HttpRequest, slug: str, number: str) -> MemberDetailOut:
    organization = organization_or_404(slug)
    user = caller(request)
    # Who may see no entry at all is refused as such; which entries: visible_member.
    if not may(roles_of(user, organization), Permission.VIEW_MEMBER):
        raise refusal(Permission.VIEW_MEMBER, Context(organization))
    return member_detail(visible_member(user, organization, number), sees_email(user, organization))


def visible_member(user: User | AnonymousUser, organization: Organization, number: str) -> Member:
    """The member the caller may see, else the one 404 that a number which does not exist
    gets too (as on the member's page, web/pages.py)."""
    member = member_numbered(organization, number)
    if member is None or not has_permission(
        user, Permission.VIEW_MEMBER, Context.of_member(member)
    ):
        raise member_not_found(normalize_number(number))
    return member
