"""The election methods by name, as the CLI, the API and the pages select them.

Every ranked method has the same signature:

    count(ballots: RankedBallots, *, seats: int, alternates: int = 0, seed: str = "")
        -> ElectionResult

`seed` is the recorded seed for any lot the count has to draw (rules.ties.Lot).
Modules are imported on first use so that `collegium tally` starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import ElectionResult
from collegium.rules.errors import RuleError
from collegium.rules.text import _


class RankedMethod(Protocol):
    def __call__(
        self, ballots: RankedBallots, *, seats: int, alternates: int = 0, seed: str = ""
    ) -> ElectionResult: ...


# name -> "module:function"
RANKED_METHODS: dict[str, str] = {
    "scottish-stv": "collegium.rules.elections.stv.scottish:count",
    "meek-stv": "collegium.rules.elections.stv.meek:count",
    "irv": "collegium.rules.elections.single_winner:instant_runoff",
    "plurality": "collegium.rules.elections.single_winner:plurality",
    "two-round": "collegium.rules.elections.single_winner:two_round",
    "schulze": "collegium.rules.elections.condorcet:schulze",
    "ranked-pairs": "collegium.rules.elections.condorcet:ranked_pairs",
}


# Methods whose ballots mark candidates instead of ranking them
# (rules.elections.candidate_votes): per candidate yes/no/abstain, or marks.
MARK_METHODS: tuple[str, ...] = ("yes-no-abstain", "approval", "block", "limited", "cumulative")
# Every method an election may be held by: what the standing orders may name.
ELECTION_METHODS: tuple[str, ...] = (*RANKED_METHODS, *MARK_METHODS)
# Methods that need a number of marks (or votes) per ballot from the orders.
NEEDS_MARKS: frozenset[str] = frozenset({"limited", "cumulative"})


def ranked_method(name: str) -> RankedMethod:
    try:
        target = RANKED_METHODS[name]
    except KeyError:
        known = ", ".join(sorted(RANKED_METHODS))
        raise RuleError(
            _("unknown election method %(name)s; known: %(known)s")
            % {"name": repr(name), "known": known},
            rule="election.method",
        ) from None
    module, function = target.split(":")
    found: Callable[..., ElectionResult] = getattr(importlib.import_module(module), function)
    return found
