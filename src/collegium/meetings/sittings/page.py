"""What the sitting page shows, read from the record: the roll and its quorum, the
agenda, reports beside their counter-reports (as far as the reader may read these), and
the decisions taken. Reads only; the forms are made in views.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from collegium.bodies.models import Seat, SeatRole
from collegium.meetings.models import AgendaItem, Decision, ItemKind, Report, Sitting, StandingIn
from collegium.meetings.queries import agenda_of, current_seats, published_to, roll_state, rules_of
from collegium.meetings.sittings.readers import Reader
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.document import StandingOrders as Rules


@dataclass(frozen=True)
class RoleCount:
    label: str
    present: int
    seated: int


@dataclass(frozen=True)
class RollView:
    counts: list[RoleCount]
    quorum: str  # the rule's sentence ("Quorum reached: …")
    quorum_met: bool
    stand_ins: list[tuple[str, str]]  # (alternate, for whom)
    present: list[Seat]


@dataclass
class ReportsOfItem:
    item: AgendaItem
    report: Report | None
    counters: list[Report] = field(default_factory=list)
    # Counter-reports exist that this reader may not read (the transparency settings).
    withheld: int = 0


@dataclass(frozen=True)
class SittingView:
    rules: Rules | None
    no_orders: str  # why there is no roll to show, when the body has no orders
    roll: RollView | None
    agenda: list[AgendaItem]
    reports: list[ReportsOfItem]
    decisions: list[Decision]
    seats: list[Seat]  # the body's current seats, for the forms' choices


def _role_labels() -> dict[SeatRole, str]:
    return {
        SeatRole.FULL: _("Full members"),
        SeatRole.ALTERNATE: _("Alternates"),
        SeatRole.CONSULTATIVE: _("Consultative delegates"),
        SeatRole.GUEST: _("Guests"),
    }


def roll_view(sitting: Sitting, rules: Rules, seats: list[Seat]) -> RollView:
    state = roll_state(sitting, rules)
    labels = _role_labels()
    counts = []
    for role in SeatRole:
        here, seated = state.count(role)
        if seated:
            counts.append(RoleCount(labels.get(role, capfirst(role.value)), here, seated))
    by_id = {seat.pk: seat for seat in seats}
    stand_ins = [
        (by_id[row.alternate_seat_id].holder_name, by_id[row.full_seat_id].holder_name)
        for row in StandingIn.objects.filter(sitting=sitting, until__isnull=True)
        if row.alternate_seat_id in by_id and row.full_seat_id in by_id
    ]
    present = [seat for seat in seats if state.roll.is_present(seat.pk)]
    return RollView(counts, state.quorum.sentence, state.quorum.met, stand_ins, present)


def reads_counter_reports(sitting: Sitting, reader: Reader, rules: Rules | None) -> bool:
    """The secretariat always; others as the transparency settings publish them."""
    audience = published_to(rules, "counter_reports") if rules is not None else None
    return reader.may_run or (
        audience is not None and reader.scope.may_see(audience, sitting.body_id)
    )


def _reports(
    sitting: Sitting, agenda: list[AgendaItem], reader: Reader, rules: Rules | None
) -> list[ReportsOfItem]:
    """Each report item with its report and the counter-reports the reader may read:
    the secretariat always, others as published_to says (staff, members or public)."""
    shown = {item.pk: ReportsOfItem(item, None) for item in agenda if item.kind == ItemKind.REPORT}
    may_read_counters = reads_counter_reports(sitting, reader, rules)
    for report in Report.objects.filter(item__sitting=sitting).select_related("rapporteur__member"):
        entry = shown.get(report.item_id)
        if entry is None:
            continue
        if not report.counter:
            entry.report = report
        elif may_read_counters:
            entry.counters.append(report)
        else:
            entry.withheld += 1
    return list(shown.values())


def sitting_view(sitting: Sitting, reader: Reader) -> SittingView:
    seats = list(current_seats(sitting.body))
    try:
        rules: Rules | None = rules_of(sitting)
        no_orders = ""
    except RuleError as refusal:
        rules, no_orders = None, str(refusal)
    agenda = agenda_of(sitting)
    return SittingView(
        rules=rules,
        no_orders=no_orders,
        roll=roll_view(sitting, rules, seats) if rules is not None else None,
        agenda=agenda,
        reports=_reports(sitting, agenda, reader, rules),
        decisions=list(Decision.objects.filter(sitting=sitting).select_related("item")),
        seats=seats,
    )
