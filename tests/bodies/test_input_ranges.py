"""Numbers and dates out of range are refused with a reason (a rule id, or Ninja's 422),
never stored or passed to the database (PostgreSQL's integer overflowed at 2**31, SQLite's
at 2**63, and both answered 500)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.timezone import localdate

from collegium.bodies.actions import (
    appoint_to_office,
    create_body,
    create_office,
    end_office_term,
    seat_member,
    vacate_seat,
)
from collegium.bodies.models import Body, BodyKind, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from collegium.rules.errors import RuleError

CC = "/api/organizations/test-union/bodies/cc"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _alternate(org, number: str, rank: int | None = None) -> Seat:
    member = register_member(
        actor=SYSTEM, organization=org.organization, number=number, name=number
    )
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.ALTERNATE,
        origin=SeatOrigin.ELECTED,
        member=member,
        rank=rank,
    )


@pytest.mark.parametrize("rank", [0, 2**31, 2**63, 2**64])
def test_an_out_of_range_rank_is_refused_by_the_api(org, rank) -> None:
    response = client_for(org.admin).post(
        CC + "/seats",
        {"member_number": "M-1", "role": "alternate", "origin": "elected", "rank": rank},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Seat.objects.filter(body=org.committee).exists()


def test_a_rank_beyond_the_alternate_seats_is_refused_by_the_rule(org) -> None:
    response = client_for(org.admin).post(
        CC + "/seats",
        {"member_number": "M-1", "role": "alternate", "origin": "elected", "rank": 3},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "seat.alternate-rank"


def test_ranks_stay_dense_when_the_last_is_the_highest(org) -> None:
    last = _alternate(org, "A-2", rank=2)
    assert last.rank == 2
    assert _alternate(org, "A-1").rank == 1


def test_a_legacy_huge_rank_does_not_block_later_alternates(org) -> None:
    seat = _alternate(org, "A-1")
    Seat.objects.filter(pk=seat.pk).update(rank=2147483647)
    assert _alternate(org, "A-2").rank == 1


@pytest.mark.parametrize(("full", "alternate"), [(0, 0), (2**63, 0), (1, 2**63), (1, -1)])
def test_body_sizes_out_of_range_are_refused(org, full, alternate) -> None:
    with pytest.raises(RuleError) as refusal:
        create_body(
            actor=SYSTEM,
            organization=org.organization,
            name="Huge",
            slug="huge",
            kind=BodyKind.COMMITTEE,
            full_seats=full,
            alternate_seats=alternate,
        )
    assert refusal.value.rule == "body.size"
    assert not Body.objects.filter(slug="huge").exists()


@pytest.mark.parametrize("path", ["/seats/{big}/vacate"])
def test_path_numbers_out_of_range_are_refused(org, path) -> None:
    response = client_for(org.admin).post(
        CC + path.format(big=2**63), {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert client_for(org.admin).get(CC + f"/standing-orders/{2**63}").status_code == 422


# Dates


def _full_seat(org, **dates: datetime.date) -> Seat:
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
        term_start=dates.get("term_start"),
        term_end=dates.get("term_end"),
    )


@pytest.mark.parametrize(
    "dates",
    [
        {"term_start": datetime.date(1800, 1, 1)},
        {"term_end": datetime.date(9999, 12, 31)},
        {"term_start": datetime.date(2024, 6, 1), "term_end": datetime.date(2024, 5, 31)},
    ],
)
def test_seat_terms_out_of_range_or_reversed_are_refused(org, dates) -> None:
    with pytest.raises(RuleError) as refusal:
        _full_seat(org, **dates)
    assert refusal.value.rule == "seat.term-dates"


def test_body_terms_out_of_range_are_refused(org) -> None:
    with pytest.raises(RuleError) as refusal:
        create_body(
            actor=SYSTEM,
            organization=org.organization,
            name="Old",
            slug="old",
            kind=BodyKind.COMMITTEE,
            full_seats=1,
            term_start=datetime.date(1800, 1, 1),
        )
    assert refusal.value.rule == "body.term-dates"


@pytest.mark.parametrize("days", [1, 365 * 20])
def test_a_seat_is_not_vacated_in_the_future(org, days) -> None:
    seat = _full_seat(org)
    with pytest.raises(RuleError) as refusal:
        vacate_seat(
            actor=SYSTEM, seat=seat, reason="x", on=localdate() + datetime.timedelta(days=days)
        )
    assert refusal.value.rule == "seat.vacate-date"
    seat.refresh_from_db()
    assert seat.vacated_on is None


def test_a_seat_is_not_vacated_before_its_term_starts(org) -> None:
    start = localdate() - datetime.timedelta(days=10)
    seat = _full_seat(org, term_start=start)
    with pytest.raises(RuleError) as refusal:
        vacate_seat(actor=SYSTEM, seat=seat, reason="x", on=start - datetime.timedelta(days=1))
    assert refusal.value.rule == "seat.vacate-date"
    assert vacate_seat(actor=SYSTEM, seat=seat, reason="x", on=start) is None


def test_the_vacate_api_refuses_a_future_date(org) -> None:
    seat = _full_seat(org)
    response = client_for(org.admin).post(
        f"{CC}/seats/{seat.pk}/vacate",
        {"reason": "x", "on": (localdate() + datetime.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "seat.vacate-date"


def test_an_office_term_ends_neither_before_it_starts_nor_in_the_future(org) -> None:
    _full_seat(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    start = localdate() - datetime.timedelta(days=5)
    term = appoint_to_office(actor=SYSTEM, office=office, member=org.member, start=start)
    for on in (start - datetime.timedelta(days=1), localdate() + datetime.timedelta(days=1)):
        with pytest.raises(RuleError) as refusal:
            end_office_term(actor=SYSTEM, term=term, because="resigned", on=on)
        assert refusal.value.rule == "office.end-date"
    assert end_office_term(actor=SYSTEM, term=term, because="resigned", on=start).end == start


def test_an_office_term_does_not_start_in_1800(org) -> None:
    _full_seat(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    with pytest.raises(RuleError) as refusal:
        appoint_to_office(
            actor=SYSTEM, office=office, member=org.member, start=datetime.date(1800, 1, 1)
        )
    assert refusal.value.rule == "office.term-dates"
