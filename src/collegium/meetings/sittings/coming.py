"""Which sittings are still to come (convened, postponed or open), for the body page's
fragment and a seat holder's page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from collegium.bodies.models import Body
from collegium.meetings.models import Sitting, SittingStatus

TO_COME = (SittingStatus.CONVENED, SittingStatus.POSTPONED, SittingStatus.OPEN)
# The body page shows this many; the sittings page lists them all.
SHOWN = 5


def coming_sittings(bodies: Iterable[Body]) -> QuerySet[Sitting]:
    """The sittings to come of these bodies, soonest first (an open one first of all)."""
    return (
        Sitting.objects.filter(body__in=list(bodies), status__in=TO_COME)
        .select_related("body__organization")
        .order_by("starts_at", "number")
    )
