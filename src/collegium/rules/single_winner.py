"""Single-winner ranked methods: plurality, the two-round system and instant-runoff (IRV).

All three read RankedBallots and count each ballot for its highest preference among the
candidates standing (withdrawn candidates are skipped, as if never printed). A ballot with
no standing preference is not a valid vote; a place is filled only while some ballot still
has a standing preference, so an election with no valid vote elects nobody.

Plurality: each ballot counts for its first standing preference; most votes wins. With
several seats the candidates with the most first preferences take them (single
non-transferable vote); alternates follow in order of first preferences. A candidate needs at
least one vote. Ties that decide a seat or the order of alternates are drawn by lot.

Two-round: a candidate with more than half of the valid votes in the first round is elected.
Otherwise the two with the most votes meet in a run-off, which is decided from the same
ballots: each ballot counts for whichever of the two it ranks higher, and a ballot ranking
neither is exhausted. A tie for a run-off place and a tied run-off are drawn by lot.

Instant-runoff: the candidate with the fewest votes is excluded and their ballots pass to the
next standing preference, until a candidate holds more than half of the continuing
(non-exhausted) votes. A tie for fewest votes is broken by looking back, most recent round
first: in a round where the tied candidates' votes differ, only those with fewest stay in the
tie; when one is left, they are excluded. A tie that survives every round is drawn by lot.
Candidates with no votes at all are excluded together: no ballot moves, so their order
cannot change anything.
Each round shows the tallies it decided on, what the previous exclusion transferred, and
the ballots exhausted so far (a ballot with no standing preference at all is not a valid
vote and is not counted as exhausted).

Several seats and alternates for two-round and IRV are filled by sequential counts: the
count is repeated without the candidates already placed, and each repeat's winner takes the
next place (seats first, then alternates in order). This is a majoritarian ranking, not a
proportional one; use STV for proportional representation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from collegium.rules.ordering import check_places, groups_by_votes, order_places, split_places
from collegium.rules.profile import RankedBallots
from collegium.rules.results import CountRound, ElectionResult
from collegium.rules.ties import Lot
from collegium.rules.top_preferences import TopPreferences, standing_mask

# One count for one place: (winner or None, its rounds, a clause explaining the decision).
_Count = tuple[str | None, list[CountRound], str]
_CountOne = Callable[[RankedBallots, list[int], Lot, int, str], _Count]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _votes(
    names: Sequence[str], tallies: npt.NDArray[np.int64], members: Sequence[int]
) -> dict[str, Decimal]:
    return {names[c]: Decimal(int(tallies[c])) for c in members}


def plurality(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Most first preferences wins; several seats go to the most first preferences."""
    check_places(seats, alternates)
    lot = Lot(seed)
    names = ballots.candidates
    standing = standing_mask(ballots)
    members = [int(c) for c in np.flatnonzero(standing)]
    tallies = TopPreferences(ballots, standing).tallies()[1:]
    votes = {names[c]: int(tallies[c]) for c in members}
    valid = sum(votes.values())
    ordered = order_places(
        groups_by_votes(votes), seats=seats, places=seats + alternates, lot=lot, purpose="plurality"
    )
    elected, runners_up = split_places(ordered, seats)
    first_round = CountRound(
        number=1,
        action="first preferences",
        votes={name: Decimal(v) for name, v in votes.items()},
        elected=elected,
        note=f"{ballots.ballot_count - valid} ballots without a standing preference",
    )
    if elected:
        won = ", ".join(f"{n} ({votes[n]}, {_share(votes[n], valid)})" for n in elected)
        explanation = f"Plurality: elected {won} of {valid} valid votes."
    else:
        explanation = "Plurality: no valid votes, nobody elected."
    return ElectionResult(
        method="plurality",
        elected=elected,
        alternates=runners_up,
        rounds=(first_round,),
        lots=tuple(lot.draws),
        explanation=explanation,
    )


def _sequential(
    method: str,
    title: str,
    count_one: _CountOne,
    ballots: RankedBallots,
    seats: int,
    alternates: int,
    seed: str,
) -> ElectionResult:
    """Fill seats, then alternates, by repeating a single-winner count without earlier winners."""
    check_places(seats, alternates)
    lot = Lot(seed)
    index = {name: i for i, name in enumerate(ballots.candidates)}
    placed: list[str] = []
    rounds: list[CountRound] = []
    clauses: list[str] = []
    while len(placed) < seats + alternates:
        label = ""
        if placed:
            label = f"count for place {len(placed) + 1} (without {', '.join(placed)}): "
        winner, count_rounds, clause = count_one(
            ballots, [index[n] for n in placed], lot, len(rounds) + 1, label
        )
        rounds.extend(count_rounds)
        if winner is None:
            break
        placed.append(winner)
        clauses.append(clause)
    elected, runners_up = split_places(placed, seats)
    if not placed:
        explanation = f"{title}: no valid votes, nobody elected."
    else:
        explanation = f"{title}: {clauses[0]}"
        if len(placed) > 1:
            explanation += (
                f"; repeated counts without the earlier winners placed {', '.join(placed[1:])}"
            )
        explanation += "."
    return ElectionResult(
        method=method,
        elected=elected,
        alternates=runners_up,
        rounds=tuple(rounds),
        lots=tuple(lot.draws),
        explanation=explanation,
    )


def _fewest(
    tied: list[int],
    history: list[npt.NDArray[np.int64]],
    first_number: int,
    names: Sequence[str],
    lot: Lot,
) -> tuple[int, str]:
    """Whom to exclude among candidates tied for fewest votes, and a note saying why."""
    if len(tied) == 1:
        return tied[0], ""
    tied_names = ", ".join(names[c] for c in tied)
    pool = tied
    for back in range(len(history) - 2, -1, -1):
        earlier = history[back]
        low = min(int(earlier[c]) for c in pool)
        pool = [c for c in pool if int(earlier[c]) == low]
        if len(pool) == 1:
            return pool[0], (
                f"{tied_names} tied for fewest votes; {names[pool[0]]} had fewest "
                f"({low}) in round {first_number + back}"
            )
    chosen = lot.draw([names[c] for c in pool], "instant-runoff: exclusion among tied")
    return names.index(chosen), f"{tied_names} tied for fewest votes; lot excluded {chosen}"


def _irv_count(
    ballots: RankedBallots, excluded: list[int], lot: Lot, first_number: int, label: str
) -> _Count:
    names = ballots.candidates
    standing = standing_mask(ballots, excluded)
    preferences = TopPreferences(ballots, standing)
    tallies = preferences.tallies()
    empty = int(tallies[0])
    continuing = [int(c) for c in np.flatnonzero(standing)]
    rounds: list[CountRound] = []
    history: list[npt.NDArray[np.int64]] = []
    transfers: dict[str, Decimal] = {}
    while True:
        votes = tallies[1:].copy()
        history.append(votes)
        active = sum(int(votes[c]) for c in continuing)
        if active == 0:
            return None, rounds, ""
        number = first_number + len(rounds)
        action = label + (
            "first preferences"
            if not rounds
            else f"transfer of {' and '.join(rounds[-1].excluded)}'s votes"
        )
        leader = max(continuing, key=lambda c: int(votes[c]))
        if 2 * int(votes[leader]) > active or len(continuing) == 1:
            rounds.append(
                CountRound(
                    number=number,
                    action=action,
                    votes=_votes(names, votes, continuing),
                    transfers=transfers,
                    elected=(names[leader],),
                    exhausted=Decimal(int(tallies[0]) - empty),
                    note=f"{names[leader]} holds {int(votes[leader])} of {active} continuing votes",
                )
            )
            clause = (
                f"{names[leader]} elected in round {len(rounds)} with {int(votes[leader])} of "
                f"{active} continuing votes ({_share(int(votes[leader]), active)})"
            )
            return names[leader], rounds, clause
        low = min(int(votes[c]) for c in continuing)
        lowest = [c for c in continuing if int(votes[c]) == low]
        if low == 0:  # no ballot moves, so their order cannot matter: no lot
            losers, note = lowest, "no votes" if len(lowest) == 1 else "no votes: excluded together"
        else:
            loser, note = _fewest(lowest, history, first_number, names, lot)
            losers = [loser]
        rounds.append(
            CountRound(
                number=number,
                action=action,
                votes=_votes(names, votes, continuing),
                transfers=transfers,
                excluded=tuple(names[c] for c in losers),
                exhausted=Decimal(int(tallies[0]) - empty),
                note=note,
            )
        )
        moved = np.zeros_like(tallies)
        for loser in losers:
            moved += preferences.exclude(loser)
            continuing.remove(loser)
        tallies += moved
        tallies[[c + 1 for c in losers]] = 0
        transfers = {names[c]: Decimal(int(moved[c + 1])) for c in continuing if moved[c + 1]}
        transfers.update({names[c]: Decimal(-int(votes[c])) for c in losers if votes[c]})
        if moved[0]:
            transfers["exhausted"] = Decimal(int(moved[0]))


def instant_runoff(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Instant-runoff; several seats and alternates by sequential counts (module docstring)."""
    return _sequential("irv", "Instant-runoff", _irv_count, ballots, seats, alternates, seed)


def _first_position(rankings: npt.NDArray[np.int32], candidate: int) -> npt.NDArray[np.intp]:
    """Position of the candidate in each row; the row width where it is not ranked."""
    marks = rankings == candidate
    return np.where(marks.any(axis=1), marks.argmax(axis=1), rankings.shape[1])


def _two_round_count(
    ballots: RankedBallots, excluded: list[int], lot: Lot, first_number: int, label: str
) -> _Count:
    names = ballots.candidates
    standing = standing_mask(ballots, excluded)
    tallies = TopPreferences(ballots, standing).tallies()[1:]
    members = [int(c) for c in np.flatnonzero(standing)]
    votes = {names[c]: int(tallies[c]) for c in members}
    valid = sum(votes.values())
    if valid == 0:
        return None, [], ""
    leader = max(votes, key=lambda n: votes[n])
    if 2 * votes[leader] > valid:
        first = CountRound(
            number=first_number,
            action=label + "first round",
            votes={n: Decimal(v) for n, v in votes.items()},
            elected=(leader,),
            note=f"{leader} holds an absolute majority: {votes[leader]} of {valid} valid votes",
        )
        clause = (
            f"{leader} elected in the first round with {votes[leader]} of {valid} valid votes "
            f"({_share(votes[leader], valid)})"
        )
        return leader, [first], clause
    pair = order_places(
        groups_by_votes(votes), seats=2, places=2, lot=lot, purpose="two-round: run-off place"
    )
    first = CountRound(
        number=first_number,
        action=label + "first round",
        votes={n: Decimal(v) for n, v in votes.items()},
        note=f"no absolute majority of {valid} valid votes; run-off between {' and '.join(pair)}",
    )
    if len(pair) == 1:  # only one candidate has any vote, and not a majority: impossible
        raise AssertionError("a lone candidate with votes holds every valid vote")
    a, b = pair
    position_a = _first_position(ballots.rankings, names.index(a))
    position_b = _first_position(ballots.rankings, names.index(b))
    votes_a = int(ballots.weights[position_a < position_b].sum())
    votes_b = int(ballots.weights[position_b < position_a].sum())
    if votes_a != votes_b:
        winner = a if votes_a > votes_b else b
    else:
        winner = lot.draw([a, b], "two-round: tied run-off")
    runoff = CountRound(
        number=first_number + 1,
        action=label + "run-off",
        votes={a: Decimal(votes_a), b: Decimal(votes_b)},
        elected=(winner,),
        exhausted=Decimal(ballots.ballot_count - votes_a - votes_b),
        note=f"each ballot counts for whichever of {a} and {b} it ranks higher",
    )
    clause = (
        f"no absolute majority in the first round ({leader} {votes[leader]} of {valid}); "
        f"{winner} won the run-off {max(votes_a, votes_b)} to {min(votes_a, votes_b)}"
    )
    return winner, [first, runoff], clause


def two_round(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Absolute majority in round one, else a run-off of the top two from the same ballots."""
    return _sequential(
        "two-round", "Two-round system", _two_round_count, ballots, seats, alternates, seed
    )
