"""Every change to a vote, one function each. Pages, the API, the CLI and the demo import
them from here."""

from collegium.voting.actions.casting import Cast, CastResult, cast_ballot, cast_ballots
from collegium.voting.actions.closing import close_vote
from collegium.voting.actions.declaring import declare_election
from collegium.voting.actions.electing import (
    answer_nomination,
    call_election,
    nominate,
    open_ballot,
)
from collegium.voting.actions.opening import open_vote
from collegium.voting.actions.recalling import open_recall

__all__ = [
    "Cast",
    "CastResult",
    "answer_nomination",
    "call_election",
    "cast_ballot",
    "cast_ballots",
    "close_vote",
    "declare_election",
    "nominate",
    "open_ballot",
    "open_recall",
    "open_vote",
]
