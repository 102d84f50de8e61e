"""The registry's pages: the member register, searched and paged; adding one member; the
register's CSV export; the operator's page for a new organization (the import page is
`upload.py`). The organization's home and a member's page show bodies and seats too, so
they are `web.pages`: registry never imports bodies. Reads go through the ORM and
`registry.queries`; changes only ever through `registry.actions`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from collegium.access.permissions import (
    Context,
    NotPermitted,
    Permission,
    refusal,
    require,
    roles_of,
)
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt, may
from collegium.journal.actors import Actor
from collegium.registry.actions import create_organization, register_member
from collegium.registry.exports import register_csv_response
from collegium.registry.forms import MemberForm, OrganizationForm, RegisterSearchForm
from collegium.registry.models import Member, Organization
from collegium.registry.numbers import normalize_number
from collegium.registry.organizations import time_zones
from collegium.registry.queries import organization_or_404, search_members
from collegium.rules.errors import RuleError

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
        Member.objects.filter(organization=organization, number=normalize_number(number))
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
    form.is_valid()
    # The fields that are valid count even when another is not: a bad cursor or status
    # must not drop the search text and show the whole register.
    criteria = form.cleaned_data
    text: str = criteria.get("q", "")
    status: str = criteria.get("status", "")
    try:
        matching = search_members(organization, text, status)
    except RuleError as refused:
        # Said, and nothing shown: not the whole register as if no search had been asked.
        search_refusal = str(refused)
        matching = Member.objects.none()
    else:
        search_refusal = ""
    after = _cursor(organization, criteria.get("after", ""))
    before = _cursor(organization, criteria.get("before", ""))
    searching = bool(text or status or search_refusal)
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
        "search_refusal": search_refusal,
        "may_import": may(roles, Permission.IMPORT_MEMBERS),
        "may_export": may(roles, Permission.EXPORT_REGISTER),
        "may_invite": may(roles, Permission.MANAGE_ACCOUNTS),
    }
    partial = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == RESULTS_ID
        and "HX-History-Restore-Request" not in request.headers
    )
    template = "registry/_register_partial.html" if partial else "registry/register.html"
    # 200 even for a refused search: htmx swaps in only a successful answer.
    return render(request, template, context)


MEMBER_FORM = "member-new"
# Where each refusal of register_member is shown.
MEMBER_FIELDS = {
    "register.number-missing": "number",
    "register.number-invisible": "number",
    "register.number-path": "number",
    "register.number-format": "number",
    "register.number-length": "number",
    "register.number-reserved": "number",
    "register.unique-number": "number",
    "register.confusable-number": "number",
    "register.name-missing": "name",
    "register.email": "email",
    "register.joined-date": "joined_on",
}


@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Add one member; the new entry's page follows, the register links to it."""
    organization = organization_or_404(org_slug)
    require(request.user, Permission.IMPORT_MEMBERS, Context(organization))
    here = reverse("member-new", args=[organization.slug])
    if request.method == "POST":
        form = MemberForm(request.POST)
        refused = None
        if form.is_valid():
            data, actor = form.cleaned_data, page_actor(request)
            outcome = attempt(
                lambda: register_member(
                    actor=actor,
                    organization=organization,
                    number=data["number"],
                    name=data["name"],
                    email=data["email"],
                    unit=data["unit"],
                    joined_on=data["joined_on"],
                )
            )
            added, refused = outcome.result, outcome.refused
            if added is not None:
                messages.success(
                    request,
                    _("%(name)s (%(number)s) is now in the register.")
                    % {"name": added.name, "number": added.number},
                )
                return form_state.see_other(
                    reverse("member", args=[organization.slug, added.number])
                )
        form_state.keep(request, form, MEMBER_FORM, refused, MEMBER_FIELDS)
        return form_state.see_other(here)
    kept = form_state.take(request, MEMBER_FORM)
    form = MemberForm() if kept is None else form_state.rebound(MemberForm(kept.data), kept)
    return render(request, "registry/member_new.html", {"organization": organization, "form": form})


@require_GET
def register_export(request: HttpRequest, org_slug: str) -> HttpResponseBase:
    """The register as CSV, streamed (registry/exports.py)."""
    organization = organization_or_404(org_slug)
    require(request.user, Permission.EXPORT_REGISTER, Context(organization))
    return register_csv_response(request, organization)


# The operator's page for a new organization (/organizations/new/); the action
# `create_organization` checks every field, and its refusals are shown beside the field
# their rule concerns.

ORGANIZATION_FORM = "organization-new"
# Where each refusal of create_organization is shown.
ORGANIZATION_FIELDS = {
    "organization.name-missing": "name",
    "organization.slug": "slug",
    "organization.unique-name": "slug",
    "organization.languages": "other_languages",
    "organization.time-zone": "time_zone",
    "organization.admin-unknown": "admin",
}


def _refuse_unless_operator(request: HttpRequest) -> None:
    # The action refuses too; the page is not shown to those it would refuse.
    if not (request.user.is_authenticated and request.user.is_superuser):
        raise NotPermitted(_("Not permitted: only an operator can create an organization."))


@require_http_methods(["GET", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    _refuse_unless_operator(request)
    if request.method == "POST":
        return _create(request)
    kept = form_state.take(request, ORGANIZATION_FORM)
    if kept is None:
        form = OrganizationForm(initial={"time_zone": "UTC"})
    else:
        form = form_state.rebound(OrganizationForm(kept.data), kept)
    return render(
        request,
        "registry/organization_new.html",
        {"form": form, "time_zones": sorted(time_zones())},
    )


def _create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST)
    refused = None
    if form.is_valid():
        data = form.cleaned_data
        actor: Actor = page_actor(request)
        outcome = attempt(
            lambda: create_organization(
                actor=actor,
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                languages=form.languages(),
                time_zone=data["time_zone"],
                admin=data["admin"],
            )
        )
        created, refused = outcome.result, outcome.refused
        if created is not None:
            messages.success(request, _("%(name)s has been set up.") % {"name": created.name})
            return form_state.see_other(reverse("organization", args=[created.slug]))
    form_state.keep(request, form, ORGANIZATION_FORM, refused, ORGANIZATION_FIELDS)
    return form_state.see_other(reverse("organization-new"))
