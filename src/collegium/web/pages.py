"""Pages that span features: the list of organizations and an organization's home (its
bodies, their standing orders and the register's figures), and a member's page (the
register entry with the member's seats and offices). They live here, above `bodies`, so
that `registry` never imports `bodies`. Reads go through the ORM and the queries modules;
every change goes through an action."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, refusal, roles_of
from collegium.bodies.models import Body
from collegium.bodies.orders import in_force_for
from collegium.bodies.queries import bodies_of, office_terms_of, seats_of
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt, may
from collegium.registry.actions import change_member_status
from collegium.registry.forms import StatusChangeForm
from collegium.registry.models import MemberStatus, Organization
from collegium.registry.queries import member_or_404, organization_or_404


@dataclass(frozen=True)
class OrdersInForce:
    """One set of standing orders and the bodies it currently governs: organizations
    differ most visibly in their rules, so their pages name them up front."""

    title: str
    description: str
    bodies: list[tuple[str, str]]  # (slug, name)


def orders_in_force(organization_ids: list[int]) -> dict[int, list[OrdersInForce]]:
    """The standing orders in force for each body (bodies/orders.py), grouped by title,
    per organization; bodies without orders in force are left out."""
    bodies = Body.objects.filter(organization_id__in=organization_ids).values_list("pk", flat=True)
    in_force = sorted(in_force_for(list(bodies)).values(), key=lambda f: f.version.body_id)
    grouped: dict[int, dict[str, OrdersInForce]] = {}
    for found in in_force:
        orders = found.version
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
    return render(request, "web/home.html", {"organizations": listed})


def organization_home(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    roles = roles_of(request.user, organization)
    status_counts: dict[str, int] = {}
    # Membership figures are shown to those who may see members at all, not the public.
    if may(roles, Permission.VIEW_MEMBER):
        counted = organization.members.values("status").annotate(n=Count("pk")).order_by()
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
        "may_view_members": may(roles, Permission.VIEW_MEMBER),
        "may_view_register": may(roles, Permission.VIEW_REGISTER),
        "may_view_journal": may(roles, Permission.VIEW_JOURNAL),
        "may_import": may(roles, Permission.IMPORT_MEMBERS),
    }
    return render(request, "web/organization.html", context)


@require_http_methods(["GET", "POST"])
def member_page(request: HttpRequest, org_slug: str, number: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    roles = roles_of(request.user, organization)
    if not may(roles, Permission.VIEW_MEMBER):
        raise refusal(Permission.VIEW_MEMBER, Context(organization))
    member = member_or_404(organization, number)
    may_change_status = may(roles, Permission.CHANGE_MEMBER_STATUS)
    refused = ""
    status_code = 200
    if request.method == "POST":
        if not may_change_status:
            raise refusal(Permission.CHANGE_MEMBER_STATUS, Context(organization))
        actor = page_actor(request)
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            outcome = attempt(
                lambda: change_member_status(
                    actor=actor,
                    member=member,
                    status=MemberStatus(form.cleaned_data["status"]),
                    reason=form.cleaned_data["reason"],
                    effective_on=form.cleaned_data["effective_on"],
                )
            )
            if outcome.done:
                member.refresh_from_db()
                messages.success(
                    request,
                    _("%(name)s is now %(status)s.")
                    % {"name": member.name, "status": member.get_status_display()},
                )
                return HttpResponseRedirect(reverse("member", args=[organization.slug, number]))
            refused = outcome.refusal or ""
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
        "show_email": own_entry or may(roles, Permission.VIEW_REGISTER),
        "current_seats": [seat for seat in seats if seat.vacated_on is None],
        "past_seats": [seat for seat in seats if seat.vacated_on is not None],
        "office_terms": list(office_terms_of(member)),
        "status_changes": list(member.status_changes.order_by("effective_on", "recorded_at")),
        "may_view_register": may(roles, Permission.VIEW_REGISTER),
        "may_change_status": may_change_status,
        "form": form,
        "refusal": refused,
    }
    return render(request, "web/member.html", context, status=status_code)
