"""The register pages: a body's decisions with search and exports (JSON, CSV, PDF), one
decision with its versions, tally and dissenting opinions, and the form to attach one.
Anyone may look: each reads the decisions and the parts of them the orders published to
them (a visitor, what is public)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.visibility import ReaderScope, reader_scope
from collegium.bodies.models import Body
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.errors import NotFound
from collegium.http.refusals import attempt
from collegium.meetings.sittings.readers import may_read
from collegium.register.actions import attach_dissent
from collegium.register.exports import register_csv, register_json, register_pdf
from collegium.register.forms import DissentForm, SearchForm
from collegium.register.publications import reports_on
from collegium.register.queries import Shown, readable, search, shown, years
from collegium.registry.models import Member, Organization


def _found(request: HttpRequest, body: Body) -> tuple[list[Shown], SearchForm]:
    scope = reader_scope(request.user, body.organization)
    form = SearchForm(request.GET or None)
    decisions = readable(body, scope)
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        decisions = search(decisions, text=data["q"], kind=data["kind"], year=data["year"])
        status = data["status"]
    return shown(decisions, scope, status), form


@require_GET
def register_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    found, form = _found(request, body)
    query = request.GET.urlencode() if form.is_valid() else ""
    return render(
        request,
        "register/register.html",
        {
            "organization": organization,
            "body": body,
            "decisions": found,
            "form": form,
            "query": query,
            "years": years(body, reader_scope(request.user, organization)),
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


def _one(scope: ReaderScope, body: Body, year: int, number: int) -> Shown:
    found = shown(readable(body, scope).filter(year=year, number=number), scope)
    if not found:
        # Not there, or not for this reader: the same answer, so nothing leaks.
        raise NotFound(_("No such decision in this register."))
    return found[0]


def _decision_url(organization: Organization, body: Body, year: int, number: int) -> str:
    return reverse("register-decision", args=(organization.slug, body.slug, year, number))


@require_GET
def decision_page(
    request: HttpRequest, org_slug: str, body_slug: str, year: int, number: int
) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    scope = reader_scope(request.user, organization)
    one = _one(scope, body, year, number)
    place = f"dissent:{one.decision.pk}"
    kept = form_state.take(request, place)
    form = DissentForm(prefix="dissent")
    if kept is not None:
        form = form_state.rebound(DissentForm(kept.data, prefix="dissent"), kept)
    context: dict[str, Any] = {
        "organization": organization,
        "body": body,
        "one": one,
        "form": form,
        "may_dissent": request.user.is_authenticated and may_read(request.user, organization),
        # The motion pages are the members' and staff's, as the sittings' are.
        "may_move": may_read(request.user, organization),
        "reports": reports_on(one.decision, scope),
    }
    return render(request, "register/decision.html", context)


def _member_for(request: HttpRequest, organization: Organization, number: str) -> Member | None:
    """The member named by number (the secretariat recording one handed in), else the
    reader's own membership."""
    members = Member.objects.filter(organization=organization)
    if number.strip():
        return members.filter(number=number.strip()).first()
    return members.filter(user=request.user).first() if request.user.is_authenticated else None


@require_POST
def dissent(
    request: HttpRequest, org_slug: str, body_slug: str, year: int, number: int
) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    one = _one(reader_scope(request.user, organization), body, year, number)
    url = _decision_url(organization, body, year, number)
    place = f"dissent:{one.decision.pk}"
    form = DissentForm(request.POST, prefix="dissent")
    if not form.is_valid():
        form_state.keep(request, form, place, form_state.problems(form))
        return form_state.see_other(url)
    member = _member_for(request, organization, form.cleaned_data["member_number"])
    if member is None:
        form_state.keep(request, form, place, _("No member of the organization has that number."))
        return form_state.see_other(url)
    outcome = attempt(
        lambda: attach_dissent(
            actor=page_actor(request),
            decision=one.decision,
            member=member,
            text=form.cleaned_data["text"],
        )
    )
    if outcome.refused is not None:
        form_state.keep(request, form, place, outcome.refused)
    return form_state.see_other(url)


def _attachment(content: bytes | str, kind: str, body: Body, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    day = timezone.localdate().isoformat()
    name = f"{body.slug}-register-{day}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def register_as_json(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    found, _form = _found(request, body)
    return _attachment(register_json(body.name, found), "application/json", body, "json")


@require_GET
def register_as_csv(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    found, _form = _found(request, body)
    return _attachment(register_csv(found), "text/csv; charset=utf-8", body, "csv")


@require_GET
def register_as_pdf(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    found, _form = _found(request, body)
    document = register_pdf(body.name, organization.name, found)
    return _attachment(document, "application/pdf", body, "pdf")
