"""Reads of the register that pages, the API and the CLI share."""

from __future__ import annotations

import hashlib

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from collegium.http.errors import NotFound
from collegium.registry.models import Member, Organization
from collegium.registry.numbers import fold, normalize_number
from collegium.rules.errors import RuleError

# A search longer than any name, unit and number together finds nothing; it is refused
# rather than quietly dropped (which showed the whole register).
SEARCH_MAX_LENGTH = 200


def organization_or_404(slug: str) -> Organization:
    """The organization a URL names; pages show NotFound as the 404 page, the API as 404."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFound(_("There is no organization named %(slug)s.") % {"slug": slug})
    return organization


def member_not_found(number: str) -> NotFound:
    """The one 404 for a member number: one that does not exist, one of another
    organization and one the reader may not see answer alike."""
    return NotFound(
        _("There is no member numbered %(number)s in the register.") % {"number": number}
    )


def member_numbered(organization: Organization, number: str) -> Member | None:
    """The member a URL, a form or a request names, the number normalized as it was when
    stored (registry/numbers.py); None when there is none."""
    return Member.objects.filter(organization=organization, number=normalize_number(number)).first()


def member_or_404(organization: Organization, number: str) -> Member:
    member = member_numbered(organization, number)
    if member is None:
        raise member_not_found(normalize_number(number))
    return member


def status_version(member: Member) -> str:
    """The version of a member's status that a status form is made from: the status and
    its last recorded change. Any change since makes it differ."""
    last = member.status_changes.aggregate(last=Max("pk"))["last"] or 0
    return f"{member.status}:{last}"


def details_version(member: Member) -> str:
    """The version of a member's name, email and unit that a correction form is made
    from: a digest of the three, so any change since makes it differ."""
    text = "\x1f".join((member.name, member.email, member.unit))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_search(text: str) -> str:
    """The search text folded as the search key is, or RuleError when it is too long."""
    if len(text) > SEARCH_MAX_LENGTH:
        raise RuleError(
            _(
                "The search is %(length)d characters long; at most %(limit)d are allowed. "
                "Shorten it."
            )
            % {"length": len(text), "limit": SEARCH_MAX_LENGTH},
            rule="register.search-too-long",
        )
    return fold(text)


def search_members(
    organization: Organization, text: str = "", status: str = ""
) -> QuerySet[Member]:
    """Members matching a search text anywhere in their number, name or unit, ignoring
    case and accents in every alphabet (the stored `search_key`, registry/numbers.py),
    ordered by name. Paging is done by the caller on this query (an index on
    organization, name, number keeps it fast at 100,000 members). A text longer than
    SEARCH_MAX_LENGTH is refused (RuleError)."""
    members = Member.objects.filter(organization=organization)
    folded = check_search(text)
    if folded:
        members = members.filter(search_key__contains=folded)
    if status:
        members = members.filter(status=status)
    return members.order_by("name", "number")
