"""What the motions' API addresses name (a body's motion, an amendment), the members a
request names or the caller is, and the answers after a change: shared by motions/api.py
and motions/amendment_api.py. Motions are the members' business: who may not read the
body's sittings may not read its motions either (403, meetings.api_lookup.sitting_reader)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.params import P

from collegium.access.visibility import reader_scope
from collegium.bodies.models import Body
from collegium.http.api_auth import caller
from collegium.http.errors import NotFound
from collegium.meetings.api_lookup import body_at, sitting_reader
from collegium.motions.api_schemas import AmendmentOut, MotionOut, amendment_out, motion_out
from collegium.motions.models import Amendment, Motion
from collegium.motions.reading import motions_of, shown
from collegium.register.models import Decision
from collegium.register.queries import readable
from collegium.registry.models import Member
from collegium.registry.queries import member_numbered
from collegium.rules.errors import RuleError

MOTIONS = "/organizations/{slug}/bodies/{body_slug}/motions"
MOTION = MOTIONS + "/{motion_number}"
ROW_NUMBER = P(ge=1, le=2_147_483_647)


def readable_body(request: HttpRequest, slug: str, body_slug: str) -> Body:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    return body


def motion_at(request: HttpRequest, slug: str, body_slug: str, number: int) -> Motion:
    motion = motions_of(readable_body(request, slug, body_slug)).filter(number=number).first()
    if motion is None:
        raise NotFound(_("No such motion."))
    return motion


def amendment_of(motion: Motion, number: int) -> Amendment:
    amendment = Amendment.objects.filter(motion=motion, number=number).first()
    if amendment is None:
        raise NotFound(_("No such amendment."))
    return amendment


def motion_answer(motion: Motion) -> MotionOut:
    """The motion as committed after a change."""
    return motion_out(shown(motions_of(motion.body).get(pk=motion.pk)))


def amendment_answer(motion: Motion, amendment: Amendment) -> AmendmentOut:
    """The amendment as committed after a change, its conflicts among the motion's."""
    fresh = shown(motions_of(motion.body).get(pk=motion.pk))
    return amendment_out(next(a for a in fresh.amendments if a.amendment.pk == amendment.pk))


def member_numbered_in(body: Body, number: str) -> Member:
    # A number given in a request body is input, not an address: unknown is a 400.
    member = member_numbered(body.organization, number)
    if member is None:
        raise RuleError(
            _("There is no member numbered %(number)s in the register.") % {"number": number},
            rule="register.unknown-number",
        )
    return member


def yourself(request: HttpRequest, body: Body) -> Member:
    """The caller's own member record in the body's organization."""
    user = caller(request)
    member = (
        Member.objects.filter(organization_id=body.organization_id, user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if member is None:
        raise RuleError(
            _("Your login belongs to no member of %(organization)s: name the member.")
            % {"organization": body.organization.name},
            rule="motion.not-member",
        )
    return member


def named_or_yourself(request: HttpRequest, body: Body, number: str | None) -> Member:
    return member_numbered_in(body, number) if number is not None else yourself(request, body)


def members_named(request: HttpRequest, body: Body, numbers: Sequence[str]) -> list[Member]:
    if not numbers:
        return [yourself(request, body)]
    return [member_numbered_in(body, number) for number in numbers]


def revised(request: HttpRequest, body: Body, reference: str | None) -> Decision | None:
    """The body's decision a motion names as the one it amends or rescinds (YEAR/NUMBER),
    among those the caller reads; one that is not there is input refused (400), not an
    address (404)."""
    if reference is None:
        return None
    year, number = (int(part) for part in reference.split("/"))
    scope = reader_scope(caller(request), body.organization)
    decision = readable(body, scope).filter(year=year, number=number).first()
    if decision is None:
        raise RuleError(
            _("There is no decision %(reference)s in the register of %(body)s.")
            % {"reference": reference, "body": body.name},
            rule="motion.revises",
        )
    return decision
