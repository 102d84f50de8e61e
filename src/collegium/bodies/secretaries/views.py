"""A body's secretaries, named and removed by the organization's admins from the body
page's "Secretaries" section. Every POST answers 303 back to that section; a refused form
comes back there with its reason (`form_state`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import add_secretary, remove_secretary
from collegium.bodies.forms import RemoveSecretaryForm, SecretaryForm
from collegium.bodies.models import Body
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt

# The refusals shown beside the login name rather than above the form.
FIELDS = {"body.secretary-unknown": "username", "body.secretary-already": "username"}


def add_place(body: Body) -> str:
    return f"secretary-add:{body.pk}"


def remove_place(body: Body) -> str:
    return f"secretary-remove:{body.pk}"


def _section(body: Body) -> HttpResponse:
    url = reverse("body", args=[body.organization.slug, body.slug])
    return form_state.see_other(f"{url}#secretaries-heading")


@require_POST
def add(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    form = SecretaryForm(request.POST)
    refused = None
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        outcome = attempt(lambda: add_secretary(actor=actor, body=body, username=username))
        named, refused = outcome.result, outcome.refused
        if named is not None:
            messages.success(
                request,
                _("%(username)s is now a secretary of %(body)s.")
                % {"username": named.username, "body": body.name},
            )
            return _section(body)
    form_state.keep(request, form, add_place(body), refused, FIELDS)
    return _section(body)


@require_POST
def remove(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    form = RemoveSecretaryForm(request.POST)
    refused = None
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        outcome = attempt(lambda: remove_secretary(actor=actor, body=body, username=username))
        refused = outcome.refused
        if outcome.done:
            messages.success(
                request,
                _("%(username)s is no longer a secretary of %(body)s.")
                % {"username": username, "body": body.name},
            )
            return _section(body)
    form_state.keep(request, form, remove_place(body), refused or form_state.problems(form))
    return _section(body)
