"""What the motion pages share (reads only; views.py runs the actions): where a page is
and who reads it, the lookups of its address, and a body's motions with the form to
submit one (a motion's own page: motion_page.py). Motions are the members' matters
(their journal entries' audience), so the pages have the sitting pages' readers: the
organization's members and staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.bodies.models import Body, SeatRole
from collegium.bodies.queries import organization_and_body
from collegium.http.errors import NotFound
from collegium.journal.models import JournalChain
from collegium.meetings.models import Sitting, SittingStatus
from collegium.meetings.sittings.readers import Reader, reader_of
from collegium.motions.forms import (
    SubmitForm,
)
from collegium.motions.models import (
    Amendment,
    Motion,
    MotionState,
)
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.queries import member_numbered
from collegium.rules.errors import RuleError

# The largest number a table holds; a larger one in an address names no motion.
MAX_NUMBER = 2_147_483_647
WITHDRAWABLE = (
    MotionState.DRAFT,
    MotionState.TABLED,
    MotionState.REFERRED,
    MotionState.RECOMMENDED,
)
# Sittings a motion may be submitted for: those still to come or under way.
COMING = (SittingStatus.CONVENED, SittingStatus.POSTPONED, SittingStatus.OPEN)


@dataclass(frozen=True)
class Place:
    organization: Organization
    body: Body
    reader: Reader
    member: Member | None  # the reader's own entry in the register, if active


def place_of(request: HttpRequest, org_slug: str, body_slug: str) -> Place:
    """The body the address names and its reader; NotPermitted (the 403 page, or the
    sign-in page for a visitor) for anyone but the organization's members and staff."""
    organization, body = organization_and_body(org_slug, body_slug)
    reader = reader_of(request.user, organization, body)
    member = None
    if request.user.is_authenticated:
        member = Member.objects.filter(
            organization=organization, user=request.user, status=MemberStatus.ACTIVE
        ).first()
    return Place(organization, body, reader, member)


def own_member(place: Place) -> Member:
    """The reader's own member, who supports or moves; refused for a reader who is none."""
    if place.member is None:
        raise RuleError(
            _("Only the members of %(body)s move or support motions.") % {"body": place.body.name},
            rule="motion.not-member",
        )
    return place.member


def members_numbered(place: Place, numbers: Sequence[str]) -> list[Member]:
    found = []
    for number in numbers:
        member = member_numbered(place.organization, number[:64])
        if member is None:
            raise RuleError(
                _("No member numbered %(number)s is in the register.") % {"number": number[:64]},
                rule="register.unknown-number",
            )
        found.append(member)
    return found


def motion_or_404(body: Body, number: int) -> Motion:
    found = (
        Motion.objects.select_related("body", "commission", "sitting", "vote__sitting")
        .filter(body=body, number=number)
        .first()
        if number <= MAX_NUMBER
        else None
    )
    if found is None:
        raise NotFound(_("There is no motion numbered %(number)s.") % {"number": number})
    return found


def amendment_or_404(motion: Motion, number: int) -> Amendment:
    found = (
        Amendment.objects.filter(motion=motion, number=number).first()
        if number <= MAX_NUMBER
        else None
    )
    if found is None:
        raise NotFound(_("There is no amendment numbered %(number)s.") % {"number": number})
    return found


def motion_url(place: Place, motion: Motion, name: str = "motion") -> str:
    return reverse(name, args=(place.organization.slug, place.body.slug, motion.number))


def list_url(place: Place) -> str:
    return reverse("body-motions", args=(place.organization.slug, place.body.slug))


def _live_head(organization: Organization) -> int | None:
    """The chain's head before the page is read (live.js re-fetches what changed since)."""
    return (
        JournalChain.objects.filter(organization=organization)
        .values_list("last_sequence", flat=True)
        .first()
    )


def base_context(place: Place, refusal: RuleError | str | None) -> dict[str, Any]:
    return {
        "organization": place.organization,
        "body": place.body,
        "reader": place.reader,
        "refusal": str(refusal) if refusal is not None else "",
        "refusal_rule": refusal.rule if isinstance(refusal, RuleError) else "",
        "live_head": _live_head(place.organization),
    }


# A body's motions -------------------------------------------------------------------------


def may_submit(place: Place) -> bool:
    return place.body.dissolved_on is None and (has_voice(place) or place.reader.may_run)


def has_voice(place: Place) -> bool:
    """Whether the reader holds a seat in the body that lets them move motions."""
    seat = place.reader.seat
    return place.member is not None and seat is not None and seat.role != SeatRole.GUEST


def sitting_choices(body: Body, statuses: tuple[str, ...]) -> list[tuple[str, str]]:
    sittings = Sitting.objects.filter(body=body, status__in=statuses).order_by("number")
    return [(str(s.number), f"{s.number}. {s.title}") for s in sittings]


def submit_form(place: Place, data: Any = None) -> SubmitForm:
    return SubmitForm(
        data,
        prefix="submit",
        sittings=sitting_choices(place.body, COMING),
        secretariat=place.reader.may_run,
    )


def list_context(
    place: Place, form: SubmitForm | None = None, refusal: RuleError | str | None = None
) -> dict[str, Any]:
    motions = list(
        Motion.objects.filter(body=place.body)
        .annotate(supporters=Count("supports", distinct=True))
        .prefetch_related("submitters__member")
        .order_by("number")
    )
    return base_context(place, refusal) | {
        "motions": [
            (motion, [s.member for s in motion.submitters.all()], motion_url(place, motion))
            for motion in motions
        ],
        "form": (form or submit_form(place)) if may_submit(place) else None,
        "procedural_sitting": procedural_sitting(place.body),
    }


def procedural_sitting(body: Body) -> Sitting | None:
    """The sitting whose procedural motions the motions page links to: the one open, else
    the latest still to come or under way, else the latest held."""
    sittings = Sitting.objects.filter(body=body)
    return (
        sittings.filter(status=SittingStatus.OPEN).order_by("-number").first()
        or sittings.filter(status__in=COMING).order_by("-number").first()
        or sittings.order_by("-number").first()
    )
