"""Reads of a sitting that the actions, the screens and the minutes share: the roll as
rules.procedure.attendance sees it, the quorum, and an item's list of speakers in the
order rules.procedure.speakers gives, with each group's time left."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.models import Body, Seat, SeatRole
from collegium.bodies.orders import orders_in_force, parsed
from collegium.http.errors import NotFound
from collegium.journal.codes import Audience
from collegium.meetings.models import (
    AgendaItem,
    FloorRequest,
    Presence,
    RequestState,
    Sitting,
    StandingIn,
)
from collegium.registry.models import MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.procedure import attendance
from collegium.rules.procedure.seating import SeatRole as RollRole
from collegium.rules.procedure.speakers import (
    AllowedTime,
    ListEntry,
    ListState,
    OrderingRule,
    RequestKind,
    SpeakerHistory,
    SpeakingOrders,
    SpeakRequest,
    Stance,
    TimeLimits,
    allowed_time,
    order_speakers,
    remaining_time,
)
from collegium.rules.standing_orders.document import StandingOrders as Rules


def sitting_or_404(body: Body, number: int) -> Sitting:
    found = Sitting.objects.filter(body=body, number=number).select_related("body").first()
    if found is None:
        raise NotFound(_("No such sitting."))
    return found


def item_or_404(sitting: Sitting, number: str) -> AgendaItem:
    found = AgendaItem.objects.filter(sitting=sitting, number=number).first()
    if found is None:
        raise NotFound(_("No such agenda item."))
    return found


def rules_of(sitting: Sitting) -> Rules:
    """The orders that govern the sitting: those bound at opening, else those in force
    now (a convened sitting is governed by the orders of the day it opens). Refused
    (`sitting.no-orders`) when the body has none, since every limit comes from them."""
    if sitting.orders is not None:
        rules = parsed(sitting.orders)
    else:
        in_force = orders_in_force(sitting.body)
        rules = in_force.rules if in_force is not None else None
    if rules is None:
        raise RuleError(
            _("%(body)s has no standing orders in force; a sitting needs them.")
            % {"body": sitting.body.name},
            rule="sitting.no-orders",
        )
    return rules


def current_seats(body: Body) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(body=body, vacated_on__isnull=True)
        .select_related("member")
        .order_by("role", "rank", "pk")
    )


def present_seats(sitting: Sitting) -> set[int]:
    return set(
        Presence.objects.filter(sitting=sitting, left_at__isnull=True).values_list(
            "seat_id", flat=True
        )
    )


@dataclass(frozen=True)
class SeatRow:
    """A current seat of a body as read in one query, without models: a congress has
    1,500 seats, and a sitting's screens read them after each entry."""

    seat: int
    member: int | None
    user: int | None  # the holder's login, if any
    active: bool  # a guest, or a member whose status is active (who may act for the seat)
    name: str
    role: str
    rank: int | None
    detail: str  # origin_detail: the delegation or unit it came from


def current_seat_rows(body: Body) -> tuple[SeatRow, ...]:
    rows = (
        Seat.objects.filter(body=body, vacated_on__isnull=True)
        .order_by("role", "rank", "pk")
        .values_list(
            "pk",
            "member_id",
            "member__user_id",
            "member__status",
            "member__name",
            "guest_name",
            "role",
            "rank",
            "origin_detail",
        )
    )
    return tuple(
        SeatRow(
            seat=pk,
            member=member,
            user=user if member is not None else None,
            active=member is None or status == MemberStatus.ACTIVE,
            name=member_name if member is not None else guest_name,
            role=role,
            rank=rank,
            detail=detail,
        )
        for pk, member, user, status, member_name, guest_name, role, rank, detail in rows
    )


def roll_of(sitting: Sitting, rows: Iterable[SeatRow] | None = None) -> attendance.Roll:
    """The roll of the body's current seats (`rows`: as read already, for one query)."""
    listed = tuple(
        attendance.RollSeat(
            seat=row.seat, holder=row.member, name=row.name, role=RollRole(row.role), rank=row.rank
        )
        for row in (current_seat_rows(sitting.body) if rows is None else rows)
    )
    ids = {seat.seat for seat in listed}
    return attendance.Roll(
        full_seats=sitting.body.full_seats,
        seats=listed,
        present=frozenset(present_seats(sitting) & ids),
    )


def standing_in(sitting: Sitting) -> list[attendance.StandIn]:
    return [
        attendance.StandIn(full_seat=row.full_seat_id, alternate_seat=row.alternate_seat_id)
        for row in StandingIn.objects.filter(sitting=sitting, until__isnull=True)
    ]


@dataclass(frozen=True)
class RollState:
    """The roll now: who votes for which full seat, and the quorum."""

    roll: attendance.Roll
    votes: attendance.SittingVotes
    quorum: attendance.SittingQuorum

    def count(self, role: SeatRole) -> tuple[int, int]:
        """(present, seated) of one role."""
        seats = self.roll.of_role(RollRole(role))
        return sum(self.roll.is_present(s.seat) for s in seats), len(seats)


def roll_state(
    sitting: Sitting, rules: Rules | None = None, rows: Iterable[SeatRow] | None = None
) -> RollState:
    rules = rules or rules_of(sitting)
    roll = roll_of(sitting, rows)
    votes = attendance.seat_votes(
        roll, standing_in(sitting), alternates_step_in=rules.sitting.alternates_step_in
    )
    return RollState(roll, votes, attendance.sitting_quorum(votes, rules.quorum))


# Lists of speakers ---------------------------------------------------------------------


def speaking_orders(rules: Rules, groups: Iterable[str]) -> SpeakingOrders:
    return SpeakingOrders(
        rule=OrderingRule(str(rules.speakers.order)),
        alternate_stances=rules.speakers.alternate_for_against,
        contributions_per_item=rules.speaking_time.contributions_per_item,
        group_order=tuple(range(len(list(groups)))),
    )


def time_limits(rules: Rules) -> TimeLimits:
    speakers = rules.speakers
    return TimeLimits(
        contribution=rules.speaking_time.contribution,
        point_of_order=speakers.point_of_order,
        question=speakers.question,
        reply=speakers.reply,
    )


def spoken_seconds(request: FloorRequest, now: datetime.datetime | None = None) -> int:
    """Seconds spoken so far, the running clock included."""
    running = 0
    if request.clock_since is not None:
        running = max(0, int(((now or timezone.now()) - request.clock_since).total_seconds()))
    return request.spoken_seconds + running


def as_request(
    request: FloorRequest, groups: dict[str, int], asked: int | None = None
) -> SpeakRequest:
    """The request as the rules see it; `asked` orders it (its id, or for a request not
    stored yet, a number after every stored one)."""
    return SpeakRequest(
        speaker=request.seat_id,
        asked=request.pk if asked is None else asked,
        kind=RequestKind(request.kind),
        stance=Stance(request.stance),
        group=groups.get(request.group),
        name=request.seat.holder_name,
        group_name=request.group,
    )


@dataclass(frozen=True)
class SpeakersList:
    """An item's list of speakers as the screens show it."""

    item: AgendaItem
    entries: tuple[ListEntry, ...]  # waiting, in speaking order, each with why
    requests: dict[int, FloorRequest]  # by id (ListEntry.request.asked)
    speaking: FloorRequest | None
    spoken: tuple[FloorRequest, ...]  # done, in the order heard
    group_budget: int | None
    group_left: dict[str, int]  # seconds left per group name, when there is a budget
    state: ListState
    history: dict[int, SpeakerHistory]  # per seat, what the rules compare
    orders: SpeakingOrders
    groups: dict[str, int]  # group names numbered as the rules see them

    def position_of(self, seat_id: int) -> int | None:
        """The 1-based place of a seat holder's first waiting request."""
        for place, entry in enumerate(self.entries, start=1):
            if entry.request.speaker == seat_id:
                return place
        return None

    def request(self, entry: ListEntry) -> FloorRequest:
        return self.requests[entry.request.asked]


def _groups(item: AgendaItem) -> dict[str, int]:
    """Group names (seat origins) of the body, numbered in alphabetical order, which is
    also the order a quota list takes them in."""
    names = sorted(
        set(
            Seat.objects.filter(body_id=item.sitting.body_id)
            .exclude(origin_detail="")
            .values_list("origin_detail", flat=True)
        )
    )
    return {name: index for index, name in enumerate(names)}


def history_of(item: AgendaItem, now: datetime.datetime) -> dict[int, SpeakerHistory]:
    """Per seat: contributions and seconds on this item, seconds in the whole sitting."""
    item_contributions: dict[int, int] = defaultdict(int)
    item_seconds: dict[int, int] = defaultdict(int)
    sitting_seconds: dict[int, int] = defaultdict(int)
    heard = FloorRequest.objects.filter(
        item__sitting_id=item.sitting_id, state__in=[RequestState.DONE, RequestState.SPEAKING]
    )
    for request in heard:
        seconds = spoken_seconds(request, now)
        sitting_seconds[request.seat_id] += seconds
        if request.item_id == item.pk:
            item_seconds[request.seat_id] += seconds
            if request.kind == RequestKind.CONTRIBUTION:
                item_contributions[request.seat_id] += 1
    return {
        seat: SpeakerHistory(item_contributions[seat], item_seconds[seat], sitting_seconds[seat])
        for seat in set(sitting_seconds) | set(item_seconds)
    }


def speakers_list(item: AgendaItem, rules: Rules | None = None) -> SpeakersList:
    rules = rules or rules_of(item.sitting)
    now = timezone.now()
    groups = _groups(item)
    rows = list(
        FloorRequest.objects.filter(item=item)
        .exclude(state=RequestState.WITHDRAWN)
        .select_related("seat__member")
        .order_by("pk")
    )
    waiting = [r for r in rows if r.state == RequestState.WAITING]
    speaking = next((r for r in rows if r.state == RequestState.SPEAKING), None)
    spoken = tuple(
        sorted(
            (r for r in rows if r.state == RequestState.DONE),
            key=lambda r: (r.called_at or now, r.pk),
        )
    )
    previous = None
    stanced = [r for r in (*spoken, speaking) if r is not None and r.stance != Stance.NEUTRAL]
    if stanced:
        previous = Stance(stanced[-1].stance)
    history = history_of(item, now)
    orders = speaking_orders(rules, groups)
    entries = order_speakers(
        [as_request(r, groups) for r in waiting], history, orders, previous=previous
    )
    budget = rules.speakers.group_budget
    left: dict[str, int] = {}
    if budget:
        used: dict[int, int] = defaultdict(int)
        for r in rows:
            if r.kind != RequestKind.POINT_OF_ORDER and r.group in groups:
                used[groups[r.group]] += spoken_seconds(r, now)
        remaining = remaining_time(dict.fromkeys(groups.values(), budget), used)
        left = {name: remaining[index] for name, index in groups.items()}
    return SpeakersList(
        item=item,
        entries=tuple(entries),
        requests={r.pk: r for r in rows},
        speaking=speaking,
        spoken=spoken,
        group_budget=budget,
        group_left=left,
        state=ListState.CLOSED if item.list_closed else ListState.OPEN,
        history=history,
        orders=orders,
        groups=groups,
    )


def time_for(listing: SpeakersList, entry: ListEntry, rules: Rules) -> AllowedTime:
    """How long the speaker of `entry` may speak when called."""
    remaining = {listing.groups[name]: left for name, left in listing.group_left.items()}
    return allowed_time(entry.request, time_limits(rules), remaining)


def sittings_of(body: Body) -> QuerySet[Sitting]:
    return Sitting.objects.filter(body=body).order_by("-starts_at", "-number")


def agenda_of(sitting: Sitting) -> list[AgendaItem]:
    """Items in agenda order: by the numbers' parts ("2" < "2.1" < "10")."""
    items = list(AgendaItem.objects.filter(sitting=sitting))
    return sorted(items, key=lambda i: [int(part) for part in i.number.split(".")])


def rules_or_none(sitting: Sitting) -> Rules | None:
    """The orders in force at the sitting, or None when the body has none (where a page
    shows what it can without them)."""
    try:
        return rules_of(sitting)
    except RuleError:
        return None


def published_to(rules: Rules, thing: str) -> Audience:
    """Who reads `thing` (a name of rules.standing_orders.settings.VISIBLE_THINGS: minutes,
    counter_reports …) under the body's transparency settings: the public, the members,
    or only the body's staff."""
    if getattr(rules.transparency.public, thing):
        return Audience.PUBLIC
    if getattr(rules.transparency.members, thing):
        return Audience.MEMBERS
    return Audience.BODY_STAFF
