"""Vote weights: a full seat may carry a weight (a delegate of a larger unit); where the
orders' majority measures weight (":weight") an electronic vote is decided by the sums
of the ballots' weights, and the published box carries each ballot's weight."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from collegium.bodies.actions import adopt_standing_orders, reweigh_seat, seat_member
from collegium.bodies.models import Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.meetings import actions as meeting
from collegium.registry.actions import register_member
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions
from collegium.voting.actions.box import box_digest
from collegium.voting.queries import published_box
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee
from tests.voting.helpers import refused

pytestmark = pytest.mark.django_db


def _weighted(org: Org) -> Meeting:
    """The committee's sitting open; the majority is the simple majority by weight, and
    full member 1 carries a weight of 5 (changed after seating, without vacating)."""
    m = committee(org)
    document = dict(PRESETS["lenin-era"])
    document["majority"] = "simple:weight"
    document["guest_seats"] = ["congress", "committee"]
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="weighted", document=document)
    reweigh_seat(actor=SYSTEM, seat=m.full[0], weight=Decimal(5), reason="A larger unit")
    # The sitting binds the orders in force when it opens.
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:5]])
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    return m


@pytest.mark.parametrize("form", ["named", "secret"])
def test_a_weighted_majority_decides_by_the_ballots_weights(org: Org, form: str) -> None:
    m = _weighted(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Greetings", form=form)
    # One weighty yes (5) against four no (4 by weight, 4 by heads).
    for index, choice in enumerate(["yes", "no", "no", "no", "no"]):
        actions.cast_ballot(actor=m.actor(m.full[index]), vote=vote, choice=choice)
    closed = actions.close_vote(actor=m.chair, vote=vote)
    assert (closed.yes, closed.no) == (1, 4)
    assert closed.outcome == "adopted", closed.explanation
    assert "by weight" in closed.explanation
    if form == "secret":
        box = published_box(closed)
        assert sorted(w for _r, _c, w in box) == [1, 1, 1, 1, 5]
        assert box_digest(box) == closed.box_digest


def test_an_open_vote_keeps_the_weights_of_its_opening(org: Org) -> None:
    m = _weighted(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="First", form="secret")
    reweigh_seat(actor=SYSTEM, seat=m.full[0], weight=Decimal(2), reason="The unit shrank")
    actions.cast_ballot(actor=m.actor(m.full[0]), vote=vote, choice="yes")
    first = actions.close_vote(actor=m.chair, vote=vote)
    assert [w for _r, _c, w in published_box(first)] == [5]
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Second", form="secret")
    actions.cast_ballot(actor=m.actor(m.full[0]), vote=vote, choice="yes")
    second = actions.close_vote(actor=m.chair, vote=vote)
    assert [w for _r, _c, w in published_box(second)] == [2]


def test_seats_vacated_while_a_vote_is_open_do_not_change_its_figures(org: Org) -> None:
    """Entitled by weight is fixed at opening, as present is: before, it was read at the
    close, and vacating seats meanwhile could leave fewer entitled than present."""
    from collegium.bodies.actions import vacate_seat

    m = _weighted(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="named")
    assert vote.entitled_weight == sum(
        s.weight for s in Seat.objects.filter(pk__in=[s.pk for s in m.full])
    )
    for seat in m.full[1:]:
        vacate_seat(actor=SYSTEM, seat=seat, reason="Resigned")
    actions.cast_ballot(actor=m.actor(m.full[0]), vote=vote, choice="yes")
    closed = actions.close_vote(actor=m.chair, vote=vote)
    assert closed.outcome == "adopted", closed.explanation


def test_a_seat_weight_is_checked_when_seated(org: Org) -> None:
    member = register_member(
        actor=SYSTEM, organization=org.organization, number="W-1", name="Weighty Delegate"
    )

    def seating(weight: Decimal) -> Callable[[], object]:
        return lambda: seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            member=member,
            weight=weight,
        )

    for weight in (Decimal(0), Decimal("-1"), Decimal("1000001"), Decimal("1.0005")):
        refused("seat.weight", seating(weight))
    refused(
        "seat.weight",
        lambda: seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.ALTERNATE,
            origin=SeatOrigin.ELECTED,
            member=member,
            weight=Decimal(2),
        ),
    )
    seat = seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=member,
        weight=Decimal("2.5"),
    )
    assert seat.weight == Decimal("2.5")


def test_a_weighted_seat_over_the_api(org: Org) -> None:
    from tests.meetings.test_api import client_for, post

    register_member(actor=SYSTEM, organization=org.organization, number="W-2", name="Delegate")
    answer = post(
        client_for(org.admin),
        "/api/organizations/test-union/bodies/cc/seats",
        {"role": "full", "origin": "delegated", "member_number": "W-2", "weight": "3"},
    )
    assert answer.status_code == 201, answer.json()
    assert Decimal(answer.json()["weight"]) == 3
