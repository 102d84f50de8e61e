"""The record of a sitting gathered for its minutes: plain values, times already written
out in the organization's time zone and dates in the active language's format, so that
the HTML and the PDF say the same thing and neither reads the database."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from collegium.bodies.models import Seat, SeatRole
from collegium.journal.codes import Audience
from collegium.journal.models import JournalEntry
from collegium.meetings.minutes import votes
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    FloorKind,
    FloorRequest,
    FloorStance,
    ItemKind,
    ItemState,
    Presence,
    Report,
    RequestState,
    Sitting,
    SittingStatus,
    StandingIn,
)
from collegium.meetings.queries import agenda_of, published_to, rules_or_none
from collegium.rules.standing_orders.settings import VoteForm

ROLES = (SeatRole.FULL, SeatRole.ALTERNATE, SeatRole.CONSULTATIVE, SeatRole.GUEST)


@dataclass(frozen=True)
class Attendee:
    name: str
    number: str  # member number; empty for a guest
    group: str
    periods: tuple[tuple[str, str], ...]  # (arrived, left) as clock times


@dataclass(frozen=True)
class RoleAttendance:
    role: str  # the role's name, plural
    present: tuple[Attendee, ...]
    absent: tuple[str, ...]  # names of seat holders never checked in


@dataclass(frozen=True)
class StandIn:
    alternate: str
    for_member: str
    since: str
    until: str


@dataclass(frozen=True)
class ReportEntry:
    title: str
    rapporteur: str
    counter: bool
    registered_at: str
    signers: tuple[str, ...]  # full members who signed a counter-report
    text: str  # as registered: the minutes keep what was reported
    document: str  # the attached document's file name, or ""
    document_sha256: str


@dataclass(frozen=True)
class Speech:
    name: str
    group: str
    kind: str
    stance: str
    spoken: int  # seconds
    allowed: int | None  # seconds; None: no limit

    @property
    def spoken_text(self) -> str:
        return duration(self.spoken)

    @property
    def allowed_text(self) -> str:
        return duration(self.allowed)


@dataclass(frozen=True)
class DecisionEntry:
    """A decision of the sitting: a counted show of hands through meetings, or a vote or
    election closed through voting (minutes/votes.py)."""

    item: str  # the agenda item's number, or empty for the sitting as a whole
    subject: str
    how: str  # "By a secret electronic ballot."
    outcome: str  # "adopted", "elected: …"
    tally: str  # the numbers, or why they are not in the minutes
    rule: str
    explanation: str  # the sentence naming the rule and the numbers; "" if not published
    decided_at: str


@dataclass(frozen=True)
class Item:
    number: str
    depth: int  # 0 for a top-level item
    title: str
    kind: str
    state: str
    opened_at: str
    closed_at: str
    reports: tuple[ReportEntry, ...]
    speeches: tuple[Speech, ...]  # in the order heard
    decisions: tuple[DecisionEntry, ...]


@dataclass(frozen=True)
class Total:
    name: str  # the speaker, or the group
    speeches: int
    seconds: int

    @property
    def time_text(self) -> str:
        return duration(self.seconds)


@dataclass(frozen=True)
class SittingRecord:
    organization: str
    time_zone: str
    body: str
    number: int
    title: str
    status: str
    closed: bool
    place: str
    online: bool
    starts_at: str
    opened_at: str
    closed_at: str
    orders: str  # the standing orders bound at opening: title and version
    quorum: str  # the sentence recorded when the sitting opened
    attendance: tuple[RoleAttendance, ...]
    stand_ins: tuple[StandIn, ...]
    agenda: tuple[Item, ...]
    decisions: tuple[DecisionEntry, ...]
    speakers: tuple[Total, ...]
    groups: tuple[Total, ...]


def duration(seconds: int | None) -> str:
    """Minutes and seconds ("4:05"); a dash for no limit."""
    if seconds is None:
        return "—"
    return f"{seconds // 60}:{seconds % 60:02d}"


class Clock:
    """Writes times in the organization's time zone and the active language's format."""

    def __init__(self, zone: str) -> None:
        self.zone = zoneinfo.ZoneInfo(zone)

    def moment(self, value: datetime.datetime | None) -> str:
        if value is None:
            return "—"
        return formats.date_format(value.astimezone(self.zone), "DATETIME_FORMAT")

    def time(self, value: datetime.datetime | None) -> str:
        if value is None:
            return "—"
        return value.astimezone(self.zone).strftime("%H:%M")


def _role_names() -> dict[str, str]:
    return {
        SeatRole.FULL: _("Full members"),
        SeatRole.ALTERNATE: _("Alternate members"),
        SeatRole.CONSULTATIVE: _("Consultative delegates"),
        SeatRole.GUEST: _("Guests"),
    }


def _member_number(seat: Seat) -> str:
    return seat.member.number if seat.member is not None else ""


def _attendance(sitting: Sitting, clock: Clock) -> tuple[RoleAttendance, ...]:
    periods: dict[int, list[tuple[str, str]]] = defaultdict(list)
    seats: dict[int, Seat] = {}
    for row in Presence.objects.filter(sitting=sitting).select_related("seat__member"):
        periods[row.seat_id].append((clock.time(row.arrived_at), clock.time(row.left_at)))
        seats[row.seat_id] = row.seat
    # Seat holders of the day of the sitting who never came.
    day = (sitting.opened_at or sitting.starts_at).date()
    seated = Seat.objects.filter(body=sitting.body).filter(
        Q(vacated_on__isnull=True) | Q(vacated_on__gt=day)
    )
    absent: dict[str, list[str]] = defaultdict(list)
    for seat in seated.select_related("member").order_by("role", "rank", "pk"):
        if seat.pk not in seats and seat.role != SeatRole.GUEST:
            absent[seat.role].append(seat.holder_name)
    names = _role_names()
    roles = []
    for role in ROLES:
        present = sorted(
            (s for s in seats.values() if s.role == role),
            key=lambda s: (s.rank or 0, s.holder_name, s.pk),
        )
        if not present and not absent[role]:
            continue
        attendees = tuple(
            Attendee(s.holder_name, _member_number(s), s.origin_detail, tuple(periods[s.pk]))
            for s in present
        )
        roles.append(RoleAttendance(names[role], attendees, tuple(absent[role])))
    return tuple(roles)


def _stand_ins(sitting: Sitting, clock: Clock) -> tuple[StandIn, ...]:
    rows = StandingIn.objects.filter(sitting=sitting).select_related(
        "full_seat__member", "alternate_seat__member"
    )
    return tuple(
        StandIn(
            row.alternate_seat.holder_name,
            row.full_seat.holder_name,
            clock.time(row.since),
            clock.time(row.until),
        )
        for row in rows
    )


def opening_quorum(sitting: Sitting) -> str:
    """The quorum sentence journaled when the sitting opened (empty if it never did)."""
    entry = (
        JournalEntry.objects.filter(
            chain__organization_id=sitting.body.organization_id,
            code="sitting.opened",
            object_type="meetings.sitting",
            object_id=str(sitting.pk),
        )
        .order_by("-sequence")
        .first()
    )
    return str(entry.payload.get("quorum", "")) if entry is not None else ""


def _counts(yes: object, no: object, abstain: object, present: object) -> str:
    return _("Yes %(yes)s, no %(no)s, abstentions %(abstain)s; %(present)s voters present.") % {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "present": present,
    }


def _decision(row: Decision, numbers: dict[int, str], clock: Clock) -> DecisionEntry:
    return DecisionEntry(
        item=numbers.get(row.item_id, "") if row.item_id is not None else "",
        subject=row.subject,
        how=votes.how_taken(VoteForm.SHOW_OF_HANDS),
        outcome=_("adopted") if row.adopted else _("not adopted"),
        tally=_counts(row.yes, row.no, row.abstain, row.present),
        rule=row.rule,
        explanation=row.explanation,
        decided_at=clock.time(row.decided_at),
    )


def _voted(vote: votes.ClosedVote, clock: Clock) -> DecisionEntry:
    tally = vote.tally
    if tally is None:
        numbers = _("The standing orders do not publish the tally with the minutes.")
    elif "yes" in tally:
        numbers = _counts(tally["yes"], tally["no"], tally["abstain"], tally["voters"])
    else:  # an election's count
        numbers = _("%(cast)s ballots, %(blank)s of them blank.") % {
            "cast": tally.get("cast", 0),
            "blank": tally.get("blank", 0),
        }
    return DecisionEntry(
        item=vote.item,
        subject=vote.subject,
        how=votes.how_taken(vote.form),
        outcome=votes.outcome_words(vote),
        tally=numbers,
        rule=str(tally.get("rule", "")) if tally is not None else "",
        explanation=str(tally.get("explanation", "")) if tally is not None else "",
        decided_at=clock.time(vote.closed_at),
    )


def _decisions(sitting: Sitting, numbers: dict[int, str], clock: Clock) -> list[DecisionEntry]:
    """Shows of hands and closed votes, in the order they were decided."""
    rules = rules_or_none(sitting)
    readers = published_to(rules, "minutes") if rules is not None else Audience.BODY_STAFF
    dated = [
        (row.decided_at, _decision(row, numbers, clock))
        for row in Decision.objects.filter(sitting=sitting).order_by("decided_at", "pk")
    ]
    dated += [(v.closed_at, _voted(v, clock)) for v in votes.closed_votes(sitting, readers)]
    return [entry for _at, entry in sorted(dated, key=lambda pair: pair[0])]


def _reports(item: AgendaItem, clock: Clock) -> tuple[ReportEntry, ...]:
    rows = (
        Report.objects.filter(item=item)
        .select_related("rapporteur__member")
        .prefetch_related("signatures__seat__member")
    )
    return tuple(
        ReportEntry(
            title=row.title,
            rapporteur=row.rapporteur.holder_name,
            counter=row.counter,
            registered_at=clock.time(row.registered_at),
            signers=tuple(
                sorted(s.seat.holder_name for s in row.signatures.all()) if row.counter else ()
            ),
            text=row.text,
            document=row.document_name,
            document_sha256=row.document_sha256,
        )
        for row in rows
    )


def _heard(sitting: Sitting) -> list[FloorRequest]:
    """Every speech of the sitting, in the order heard."""
    rows = FloorRequest.objects.filter(
        item__sitting=sitting, state__in=[RequestState.DONE, RequestState.SPEAKING]
    ).select_related("seat__member")
    return sorted(rows, key=lambda r: (r.called_at or r.asked_at, r.pk))


def _speech(row: FloorRequest) -> Speech:
    return Speech(
        name=row.seat.holder_name,
        group=row.group,
        kind=str(FloorKind(row.kind).label),
        stance=str(FloorStance(row.stance).label),
        spoken=row.spoken_seconds,
        allowed=row.allowed_seconds,
    )


def _totals(heard: list[FloorRequest]) -> tuple[tuple[Total, ...], tuple[Total, ...]]:
    """Speeches and seconds per speaker and per group over the sitting, most time first."""
    speakers: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    names: dict[int, str] = {}
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in heard:
        names[row.seat_id] = row.seat.holder_name
        for tally in (speakers[row.seat_id], groups[row.group or _("(no group)")]):
            tally[0] += 1
            tally[1] += row.spoken_seconds

    def ordered(rows: list[Total]) -> tuple[Total, ...]:
        return tuple(sorted(rows, key=lambda t: (-t.seconds, t.name)))

    return (
        ordered([Total(names[seat], n, s) for seat, (n, s) in speakers.items()]),
        ordered([Total(group, n, s) for group, (n, s) in groups.items()]),
    )


def gather(sitting: Sitting) -> SittingRecord:
    """The sitting's record as its minutes show it."""
    sitting = Sitting.objects.select_related("body__organization", "orders").get(pk=sitting.pk)
    organization = sitting.body.organization
    clock = Clock(organization.time_zone)
    items = agenda_of(sitting)
    numbers = {item.pk: item.number for item in items}
    decisions = _decisions(sitting, numbers, clock)
    heard = _heard(sitting)
    speeches: dict[int, list[Speech]] = defaultdict(list)
    for row in heard:
        speeches[row.item_id].append(_speech(row))
    agenda = tuple(
        Item(
            number=item.number,
            depth=item.number.count("."),
            title=item.title,
            kind=str(ItemKind(item.kind).label),
            state=str(ItemState(item.state).label),
            opened_at=clock.time(item.opened_at),
            closed_at=clock.time(item.closed_at),
            reports=_reports(item, clock),
            speeches=tuple(speeches[item.pk]),
            decisions=tuple(d for d in decisions if d.item == item.number),
        )
        for item in items
    )
    speakers, groups = _totals(heard)
    orders = ""
    if sitting.orders is not None:
        orders = _("%(title)s, version %(version)s") % {
            "title": sitting.orders.title,
            "version": sitting.orders.version,
        }
    return SittingRecord(
        organization=organization.name,
        time_zone=organization.time_zone,
        body=sitting.body.name,
        number=sitting.number,
        title=sitting.title,
        status=str(sitting.get_status_display()),
        closed=sitting.status == SittingStatus.CLOSED,
        place=sitting.place,
        online=sitting.online,
        starts_at=clock.moment(sitting.starts_at),
        opened_at=clock.moment(sitting.opened_at),
        closed_at=clock.moment(sitting.closed_at),
        orders=orders,
        quorum=opening_quorum(sitting),
        attendance=_attendance(sitting, clock),
        stand_ins=_stand_ins(sitting, clock),
        agenda=agenda,
        decisions=tuple(decisions),
        speakers=speakers,
        groups=groups,
    )
