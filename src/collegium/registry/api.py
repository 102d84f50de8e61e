"""API for organizations and the membership register. (A member's entry, with the
member's seats and offices, spans features: `web.api`.)"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.params import P, QueryEx

from collegium.access.permissions import Context, Permission, Role, require, roles_of
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS, ErrorOut
from collegium.registry.actions import (
    add_admin,
    create_organization,
    import_members,
    register_member,
    remove_admin,
)
from collegium.registry.exports import register_csv_response
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
    languages: list[str] = Field(description="Language codes, the default first.")
    time_zone: str = Field(description="IANA time zone name.")


def organization_out(organization: Organization) -> OrganizationOut:
    return OrganizationOut(
        slug=organization.slug,
        name=organization.name,
        description=organization.description,
        languages=organization.languages or [settings.LANGUAGE_CODE],
        time_zone=organization.time_zone,
    )


class OrganizationIn(Schema):
    name: str
    slug: str = Field(description="a-z, digits and single hyphens; part of every address.")
    description: str = ""
    languages: list[str] = Field(
        default_factory=list,
        description="Codes of the site's languages, the default first; empty: the site's "
        "default (rule organization.languages).",
    )
    time_zone: str = Field("", description="IANA name; empty: UTC (rule organization.time-zone).")
    admin: str = Field("", description="Login name of the first administrator, if any.")


class MemberIn(Schema):
    number: str
    name: str
    email: str = ""
    unit: str = ""
    joined_on: datetime.date | None = Field(None, description="Not in the future; default: none.")


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
    rule: str = Field(
        description="The rule broken, e.g. register.number-invisible, "
        "register.confusable-number, register.too-long; register.import-file for the rest."
    )


class ImportRefusedOut(ErrorOut):
    lines: list[LineProblemOut] = Field(
        description="The first 1,000 problems found in the file, in file order."
    )
    problem_count: int = Field(description="How many problems the file has in all.")


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
    return [organization_out(o) for o in Organization.objects.order_by("name")]


@router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["organizations"],
    operation_id="create_organization",
    summary="Create an organization and name its first administrator (operators only)",
)
def create_organization_endpoint(
    request: HttpRequest, organization: OrganizationIn
) -> Status[OrganizationOut]:
    created = create_organization(
        actor=api_actor(request),
        name=organization.name,
        slug=organization.slug,
        description=organization.description,
        languages=organization.languages,
        time_zone=organization.time_zone,
        admin=organization.admin,
    )
    return Status(201, organization_out(created))


class AdminIn(Schema):
    username: str = Field(description="Login name of an existing account.")


class AdminsOut(Schema):
    admins: list[str] = Field(description="Login names of the administrators, sorted.")


def admins_out(organization: Organization) -> AdminsOut:
    return AdminsOut(
        admins=list(organization.admins.order_by("username").values_list("username", flat=True))
    )


@router.post(
    "/organizations/{slug}/admins",
    response={201: AdminsOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["organizations"],
    operation_id="add_admin",
    summary="Name an administrator (admins and operators)",
    description="Rules organization.admin-unknown, organization.admin-already.",
)
def add_admin_endpoint(request: HttpRequest, slug: str, admin: AdminIn) -> Status[AdminsOut]:
    organization = organization_or_404(slug)
    add_admin(actor=api_actor(request), organization=organization, username=admin.username)
    return Status(201, admins_out(organization))


# api_operation rather than router.delete: tests/test_layering.py reads `.delete(` as an
# ORM write.
@router.api_operation(
    ["DELETE"],
    "/organizations/{slug}/admins/{username}",
    response={200: AdminsOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["organizations"],
    operation_id="remove_admin",
    summary="Remove an administrator, never the last one (admins and operators)",
    description="Rules organization.not-admin, organization.last-admin.",
)
def remove_admin_endpoint(request: HttpRequest, slug: str, username: str) -> AdminsOut:
    organization = organization_or_404(slug)
    remove_admin(actor=api_actor(request), organization=organization, username=username)
    return admins_out(organization)


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
        **organization_out(organization).model_dump(),
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
    q: QueryEx[
        str,
        P(
            description="Part of the number, name or unit, in any case and with or without "
            "accents; at most 200 characters (longer: 400, rule register.search-too-long)."
        ),
    ] = "",
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
    "/organizations/{slug}/members",
    response={201: MemberOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="add_member",
    summary="Add one member to the register",
    description="The number is normalized and checked as in a register file (rules "
    "register.number-*, register.unique-number, register.confusable-number); admins only.",
)
def add_member(request: HttpRequest, slug: str, member: MemberIn) -> Status[MemberOut]:
    organization = organization_or_404(slug)
    added = register_member(
        actor=api_actor(request),
        organization=organization,
        number=member.number,
        name=member.name,
        email=member.email,
        unit=member.unit,
        joined_on=member.joined_on,
    )
    return Status(201, member_out(added, show_email=True))


@router.get(
    "/organizations/{slug}/members/export",
    response={200: None, **READ_ERRORS},
    auth=READ,
    openapi_extra={
        **OPTIONAL_AUTH,
        "responses": {
            "200": {
                "description": "The register as CSV, in the columns the import reads.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        },
    },
    operation_id="export_register",
    summary="The membership register as CSV (admins and secretaries)",
    description="Streamed; the columns of docs/members-csv.md, so that importing the file "
    "back changes nothing.",
)
def export_register(request: HttpRequest, slug: str) -> HttpResponseBase:
    organization = organization_or_404(slug)
    require(caller(request), Permission.EXPORT_REGISTER, Context(organization))
    return register_csv_response(request, organization)


@router.post(
    "/organizations/{slug}/members/import",
    response={200: ImportOut, 400: ImportRefusedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=WRITE,
    operation_id="import_members",
    summary="Import a membership register from a CSV file",
    description="All or nothing: a file with any problem imports nothing, and the answer "
    "lists the first 1,000 problems with their lines and counts them all. Members are "
    "matched by number; members missing from the file are kept.",
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
                lines=[
                    LineProblemOut(line=p.line, reason=p.reason, rule=p.rule)
                    for p in invalid.problems
                ],
                problem_count=invalid.count,
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
