"""The registry's pages: the organizations, an organization's home, the member register
and a member's page. Reads go through the ORM and the queries modules; every change goes
through `registry.actions`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from collegium.access.actors import as_actor
from collegium.access.permissions import MATRIX, NotPermitted, Permission, Role, require, roles_of
from collegium.bodies.models import StandingOrders
from collegium.bodies.queries import bodies_of, office_terms_of, seats_of
from collegium.registry.actions import change_member_status
from collegium.registry.forms import RegisterSearchForm, StatusChangeForm
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.queries import organization_for, search_members
from collegium.rules.errors import RuleError

# Rows per register page; keyset paging keeps every page as cheap as the first.
PAGE_SIZE = 50
# Searches count their matches up to this many: an exact count of a common name would scan
# the whole register on every keystroke.
COUNT_CAP = 1000
RESULTS_ID = "register-results"


def _organization(slug: str) -> Organization:
    try:
        return organization_for(slug)
    except Organization.DoesNotExist:
        raise Http404(_("No organization is called %(slug)s.") % {"slug": slug}) from None


def _may(roles: frozenset[Role], permission: Permission) -> bool:
    """The matrix check on roles computed once per request (organization-wide permissions)."""
    return bool(roles & MATRIX[permission])


def _refuse(
    request: HttpRequest, organization: Organization, permission: Permission
) -> HttpResponse:
    """Anonymous visitors are sent to sign in; others get a 403 page with the reason."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        require(request.user, permission, organization)
        reason = ""  # unreachable unless roles changed mid-request
    except NotPermitted as refusal:
        reason = str(refusal)
    return render(
        request,
        "collegium/forbidden.html",
        {"organization": organization, "reason": reason},
        status=403,
    )


@dataclass(frozen=True)
class OrdersInForce:
    """One set of standing orders and the bodies it currently governs: organizations
    differ most visibly in their rules, so their pages name them up front."""

    title: str
    description: str
    bodies: list[tuple[str, str]]  # (slug, name)


def orders_in_force(organization_ids: list[int]) -> dict[int, list[OrdersInForce]]:
    """The current version of each body's standing orders, grouped by title, per
    organization; bodies without standing orders are left out."""
    versions = (
        StandingOrders.objects.filter(body__organization_id__in=organization_ids)
        .select_related("body")
        .order_by("body__organization_id", "body_id", "-version")
    )
    seen: set[int] = set()
    grouped: dict[int, dict[str, OrdersInForce]] = {}
    for orders in versions:
        if orders.body_id in seen:
            continue  # an earlier version
        seen.add(orders.body_id)
        by_title = grouped.setdefault(orders.body.organization_id, {})
        if orders.title not in by_title:
            document = orders.document if isinstance(orders.document, dict) else {}
            description = document.get("description", "")
            by_title[orders.title] = OrdersInForce(
                orders.title, description if isinstance(description, str) else "", []
            )
        by_title[orders.title].bodies.append((orders.body.slug, orders.body.name))
    return {org_id: list(by_title.values()) for org_id, by_title in grouped.items()}


def home(request: HttpRequest) -> HttpResponse:
    organizations = list(Organization.objects.order_by("name"))
    if len(organizations) == 1:
        return redirect("organization", organizations[0].slug)
    in_force = orders_in_force([organization.pk for organization in organizations])
    listed = [(organization, in_force.get(organization.pk, [])) for organization in organizations]
    return render(request, "registry/home.html", {"organizations": listed})


def organization_home(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = _organization(org_slug)
    roles = roles_of(request.user, organization)
    status_counts: dict[str, int] = {}
    # Membership figures are shown to those who may see members at all, not the public.
    if _may(roles, Permission.VIEW_MEMBER):
        counted = (
            Member.objects.filter(organization=organization)
            .values("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        status_counts = {row["status"]: row["n"] for row in counted}
    bodies = list(bodies_of(organization))
    in_force = orders_in_force([organization.pk]).get(organization.pk, [])
    orders_title = {slug: orders.title for orders in in_force for slug, _name in orders.bodies}
    context = {
        "organization": organization,
        "bodies": [(body, orders_title.get(body.slug, "")) for body in bodies],
        "orders_in_force": in_force,
        "status_counts": [
            (status.label, status_counts.get(status.value, 0)) for status in MemberStatus
        ],
        "member_total": sum(status_counts.values()),
        "may_view_members": _may(roles, Permission.VIEW_MEMBER),
        "may_view_register": _may(roles, Permission.VIEW_REGISTER),
        "may_view_journal": _may(roles, Permission.VIEW_JOURNAL),
        "may_import": _may(roles, Permission.IMPORT_MEMBERS),
    }
    return render(request, "registry/organization.html", context)


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
    organization = _organization(org_slug)
    roles = roles_of(request.user, organization)
    if not _may(roles, Permission.VIEW_REGISTER):
        return _refuse(request, organization, Permission.VIEW_REGISTER)
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
        "may_import": _may(roles, Permission.IMPORT_MEMBERS),
    }
    partial = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == RESULTS_ID
        and "HX-History-Restore-Request" not in request.headers
    )
    template = "registry/_register_partial.html" if partial else "registry/register.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def member_page(request: HttpRequest, org_slug: str, number: str) -> HttpResponse:
    organization = _organization(org_slug)
    roles = roles_of(request.user, organization)
    if not _may(roles, Permission.VIEW_MEMBER):
        return _refuse(request, organization, Permission.VIEW_MEMBER)
    try:
        member = Member.objects.get(organization=organization, number=number)
    except Member.DoesNotExist:
        raise Http404(_("No member has the number %(number)s.") % {"number": number}) from None
    may_change_status = _may(roles, Permission.CHANGE_MEMBER_STATUS)
    refusal = ""
    status_code = 200
    if request.method == "POST":
        if not may_change_status:
            return _refuse(request, organization, Permission.CHANGE_MEMBER_STATUS)
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            try:
                change_member_status(
                    actor=as_actor(request.user),
                    member=member,
                    status=MemberStatus(form.cleaned_data["status"]),
                    reason=form.cleaned_data["reason"],
                    effective_on=form.cleaned_data["effective_on"],
                )
            except RuleError as error:
                refusal = str(error)
            else:
                member.refresh_from_db()
                messages.success(
                    request,
                    _("%(name)s is now %(status)s.")
                    % {"name": member.name, "status": member.get_status_display()},
                )
                return HttpResponseRedirect(reverse("member", args=[organization.slug, number]))
        status_code = 400
    else:
        form = StatusChangeForm(current=member.status)
    seats = list(seats_of(member))
    own_entry = request.user.is_authenticated and member.user_id == request.user.pk
    context = {
        "organization": organization,
        "member": member,
        # Email is personal data: the secretariat and the member themself see it, other
        # members do not.
        "show_email": own_entry or _may(roles, Permission.VIEW_REGISTER),
        "current_seats": [seat for seat in seats if seat.vacated_on is None],
        "past_seats": [seat for seat in seats if seat.vacated_on is not None],
        "office_terms": list(office_terms_of(member)),
        "status_changes": list(member.status_changes.order_by("effective_on", "recorded_at")),
        "may_view_register": _may(roles, Permission.VIEW_REGISTER),
        "may_change_status": may_change_status,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "registry/member.html", context, status=status_code)
