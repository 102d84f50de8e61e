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
from dataclasses import replace
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from collegium.rules.elections.ordering import (
    check_places,
    groups_by_votes,
    order_places,
    split_places,
)
from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.elections.top_preferences import TopPreferences, standing_mask
from collegium.rules.text import _, and_list, comma_list, gettext_noop, ngettext
from collegium.rules.ties import Lot

# One count for one place: (winner or None, its rounds, a clause explaining the decision).
_Count = tuple[str | None, list[CountRound], str]
# (ballots, candidates already placed, lot, first round number, the places already filled).
_CountOne = Callable[[RankedBallots, list[int], Lot, int, Sequence[str]], _Count]

_TITLES = {
    "irv": gettext_noop("Instant-runoff"),
    "two-round": gettext_noop("Two-round system"),
}


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
        groups_by_votes(votes),
        seats=seats,
        places=seats + alternates,
        lot=lot,
        purpose=_("plurality"),
    )
    elected, runners_up = split_places(ordered, seats)
    without = ballots.ballot_count - valid
    first_round = CountRound(
        number=1,
        action=_("first preferences"),
        votes={name: Decimal(v) for name, v in votes.items()},
        elected=elected,
        note=ngettext(
            "%(count)d ballot without a standing preference",
            "%(count)d ballots without a standing preference",
            without,
        )
        % {"count": without},
    )
    if elected:
        won = comma_list([f"{n} ({votes[n]}, {_share(votes[n], valid)})" for n in elected])
        explanation = _("Plurality: elected %(elected)s of %(valid)d valid votes.") % {
            "elected": won,
            "valid": valid,
        }
    else:
        explanation = _("Plurality: no valid votes, nobody elected.")
    return ElectionResult(
        method="plurality",
        elected=elected,
        alternates=runners_up,
        rounds=(first_round,),
        lots=tuple(lot.draws),
        explanation=explanation,
    )


def _stage(placed: Sequence[str], stage: str) -> str:
    """A round's action; in a repeated count for a later place, with that place."""
    if not placed:
        return stage
    return _("count for place %(place)d (without %(placed)s): %(stage)s") % {
        "place": len(placed) + 1,
        "placed": comma_list(placed),
        "stage": stage,
    }


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
        winner, count_rounds, clause = count_one(
            ballots, [index[n] for n in placed], lot, len(rounds) + 1, tuple(placed)
        )
        rounds.extend(count_rounds)
        if winner is None:
            break
        placed.append(winner)
        clauses.append(clause)
    elected, runners_up = split_places(placed, seats)
    values = {"method": title}
    if not placed:
        explanation = _("%(method)s: no valid votes, nobody elected.") % values
    elif len(placed) == 1:
        explanation = _("%(method)s: %(count)s.") % {**values, "count": clauses[0]}
    else:
        explanation = _(
            "%(method)s: %(count)s; repeated counts without the earlier winners placed %(names)s."
        ) % {**values, "count": clauses[0], "names": comma_list(placed[1:])}
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
    tied_names = comma_list([names[c] for c in tied])
    pool = tied
    for back in range(len(history) - 2, -1, -1):
        earlier = history[back]
        low = min(int(earlier[c]) for c in pool)
        pool = [c for c in pool if int(earlier[c]) == low]
        if len(pool) == 1:
            return pool[0], _(
                "%(tied)s tied for fewest votes; %(name)s had fewest (%(votes)d) in round %(round)d"
            ) % {
                "tied": tied_names,
                "name": names[pool[0]],
                "votes": low,
                "round": first_number + back,
            }
    chosen = lot.draw([names[c] for c in pool], _("instant-runoff: exclusion among tied"))
    return names.index(chosen), _("%(tied)s tied for fewest votes; lot excluded %(name)s") % {
        "tied": tied_names,
        "name": chosen,
    }


def _irv_count(
    ballots: RankedBallots, excluded: list[int], lot: Lot, first_number: int, placed: Sequence[str]
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
        if not rounds:
            stage = _("first preferences")
        else:
            stage = _("transfer of %(names)s's votes") % {"names": and_list(rounds[-1].excluded)}
        counted = CountRound(
            number=number,
            action=_stage(placed, stage),
            votes=_votes(names, votes, continuing),
            transfers=transfers,
            exhausted=Decimal(int(tallies[0]) - empty),
        )
        leader = max(continuing, key=lambda c: int(votes[c]))
        if 2 * int(votes[leader]) > active or len(continuing) == 1:
            rounds.append(
                replace(
                    counted,
                    elected=(names[leader],),
                    note=_("%(name)s holds %(votes)d of %(active)d continuing votes")
                    % {"name": names[leader], "votes": int(votes[leader]), "active": active},
                )
            )
            clause = _(
                "%(name)s elected in round %(round)d with %(votes)d of %(active)d continuing "
                "votes (%(share)s)"
            ) % {
                "name": names[leader],
                "round": len(rounds),
                "votes": int(votes[leader]),
                "active": active,
                "share": _share(int(votes[leader]), active),
            }
            return names[leader], rounds, clause
        low = min(int(votes[c]) for c in continuing)
        lowest = [c for c in continuing if int(votes[c]) == low]
        if low == 0:  # no ballot moves, so their order cannot matter: no lot
            losers = lowest
            note = _("no votes") if len(lowest) == 1 else _("no votes: excluded together")
        else:
            loser, note = _fewest(lowest, history, first_number, names, lot)
            losers = [loser]
        rounds.append(replace(counted, excluded=tuple(names[c] for c in losers), note=note))
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
    return _sequential("irv", _(_TITLES["irv"]), _irv_count, ballots, seats, alternates, seed)


def _first_position(rankings: npt.NDArray[np.int32], candidate: int) -> npt.NDArray[np.intp]:
    """Position of the candidate in each row; the row width where it is not ranked."""
    marks = rankings == candidate
    return np.where(marks.any(axis=1), marks.argmax(axis=1), rankings.shape[1])


def _two_round_count(
    ballots: RankedBallots, excluded: list[int], lot: Lot, first_number: int, placed: Sequence[str]
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
    figures = {
        "name": leader,
        "votes": votes[leader],
        "valid": valid,
        "share": _share(votes[leader], valid),
    }
    if 2 * votes[leader] > valid:
        first = CountRound(
            number=first_number,
            action=_stage(placed, _("first round")),
            votes={n: Decimal(v) for n, v in votes.items()},
            elected=(leader,),
            note=_("%(name)s holds an absolute majority: %(votes)d of %(valid)d valid votes")
            % figures,
        )
        clause = (
            _(
                "%(name)s elected in the first round with %(votes)d of %(valid)d valid votes "
                "(%(share)s)"
            )
            % figures
        )
        return leader, [first], clause
    pair = order_places(
        groups_by_votes(votes), seats=2, places=2, lot=lot, purpose=_("two-round: run-off place")
    )
    first = CountRound(
        number=first_number,
        action=_stage(placed, _("first round")),
        votes={n: Decimal(v) for n, v in votes.items()},
        note=_("no absolute majority of %(valid)d valid votes; run-off between %(pair)s")
        % {"valid": valid, "pair": and_list(pair)},
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
        winner = lot.draw([a, b], _("two-round: tied run-off"))
    runoff = CountRound(
        number=first_number + 1,
        action=_stage(placed, _("run-off")),
        votes={a: Decimal(votes_a), b: Decimal(votes_b)},
        elected=(winner,),
        exhausted=Decimal(ballots.ballot_count - votes_a - votes_b),
        note=_("each ballot counts for whichever of %(first)s and %(second)s it ranks higher")
        % {"first": a, "second": b},
    )
    clause = _(
        "no absolute majority in the first round (%(name)s %(votes)d of %(valid)d); "
        "%(winner)s won the run-off %(most)d to %(fewest)d"
    ) % {
        **figures,
        "winner": winner,
        "most": max(votes_a, votes_b),
        "fewest": min(votes_a, votes_b),
    }
    return winner, [first, runoff], clause


def two_round(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Absolute majority in round one, else a run-off of the top two from the same ballots."""
    return _sequential(
        "two-round", _(_TITLES["two-round"]), _two_round_count, ballots, seats, alternates, seed
    )
