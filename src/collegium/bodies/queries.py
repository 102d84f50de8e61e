"""Reads of bodies that pages, the API and the demo share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from collegium.bodies.models import Body, OfficeTerm, Seat, SeatRole
from collegium.registry.models import Member, Organization
from collegium.registry.queries import organization_or_404


@dataclass(frozen=True)
class Composition:
    body: Body
    full: list[Seat]
    alternates: list[Seat]  # in rank order: the first steps up first
    consultative: list[Seat]
    guests: list[Seat]
    offices: list[OfficeTerm]  # current holders

    @property
    def vacant_full_seats(self) -> int:
        return max(self.body.full_seats - len(self.full), 0)


def bodies_of(organization: Organization) -> QuerySet[Body]:
    """Bodies with their current seat counts by role (full_count, alternate_count, …)."""
    current = Q(seats__vacated_on__isnull=True)
    return (
        Body.objects.filter(organization=organization)
        .select_related("elected_by")
        .annotate(
            full_count=Count("seats", filter=current & Q(seats__role=SeatRole.FULL)),
            alternate_count=Count("seats", filter=current & Q(seats__role=SeatRole.ALTERNATE)),
            consultative_count=Count(
                "seats", filter=current & Q(seats__role=SeatRole.CONSULTATIVE)
            ),
            guest_count=Count("seats", filter=current & Q(seats__role=SeatRole.GUEST)),
        )
        .order_by("pk")
    )


def composition(body: Body) -> Composition:
    seats = list(
        Seat.objects.filter(body=body, vacated_on__isnull=True)
        .select_related("member")
        .order_by("rank", "member__name", "guest_name", "pk")
    )
    offices = list(
        OfficeTerm.objects.filter(office__body=body, end__isnull=True)
        .select_related("office", "holder")
        .order_by("office__pk")
    )
    by_role: dict[str, list[Seat]] = {role: [] for role in SeatRole.values}
    for seat in seats:
        by_role[seat.role].append(seat)
    return Composition(
        body=body,
        full=by_role[SeatRole.FULL],
        alternates=by_role[SeatRole.ALTERNATE],
        consultative=by_role[SeatRole.CONSULTATIVE],
        guests=by_role[SeatRole.GUEST],
        offices=offices,
    )


def seats_of(member: Member) -> QuerySet[Seat]:
    """All seats a member holds or held, newest first."""
    return Seat.objects.filter(member=member).select_related("body").order_by("-pk")


def office_terms_of(member: Member) -> QuerySet[OfficeTerm]:
    return (
        OfficeTerm.objects.filter(holder=member)
        .select_related("office", "office__body")
        .order_by("-start")
    )


def organization_and_body(org_slug: str, body_slug: str) -> tuple[Organization, Body]:
    """The organization and its body named in a page's address (404 when either is not)."""
    organization = organization_or_404(org_slug)
    body = get_object_or_404(
        Body.objects.select_related("elected_by"), organization=organization, slug=body_slug
    )
    return organization, body
