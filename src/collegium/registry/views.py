"""The registry's page: the member register, searched and paged (the import page is
`upload.py`). The organization's home and a member's page show bodies and seats too, so
they are `web.pages`: registry never imports bodies. Reads go through the ORM and
`registry.queries`; changes only ever through `registry.actions`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.vary import vary_on_headers

from collegium.access.permissions import Context, Permission, refusal, roles_of
from collegium.http.refusals import may
from collegium.registry.forms import RegisterSearchForm
from collegium.registry.models import Member, Organization
from collegium.registry.queries import organization_or_404, search_members

# Rows per register page; keyset paging keeps every page as cheap as the first.
PAGE_SIZE = 50
# Searches count their matches up to this many: an exact count of a common name would scan
# the whole register on every keystroke.
COUNT_CAP = 1000
RESULTS_ID = "register-results"


@dataclass(frozen=True)
class RegisterPage:
    """One page of the register: its rows, and the cursors of its neighbours (None when
    there is no such page)."""

    members: list[Member]
    previous_before: str | None
    next_after: str | None


def page_of_register(
    members: QuerySet[Member],
    *,
    after: tuple[str, str] | None = None,
    before: tuple[str, str] | None = None,
    size: int = PAGE_SIZE,
) -> RegisterPage:
    """Keyset paging on (name, number), the register's order: a page after or before a
    row is found by an index range, not by counting past all earlier rows. The redundant
    `name >= x` bound gives the database the start of that range."""
    if before is not None:
        name, number = before
        rows = list(
            members.filter(Q(name__lte=name), Q(name__lt=name) | Q(number__lt=number)).order_by(
                "-name", "-number"
            )[: size + 1]
        )
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        return RegisterPage(
            members=rows,
            previous_before=rows[0].number if has_previous and rows else None,
            next_after=rows[-1].number if rows else None,
        )
    if after is not None:
        name, number = after
        members = members.filter(Q(name__gte=name), Q(name__gt=name) | Q(number__gt=number))
    rows = list(members.order_by("name", "number")[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return RegisterPage(
        members=rows,
        previous_before=rows[0].number if after is not None and rows else None,
        next_after=rows[-1].number if has_next else None,
    )


def _cursor(organization: Organization, number: str) -> tuple[str, str] | None:
    if not number:
        return None
    row = (
        Member.objects.filter(organization=organization, number=number)
        .values_list("name", "number")
        .first()
    )
    return (row[0], row[1]) if row is not None else None


def search_page(
    matching: QuerySet[Member],
    *,
    after: tuple[str, str] | None = None,
    before: tuple[str, str] | None = None,
) -> tuple[RegisterPage, int]:
    """A page of a search, and how many members match (counted up to COUNT_CAP + 1).

    A search by part of a name can use no index. Walking the name index in order and
    looking up every row to test it costs several times a plain scan, so the matches are
    first found by one plain scan (no order; it stops at COUNT_CAP + 1). When they are
    that few, the page is sorted from just them; when they are more, they are dense
    enough that the ordered walk finds a page of them within a few thousand rows."""
    found = list(matching.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    if len(found) <= COUNT_CAP:
        matching = Member.objects.filter(pk__in=found)
    return page_of_register(matching, after=after, before=before), len(found)


@vary_on_headers("HX-Request", "HX-Target")
def register(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    roles = roles_of(request.user, organization)
    if not may(roles, Permission.VIEW_REGISTER):
        raise refusal(Permission.VIEW_REGISTER, Context(organization))
    form = RegisterSearchForm(request.GET)
    criteria = form.cleaned_data if form.is_valid() else {}
    text: str = criteria.get("q", "")
    status: str = criteria.get("status", "")
    matching = search_members(organization, text, status)
    after = _cursor(organization, criteria.get("after", ""))
    before = _cursor(organization, criteria.get("before", ""))
    searching = bool(text or status)
    match_count: int | None = None
    if searching:
        page, match_count = search_page(matching, after=after, before=before)
    else:
        page = page_of_register(matching, after=after, before=before)
    search = {k: v for k, v in {"q": text, "status": status}.items() if v}
    here = reverse("register", args=[organization.slug])
    context = {
        "organization": organization,
        "form": form,
        "page": page,
        "match_count": match_count,
        "count_cap": COUNT_CAP,
        "member_total": None if searching else matching.count(),
        "previous_url": page.previous_before
        and f"{here}?{urlencode({**search, 'before': page.previous_before})}",
        "next_url": page.next_after and f"{here}?{urlencode({**search, 'after': page.next_after})}",
        "results_id": RESULTS_ID,
        "may_import": may(roles, Permission.IMPORT_MEMBERS),
    }
    partial = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == RESULTS_ID
        and "HX-History-Restore-Request" not in request.headers
    )
    template = "registry/_register_partial.html" if partial else "registry/register.html"
    return render(request, template, context)
