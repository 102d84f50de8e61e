"""What the tests of votes share: the committee of tests.meetings.helpers with its sitting
open (full members 1–5 and alternate 1 checked in), and a refusal that changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from collegium.meetings import actions as meeting
from collegium.rules.errors import RuleError
from collegium.voting.models import (
    Ballot,
    Candidate,
    Election,
    Participation,
    Proxy,
    Vote,
    Voter,
)
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee

TABLES = (Vote, Voter, Participation, Ballot, Election, Candidate, Proxy)


def sitting_open(org: Org, preset: str = "lenin-era", present: int = 5) -> Meeting:
    """The committee's sitting open, full members 1..`present` and alternate 1 present,
    the agenda adopted."""
    m = committee(org, preset)
    seats = [s.pk for s in m.full[:present]] + [m.alternates[0].pk]
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=seats)
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    meeting.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=present, no=0)
    return m


def refused(rule: str, attempt: Callable[[], object]) -> RuleError:
    """Run `attempt`: it must be refused by `rule` and change nothing in the votes' and
    the sittings' tables nor in the journal."""
    return unchanged.refused(rule, attempt, (*unchanged.TABLES, *TABLES))
