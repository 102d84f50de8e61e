"""API for organizations and the membership register."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.params import P, QueryEx

from collegium.access.permissions import Permission, Role, require, roles_of
from collegium.api_auth import OPTIONAL_AUTH, READ, WRITE, acting_user, caller
from collegium.api_errors import READ_ERRORS, WRITE_ERRORS, ErrorOut, NotFound
from collegium.bodies.queries import office_terms_of, seats_of
from collegium.registry.actions import change_member_status, import_members
from collegium.registry.importing import RegisterFileInvalid, parse_register
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.queries import search_members
from collegium.rules.errors import RuleError

router = Router(tags=["register"])

StatusName = Literal["active", "suspended", "left"]


def organization_or_404(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFound(_("There is no organization named %(slug)s.") % {"slug": slug})
    return organization


def member_or_404(organization: Organization, number: str) -> Member:
    member = Member.objects.filter(organization=organization, number=number).first()
    if member is None:
        raise NotFound(
            _("There is no member numbered %(number)s in the register.") % {"number": number}
        )
    return member


def sees_email(user: User | AnonymousUser, organization: Organization) -> bool:
    return bool(roles_of(user, organization) & {Role.ADMIN, Role.SECRETARY})


class OrganizationOut(Schema):
    slug: str
    name: str
    description: str


class OrganizationDetailOut(OrganizationOut):
    bodies: int = Field(description="Number of bodies.")
    active_members: int = Field(description="Members whose status is active.")
    your_roles: list[str] = Field(description="The caller's roles in this organization.")


class MemberOut(Schema):
    number: str
    name: str
    unit: str
    status: StatusName
    email: str | None = Field(None, description="Only shown to admins and secretaries.")


class RegisterPageOut(Schema):
    items: list[MemberOut]
    total: int | None = Field(
        description="Members matching the search, over all pages; on the first page only "
        "(counting is a second pass over the register, which later pages need not repeat)."
    )
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


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


class ImportOut(Schema):
    added: int
    updated: int = Field(description="Name, email, unit or joining date changed.")
    status_changed: int
    unchanged: int
    not_in_file: int = Field(description="Members the file does not list; kept as they are.")


class LineProblemOut(Schema):
    line: int = Field(description="Line of the file the row starts on; 1 is the header.")
    reason: str


class ImportRefusedOut(ErrorOut):
    lines: list[LineProblemOut] = Field(description="Every problem found in the file.")


def _member_out(member: Member, show_email: bool) -> MemberOut:
    return MemberOut(
        number=member.number,
        name=member.name,
        unit=member.unit,
        status=member.status,  # type: ignore[arg-type]  # a MemberStatus value
        email=member.email if show_email else None,
    )


def member_detail(member: Member, show_email: bool) -> MemberDetailOut:
    summary = _member_out(member, show_email)
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


def _encode_cursor(member: Member) -> str:
    raw = json.dumps([member.name, member.number]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, number = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise RuleError(_("The cursor is not one this API gave out."), rule="paging") from exc
    if not isinstance(name, str) or not isinstance(number, str):
        raise RuleError(_("The cursor is not one this API gave out."), rule="paging")
    return name, number


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    tags=["organizations"],
    operation_id="list_organizations",
    summary="List organizations",
)
def list_organizations(request: HttpRequest) -> list[OrganizationOut]:
    return [
        OrganizationOut(slug=o.slug, name=o.name, description=o.description)
        for o in Organization.objects.order_by("name")
    ]


@router.get(
    "/organizations/{slug}",
    response={200: OrganizationDetailOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    tags=["organizations"],
    operation_id="get_organization",
    summary="An organization with its counts and the caller's roles",
)
def get_organization(request: HttpRequest, slug: str) -> OrganizationDetailOut:
    organization = organization_or_404(slug)
    user = caller(request)
    require(user, Permission.VIEW_ORGANIZATION, organization)
    return OrganizationDetailOut(
        slug=organization.slug,
        name=organization.name,
        description=organization.description,
        bodies=organization.bodies.count(),
        active_members=organization.members.filter(status=MemberStatus.ACTIVE).count(),
        your_roles=sorted(role.value for role in roles_of(user, organization)),
    )


@router.get(
    "/organizations/{slug}/members",
    response={200: RegisterPageOut, 400: ErrorOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="search_register",
    summary="Search and page through the membership register",
    description="Ordered by name then number. Admins and secretaries only.",
)
def search_register(
    request: HttpRequest,
    slug: str,
    q: QueryEx[str, P(description="Number prefix, or part of the name or unit.")] = "",
    status: StatusName | None = None,
    cursor: QueryEx[str | None, P(description="`next_cursor` of the previous page.")] = None,
    limit: QueryEx[int, P(ge=1, le=500)] = 50,
) -> RegisterPageOut:
    organization = organization_or_404(slug)
    user = caller(request)
    require(user, Permission.VIEW_REGISTER, organization)
    matching = search_members(organization, q, status or "")
    page = matching
    if cursor:
        name, number = _decode_cursor(cursor)
        # Keyset paging on the (organization, name, number) index: as fast on the last
        # page as on the first, unlike OFFSET. The redundant `name >= ` gives PostgreSQL
        # a range to start the index scan at, which the OR alone does not.
        page = matching.filter(Q(name__gt=name) | Q(name=name, number__gt=number), name__gte=name)
    rows = list(page[: limit + 1])
    show_email = sees_email(user, organization)
    return RegisterPageOut(
        items=[_member_out(m, show_email) for m in rows[:limit]],
        total=None if cursor else matching.count(),
        next_cursor=_encode_cursor(rows[limit - 1]) if len(rows) > limit else None,
    )


@router.post(
    "/organizations/{slug}/members/import",
    response={200: ImportOut, 400: ImportRefusedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=WRITE,
    operation_id="import_members",
    summary="Import a membership register from a CSV file",
    description="All or nothing: a file with any problem imports nothing, and the answer "
    "lists every problem with its line. Members are matched by number; members missing "
    "from the file are kept.",
)
def import_register(
    request: HttpRequest, slug: str, file: File[UploadedFile]
) -> ImportOut | Status[ImportRefusedOut]:
    organization = organization_or_404(slug)
    actor = acting_user(request)
    # Checked before reading the file, so that only admins make the server parse one.
    require(actor, Permission.IMPORT_MEMBERS, organization)
    try:
        rows = parse_register(file.read())
    except RegisterFileInvalid as invalid:
        return Status(
            400,
            ImportRefusedOut(
                detail=str(invalid),
                rule=invalid.rule,
                problems=[str(p) for p in invalid.problems],
                lines=[LineProblemOut(line=p.line, reason=p.reason) for p in invalid.problems],
            ),
        )
    summary = import_members(actor=actor, organization=organization, rows=rows)
    return ImportOut(
        added=summary.added,
        updated=summary.updated,
        status_changed=summary.status_changed,
        unchanged=summary.unchanged,
        not_in_file=summary.not_in_file,
    )


# Registered before get_member: a member number may contain "/", so the member route
# would otherwise take ".../status" (or "import") as part of the number.
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
    actor = acting_user(request)
    member = member_or_404(organization, number)
    change_member_status(
        actor=actor,
        member=member,
        status=MemberStatus(change.status),
        reason=change.reason,
        effective_on=change.effective_on,
    )
    member.refresh_from_db()
    return member_detail(member, sees_email(actor, organization))


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
    require(user, Permission.VIEW_MEMBER, organization)
    return member_detail(member_or_404(organization, number), sees_email(user, organization))
