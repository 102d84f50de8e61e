"""The proxies page of a body: the proxies in force; a full member gives theirs to another
full member or revokes it; the secretariat records a written proxy for anyone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from collegium.bodies.models import Body, Seat, SeatRole
from collegium.bodies.orders import orders_in_force
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.errors import NotFound
from collegium.http.refusals import attempt
from collegium.meetings.sittings.readers import Reader, reader_of
from collegium.voting.actions.proxies import give_proxy, revoke_proxy
from collegium.voting.models import Proxy


class GiveProxyForm(forms.Form):
    giver = forms.ChoiceField(label=gettext_lazy("Proxy of"))
    holder = forms.ChoiceField(label=gettext_lazy("Given to"))

    def __init__(self, *args: Any, seats: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["giver"].choices = seats  # type: ignore[attr-defined]
        self.fields["holder"].choices = seats  # type: ignore[attr-defined]


def _full_seats(body: Body) -> list[Seat]:
    return list(
        Seat.objects.filter(body=body, role=SeatRole.FULL, vacated_on__isnull=True)
        .select_related("member")
        .order_by("member__name", "pk")
    )


def _url(organization_slug: str, body: Body) -> str:
    return reverse("body-proxies", args=(organization_slug, body.slug))


def _context(request: HttpRequest, reader: Reader, body: Body, url: str) -> dict[str, Any]:
    seats = _full_seats(body)
    choices = [(str(s.pk), s.member.name if s.member else "") for s in seats]
    kept = form_state.take(request, f"proxies:{body.pk}")
    form = GiveProxyForm(prefix="proxy", seats=choices)
    refusal = None
    if kept is not None:
        refusal = kept.refusal
        form = form_state.rebound(GiveProxyForm(kept.data, prefix="proxy", seats=choices), kept)
    own = reader.seat if reader.seat is not None and reader.seat.role == SeatRole.FULL else None
    if own is not None and kept is None:
        form.initial["giver"] = str(own.pk)
    in_force = orders_in_force(body)
    most = in_force.rules.votes.proxies if in_force is not None and in_force.rules else 0
    return {
        "body": body,
        "reader": reader,
        "most": most,
        "proxies": Proxy.objects.filter(body=body, revoked_at__isnull=True)
        .select_related("giver__member", "holder__member")
        .order_by("given_at"),
        "own_seat": own,
        "form": form,
        "refusal": refusal,
        "url": url,
    }


@require_GET
def proxies_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    reader = reader_of(request.user, organization, body)
    context = _context(request, reader, body, _url(org_slug, body))
    context["organization"] = organization
    return render(request, "voting/proxies.html", context)


@require_POST
def give(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    reader_of(request.user, organization, body)
    seats = [(str(s.pk), "") for s in _full_seats(body)]
    form = GiveProxyForm(request.POST, prefix="proxy", seats=seats)
    where = f"proxies:{body.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
    else:
        giver = Seat.objects.get(pk=int(form.cleaned_data["giver"]))
        holder = Seat.objects.get(pk=int(form.cleaned_data["holder"]))
        outcome = attempt(lambda: give_proxy(actor=page_actor(request), giver=giver, holder=holder))
        if outcome.refused is not None:
            form_state.keep(request, form, where, outcome.refused)
    return form_state.see_other(_url(org_slug, body))


@require_POST
def revoke(request: HttpRequest, org_slug: str, body_slug: str, proxy_id: int) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    reader_of(request.user, organization, body)
    proxy = Proxy.objects.filter(body=body, pk=proxy_id).first()
    if proxy is None:
        raise NotFound(_("No such proxy."))
    outcome = attempt(lambda: revoke_proxy(actor=page_actor(request), proxy=proxy))
    if outcome.refused is not None:
        form_state.keep(
            request, GiveProxyForm(prefix="proxy"), f"proxies:{body.pk}", outcome.refused
        )
    return form_state.see_other(_url(org_slug, body))
