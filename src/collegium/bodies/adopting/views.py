"""Changing a body's standing orders from the browser (its secretaries and the
organization's admins), in two steps:

1. the form (a preset, or the orders in force, filled in; every setting a field, each
   problem beside its field) with the date they take effect; its POST keeps the draft;
2. the confirmation page: what changes against the version in force, in sentences
   (rules.standing_orders.diff), and the date; its POST adopts (bodies.actions).

The newest version the form was made from travels with it (`after_version`), so a draft
made before another version was adopted is refused (`orders.stale-form`)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import adopt_standing_orders
from collegium.bodies.adopting.forms import OrdersForm, initial_from
from collegium.bodies.models import Body
from collegium.bodies.orders import orders_in_force, versions_of
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.diff import describe_changes
from collegium.rules.standing_orders.document import parse_standing_orders
from collegium.rules.standing_orders.presets import PRESETS

_DRAFT = "collegium.bodies.orders-draft"


class WhenForm(forms.Form):
    """What goes with the document: when it takes effect, a note, the version it follows."""

    prefix = "adopt"
    effective_on = forms.DateField(
        label=gettext_lazy("Takes effect on (today: at once)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (e.g. the decision that adopted them)"),
        max_length=500,
        required=False,
    )
    after_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _newest(body: Body) -> int:
    last = versions_of(body).first()
    return last.version if last else 0


def _effective(day: datetime.date) -> datetime.datetime | None:
    """Today is at once; a later day from its start, in the site's time zone."""
    if day == timezone.localdate():
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@require_http_methods(["GET", "POST"])
def change_orders(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.CHANGE_STANDING_ORDERS, Context.of_body(body))
    place = f"orders:{body.pk}"
    if request.method == "POST":
        form, when = OrdersForm(request.POST), WhenForm(request.POST)
        if form.is_valid() and when.is_valid():
            request.session[_DRAFT] = {
                "body": body.pk,
                "document": form.document(),
                "effective_on": when.cleaned_data["effective_on"].isoformat(),
                "note": when.cleaned_data["note"].strip(),
                "after_version": when.cleaned_data["after_version"],
            }
            return redirect("body-orders-confirm", organization.slug, body.slug)
        _keep_both(request, form, when, place)
        return redirect("body-orders", organization.slug, body.slug)
    form, when = _forms(request, body, place)
    context = {
        "organization": organization,
        "body": body,
        "form": form,
        "when": when,
        "presets": [(name, str(doc["title"])) for name, doc in PRESETS.items()],
        "preset": request.GET.get("preset", ""),
    }
    return render(request, "bodies/orders_form.html", context)


def _keep_both(request: HttpRequest, form: OrdersForm, when: WhenForm, place: str) -> None:
    """Keep the two forms' data as one (form_state keeps one form's fields)."""
    combined = forms.Form()
    combined.fields = {
        **{form.add_prefix(name): field for name, field in form.fields.items()},
        **{when.add_prefix(name): field for name, field in when.fields.items()},
    }
    form_state.keep(request, combined, place, None)


def _forms(request: HttpRequest, body: Body, place: str) -> tuple[OrdersForm, WhenForm]:
    newest = _newest(body)
    kept = form_state.take(request, place)
    if kept is not None:
        data = {**kept.data, "adopt-after_version": str(newest)}
        form, when = OrdersForm(data), WhenForm(data)
        form.full_clean()
        when.full_clean()
        return form, when
    initial = _initial_document(request, body)
    when = WhenForm(initial={"effective_on": timezone.localdate(), "after_version": newest})
    return OrdersForm(initial=initial), when


def _initial_document(request: HttpRequest, body: Body) -> dict[str, object]:
    """A preset asked for, else the draft being changed, else the orders in force, else
    the first preset."""
    name = request.GET.get("preset", "")
    if name in PRESETS:
        return initial_from(parse_standing_orders(PRESETS[name]))
    draft = request.session.get(_DRAFT)
    if isinstance(draft, dict) and draft.get("body") == body.pk:
        try:
            return initial_from(parse_standing_orders(draft["document"]))
        except RuleError:
            pass
    in_force = orders_in_force(body)
    if in_force is not None and in_force.rules is not None:
        return initial_from(in_force.rules)
    return initial_from(parse_standing_orders(next(iter(PRESETS.values()))))


class ConfirmForm(forms.Form):
    prefix = "confirm"
    after_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@require_http_methods(["GET", "POST"])
def confirm_orders(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.CHANGE_STANDING_ORDERS, Context.of_body(body))
    draft = request.session.get(_DRAFT)
    if not isinstance(draft, dict) or draft.get("body") != body.pk:
        messages.error(request, _("There is no draft of new standing orders to adopt."))
        return redirect("body-orders", organization.slug, body.slug)
    rules = parse_standing_orders(draft["document"])
    effective_on = datetime.date.fromisoformat(draft["effective_on"])
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete; nothing was adopted."))
            return redirect("body-orders-confirm", organization.slug, body.slug)
        outcome = attempt(
            lambda: adopt_standing_orders(
                actor=actor,
                body=body,
                title=rules.title,
                document=draft["document"],
                note=draft["note"],
                effective_from=_effective(effective_on),
                after_version=form.cleaned_data["after_version"],
            )
        )
        if (adopted := outcome.result) is not None:
            del request.session[_DRAFT]
            messages.success(
                request,
                _("Version %(version)d of the standing orders of %(body)s is adopted.")
                % {"version": adopted.version, "body": body.name},
            )
            return redirect("body", organization.slug, body.slug)
        messages.error(request, outcome.refusal or "")
        return redirect("body-orders-confirm", organization.slug, body.slug)
    in_force = orders_in_force(body)
    old = in_force.rules if in_force is not None else None
    context = {
        "organization": organization,
        "body": body,
        "in_force": in_force.version if in_force else None,
        "changes": describe_changes(old, rules) if old is not None else None,
        "sentences": rules.describe(),
        "title": rules.title,
        "effective_on": effective_on,
        "at_once": effective_on == timezone.localdate(),
        "note": draft["note"],
        "form": ConfirmForm(initial={"after_version": draft["after_version"]}),
    }
    return render(request, "bodies/orders_confirm.html", context)
