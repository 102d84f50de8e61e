"""The offices page of a body (its secretaries and the organization's admins): set up an
office, appoint one of the body's full members to a vacant office, end a term with a
reason. Each form carries the office's revision (a form made before a change is refused,
`office.stale-form`); every POST answers with a redirect to this page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import appoint_to_office, create_office, end_office_term
from collegium.bodies.forms import AppointForm, EndTermForm, OfficeForm
from collegium.bodies.models import Body, Office, OfficeTerm
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.registry.models import Member


@dataclass(frozen=True)
class OfficeRow:
    office: Office
    term: OfficeTerm | None
    form: forms.Form  # appoint when vacant, end the term when held


def _restored(
    request: HttpRequest, place: str, fresh: AppointForm | EndTermForm, office: Office
) -> forms.Form:
    """The office's form as refused a moment ago (with the office's revision as it is
    now), or `fresh`."""
    kept = form_state.take(request, place)
    if kept is None:
        return fresh
    data = {**kept.data, fresh.add_prefix("revision"): str(office.revision)}
    refused: forms.Form
    if isinstance(fresh, AppointForm):
        refused = _appoint_form(fresh.body, office, data)
    else:
        refused = _end_form(office, data)
    form_state.rebound(refused, kept)
    return refused


def _appoint_form(body: Body, office: Office, data: Mapping[str, Any] | None = None) -> AppointForm:
    initial = {"start": timezone.localdate(), "revision": office.revision}
    return AppointForm(data, body=body, prefix=f"appoint-{office.pk}", initial=initial)


def _end_form(office: Office, data: Mapping[str, Any] | None = None) -> EndTermForm:
    initial = {"on": timezone.localdate(), "revision": office.revision}
    return EndTermForm(data, prefix=f"end-{office.pk}", initial=initial)


@require_GET
def offices(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    require(request.user, Permission.MANAGE_OFFICES, Context.of_body(body))
    held = {
        term.office_id: term
        for term in OfficeTerm.objects.filter(office__body=body, end__isnull=True).select_related(
            "holder"
        )
    }
    rows = []
    for office in Office.objects.filter(body=body).order_by("pk"):
        term = held.get(office.pk)
        fresh = _end_form(office) if term else _appoint_form(body, office)
        form = _restored(request, f"office:{office.pk}", fresh, office)
        rows.append(OfficeRow(office, term, form))
    new_form = OfficeForm()
    kept = form_state.take(request, f"new-office:{body.pk}")
    if kept is not None:
        new_form = OfficeForm(kept.data)
        form_state.rebound(new_form, kept)
    context = {"organization": organization, "body": body, "rows": rows, "new_form": new_form}
    return render(request, "bodies/offices.html", context)


def _back(body: Body) -> HttpResponse:
    return redirect("body-offices", body.organization.slug, body.slug)


@require_POST
def new_office(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    form = OfficeForm(request.POST)
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: create_office(
                actor=actor, body=body, title=data["title"].strip(), slug=data["slug"]
            )
        )
        if (office := outcome.result) is not None:
            messages.success(
                request, _("The office %(title)s is set up.") % {"title": office.title}
            )
            return _back(body)
        refusal = outcome.refusal
    form_state.keep(request, form, f"new-office:{body.pk}", refusal)
    return _back(body)


def _office(body: Body, office_slug: str) -> Office:
    return get_object_or_404(Office.objects.select_related("body"), body=body, slug=office_slug)


@require_POST
def appoint(request: HttpRequest, org_slug: str, body_slug: str, office_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    office = _office(body, office_slug)
    form = _appoint_form(body, office, request.POST)
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        member = Member.objects.get(organization=organization, number=data["member"])
        outcome = attempt(
            lambda: appoint_to_office(
                actor=actor,
                office=office,
                member=member,
                start=data["start"],
                revision=data["revision"],
            )
        )
        if outcome.done:
            messages.success(
                request,
                _("%(name)s holds the office %(title)s.")
                % {"name": member.name, "title": office.title},
            )
            return _back(body)
        refusal = outcome.refusal
    form_state.keep(request, form, f"office:{office.pk}", refusal)
    return _back(body)


@require_POST
def end_term(request: HttpRequest, org_slug: str, body_slug: str, office_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    office = _office(body, office_slug)
    form = _end_form(office, request.POST)
    term = (
        OfficeTerm.objects.filter(office=office, end__isnull=True).select_related("holder").first()
    )
    refusal = None
    if term is None:
        refusal = _("%(office)s is vacant: there is no term to end.") % {"office": office.title}
    elif form.is_valid():
        data = form.cleaned_data
        held = term
        outcome = attempt(
            lambda: end_office_term(
                actor=actor,
                term=held,
                because=data["because"],
                on=data["on"],
                revision=data["revision"],
            )
        )
        if outcome.done:
            messages.success(
                request,
                _("The term of %(name)s as %(title)s has ended.")
                % {"name": held.holder.name, "title": office.title},
            )
            return _back(body)
        refusal = outcome.refusal
    form_state.keep(request, form, f"office:{office.pk}", refusal)
    return _back(body)
