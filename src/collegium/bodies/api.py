"""API for bodies: composition, seats, offices and standing orders."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.params import P, PathEx

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.actions import (
    add_secretary,
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    dissolve_body,
    end_office_term,
    remove_secretary,
    reweigh_seat,
    seat_member,
    update_body,
    vacate_seat,
)
from collegium.bodies.exports.composition import composition_csv, composition_pdf
from collegium.bodies.models import (
    Body,
    BodyKind,
    Office,
    OfficeTerm,
    Seat,
    SeatOrigin,
    SeatRole,
    StandingOrders,
)
from collegium.bodies.orders import orders_in_force, parsed, versions_of
from collegium.bodies.queries import bodies_of, composition
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.registry.models import Member, Organization
from collegium.registry.queries import member_numbered, organization_or_404
from collegium.rules.errors import RuleError
from collegium.rules.procedure import seating

router = Router(tags=["bodies"])

BODY = "/organizations/{slug}/bodies/{body_slug}"
RoleName = Literal["full", "alternate", "consultative", "guest"]
KindName = Literal["congress", "committee", "executive", "commission", "assembly"]
OriginName = Literal["elected", "delegated", "appointed", "invited"]


def _revision(whose: str) -> Any:
    """The field in which a write names the revision it was made from, as the pages' forms
    do: it is refused (rule `*.stale-form`) when the record has changed since."""
    return Field(
        None,
        ge=0,
        description=f"The {whose} `revision` as read; the write is refused when it has changed "
        "since. Left out, nothing is compared.",
    )


def body_or_404(organization: Organization, body_slug: str) -> Body:
    body = bodies_of(organization).filter(slug=body_slug).first()
    if body is None:
        raise NotFound(
            _("%(organization)s has no body named %(slug)s.")
            % {"organization": organization.name, "slug": body_slug}
        )
    return body


def _viewable_body(request: HttpRequest, slug: str, body_slug: str) -> Body:
    organization = organization_or_404(slug)
    body = body_or_404(organization, body_slug)
    require(caller(request), Permission.VIEW_BODY, Context.of_body(body))
    return body


def _office_or_404(body: Body, office_slug: str) -> Office:
    office = Office.objects.filter(body=body, slug=office_slug).first()
    if office is None:
        raise NotFound(
            _("%(body)s has no office named %(slug)s.") % {"body": body.name, "slug": office_slug}
        )
    return office


def _member_by_number(organization: Organization, number: str) -> Member:
    # A number given in a request body is input, not an address: unknown is a 400.
    member = member_numbered(organization, number)
    if member is None:
        raise RuleError(
            _("There is no member numbered %(number)s in the register.") % {"number": number},
            rule="register.unknown-number",
        )
    return member


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    elected_by: str | None = Field(description="Slug of the electing body.")
    full_seats: int
    alternate_seats: int
    term_start: datetime.date | None
    term_end: datetime.date | None
    description: str
    takes_guests: bool = Field(description="Whether the body gives guest seats at all.")
    dissolved_on: datetime.date | None = Field(description="Set once the body is dissolved.")
    revision: int = Field(description="Moves on with every change to the body and its seats.")
    full_count: int = Field(description="Current full seats filled.")
    alternate_count: int
    consultative_count: int
    guest_count: int


class BodyIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: KindName
    full_seats: int = Field(ge=1, le=seating.MAX_SEATS)
    alternate_seats: int = Field(0, ge=0, le=seating.MAX_SEATS)
    elected_by: str | None = Field(None, description="Slug of the electing body.")
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    description: str = Field("", max_length=10_000)
    takes_guests: bool = Field(
        True, description="Whether it gives guest seats (its standing orders may limit them)."
    )


class BodyChangeIn(Schema):
    """Only the fields given change; the others keep their values."""

    name: str | None = Field(None, min_length=1, max_length=200)
    kind: KindName | None = None
    full_seats: int | None = Field(None, ge=1, le=seating.MAX_SEATS)
    alternate_seats: int | None = Field(None, ge=0, le=seating.MAX_SEATS)
    elected_by: str | None = Field(
        None, description="Slug of the electing body; null for none (constituted directly)."
    )
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    description: str | None = Field(None, max_length=10_000)
    takes_guests: bool | None = Field(
        None, description="Refused while guests hold seats in the body."
    )
    revision: int | None = _revision("body's")


class DissolveIn(Schema):
    on: datetime.date = Field(description="The day the term ends; not in the future.")
    revision: int | None = _revision("body's")


class SeatOut(Schema):
    id: int
    holder: str = Field(description="The member's name, or the guest's.")
    member_number: str | None
    role: RoleName
    rank: int | None = Field(description="Alternates only: the order they step up in.")
    origin: OriginName
    origin_detail: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    vacated_on: datetime.date | None
    vacated_reason: str
    stepped_up_from: int | None = Field(description="The alternate seat this one came from.")
    weight: Decimal = Field(description="What its vote counts for by weight (1 unless set).")


class OfficeTermOut(Schema):
    id: int
    office: str
    title: str
    holder_number: str
    holder_name: str
    start: datetime.date
    end: datetime.date | None
    ended_because: str


class OfficeOut(Schema):
    slug: str
    title: str
    revision: int = Field(description="Moves on with every appointment and ended term.")
    holder: OfficeTermOut | None = Field(description="The current term, if the office is held.")


class CompositionOut(Schema):
    body: BodyOut
    full: list[SeatOut]
    alternates: list[SeatOut] = Field(description="In rank order: the first steps up first.")
    consultative: list[SeatOut]
    guests: list[SeatOut]
    offices: list[OfficeOut]
    vacant_full_seats: int


class OrdersVersionOut(Schema):
    version: int
    title: str
    adopted_at: datetime.datetime
    effective_from: datetime.datetime = Field(
        description="In force from this moment until a later version takes effect."
    )
    adopted_by: str
    note: str


class OrdersOut(OrdersVersionOut):
    document: dict[str, Any]
    summary: list[str] = Field(description="The document in plain sentences.")


class OrdersHistoryOut(Schema):
    current: OrdersOut | None
    versions: list[OrdersVersionOut] = Field(description="Newest first.")


# A number in a path that names a row: larger ones exist in no table (and overflow it).
ROW_ID = P(ge=1, le=2_147_483_647)


class SeatIn(Schema):
    role: RoleName
    origin: OriginName | None = Field(
        None,
        description="Required for a member's seat; a guest's seat is invited when left out "
        "and is never elected.",
    )
    member_number: str | None = Field(None, description="Required except for a guest seat.")
    guest_name: str = Field("", max_length=300)
    rank: int | None = Field(
        None,
        ge=1,
        le=seating.MAX_SEATS,
        description="Alternates: 1 to the body's alternate seats; omitted means last "
        "(the lowest free rank when the last is the body's highest).",
    )
    origin_detail: str = Field("", max_length=300)
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    revision: int | None = _revision("body's")
    weight: Decimal | None = Field(
        None, gt=0, le=1_000_000, decimal_places=3, description="A full seat's vote weight."
    )


class VacateIn(Schema):
    reason: str = Field(min_length=1, max_length=300)
    on: datetime.date | None = None


class ReweighIn(Schema):
    weight: Decimal = Field(
        gt=0, le=1_000_000, decimal_places=3, description="The full seat's new vote weight."
    )
    reason: str = Field(min_length=1, max_length=300)


class VacateOut(Schema):
    vacated: SeatOut
    stepped_up: SeatOut | None = Field(description="The alternate who took the full seat.")


class OfficeIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")


class AppointIn(Schema):
    member_number: str
    start: datetime.date | None = None
    revision: int | None = _revision("office's")


class EndTermIn(Schema):
    because: str = Field(min_length=1, max_length=300)
    on: datetime.date | None = None
    revision: int | None = _revision("office's")


class OrdersIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    document: dict[str, Any]
    note: str = Field("", max_length=500)
    effective_from: datetime.datetime | None = Field(
        None, description="When it takes effect (now if left out; never in the past)."
    )
    after_version: int | None = Field(
        None,
        ge=0,
        description="The newest version read (0 when there was none); refused when another "
        "version was adopted since. Left out, nothing is compared.",
    )


def body_out(body: Body) -> BodyOut:
    """`body` must come from `bodies_of`, which annotates the seat counts."""
    counts: dict[str, int] = {
        name: getattr(body, name)
        for name in ("full_count", "alternate_count", "consultative_count", "guest_count")
    }
    return BodyOut(
        slug=body.slug,
        name=body.name,
        kind=body.kind,
        elected_by=body.elected_by.slug if body.elected_by else None,
        full_seats=body.full_seats,
        alternate_seats=body.alternate_seats,
        term_start=body.term_start,
        term_end=body.term_end,
        description=body.description,
        takes_guests=body.takes_guests,
        dissolved_on=body.dissolved_on,
        revision=body.revision,
        **counts,
    )


def seat_out(seat: Seat) -> SeatOut:
    return SeatOut(
        id=seat.pk,
        holder=seat.holder_name,
        member_number=seat.member.number if seat.member else None,
        role=seat.role,  # type: ignore[arg-type]  # a SeatRole value
        rank=seat.rank,
        origin=seat.origin,  # type: ignore[arg-type]  # a SeatOrigin value
        origin_detail=seat.origin_detail,
        term_start=seat.term_start,
        term_end=seat.term_end,
        vacated_on=seat.vacated_on,
        vacated_reason=seat.vacated_reason,
        stepped_up_from=seat.stepped_up_from_id,
        weight=seat.weight,
    )


def term_out(term: OfficeTerm) -> OfficeTermOut:
    return OfficeTermOut(
        id=term.pk,
        office=term.office.slug,
        title=term.office.title,
        holder_number=term.holder.number,
        holder_name=term.holder.name,
        start=term.start,
        end=term.end,
        ended_because=term.ended_because,
    )


def orders_out(orders: StandingOrders) -> OrdersOut:
    rules = parsed(orders)
    return OrdersOut(
        version=orders.version,
        title=orders.title,
        adopted_at=orders.adopted_at,
        effective_from=orders.effective_from,
        adopted_by=orders.adopted_by,
        note=orders.note,
        document=orders.document,
        summary=rules.describe() if rules is not None else [],
    )


def _composition_out(body: Body) -> CompositionOut:
    current = composition(body)
    held = {term.office_id: term for term in current.offices}
    return CompositionOut(
        body=body_out(body),
        full=[seat_out(s) for s in current.full],
        alternates=[seat_out(s) for s in current.alternates],
        consultative=[seat_out(s) for s in current.consultative],
        guests=[seat_out(s) for s in current.guests],
        offices=[
            OfficeOut(
                slug=office.slug,
                title=office.title,
                revision=office.revision,
                holder=term_out(held[office.pk]) if office.pk in held else None,
            )
            for office in Office.objects.filter(body=body).order_by("pk")
        ],
        vacant_full_seats=current.vacant_full_seats,
    )


@router.get(
    "/organizations/{slug}/bodies",
    response={200: list[BodyOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_bodies",
    summary="Bodies of an organization with their current seat counts",
)
def list_bodies(request: HttpRequest, slug: str) -> list[BodyOut]:
    organization = organization_or_404(slug)
    require(caller(request), Permission.VIEW_BODY, Context(organization))
    return [body_out(body) for body in bodies_of(organization)]


@router.get(
    BODY,
    response={200: CompositionOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_composition",
    summary="A body's composition: full, alternates in rank order, consultative, guests, offices",
)
def get_composition(request: HttpRequest, slug: str, body_slug: str) -> CompositionOut:
    return _composition_out(_viewable_body(request, slug, body_slug))


@router.get(
    BODY + "/standing-orders",
    response={200: OrdersHistoryOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    tags=["standing orders"],
    operation_id="get_standing_orders",
    summary="A body's standing orders in force and all versions",
)
def get_standing_orders(request: HttpRequest, slug: str, body_slug: str) -> OrdersHistoryOut:
    body = _viewable_body(request, slug, body_slug)
    current = orders_in_force(body)
    return OrdersHistoryOut(
        current=orders_out(current.version) if current else None,
        versions=[
            OrdersVersionOut(
                version=v.version,
                title=v.title,
                adopted_at=v.adopted_at,
                effective_from=v.effective_from,
                adopted_by=v.adopted_by,
                note=v.note,
            )
            for v in versions_of(body)
        ],
    )


@router.get(
    BODY + "/standing-orders/{version}",
    response={200: OrdersOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    tags=["standing orders"],
    operation_id="get_standing_orders_version",
    summary="One version of a body's standing orders",
)
def get_standing_orders_version(
    request: HttpRequest, slug: str, body_slug: str, version: PathEx[int, ROW_ID]
) -> OrdersOut:
    body = _viewable_body(request, slug, body_slug)
    orders = StandingOrders.objects.filter(body=body, version=version).first()
    if orders is None:
        raise NotFound(
            _("%(body)s has no version %(version)d of its standing orders.")
            % {"body": body.name, "version": version}
        )
    return orders_out(orders)


@router.post(
    BODY + "/standing-orders",
    response={201: OrdersOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["standing orders"],
    operation_id="adopt_standing_orders",
    summary="Adopt a new version of a body's standing orders",
    description="The document is validated as a whole; a 400 lists every problem.",
)
def adopt_orders(
    request: HttpRequest, slug: str, body_slug: str, orders: OrdersIn
) -> Status[OrdersOut]:
    body = body_or_404(organization_or_404(slug), body_slug)
    adopted = adopt_standing_orders(
        actor=api_actor(request),
        body=body,
        title=orders.title,
        document=orders.document,
        note=orders.note,
        effective_from=orders.effective_from,
        after_version=orders.after_version,
    )
    return Status(201, orders_out(adopted))


@router.post(
    BODY + "/seats",
    response={201: SeatOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="seat_member",
    summary="Give a member (or a named guest) a seat in the body",
)
def seat(request: HttpRequest, slug: str, body_slug: str, seat: SeatIn) -> Status[SeatOut]:
    organization = organization_or_404(slug)
    body = body_or_404(organization, body_slug)
    actor = api_actor(request)
    member = None
    if seat.member_number is not None:
        # Permission first, so that an outsider cannot probe the register by number.
        require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
        member = _member_by_number(organization, seat.member_number)
    created = seat_member(
        actor=actor,
        body=body,
        role=SeatRole(seat.role),
        origin=SeatOrigin(seat.origin) if seat.origin is not None else None,
        member=member,
        guest_name=seat.guest_name,
        rank=seat.rank,
        origin_detail=seat.origin_detail,
        term_start=seat.term_start,
        term_end=seat.term_end,
        revision=seat.revision,
        weight=seat.weight,
    )
    return Status(201, seat_out(created))


def _seat_or_404(body: Body, seat_id: int) -> Seat:
    held = Seat.objects.filter(body=body, pk=seat_id).first()
    if held is None:
        raise NotFound(_("%(body)s has no seat %(id)d.") % {"body": body.name, "id": seat_id})
    return held


@router.post(
    BODY + "/seats/{seat_id}/vacate",
    response={200: VacateOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="vacate_seat",
    summary="Vacate a seat; the first alternate in rank steps up to a vacant full seat",
)
def vacate(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    seat_id: PathEx[int, ROW_ID],
    vacancy: VacateIn,
) -> VacateOut:
    held = _seat_or_404(body_or_404(organization_or_404(slug), body_slug), seat_id)
    stepped_up = vacate_seat(
        actor=api_actor(request), seat=held, reason=vacancy.reason, on=vacancy.on
    )
    held.refresh_from_db()
    return VacateOut(
        vacated=seat_out(held), stepped_up=seat_out(stepped_up) if stepped_up else None
    )


@router.post(
    BODY + "/seats/{seat_id}/weight",
    response={200: SeatOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="reweigh_seat",
    summary="Change a current full seat's vote weight, with the reason",
)
def reweigh(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    seat_id: PathEx[int, ROW_ID],
    change: ReweighIn,
) -> SeatOut:
    held = _seat_or_404(body_or_404(organization_or_404(slug), body_slug), seat_id)
    return seat_out(
        reweigh_seat(
            actor=api_actor(request), seat=held, weight=change.weight, reason=change.reason
        )
    )


@router.post(
    BODY + "/offices",
    response={201: OfficeOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["offices"],
    operation_id="create_office",
    summary="Create an office (chair, secretary …) in the body",
)
def new_office(
    request: HttpRequest, slug: str, body_slug: str, office: OfficeIn
) -> Status[OfficeOut]:
    body = body_or_404(organization_or_404(slug), body_slug)
    created = create_office(
        actor=api_actor(request), body=body, title=office.title, slug=office.slug
    )
    return Status(
        201,
        OfficeOut(slug=created.slug, title=created.title, revision=created.revision, holder=None),
    )


@router.post(
    BODY + "/offices/{office_slug}/appoint",
    response={201: OfficeTermOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["offices"],
    operation_id="appoint_to_office",
    summary="Appoint a full member of the body to a vacant office",
)
def appoint(
    request: HttpRequest, slug: str, body_slug: str, office_slug: str, appointment: AppointIn
) -> Status[OfficeTermOut]:
    organization = organization_or_404(slug)
    body = body_or_404(organization, body_slug)
    office = _office_or_404(body, office_slug)
    actor = api_actor(request)
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    member = _member_by_number(organization, appointment.member_number)
    term = appoint_to_office(
        actor=actor,
        office=office,
        member=member,
        start=appointment.start,
        revision=appointment.revision,
    )
    return Status(201, term_out(term))


@router.post(
    BODY + "/offices/{office_slug}/end-term",
    response={200: OfficeTermOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["offices"],
    operation_id="end_office_term",
    summary="End the current term of an office (recalled, resigned, term ended)",
)
def end_term(
    request: HttpRequest, slug: str, body_slug: str, office_slug: str, ending: EndTermIn
) -> OfficeTermOut:
    body = body_or_404(organization_or_404(slug), body_slug)
    office = _office_or_404(body, office_slug)
    actor = api_actor(request)
    term = OfficeTerm.objects.filter(office=office, end__isnull=True).first()
    if term is None:
        require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
        raise RuleError(
            _("%(office)s is vacant: there is no term to end.") % {"office": office.title},
            rule="office.vacant",
        )
    ended = end_office_term(
        actor=actor, term=term, because=ending.because, on=ending.on, revision=ending.revision
    )
    return term_out(ended)


def _electing(organization: Organization, slug: str | None) -> Body | None:
    if slug is None:
        return None
    body = Body.objects.filter(organization=organization, slug=slug).first()
    if body is None:
        # A slug given in a request body is input, not an address: unknown is a 400.
        raise RuleError(
            _("%(organization)s has no body named %(slug)s.")
            % {"organization": organization.name, "slug": slug},
            rule="body.unknown-electing-body",
        )
    return body


@router.post(
    "/organizations/{slug}/bodies",
    response={201: BodyOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="create_body",
    summary="Set up a body (organization admins)",
)
def new_body(request: HttpRequest, slug: str, body: BodyIn) -> Status[BodyOut]:
    organization = organization_or_404(slug)
    actor = api_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    created = create_body(
        actor=actor,
        organization=organization,
        name=body.name,
        slug=body.slug,
        kind=BodyKind(body.kind),
        full_seats=body.full_seats,
        alternate_seats=body.alternate_seats,
        elected_by=_electing(organization, body.elected_by),
        term_start=body.term_start,
        term_end=body.term_end,
        description=body.description,
        takes_guests=body.takes_guests,
    )
    return Status(201, body_out(body_or_404(organization, created.slug)))


@router.patch(
    BODY,
    response={200: BodyOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="update_body",
    summary="Change a body while nothing depends on the changed field (organization admins)",
    description="Full (alternate) seats never drop below those held; the kind and the "
    "electing body are fixed once the body has had seats.",
)
def change_body(request: HttpRequest, slug: str, body_slug: str, change: BodyChangeIn) -> BodyOut:
    organization = organization_or_404(slug)
    body = body_or_404(organization, body_slug)
    actor = api_actor(request)
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    given = change.model_fields_set
    update_body(
        actor=actor,
        body=body,
        name=change.name if change.name is not None else body.name,
        kind=BodyKind(change.kind or body.kind),
        full_seats=change.full_seats if change.full_seats is not None else body.full_seats,
        alternate_seats=change.alternate_seats
        if change.alternate_seats is not None
        else body.alternate_seats,
        elected_by=_electing(organization, change.elected_by)
        if "elected_by" in given
        else body.elected_by,
        term_start=change.term_start if "term_start" in given else body.term_start,
        term_end=change.term_end if "term_end" in given else body.term_end,
        description=change.description if change.description is not None else body.description,
        revision=change.revision,
        takes_guests=change.takes_guests,
    )
    return body_out(body_or_404(organization, body_slug))


@router.post(
    BODY + "/dissolve",
    response={200: BodyOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="dissolve_body",
    summary="Dissolve a body: every current seat vacated, every office term ended",
)
def dissolve(request: HttpRequest, slug: str, body_slug: str, dissolution: DissolveIn) -> BodyOut:
    organization = organization_or_404(slug)
    body = body_or_404(organization, body_slug)
    dissolve_body(
        actor=api_actor(request), body=body, on=dissolution.on, revision=dissolution.revision
    )
    return body_out(body_or_404(organization, body_slug))


class SecretaryIn(Schema):
    username: str = Field(min_length=1, max_length=150, description="A login's name")


class SecretariesOut(Schema):
    body: str
    secretaries: list[str] = Field(description="The body's secretaries' login names, sorted")


def secretaries_out(body: Body) -> SecretariesOut:
    names = body.secretaries.order_by("username").values_list("username", flat=True)
    return SecretariesOut(body=body.slug, secretaries=list(names))


@router.post(
    BODY + "/secretaries",
    response={201: SecretariesOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="add_secretary",
    summary="Name a login secretary of the body (admins)",
    description="Rules body.secretary-unknown, body.secretary-already, body.dissolved.",
)
def name_secretary(
    request: HttpRequest, slug: str, body_slug: str, secretary: SecretaryIn
) -> Status[SecretariesOut]:
    body = body_or_404(organization_or_404(slug), body_slug)
    add_secretary(actor=api_actor(request), body=body, username=secretary.username)
    return Status(201, secretaries_out(body))


# api_operation rather than router.delete: tests/test_layering.py reads `.delete(` as an
# ORM write.
@router.api_operation(
    ["DELETE"],
    BODY + "/secretaries/{username}",
    response={200: SecretariesOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="remove_secretary",
    summary="Take a login off the body's secretaries (admins)",
    description="Rule body.not-secretary.",
)
def unname_secretary(
    request: HttpRequest, slug: str, body_slug: str, username: str
) -> SecretariesOut:
    body = body_or_404(organization_or_404(slug), body_slug)
    remove_secretary(actor=api_actor(request), body=body, username=username)
    return secretaries_out(body)


def _file(content: str | bytes, content_type: str, body: Body, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{body.slug}-{day}.{extension}"'
    return response


def _file_answer(content_type: str, description: str) -> dict[str, Any]:
    return {
        **OPTIONAL_AUTH,
        "responses": {
            "200": {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    }


@router.get(
    BODY + "/composition.csv",
    response={200: None, **READ_ERRORS},
    auth=READ,
    openapi_extra=_file_answer(
        "text/csv",
        "One row a current seat: member_number, name, role, rank, origin, origin_detail, "
        "since (a guest has no number).",
    ),
    operation_id="get_composition_csv",
    summary="A body's composition as CSV",
)
def composition_as_csv(request: HttpRequest, slug: str, body_slug: str) -> HttpResponse:
    body = _viewable_body(request, slug, body_slug)
    return _file(composition_csv(composition(body)), "text/csv; charset=utf-8", body, "csv")


@router.get(
    BODY + "/composition.pdf",
    response={200: None, **READ_ERRORS},
    auth=READ,
    openapi_extra=_file_answer(
        "application/pdf", "A printable delegate list, grouped by seat kind, with origins."
    ),
    operation_id="get_composition_pdf",
    summary="A body's composition as a printable delegate list (PDF)",
)
def composition_as_pdf(request: HttpRequest, slug: str, body_slug: str) -> HttpResponse:
    body = _viewable_body(request, slug, body_slug)
    document = composition_pdf(composition(body), body.organization.name, timezone.localdate())
    return _file(document, "application/pdf", body, "pdf")
