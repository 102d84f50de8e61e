"""Seats, alternates stepping up, offices and standing orders, through the actions."""

from __future__ import annotations

import pytest

from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    end_office_term,
    seat_member,
    vacate_seat,
)
from collegium.bodies.models import BodyKind, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.bodies.queries import composition
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status, register_member
from collegium.registry.models import MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.document import StandingOrdersInvalid
from collegium.rules.standing_orders.presets import PRESETS
from tests.journal.chains import entries_of


def _members(org, count, prefix="X"):
    return [
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=f"{prefix}-{i}",
            name=f"{prefix} {i}",
        )
        for i in range(1, count + 1)
    ]


def _seat(org, member, role=SeatRole.FULL, rank=None):
    return seat_member(
        actor=Actor.page(org.secretary),
        body=org.committee,
        member=member,
        role=role,
        rank=rank,
        origin=SeatOrigin.ELECTED,
        origin_detail="decision 1",
    )


def test_full_seats_cannot_exceed_the_body_size(org):
    a, b, c, d = _members(org, 4)
    for member in (a, b, c):
        _seat(org, member)
    before = JournalEntry.objects.count()
    with pytest.raises(RuleError, match=r"No full seat is free in Central Committee: 3 of 3"):
        _seat(org, d)
    assert JournalEntry.objects.count() == before
    assert Seat.objects.filter(member=d).count() == 0


def test_one_seat_per_member_per_body(org):
    (a,) = _members(org, 1)
    _seat(org, a, SeatRole.ALTERNATE)
    with pytest.raises(RuleError, match="one seat per member") as refused:
        _seat(org, a)
    assert refused.value.rule == "seat.one-per-member"


def test_suspended_member_cannot_be_seated(org):
    (a,) = _members(org, 1)
    change_member_status(
        actor=Actor.page(org.admin), member=a, status=MemberStatus.SUSPENDED, reason="dues unpaid"
    )
    with pytest.raises(RuleError, match="membership is suspended"):
        _seat(org, a)


def test_only_full_seats_vote(org):
    a, b = _members(org, 2)
    full = _seat(org, a)
    alternate = _seat(org, b, SeatRole.ALTERNATE)
    guest = seat_member(
        actor=SYSTEM,
        body=org.committee,
        guest_name="Fraternal delegation",
        role=SeatRole.GUEST,
        origin=SeatOrigin.APPOINTED,
    )
    assert full.can_vote
    assert not alternate.can_vote
    assert not guest.can_vote
    vacate_seat(actor=SYSTEM, seat=full, reason="resigned")
    full.refresh_from_db()
    assert not full.can_vote


def test_guest_seat_without_member_only_for_guests(org):
    with pytest.raises(RuleError, match="Only a guest seat"):
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            guest_name="Someone",
            role=SeatRole.FULL,
            origin=SeatOrigin.APPOINTED,
        )


def test_first_alternate_in_rank_steps_up_when_a_full_seat_falls_vacant(org):
    a, b, c, alt1, alt2 = _members(org, 5)
    seats = [_seat(org, m) for m in (a, b, c)]
    # Seated out of order: rank decides, not the order of seating.
    _seat(org, alt2, SeatRole.ALTERNATE, rank=2)
    _seat(org, alt1, SeatRole.ALTERNATE, rank=1)

    stepped = vacate_seat(actor=Actor.page(org.secretary), seat=seats[1], reason="died")

    assert stepped is not None
    assert stepped.member == alt1
    assert stepped.role == SeatRole.FULL
    assert stepped.stepped_up_from is not None and stepped.stepped_up_from.rank == 1
    now = composition(org.committee)
    assert [s.member for s in now.full] == sorted([a, c, alt1], key=lambda m: m.name)
    assert [s.member for s in now.alternates] == [alt2]
    codes = list(entries_of().reverse().values_list("code", flat=True)[:2])
    assert codes == ["body.alternate.stepped_up", "body.seat.vacated"]
    entry = JournalEntry.objects.get(code="body.alternate.stepped_up")
    assert entry.payload["member"] == alt1.number
    assert entry.payload["vacancy_of"] == b.number
    assert entry.actor == "sam"


def test_vacating_an_alternate_or_with_no_alternates_steps_nobody_up(org):
    a, alt = _members(org, 2)
    full = _seat(org, a)
    alternate = _seat(org, alt, SeatRole.ALTERNATE)
    assert vacate_seat(actor=SYSTEM, seat=alternate, reason="resigned") is None
    assert vacate_seat(actor=SYSTEM, seat=full, reason="resigned") is None
    with pytest.raises(RuleError, match="already vacated"):
        vacate_seat(actor=SYSTEM, seat=full, reason="again")


def test_vacating_needs_a_reason(org):
    (a,) = _members(org, 1)
    seat = _seat(org, a)
    with pytest.raises(RuleError, match="needs a reason"):
        vacate_seat(actor=SYSTEM, seat=seat, reason="  ")
    seat.refresh_from_db()
    assert seat.vacated_on is None


def test_alternate_rank_is_unique(org):
    a, b = _members(org, 2)
    _seat(org, a, SeatRole.ALTERNATE, rank=1)
    with pytest.raises(RuleError, match="rank 1 is already taken"):
        _seat(org, b, SeatRole.ALTERNATE, rank=1)


def test_office_is_held_by_a_full_member_and_can_be_ended(org):
    a, b = _members(org, 2)
    _seat(org, a)
    office = create_office(
        actor=Actor.page(org.secretary), body=org.committee, title="Chair", slug="chair"
    )
    with pytest.raises(RuleError, match="holds no full seat"):
        appoint_to_office(actor=Actor.page(org.secretary), office=office, member=b)
    term = appoint_to_office(actor=Actor.page(org.secretary), office=office, member=a)
    _seat(org, b)
    with pytest.raises(RuleError, match="is held by"):
        appoint_to_office(actor=Actor.page(org.secretary), office=office, member=b)
    end_office_term(actor=Actor.page(org.secretary), term=term, because="recalled by vote")
    term.refresh_from_db()
    assert term.ended_because == "recalled by vote"
    # Losing the office does not cost the seat.
    assert Seat.objects.get(body=org.committee, member=a).is_current
    assert appoint_to_office(actor=Actor.page(org.secretary), office=office, member=b).holder == b


def test_standing_orders_are_versioned_and_validated(org):
    first = adopt_standing_orders(
        actor=Actor.page(org.secretary),
        body=org.committee,
        title="1956 practice",
        document=PRESETS["1956-practice"],
    )
    second = adopt_standing_orders(
        actor=Actor.page(org.admin),
        body=org.committee,
        title="Lenin-era",
        document=PRESETS["lenin-era"],
    )
    assert (first.version, second.version) == (1, 2)
    assert second.adopted_by == "ada"
    entry = JournalEntry.objects.filter(code="body.orders.adopted").last()
    assert entry is not None and entry.actor == "ada" and entry.payload["version"] == 2
    bad = dict(PRESETS["lenin-era"], quorum={"fraction": "3/2"}, bogus=True)
    with pytest.raises(StandingOrdersInvalid) as refused:
        adopt_standing_orders(
            actor=Actor.page(org.admin), body=org.committee, title="bad", document=bad
        )
    assert "bogus" in str(refused.value)
    assert StandingOrders.objects.filter(body=org.committee).count() == 2


def test_body_needs_a_full_seat_and_a_unique_name(org):
    with pytest.raises(RuleError, match="at least one full seat"):
        create_body(
            actor=Actor.page(org.admin),
            organization=org.organization,
            name="Empty",
            slug="empty",
            kind=BodyKind.COMMISSION,
            full_seats=0,
        )
    with pytest.raises(RuleError, match="exists already"):
        create_body(
            actor=Actor.page(org.admin),
            organization=org.organization,
            name="CC again",
            slug="cc",
            kind=BodyKind.COMMITTEE,
            full_seats=3,
        )


def test_name_clashes_are_refused_with_the_rule_named(org):
    create_office(actor=Actor.page(org.secretary), body=org.committee, title="Chair", slug="chair")
    with pytest.raises(RuleError) as office:
        create_office(
            actor=Actor.page(org.secretary), body=org.committee, title="Chair", slug="chair"
        )
    assert office.value.rule == "office.unique-name"
    with pytest.raises(RuleError) as body:
        create_body(
            actor=Actor.page(org.admin),
            organization=org.organization,
            name="CC",
            slug="cc",
            kind=BodyKind.COMMITTEE,
            full_seats=3,
        )
    assert body.value.rule == "body.unique-name"
