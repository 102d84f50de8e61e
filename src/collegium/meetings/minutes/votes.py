"""The sitting's votes and elections as its minutes record them, read from the journal:
the `voting` package is built on meetings, so the minutes read what it journaled when a
vote closed (`vote.closed`, `vote.tally`; `election.counted`, `election.count`) rather
than its tables. The journal is the record the minutes are drawn from anyway.

A vote's numbers and the sentence that explains them go into the minutes only where the
body's orders publish tallies to at least the readers of the minutes; otherwise the
minutes say the outcome and that the tally is not published with them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from collegium.journal.codes import Audience
from collegium.journal.models import JournalEntry
from collegium.meetings.models import Sitting
from collegium.rules.questions.decision import Outcome
from collegium.rules.standing_orders.settings import VOTE_FORM_WORDS, VoteForm

CODES = ("vote.closed", "vote.tally", "election.counted", "election.count")


@dataclass(frozen=True)
class ClosedVote:
    """What the journal says of one closed vote of the sitting."""

    number: int
    item: str  # the agenda item's number, or "" (also for votes journaled before items were)
    subject: str
    form: str
    outcome: str  # adopted, rejected, … ; "counted" for an election
    closed_at: datetime.datetime
    tally: dict[str, Any] | None  # vote.tally's or election.count's payload, if readable
    election: bool
    elected: tuple[str, ...]
    alternates: tuple[str, ...]


def closed_votes(sitting: Sitting, minutes_audience: Audience) -> list[ClosedVote]:
    """The sitting's closed votes in the order they closed, with the tallies the minutes'
    readers may read."""
    entries = JournalEntry.objects.filter(
        chain__organization_id=sitting.body.organization_id,
        body_id=sitting.body_id,
        code__in=CODES,
        payload__sitting=sitting.number,
    ).order_by("sequence")
    closed: dict[int, JournalEntry] = {}
    tallies: dict[int, JournalEntry] = {}
    counted: dict[int, JournalEntry] = {}
    for entry in entries:
        number = int(entry.payload.get("vote", 0))
        {
            "vote.closed": closed,
            "vote.tally": tallies,
            "election.count": tallies,
            "election.counted": counted,
        }[entry.code][number] = entry
    votes = []
    for number, entry in closed.items():
        tally = tallies.get(number)
        election = counted.get(number)
        payload = entry.payload
        votes.append(
            ClosedVote(
                number=number,
                item=str(payload.get("item", "")),
                subject=str(payload.get("subject", "")),
                form=str(payload.get("form", "")),
                outcome=str(payload.get("outcome", "")),
                closed_at=entry.recorded_at,
                tally=(
                    tally.payload
                    if tally is not None and Audience(tally.audience).reaches(minutes_audience)
                    else None
                ),
                election=election is not None,
                elected=tuple(election.payload.get("elected", ())) if election else (),
                alternates=tuple(election.payload.get("alternates", ())) if election else (),
            )
        )
    return votes


def how_taken(form: str) -> str:
    """ "By a secret electronic ballot" and the like."""
    try:
        words = VOTE_FORM_WORDS[VoteForm(form)]
    except ValueError:
        return ""
    return _("By %(form)s.") % {"form": _(words)}


def outcome_words(vote: ClosedVote) -> str:
    if vote.election:
        elected = ", ".join(vote.elected) or _("nobody")
        words = _("elected: %(names)s") % {"names": elected}
        if vote.alternates:
            words += "; " + _("alternates: %(names)s") % {"names": ", ".join(vote.alternates)}
        return words
    return {
        Outcome.ADOPTED.value: _("adopted"),
        Outcome.NOT_ADOPTED.value: _("not adopted"),
        Outcome.NOT_DECIDED.value: _("not decided: no quorum"),
    }.get(vote.outcome, vote.outcome)
