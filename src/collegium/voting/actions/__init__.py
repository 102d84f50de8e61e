"""Every change to a vote, one function each. Pages, the API, the CLI and the demo import
them from here."""

from collegium.voting.actions.casting import Cast, CastResult, cast_ballot, cast_ballots
from collegium.voting.actions.closing import close_vote
from collegium.voting.actions.opening import open_vote

__all__ = ["Cast", "CastResult", "cast_ballot", "cast_ballots", "close_vote", "open_vote"]
