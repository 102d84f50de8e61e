"""Seats and offices under simultaneous actions.

`seat_member` and `vacate_seat` lock the body's row before counting its seats
(PostgreSQL, SELECT ... FOR UPDATE); on SQLite every transaction begins IMMEDIATE and
so runs alone. Either way the second action sees what the first committed and is
refused by the rule, never by the database. (`create_body`, `create_office` and
`appoint_to_office` take no such lock yet: see the xfail marks.)
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from collegium.access.actions import issue_token
from collegium.bodies.actions import (
    appoint_to_office,
    create_body,
    create_office,
    reweigh_seat,
    seat_member,
    vacate_seat,
)
from collegium.bodies.models import Body, BodyKind, Office, OfficeTerm, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.registry.models import Member
from tests.concurrency.conftest import (
    RENDEZVOUS_SECONDS,
    Rendezvous,
    errors_of,
    meeting_before_saving,
    refusals_of,
    simultaneously,
    successes_of,
)
from tests.journal.chains import assert_all_intact

pytestmark = pytest.mark.django_db(transaction=True)

# The `org` fixture's committee "cc" has 3 full and 2 alternate seats.
FULL_SEATS = 3


def _members(org: Any, prefix: str, count: int) -> list[Member]:
    return [
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=f"{prefix}-{i}",
            name=f"{prefix} {i}",
        )
        for i in range(count)
    ]


def _seating(org: Any, member: Member, role: SeatRole = SeatRole.FULL) -> Callable[[], Seat]:
    def seat() -> Seat:
        return seat_member(
            actor=SYSTEM, body=org.committee, role=role, origin=SeatOrigin.ELECTED, member=member
        )

    return seat


def _current(org: Any, role: SeatRole) -> list[Seat]:
    return list(
        Seat.objects.filter(body=org.committee, role=role, vacated_on__isnull=True).order_by("pk")
    )


def test_ten_members_race_for_two_free_full_seats(org: Any) -> None:
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
    )
    candidates = _members(org, "S", 10)

    outcomes = simultaneously([_seating(org, m) for m in candidates])

    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 2
    refusals = refusals_of(outcomes)
    assert len(refusals) == 8
    assert {rule for rule, _ in refusals} == {"seat.body-size"}
    assert {message for _, message in refusals} == {
        "No full seat is free in Central Committee: 3 of 3 are filled."
    }
    assert len(_current(org, SeatRole.FULL)) == FULL_SEATS
    assert_all_intact()


def test_the_same_member_seated_from_six_threads_gets_one_seat(org: Any) -> None:
    outcomes = simultaneously([_seating(org, org.member) for _ in range(6)])

    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert [rule for rule, _ in refusals_of(outcomes)] == ["seat.one-per-member"] * 5
    held = Seat.objects.filter(body=org.committee, member=org.member, vacated_on__isnull=True)
    assert held.count() == 1
    assert JournalEntry.objects.filter(code="body.seat.assigned").count() == 1


def _committee_with_alternates(org: Any) -> tuple[list[Seat], list[Member]]:
    """All 3 full seats filled (F-0..F-2) and both alternates (A-0 rank 1, A-1 rank 2)."""
    full = [_seating(org, m)() for m in _members(org, "F", FULL_SEATS)]
    alternates = _members(org, "A", 2)
    for member in alternates:
        _seating(org, member, SeatRole.ALTERNATE)()
    return full, alternates


def _vacating(seat: Seat) -> Callable[[], Seat | None]:
    def vacate() -> Seat | None:
        return vacate_seat(actor=SYSTEM, seat=seat, reason="resigned")

    return vacate


@pytest.mark.parametrize("vacancies", [2, 3])
def test_simultaneous_vacancies_step_up_each_alternate_once_in_rank_order(
    org: Any, vacancies: int
) -> None:
    full, alternates = _committee_with_alternates(org)

    outcomes = simultaneously([_vacating(seat) for seat in full[:vacancies]])

    assert errors_of(outcomes) == []
    assert refusals_of(outcomes) == []
    stepped_up = [o.result for o in outcomes if o.result is not None]
    # Two alternates fill two vacancies; a third vacancy stays open.
    assert len(stepped_up) == 2
    assert {seat.member_id for seat in stepped_up} == {m.pk for m in alternates}
    assert len({seat.stepped_up_from_id for seat in stepped_up}) == 2
    # In the order the vacancies were committed, rank 1 stepped up first, then rank 2,
    # each to the vacancy journaled just before it.
    entries = list(
        JournalEntry.objects.filter(
            code__in=["body.seat.vacated", "body.alternate.stepped_up"]
        ).order_by("sequence")
    )
    step_ups = [e for e in entries if e.code == "body.alternate.stepped_up"]
    assert [e.payload["rank"] for e in step_ups] == [1, 2]
    assert [e.payload["member"] for e in step_ups] == ["A-0", "A-1"]
    for step_up in step_ups:
        vacated = entries[entries.index(step_up) - 1]
        assert vacated.code == "body.seat.vacated"
        assert step_up.payload["vacancy_of"] == vacated.payload["member"]
    assert len(_current(org, SeatRole.FULL)) == FULL_SEATS - vacancies + 2
    assert _current(org, SeatRole.ALTERNATE) == []
    assert_all_intact()


def test_one_seat_vacated_twice_at_once_steps_up_one_alternate(org: Any) -> None:
    full, alternates = _committee_with_alternates(org)

    outcomes = simultaneously([_vacating(full[0]), _vacating(full[0])])

    assert errors_of(outcomes) == []
    assert [rule for rule, _ in refusals_of(outcomes)] == ["seat.already-vacant"]
    assert [o.result.member_id for o in outcomes if o.result] == [alternates[0].pk]
    assert [seat.member_id for seat in _current(org, SeatRole.ALTERNATE)] == [alternates[1].pk]
    assert len(_current(org, SeatRole.FULL)) == FULL_SEATS


def test_one_weight_change_sent_six_times_at_once_is_made_once(org: Any) -> None:
    (seat, *_others), _alternates = _committee_with_alternates(org)

    def reweigh() -> Seat:
        return reweigh_seat(actor=SYSTEM, seat=seat, weight=Decimal(3), reason="grew")

    outcomes = simultaneously([reweigh] * 6)

    assert errors_of(outcomes) == []
    assert [rule for rule, _ in refusals_of(outcomes)] == ["seat.weight-unchanged"] * 5
    assert len(successes_of(outcomes)) == 1
    assert Seat.objects.get(pk=seat.pk).weight == 3
    assert JournalEntry.objects.filter(code="body.seat.reweighed").count() == 1
    assert_all_intact()


def test_a_weight_changed_while_the_seat_is_vacated_is_refused_or_kept(org: Any) -> None:
    """Vacating and reweighing one seat at once: whichever comes second sees the first's
    commit; a reweigh after the vacancy is refused, never applied to a vacated seat."""
    (seat, *_others), _alternates = _committee_with_alternates(org)

    def reweigh() -> Seat:
        return reweigh_seat(actor=SYSTEM, seat=seat, weight=Decimal(3), reason="grew")

    outcomes = simultaneously([reweigh, _vacating(seat)])

    assert errors_of(outcomes) == []
    assert [rule for rule, _ in refusals_of(outcomes)] in ([], ["seat.already-vacant"])
    assert Seat.objects.get(pk=seat.pk).vacated_on is not None
    assert_all_intact()


def test_two_appointments_to_one_vacant_office_at_once_give_one_holder(org: Any) -> None:
    chair = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    full = [_seating(org, m)() for m in _members(org, "F", 2)]

    def appointing(seat: Seat) -> Callable[[], OfficeTerm]:
        assert seat.member is not None
        member = seat.member
        return lambda: appoint_to_office(actor=SYSTEM, office=chair, member=member)

    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with meeting_before_saving(OfficeTerm, rendezvous):
        outcomes = simultaneously([appointing(seat) for seat in full])

    assert errors_of(outcomes) == []
    assert True not in rendezvous.met  # never two past the check at once
    assert len(successes_of(outcomes)) == 1
    assert [rule for rule, _ in refusals_of(outcomes)] == ["office.one-holder"]
    assert OfficeTerm.objects.filter(office=chair, end__isnull=True).count() == 1


def test_one_office_created_twice_at_once_exists_once(org: Any) -> None:
    def creating() -> Office:
        return create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")

    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with meeting_before_saving(Office, rendezvous):
        outcomes = simultaneously([creating, creating])

    assert errors_of(outcomes) == []
    assert True not in rendezvous.met  # never two past the check at once
    assert len(successes_of(outcomes)) == 1
    assert [message for _, message in refusals_of(outcomes)] == [
        "Central Committee already has an office named chair."
    ]
    assert Office.objects.filter(body=org.committee, slug="chair").count() == 1


def test_one_body_created_twice_at_once_exists_once(org: Any) -> None:
    def creating() -> Body:
        return create_body(
            actor=SYSTEM,
            organization=org.organization,
            name="Audit Commission",
            slug="audit",
            kind=BodyKind.COMMISSION,
            full_seats=3,
        )

    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with meeting_before_saving(Body, rendezvous):
        outcomes = simultaneously([creating, creating])

    assert errors_of(outcomes) == []
    assert True not in rendezvous.met  # never two past the check at once
    assert len(successes_of(outcomes)) == 1
    assert [message for _, message in refusals_of(outcomes)] == [
        "A body named audit exists already."
    ]
    assert Body.objects.filter(organization=org.organization, slug="audit").count() == 1


def _post(url: str, token: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_simultaneous_requests_fill_only_the_free_seats(org: Any, live_server: Any) -> None:
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
    )
    candidates = _members(org, "H", 8)
    _token, secret = issue_token(actor=SYSTEM, user=org.admin, name="concurrency")
    url = f"{live_server.url}/api/organizations/test-union/bodies/cc/seats"

    def requesting(number: str) -> Callable[[], tuple[int, dict[str, Any]]]:
        return lambda: _post(
            url, secret, {"role": "full", "origin": "elected", "member_number": number}
        )

    outcomes = simultaneously([requesting(m.number) for m in candidates])

    assert errors_of(outcomes) == []
    answers = [o.result for o in outcomes if o.result is not None]
    assert sorted(status for status, _ in answers) == [201] * 2 + [400] * 6
    assert {body["rule"] for status, body in answers if status == 400} == {"seat.body-size"}
    assert len(_current(org, SeatRole.FULL)) == FULL_SEATS
    assert_all_intact()
