"""Condorcet methods: Schulze and ranked pairs, from the pairwise preferences of the ballots.

Pairwise preferences (rules.pairwise): a ballot ranks the candidates it names above those it
leaves out, which are tied with each other. This is the usual reading of truncated ballots
(pref_voting calls it extended strict preference); counting a truncated ballot for no pair
involving an unranked candidate would instead let short ballots decide nothing.

Schulze (winning votes): the link from X to Y has strength d[X, Y] when more ballots rank X
above Y than Y above X, else 0; the strongest path is the widest path of links (Floyd–
Warshall on the C x C matrix). X is ranked above Y when its strongest path to Y is stronger
than Y's to X. That relation is a strict partial order; the full ranking takes, in turn,
every remaining candidate that no remaining candidate beats. On complete ballots winning
votes and margins (pref_voting's default strength) give the same result; on truncated ones
they can differ, and we follow Schulze's own choice of winning votes.

Ranked pairs (margins): every majority X over Y is taken in order of margin d[X, Y] - d[Y, X],
largest first, and locked unless it would close a cycle of locked pairs. Pairs with equal
margins are locked together when together they close no cycle; otherwise the order in which
they are tried is drawn by lot. The ranking takes, in turn, the remaining candidates over
whom no remaining candidate is locked.

Seats and alternates: both methods fill seats with the top of their full ranking and rank
alternates by the rest of it. Candidates tied in that ranking (several unbeaten at once)
are ordered by lot where the order decides a seat or an alternate's place.

With no ballot ranking any standing candidate there is no valid vote and nobody is elected.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from collegium.rules.ordering import check_places, order_places, split_places
from collegium.rules.pairwise import matrix_json, pairwise_tables
from collegium.rules.profile import RankedBallots
from collegium.rules.results import CountRound, ElectionResult
from collegium.rules.ties import Lot


def strongest_paths(preferences: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Schulze's strongest-path strengths (winning votes) for a pairwise preference matrix."""
    paths = np.where(preferences > preferences.T, preferences, 0)
    for via in range(paths.shape[0]):
        paths = np.maximum(paths, np.minimum(paths[:, via, None], paths[None, via, :]))
    np.fill_diagonal(paths, 0)
    return paths


def _layers(beats: npt.NDArray[np.bool_], members: Sequence[int]) -> list[list[int]]:
    """Unbeaten candidates first, then those unbeaten once the first are gone, and so on."""
    remaining = list(members)
    layers: list[list[int]] = []
    while remaining:
        top = [x for x in remaining if not any(beats[y, x] for y in remaining)]
        if not top:  # a cycle: cannot happen for Schulze's relation or an acyclic lock graph
            raise AssertionError("the ranking relation has a cycle")
        layers.append(top)
        remaining = [x for x in remaining if x not in top]
    return layers


def _members(ballots: RankedBallots) -> list[int]:
    return list(ballots.continuing)


def _finish(
    method: str,
    layers: list[list[int]],
    names: Sequence[str],
    seats: int,
    alternates: int,
    lot: Lot,
) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    groups = [[names[x] for x in layer] for layer in layers]
    ordered = order_places(
        groups, seats=seats, places=seats + alternates, lot=lot, purpose=f"{method}: tied rank"
    )
    elected, runners_up = split_places(ordered, seats)
    return elected, runners_up, ordered


def _ranking_text(layers: list[list[int]], names: Sequence[str]) -> str:
    return " > ".join(" = ".join(names[x] for x in layer) for layer in layers)


def _nobody(method: str, title: str, rounds: tuple[CountRound, ...] = ()) -> ElectionResult:
    return ElectionResult(
        method=method, elected=(), rounds=rounds, explanation=f"{title}: no valid votes."
    )


def schulze(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Schulze method (winning votes); seats and alternates from its full ranking."""
    check_places(seats, alternates)
    names = ballots.candidates
    members = _members(ballots)
    preferences, ranked = pairwise_tables(ballots)
    if not ranked.any():  # no ballot ranks a standing candidate
        return _nobody("schulze", "Schulze")
    lot = Lot(seed)
    paths = strongest_paths(preferences)
    beats = paths > paths.T
    layers = _layers(beats, members)
    elected, runners_up, ordered = _finish("schulze", layers, names, seats, alternates, lot)
    wins = beats.sum(axis=1)
    rounds = (
        CountRound(
            number=1,
            action="pairwise preferences",
            note=matrix_json(preferences, names, members),
        ),
        CountRound(
            number=2,
            action="strongest paths",
            note=matrix_json(paths, names, members),
        ),
        CountRound(
            number=3,
            action="ranking",
            votes={names[x]: Decimal(int(wins[x])) for x in members},
            elected=elected,
            note=f"votes: candidates each beats by strongest paths; {_ranking_text(layers, names)}",
        ),
    )
    first = names.index(ordered[0])
    others = [y for y in members if y != first]
    versus = ", ".join(f"{names[y]} {int(paths[first, y])}–{int(paths[y, first])}" for y in others)
    explanation = f"Schulze: {ordered[0]} ranked first"
    if versus:
        explanation += f", strongest paths against {versus}"
    explanation += f"; ranking {_ranking_text(layers, names)}."
    return ElectionResult(
        method="schulze",
        elected=elected,
        alternates=runners_up,
        rounds=rounds,
        lots=tuple(lot.draws),
        explanation=explanation,
    )


def _reaches(locked: npt.NDArray[np.bool_], start: int, goal: int) -> bool:
    seen = {start}
    frontier = [start]
    while frontier:
        here = frontier.pop()
        if here == goal:
            return True
        for nxt in np.flatnonzero(locked[here]):
            step = int(nxt)
            if step not in seen:
                seen.add(step)
                frontier.append(step)
    return False


def _lock_all(
    locked: npt.NDArray[np.bool_], group: Sequence[tuple[int, int]]
) -> npt.NDArray[np.bool_] | None:
    """The lock graph with all of the group added, or None if that closes a cycle."""
    trial = locked.copy()
    for winner, loser in group:
        trial[winner, loser] = True
    for winner, loser in group:
        if _reaches(trial, loser, winner):
            return None
    return trial


def ranked_pairs(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Ranked pairs (Tideman) by margins; seats and alternates from its full ranking."""
    check_places(seats, alternates)
    names = ballots.candidates
    members = _members(ballots)
    preferences, ranked = pairwise_tables(ballots)
    if not ranked.any():  # no ballot ranks a standing candidate
        return _nobody("ranked-pairs", "Ranked pairs")
    lot = Lot(seed)
    majorities = [(x, y) for x in members for y in members if preferences[x, y] > preferences[y, x]]
    by_margin: dict[int, list[tuple[int, int]]] = {}
    for x, y in majorities:
        by_margin.setdefault(int(preferences[x, y] - preferences[y, x]), []).append((x, y))
    size = len(names)
    locked = np.zeros((size, size), dtype=np.bool_)
    rounds = [
        CountRound(
            number=1,
            action="pairwise preferences",
            note=matrix_json(preferences, names, members),
        )
    ]

    def label(pair: tuple[int, int]) -> str:
        return f"{names[pair[0]]} over {names[pair[1]]}"

    def record(pair: tuple[int, int], margin: int, taken: bool, note: str = "") -> None:
        x, y = pair
        numbers = f"margin {margin} ({int(preferences[x, y])} to {int(preferences[y, x])})"
        rounds.append(
            CountRound(
                number=len(rounds) + 1,
                action=("lock " if taken else "skip ") + label(pair),
                votes={
                    names[x]: Decimal(int(preferences[x, y])),
                    names[y]: Decimal(int(preferences[y, x])),
                },
                note=numbers + (f"; {note}" if note else ""),
            )
        )

    for margin in sorted(by_margin, reverse=True):
        # A pair that closes a cycle with the pairs already locked does so in any order.
        group = []
        for pair in by_margin[margin]:
            if _reaches(locked, pair[1], pair[0]):
                record(pair, margin, False, "would close a cycle")
            else:
                group.append(pair)
        together = _lock_all(locked, group)
        if together is not None:
            locked = together
            for pair in group:
                record(pair, margin, True)
            continue
        drawn = lot.order([label(p) for p in group], f"ranked-pairs: order of margin {margin}")
        for text in drawn:
            pair = next(p for p in group if label(p) == text)
            if _reaches(locked, pair[1], pair[0]):
                record(pair, margin, False, "would close a cycle")
            else:
                locked[pair] = True
                record(pair, margin, True, "order among equal margins drawn by lot")
    layers = _layers(locked, members)
    elected, runners_up, ordered = _finish("ranked-pairs", layers, names, seats, alternates, lot)
    skipped = sum(1 for r in rounds if r.action.startswith("skip "))
    explanation = (
        f"Ranked pairs: {ordered[0]} ranked first after locking "
        f"{len(majorities) - skipped} of {len(majorities)} majorities"
    )
    if majorities:
        strongest = rounds[1]
        explanation += f", the strongest {strongest.action[5:]} ({strongest.note.split(';')[0]})"
    explanation += f"; ranking {_ranking_text(layers, names)}."
    return ElectionResult(
        method="ranked-pairs",
        elected=elected,
        alternates=runners_up,
        rounds=tuple(rounds),
        lots=tuple(lot.draws),
        explanation=explanation,
    )
