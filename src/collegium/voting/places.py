"""Where a vote page is: the organization, body and sitting its address names, the
reader, and the addresses and context every vote and election page shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from collegium.bodies.models import Body
from collegium.bodies.queries import organization_and_body
from collegium.meetings.models import Sitting
from collegium.meetings.queries import sitting_or_404
from collegium.meetings.sittings.readers import Reader, reader_of
from collegium.registry.models import Organization


@dataclass(frozen=True)
class Place:
    organization: Organization
    body: Body
    sitting: Sitting
    reader: Reader


def place_of(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> Place:
    organization, body = organization_and_body(org_slug, body_slug)
    sitting = sitting_or_404(body, number)
    return Place(organization, body, sitting, reader_of(request.user, organization, body))


def urls_of(place: Place) -> dict[str, str]:
    args = (place.organization.slug, place.body.slug, place.sitting.number)
    return {
        "votes": reverse("sitting-votes", args=args),
        "votes_live": reverse("sitting-votes-live", args=args),
        "open": reverse("sitting-vote-open", args=args),
        "ballot_panel": reverse("sitting-ballot-panel", args=args),
        "projector_live": reverse("sitting-vote-projector-live", args=args),
        "sitting": reverse("sitting", args=args),
    }


def common_context(place: Place) -> dict[str, Any]:
    return {
        "organization": place.organization,
        "body": place.body,
        "sitting": place.sitting,
        "reader": place.reader,
        "urls": urls_of(place),
    }
