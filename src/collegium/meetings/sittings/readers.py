"""Who reads the sitting pages and what they may do there. Sittings are the members'
matters (their journal entries' audience): the organization's active members and its
staff read them; the body's secretariat (Permission.RUN_SITTINGS) runs them; a seat
holder checks in themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from collegium.access.permissions import NotPermitted, Permission, Role, roles_of
from collegium.access.visibility import ReaderScope, reader_scope
from collegium.bodies.models import Body, Seat
from collegium.http.refusals import may
from collegium.registry.models import Organization

READERS = frozenset({Role.ADMIN, Role.SECRETARY, Role.MEMBER})


@dataclass(frozen=True)
class Reader:
    may_run: bool  # the body's secretariat
    scope: ReaderScope  # which audiences they read (counter-reports, as published)
    seat: Seat | None  # their current seat in the body, if they hold one


def reader_of(user: User | AnonymousUser, organization: Organization, body: Body) -> Reader:
    """The reader, or NotPermitted (the 403 page; a visitor is sent to sign in)."""
    if not roles_of(user, organization) & READERS:
        raise NotPermitted(
            _("Not permitted: a body's sittings are for the organization's members and staff."),
            organization=organization,
        )
    seat = None
    if user.is_authenticated:
        seat = (
            Seat.objects.filter(
                body=body, vacated_on__isnull=True, member__user=user, member__status="active"
            )
            .select_related("member")
            .first()
        )
    return Reader(
        may_run=may(roles_of(user, organization, body), Permission.RUN_SITTINGS),
        scope=reader_scope(user, organization),
        seat=seat,
    )


def may_read(user: User | AnonymousUser, organization: Organization) -> bool:
    return bool(roles_of(user, organization) & READERS)
