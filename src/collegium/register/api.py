"""API for a body's decision register: its decisions as the caller may read them (searched
as on the register page), one decision with its versions, tally and dissenting opinions,
and attaching a dissenting opinion (register.actions.attach_dissent). Anyone may read: each
caller reads the decisions, and the parts of them, the standing orders in force at each
decision published to them (a visitor, what is public). A decision the caller may not read
answers 404, as one that does not exist. The schemas are in register/api_schemas.py."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import P, PathEx, QueryEx

from collegium.access.visibility import reader_scope
from collegium.bodies.models import Body
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings.api_lookup import body_at
from collegium.register.actions import attach_dissent
from collegium.register.api_schemas import (
    DecisionKindName,
    DissentIn,
    DissentOut,
    RegisterDecisionOut,
    StatusName,
    decision_out,
    dissent_out,
)
from collegium.register.models import Dissent
from collegium.register.queries import Shown, readable, search, shown
from collegium.registry.models import Member
from collegium.registry.queries import member_numbered
from collegium.rules.errors import RuleError

router = Router(tags=["register"])

REGISTER = "/organizations/{slug}/bodies/{body_slug}/register"
DECISION = REGISTER + "/{year}/{number}"
YEAR = P(ge=1, le=9999)
ROW_NUMBER = P(ge=1, le=2_147_483_647)


def _decision(request: HttpRequest, body: Body, year: int, number: int) -> Shown:
    scope = reader_scope(caller(request), body.organization)
    found = shown(readable(body, scope).filter(year=year, number=number), scope)
    if not found:
        # Not there, or not for this caller: the same answer, so nothing leaks.
        raise NotFound(_("No such decision in this register."))
    return found[0]


def _member(request: HttpRequest, body: Body, number: str | None) -> Member:
    """The member named by number (the secretariat recording an opinion handed in), else
    the caller's own membership."""
    if number is not None:
        member = member_numbered(body.organization, number)
        if member is None:
            raise RuleError(
                _("There is no member numbered %(number)s in the register.") % {"number": number},
                rule="register.unknown-number",
            )
        return member
    user = caller(request)
    own = (
        Member.objects.filter(organization_id=body.organization_id, user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if own is None:
        raise RuleError(
            _("Your login belongs to no member of %(organization)s: name the member.")
            % {"organization": body.organization.name},
            rule="dissent.not-member",
        )
    return own


@router.get(
    REGISTER,
    response={200: list[RegisterDecisionOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_decisions",
    summary="A body's decisions the caller may read, newest first, with their versions",
    description="A tally, rule, explanation or dissenting opinions the standing orders do "
    "not publish to the caller are null.",
)
def list_decisions(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    q: QueryEx[
        str, P(max_length=200, description="Words in the title or in any version's text.")
    ] = "",
    kind: DecisionKindName | None = None,
    year: QueryEx[int | None, YEAR] = None,
    status: StatusName | None = None,
) -> list[RegisterDecisionOut]:
    body = body_at(slug, body_slug)
    scope = reader_scope(caller(request), body.organization)
    decisions = search(readable(body, scope), text=q, kind=kind or "", year=year)
    return [decision_out(one) for one in shown(decisions, scope, status or "")]


@router.get(
    DECISION,
    response={200: RegisterDecisionOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_decision",
    summary="A decision: every version of its text, its tally and dissenting opinions",
    description="404 for a decision that does not exist and for one the caller may not read.",
)
def get_decision(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    year: PathEx[int, YEAR],
    number: PathEx[int, ROW_NUMBER],
) -> RegisterDecisionOut:
    return decision_out(_decision(request, body_at(slug, body_slug), year, number))


@router.post(
    DECISION + "/dissents",
    response={201: DissentOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="attach_dissent",
    summary="Attach a dissenting opinion (a member who voted against or abstained; or the "
    "secretariat recording one handed in)",
    description="Rules dissent.text, dissent.kind, dissent.not-voter, dissent.voted-for, "
    "dissent.unanimous, dissent.given, dissent.not-member, register.unknown-number.",
)
def dissent(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    year: PathEx[int, YEAR],
    number: PathEx[int, ROW_NUMBER],
    opinion: DissentIn,
) -> Status[DissentOut]:
    body = body_at(slug, body_slug)
    one = _decision(request, body, year, number)
    given = attach_dissent(
        actor=api_actor(request),
        decision=one.decision,
        member=_member(request, body, opinion.member),
        text=opinion.text,
    )
    return Status(201, dissent_out(Dissent.objects.select_related("member").get(pk=given.pk)))
