"""Smoke test of the tally benchmark: its ballots, its workers, and agreement on winners.

Sizes are tiny; nothing here measures speed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from bench.ballots import (
    NO_PREFERENCE,
    Electorate,
    candidate_names,
    generate,
    group,
    read_blt_lines,
    write_blt,
    write_blt_lines,
)
from bench.ours import run_ours
from bench.peers import find_peer, peers_for, run_peer
from bench.tally import (
    CASES,
    Case,
    CaseReport,
    Run,
    _worker,
    fastest_peer,
    run_case,
    select_cases,
    verdicts,
    winner_difference,
)

from collegium.rules.ballot_files.formats import read_ballots

SMALL = Electorate(400, 6, parties=3, seed=7)


@pytest.mark.parametrize("truncated", [False, True])
def test_ballots_are_seeded_prefixes_of_rankings(truncated):
    electorate = replace(SMALL, truncated=truncated)
    rankings = generate(electorate)
    assert np.array_equal(rankings, generate(electorate))
    assert not np.array_equal(rankings, generate(replace(electorate, seed=8)))
    for row in rankings.tolist():
        ranked = [c for c in row if c != NO_PREFERENCE]
        assert ranked, "every ballot ranks someone"
        assert row[: len(ranked)] == ranked, "padding only after the last preference"
        assert len(set(ranked)) == len(ranked)
        assert truncated or len(ranked) == electorate.candidates
    lengths = (rankings != NO_PREFERENCE).sum(axis=1)
    assert (lengths.min() < electorate.candidates) == truncated


def test_blt_file_reads_back_as_the_same_ballots(tmp_path: Path):
    rankings = generate(replace(SMALL, truncated=True))
    names = candidate_names(SMALL.candidates)
    path = tmp_path / "small.blt"
    write_blt(path, rankings, names, seats=2, title="smoke")
    ballots = read_ballots(path, fmt="blt")
    assert ballots.candidates == names
    assert ballots.seats == 2
    assert ballots.ballot_count == len(rankings)
    width = ballots.rankings.shape[1]
    unique, counts = group(rankings)
    mine = {tuple(r[:width]): w for r, w in zip(unique.tolist(), counts.tolist(), strict=True)}
    theirs: dict[tuple[int, ...], int] = {}
    for row, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True):
        theirs[tuple(row)] = theirs.get(tuple(row), 0) + weight
    assert mine == theirs


# Our count from the array and from the file, and every peer with the same rules, agree.
AGREEING = [
    ("irv", replace(SMALL, ballots=1_000), 1, ("pyrankvote", "votelib", "pref_voting")),
    (
        "irv",
        replace(SMALL, ballots=1_000, truncated=True),
        1,
        ("pyrankvote", "votelib", "pref_voting"),
    ),
    ("schulze", replace(SMALL, ballots=1_000), 1, ("votelib", "pref_voting")),
    ("schulze", replace(SMALL, ballots=1_000, truncated=True), 1, ("votelib", "pref_voting")),
    (
        "scottish-stv",
        Electorate(600, 12, truncated=True, mean_length=4, seed=3),
        4,
        ("pref_voting",),
    ),
    ("meek-stv", Electorate(120, 6, truncated=True, mean_length=3, seed=5), 2, ("pref_voting",)),
]


@pytest.mark.parametrize(("method", "electorate", "seats", "libraries"), AGREEING)
def test_ours_and_peers_elect_the_same(tmp_path, method, electorate, seats, libraries):
    rankings = generate(electorate)
    names = candidate_names(electorate.candidates)
    path = tmp_path / "ballots.blt"
    write_blt(path, rankings, names, seats=seats, title=method)
    from_array = run_ours(method, rankings, seats, source="array")
    from_file = run_ours(method, rankings, seats, source="file", blt=path)
    assert len(from_array["winners"]) == seats
    assert from_file["winners"] == from_array["winners"]
    assert from_file["read_s"] is not None
    for library in libraries:
        peer_winners = run_peer(find_peer(library, method), rankings, seats)["winners"]
        assert winner_difference(from_array["winners"], peer_winners) == "yes", library


def test_every_benchmarked_method_has_a_peer():
    assert {c.method for c in CASES} == {"irv", "schulze", "scottish-stv", "meek-stv"}
    for case in CASES:
        assert peers_for(case.method), case.method


def test_case_selection():
    assert [c.name for c in select_cases("irv", quick=False)] == [
        "irv-complete",
        "irv-truncated",
        "irv-one-ballot-lines",
    ]
    assert [c.name for c in select_cases("meek-stv,irv-complete", quick=False)] == [
        "irv-complete",
        "meek-stv",
    ]
    quick = select_cases("", quick=True)
    assert len(quick) == len(CASES)
    assert all(q.electorate.ballots == c.quick_ballots for q, c in zip(quick, CASES, strict=True))
    with pytest.raises(SystemExit, match="unknown case stv"):
        select_cases("stv", quick=False)


def test_winner_difference_names_both_sides():
    assert winner_difference(["A", "B"], ["B", "A"]) == "yes"
    assert winner_difference(["A", "B"], ["A", "C"]) == "no: +C −B"


def test_a_count_over_its_time_limit_is_reported_not_awaited(tmp_path):
    path = tmp_path / "ballots.npy"
    np.save(path, generate(SMALL))
    arguments = ["--method", "irv", "--input", str(path), "--library", "votelib"]
    assert _worker("bench.peers", arguments, timeout=0.001) == {"error": "timeout > 0.001 s"}


@pytest.mark.slow
def test_a_whole_case_runs_in_worker_processes():
    case = Case("irv-small", "irv", replace(SMALL, ballots=500), 1, 0.5, 500)
    report = run_case(case, timeout=60, repeat=1)
    assert [(r.library, r.source) for r in report.runs] == [
        ("collegium", "array"),
        ("collegium", "file"),
        ("pyrankvote", "array"),
        ("votelib", "array"),
        ("pref_voting", "array"),
    ]
    for run in report.runs:
        assert not run.error, run
        assert run.seconds is not None and run.seconds > 0
        assert run.peak_rss_mb is not None and run.peak_rss_mb > 0
    assert "same winners as collegium: all that finished" in verdicts(report)


def test_speed_is_judged_against_the_fastest_peer_with_our_winners():
    report = CaseReport("stv", "scottish-stv", 100, 5, 2, True, 90, target_s=0.3)
    report.runs = [
        Run("collegium", "array", seconds=0.25, cpu_s=0.2, winners=["A", "B"], peak_rss_mb=90),
        Run("collegium", "file", seconds=0.5, winners=["A", "B"], peak_rss_mb=2000),
        Run("fastlib", "array", seconds=1.0, winners=["A", "C"]),
        Run("slowlib", "array", seconds=5.0, cpu_s=4.0, winners=["B", "A"]),
        Run("hanglib", "array", error="timeout > 9 s"),
    ]
    assert fastest_peer(report) is report.runs[2]
    assert fastest_peer(report, same_winners=True) is report.runs[3]
    assert verdicts(report) == [
        "target < 0.3 s from the array: met (0.250 s)",
        "target < 0.3 s from the file: missed (0.500 s)",
        "≥ 10× the fastest peer with our winners (slowlib, 5.00 s): met (20.0×; 20.0× in processor"
        " time)",
        "≥ 10× the fastest peer, other winners (fastlib, 1.00 s): missed (4.0×)",
        "peak memory < 1 GB: missed (2000 MB, whole process)",
        "same winners as collegium: not fastlib",
    ]


def test_one_line_per_ballot_file_reads_back_as_every_ballot(tmp_path: Path):
    rankings = generate(replace(SMALL, truncated=True))
    path = tmp_path / "lines.blt"
    write_blt_lines(path, rankings, candidate_names(SMALL.candidates), seats=1, title="lines")
    text = path.read_text()
    assert text.count("\n1 ") == len(rankings)  # a line for each ballot, weight 1
    back, seats = read_blt_lines(path)
    assert seats == 1 and np.array_equal(back, rankings)
    ours = read_ballots(path)
    assert ours.ballot_count == len(rankings)
    assert ours.rankings.shape[0] == np.unique(rankings, axis=0).shape[0]  # merged


@pytest.mark.slow
def test_the_whole_process_case_times_our_command_and_each_peer():
    case = replace(select_cases("irv-one-ballot-lines", quick=True)[0], target_s=60.0)
    report = run_case(case, timeout=120, repeat=1)
    assert [(r.library, r.source) for r in report.runs] == [
        ("collegium", "process"),
        ("pyrankvote", "process"),
        ("votelib", "process"),
        ("pref_voting", "process"),
    ]
    mine = report.runs[0]
    assert not mine.error and mine.seconds is not None and mine.winners
    assert verdicts(report)[0].startswith("target < 60 s from the process: met")
    finished = [r for r in report.runs[1:] if not r.error]
    assert finished and all(r.seconds for r in finished)
