"""A member suspended or gone loses their seats, through the seat actions: always on
leaving, on suspension only where the standing orders in force say so."""

from __future__ import annotations

import datetime

import pytest

from collegium.bodies.actions import adopt_standing_orders, seat_member
from collegium.bodies.models import Body, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.registry.actions import change_member_status, import_members, register_member
from collegium.registry.importing import parse_register
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org
from tests.journal.chains import entries_of, verified

HEADER = "number,name,email,unit,status,status_reason,status_date,joined_on"
DAY = datetime.date(2026, 1, 5)


def _orders(body: Body, *, vacates: bool) -> None:
    document = {**PRESETS["lenin-era"], "suspension": {"vacates_seats": vacates}}
    adopt_standing_orders(actor=SYSTEM, body=body, title="Orders", document=document)


def _seated(org: Org, number: str, role: SeatRole, rank: int | None = None) -> Member:
    member = register_member(
        actor=SYSTEM,
        organization=org.organization,
        number=number,
        name=f"Member {number}",
        joined_on=datetime.date(2020, 1, 1),
    )
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=role,
        rank=rank,
        origin=SeatOrigin.ELECTED,
    )
    return member


def _current(org: Org) -> dict[str, str]:
    seats = Seat.objects.filter(body=org.committee, vacated_on__isnull=True)
    return {
        seat.member.number: seat.role
        for seat in seats.select_related("member")
        if seat.member is not None
    }


def _suspend(org: Org, member: Member) -> None:
    change_member_status(
        actor=Actor.page(org.admin),
        member=member,
        status=MemberStatus.SUSPENDED,
        reason="dues unpaid",
        effective_on=DAY,
    )


@pytest.fixture
def seated(org: Org) -> tuple[Member, Member]:
    full = _seated(org, "F-1", SeatRole.FULL)
    alternate = _seated(org, "A-1", SeatRole.ALTERNATE, rank=1)
    return full, alternate


def test_suspension_keeps_the_seat_when_the_orders_do_not_say(org, seated):
    full, _alternate = seated
    _suspend(org, full)
    assert _current(org) == {"F-1": SeatRole.FULL, "A-1": SeatRole.ALTERNATE}


def test_suspension_keeps_the_seat_when_the_orders_say_it_does(org, seated):
    _orders(org.committee, vacates=False)
    _suspend(org, seated[0])
    assert _current(org) == {"F-1": SeatRole.FULL, "A-1": SeatRole.ALTERNATE}


def test_suspension_vacates_when_the_orders_say_so_and_the_alternate_steps_up(org, seated):
    _orders(org.committee, vacates=True)
    _suspend(org, seated[0])
    assert _current(org) == {"A-1": SeatRole.FULL}
    vacated = Seat.objects.get(member=seated[0])
    assert vacated.vacated_on == DAY
    assert vacated.vacated_reason == "suspended on 2026-01-05"
    codes = list(entries_of().values_list("code", flat=True))
    assert codes[-3:] == [
        "register.member.status_changed",
        "body.seat.vacated",
        "body.alternate.stepped_up",
    ]
    vacated_entry = entries_of().get(code="body.seat.vacated")
    assert vacated_entry.actor == org.admin.username
    assert verified().broken is None


def test_leaving_always_vacates(org, seated):
    change_member_status(
        actor=Actor.page(org.admin),
        member=seated[0],
        status=MemberStatus.LEFT,
        reason="resigned",
        effective_on=DAY,
    )
    assert _current(org) == {"A-1": SeatRole.FULL}
    assert Seat.objects.get(member=seated[0]).vacated_reason == (
        "left the organization on 2026-01-05"
    )


def test_reinstating_does_not_reseat(org, seated):
    _orders(org.committee, vacates=True)
    _suspend(org, seated[0])
    change_member_status(
        actor=Actor.page(org.admin), member=seated[0], status=MemberStatus.ACTIVE, reason="paid"
    )
    assert _current(org) == {"A-1": SeatRole.FULL}


def test_a_suspended_alternate_never_steps_up_in_the_same_import(org, seated):
    _orders(org.committee, vacates=True)
    second = _seated(org, "A-2", SeatRole.ALTERNATE, rank=2)
    data = "\n".join(
        [
            HEADER,
            f"F-1,{seated[0].name},,,suspended,dues,{DAY},2020-01-01",
            f"A-1,{seated[1].name},,,suspended,dues,{DAY},2020-01-01",
        ]
    )
    import_members(
        actor=Actor.page(org.admin),
        organization=org.organization,
        rows=parse_register((data + "\n").encode()),
    )
    assert _current(org) == {second.number: SeatRole.FULL}
    assert verified().broken is None


def test_a_refused_vacancy_rolls_the_status_change_back(org):
    # A seat whose term starts after the day of leaving cannot be vacated before it
    # started; nothing is changed, the status included.
    member = _seated(org, "F-9", SeatRole.FULL)
    Seat.objects.filter(member=member).update(term_start=datetime.date(2099, 1, 1))
    before = entries_of().count()
    with pytest.raises(RuleError) as refused:
        change_member_status(
            actor=Actor.page(org.admin),
            member=member,
            status=MemberStatus.LEFT,
            reason="resigned",
            effective_on=DAY,
        )
    assert refused.value.rule == "seat.vacate-date"
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert entries_of().count() == before


def test_an_import_suspending_200_seat_holders_vacates_every_seat(
    org, django_assert_max_num_queries
):
    committee = org.committee
    Body.objects.filter(pk=committee.pk).update(full_seats=200, alternate_seats=0)
    committee.refresh_from_db()
    _orders(committee, vacates=True)
    members = [_seated(org, f"S-{i:03d}", SeatRole.FULL) for i in range(200)]
    lines = [f"{m.number},{m.name},,,suspended,dues,{DAY},2020-01-01" for m in members]
    rows = parse_register(("\n".join([HEADER, *lines]) + "\n").encode())
    with django_assert_max_num_queries(200 * 20):
        summary = import_members(
            actor=Actor.page(org.admin), organization=org.organization, rows=rows
        )
    assert summary.status_changed == 200
    assert _current(org) == {}
    assert entries_of().filter(code="body.seat.vacated").count() == 200
    assert verified().broken is None
