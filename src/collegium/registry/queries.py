"""Reads of the register that pages, the API and the CLI share."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from collegium.http.errors import NotFound
from collegium.registry.models import Member, Organization


def organization_or_404(slug: str) -> Organization:
    """The organization a URL names; pages show NotFound as the 404 page, the API as 404."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFound(_("There is no organization named %(slug)s.") % {"slug": slug})
    return organization


def member_or_404(organization: Organization, number: str) -> Member:
    member = Member.objects.filter(organization=organization, number=number).first()
    if member is None:
        raise NotFound(
            _("There is no member numbered %(number)s in the register.") % {"number": number}
        )
    return member


def search_members(
    organization: Organization, text: str = "", status: str = ""
) -> QuerySet[Member]:
    """Members matching a search text (number exactly or by prefix, name or unit by part),
    ordered by name. Paging is done by the caller on this query (an index on
    organization, name, number keeps it fast at 100,000 members)."""
    members = Member.objects.filter(organization=organization)
    text = text.strip()
    if text:
        members = members.filter(
            Q(number__startswith=text) | Q(name__icontains=text) | Q(unit__icontains=text)
        )
    if status:
        members = members.filter(status=status)
    return members.order_by("name", "number")
