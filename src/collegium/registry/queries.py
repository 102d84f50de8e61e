"""Reads of the register that pages, the API and the CLI share."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from collegium.registry.models import Member, Organization


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


def organization_for(slug: str) -> Organization:
    return Organization.objects.get(slug=slug)
