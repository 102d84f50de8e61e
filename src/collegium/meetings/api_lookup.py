"""Finding what an API address names (a body, a sitting, an item) and checking that the
caller may read a body's sittings: shared by the sittings' and the votes' API."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from collegium.access.permissions import NotPermitted, Permission
from collegium.access.visibility import ReaderScope, reader_scope
from collegium.bodies.models import Body
from collegium.bodies.queries import bodies_of
from collegium.http.api_auth import caller
from collegium.http.errors import NotFound
from collegium.journal.codes import Audience
from collegium.meetings.models import AgendaItem, Sitting
from collegium.meetings.queries import item_or_404, sitting_or_404
from collegium.registry.models import Organization
from collegium.registry.queries import organization_or_404


def body_or_404(organization: Organization, body_slug: str) -> Body:
    body = bodies_of(organization).filter(slug=body_slug).first()
    if body is None:
        raise NotFound(
            _("%(organization)s has no body named %(slug)s.")
            % {"organization": organization.name, "slug": body_slug}
        )
    return body


def body_at(slug: str, body_slug: str) -> Body:
    return body_or_404(organization_or_404(slug), body_slug)


def sitting_at(slug: str, body_slug: str, number: int) -> Sitting:
    return sitting_or_404(body_at(slug, body_slug), number)


def sitting_and_scope(
    request: HttpRequest, slug: str, body_slug: str, number: int
) -> tuple[Sitting, ReaderScope]:
    """The sitting named in the address and the caller's scope (403 for who may not read
    the sitting), read once per request."""
    sitting = sitting_at(slug, body_slug, number)
    return sitting, sitting_reader(request, sitting.body)


def item_at(slug: str, body_slug: str, number: int, item_number: str) -> AgendaItem:
    return item_or_404(sitting_at(slug, body_slug, number), item_number)


def sitting_reader(request: HttpRequest, body: Body) -> ReaderScope:
    """Sittings are the members' business: active members and the staff read them;
    anyone else is refused (403), as for the journal's members-only entries."""
    scope = reader_scope(caller(request), body.organization)
    if not scope.may_see(Audience.MEMBERS, body.pk):
        raise NotPermitted(
            _("Not permitted: the sittings of %(body)s are for the organization's members.")
            % {"body": body.name},
            permission=Permission.VIEW_BODY,
            organization=body.organization,
        )
    return scope
