"""Setting bodies up: changing a body while nothing depends on the changed field, and
dissolving it at the end of its term (the actions, their rules and their journal)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    dissolve_body,
    seat_member,
    update_body,
)
from collegium.bodies.models import Body, BodyKind, OfficeTerm, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS

START = datetime.date(2020, 1, 1)


def _change(body: Body, **changes: object) -> Body:
    fields = {
        "name": body.name,
        "kind": BodyKind(body.kind),
        "full_seats": body.full_seats,
        "alternate_seats": body.alternate_seats,
        "elected_by": body.elected_by,
        "term_start": body.term_start,
        "term_end": body.term_end,
        "description": body.description,
    }
    return update_body(actor=SYSTEM, body=body, **{**fields, **changes})  # type: ignore[arg-type]


def _seat(org, number: str, role: SeatRole = SeatRole.FULL, rank: int | None = None) -> Seat:
    member = register_member(
        actor=SYSTEM, organization=org.organization, number=number, name=f"Member {number}"
    )
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=role,
        rank=rank,
        origin=SeatOrigin.ELECTED,
        term_start=START,
    )


def _refused(rule: str, call) -> str:
    with pytest.raises(RuleError) as refusal:
        call()
    assert refusal.value.rule == rule
    return str(refusal.value)


def test_a_change_is_journaled_with_each_field_from_and_to(org):
    body = _change(org.committee, name="Central Committee of the Union", full_seats=5)
    assert (body.name, body.full_seats, body.revision) == ("Central Committee of the Union", 5, 1)
    entry = JournalEntry.objects.filter(code="body.changed").get()
    assert entry.payload == {
        "body": "cc",
        "changes": {
            "name": {"from": "Central Committee", "to": "Central Committee of the Union"},
            "full_seats": {"from": 3, "to": 5},
        },
    }


def test_a_change_that_changes_nothing_journals_nothing(org):
    _change(org.committee)
    assert not JournalEntry.objects.filter(code="body.changed").exists()


def test_full_seats_cannot_drop_below_those_held(org):
    _seat(org, "F-1")
    _seat(org, "F-2")
    message = _refused("body.seats-held", lambda: _change(org.committee, full_seats=1))
    assert "2 full seats of Central Committee are held" in message and "(asked: 1)" in message
    assert Body.objects.get(pk=org.committee.pk).full_seats == 3
    assert _change(org.committee, full_seats=2).full_seats == 2


def test_alternate_seats_cannot_drop_below_the_highest_rank_held(org):
    _seat(org, "A-2", SeatRole.ALTERNATE, rank=2)
    message = _refused("body.seats-held", lambda: _change(org.committee, alternate_seats=1))
    assert "holds rank 2" in message and "(asked: 1)" in message


def test_kind_and_electing_body_are_fixed_once_the_body_has_had_seats(org):
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=10,
    )
    # Before any seat both may change.
    body = _change(org.committee, kind=BodyKind.EXECUTIVE, elected_by=congress)
    assert (body.kind, body.elected_by) == ("executive", congress)
    seat = _seat(org, "F-1")
    seat.refresh_from_db()
    message = _refused("body.fixed-once-seated", lambda: _change(body, kind=BodyKind.COMMITTEE))
    assert "has had seats (1)" in message
    _refused("body.fixed-once-seated", lambda: _change(body, elected_by=None))


def test_a_body_cannot_be_elected_by_a_body_it_elects(org):
    presidium = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=5,
        elected_by=org.committee,
    )
    _refused("body.election-cycle", lambda: _change(org.committee, elected_by=presidium))
    _refused("body.election-cycle", lambda: _change(org.committee, elected_by=org.committee))


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"name": "x" * 201}, "body.text-length"),
        ({"description": "x" * 10_001}, "body.text-length"),
        ({"full_seats": 0}, "body.size"),
        ({"full_seats": 10_001}, "body.size"),
        ({"alternate_seats": -1}, "body.size"),
        ({"term_start": datetime.date(1899, 12, 31)}, "body.term-dates"),
        (
            {"term_start": datetime.date(2021, 1, 1), "term_end": datetime.date(2020, 1, 1)},
            "body.term-dates",
        ),
    ],
)
def test_bad_input_is_refused_by_its_rule_and_changes_nothing(org, changes, rule):
    _refused(rule, lambda: _change(org.committee, **changes))
    assert Body.objects.get(pk=org.committee.pk).revision == 0
    assert not JournalEntry.objects.filter(code="body.changed").exists()


def test_a_stale_form_is_refused(org):
    _change(org.committee, name="Renamed")
    message = _refused(
        "body.stale-form",
        lambda: update_body(
            actor=SYSTEM,
            body=org.committee,
            name="Again",
            kind=BodyKind.COMMITTEE,
            full_seats=3,
            alternate_seats=2,
            elected_by=None,
            term_start=None,
            term_end=None,
            description="",
            revision=0,
        ),
    )
    assert "revision 0, now 1" in message


def test_only_an_admin_changes_or_dissolves_a_body(org):
    actor = Actor.page(org.secretary)
    with pytest.raises(NotPermitted):
        update_body(
            actor=actor,
            body=org.committee,
            name="X",
            kind=BodyKind.COMMITTEE,
            full_seats=3,
            alternate_seats=2,
            elected_by=None,
            term_start=None,
            term_end=None,
            description="",
        )
    with pytest.raises(NotPermitted):
        dissolve_body(actor=actor, body=org.committee, on=timezone.localdate())


@pytest.fixture
def sitting(org):
    """The committee with two full members, two alternates and a chair."""
    full = [_seat(org, "F-1"), _seat(org, "F-2")]
    _seat(org, "A-1", SeatRole.ALTERNATE, rank=1)
    _seat(org, "A-2", SeatRole.ALTERNATE, rank=2)
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    assert full[0].member is not None
    appoint_to_office(actor=SYSTEM, office=office, member=full[0].member, start=START)
    return org


def test_dissolving_vacates_every_seat_and_ends_every_term_and_keeps_the_history(sitting):
    on = timezone.localdate()
    body = dissolve_body(actor=SYSTEM, body=sitting.committee, on=on)
    assert body.dissolved_on == on
    seats = Seat.objects.filter(body=body)
    assert seats.count() == 4  # history kept; no alternate stepped up into a closing seat
    assert not seats.filter(vacated_on__isnull=True).exists()
    assert set(seats.values_list("vacated_reason", flat=True)) == {"body dissolved"}
    term = OfficeTerm.objects.get(office__body=body)
    assert (term.end, term.ended_because) == (on, "body dissolved")
    codes = list(
        JournalEntry.objects.filter(body_id=body.pk)
        .order_by("sequence")
        .values_list("code", flat=True)
    )
    assert codes[-6:] == [
        "body.office.term_ended",
        *["body.seat.vacated"] * 4,
        "body.dissolved",
    ]
    entry = JournalEntry.objects.get(code="body.dissolved")
    assert entry.payload == {
        "body": "cc",
        "on": on.isoformat(),
        "seats_vacated": 4,
        "terms_ended": 1,
    }


def test_a_dissolved_body_takes_no_new_seats_offices_orders_or_changes(sitting):
    body = dissolve_body(actor=SYSTEM, body=sitting.committee, on=timezone.localdate())
    newcomer = register_member(
        actor=SYSTEM, organization=sitting.organization, number="N-1", name="N"
    )
    calls = [
        lambda: seat_member(
            actor=SYSTEM, body=body, member=newcomer, role=SeatRole.FULL, origin=SeatOrigin.ELECTED
        ),
        lambda: create_office(actor=SYSTEM, body=body, title="Secretary", slug="secretary"),
        lambda: appoint_to_office(
            actor=SYSTEM, office=body.offices.get(slug="chair"), member=newcomer
        ),
        lambda: adopt_standing_orders(
            actor=SYSTEM, body=body, title="Orders", document=dict(PRESETS["lenin-era"])
        ),
        lambda: _change(body, name="Revived"),
        lambda: dissolve_body(actor=SYSTEM, body=body, on=timezone.localdate()),
        lambda: create_body(
            actor=SYSTEM,
            organization=sitting.organization,
            name="Presidium",
            slug="presidium",
            kind=BodyKind.EXECUTIVE,
            full_seats=3,
            elected_by=body,
        ),
    ]
    for call in calls:
        assert "was dissolved on" in _refused("body.dissolved", call)


@pytest.mark.parametrize(
    ("on", "says"),
    [
        (lambda: timezone.localdate() + datetime.timedelta(days=1), "is in the future"),
        (lambda: datetime.date(1899, 1, 1), "out of range"),
    ],
)
def test_the_dissolution_date_is_checked_and_a_refusal_changes_nothing(sitting, on, says):
    message = _refused(
        "body.dissolve-date", lambda: dissolve_body(actor=SYSTEM, body=sitting.committee, on=on())
    )
    assert says in message
    assert Seat.objects.filter(body=sitting.committee, vacated_on__isnull=True).count() == 4
    assert Body.objects.get(pk=sitting.committee.pk).dissolved_on is None


def test_a_dissolution_before_a_seat_began_is_refused_as_a_whole(sitting):
    """A seat's own rule refuses the date; nothing else was vacated either."""
    late = _seat(sitting, "F-3")
    Seat.objects.filter(pk=late.pk).update(term_start=timezone.localdate())
    before = timezone.localdate() - datetime.timedelta(days=1)
    _refused(
        "seat.vacate-date", lambda: dissolve_body(actor=SYSTEM, body=sitting.committee, on=before)
    )
    assert Seat.objects.filter(body=sitting.committee, vacated_on__isnull=True).count() == 5
    assert not OfficeTerm.objects.filter(end__isnull=False).exists()
