"""Every change to bodies, seats, offices and standing orders. One function per change;
each runs in one transaction and journals itself."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

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
from collegium.journal.actions import action, organization_of, record
from collegium.journal.actors import Actor
from collegium.registry.models import Member, Organization
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates, seating
from collegium.rules.standing_orders.document import parse_standing_orders


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
) -> Body:
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    seating.check_body_size(full_seats, alternate_seats)
    dates.check_period(term_start, term_end, timezone.localdate(), "body.term-dates")
    if elected_by is not None and elected_by.organization_id != organization.pk:
        raise RuleError(
            _("A body is elected by a body of the same organization."),
            rule="body.elected-within-organization",
        )
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
        },
    )
    return body


@action(chain=organization_of("body"))
def add_secretary(*, actor: Actor, body: Body, username: str) -> None:
    from django.contrib.auth.models import User

    require(actor, Permission.MANAGE_BODIES, Context(body.organization))
    body.secretaries.add(User.objects.get(username=username))
    record(
        "body.secretary.added",
        actor=actor,
        organization=body.organization,
        obj=body,
        body_id=body.pk,
        payload={"username": username},
    )


def _current_seats(body: Body, role: SeatRole) -> int:
    return Seat.objects.filter(body=body, role=role, vacated_on__isnull=True).count()


@action(chain=organization_of("body"))
def seat_member(
    *,
    actor: Actor,
    body: Body,
    role: SeatRole,
    origin: SeatOrigin,
    member: Member | None = None,
    guest_name: str = "",
    rank: int | None = None,
    origin_detail: str = "",
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
) -> Seat:
    """Give a member (or, for a guest seat, a named guest) a seat in a body."""
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    dates.check_period(term_start, term_end, timezone.localdate(), "seat.term-dates")
    # Lock the body row so that two concurrent seatings cannot both take the last seat.
    body = Body.objects.select_for_update().get(pk=body.pk)
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
    alternate_ranks = Seat.objects.filter(
        body=body, role=SeatRole.ALTERNATE, vacated_on__isnull=True
    ).values_list("rank", flat=True)
    decision = seating.decide_seat(
        seating.SeatingRequest(seating.SeatRole(role), holder, guest_name, rank),
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
        ),
    )
    rank = decision.rank
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
    )
    record(
        "body.seat.assigned",
        actor=actor,
        organization=body.organization,
        obj=seat,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "member": member.number if member else None,
            "guest": seat.guest_name or None,
            "role": str(role),
            "rank": rank,
            "origin": str(origin),
            "origin_detail": origin_detail,
        },
    )
    return seat


@action(chain=lambda kw: kw["seat"].body.organization_id)
def vacate_seat(
    *, actor: Actor, seat: Seat, reason: str, on: datetime.date | None = None
) -> Seat | None:
    """Vacate a seat. When a full seat falls vacant the first alternate in rank steps up;
    the new full seat is returned (None when no alternate stepped up)."""
    body = Body.objects.select_for_update().get(pk=seat.body_id)
    require(actor, Permission.MANAGE_SEATS, Context.of_body(body))
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if seat.vacated_on is not None:
        raise RuleError(
            _("This seat was already vacated on %(date)s.") % {"date": seat.vacated_on},
            rule="seat.already-vacant",
        )
    if not reason.strip():
        raise RuleError(_("Vacating a seat needs a reason."), rule="seat.vacate-reason")
    today = timezone.localdate()
    on = on or today
    dates.check_not_future(on, today, "seat.vacate-date")
    dates.check_not_before(
        on, seat.term_start, _("the start of the seat's term"), "seat.vacate-date"
    )
    seat.vacated_on = on
    seat.vacated_reason = reason.strip()
    seat.save(update_fields=["vacated_on", "vacated_reason"])
    record(
        "body.seat.vacated",
        actor=actor,
        organization=body.organization,
        obj=seat,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "member": seat.member.number if seat.member else None,
            "role": seat.role,
            "reason": seat.vacated_reason,
            "on": on.isoformat(),
        },
    )
    if seat.role != SeatRole.FULL:
        return None
    return _step_up_first_alternate(actor=actor, body=body, vacated=seat, on=on)


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
    )
    record(
        "body.alternate.stepped_up",
        actor=actor,
        organization=body.organization,
        obj=full,
        body_id=body.pk,
        payload={
            "body": body.slug,
            "member": first.member.number,
            "rank": first.rank,
            "vacancy_of": vacated.member.number if vacated.member else None,
            "on": on.isoformat(),
        },
    )
    return full


@action(chain=organization_of("body"))
def create_office(*, actor: Actor, body: Body, title: str, slug: str) -> Office:
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
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
    *, actor: Actor, office: Office, member: Member, start: datetime.date | None = None
) -> OfficeTerm:
    """A member of the body takes an office. The office must be vacant: ending the
    current holder's term (recall, resignation) is a separate, journaled step."""
    body = office.body
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
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
    record(
        "body.office.appointed",
        actor=actor,
        organization=body.organization,
        obj=term,
        body_id=body.pk,
        payload={"body": body.slug, "office": office.slug, "member": member.number},
    )
    return term


@action(chain=lambda kw: kw["term"].office.body.organization_id)
def end_office_term(
    *, actor: Actor, term: OfficeTerm, because: str, on: datetime.date | None = None
) -> OfficeTerm:
    """End a term of office (recalled, resigned, term ended). The seat is not touched:
    losing an office is separate from losing membership of the body."""
    body = term.office.body
    require(actor, Permission.MANAGE_OFFICES, Context.of_body(body))
    term = OfficeTerm.objects.select_for_update().get(pk=term.pk)
    if term.end is not None:
        raise RuleError(_("This term of office has already ended."), rule="office.term-ended")
    if not because.strip():
        raise RuleError(_("Ending a term of office needs a reason."), rule="office.end-reason")
    today = timezone.localdate()
    on = on or today
    dates.check_not_future(on, today, "office.end-date")
    dates.check_not_before(on, term.start, _("the start of the term"), "office.end-date")
    term.end = on
    term.ended_because = because.strip()
    term.save(update_fields=["end", "ended_because"])
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
) -> StandingOrders:
    """Store a new version of a body's standing orders after validating it (the rules
    package lists every problem at once; nothing is stored if there is one). It takes
    effect now, or at `effective_from`; never in the past, since what was decided under
    the orders then in force stays decided under them."""
    require(actor, Permission.CHANGE_STANDING_ORDERS, Context.of_body(body))
    normalized = parse_standing_orders(document).to_document()
    Body.objects.select_for_update().get(pk=body.pk)
    now = timezone.now()
    effective = effective_from or now
    # A minute's grace for a form filled in with "now" a moment ago.
    if effective < now - datetime.timedelta(minutes=1):
        raise RuleError(
            _("Standing orders cannot take effect in the past (%(moment)s).")
            % {"moment": effective.isoformat(timespec="minutes")},
            rule="orders.effective-from",
        )
    last = StandingOrders.objects.filter(body=body).order_by("-version").first()
    if last is not None and effective < last.effective_from:
        raise RuleError(
            _(
                "Version %(version)d takes effect on %(moment)s; a later version cannot take "
                "effect before it."
            )
            % {
                "version": last.version,
                "moment": last.effective_from.isoformat(timespec="minutes"),
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
