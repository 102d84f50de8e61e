"""The roll: checking in and out by seat and by member number, in bulk, twice; alternates
stepping in and back as the orders say, each change journaled."""

from __future__ import annotations

import datetime

from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders, create_body
from collegium.bodies.models import BodyKind, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import Presence, StandingIn
from collegium.meetings.queries import roll_state
from collegium.registry.actions import import_members
from collegium.registry.importing import parse_register
from collegium.registry.models import Member
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org
from tests.meetings.helpers import meeting
from tests.meetings.unchanged import changes_nothing, refused

CONGRESS = 1349


def _entries(code: str) -> list[dict[str, object]]:
    return list(
        JournalEntry.objects.filter(code=code)
        .order_by("sequence")
        .values_list("payload", flat=True)
    )


def test_an_unknown_number_is_refused_naming_its_line(org: Org) -> None:
    m = meeting(org)
    refusal = refused(
        "sitting.unknown-number",
        lambda: actions.check_in(
            actor=m.chair, sitting=m.sitting, numbers=["S-full1", "S-full2", "NOPE-9"]
        ),
    )
    assert str(refusal) == "Line 3: NOPE-9 holds no seat in Central Committee."
    # A member of the organization without a seat in the body is unknown here too.
    refused(
        "sitting.unknown-number",
        lambda: actions.check_in(actor=m.chair, sitting=m.sitting, numbers=["M-1"]),
    )
    refused(
        "sitting.unknown-seat",
        lambda: actions.check_in(actor=m.chair, sitting=m.sitting, seats=[10**9]),
    )


def test_checking_in_twice_changes_nothing_the_second_time(org: Org) -> None:
    m = meeting(org)
    seats = [s.pk for s in m.full[:3]]
    assert actions.check_in(actor=m.chair, sitting=m.sitting, seats=seats) == 3
    with changes_nothing():
        assert actions.check_in(actor=m.chair, sitting=m.sitting, seats=seats) == 0
        assert actions.check_in(actor=m.chair, sitting=m.sitting, numbers=["S-full1"]) == 0
        assert actions.check_in_self(actor=m.actor(m.full[0]), sitting=m.sitting) == 0
    assert actions.check_out(actor=m.chair, sitting=m.sitting, seats=seats[:1]) == 1
    with changes_nothing():
        assert actions.check_out(actor=m.chair, sitting=m.sitting, seats=seats[:1]) == 0
    # Back again: a new row, so the roll says who was present when.
    assert actions.check_in(actor=m.chair, sitting=m.sitting, seats=seats[:1]) == 1
    assert Presence.objects.filter(seat_id=seats[0]).count() == 2
    assert [p["seats"] for p in _entries("sitting.checked_in")] == [3, 1]


def test_only_seat_holders_check_themselves_in(org: Org) -> None:
    m = meeting(org)
    refused(
        "sitting.no-seat",
        lambda: actions.check_in_self(actor=Actor.page(org.member_user), sitting=m.sitting),
    )
    assert actions.check_in_self(actor=m.actor(m.alternates[0]), sitting=m.sitting) == 1
    assert _entries("sitting.checked_in")[-1]["by"] == "self"


def test_alternates_step_in_and_back_under_the_lenin_era_rules(org: Org) -> None:
    m = meeting(org, "lenin-era")
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:5]])
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.alternates[1].pk])
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.alternates[0].pk])
    # Two absent full members (6 and 7), two alternates present: both step in, by rank.
    standing = {
        (row.full_seat_id, row.alternate_seat_id)
        for row in StandingIn.objects.filter(until__isnull=True)
    }
    assert len(standing) == 2
    assert {alternate for _, alternate in standing} == {a.pk for a in m.alternates}
    stepped_in = _entries("sitting.alternate.stepped_in")
    assert len(stepped_in) == 2
    assert stepped_in[0]["reason"] == (
        f"Alternate 2 votes for {stepped_in[0]['for_member']}, who is absent."
    )
    quorum = roll_state(m.sitting).quorum
    assert (quorum.present, quorum.stepping_in) == (7, 2)

    # A full member arrives: the alternate standing in for them steps back.
    bound = StandingIn.objects.get(alternate_seat=m.alternates[0], until__isnull=True)
    arriving = Seat.objects.select_related("member").get(pk=bound.full_seat_id)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[arriving.pk])
    back = _entries("sitting.alternate.stepped_back")
    assert len(back) == 1
    assert back[0]["for_member"] == arriving.holder_name
    assert "no longer votes for" in str(back[0]["reason"])
    assert StandingIn.objects.filter(until__isnull=True).count() == 1
    assert StandingIn.objects.filter(until__isnull=False, full_seat=arriving).count() == 1
    assert roll_state(m.sitting).quorum.present == 7


def test_alternates_never_step_in_under_1956_practice(org: Org) -> None:
    m = meeting(org, "1956-practice")
    actions.check_in(
        actor=m.chair,
        sitting=m.sitting,
        seats=[s.pk for s in m.full[:3]] + [a.pk for a in m.alternates],
    )
    assert StandingIn.objects.count() == 0
    assert _entries("sitting.alternate.stepped_in") == []
    refusal = refused(
        "sitting.quorum", lambda: actions.open_sitting(actor=m.chair, sitting=m.sitting)
    )
    assert str(refusal) == "Quorum not reached: 3 of 7 full members present, 4 needed."


def test_a_bulk_check_in_of_a_congress_is_one_journal_entry(org: Org) -> None:
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=CONGRESS,
        alternate_seats=0,
    )
    adopt_standing_orders(
        actor=SYSTEM, body=congress, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    lines = "\n".join(f"D-{n},Delegate {n}" for n in range(1, CONGRESS + 1))
    import_members(
        actor=SYSTEM,
        organization=org.organization,
        rows=parse_register(f"number,name\n{lines}\n".encode()),
    )
    delegates = Member.objects.filter(number__startswith="D-")
    Seat.objects.bulk_create(
        Seat(body=congress, member=d, role=SeatRole.FULL, origin=SeatOrigin.DELEGATED)
        for d in delegates
    )
    sitting = actions.convene_sitting(
        actor=SYSTEM,
        body=congress,
        title="Opening",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
    )
    journal = JournalEntry.objects.count()
    numbers = [f"D-{n}" for n in range(1, CONGRESS + 1)]

    assert (
        actions.check_in(actor=Actor.page(org.admin), sitting=sitting, numbers=numbers) == CONGRESS
    )

    assert Presence.objects.filter(sitting=sitting, left_at__isnull=True).count() == CONGRESS
    assert JournalEntry.objects.count() == journal + 1
    entry = JournalEntry.objects.order_by("-sequence").first()
    assert entry is not None and entry.code == "sitting.checked_in"
    assert entry.payload["seats"] == CONGRESS
    assert roll_state(sitting).quorum.present == CONGRESS
