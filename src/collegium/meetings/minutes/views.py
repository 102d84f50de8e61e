"""The minutes of a sitting: a draft for the secretariat, generated afresh from the
record each time; once signed, the stored HTML and PDF, byte for byte, for whom the
transparency settings open them to, with their digests checked against the journal."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.bodies.models import Body
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.meetings.actions import sign_minutes
from collegium.meetings.minutes import readers
from collegium.meetings.minutes.document import context as document_context
from collegium.meetings.minutes.document import minutes_html
from collegium.meetings.minutes.pdf import minutes_pdf
from collegium.meetings.minutes.record import Clock, SittingRecord, gather
from collegium.meetings.models import Minutes, Sitting
from collegium.meetings.queries import sitting_or_404


def _sitting(org_slug: str, body_slug: str, number: int) -> tuple[Body, Sitting]:
    _organization, body = organization_and_body(org_slug, body_slug)
    return body, sitting_or_404(body, number)


def _signed(request: HttpRequest, sitting: Sitting) -> Minutes | None:
    """The signed minutes if the reader may read them; None (a draft) if the reader runs
    the sitting; refused otherwise."""
    stored = readers.signed_minutes(sitting)
    if stored is None:
        readers.require_draft_reader(request.user, sitting)
        return None
    readers.require_reader(request.user, stored, readers.signing_entry(stored))
    return stored


def _draft(sitting: Sitting) -> tuple[SittingRecord, str, datetime.datetime]:
    now = timezone.now().replace(microsecond=0)
    return gather(sitting), Clock(sitting.body.organization.time_zone).moment(now), now


def _place(sitting: Sitting) -> str:
    return f"minutes-sign:{sitting.pk}"


def _file_name(sitting: Sitting, extension: str) -> str:
    return f"{sitting.body.slug}-sitting-{sitting.number}-minutes.{extension}"


@require_GET
def minutes_page(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    body, sitting = _sitting(org_slug, body_slug, number)
    stored = _signed(request, sitting)
    page: dict[str, object] = {
        "organization": body.organization,
        "body": body,
        "sitting": sitting,
        "stored": stored,
        "runs": readers.runs_sittings(request.user, sitting),
    }
    if stored is None:
        record, written, _now = _draft(sitting)
        page.update(document_context(record, None, written))
        sign_form = forms.Form()
        kept = form_state.take(request, _place(sitting))
        page["refusal"] = kept.refusal if kept is not None else None
        page["sign_form"] = sign_form
    else:
        page["seal"] = readers.seal_of(stored, readers.signing_entry(stored))
    return render(request, "meetings/minutes/page.html", page)


@require_GET
def minutes_document(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    """The HTML document itself: the signed bytes, or a draft made now."""
    _body, sitting = _sitting(org_slug, body_slug, number)
    stored = _signed(request, sitting)
    if stored is not None:
        html = stored.html
    else:
        record, written, _now = _draft(sitting)
        html = minutes_html(record, None, written)
    response = HttpResponse(html.encode("utf-8"), content_type="text/html; charset=utf-8")
    # A document to read, not a page of the site: nothing in it runs.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_GET
def minutes_as_pdf(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    _body, sitting = _sitting(org_slug, body_slug, number)
    stored = _signed(request, sitting)
    if stored is not None:
        document = bytes(stored.pdf)
        name = _file_name(sitting, "pdf")
    else:
        record, written, now = _draft(sitting)
        document = minutes_pdf(record, None, written, now)
        name = _file_name(sitting, "draft.pdf")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def sign(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    body, sitting = _sitting(org_slug, body_slug, number)
    actor = page_actor(request)
    outcome = attempt(lambda: sign_minutes(actor=actor, sitting=sitting))
    if outcome.done:
        messages.success(request, _("The minutes are signed; from now on they do not change."))
    else:
        form_state.keep(request, forms.Form(), _place(sitting), outcome.refused)
    return form_state.see_other(
        reverse("sitting-minutes", args=[body.organization.slug, body.slug, sitting.number])
    )
