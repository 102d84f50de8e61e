"""The body page: who sits in a body, its offices and standing orders, and (for its
secretaries and the organization's admins) the forms to seat a member and vacate a seat.

Vacating takes two steps: the body page finds the seat (a GET), a page of its own names the
holder, the seat and the body and asks for the reason and the date. Every POST answers with
a redirect; a refused form comes back on the page it was sent from (`form_state`)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.access.permissions import Context, Permission, Role, require, roles_of
from collegium.bodies.actions import reweigh_seat, seat_member, vacate_seat
from collegium.bodies.forms import SecretaryForm
from collegium.bodies.models import Body, Office, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.bodies.orders import InForce, orders_in_force, versions_of
from collegium.bodies.queries import Composition, composition, organization_and_body
from collegium.bodies.secretaries.views import add_place, remove_place
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt, may
from collegium.journal.models import JournalChain
from collegium.registry.models import Member, MemberStatus, MemberStatusChange, Organization
from collegium.registry.numbers import normalize_number
from collegium.registry.queries import member_numbered
from collegium.rules.procedure import texts
from collegium.rules.procedure.seating import guest_key

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
        max_length=texts.DETAIL,
        required=False,
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=_capitalized(SeatRole.choices))
    rank = forms.IntegerField(
        label=gettext_lazy("Rank (alternates only; leave empty to place after the last)"),
        min_value=1,
        required=False,
    )
    # No origin is preselected: a member's seat must say how it is held, and a guest left
    # without one is invited (never "elected", the first of the list).
    origin = forms.ChoiceField(
        label=gettext_lazy("Origin"),
        choices=[("", gettext_lazy("— (a guest: invited)")), *_capitalized(SeatOrigin.choices)],
        required=False,
    )
    origin_detail = forms.CharField(
        label=gettext_lazy("Origin detail (e.g. the decision or the delegating unit)"),
        max_length=texts.DETAIL,
        required=False,
    )
    weight = forms.DecimalField(
        label=gettext_lazy("Vote weight (full seats; leave empty for 1)"),
        max_digits=12,
        decimal_places=3,
        required=False,
    )
    # The body's revision the form was made from (bodies.actions.seat_member).
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_member_number(self) -> Member | None:
        """The register entry for the number given (None for a guest)."""
        number = str(self.cleaned_data["member_number"]).strip()
        if not number:
            return None
        member = member_numbered(self.organization, number)
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
    """The first step of vacating (a GET): which seat."""

    prefix = "vacate"
    holder = forms.CharField(
        label=gettext_lazy("Member number of the seat holder (or a guest's name)"),
        max_length=texts.DETAIL,
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body

    def clean_holder(self) -> Seat:
        """The current seat of the member with that number, else of the guest so named
        (names compared as the seating rules compare them)."""
        holder = str(self.cleaned_data["holder"]).strip()
        current = Seat.objects.filter(body=self.body, vacated_on__isnull=True)
        seat = (
            current.filter(member__number=normalize_number(holder)).select_related("member").first()
        )
        if seat is None:
            key = guest_key(holder)
            guests = current.filter(member__isnull=True)
            seat = next((g for g in guests if guest_key(g.guest_name) == key), None)
        if seat is None:
            raise forms.ValidationError(
                _("Nobody holds a current seat in %(body)s under %(holder)s.")
                % {"body": self.body.name, "holder": holder}
            )
        return seat


class VacateConfirmForm(forms.Form):
    """The second step: why and since when. The seat is named by the page's address, so
    a form for a seat vacated since is refused (`seat.already-vacant`), never applied to
    whoever holds a seat under that number now."""

    prefix = "vacate"
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=texts.DETAIL)
    on = forms.DateField(
        label=gettext_lazy("Vacated on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReweighForm(forms.Form):
    """A current full seat's new vote weight, and why (the action checks the bounds)."""

    prefix = "reweigh"
    weight = forms.DecimalField(
        label=gettext_lazy("New vote weight"), max_digits=10, decimal_places=3, min_value=0
    )
    reason = forms.CharField(label=gettext_lazy("Why the weight changes"), max_length=texts.DETAIL)


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
    # "suspended since …" / "left on …" for a holder no longer active in the register, for
    # readers who may read the register (the status is register data); else "".
    flag: str = ""


@dataclass(frozen=True)
class SeatList:
    """One role's seats as the page shows them."""

    role: str
    heading: str
    seats: list[SeatRow]
    collapsed: bool


def _matches(seat: Seat, text: str) -> bool:
    text = text.casefold()
    number = seat.member.number.casefold() if seat.member is not None else ""
    return text in seat.holder_name.casefold() or number.startswith(text)


def _rows(
    seats: list[Seat], organization: Organization, links: MemberLinks, flags: dict[int, str]
) -> list[SeatRow]:
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
                if number and links.may_open(seat)
                else "",
                origin=f"{origin}: {seat.origin_detail}" if seat.origin_detail else origin,
                since=date_format(seat.term_start, "DATE_FORMAT") if seat.term_start else "—",
                flag=flags.get(seat.member.pk, "") if seat.member is not None else "",
            )
        )
    return rows


def _status_flags(found: Composition, links: MemberLinks) -> dict[int, str]:
    """The flag of each seat holder suspended or gone, by member id, dated by their last
    change of status (one query). Only for readers who may open every register entry:
    the register's statuses are for its staff (and members, where it is open to them)."""
    if not links.every:
        return {}
    seats = [*found.full, *found.alternates, *found.consultative, *found.guests]
    inactive: dict[int, str] = {
        seat.member.pk: seat.member.status
        for seat in seats
        if seat.member is not None and seat.member.status != MemberStatus.ACTIVE
    }
    if not inactive:
        return {}
    # The last change to the status they have now: ordered oldest first, the last wins.
    since: dict[int, datetime.date] = {}
    for member_id, status, effective_on in (
        MemberStatusChange.objects.filter(member_id__in=list(inactive))
        .order_by("member_id", "effective_on", "pk")
        .values_list("member_id", "status", "effective_on")
    ):
        if status == inactive[member_id]:
            since[member_id] = effective_on
    flags = {}
    for member_id, status in inactive.items():
        day = date_format(since[member_id], "DATE_FORMAT") if member_id in since else "—"
        if status == MemberStatus.SUSPENDED:
            flags[member_id] = _("suspended since %(date)s") % {"date": day}
        else:
            flags[member_id] = _("left on %(date)s") % {"date": day}
    return flags


@dataclass(frozen=True)
class MemberLinks:
    """Whose register entries the reader may open, so the page links only those: the
    staff every entry; a member their own, and all when the register is open to members
    (access.permissions, member.view). Anyone else gets the names without links."""

    every: bool
    own_user_id: int | None

    @classmethod
    def of(
        cls, request: HttpRequest, organization: Organization, roles: frozenset[Role]
    ) -> MemberLinks:
        every = may(roles, Permission.VIEW_REGISTER) or (
            Role.MEMBER in roles and organization.register_open_to_members
        )
        own = request.user.pk if Role.MEMBER in roles else None
        return cls(every, own)

    def may_open(self, seat: Seat) -> bool:
        member = seat.member
        own = self.own_user_id
        return self.every or (own is not None and member is not None and member.user_id == own)


def _seat_lists(
    found: Composition, organization: Organization, search: str, links: MemberLinks
) -> list[SeatList]:
    lists = [
        (SeatRole.FULL, _("Full members"), found.full),
        (SeatRole.ALTERNATE, _("Alternate members, in the order they step up"), found.alternates),
        (SeatRole.CONSULTATIVE, _("Consultative delegates"), found.consultative),
        (SeatRole.GUEST, _("Guests"), found.guests),
    ]
    flags = _status_flags(found, links)
    shown = []
    for role, heading, seats in lists:
        if search:
            seats = [seat for seat in seats if _matches(seat, search)]
        # A search shows every hit; otherwise long lists start folded.
        collapsed = not search and len(seats) > COLLAPSE_AFTER
        shown.append(SeatList(role, heading, _rows(seats, organization, links, flags), collapsed))
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
    # The reader's roles in this body, once: several links depend on them. A dissolved
    # body takes no new seats or orders: its page shows its history.
    roles = roles_of(request.user, organization, body)
    links = MemberLinks.of(request, organization, roles)
    open_body = body.dissolved_on is None
    may_manage = open_body and may(roles, Permission.MANAGE_SEATS)
    seat_form = _seat_form(request, organization, body) if may_manage else None
    context = {
        "organization": organization,
        "body": body,
        "elects": list(body.elects.order_by("pk")),
        "composition": found,
        "seat_lists": _seat_lists(found, organization, search, links),
        "links": links,
        "search": search,
        "offices": offices,
        "orders": current,
        "orders_description": _orders_description(current),
        "orders_sentences": sentences,
        "orders_items": document_items,
        "earlier_orders": [v for v in versions if current and v.version < current.version],
        "scheduled_orders": [v for v in versions if not current or v.version > current.version],
        "may_manage": may_manage,
        "may_set_up": may(roles, Permission.MANAGE_BODIES),
        "may_change_orders": open_body and may(roles, Permission.CHANGE_STANDING_ORDERS),
        "may_manage_offices": may(roles, Permission.MANAGE_OFFICES),
        "seat_form": seat_form,
        "vacate_form": (vacate_form or VacateForm(body=body)) if may_manage else None,
    }
    if context["may_set_up"]:
        context |= _secretaries(request, body, open_body)
    context["live_head"] = live_head
    if request.headers.get("HX-Request") == "true":
        # A live re-fetch (static/collegium/live.js) swaps parts of the page: it must not
        # use up the flash messages meant for the page the reader navigates to.
        context["messages"] = ()
    return render(request, "bodies/body.html", context, status=status)


def _secretaries(request: HttpRequest, body: Body, open_body: bool) -> dict[str, Any]:
    """The "Secretaries" section, for admins: the body's secretaries, a button to remove
    each, and (while the body is not dissolved) the form to name one, as refused a moment
    ago if it was."""
    kept = form_state.take(request, add_place(body))
    form = SecretaryForm() if kept is None else form_state.rebound(SecretaryForm(kept.data), kept)
    removal = form_state.take(request, remove_place(body))
    return {
        "secretaries": list(body.secretaries.order_by("username")),
        "secretary_form": form if open_body else None,
        "secretary_removal_refusal": removal.refusal if removal is not None else "",
    }


def _seat_form(request: HttpRequest, organization: Organization, body: Body) -> SeatForm:
    """A fresh seat form, or the one refused a moment ago, made from the body as it is."""
    kept = form_state.take(request, f"seat:{body.pk}")
    if kept is None:
        return SeatForm(organization=organization, initial={"revision": body.revision})
    data = {**kept.data, "seat-revision": str(body.revision)}
    form = SeatForm(data, organization=organization)
    form_state.rebound(form, kept)
    return form


def _back_to_form(url: str) -> HttpResponse:
    return redirect(f"{url}#manage-heading")


@require_GET
def body_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    # A refusal leaves the view: RefusalMiddleware shows the 403 page (web/refusals.py).
    require(request.user, Permission.VIEW_BODY, Context.of_body(body))
    return _render_body(request, organization, body)


@require_POST
def seat(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    form = SeatForm(request.POST, organization=organization)
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        member: Member | None = data["member_number"]
        outcome = attempt(
            lambda: seat_member(
                actor=actor,
                body=body,
                role=SeatRole(data["role"]),
                origin=SeatOrigin(data["origin"]) if data["origin"] else None,
                member=member,
                guest_name="" if member else data["guest_name"],
                rank=data["rank"],
                origin_detail=data["origin_detail"].strip(),
                revision=data["revision"],
                weight=data["weight"],
            ),
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
        refusal = outcome.refusal
    form_state.keep(request, form, f"seat:{body.pk}", refusal)
    return _back_to_form(reverse("body", args=[organization.slug, body.slug]))


@require_GET
def find_seat(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    """The first step of vacating: the seat held under a member number or a guest's name.
    Found, it leads to the seat's own page; else the body page names what was not found."""
    organization, body = organization_and_body(org_slug, body_slug)
    require(request.user, Permission.MANAGE_SEATS, Context.of_body(body))
    form = VacateForm(request.GET, body=body)
    if form.is_valid():
        found: Seat = form.cleaned_data["holder"]
        return redirect("body-vacate-seat", organization.slug, body.slug, found.pk)
    return _render_body(request, organization, body, vacate_form=form, status=400)


# The largest id a table holds; a larger number in an address names no seat.
_MAX_ID = 2_147_483_647


def _seat_or_404(body: Body, seat_id: int) -> Seat:
    if seat_id > _MAX_ID:
        raise Http404
    return get_object_or_404(Seat.objects.select_related("member"), body=body, pk=seat_id)


@require_http_methods(["GET", "POST"])
def vacate(request: HttpRequest, org_slug: str, body_slug: str, seat_id: int) -> HttpResponse:
    """The second step: the page naming the holder, the seat and the body, with the
    reason and the date (today unless changed); its POST vacates the seat."""
    organization, body = organization_and_body(org_slug, body_slug)
    require(page_actor(request), Permission.MANAGE_SEATS, Context.of_body(body))
    seat = _seat_or_404(body, seat_id)
    place = f"vacate:{seat.pk}"
    if request.method == "POST":
        return _vacate_posted(request, organization, body, seat, place)
    kept = form_state.take(request, place)
    if kept is None:
        form = VacateConfirmForm(initial={"on": timezone.localdate()})
    else:
        form = VacateConfirmForm(kept.data)
        form_state.rebound(form, kept)
    context = {"organization": organization, "body": body, "seat": seat, "form": form}
    kept = form_state.take(request, _reweigh_place(seat))
    if seat.role == SeatRole.FULL and seat.vacated_on is None:
        context["weight_form"] = (
            ReweighForm() if kept is None else form_state.rebound(ReweighForm(kept.data), kept)
        )
    elif kept is not None and kept.refusal:
        # A weight sent for a seat vacated since: no form to show it beside.
        messages.error(request, kept.refusal)
    return render(request, "bodies/vacate.html", context)


def _reweigh_place(seat: Seat) -> str:
    return f"reweigh:{seat.pk}"


# A refusal of the weight form is shown beside the field its rule concerns.
_REWEIGH_FIELDS = {
    "seat.weight": "weight",
    "seat.weight-unchanged": "weight",
    "seat.weight-reason": "reason",
    "seat.text-length": "reason",
}


@require_POST
def reweigh(request: HttpRequest, org_slug: str, body_slug: str, seat_id: int) -> HttpResponse:
    """A full seat's new vote weight, from the form on the seat's page; refused, the form
    comes back there with the reason."""
    organization, body = organization_and_body(org_slug, body_slug)
    actor = page_actor(request)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    seat = _seat_or_404(body, seat_id)
    form = ReweighForm(request.POST)
    refused = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: reweigh_seat(
                actor=actor, seat=seat, weight=data["weight"], reason=data["reason"]
            )
        )
        if outcome.done:
            messages.success(
                request,
                _("The vote weight of %(name)s's seat is now %(weight)s.")
                % {"name": seat.holder_name, "weight": number_format(data["weight"], 3)},
            )
            return redirect("body-vacate-seat", organization.slug, body.slug, seat.pk)
        refused = outcome.refused
    form_state.keep(request, form, _reweigh_place(seat), refused, _REWEIGH_FIELDS)
    return redirect("body-vacate-seat", organization.slug, body.slug, seat.pk)


def _vacate_posted(
    request: HttpRequest, organization: Organization, body: Body, seat: Seat, place: str
) -> HttpResponse:
    actor = page_actor(request)
    form = VacateConfirmForm(request.POST)
    refusal = None
    if form.is_valid():
        vacated = seat
        data = form.cleaned_data
        outcome = attempt(
            lambda: vacate_seat(actor=actor, seat=vacated, reason=data["reason"], on=data["on"])
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
        refusal = outcome.refusal
    form_state.keep(request, form, place, refusal)
    return redirect("body-vacate-seat", organization.slug, body.slug, seat.pk)
