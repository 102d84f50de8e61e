"""Every change to bodies, seats, offices and standing orders. One function per change;
each runs in one transaction and journals itself."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.access.permissions import Context, Permission, require
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
from collegium.bodies.orders import orders_in_force
from collegium.journal.actions import action, organization_of, record
from collegium.journal.actors import Actor
from collegium.registry.models import Member, Organization
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates, seating, texts
from collegium.rules.standing_orders.document import check_document_size, parse_standing_orders
from collegium.rules.standing_orders.settings import BodyKind as Kind
from collegium.rules.standing_orders.settings import GuestSeats


@action(chain=organization_of("organization"))
def create_body(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    slug: str,
    kind: BodyKind,
    full_seats: int,
    alternate_seats: int = 0,
    elected_by: Body | None = None,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    description: str = "",
    takes_guests: bool = True,
) -> Body:
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    texts.check_length(name, texts.NAME, _("The body's name"), "body.text-length")
    texts.check_length(slug, SLUG, _("The body's short name"), "body.text-length")
    texts.check_length(
        description, texts.DESCRIPTION, _("The body's description"), "body.text-length"
    )
    seating.check_body_size(full_seats, alternate_seats)
    dates.check_period(term_start, term_end, timezone.localdate(), "body.term-dates")
    if elected_by is not None:
        _check_elected_by(None, organization, elected_by)
    if Body.objects.filter(organization=organization, slug=slug).exists():
        raise RuleError(
            _("A body named %(slug)s exists already.") % {"slug": slug},
            rule="body.unique-name",
        )
    body = Body.objects.create(
        organization=organization,
        name=name,
        slug=slug,
        kind=kind,
        full_seats=full_seats,
        alternate_seats=alternate_seats,
        elected_by=elected_by,
        term_start=term_start,
        term_end=term_end,
        description=description,
        takes_guests=takes_guests,
    )
    record(
        "body.created",
        actor=actor,
        organization=organization,
        obj=body,
        body_id=body.pk,
        payload={
            "name": name,
            "kind": str(kind),
            "full_seats": full_seats,
            "alternate_seats": alternate_seats,
            "elected_by": elected_by.slug if elected_by else None,
            "takes_guests": takes_guests,
        },
    )
    return body


def check_not_dissolved(body: Body) -> None:
    """Refuse (`body.dissolved`) any new seat, office, appointment, orders or change for a
    dissolved body: its history stays as it was."""
    if body.dissolved_on is not None:
        raise RuleError(
            _("%(body)s was dissolved on %(date)s; it takes no new seats, offices or orders.")
            % {"body": body.name, "date": date_format(body.dissolved_on, "DATE_FORMAT")},
            rule="body.dissolved",
        )


def _check_body_revision(body: Body, revision: int | None) -> None:
    """A form made from an older revision of the body is refused (None: a caller that
    shows no form, such as a script)."""
    if revision is not None and revision != body.revision:
        raise RuleError(
            _(
                "%(body)s changed since this form was made (revision %(form)d, now %(now)d); "
                "look at it again and submit anew."
            )
            % {"body": body.name, "form": revision, "now": body.revision},
            rule="body.stale-form",
        )


def _check_elected_by(body: Body | None, organization: Organization, elected_by: Body) -> None:
    """The electing body is of the same organization, not dissolved, and (for an existing
    body) neither the body itself nor a body it elects, directly or further down."""
    if elected_by.organization_id != organization.pk:
        raise RuleError(
            _("A body is elected by a body of the same organization."),
            rule="body.elected-within-organization",
        )
    check_not_dissolved(elected_by)
    above: Body | None = elected_by
    while body is not None and above is not None:
        if above.pk == body.pk:
            raise RuleError(
                _("%(body)s cannot be elected by %(by)s, which it elects itself.")
                % {"body": body.name, "by": elected_by.name},
                rule="body.election-cycle",
            )
        above = above.elected_by


@action(chain=organization_of("body"))
def update_body(
    *,
    actor: Actor,
    body: Body,
    name: str,
    kind: BodyKind,
    full_seats: int,
    alternate_seats: int,
    elected_by: Body | None,
    term_start: datetime.date | None,
    term_end: datetime.date | None,
    description: str,
    revision: int | None = None,
    takes_guests: bool | None = None,
) -> Body:
    """Change a body while nothing depends on the changed field: its full (alternate)
    seats never drop below those held, its kind and electing body are fixed once it
    has had seats, and it keeps taking guests while guests hold seats. Journals what
    changed, from what to what; nothing when nothing did. `revision` is the body's
    revision the caller's form was made from; `takes_guests` None keeps the setting."""
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    texts.check_length(name, texts.NAME, _("The body's name"), "body.text-length")
    texts.check_length(
        description, texts.DESCRIPTION, _("The body's description"), "body.text-length"
    )
    seating.check_body_size(full_seats, alternate_seats)
    dates.check_period(term_start, term_end, timezone.localdate(), "body.term-dates")
    body = Body.objects.select_for_update(of=("self",)).select_related("elected_by").get(pk=body.pk)
    check_not_dissolved(body)
    _check_body_revision(body, revision)
    if elected_by is not None:
        _check_elected_by(body, body.organization, elected_by)
    _check_seats_held(body, full_seats, alternate_seats)
    seats_ever = Seat.objects.filter(body=body).count()
    if seats_ever and (kind != body.kind or elected_by != body.elected_by):
        raise RuleError(
            _(
                "%(body)s has had seats (%(count)d); its kind and the body that elects it "
                "cannot change any more."
            )
            % {"body": body.name, "count": seats_ever},
            rule="body.fixed-once-seated",
        )
    if takes_guests is False and body.takes_guests:
        guests = Seat.objects.filter(
            body=body, role=SeatRole.GUEST, vacated_on__isnull=True
        ).count()
        if guests:
            raise RuleError(
                ngettext(
                    "%(count)d guest holds a seat in %(body)s; vacate it before setting the "
                    "body up without guests.",
                    "%(count)d guests hold seats in %(body)s; vacate their seats before "
                    "setting the body up without guests.",
                    guests,
                )
                % {"count": guests, "body": body.name},
                rule="body.guests-seated",
            )
    wanted: dict[str, Any] = {
        "name": name,
        "kind": str(kind),
        "full_seats": full_seats,
        "alternate_seats": alternate_seats,
        "elected_by": elected_by,
        "term_start": term_start,
        "term_end": term_end,
        "description": description,
        "takes_guests": body.takes_guests if takes_guests is None else takes_guests,
    }
    changes = {
        field: {"from": _journaled(getattr(body, field)), "to": _journaled(value)}
        for field, value in wanted.items()
        if getattr(body, field) != value
    }
    if not changes:
        return body
    for field, value in wanted.items():
        setattr(body, field, value)
    body.revision += 1
    body.save(update_fields=[*wanted, "revision"])
    record(
        "body.changed",
        actor=actor,
        organization=body.organization,
        obj=body,
        body_id=body.pk,
        payload={"body": body.slug, "changes": changes},
    )
    return body


def _moment(value: datetime.datetime) -> str:
    """A moment in a refusal, in the reader's one date-and-time format (in UTC)."""
    return date_format(timezone.localtime(value, datetime.UTC), "DATETIME_FORMAT")


def _journaled(value: object) -> object:
    """A field's value as the journal holds it: dates in ISO form, a body by its slug."""
    if isinstance(value, Body):
        return value.slug
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _check_seats_held(body: Body, full_seats: int, alternate_seats: int) -> None:
    held_full = _current_seats(body, SeatRole.FULL)
    if full_seats < held_full:
        raise RuleError(
            _(
                "%(held)d full seats of %(body)s are held; its full seats cannot drop below "
                "%(held)d (asked: %(asked)d)."
            )
            % {"held": held_full, "body": body.name, "asked": full_seats},
            rule="body.seats-held",
        )
    ranks = Seat.objects.filter(body=body, role=SeatRole.ALTERNATE, vacated_on__isnull=True)
    highest = max((rank for rank in ranks.values_list("rank", flat=True) if rank), default=0)
    if alternate_seats < highest:
        raise RuleError(
            _(
                "An alternate of %(body)s holds rank %(rank)d; its alternate seats cannot "
                "drop below %(rank)d (asked: %(asked)d)."
            )
            % {"body": body.name, "rank": highest, "asked": alternate_seats},
            rule="body.seats-held",
        )


# Who steps down first when a body is dissolved: alternates before full members, so that
# no alternate steps up into a seat that is ending too.
_DISSOLVING_ORDER = (SeatRole.ALTERNATE, SeatRole.CONSULTATIVE, SeatRole.GUEST, SeatRole.FULL)


@action(chain=organization_of("body"))
def dissolve_body(
    *, actor: Actor, body: Body, on: datetime.date, revision: int | None = None
) -> Body:
    """Dissolve a body at the end of its term: every current office term ends and every
    current seat is vacated on `on` (through end_office_term and vacate_seat, each
    journaled, with the reason "body dissolved"), and the body is marked dissolved. Its
    history stays; it takes no new seats, offices or orders."""
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    body = Body.objects.select_for_update().get(pk=body.pk)
    check_not_dissolved(body)
    _check_body_revision(body, revision)
    dates.check_not_future(on, timezone.localdate(), "body.dissolve-date")
    dates.check_not_before(
        on, body.term_start, _("the start of the body's term"), "body.dissolve-date"
    )
    reason = _("body dissolved")
    terms = OfficeTerm.objects.filter(office__body=body, end__isnull=True).select_related(
        "office__body", "holder"
    )
    ended = 0
    for term in terms:
        end_office_term(actor=actor, term=term, because=reason, on=on)
        ended += 1
    vacated = 0
    for role in _DISSOLVING_ORDER:
        for seat in Seat.objects.filter(body=body, role=role, vacated_on__isnull=True).order_by(
            "-rank", "pk"
        ):
            vacate_seat(actor=actor, seat=seat, reason=reason, on=on)
            vacated += 1
    Body.objects.filter(pk=body.pk).update(dissolved_on=on, revision=F("revision") + 1)
    body.refresh_from_db()
    record(
        "body.dissolved",
        actor=actor,
        organization=body.organization,
        obj=body,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "on": on.isoformat(),
            "seats_vacated": vacated,
            "terms_ended": ended,
        },
    )
    return body


@action(chain=organization_of("body"))
def add_secretary(*, actor: Actor, body: Body, username: str) -> User:
    """Name a login secretary of a body: it then seats members, fills offices and changes
    the orders of that body. An admin's act (body.manage), like setting the body up."""
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    body = Body.objects.select_for_update().get(pk=body.pk)
    check_not_dissolved(body)
    name = username.strip()
    user = User.objects.filter(username=name).first()
    if user is None:
        raise RuleError(
            _("There is no login named %(username)s.") % {"username": repr(name)},
            rule="body.secretary-unknown",
        )
    if body.secretaries.filter(pk=user.pk).exists():
        raise RuleError(
            _("%(username)s is already a secretary of %(body)s.")
            % {"username": user.username, "body": body.name},
            rule="body.secretary-already",
        )
    body.secretaries.add(user)
    record(
        "body.secretary.added",
        actor=actor,
        organization=body.organization,
        obj=body,
        body_id=body.pk,
        payload={"body": body.slug, "username": user.username},
    )
    return user


@action(chain=organization_of("body"))
def remove_secretary(*, actor: Actor, body: Body, username: str) -> None:
    """Take a login off a body's secretaries. A dissolved body's too: taking a right away
    changes none of its history."""
    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    body = Body.objects.select_for_update().get(pk=body.pk)
    user = body.secretaries.filter(username=username.strip()).first()
    if user is None:
        raise RuleError(
            _("%(username)s is not a secretary of %(body)s.")
            % {"username": username.strip(), "body": body.name},
            rule="body.not-secretary",
        )
    body.secretaries.remove(user)
    record(
        "body.secretary.removed",
        actor=actor,
        organization=body.organization,
        obj=body,
        body_id=body.pk,
        payload={"body": body.slug, "username": user.username},
    )


# A short name (slug) is at most this long, as the tables store it.
SLUG = 60


def _current_seats(body: Body, role: SeatRole) -> int:
    return Seat.objects.filter(body=body, role=role, vacated_on__isnull=True).count()


def _guest_seats(body: Body) -> GuestSeats:
    """The standing orders' setting in force; every kind gives guest seats while no
    (readable) orders are in force, as before the setting existed."""
    in_force = orders_in_force(body)
    if in_force is None or in_force.rules is None:
        return GuestSeats()
    return in_force.rules.guest_seats


@action(chain=organization_of("body"))
def seat_member(
    *,
    actor: Actor,
    body: Body,
    role: SeatRole,
    origin: SeatOrigin | None = None,
    member: Member | None = None,
    guest_name: str = "",
    rank: int | None = None,
    origin_detail: str = "",
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    revision: int | None = None,
    weight: Decimal | None = None,
) -> Seat:
    """Give a member (or, for a guest seat, a named guest) a seat in a body. Without an
    origin a guest is invited; a member's seat must say how it is held. `revision` is
    the body's revision the caller's form was made from; it is refused once the body's
    seats have changed since."""
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    texts.check_length(guest_name, texts.DETAIL, _("The guest's name"), "seat.text-length")
    texts.check_length(origin_detail, texts.DETAIL, _("The origin detail"), "seat.text-length")
    dates.check_period(term_start, term_end, timezone.localdate(), "seat.term-dates")
    weight = _check_weight(weight, role)
    # Lock the body row so that two concurrent seatings cannot both take the last seat.
    body = Body.objects.select_for_update().get(pk=body.pk)
    check_not_dissolved(body)
    # A form carries the revision it was made from (None: a caller that shows no form,
    # such as the demo or a script); it is refused once the record has moved on.
    if revision is not None and revision != body.revision:
        raise RuleError(
            _(
                "The seats of %(body)s changed since this form was made (revision %(form)d, "
                "now %(now)d); look at them again and submit anew."
            )
            % {"body": body.name, "form": revision, "now": body.revision},
            rule="seat.stale-form",
        )
    holder: seating.MemberState | None = None
    if member is not None:
        # Judge the member as stored now, not as the caller last read them.
        member = Member.objects.select_for_update().get(pk=member.pk)
        held = (
            Seat.objects.filter(body=body, member=member, vacated_on__isnull=True)
            .values_list("role", flat=True)
            .first()
        )
        holder = seating.MemberState(
            name=member.name,
            organization=member.organization_id,
            status=seating.MemberStatus(member.status),
            current_role=None if held is None else seating.SeatRole(held),
        )
    current = Seat.objects.filter(body=body, vacated_on__isnull=True)
    alternate_ranks = current.filter(role=SeatRole.ALTERNATE).values_list("rank", flat=True)
    guests = current.filter(role=SeatRole.GUEST, member__isnull=True).values_list(
        "guest_name", flat=True
    )
    decision = seating.decide_seat(
        seating.SeatingRequest(
            seating.SeatRole(role),
            holder,
            guest_name,
            rank,
            None if origin is None else seating.SeatOrigin(origin),
        ),
        seating.BodySeats(
            name=body.name,
            organization=body.organization_id,
            full_seats=body.full_seats,
            alternate_seats=body.alternate_seats,
            taken={
                seating.SeatRole(limited): _current_seats(body, limited)
                for limited in (SeatRole.FULL, SeatRole.ALTERNATE)
            },
            alternate_ranks=frozenset(r for r in alternate_ranks if r is not None),
            kind=Kind(body.kind),
            guests=frozenset(seating.guest_key(name) for name in guests),
            guest_seats=_guest_seats(body),
            takes_guests=body.takes_guests,
        ),
    )
    rank = decision.rank
    origin = SeatOrigin(decision.origin)
    seat = Seat.objects.create(
        body=body,
        member=member,
        guest_name=decision.guest_name,
        role=role,
        rank=rank,
        origin=origin,
        origin_detail=origin_detail,
        term_start=term_start or body.term_start,
        term_end=term_end or body.term_end,
        weight=weight,
    )
    _next_revision(body)
    _record_seat(
        "body.seat.assigned",
        actor=actor,
        body=body,
        seat=seat,
        guest=seat.guest_name or None,
        role=str(role),
        rank=rank,
        origin=str(origin),
        origin_detail=origin_detail,
        # Only a weighted seat says so: most seats count 1.
        **({"weight": str(weight)} if weight != 1 else {}),
    )
    return seat


MAX_WEIGHT = Decimal(1_000_000)


def _check_weight(weight: Decimal | None, role: SeatRole) -> Decimal:
    """A seat's vote weight: above 0, at most a million, three decimals; only a full seat
    carries one other than 1 (an alternate stepping in votes with the full seat's)."""
    if weight is None:
        return Decimal(1)
    if (
        not weight.is_finite()
        or not Decimal(0) < weight <= MAX_WEIGHT
        or weight != round(weight, 3)
    ):
        raise RuleError(
            _("A vote weight is above 0 and at most 1,000,000, with at most 3 decimals."),
            rule="seat.weight",
        )
    if weight != 1 and role != SeatRole.FULL:
        raise RuleError(_("Only a full seat carries a vote weight."), rule="seat.weight")
    return weight


def _record_seat(code: str, *, actor: Actor, body: Body, seat: Seat, **payload: object) -> None:
    """Journal a change of one seat: the body, the holder's number, then `payload`."""
    record(
        code,
        actor=actor,
        organization=body.organization,
        obj=seat,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "member": seat.member.number if seat.member else None,
            **payload,
        },
    )


def _current_seat(actor: Actor, seat: Seat) -> tuple[Body, Seat]:
    """The seat's body and the seat as stored now, both locked, once the actor may manage
    the body's seats; refused when the seat was vacated since the caller read it (a form
    made before, sent again, or after Back). A dissolved body's seats are all vacated."""
    body = Body.objects.select_for_update().get(pk=seat.body_id)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    # Only the seat's row is locked: a guest seat has no member (an outer join).
    seat = Seat.objects.select_for_update(of=("self",)).select_related("member").get(pk=seat.pk)
    if seat.vacated_on is not None:
        raise RuleError(
            _("This seat was already vacated on %(date)s.") % {"date": seat.vacated_on},
            rule="seat.already-vacant",
        )
    return body, seat


@action(chain=lambda kw: kw["seat"].body.organization_id)
def reweigh_seat(*, actor: Actor, seat: Seat, weight: Decimal, reason: str) -> Seat:
    """Change the vote weight of a current full seat (a delegation that grew or shrank)
    without vacating it. A vote already open keeps the weight fixed at its opening
    (voting.models.Voter.weight); votes opened from now on take the new one."""
    body, seat = _current_seat(actor, seat)
    weight = _check_weight(weight, SeatRole(seat.role))
    if weight == seat.weight:
        raise RuleError(
            _("The seat's vote weight is %(weight)s already.")
            % {"weight": number_format(seat.weight, 3)},
            rule="seat.weight-unchanged",
        )
    if not reason.strip():
        raise RuleError(_("Changing a vote weight needs a reason."), rule="seat.weight-reason")
    texts.check_length(reason.strip(), texts.DETAIL, _("The reason"), "seat.text-length")
    previous = seat.weight
    seat.weight = weight
    seat.save(update_fields=["weight"])
    _next_revision(body)
    _record_seat(
        "body.seat.reweighed",
        actor=actor,
        body=body,
        seat=seat,
        weight=str(weight),
        previous_weight=str(previous),
        reason=reason.strip(),
    )
    return seat


@action(chain=lambda kw: kw["seat"].body.organization_id)
def vacate_seat(
    *, actor: Actor, seat: Seat, reason: str, on: datetime.date | None = None
) -> Seat | None:
    """Vacate a seat. When a full seat falls vacant the first alternate in rank steps up;
    the new full seat is returned (None when no alternate stepped up)."""
    body, seat = _current_seat(actor, seat)
    if not reason.strip():
        raise RuleError(_("Vacating a seat needs a reason."), rule="seat.vacate-reason")
    texts.check_length(reason.strip(), texts.DETAIL, _("The reason"), "seat.text-length")
    today = timezone.localdate()
    on = on or today
    dates.check_not_future(on, today, "seat.vacate-date")
    dates.check_not_before(
        on, seat.term_start, _("the start of the seat's term"), "seat.vacate-date"
    )
    seat.vacated_on = on
    seat.vacated_reason = reason.strip()
    seat.save(update_fields=["vacated_on", "vacated_reason"])
    _next_revision(body)
    _record_seat(
        "body.seat.vacated",
        actor=actor,
        body=body,
        seat=seat,
        role=seat.role,
        reason=seat.vacated_reason,
        on=on.isoformat(),
    )
    if seat.role != SeatRole.FULL:
        return None
    return _step_up_first_alternate(actor=actor, body=body, vacated=seat, on=on)


@action(chain=organization_of("body"))
def end_term_of_seats(
    *, actor: Actor, body: Body, roles: tuple[SeatRole, ...], reason: str
) -> list[Seat]:
    """End today the current seats of `roles` in a body, as a new election replaces them.
    No alternate steps up: the end of a term is not a vacancy. Returns the seats ended."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    check_not_dissolved(body)
    today = timezone.localdate()
    ended = list(
        # Only the seats' rows are locked: a guest seat has no member (an outer join).
        Seat.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(body=body, role__in=roles, vacated_on__isnull=True)
        .order_by("role", "rank", "pk")
    )
    for seat in ended:
        seat.vacated_on = max(today, seat.term_start) if seat.term_start else today
        seat.vacated_reason = reason
        seat.save(update_fields=["vacated_on", "vacated_reason"])
        _record_seat(
            "body.seat.vacated",
            actor=actor,
            body=body,
            seat=seat,
            role=seat.role,
            reason=reason,
            on=seat.vacated_on.isoformat(),
        )
    if ended:
        _next_revision(body)
    return ended


def _next_revision(body: Body) -> None:
    """Move the body's revision on, so that forms made before this change are refused."""
    Body.objects.filter(pk=body.pk).update(revision=F("revision") + 1)


def _step_up_first_alternate(
    *, actor: Actor, body: Body, vacated: Seat, on: datetime.date
) -> Seat | None:
    alternates = Seat.objects.select_for_update().filter(
        body=body, role=SeatRole.ALTERNATE, vacated_on__isnull=True
    )
    first = alternates.order_by("rank").first()
    if first is None:
        return None
    assert first.member is not None  # only guest seats lack a member
    first.vacated_on = on
    first.vacated_reason = _("stepped up to a full seat")
    first.save(update_fields=["vacated_on", "vacated_reason"])
    full = Seat.objects.create(
        body=body,
        member=first.member,
        role=SeatRole.FULL,
        origin=first.origin,
        origin_detail=_("alternate no. %(rank)d, stepped up on the vacancy of %(name)s")
        % {"rank": first.rank, "name": vacated.holder_name},
        term_start=on,
        term_end=first.term_end,
        stepped_up_from=first,
        # The alternate takes the vacated seat as it was, weight included.
        weight=vacated.weight,
    )
    _record_seat(
        "body.alternate.stepped_up",
        actor=actor,
        body=body,
        seat=full,
        rank=first.rank,
        vacancy_of=vacated.member.number if vacated.member else None,
        on=on.isoformat(),
    )
    return full


@action(chain=organization_of("body"))
def create_office(*, actor: Actor, body: Body, title: str, slug: str) -> Office:
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    check_not_dissolved(Body.objects.select_for_update().get(pk=body.pk))
    texts.check_length(title, texts.NAME, _("The office's title"), "office.text-length")
    texts.check_length(slug, SLUG, _("The office's short name"), "office.text-length")
    if Office.objects.filter(body=body, slug=slug).exists():
        raise RuleError(
            _("%(body)s already has an office named %(slug)s.") % {"body": body.name, "slug": slug},
            rule="office.unique-name",
        )
    office = Office.objects.create(body=body, title=title, slug=slug)
    record(
        "body.office.created",
        actor=actor,
        organization=body.organization,
        obj=office,
        body_id=body.pk,
        payload={"body": body.slug, "title": title, "slug": slug},
    )
    return office


@action(chain=lambda kw: kw["office"].body.organization_id)
def appoint_to_office(
    *,
    actor: Actor,
    office: Office,
    member: Member,
    start: datetime.date | None = None,
    revision: int | None = None,
) -> OfficeTerm:
    """A member of the body takes an office. The office must be vacant: ending the
    current holder's term (recall, resignation) is a separate, journaled step.
    `revision` is the office's revision the caller's form was made from."""
    body = office.body
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    office = _locked_office(office, revision)
    check_not_dissolved(office.body)
    if not Seat.objects.filter(
        body=body, member=member, role=SeatRole.FULL, vacated_on__isnull=True
    ).exists():
        raise RuleError(
            _("%(name)s holds no full seat in %(body)s; an office is held by a full member.")
            % {"name": member.name, "body": body.name},
            rule="office.full-member",
        )
    current = OfficeTerm.objects.select_for_update().filter(office=office, end__isnull=True)
    holder = current.first()
    if holder is not None:
        raise RuleError(
            _("%(office)s is held by %(name)s; end that term first.")
            % {"office": office.title, "name": holder.holder.name},
            rule="office.one-holder",
        )
    if start is not None:
        dates.check_window(start, timezone.localdate(), "office.term-dates")
    term = OfficeTerm.objects.create(
        office=office, holder=member, start=start or timezone.localdate()
    )
    Office.objects.filter(pk=office.pk).update(revision=F("revision") + 1)
    record(
        "body.office.appointed",
        actor=actor,
        organization=body.organization,
        obj=term,
        body_id=body.pk,
        payload={"body": body.slug, "office": office.slug, "member": member.number},
    )
    return term


def _locked_office(office: Office, revision: int | None) -> Office:
    locked = Office.objects.select_for_update().select_related("body").get(pk=office.pk)
    if revision is not None and revision != locked.revision:
        raise RuleError(
            _(
                "%(office)s changed since this form was made (revision %(form)d, now "
                "%(now)d); look at it again and submit anew."
            )
            % {"office": locked.title, "form": revision, "now": locked.revision},
            rule="office.stale-form",
        )
    return locked


@action(chain=lambda kw: kw["term"].office.body.organization_id)
def end_office_term(
    *,
    actor: Actor,
    term: OfficeTerm,
    because: str,
    on: datetime.date | None = None,
    revision: int | None = None,
) -> OfficeTerm:
    """End a term of office (recalled, resigned, term ended). The seat is not touched:
    losing an office is separate from losing membership of the body. `revision` is the
    office's revision the caller's form was made from."""
    body = term.office.body
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    office = _locked_office(term.office, revision)
    term = OfficeTerm.objects.select_for_update().get(pk=term.pk)
    if term.end is not None:
        raise RuleError(_("This term of office has already ended."), rule="office.term-ended")
    if not because.strip():
        raise RuleError(_("Ending a term of office needs a reason."), rule="office.end-reason")
    texts.check_length(because.strip(), texts.DETAIL, _("The reason"), "office.text-length")
    today = timezone.localdate()
    on = on or today
    dates.check_not_future(on, today, "office.end-date")
    dates.check_not_before(on, term.start, _("the start of the term"), "office.end-date")
    term.end = on
    term.ended_because = because.strip()
    term.save(update_fields=["end", "ended_because"])
    Office.objects.filter(pk=office.pk).update(revision=F("revision") + 1)
    record(
        "body.office.term_ended",
        actor=actor,
        organization=body.organization,
        obj=term,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "office": term.office.slug,
            "member": term.holder.number,
            "because": term.ended_because,
        },
    )
    return term


@action(chain=organization_of("body"))
def adopt_standing_orders(
    *,
    actor: Actor,
    body: Body,
    title: str,
    document: dict[str, Any],
    note: str = "",
    effective_from: datetime.datetime | None = None,
    after_version: int | None = None,
) -> StandingOrders:
    """Store a new version of a body's standing orders after validating it (the rules
    package lists every problem at once; nothing is stored if there is one). It takes
    effect now, or at `effective_from`; never in the past, since what was decided under
    the orders then in force stays decided under them. `after_version` is the newest
    version the caller's form was made from (0 when there was none); it is refused when
    another version was adopted since."""
    require(actor, Permission.CHANGE_STANDING_ORDERS, Context.of_body(body))
    texts.check_length(title, texts.NAME, _("The title"), "orders.text-length")
    texts.check_length(note, texts.NOTE, _("The note"), "orders.text-length")
    check_document_size(document)
    normalized = parse_standing_orders(document).to_document()
    check_not_dissolved(Body.objects.select_for_update().get(pk=body.pk))
    now = timezone.now()
    effective = effective_from or now
    dates.check_window(
        timezone.localtime(effective).date(), timezone.localdate(), "orders.effective-from"
    )
    # A minute's grace for a form filled in with "now" a moment ago.
    if effective < now - datetime.timedelta(minutes=1):
        raise RuleError(
            _("Standing orders cannot take effect in the past (%(moment)s).")
            % {"moment": _moment(effective)},
            rule="orders.effective-from",
        )
    last = StandingOrders.objects.filter(body=body).order_by("-version").first()
    newest = last.version if last else 0
    if after_version is not None and after_version != newest:
        raise RuleError(
            _(
                "The standing orders of %(body)s changed since this form was made (version "
                "%(form)d, now %(now)d); look at them again and submit anew."
            )
            % {"body": body.name, "form": after_version, "now": newest},
            rule="orders.stale-form",
        )
    if last is not None and effective < last.effective_from:
        raise RuleError(
            _(
                "Version %(version)d takes effect on %(moment)s; a later version cannot take "
                "effect before it."
            )
            % {
                "version": last.version,
                "moment": _moment(last.effective_from),
            },
            rule="orders.effective-from",
        )
    orders = StandingOrders.objects.create(
        body=body,
        version=(last.version + 1) if last else 1,
        title=title,
        document=normalized,
        effective_from=effective,
        adopted_by=actor.label,
        note=note,
    )
    record(
        "body.orders.adopted",
        actor=actor,
        organization=body.organization,
        obj=orders,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "version": orders.version,
            "title": title,
            "note": note,
            "document": normalized,
            "effective_from": orders.effective_from.isoformat(),
        },
    )
    return orders
