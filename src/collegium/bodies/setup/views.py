"""Setting bodies up (organization admins): a new body, a change to one, its dissolution.
Every POST answers with a redirect; a refused form comes back on its page (form_state)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import create_body, dissolve_body, update_body
from collegium.bodies.forms import BodyForm, DissolveForm
from collegium.bodies.models import Body, BodyKind, Seat
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.registry.models import Organization
from collegium.registry.queries import organization_or_404


@require_http_methods(["GET", "POST"])
def new_body(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    place = f"new-body:{organization.pk}"
    if request.method == "POST":
        form = BodyForm(request.POST, organization=organization)
        refusal = None
        if form.is_valid():
            data = form.cleaned_data
            outcome = attempt(
                lambda: create_body(
                    actor=actor,
                    organization=organization,
                    name=data["name"].strip(),
                    slug=data["slug"],
                    kind=BodyKind(data["kind"]),
                    full_seats=data["full_seats"],
                    alternate_seats=data["alternate_seats"] or 0,
                    elected_by=data["elected_by"],
                    term_start=data["term_start"],
                    term_end=data["term_end"],
                    description=data["description"].strip(),
                    takes_guests=data["takes_guests"],
                )
            )
            if (body := outcome.result) is not None:
                messages.success(request, _("%(body)s is set up.") % {"body": body.name})
                return redirect("body", organization.slug, body.slug)
            refusal = outcome.refusal
        form_state.keep(request, form, place, refusal)
        return redirect("body-new", organization.slug)
    kept = form_state.take(request, place)
    if kept is None:
        form = BodyForm(organization=organization)
    else:
        form = BodyForm(kept.data, organization=organization)
        form_state.rebound(form, kept)
    context = {"organization": organization, "body": None, "form": form}
    return render(request, "bodies/body_form.html", context)


@require_http_methods(["GET", "POST"])
def edit_body(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    place = f"edit-body:{body.pk}"
    if request.method == "POST":
        return _edited(request, organization, body, place)
    kept = form_state.take(request, place)
    if kept is None:
        form = BodyForm(organization=organization, body=body, initial=_initial(body))
    else:
        data = {**kept.data, "body-revision": str(body.revision)}
        form = BodyForm(data, organization=organization, body=body)
        form_state.rebound(form, kept)
    seated = Seat.objects.filter(body=body).exists()
    context = {"organization": organization, "body": body, "form": form, "seated": seated}
    return render(request, "bodies/body_form.html", context)


def _initial(body: Body) -> dict[str, object]:
    return {
        "name": body.name,
        "kind": body.kind,
        "elected_by": body.elected_by.slug if body.elected_by else "",
        "full_seats": body.full_seats,
        "alternate_seats": body.alternate_seats,
        "term_start": body.term_start,
        "term_end": body.term_end,
        "description": body.description,
        "takes_guests": body.takes_guests,
        "revision": body.revision,
    }


def _edited(
    request: HttpRequest, organization: Organization, body: Body, place: str
) -> HttpResponse:
    actor = page_actor(request)
    form = BodyForm(request.POST, organization=organization, body=body)
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: update_body(
                actor=actor,
                body=body,
                name=data["name"].strip(),
                kind=BodyKind(data["kind"]),
                full_seats=data["full_seats"],
                alternate_seats=data["alternate_seats"] or 0,
                elected_by=data["elected_by"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                description=data["description"].strip(),
                revision=data["revision"],
                takes_guests=data["takes_guests"],
            )
        )
        if outcome.done:
            messages.success(request, _("%(body)s is changed.") % {"body": body.name})
            return redirect("body", organization.slug, body.slug)
        refusal = outcome.refusal
    form_state.keep(request, form, place, refusal)
    return redirect("body-edit", organization.slug, body.slug)


@require_http_methods(["GET", "POST"])
def dissolve(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    """A confirmation page naming what ends; its POST dissolves the body."""
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    place = f"dissolve:{body.pk}"
    if request.method == "POST":
        form = DissolveForm(request.POST)
        refusal = None
        if form.is_valid():
            data = form.cleaned_data
            outcome = attempt(
                lambda: dissolve_body(
                    actor=actor, body=body, on=data["on"], revision=data["revision"]
                )
            )
            if outcome.done:
                messages.success(
                    request,
                    _("%(body)s is dissolved; its seats and offices ended on %(date)s.")
                    % {"body": body.name, "date": data["on"].isoformat()},
                )
                return redirect("body", organization.slug, body.slug)
            refusal = outcome.refusal
        form_state.keep(request, form, place, refusal)
        return redirect("body-dissolve", organization.slug, body.slug)
    kept = form_state.take(request, place)
    if kept is None:
        form = DissolveForm(initial={"on": timezone.localdate(), "revision": body.revision})
    else:
        form = DissolveForm({**kept.data, "dissolve-revision": str(body.revision)})
        form_state.rebound(form, kept)
    current = Seat.objects.filter(body=body, vacated_on__isnull=True)
    context = {
        "organization": organization,
        "body": body,
        "form": form,
        "seats": current.count(),
        "terms": body.offices.filter(terms__end__isnull=True).count(),
    }
    return render(request, "bodies/dissolve.html", context)
