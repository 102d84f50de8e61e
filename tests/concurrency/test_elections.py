"""Elections under simultaneous actions (both databases: every action takes its
organization's chain first): a result declared from several threads at once seats the
body once; one member nominated from several threads at once stands once; proxies given
at once to one holder stop at the orders' most."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from collegium.bodies.actions import adopt_standing_orders, create_body
from collegium.bodies.models import BodyKind, Seat
from collegium.journal.actors import SYSTEM
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions
from collegium.voting.actions import electing
from collegium.voting.actions.proxies import give_proxy
from collegium.voting.models import Candidate, Election, Proxy
from tests.concurrency.conftest import errors_of, refusals_of, simultaneously, successes_of
from tests.journal.chains import assert_all_intact
from tests.voting.helpers import sitting_open

pytestmark = pytest.mark.django_db(transaction=True)


def _counted(org: Any) -> tuple[Any, Election]:
    m = sitting_open(org)
    presidium = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=2,
        alternate_seats=1,
        elected_by=org.committee,
    )
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    for seat in m.full[:3]:
        assert seat.member is not None
        candidate = electing.nominate(actor=m.chair, election=election, member=seat.member)
        electing.answer_nomination(actor=m.chair, candidate=candidate, consents=True)
    vote = electing.open_ballot(actor=m.chair, election=election).vote
    assert vote is not None
    for seat, ballot in zip(m.full[:5], ["1 2", "1 3", "2 1", "3 2", "1"], strict=True):
        actions.cast_ballot(actor=m.actor(seat), vote=vote, choice=ballot)
    actions.close_vote(actor=m.chair, vote=vote)
    election.refresh_from_db()
    return m, election


def test_a_result_declared_six_times_at_once_seats_the_body_once(org: Any) -> None:
    m, election = _counted(org)
    outcomes = simultaneously(
        [lambda: actions.declare_election(actor=m.chair, election=election)] * 6
    )
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert {rule for rule, _sentence in refusals_of(outcomes)} == {"election.not-counted"}
    assert Seat.objects.filter(body__slug="presidium", vacated_on__isnull=True).count() == 3
    assert_all_intact()


def test_one_member_nominated_from_six_threads_stands_once(org: Any) -> None:
    m = sitting_open(org)
    presidium = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=2,
        elected_by=org.committee,
    )
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    member = m.full[0].member
    assert member is not None
    outcomes = simultaneously(
        [lambda: electing.nominate(actor=m.chair, election=election, member=member)] * 6
    )
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert {rule for rule, _sentence in refusals_of(outcomes)} == {"election.nominated"}
    assert Candidate.objects.filter(election=election).count() == 1


def test_proxies_given_at_once_to_one_holder_stop_at_the_most(org: Any) -> None:
    m = sitting_open(org, preset="lenin-era")
    document = dict(PRESETS["lenin-era"])
    votes = document["votes"]
    assert isinstance(votes, dict)
    document["votes"] = {**votes, "proxies": 2}
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="proxies", document=document)
    holder = m.full[0]
    givers = m.full[1:7]

    def giving(giver: Seat) -> Callable[[], Proxy]:
        return lambda: give_proxy(actor=m.chair, giver=giver, holder=holder)

    outcomes = simultaneously([giving(giver) for giver in givers])
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 2
    assert {rule for rule, _sentence in refusals_of(outcomes)} == {"proxy.too-many"}
    assert Proxy.objects.filter(holder=holder, revoked_at__isnull=True).count() == 2
