"""Who may hold which seat in a body: the rules `bodies.actions.seat_member` enforces.

The caller loads the body's current seats and the member as stored now into plain data
(BodySeats, SeatingRequest with a MemberState) and calls `decide_seat`, which either
returns the SeatDecision to store (the alternate rank to give) or raises RuleError naming
the rule that refuses:

    seat.member-required       only a guest seat can be given without a member of the
                               register, and then to a named guest
    seat.no-guests             no guest seat in a body set up without guests
    seat.guests-not-taken      guest seats only in the kinds of body the standing orders
                               in force say give them (every kind when no orders say)
    seat.one-per-guest         a guest's name is seated at most once among the body's
                               current guest seats (compared after NFKC, with whitespace
                               collapsed and case folded: `guest_key`)
    seat.origin                a member's seat has an origin (elected, delegated,
                               appointed); a guest is never elected, and is invited unless
                               another origin is given; "invited" is for guests only
    seat.same-organization     the member is in the register of the body's organization
    seat.active-member         the member's membership is active
    seat.one-per-member        a member holds at most one current seat in a body
    seat.body-size             full and alternate seats are no more than the body has
    seat.alternate-rank        alternates have distinct ranks from 1 to the body's number
                               of alternate seats (when none is asked for, the next after
                               the last, or, when that is beyond the body's alternate seats,
                               the lowest free one); other seats have no rank

`check_body_size` is the rule `body.size` for creating a body: at least one full seat, and
no more than MAX_SEATS full and MAX_SEATS alternate seats.

The checks are made in that order, so the refusal names the first rule broken.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.settings import KIND_WORDS, BodyKind, GuestSeats
from collegium.rules.text import _, gettext_noop


class SeatRole(StrEnum):
    """The roles of a seat; the values are those bodies.models.SeatRole stores."""

    FULL = "full"
    ALTERNATE = "alternate"
    CONSULTATIVE = "consultative"
    GUEST = "guest"


class SeatOrigin(StrEnum):
    """How a seat came to be held; the values are those bodies.models.SeatOrigin stores."""

    ELECTED = "elected"
    DELEGATED = "delegated"
    APPOINTED = "appointed"
    INVITED = "invited"


class MemberStatus(StrEnum):
    """A member's standing in the register; the values are registry.models.MemberStatus's."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


# How the refusals name a role and a status: the same words as the models' labels.
ROLE_WORDS = {
    SeatRole.FULL: gettext_noop("full member"),
    SeatRole.ALTERNATE: gettext_noop("alternate member"),
    SeatRole.CONSULTATIVE: gettext_noop("consultative delegate"),
    SeatRole.GUEST: gettext_noop("guest"),
}
STATUS_WORDS = {
    MemberStatus.ACTIVE: gettext_noop("active"),
    MemberStatus.SUSPENDED: gettext_noop("suspended"),
    MemberStatus.LEFT: gettext_noop("left"),
}
# Roles with a fixed number of seats in a body.
LIMITED_ROLES = (SeatRole.FULL, SeatRole.ALTERNATE)
# The most full (and the most alternate) seats a body may have; ranks are at most this too.
MAX_SEATS = 10_000


def check_body_size(full_seats: int, alternate_seats: int) -> None:
    """Raise RuleError (`body.size`) unless 1 <= full_seats and 0 <= alternate_seats, both
    at most MAX_SEATS."""
    if full_seats < 1:
        raise RuleError(_("A body needs at least one full seat."), rule="body.size")
    if full_seats > MAX_SEATS or not 0 <= alternate_seats <= MAX_SEATS:
        raise RuleError(
            _("A body has 1 to %(limit)d full seats and 0 to %(limit)d alternate seats.")
            % {"limit": MAX_SEATS},
            rule="body.size",
        )


def guest_name(text: str) -> str:
    """A guest's name as stored: NFKC, whitespace collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def guest_key(text: str) -> str:
    """What two guest names are compared by: the stored form, case folded."""
    return guest_name(text).casefold()


@dataclass(frozen=True)
class MemberState:
    """The member to be seated, as stored now.

    organization: the id of the organization whose register holds them.
    current_role: the role of the seat they hold in this body now, None when they hold none.
    """

    name: str
    organization: int
    status: MemberStatus
    current_role: SeatRole | None = None


@dataclass(frozen=True)
class BodySeats:
    """A body's size and its current (not vacated) seats.

    taken: current seats per role; a role left out has none (only the limited roles, full
    and alternate, are ever counted against the size).
    alternate_ranks: the ranks the current alternates hold.
    guests: the `guest_key`s of the current guest seats.
    guest_seats: the setting of the standing orders in force (every kind when none are).
    """

    name: str
    organization: int
    full_seats: int
    alternate_seats: int
    taken: Mapping[SeatRole, int] = field(default_factory=dict)
    alternate_ranks: frozenset[int] = frozenset()
    kind: BodyKind = BodyKind.COMMITTEE
    guests: frozenset[str] = frozenset()
    guest_seats: GuestSeats = field(default_factory=GuestSeats)
    takes_guests: bool = True  # the body's own setting

    def size(self, role: SeatRole) -> int | None:
        """How many seats of this role the body has; None when the role has no limit."""
        return {SeatRole.FULL: self.full_seats, SeatRole.ALTERNATE: self.alternate_seats}.get(role)


@dataclass(frozen=True)
class SeatingRequest:
    """A seat of `role` for `member`, or, for a guest seat only, for the named guest.

    rank: the alternate rank asked for, 1 to the body's alternate seats; None gives the
    next after the last, or the lowest free one when that is beyond the body's size.
    origin: how the seat is held; None gives a guest "invited" and refuses a member.
    """

    role: SeatRole
    member: MemberState | None = None
    guest_name: str = ""
    rank: int | None = None
    origin: SeatOrigin | None = None


@dataclass(frozen=True)
class SeatDecision:
    """What to store: the rank (alternates only, else None), the guest's name (as
    `guest_name` gives it; empty when the seat is a member's) and the origin."""

    rank: int | None
    guest_name: str = ""
    origin: SeatOrigin = SeatOrigin.ELECTED


def decide_seat(request: SeatingRequest, body: BodySeats) -> SeatDecision:
    """The seat to store for the request, or RuleError naming the first rule it breaks."""
    member = request.member
    name = guest_name(request.guest_name) if member is None else ""
    if member is None:
        if request.role != SeatRole.GUEST or not name:
            raise RuleError(
                _("Only a guest seat can be given without a member of the register."),
                rule="seat.member-required",
            )
    else:
        _check_member(member, body)
    if request.role == SeatRole.GUEST:
        _check_guest(name, body)
    origin = _origin(request)
    _check_size(request.role, body)
    return SeatDecision(rank=_rank(request, body), guest_name=name, origin=origin)


def _check_guest(name: str, body: BodySeats) -> None:
    if not body.takes_guests:
        raise RuleError(
            _("%(body)s takes no guests: it was set up without guest seats.") % {"body": body.name},
            rule="seat.no-guests",
        )
    if not body.guest_seats.admits(body.kind):
        raise RuleError(
            _(
                "%(body)s gives no guest seats: its standing orders give them only in "
                "bodies of these kinds: %(kinds)s."
            )
            % {
                "body": body.name,
                "kinds": ", ".join(_(KIND_WORDS[k]) for k in body.guest_seats.listed()) or "—",
            },
            rule="seat.guests-not-taken",
        )
    if name and guest_key(name) in body.guests:
        raise RuleError(
            _("%(name)s already holds a guest seat in %(body)s.")
            % {"name": name, "body": body.name},
            rule="seat.one-per-guest",
        )


def _origin(request: SeatingRequest) -> SeatOrigin:
    guest = request.role == SeatRole.GUEST
    if request.origin is None:
        if guest:
            return SeatOrigin.INVITED
        raise RuleError(
            _("Say how the seat is held: elected, delegated or appointed."), rule="seat.origin"
        )
    if guest and request.origin == SeatOrigin.ELECTED:
        raise RuleError(
            _("A guest is not elected to a body: a guest seat is invited, delegated or appointed."),
            rule="seat.origin",
        )
    if not guest and request.origin == SeatOrigin.INVITED:
        raise RuleError(
            _("Only guests are invited: a member's seat is elected, delegated or appointed."),
            rule="seat.origin",
        )
    return request.origin


def _check_member(member: MemberState, body: BodySeats) -> None:
    if member.organization != body.organization:
        raise RuleError(
            _("%(name)s is not in this organization's register.") % {"name": member.name},
            rule="seat.same-organization",
        )
    if member.status != MemberStatus.ACTIVE:
        raise RuleError(
            _("%(name)s cannot be seated: their membership is %(status)s.")
            % {"name": member.name, "status": _(STATUS_WORDS[member.status])},
            rule="seat.active-member",
        )
    if member.current_role is not None:
        raise RuleError(
            _("%(name)s already holds a seat in %(body)s (%(role)s); one seat per member.")
            % {"name": member.name, "body": body.name, "role": _(ROLE_WORDS[member.current_role])},
            rule="seat.one-per-member",
        )


def _check_size(role: SeatRole, body: BodySeats) -> None:
    size = body.size(role)
    if size is None:
        return
    taken = body.taken.get(role, 0)
    if taken < size:
        return
    values = {"body": body.name, "taken": taken, "size": size}
    if role == SeatRole.FULL:
        message = _("No full seat is free in %(body)s: %(taken)d of %(size)d are filled.")
    else:
        message = _("No alternate seat is free in %(body)s: %(taken)d of %(size)d are filled.")
    raise RuleError(message % values, rule="seat.body-size")


def _rank(request: SeatingRequest, body: BodySeats) -> int | None:
    if request.role != SeatRole.ALTERNATE:
        if request.rank is not None:
            raise RuleError(_("Only alternate seats have a rank."), rule="seat.alternate-rank")
        return None
    if request.rank is None:
        after_last = max(body.alternate_ranks, default=0) + 1
        if after_last <= body.alternate_seats:
            return after_last
        # The last rank is the body's highest (or beyond it): the lowest free one.
        return next(
            r for r in range(1, len(body.alternate_ranks) + 2) if r not in body.alternate_ranks
        )
    if not 1 <= request.rank <= body.alternate_seats:
        raise RuleError(
            _(
                "Alternate rank %(rank)d is out of range: %(body)s ranks its alternates from 1 "
                "to %(size)d."
            )
            % {"rank": request.rank, "body": body.name, "size": body.alternate_seats},
            rule="seat.alternate-rank",
        )
    if request.rank in body.alternate_ranks:
        raise RuleError(
            _("Alternate rank %(rank)d is already taken in %(body)s.")
            % {"rank": request.rank, "body": body.name},
            rule="seat.alternate-rank",
        )
    return request.rank
