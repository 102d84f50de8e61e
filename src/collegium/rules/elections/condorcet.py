"""Condorcet methods: Schulze and ranked pairs, from the pairwise preferences of the ballots.

Pairwise preferences (rules.elections.pairwise): a ballot ranks the candidates it names
above those it leaves out, which are tied with each other. This is the usual reading of
truncated ballots (pref_voting calls it extended strict preference); counting a truncated
ballot for no pair involving an unranked candidate would instead let short ballots decide
nothing.

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
from enum import Enum

import numpy as np
import numpy.typing as npt

from collegium.rules.elections.ordering import check_places, order_places, split_places
from collegium.rules.elections.pairwise import matrix_json, pairwise_tables
from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.text import _, comma_list, gettext_noop
from collegium.rules.ties import Lot


class PairNote(Enum):
    """Why a pair of ranked pairs was locked or skipped, beyond its margin."""

    NONE = "none"
    CYCLE = "cycle"  # skipped: it would close a cycle of locked pairs
    LOT = "lot"  # locked in an order among equal margins drawn by lot


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
    purpose = _("%(method)s: tied rank") % {"method": method}
    ordered = order_places(groups, seats=seats, places=seats + alternates, lot=lot, purpose=purpose)
    elected, runners_up = split_places(ordered, seats)
    return elected, runners_up, ordered


def _ranking_text(layers: list[list[int]], names: Sequence[str]) -> str:
    """ "A > B = C > D": symbols, the same in every language."""
    return " > ".join(" = ".join(names[x] for x in layer) for layer in layers)


def _start(
    ballots: RankedBallots, seats: int, alternates: int
) -> tuple[tuple[str, ...], list[int], npt.NDArray[np.int64]] | None:
    """Names, standing members and pairwise preferences; None when no ballot ranks a
    standing candidate (no valid vote)."""
    check_places(seats, alternates)
    preferences, ranked = pairwise_tables(ballots)
    if not ranked.any():
        return None
    return ballots.candidates, _members(ballots), preferences


def _preferences_round(
    preferences: npt.NDArray[np.int64], names: Sequence[str], members: list[int]
) -> CountRound:
    """Round 1 of both methods: the pairwise preference matrix."""
    return CountRound(
        number=1,
        action=_("pairwise preferences"),
        note=matrix_json(preferences, names, members),
    )


def _nobody(method: str, title: str, rounds: tuple[CountRound, ...] = ()) -> ElectionResult:
    return ElectionResult(
        method=method,
        elected=(),
        rounds=rounds,
        explanation=_("%(method)s: no valid votes.") % {"method": title},
    )


def schulze(
    ballots: RankedBallots, *, seats: int = 1, alternates: int = 0, seed: str = ""
) -> ElectionResult:
    """Schulze method (winning votes); seats and alternates from its full ranking."""
    start = _start(ballots, seats, alternates)
    if start is None:
        return _nobody("schulze", _("Schulze"))
    names, members, preferences = start
    lot = Lot(seed)
    paths = strongest_paths(preferences)
    beats = paths > paths.T
    layers = _layers(beats, members)
    elected, runners_up, ordered = _finish("schulze", layers, names, seats, alternates, lot)
    wins = beats.sum(axis=1)
    rounds = (
        _preferences_round(preferences, names, members),
        CountRound(
            number=2,
            action=_("strongest paths"),
            note=matrix_json(paths, names, members),
        ),
        CountRound(
            number=3,
            action=_("ranking"),
            votes={names[x]: Decimal(int(wins[x])) for x in members},
            elected=elected,
            note=_("votes: candidates each beats by strongest paths; %(ranking)s")
            % {"ranking": _ranking_text(layers, names)},
        ),
    )
    first = names.index(ordered[0])
    others = [y for y in members if y != first]
    versus = comma_list(
        [f"{names[y]} {int(paths[first, y])}–{int(paths[y, first])}" for y in others]
    )
    values = {"first": ordered[0], "versus": versus, "ranking": _ranking_text(layers, names)}
    if versus:
        explanation = (
            _(
                "Schulze: %(first)s ranked first, strongest paths against %(versus)s; "
                "ranking %(ranking)s."
            )
            % values
        )
    else:
        explanation = _("Schulze: %(first)s ranked first; ranking %(ranking)s.") % values
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
    start = _start(ballots, seats, alternates)
    if start is None:
        return _nobody("ranked-pairs", _("Ranked pairs"))
    names, members, preferences = start
    lot = Lot(seed)
    majorities = [(x, y) for x in members for y in members if preferences[x, y] > preferences[y, x]]
    by_margin: dict[int, list[tuple[int, int]]] = {}
    for x, y in majorities:
        by_margin.setdefault(int(preferences[x, y] - preferences[y, x]), []).append((x, y))
    size = len(names)
    locked = np.zeros((size, size), dtype=np.bool_)
    rounds = [_preferences_round(preferences, names, members)]

    def lot_key(pair: tuple[int, int]) -> str:
        # What the lot draws among: never translated, since the draw hashes it and anyone
        # holding the seed must be able to re-draw it.
        return f"{names[pair[0]]} over {names[pair[1]]}"

    def figures(pair: tuple[int, int], margin: int) -> dict[str, object]:
        x, y = pair
        return {
            "winner": names[x],
            "loser": names[y],
            "margin": margin,
            "for": int(preferences[x, y]),
            "against": int(preferences[y, x]),
        }

    notes = {
        PairNote.NONE: gettext_noop("margin %(margin)d (%(for)d to %(against)d)"),
        PairNote.CYCLE: gettext_noop(
            "margin %(margin)d (%(for)d to %(against)d); would close a cycle"
        ),
        PairNote.LOT: gettext_noop(
            "margin %(margin)d (%(for)d to %(against)d); order among equal margins drawn by lot"
        ),
    }
    skipped = 0
    strongest: dict[str, object] | None = None  # the first pair locked: the largest margin

    def record(pair: tuple[int, int], margin: int, taken: bool, note: PairNote) -> None:
        nonlocal skipped, strongest
        x, y = pair
        values = figures(pair, margin)
        if taken:
            action = _("lock %(winner)s over %(loser)s") % values
            strongest = strongest or values
        else:
            action = _("skip %(winner)s over %(loser)s") % values
            skipped += 1
        rounds.append(
            CountRound(
                number=len(rounds) + 1,
                action=action,
                votes={
                    names[x]: Decimal(int(preferences[x, y])),
                    names[y]: Decimal(int(preferences[y, x])),
                },
                note=_(notes[note]) % values,
            )
        )

    for margin in sorted(by_margin, reverse=True):
        # A pair that closes a cycle with the pairs already locked does so in any order.
        group = []
        for pair in by_margin[margin]:
            if _reaches(locked, pair[1], pair[0]):
                record(pair, margin, False, PairNote.CYCLE)
            else:
                group.append(pair)
        together = _lock_all(locked, group)
        if together is not None:
            locked = together
            for pair in group:
                record(pair, margin, True, PairNote.NONE)
            continue
        by_key = {lot_key(p): p for p in group}
        purpose = _("ranked-pairs: order of margin %(margin)d") % {"margin": margin}
        for key in lot.order(list(by_key), purpose):
            pair = by_key[key]
            if _reaches(locked, pair[1], pair[0]):
                record(pair, margin, False, PairNote.CYCLE)
            else:
                locked[pair] = True
                record(pair, margin, True, PairNote.LOT)
    layers = _layers(locked, members)
    elected, runners_up, ordered = _finish("ranked-pairs", layers, names, seats, alternates, lot)
    values = {
        "first": ordered[0],
        "locked": len(majorities) - skipped,
        "majorities": len(majorities),
        "ranking": _ranking_text(layers, names),
    }
    if strongest is not None:
        explanation = _(
            "Ranked pairs: %(first)s ranked first after locking %(locked)d of %(majorities)d "
            "majorities, the strongest %(winner)s over %(loser)s (margin %(margin)d "
            "(%(for)d to %(against)d)); ranking %(ranking)s."
        ) % {**strongest, **values}
    else:
        explanation = (
            _(
                "Ranked pairs: %(first)s ranked first after locking %(locked)d of "
                "%(majorities)d majorities; ranking %(ranking)s."
            )
            % values
        )
    return ElectionResult(
        method="ranked-pairs",
        elected=elected,
        alternates=runners_up,
        rounds=tuple(rounds),
        lots=tuple(lot.draws),
        explanation=explanation,
    )
