"""Adapters that run each peer library's count on the benchmark's ballots.

Every peer starts from the same rankings array (one row per ballot, padded with -1) and is
timed from there to its result, in two parts: `build` turns the array into the library's
own input (its ballot objects or profile) and `tally` runs its method. Builds are written as
a careful user would write them: identical rankings are grouped wherever the library
accepts weights, and pyrankvote reuses one Ballot object per distinct ranking.

Run as a worker (one peer, one count, in its own process so the caller can time it out):

    python -m bench.peers --library votelib --method irv --input ballots.npy --seats 1
    python -m bench.peers --library votelib --method irv --blt ballots.blt

With `--blt` the worker starts from a BLT file instead, read line by line in Python (none of
the peers reads BLT): the caller times the whole process, as it times `collegium tally`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.ballots import NO_PREFERENCE, Rankings, candidate_names, group, read_blt_lines

Build = Callable[[Rankings, Sequence[str]], Any]
Tally = Callable[[Any, Sequence[str], int], list[str]]


@dataclass(frozen=True)
class Peer:
    library: str
    method: str  # our method name it is compared with
    rules: str  # what it counts, where that differs from ours
    build: Build
    tally: Tally


def _rows(rankings: Rankings) -> list[list[int]]:
    """Each ballot's preferences without the padding."""
    return [[c for c in row if c != NO_PREFERENCE] for row in rankings.tolist()]


def _grouped_rows(rankings: Rankings) -> tuple[list[list[int]], list[int]]:
    unique, counts = group(rankings)
    return _rows(unique), counts.tolist()


# pyrankvote: one Ballot object per ballot (it has no weights).


def _pyrankvote_build(rankings: Rankings, names: Sequence[str]) -> Any:
    from pyrankvote import Ballot, Candidate

    candidates = [Candidate(name) for name in names]
    made: dict[tuple[int, ...], Any] = {}
    ballots = []
    for row in rankings.tolist():
        key = tuple(c for c in row if c != NO_PREFERENCE)
        ballot = made.get(key)
        if ballot is None:
            ballot = made[key] = Ballot(ranked_candidates=[candidates[c] for c in key])
        ballots.append(ballot)
    return candidates, ballots


def _pyrankvote_irv(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pyrankvote import instant_runoff_voting

    candidates, ballots = built
    return [c.name for c in instant_runoff_voting(candidates, ballots).get_winners()]


def _pyrankvote_stv(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pyrankvote import single_transferable_vote

    candidates, ballots = built
    result = single_transferable_vote(candidates, ballots, number_of_seats=seats)
    return [c.name for c in result.get_winners()]


# votelib: a dict from ranking (tuple of names) to number of ballots.


def _votelib_build(rankings: Rankings, names: Sequence[str]) -> Any:
    rows, counts = _grouped_rows(rankings)
    return {tuple(names[c] for c in row): n for row, n in zip(rows, counts, strict=True) if row}


def _votelib_transferable(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from votelib.evaluate.sequential import TransferableVoteSelector

    selector = TransferableVoteSelector(transferer="Gregory", quota_function="droop")
    return [str(c) for c in selector.evaluate(built, seats)]


def _votelib_schulze(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from votelib.convert import RankedToCondorcetVotes
    from votelib.evaluate.condorcet import Schulze

    pairwise = RankedToCondorcetVotes(unranked_at_bottom=True).convert(built)
    return [str(c) for c in Schulze().evaluate(pairwise, seats)]


# pref_voting: Profile for complete rankings, ProfileWithTies (rank maps) for truncated.


def _pref_voting_build(rankings: Rankings, names: Sequence[str]) -> Any:
    from pref_voting.profiles import Profile
    from pref_voting.profiles_with_ties import ProfileWithTies

    rows, counts = _grouped_rows(rankings)
    if all(len(row) == len(names) for row in rows):
        return Profile(rows, rcounts=counts)
    rank_maps = [{c: k + 1 for k, c in enumerate(row)} for row in rows]
    profile = ProfileWithTies(rank_maps, rcounts=counts, candidates=list(range(len(names))))
    # Ranked candidates beat unranked ones, as in every count we compare with.
    profile.use_extended_strict_preference()
    return profile


def _pref_voting_irv(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pref_voting.iterative_methods import instant_runoff

    return [names[c] for c in instant_runoff(built)]


def _pref_voting_schulze(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pref_voting.margin_based_methods import beat_path

    return [names[c] for c in beat_path(built)]


def _pref_voting_scottish(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pref_voting.proportional_methods import stv_scottish

    return [names[c] for c in stv_scottish(built, num_seats=seats, rng=random.Random(0))]


def _pref_voting_meek(built: Any, names: Sequence[str], seats: int) -> list[str]:
    from pref_voting.proportional_methods import stv_meek

    return [names[c] for c in stv_meek(built, num_seats=seats)]


PEERS: tuple[Peer, ...] = (
    Peer("pyrankvote", "irv", "", _pyrankvote_build, _pyrankvote_irv),
    Peer("votelib", "irv", "", _votelib_build, _votelib_transferable),
    Peer("pref_voting", "irv", "", _pref_voting_build, _pref_voting_irv),
    Peer("votelib", "schulze", "", _votelib_build, _votelib_schulze),
    Peer("pref_voting", "schulze", "", _pref_voting_build, _pref_voting_schulze),
    Peer(
        "pref_voting",
        "scottish-stv",
        "SSI 2007/42, 5-decimal truncation",
        _pref_voting_build,
        _pref_voting_scottish,
    ),
    Peer(
        "votelib",
        "scottish-stv",
        "Droop, weighted inclusive Gregory, exact fractions",
        _votelib_build,
        _votelib_transferable,
    ),
    Peer(
        "pyrankvote",
        "scottish-stv",
        "quota votes/(seats+1), floats, each moved ballot gets an equal share",
        _pyrankvote_build,
        _pyrankvote_stv,
    ),
    Peer("pref_voting", "meek-stv", "floats, tol 1e-10", _pref_voting_build, _pref_voting_meek),
)


LIBRARY_MODULES: dict[str, tuple[str, ...]] = {
    "pyrankvote": ("pyrankvote",),
    "votelib": ("votelib.evaluate.sequential", "votelib.convert", "votelib.evaluate.condorcet"),
    "pref_voting": (
        "pref_voting.profiles",
        "pref_voting.profiles_with_ties",
        "pref_voting.iterative_methods",
        "pref_voting.margin_based_methods",
        "pref_voting.proportional_methods",
    ),
}


def peers_for(method: str) -> list[Peer]:
    return [peer for peer in PEERS if peer.method == method]


def find_peer(library: str, method: str) -> Peer:
    for peer in PEERS:
        if peer.library == library and peer.method == method:
            return peer
    raise LookupError(f"no peer {library} for {method}")


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    VmHWM rather than ru_maxrss: Linux carries ru_maxrss across exec, so a worker started
    by a large parent would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_peer(peer: Peer, rankings: Rankings, seats: int) -> dict[str, Any]:
    """Time one peer from the rankings array to its winners."""
    names = candidate_names(rankings.shape[1])
    started, cpu_started = time.perf_counter(), time.process_time()
    built = peer.build(rankings, names)
    built_at = time.perf_counter()
    winners = peer.tally(built, names, seats)
    done = time.perf_counter()
    return {
        "cpu_s": time.process_time() - cpu_started,
        "library": peer.library,
        "method": peer.method,
        "build_s": built_at - started,
        "tally_s": done - built_at,
        "total_s": done - started,
        "winners": winners,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--library", required=True)
    parser.add_argument("--method", required=True)
    parser.add_argument("--input", help="rankings saved with numpy.save")
    parser.add_argument("--blt", help="or a BLT file, read in this process")
    parser.add_argument("--seats", type=int, default=1)
    args = parser.parse_args(argv)
    peer = find_peer(args.library, args.method)
    if args.blt:
        rankings, seats = read_blt_lines(Path(args.blt))
        try:
            figures = run_peer(peer, rankings, seats)
        except Exception as failure:  # reported in the table, as below
            figures = {"error": f"{type(failure).__name__}: {failure}"}
        json.dump(figures, sys.stdout)
        return
    rankings = np.load(args.input)
    # Imports happen before the clock starts, as they do for our count.
    for module in LIBRARY_MODULES[peer.library]:
        importlib.import_module(module)
    try:
        figures = run_peer(peer, rankings, args.seats)
    except Exception as failure:  # a peer that cannot count this profile is reported, not fatal
        figures = {"error": f"{type(failure).__name__}: {failure}"}
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
