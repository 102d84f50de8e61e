"""The demo's elections, held through the election actions like any other: the Congress
elects the Central Committee (full members and alternates, on separate lists as in 1956)
and the Central Auditing Commission; the Central Committee, at its first plenum, elects
the Praesidium and the First Secretary.

The delegates' ballots are entered by the system (voting.actions.casting.Cast with a
member): the demo's delegates have no logins. Under "1956 practice" every ballot keeps
every name (yes to each candidate), as the Congress's were; under "Lenin-era rules" the
ballots rank the official list, except that the delegates who signed the counter-report
put Mikoyan first, so the count's stages show a transfer of votes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from collegium.bodies.models import Body, Office, SeatRole
from collegium.demo.sittings import MOSCOW, PLACE
from collegium.journal.actors import SYSTEM
from collegium.meetings import actions as meeting
from collegium.meetings.models import Sitting
from collegium.meetings.queries import agenda_of, current_seats
from collegium.registry.models import Member
from collegium.voting.actions import (
    Cast,
    answer_nomination,
    call_election,
    cast_ballots,
    close_vote,
    declare_election,
    nominate,
    open_ballot,
)
from collegium.voting.actions.electing import ALTERNATES, FULL, paper_of
from collegium.voting.models import Candidate, Election, Voter

NOMINATED_BY = "the Presidium of the Congress"


def elect(
    sitting: Sitting,
    candidates: Sequence[Member],
    *,
    body: Body | None = None,
    office: Office | None = None,
    places: str = FULL,
    favoured_by: frozenset[int] = frozenset(),
    favourite: Member | None = None,
) -> Election:
    """Hold one election and declare it: `candidates` in the official list's order;
    the members in `favoured_by` (member ids) rank `favourite` first on a ranked ballot."""
    election = call_election(actor=SYSTEM, sitting=sitting, body=body, office=office, places=places)
    for member in candidates:
        candidate = nominate(
            actor=SYSTEM, election=election, member=member, nominated_by=NOMINATED_BY
        )
        answer_nomination(actor=SYSTEM, candidate=candidate, consents=True)
    election = open_ballot(actor=SYSTEM, election=election)
    vote = election.vote
    assert vote is not None
    paper = paper_of(election)
    numbers = dict(Candidate.objects.filter(election=election).values_list("member_id", "number"))
    official = [str(numbers[member.pk]) for member in candidates]
    if paper.ranked:
        ranked = " ".join(official)
        first = (
            str(numbers[favourite.pk]) if favourite is not None and favourite.pk in numbers else ""
        )
        favoured = " ".join([first, *(n for n in official if n != first)]) if first else ranked
    else:
        # Yes to every name, in the paper's order.
        ranked = favoured = " ".join("y" for _name in paper.candidates)
    voters = Voter.objects.filter(vote=vote).values_list("member_id", flat=True)
    cast_ballots(
        actor=SYSTEM,
        vote=vote,
        casts=[
            Cast(
                user_id=None, choice=favoured if member in favoured_by else ranked, member_id=member
            )
            for member in voters
        ],
    )
    close_vote(actor=SYSTEM, vote=vote)
    return declare_election(actor=SYSTEM, election=election)


def first_plenum(
    committee: Body,
    praesidium: Body,
    first_secretary: Office,
    full: Sequence[Member],
    alternates: Sequence[Member],
    leader: Member,
) -> Sitting:
    """The Central Committee's first plenum, 27 February 1956: it elects the Praesidium
    (full members, then alternates) and the First Secretary."""
    sitting = meeting.convene_sitting(
        actor=SYSTEM,
        body=committee,
        title="First plenum, 27 February 1956",
        starts_at=datetime.datetime(1956, 2, 27, 11, 0, tzinfo=MOSCOW),
        place=PLACE,
        agenda=[("Election of the Praesidium and the First Secretary", "election")],
    )
    seats = list(current_seats(committee))
    meeting.check_in(actor=SYSTEM, sitting=sitting, seats=[seat.pk for seat in seats])
    meeting.open_sitting(actor=SYSTEM, sitting=sitting)
    voters = sum(1 for seat in seats if seat.role == SeatRole.FULL)
    meeting.adopt_agenda(actor=SYSTEM, sitting=sitting, yes=voters, no=0, abstain=0)
    (item,) = agenda_of(sitting)
    meeting.open_item(actor=SYSTEM, item=item)
    elect(sitting, full, body=praesidium, places=FULL)
    elect(sitting, alternates, body=praesidium, places=ALTERNATES)
    elect(sitting, [leader], office=first_secretary)
    meeting.close_item(actor=SYSTEM, item=item)
    meeting.close_sitting(actor=SYSTEM, sitting=sitting)
    return sitting
