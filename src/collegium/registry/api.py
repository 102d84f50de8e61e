"""API for organizations and the membership register. (A member's entry, with the
member's seats and offices, spans features: `web.api`.)"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.params import P, QueryEx

from collegium.access.permissions import Context, Permission, Role, require, roles_of
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, ErrorOut
from collegium.registry.actions import import_members
from collegium.registry.importing import RegisterFileInvalid, parse_register
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.queries import organization_or_404, search_members
from collegium.rules.errors import RuleError

router = Router(tags=["register"])

StatusName = Literal["active", "suspended", "left"]


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


def member_out(member: Member, show_email: bool) -> MemberOut:
    return MemberOut(
        number=member.number,
        name=member.name,
        unit=member.unit,
        status=member.status,  # type: ignore[arg-type]  # a MemberStatus value
        email=member.email if show_email else None,
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
    require(user, Permission.VIEW_ORGANIZATION, Context(organization))
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
    require(user, Permission.VIEW_REGISTER, Context(organization))
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
        items=[member_out(m, show_email) for m in rows[:limit]],
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
    actor = api_actor(request)
    # Checked before reading the file, so that only admins make the server parse one.
    require(actor, Permission.IMPORT_MEMBERS, Context(organization))
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
