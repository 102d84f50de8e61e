"""Elections at a sitting: nominations with consent, the ballot by the orders' method,
the count kept round by round, and the declared result seating the elected body (or
filling an office) through the seat actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import appoint_to_office, create_body, create_office, seat_member
from collegium.bodies.models import Body, BodyKind, OfficeTerm, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status
from collegium.registry.models import Member, MemberStatus
from collegium.voting import actions
from collegium.voting.actions import electing
from collegium.voting.actions.declaring import declare_election
from collegium.voting.models import Ballot, Candidate, Consent, Election, ElectionState, Vote
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.voting.helpers import refused, sitting_open

pytestmark = pytest.mark.django_db


def _presidium(m: Meeting, full: int = 2, alternates: int = 1) -> Body:
    return create_body(
        actor=SYSTEM,
        organization=m.org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=full,
        alternate_seats=alternates,
        elected_by=m.org.committee,
    )


def _member(m: Meeting, index: int) -> Member:
    member = m.full[index - 1].member
    assert member is not None
    return member


def _standing(m: Meeting, election: Election, indexes: range | list[int]) -> None:
    """Nominate full members by index; each consents (as the chair records it)."""
    for index in indexes:
        candidate = electing.nominate(
            actor=m.chair, election=election, member=_member(m, index), nominated_by="the floor"
        )
        electing.answer_nomination(actor=m.chair, candidate=candidate, consents=True)


def _voters(m: Meeting) -> list[Actor]:
    """The five full members present and the alternate stepping in (Lenin-era rules)."""
    return [m.actor(seat) for seat in m.full[:5]] + [m.actor(m.alternates[0])]


def test_stv_election_seats_the_body_in_the_counts_order(org: Org) -> None:
    m = sitting_open(org)
    presidium = _presidium(m)
    # The previous term: two full members sit already; the election ends their seats.
    old = [
        seat_member(
            actor=SYSTEM,
            body=presidium,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            member=_member(m, 7),
        )
    ]
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    assert (election.seats, election.alternates, election.method) == (2, 1, "scottish-stv")
    _standing(m, election, [1, 2, 3, 4])
    declining = electing.nominate(actor=m.chair, election=election, member=_member(m, 5))
    assert declining.consent == Consent.ASKED
    # The nominee answers for themself.
    electing.answer_nomination(actor=m.actor(m.full[4]), candidate=declining, consents=False)
    election = electing.open_ballot(actor=m.chair, election=election)
    assert election.state == ElectionState.BALLOT and election.vote is not None
    vote = election.vote
    assert vote.form == "secret"  # the orders make elections secret
    paper = list(Candidate.objects.filter(election=election, number__isnull=False))
    assert [c.name for c in sorted(paper, key=lambda c: c.number or 0)] == [
        "Full Member 1",
        "Full Member 2",
        "Full Member 3",
        "Full Member 4",
    ]
    # 6 voters: 1 > 2 (three ballots), 2 > 1, 3 > 4, 4 > 3 > 1.
    ballots = ["1 2", "1 2", "1 2", "2 1", "3 4", "4 3 1"]
    receipts = [
        actions.cast_ballot(actor=actor, vote=vote, choice=ballot).receipt
        for actor, ballot in zip(_voters(m), ballots, strict=True)
    ]
    assert all(receipts)
    assert sorted(Ballot.objects.filter(vote=vote).values_list("content", flat=True)) == sorted(
        ballots
    )
    actions.close_vote(actor=m.chair, vote=vote)
    election.refresh_from_db()
    assert election.state == ElectionState.COUNTED
    result = election.result
    assert result is not None
    assert result["elected"][0] == "Full Member 1"
    assert len(result["elected"]) == 2 and len(result["alternates"]) == 1
    assert result["rounds"][0]["action"]  # the stages are kept
    assert "Scottish STV" in election.explanation
    # Nobody is seated before the chair declares.
    assert Seat.objects.filter(body=presidium, vacated_on__isnull=True).count() == 1
    declare_election(actor=m.chair, election=election)
    seats = Seat.objects.filter(body=presidium, vacated_on__isnull=True).select_related("member")
    full = [s.member.name for s in seats.filter(role=SeatRole.FULL).order_by("pk") if s.member]
    alternates = [
        (s.rank, s.member.name) for s in seats.filter(role=SeatRole.ALTERNATE) if s.member
    ]
    assert full == result["elected"]
    assert alternates == [(1, result["alternates"][0])]
    assert all(s.origin == SeatOrigin.ELECTED for s in seats)
    old[0].refresh_from_db()
    assert old[0].vacated_on is not None and "term ended" in old[0].vacated_reason
    codes = list(
        JournalEntry.objects.filter(code__startswith="election.").values_list("code", flat=True)
    )
    for code in ("election.called", "election.nominated", "election.consent"):
        assert code in codes
    assert codes[-4:] == [
        "election.ballot_opened",
        "election.counted",
        "election.count",
        "election.declared",
    ]
    # Declared once: a second declaration is refused and changes nothing.
    refused(
        "election.not-counted",
        lambda: declare_election(actor=m.chair, election=election),
    )


def test_yes_no_abstain_election_of_alternates_under_1956_practice(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    presidium = _presidium(m, full=1, alternates=2)
    election = electing.call_election(
        actor=m.chair, sitting=m.sitting, body=presidium, places=electing.ALTERNATES
    )
    assert (election.seats, election.alternates, election.method) == (0, 2, "yes-no-abstain")
    _standing(m, election, [2, 3, 4])
    vote = electing.open_ballot(actor=m.chair, election=election).vote
    assert vote is not None
    # Under 1956 practice only the five full members present vote.
    voters = [m.actor(seat) for seat in m.full[:5]]
    for actor, ballot in zip(voters, ["y y n", "y y n", "y n n", "y y a", "n y n"], strict=True):
        actions.cast_ballot(actor=actor, vote=vote, choice=ballot)
    actions.close_vote(actor=m.chair, vote=vote)
    declare_election(actor=m.chair, election=election)
    alternates = Seat.objects.filter(
        body=presidium, role=SeatRole.ALTERNATE, vacated_on__isnull=True
    ).order_by("rank")
    # Member 2: 4 yes; member 3: 4 yes — a tie for first rank, drawn by lot; member 4: no.
    names = [s.member.name for s in alternates if s.member]
    assert sorted(names) == ["Full Member 2", "Full Member 3"]
    assert [s.rank for s in alternates] == [1, 2]
    assert not Seat.objects.filter(body=presidium, role=SeatRole.FULL).exists()


def test_office_is_filled_by_instant_runoff_and_the_previous_term_ends(org: Org) -> None:
    m = sitting_open(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="First Secretary", slug="first")
    previous = appoint_to_office(actor=SYSTEM, office=office, member=_member(m, 6))
    election = electing.call_election(actor=m.chair, sitting=m.sitting, office=office)
    assert (election.seats, election.alternates, election.method) == (1, 0, "irv")
    _standing(m, election, [1, 2, 3])
    vote = electing.open_ballot(actor=m.chair, election=election).vote
    assert vote is not None
    # First preferences 2, 3 and 1: member 3 is excluded, and that ballot goes to 2.
    for actor, ballot in zip(_voters(m), ["1", "1", "2 1", "2", "2", "3 2"], strict=True):
        actions.cast_ballot(actor=actor, vote=vote, choice=ballot)
    actions.close_vote(actor=m.chair, vote=vote)
    declare_election(actor=m.chair, election=election)
    previous.refresh_from_db()
    assert previous.end is not None and "term ended" in previous.ended_because
    current = OfficeTerm.objects.get(office=office, end__isnull=True)
    assert current.holder.name == "Full Member 2"


def test_nominations_and_ballots_refused_with_the_rule_and_nothing_changed(org: Org) -> None:
    m = sitting_open(org)
    presidium = _presidium(m)
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    refused(
        "election.candidates",
        lambda: electing.open_ballot(actor=m.chair, election=election),
    )
    _standing(m, election, [1])
    refused(
        "election.nominated",
        lambda: electing.nominate(actor=m.chair, election=election, member=_member(m, 1)),
    )
    change_member_status(
        actor=SYSTEM, member=_member(m, 2), status=MemberStatus.SUSPENDED, reason="test"
    )
    refused(
        "election.candidate",
        lambda: electing.nominate(actor=m.chair, election=election, member=_member(m, 2)),
    )
    # A member who is not the chair records no nomination.
    with pytest.raises(NotPermitted):
        electing.nominate(actor=m.actor(m.full[2]), election=election, member=_member(m, 3))
    # Nor answers for another nominee.
    candidate = Candidate.objects.get(election=election)
    with pytest.raises(NotPermitted):
        electing.answer_nomination(actor=m.actor(m.full[2]), candidate=candidate, consents=False)
    refused(
        "election.not-counted",
        lambda: declare_election(actor=m.chair, election=election),
    )
    vote = electing.open_ballot(actor=m.chair, election=election).vote
    assert vote is not None
    voter = m.actor(m.full[0])

    def casting(bad: str) -> Callable[[], object]:
        return lambda: actions.cast_ballot(actor=voter, vote=vote, choice=bad)

    for bad in ("yes", "2", "1 1", "x", "1\x00"):
        refused("election.ballot", casting(bad))
    refused(
        "election.nominations-closed",
        lambda: electing.nominate(actor=m.chair, election=election, member=_member(m, 3)),
    )
    # A ballot is refused to an alternate who does not step in (1956 rules elsewhere), and
    # to a voter twice.
    actions.cast_ballot(actor=voter, vote=vote, choice="1")
    refused(
        "vote.already-voted",
        lambda: actions.cast_ballot(actor=voter, vote=vote, choice="1"),
    )
    refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=m.actor(m.alternates[1]), vote=vote, choice="1"),
    )


def test_an_election_is_called_only_for_what_the_body_elects(org: Org) -> None:
    m = sitting_open(org)
    stranger = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Auditing Commission",
        slug="audit",
        kind=BodyKind.COMMISSION,
        full_seats=3,
    )
    refused(
        "election.elector",
        lambda: electing.call_election(actor=m.chair, sitting=m.sitting, body=stranger),
    )
    refused(
        "election.target",
        lambda: electing.call_election(actor=m.chair, sitting=m.sitting),
    )
    presidium = _presidium(m, full=2, alternates=0)
    refused(
        "election.target",
        lambda: electing.call_election(
            actor=m.chair, sitting=m.sitting, body=presidium, places=electing.ALTERNATES
        ),
    )


def test_a_named_election_keeps_each_ballot_by_name_where_roll_calls_go(org: Org) -> None:
    m = sitting_open(org)
    presidium = _presidium(m, full=1, alternates=0)
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    _standing(m, election, [1, 2])
    # The orders make elections secret: a named ballot is refused.
    refused(
        "vote.form-secret",
        lambda: electing.open_ballot(actor=m.chair, election=election, form="named"),
    )
    refused(
        "election.form",
        lambda: electing.open_ballot(actor=m.chair, election=election, form="show-of-hands"),
    )
    assert not Vote.objects.exists()


def test_recall_by_the_orders_majority_ends_the_term_and_keeps_the_seat(org: Org) -> None:
    m = sitting_open(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="First Secretary", slug="first")
    holder = _member(m, 1)
    term = appoint_to_office(actor=SYSTEM, office=office, member=holder)
    # Four of six against the holder: the default (simple) majority recalls them.
    vote = actions.open_recall(actor=m.chair, sitting=m.sitting, term=term, form="named")
    assert vote.kind == "recall" and "First Secretary" in vote.subject
    for actor, choice in zip(_voters(m), ["yes", "yes", "yes", "yes", "no", "no"], strict=True):
        actions.cast_ballot(actor=actor, vote=vote, choice=choice)
    closed = actions.close_vote(actor=m.chair, vote=vote)
    assert closed.outcome == "adopted"
    term.refresh_from_db()
    assert term.end is not None and "recalled by vote" in term.ended_because
    assert Seat.objects.filter(
        body=org.committee, member=holder, role=SeatRole.FULL, vacated_on__isnull=True
    ).exists()
    refused(
        "office.term-ended",
        lambda: actions.open_recall(actor=m.chair, sitting=m.sitting, term=term),
    )


def test_a_recall_that_fails_leaves_the_holder_in_office(org: Org) -> None:
    m = sitting_open(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="First Secretary", slug="first")
    term = appoint_to_office(actor=SYSTEM, office=office, member=_member(m, 2))
    vote = actions.open_recall(actor=m.chair, sitting=m.sitting, term=term, form="named")
    for actor, choice in zip(_voters(m), ["yes", "yes", "no", "no", "no", "abstain"], strict=True):
        actions.cast_ballot(actor=actor, vote=vote, choice=choice)
    assert actions.close_vote(actor=m.chair, vote=vote).outcome == "not-adopted"
    term.refresh_from_db()
    assert term.end is None
