"""The body page: who sits in a body, its offices and standing orders, and (for its
secretaries and the organization's admins) the forms to seat a member and vacate a seat."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from collegium.access.permissions import Context, Permission, has_permission, require
from collegium.bodies.actions import seat_member, vacate_seat
from collegium.bodies.models import Body, Office, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.bodies.orders import InForce, orders_in_force, versions_of
from collegium.bodies.queries import Composition, composition
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.journal.models import JournalChain
from collegium.registry.models import Member, Organization
from collegium.registry.queries import organization_or_404

# Lists longer than this start collapsed, so the Congress's 1,349 seats do not bury the
# rest of the page.
COLLAPSE_AFTER = 40
# Characters Django's reverse() leaves unquoted in a path.
_URL_SAFE = "/~:@!$&'()*+,;="


def _capitalized(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Menu entries start with a capital, as every other label does (the model's labels
    are lower case because they also appear mid-sentence)."""
    return [(value, capfirst(label)) for value, label in choices]


class SeatForm(forms.Form):
    prefix = "seat"  # two forms share the body page
    member_number = forms.CharField(
        label=gettext_lazy("Member number"), max_length=32, required=False
    )
    guest_name = forms.CharField(
        label=gettext_lazy("Guest's name (guest seats without a member number only)"),
        max_length=300,
        required=False,
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=_capitalized(SeatRole.choices))
    rank = forms.IntegerField(
        label=gettext_lazy("Rank (alternates only; leave empty to place after the last)"),
        min_value=1,
        required=False,
    )
    origin = forms.ChoiceField(
        label=gettext_lazy("Origin"), choices=_capitalized(SeatOrigin.choices)
    )
    origin_detail = forms.CharField(
        label=gettext_lazy("Origin detail (e.g. the decision or the delegating unit)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_member_number(self) -> Member | None:
        """The register entry for the number given (None for a guest)."""
        number = str(self.cleaned_data["member_number"]).strip()
        if not number:
            return None
        member = Member.objects.filter(organization=self.organization, number=number).first()
        if member is None:
            raise forms.ValidationError(
                _("No member numbered %(number)s is in the register.") % {"number": number}
            )
        return member

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        member_given = data.get("member_number") is not None
        if "member_number" in data and not member_given and not data.get("guest_name", "").strip():
            raise forms.ValidationError(_("Give a member number, or a guest's name."))
        return data


class VacateForm(forms.Form):
    prefix = "vacate"
    holder = forms.CharField(
        label=gettext_lazy("Member number of the seat holder (or a guest's name)"),
        max_length=300,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body

    def clean_holder(self) -> Seat:
        """The current seat of the member with that number, else of the guest so named."""
        holder = str(self.cleaned_data["holder"]).strip()
        current = Seat.objects.filter(body=self.body, vacated_on__isnull=True)
        seat = (
            current.filter(member__number=holder).select_related("member").first()
            or current.filter(member__isnull=True, guest_name=holder).first()
        )
        if seat is None:
            raise forms.ValidationError(
                _("Nobody holds a current seat in %(body)s under %(holder)s.")
                % {"body": self.body.name, "holder": holder}
            )
        return seat


@dataclass(frozen=True)
class SeatRow:
    """A seat reduced to the text its table row shows. Built in Python because the
    Congress has about 1,500 rows, and per-row template lookups, translations and URL
    reversals cost most of the page's time."""

    rank: int | None
    name: str
    number: str
    member_url: str
    origin: str
    since: str


@dataclass(frozen=True)
class SeatList:
    """One role's seats as the page shows them."""

    role: str
    heading: str
    seats: list[SeatRow]
    collapsed: bool


def _organization_and_body(org_slug: str, body_slug: str) -> tuple[Organization, Body]:
    organization = organization_or_404(org_slug)
    body = get_object_or_404(
        Body.objects.select_related("elected_by"), organization=organization, slug=body_slug
    )
    return organization, body


def _matches(seat: Seat, text: str) -> bool:
    text = text.casefold()
    number = seat.member.number.casefold() if seat.member is not None else ""
    return text in seat.holder_name.casefold() or number.startswith(text)


def _rows(seats: list[Seat], organization: Organization) -> list[SeatRow]:
    # Reverse the member URL once and fill in each number, quoted as reverse() would.
    placeholder = "0-number-0"
    member_url = reverse("member", args=[organization.slug, placeholder])
    origins = {value: str(label).capitalize() for value, label in SeatOrigin.choices}
    rows = []
    for seat in seats:
        number = seat.member.number if seat.member is not None else ""
        origin = origins.get(seat.origin, seat.origin)
        rows.append(
            SeatRow(
                rank=seat.rank,
                name=seat.holder_name,
                number=number,
                member_url=member_url.replace(placeholder, quote(number, safe=_URL_SAFE))
                if number
                else "",
                origin=f"{origin}: {seat.origin_detail}" if seat.origin_detail else origin,
                since=seat.term_start.isoformat() if seat.term_start else "—",
            )
        )
    return rows


def _seat_lists(found: Composition, organization: Organization, search: str) -> list[SeatList]:
    lists = [
        (SeatRole.FULL, _("Full members"), found.full),
        (SeatRole.ALTERNATE, _("Alternate members, in the order they step up"), found.alternates),
        (SeatRole.CONSULTATIVE, _("Consultative delegates"), found.consultative),
        (SeatRole.GUEST, _("Guests"), found.guests),
    ]
    shown = []
    for role, heading, seats in lists:
        if search:
            seats = [seat for seat in seats if _matches(seat, search)]
        # A search shows every hit; otherwise long lists start folded.
        collapsed = not search and len(seats) > COLLAPSE_AFTER
        shown.append(SeatList(role, heading, _rows(seats, organization), collapsed))
    return shown


def _orders_summary(orders: InForce) -> tuple[list[str], list[tuple[str, str]]]:
    """Plain sentences from the rules package; if a stored document no longer parses
    (an older format), its keys and values instead, so nothing is hidden."""
    if orders.rules is not None:
        return orders.rules.describe(), []
    document = orders.version.document if isinstance(orders.version.document, dict) else {}
    return [], [
        (str(key), value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in document.items()
    ]


def _orders_description(orders: StandingOrders | None) -> str:
    """What the orders are for, in their authors' words (the document's description)."""
    document = orders.document if orders is not None else None
    description = document.get("description", "") if isinstance(document, dict) else ""
    return description if isinstance(description, str) else ""


def _render_body(
    request: HttpRequest,
    organization: Organization,
    body: Body,
    *,
    seat_form: SeatForm | None = None,
    vacate_form: VacateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # Read before the composition: a change committed after it makes the live stream
    # (static/collegium/live.js) re-fetch the page's parts at once.
    live_head = (
        JournalChain.objects.filter(organization=organization)
        .values_list("last_sequence", flat=True)
        .first()
    )
    found = composition(body)
    search = request.GET.get("q", "").strip()
    in_force = orders_in_force(body)
    current = in_force.version if in_force else None
    versions = [v for v in versions_of(body) if current is None or v.pk != current.pk]
    sentences, document_items = _orders_summary(in_force) if in_force else ([], [])
    holders = {term.office_id: term for term in found.offices}
    offices = [(office, holders.get(office.pk)) for office in Office.objects.filter(body=body)]
    may_manage = has_permission(request.user, Permission.MANAGE_SEATS, Context.of_body(body))
    context = {
        "organization": organization,
        "body": body,
        "elects": list(body.elects.order_by("pk")),
        "composition": found,
        "seat_lists": _seat_lists(found, organization, search),
        "search": search,
        "offices": offices,
        "orders": current,
        "orders_description": _orders_description(current),
        "orders_sentences": sentences,
        "orders_items": document_items,
        "earlier_orders": [v for v in versions if current and v.version < current.version],
        "scheduled_orders": [v for v in versions if not current or v.version > current.version],
        "may_manage": may_manage,
        "seat_form": (seat_form or SeatForm(organization=organization)) if may_manage else None,
        "vacate_form": (vacate_form or VacateForm(body=body)) if may_manage else None,
    }
    context["live_head"] = live_head
    if request.headers.get("HX-Request") == "true":
        # A live re-fetch (static/collegium/live.js) swaps parts of the page: it must not
        # use up the flash messages meant for the page the reader navigates to.
        context["messages"] = ()
    return render(request, "bodies/body.html", context, status=status)


@require_GET
def body_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = _organization_and_body(org_slug, body_slug)
    # A refusal leaves the view: RefusalMiddleware shows the 403 page (web/refusals.py).
    require(request.user, Permission.VIEW_BODY, Context.of_body(body))
    return _render_body(request, organization, body)


@require_POST
def seat(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = _organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    form = SeatForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        member: Member | None = data["member_number"]
        outcome = attempt(
            lambda: seat_member(
                actor=actor,
                body=body,
                role=SeatRole(data["role"]),
                origin=SeatOrigin(data["origin"]),
                member=member,
                guest_name="" if member else data["guest_name"],
                rank=data["rank"],
                origin_detail=data["origin_detail"].strip(),
            ),
            form,
        )
        if (seated := outcome.result) is not None:
            messages.success(
                request,
                _("%(name)s now holds a seat in %(body)s as %(role)s.")
                % {
                    "name": seated.holder_name,
                    "body": body.name,
                    "role": seated.get_role_display(),
                },
            )
            return redirect("body", organization.slug, body.slug)
    return _render_body(request, organization, body, seat_form=form, status=400)


@require_POST
def vacate(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = _organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    form = VacateForm(request.POST, body=body)
    if form.is_valid():
        vacated: Seat = form.cleaned_data["holder"]
        outcome = attempt(
            lambda: vacate_seat(actor=actor, seat=vacated, reason=form.cleaned_data["reason"]),
            form,
        )
        if outcome.done:
            successor = outcome.result
            messages.success(
                request, _("The seat of %(name)s is vacated.") % {"name": vacated.holder_name}
            )
            if successor is not None and successor.stepped_up_from is not None:
                messages.success(
                    request,
                    _("%(name)s, alternate no. %(rank)d, stepped up to the full seat.")
                    % {"name": successor.holder_name, "rank": successor.stepped_up_from.rank},
                )
            return redirect("body", organization.slug, body.slug)
    return _render_body(request, organization, body, vacate_form=form, status=400)
