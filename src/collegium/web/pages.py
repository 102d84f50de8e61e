"""Pages that span features: the home page (what Collegium is; for a signed-in user their
organizations, bodies and pending tasks), an organization's home (its bodies, their
standing orders and the register's figures), a member's page (the register entry with
the member's seats and offices, and its correction), "my page" (/me/: the signed-in
user's entries, seats and offices everywhere) and an organization's people (its
administrators, and each body's secretaries). They live here, above `bodies`, so
that `registry` never imports `bodies`. Reads go through the ORM and the queries modules;
every change goes through an action."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from collegium.access.permissions import (
    Context,
    Permission,
    Role,
    has_permission,
    refusal,
    require,
    roles_of,
)
from collegium.bodies.models import Body, Seat
from collegium.bodies.orders import in_force_for
from collegium.bodies.queries import bodies_of, office_terms_of, seats_of
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt, may
from collegium.meetings.models import Sitting
from collegium.meetings.sittings.coming import coming_sittings
from collegium.meetings.sittings.forms import zone_of
from collegium.registry.actions import add_admin, change_member_status, correct_member, remove_admin
from collegium.registry.forms import AdminForm, CorrectionForm, StatusChangeForm
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.numbers import normalize_number
from collegium.registry.queries import (
    details_version,
    member_not_found,
    member_numbered,
    organization_or_404,
    status_version,
)


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
    """What Collegium is and what to do next: signed out, the organizations here and how
    to sign in; signed in, the reader's organizations with their roles, bodies and the
    tasks waiting for them, then the other organizations."""
    organizations = list(Organization.objects.order_by("name"))
    in_force = orders_in_force([organization.pk for organization in organizations])
    user = request.user
    yours = (
        [desk for organization in organizations if (desk := desk_of(user, organization))]
        if isinstance(user, User)
        else []
    )
    mine = {desk.organization.pk for desk in yours}
    context = {
        "yours": [(desk, in_force.get(desk.organization.pk, [])) for desk in yours],
        "organizations": [
            (organization, in_force.get(organization.pk, []))
            for organization in organizations
            if organization.pk not in mine
        ],
        "is_operator": isinstance(user, User) and user.is_superuser,
    }
    return render(request, "web/home.html", context)


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
        "may_export": may(roles, Permission.EXPORT_REGISTER),
    }
    return render(request, "web/organization.html", context)


# The session key under which a refused status change waits for the page it redirects to.
STATUS_REFUSAL = "member-status-refusal"


def visible_member(request: HttpRequest, organization: Organization, number: str) -> Member:
    """The member a reader may see, else the one 404 (registry.queries.member_not_found):
    a number that does not exist and one the reader may not see answer alike, so that
    the pages cannot be used to find out which numbers exist."""
    member = member_numbered(organization, number)
    if member is None or not has_permission(
        request.user, Permission.VIEW_MEMBER, Context.of_member(member)
    ):
        raise member_not_found(normalize_number(number))
    return member


@require_http_methods(["GET", "POST"])
def member_page(request: HttpRequest, org_slug: str, number: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    roles = roles_of(request.user, organization)
    if not may(roles, Permission.VIEW_MEMBER):
        raise refusal(Permission.VIEW_MEMBER, Context(organization))
    member = visible_member(request, organization, number)
    may_change_status = may(roles, Permission.CHANGE_MEMBER_STATUS)
    here = reverse("member", args=[organization.slug, member.number])
    may_correct = may(roles, Permission.CORRECT_MEMBER)
    if request.method == "POST":
        # Every answer to a POST is a redirect, so that reloading never submits again.
        if request.POST.get("form") == "correct":
            if not may_correct:
                raise refusal(Permission.CORRECT_MEMBER, Context(organization))
            _correct(request, member)
            return HttpResponseRedirect(f"{here}#correct-heading", status=303)
        if not may_change_status:
            raise refusal(Permission.CHANGE_MEMBER_STATUS, Context(organization))
        _change_status(request, member)
        return HttpResponseRedirect(here, status=303)
    refused = request.session.pop(STATUS_REFUSAL, None)
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
        # Always made fresh from the record as it is now, with its version.
        "form": StatusChangeForm(current=member.status, version=status_version(member)),
        "refusal": refused["message"] if refused and refused["member"] == member.pk else "",
        "may_correct": may_correct,
        "correction_form": _correction_form(request, member) if may_correct else None,
    }
    return render(request, "web/member.html", context)


def _correction_form(request: HttpRequest, member: Member) -> CorrectionForm:
    """A fresh correction form made from the entry as it is, or the one refused a moment
    ago as it was typed, now carrying the entry's current version."""
    version = details_version(member)
    kept = form_state.take(request, f"correct:{member.pk}")
    if kept is None:
        return CorrectionForm(
            initial={
                "name": member.name,
                "email": member.email,
                "unit": member.unit,
                "version": version,
            }
        )
    return form_state.rebound(CorrectionForm({**kept.data, "version": version}), kept)


CORRECTION_FIELDS = {
    "register.name-missing": "name",
    "register.email": "email",
}


def _correct(request: HttpRequest, member: Member) -> None:
    form = CorrectionForm(request.POST)
    refused = None
    if form.is_valid():
        data, actor = form.cleaned_data, page_actor(request)
        outcome = attempt(
            lambda: correct_member(
                actor=actor,
                member=member,
                name=data["name"],
                email=data["email"],
                unit=data["unit"],
                version=data["version"],
            )
        )
        changed, refused = outcome.result, outcome.refused
        if changed is not None:
            messages.success(
                request,
                _("The entry of %(name)s has been corrected.") % {"name": member.name},
            )
            return
    form_state.keep(request, form, f"correct:{member.pk}", refused, CORRECTION_FIELDS)


def _change_status(request: HttpRequest, member: Member) -> None:
    """Apply a posted status form; its outcome waits in the session for the page the
    POST redirects to: a message on success, the refusal beside a fresh form else."""
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        request.session[STATUS_REFUSAL] = {"member": member.pk, "message": " ".join(problems)}
        return
    actor = page_actor(request)
    outcome = attempt(
        lambda: change_member_status(
            actor=actor,
            member=member,
            status=MemberStatus(form.cleaned_data["status"]),
            reason=form.cleaned_data["reason"],
            effective_on=form.cleaned_data["effective_on"],
            version=form.cleaned_data["version"],
        )
    )
    if not outcome.done:
        request.session[STATUS_REFUSAL] = {"member": member.pk, "message": outcome.refusal}
        return
    member.refresh_from_db()
    messages.success(
        request,
        _("%(name)s is now %(status)s.")
        % {"name": member.name, "status": member.get_status_display()},
    )


# The home page and "my page": what a signed-in user has to do with each organization.


@dataclass(frozen=True)
class Task:
    """Something waiting for the reader, with the page where it is done."""

    text: str
    url: str


@dataclass(frozen=True)
class Desk:
    """A user's place in one organization: roles, register entry, bodies, tasks."""

    organization: Organization
    roles: list[str]  # their human names
    member: Member | None
    seats: list[Seat]  # held now
    secretary_of: list[Body]
    tasks: list[Task]


def desk_of(user: User, organization: Organization) -> Desk | None:
    """The user's desk in `organization`, or None when they have no part in it."""
    roles = roles_of(user, organization)
    member = organization.members.filter(user=user).first()
    if roles == {Role.PUBLIC} and member is None:
        return None
    secretary_of = list(user.bodies_as_secretary.filter(organization=organization).order_by("pk"))
    tasks = _admin_tasks(organization) if Role.ADMIN in roles else []
    tasks += _secretary_tasks(organization, {body.pk for body in secretary_of})
    return Desk(
        organization=organization,
        roles=[role.label for role in Role if role in roles and role is not Role.PUBLIC],
        member=member,
        seats=list(seats_of(member).filter(vacated_on__isnull=True)) if member else [],
        secretary_of=secretary_of,
        tasks=tasks,
    )


def _admin_tasks(organization: Organization) -> list[Task]:
    slug = organization.slug
    if not organization.members.exists():
        return [
            Task(
                _("The register is empty: add members one by one or import a CSV file."),
                reverse("register", args=[slug]),
            )
        ]
    tasks = []
    uninvited = (
        organization.members.filter(status=MemberStatus.ACTIVE, user__isnull=True)
        .exclude(email="")
        .count()
    )
    if uninvited:
        tasks.append(
            Task(
                ngettext(
                    "%(count)d member has an email address and no login yet: invite them "
                    "to sign in.",
                    "%(count)d members have an email address and no login yet: invite them "
                    "to sign in.",
                    uninvited,
                )
                % {"count": uninvited},
                reverse("member-invite", args=[slug]),
            )
        )
    bodies = list(Body.objects.filter(organization=organization, dissolved_on__isnull=True))
    if not bodies:
        tasks.append(Task(_("No body has been set up yet."), reverse("body-new", args=[slug])))
    governed = in_force_for([body.pk for body in bodies])
    tasks += [
        Task(
            _("%(body)s has no standing orders in force: adopt them.") % {"body": body.name},
            reverse("body-orders", args=[slug, body.slug]),
        )
        for body in bodies
        if body.pk not in governed
    ]
    return tasks


def _secretary_tasks(organization: Organization, body_ids: set[int]) -> list[Task]:
    """The secretary's bodies with vacant full seats (bodies_of counts the filled ones)."""
    if not body_ids:
        return []
    counted = bodies_of(organization).filter(pk__in=body_ids, dissolved_on__isnull=True)
    return [
        Task(
            ngettext(
                "%(body)s: %(vacant)d of %(total)d full seats is vacant.",
                "%(body)s: %(vacant)d of %(total)d full seats are vacant.",
                total - filled,
            )
            % {"body": name, "vacant": total - filled, "total": total},
            reverse("body", args=[organization.slug, slug]),
        )
        # full_count is bodies_of's annotation, which the type checker cannot see.
        for name, slug, total, filled in counted.values_list(  # type: ignore[misc]
            "name", "slug", "full_seats", "full_count"
        )
        if filled < total
    ]


@login_required
@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    """A signed-in user's register entries, seats and offices in every organization they
    are a member of. (Meetings and votes will be sections of their own.)"""
    assert isinstance(request.user, User)
    entries = (
        Member.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    rows = []
    for member in entries:
        seats = list(seats_of(member).filter(vacated_on__isnull=True))
        rows.append(
            {
                "member": member,
                "organization": member.organization,
                "seats": seats,
                "offices": list(office_terms_of(member).filter(end__isnull=True)),
                # Only an active member's seats take part in sittings.
                "sittings": _coming_sittings(seats, member.organization)
                if member.status == MemberStatus.ACTIVE
                else [],
            }
        )
    return render(request, "web/me.html", {"entries": rows})


@dataclass(frozen=True)
class ComingSitting:
    """A sitting to come of a body where the reader holds a seat, with its pages."""

    sitting: Sitting
    url: str
    delegate_url: str
    zone: zoneinfo.ZoneInfo


def _coming_sittings(seats: list[Seat], organization: Organization) -> list[ComingSitting]:
    if not seats:
        return []
    zone = zone_of(organization.time_zone)
    coming = []
    for sitting in coming_sittings({seat.body for seat in seats}):
        where = [sitting.body.organization.slug, sitting.body.slug, sitting.number]
        coming.append(
            ComingSitting(
                sitting,
                reverse("sitting", args=where),
                reverse("sitting-delegate", args=where),
                zone,
            )
        )
    return coming


# The organization's people: its administrators (named and removed here) and, read-only,
# each body's secretaries (named on the bodies' pages, which each row links to).

ADMIN_FORM = "people-add-admin"
ADMIN_FIELDS = {
    "organization.admin-unknown": "username",
    "organization.admin-already": "username",
}
# A refused removal waits here for the page the POST redirects to.
REMOVAL_REFUSAL = "people-removal-refusal"


@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    roles = roles_of(request.user, organization)
    if not may(roles, Permission.VIEW_REGISTER):
        raise refusal(Permission.VIEW_REGISTER, Context(organization))
    here = reverse("people", args=[organization.slug])
    if request.method == "POST":
        require(request.user, Permission.MANAGE_ADMINS, Context(organization))
        if "remove" in request.POST:
            _remove_admin(request, organization, request.POST["remove"])
        else:
            _add_admin(request, organization)
        return form_state.see_other(here)
    kept = form_state.take(request, ADMIN_FORM)
    form = AdminForm() if kept is None else form_state.rebound(AdminForm(kept.data), kept)
    refused = request.session.pop(REMOVAL_REFUSAL, None)
    context = {
        "organization": organization,
        "admins": list(organization.admins.order_by("username")),
        "bodies": list(
            Body.objects.filter(organization=organization)
            .prefetch_related("secretaries")
            .order_by("pk")
        ),
        "may_manage_admins": may(roles, Permission.MANAGE_ADMINS),
        # Secretaries are named on each body's page (bodies/secretaries), an admin's act.
        "may_name_secretaries": may(roles, Permission.MANAGE_BODIES),
        "form": form,
        "removal_refusal": refused if isinstance(refused, str) else "",
        "may_view_register": True,
    }
    return render(request, "web/people.html", context)


def _add_admin(request: HttpRequest, organization: Organization) -> None:
    form = AdminForm(request.POST)
    refused = None
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        actor = page_actor(request)
        outcome = attempt(
            lambda: add_admin(actor=actor, organization=organization, username=username)
        )
        _done, refused = outcome.result, outcome.refused
        if refused is None:
            messages.success(
                request,
                _("%(username)s is now an administrator of %(organization)s.")
                % {"username": username, "organization": organization.name},
            )
            return
    form_state.keep(request, form, ADMIN_FORM, refused, ADMIN_FIELDS)


def _remove_admin(request: HttpRequest, organization: Organization, username: str) -> None:
    actor = page_actor(request)
    outcome = attempt(
        lambda: remove_admin(actor=actor, organization=organization, username=username)
    )
    _done, refused = outcome.result, outcome.refused
    if refused is not None:
        request.session[REMOVAL_REFUSAL] = str(refused)
        return
    messages.success(
        request,
        _("%(username)s is no longer an administrator of %(organization)s.")
        % {"username": username, "organization": organization.name},
    )
