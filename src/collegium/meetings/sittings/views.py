"""The secretariat's sitting pages: a body's sittings (and the form to convene one), the
fragment of sittings to come for the body page, and a sitting's page with its roll,
agenda, reports and decisions. Members and staff read them (readers.py); the body's
secretariat gets the forms, a seat holder the button to check in. Every POST runs one
action and answers with a redirect; a refused form comes back beside its field
(http.form_state)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.permissions import Context, NotPermitted, Permission, require
from collegium.bodies.models import Body, Seat
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.journal.actors import Actor
from collegium.journal.models import JournalChain
from collegium.meetings import actions
from collegium.meetings.actions.roll import checked_in_sentence
from collegium.meetings.minutes.readers import may_read_minutes
from collegium.meetings.models import AgendaItem, ItemKind, Report, Sitting, SittingStatus
from collegium.meetings.queries import (
    current_seats,
    item_or_404,
    rules_or_none,
    sitting_or_404,
    sittings_of,
)
from collegium.meetings.sittings.coming import SHOWN, TO_COME, coming_sittings
from collegium.meetings.sittings.forms import (
    BulkForm,
    ButtonForm,
    CancelForm,
    ConveneForm,
    CounterReportForm,
    HandsForm,
    ItemForm,
    NumberForm,
    PostponeForm,
    ReportForm,
    SeatChoiceForm,
    local_input,
    zone_of,
)
from collegium.meetings.sittings.page import (
    ReportsOfItem,
    SittingView,
    reads_counter_reports,
    sitting_view,
)
from collegium.meetings.sittings.readers import may_read, reader_of
from collegium.registry.models import Organization

F = TypeVar("F", bound=forms.Form)

# The largest number a table holds; a larger one in an address names no sitting.
_MAX_NUMBER = 2_147_483_647
# Which field a rule's refusal is shown beside (else above the form).
FIELDS = {
    "sitting.title": "title",
    "sitting.text-length": "title",
    "sitting.starts-at": "starts_at",
    "sitting.reason": "reason",
    "sitting.unknown-number": "numbers",
    "sitting.item-title": "title",
    "sitting.item-kind": "kind",
    "sitting.item-parent": "parent",
    "sitting.item-depth": "parent",
    "sitting.hands": "yes",
    "report.title": "title",
    "report.text-length": "text",
    "report.rapporteur": "rapporteur",
    "counter-report.signatures": "signatures",
    "counter-report.signer": "signatures",
}
NUMBER_FIELDS = {"sitting.unknown-number": "number"}


def _live_head(organization: Organization) -> int | None:
    """The chain's head before the page is read: a change committed meanwhile makes the
    live stream (static/collegium/live.js) re-fetch the page's parts at once."""
    return (
        JournalChain.objects.filter(organization=organization)
        .values_list("last_sequence", flat=True)
        .first()
    )


def _sitting(body: Body, number: int) -> Sitting:
    if number > _MAX_NUMBER:
        raise Http404
    sitting = sitting_or_404(body, number)
    sitting.body = body
    return sitting


def _place(sitting: Sitting, name: str) -> str:
    return f"sitting:{sitting.pk}:{name}"


def _restored(
    request: HttpRequest,
    place: str,
    make: Callable[[Mapping[str, Any] | None], F],
    current: Mapping[str, str] | None = None,
) -> F:
    """The form refused a moment ago (with `current` values, such as the revision as it
    is now), or a fresh one."""
    kept = form_state.take(request, place)
    if kept is None:
        return make(None)
    return form_state.rebound(make({**kept.data, **(current or {})}), kept)


def _quiet(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    if request.headers.get("HX-Request") == "true":
        # A live re-fetch must not use up the flash messages meant for the next page.
        context["messages"] = ()
    return context


# The body's sittings ------------------------------------------------------------------


def _convene_form(organization: Organization, data: Mapping[str, Any] | None) -> ConveneForm:
    return ConveneForm(data, zone=zone_of(organization.time_zone))


@require_GET
def sittings(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    reader = reader_of(request.user, organization, body)
    form = None
    if reader.may_run and body.dissolved_on is None:
        form = _restored(
            request,
            f"convene:{body.pk}",
            lambda data: _convene_form(organization, data),
        )
    context = {
        "organization": organization,
        "body": body,
        "sittings": list(sittings_of(body)),
        "zone": zone_of(organization.time_zone),
        "form": form,
        "live_head": _live_head(organization),
    }
    return render(request, "meetings/sittings/sittings.html", _quiet(request, context))


@require_POST
def convene(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.RUN_SITTINGS, Context.of_body(body))
    form = _convene_form(organization, request.POST)
    back = reverse("sittings", args=[organization.slug, body.slug])
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: actions.convene_sitting(
                actor=actor,
                body=body,
                title=data["title"].strip(),
                starts_at=data["starts_at"],
                place=data["place"].strip(),
                online=data["online"],
                agenda=data["agenda"],
            )
        )
        if (sitting := outcome.result) is not None:
            messages.success(
                request,
                _("Sitting no. %(number)d, %(title)s, is convened.")
                % {"number": sitting.number, "title": sitting.title},
            )
            return form_state.see_other(
                reverse("sitting", args=[organization.slug, body.slug, sitting.number])
            )
        refusal = outcome.refused
    form_state.keep(request, form, f"convene:{body.pk}", refusal, FIELDS)
    return form_state.see_other(f"{back}#convene-heading")


@require_GET
def upcoming(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    """The sittings to come, for the body page (loaded there with htmx). Readers who may
    not read sittings get a sentence saying so, not the list."""
    organization, body = organization_and_body(org_slug, body_slug)
    readable = may_read(request.user, organization)
    coming = list(coming_sittings([body])[:SHOWN]) if readable else []
    context = {
        "organization": organization,
        "body": body,
        "readable": readable,
        "coming": coming,
        "zone": zone_of(organization.time_zone),
    }
    return render(request, "meetings/sittings/upcoming.html", context)


# A sitting's page ---------------------------------------------------------------------


def _report_form(
    request: HttpRequest, sitting: Sitting, entry: ReportsOfItem, seats: list[Seat]
) -> ReportForm:
    """The form to register an item's report, or once it has one, a counter-report."""
    name = "report" if entry.report is None else "counter"
    form_class = ReportForm if entry.report is None else CounterReportForm
    prefix = f"{name}-{entry.item.pk}"
    return _restored(
        request,
        _place(sitting, f"{name}:{entry.item.pk}"),
        lambda data: form_class(data, seats=seats, prefix=prefix),
    )


def _secretariat_forms(
    request: HttpRequest, organization: Organization, sitting: Sitting, view: SittingView
) -> dict[str, Any]:
    zone = zone_of(organization.time_zone)
    revision = {
        "postpone-revision": str(sitting.revision),
        "cancel-revision": str(sitting.revision),
    }
    present = set(view.roll.present) if view.roll is not None else set()
    report_forms = [
        (entry.item, entry.report is None, _report_form(request, sitting, entry, view.seats))
        for entry in view.reports
    ]
    return {
        "postpone_form": _restored(
            request,
            _place(sitting, "postpone"),
            lambda data: PostponeForm(
                data,
                zone=zone,
                initial={
                    "starts_at": local_input(sitting.starts_at, zone),
                    "revision": sitting.revision,
                },
            ),
            revision,
        ),
        "cancel_form": _restored(
            request,
            _place(sitting, "cancel"),
            lambda data: CancelForm(data, initial={"revision": sitting.revision}),
            revision,
        ),
        "open_form": _restored(request, _place(sitting, "open"), lambda d: ButtonForm(d)),
        "close_form": _restored(request, _place(sitting, "close"), lambda d: ButtonForm(d)),
        "check_in_form": _restored(
            request,
            _place(sitting, "check-in"),
            lambda d: SeatChoiceForm(
                d, seats=[s for s in view.seats if s not in present], prefix="check-in"
            ),
        ),
        "number_form": _restored(request, _place(sitting, "number"), lambda d: NumberForm(d)),
        "bulk_form": _restored(request, _place(sitting, "bulk"), lambda d: BulkForm(d)),
        "check_out_form": _restored(
            request,
            _place(sitting, "check-out"),
            lambda d: SeatChoiceForm(
                d, seats=view.roll.present if view.roll else [], prefix="check-out"
            ),
        ),
        "item_form": _restored(
            request, _place(sitting, "item"), lambda d: ItemForm(d, items=view.agenda)
        ),
        "hands_form": _restored(request, _place(sitting, "agenda"), lambda d: HandsForm(d)),
        "report_forms": report_forms,
    }


@require_GET
def sitting_page(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    reader = reader_of(request.user, organization, body)
    live_head = _live_head(organization)
    sitting = _sitting(body, number)
    view = sitting_view(sitting, reader)
    status = sitting.status
    present = view.roll is not None and reader.seat is not None and reader.seat in view.roll.present
    context: dict[str, Any] = {
        "organization": organization,
        "body": body,
        "sitting": sitting,
        "zone": zone_of(organization.time_zone),
        "view": view,
        "reader": reader,
        "minutes_readable": may_read_minutes(request.user, sitting),
        "to_come": status in TO_COME[:2],
        "is_open": status == SittingStatus.OPEN,
        "keeps_roll": status in TO_COME,
        "drafting": status in TO_COME and not sitting.agenda_adopted,
        "self_check_in": reader.seat is not None
        and not present
        and status in (SittingStatus.CONVENED, SittingStatus.OPEN),
        "self_form": _restored(request, _place(sitting, "self"), lambda d: ButtonForm(d)),
        "live_head": live_head,
    }
    if reader.may_run:
        context |= _secretariat_forms(request, organization, sitting, view)
    return render(request, "meetings/sittings/sitting.html", _quiet(request, context))


# The sitting's forms: each runs one action -------------------------------------------


Run = Callable[[Actor, Sitting, dict[str, Any]], str]


def _posted(
    request: HttpRequest,
    org_slug: str,
    body_slug: str,
    number: int,
    name: str,
    make: Callable[[Sitting, Mapping[str, Any]], forms.Form],
    run: Run,
    *,
    anchor: str,
    fields: Mapping[str, str] = FIELDS,
    secretariat: bool = True,
) -> HttpResponse:
    """Run one sitting form: the secretariat's (RUN_SITTINGS, else the 403 page and
    nothing changed), or a seat holder's own. Done, a message; refused, the form is kept
    with the rule's sentence beside its field. Either way back to the sitting's page."""
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    if secretariat:
        require(actor, Permission.RUN_SITTINGS, Context.of_body(body))
    else:
        reader_of(request.user, organization, body)
    sitting = _sitting(body, number)
    form = make(sitting, request.POST)
    back = reverse("sitting", args=[organization.slug, body.slug, sitting.number])
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(lambda: run(actor, sitting, data))
        if outcome.result is not None:
            messages.success(request, outcome.result)
            return form_state.see_other(f"{back}#{anchor}")
        refusal = outcome.refused
    form_state.keep(request, form, _place(sitting, name), refusal, fields)
    return form_state.see_other(f"{back}#{anchor}")


def _zone(sitting: Sitting) -> Any:
    return zone_of(sitting.body.organization.time_zone)


def _postpone(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.postpone_sitting(
        actor=actor,
        sitting=sitting,
        starts_at=data["starts_at"],
        reason=data["reason"].strip(),
        revision=data["revision"],
    )
    return _("The sitting is postponed.")


def _cancel(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.cancel_sitting(
        actor=actor, sitting=sitting, reason=data["reason"].strip(), revision=data["revision"]
    )
    return _("The sitting is cancelled.")


def _open(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.open_sitting(actor=actor, sitting=sitting)
    return _("The sitting is open.")


def _close(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.close_sitting(actor=actor, sitting=sitting)
    return _("The sitting is closed.")


def _checked_in(count: int) -> str:
    return checked_in_sentence(count) if count else _("Everyone named was present already.")


def _check_in(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    return _checked_in(actions.check_in(actor=actor, sitting=sitting, seats=[data["seat"]]))


def _check_in_number(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    return _checked_in(actions.check_in(actor=actor, sitting=sitting, numbers=[data["number"]]))


def _check_in_bulk(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    return _checked_in(actions.check_in(actor=actor, sitting=sitting, numbers=data["numbers"]))


def _check_out(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    count = actions.check_out(actor=actor, sitting=sitting, seats=[data["seat"]])
    return _("Checked out.") if count else _("Nobody named was present.")


def _check_in_self(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.check_in_self(actor=actor, sitting=sitting)
    return _("You are checked in.")


def _add_item(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    parent = None
    if data["parent"] is not None:
        parent = AgendaItem.objects.filter(sitting=sitting, pk=data["parent"]).first()
    item = actions.add_item(
        actor=actor, sitting=sitting, title=data["title"].strip(), kind=data["kind"], parent=parent
    )
    return _("Item %(number)s is on the agenda.") % {"number": item.number}


def _adopt(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    decision = actions.adopt_agenda(
        actor=actor, sitting=sitting, yes=data["yes"], no=data["no"], abstain=data["abstain"]
    )
    return decision.explanation


def _seats(sitting: Sitting) -> list[Seat]:
    return list(current_seats(sitting.body))


@require_POST
def postpone(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "postpone",
        lambda s, d: PostponeForm(d, zone=_zone(s)),
        _postpone,
        anchor="status-heading",
    )


@require_POST
def cancel(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "cancel",
        lambda s, d: CancelForm(d),
        _cancel,
        anchor="status-heading",
    )


@require_POST
def open_(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "open",
        lambda s, d: ButtonForm(d),
        _open,
        anchor="status-heading",
    )


@require_POST
def close(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "close",
        lambda s, d: ButtonForm(d),
        _close,
        anchor="status-heading",
    )


@require_POST
def check_in(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "check-in",
        lambda s, d: SeatChoiceForm(d, seats=_seats(s), prefix="check-in"),
        _check_in,
        anchor="roll-heading",
    )


@require_POST
def check_in_number(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "number",
        lambda s, d: NumberForm(d),
        _check_in_number,
        anchor="roll-heading",
        fields=NUMBER_FIELDS,
    )


@require_POST
def check_in_bulk(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "bulk",
        lambda s, d: BulkForm(d),
        _check_in_bulk,
        anchor="roll-heading",
    )


@require_POST
def check_out(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "check-out",
        lambda s, d: SeatChoiceForm(d, seats=_seats(s), prefix="check-out"),
        _check_out,
        anchor="roll-heading",
    )


@require_POST
def check_in_self(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "self",
        lambda s, d: ButtonForm(d),
        _check_in_self,
        anchor="roll-heading",
        secretariat=False,
    )


@require_POST
def add_item(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "item",
        lambda s, d: ItemForm(d, items=AgendaItem.objects.filter(sitting=s)),
        _add_item,
        anchor="agenda-heading",
    )


@require_POST
def adopt_agenda(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        "agenda",
        lambda s, d: HandsForm(d),
        _adopt,
        anchor="agenda-heading",
    )


def _report_item(sitting: Sitting, item_number: str) -> AgendaItem:
    item = item_or_404(sitting, item_number[:40])
    item.sitting = sitting
    return item


@require_POST
def report(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, item: str
) -> HttpResponse:
    def run(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
        registered = actions.register_report(
            actor=actor,
            item=_report_item(sitting, item),
            rapporteur=data["rapporteur"],
            title=data["title"].strip(),
            text=data["text"],
            document=data["document"],
        )
        return _("The report %(title)s is registered.") % {"title": registered.title}

    return _report_post(request, org_slug, body_slug, number, item, "report", ReportForm, run)


@require_POST
def counter_report(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, item: str
) -> HttpResponse:
    def run(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
        registered = actions.register_counter_report(
            actor=actor,
            item=_report_item(sitting, item),
            rapporteur=data["rapporteur"],
            title=data["title"].strip(),
            text=data["text"],
            numbers=data["signatures"],
            document=data["document"],
        )
        return _("The counter-report %(title)s is registered.") % {"title": registered.title}

    return _report_post(
        request, org_slug, body_slug, number, item, "counter", CounterReportForm, run
    )


@require_GET
def report_document(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, item: str, report: int
) -> HttpResponse:
    """A report's document, for those who read the report: the sitting's readers, and a
    counter-report's only as the transparency settings publish it. Always a download:
    an uploaded file is never shown as a page of ours."""
    organization, body = organization_and_body(org_slug, body_slug)
    reader = reader_of(request.user, organization, body)
    sitting = _sitting(body, number)
    found = (
        Report.objects.filter(pk=report, item=_report_item(sitting, item))
        .exclude(document_sha256="")
        .defer(None)  # with the document's bytes, which the manager leaves out
        .first()
    )
    if found is None:
        raise Http404
    if found.counter and not reads_counter_reports(sitting, reader, rules_or_none(sitting)):
        raise NotPermitted(
            _("Not permitted: this counter-report is not published to you."),
            organization=organization,
        )
    response = HttpResponse(bytes(found.document or b""), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=found.document_name) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _report_post(
    request: HttpRequest,
    org_slug: str,
    body_slug: str,
    number: int,
    item_number: str,
    name: str,
    form_class: type[ReportForm],
    run: Run,
) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    # The item must exist before its form can be kept under its id.
    found = _report_item(_sitting(body, number), item_number)
    if found.kind != ItemKind.REPORT:
        raise Http404
    return _posted(
        request,
        org_slug,
        body_slug,
        number,
        f"{name}:{found.pk}",
        lambda s, d: form_class(d, request.FILES, seats=_seats(s), prefix=f"{name}-{found.pk}"),
        run,
        anchor=f"reports-{found.pk}",
    )
