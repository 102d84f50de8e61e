"""The tally benchmark: our counts against the peer libraries, same ballots, one run.

For each case the ballots are generated once (seeded), saved as a NumPy array and as a BLT
file, and every count runs in its own process from that input to its result, with a time
limit. Ours is timed from the array and from the file; each peer from the array, building
its own ballot objects or profile and then tallying ("build + tally").

The `irv-one-ballot-lines` case times whole processes instead: a BLT file of a million
lines of weight 1 (identical rankings not merged, as ballot-by-ballot exports write them),
counted by `collegium tally --method irv FILE` and by each peer's process reading the same
file, from start to exit.

    .venv/bin/python -m bench.tally                 # every case, full sizes
    .venv/bin/python -m bench.tally --quick         # small sizes, about a minute
    .venv/bin/python -m bench.tally --cases irv,meek-stv --peer-timeout 300 --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.ballots import Electorate, candidate_names, generate, write_blt, write_blt_lines
from bench.peers import Peer, peers_for

ROOT = Path(__file__).resolve().parents[1]
MEMORY_TARGET_MB = 1024.0
SPEED_TARGET = 10.0  # times the fastest peer


@dataclass(frozen=True)
class Case:
    name: str
    method: str  # our method name, collegium.rules.elections.methods.ranked_method
    electorate: Electorate
    seats: int
    target_s: float  # ours, from the array or the file to the result
    quick_ballots: int
    # Whole processes from a BLT file of one line per ballot, instead of array and file.
    whole_process: bool = False


def _stv_electorate(truncated: bool = True) -> Electorate:
    return Electorate(100_000, 50, truncated=truncated, mean_length=10, parties=6)


CASES: tuple[Case, ...] = (
    Case("irv-complete", "irv", Electorate(1_000_000, 10), 1, 0.5, 3_000),
    Case("irv-truncated", "irv", Electorate(1_000_000, 10, truncated=True), 1, 0.5, 3_000),
    Case("schulze-complete", "schulze", Electorate(1_000_000, 10), 1, 1.0, 3_000),
    Case("schulze-truncated", "schulze", Electorate(1_000_000, 10, truncated=True), 1, 1.0, 3_000),
    Case("scottish-stv", "scottish-stv", _stv_electorate(), 20, 0.3, 1_000),
    Case("meek-stv", "meek-stv", _stv_electorate(), 20, 3.0, 1_000),
    Case(
        "irv-one-ballot-lines",
        "irv",
        Electorate(1_000_000, 16, truncated=True),
        1,
        0.6,
        3_000,
        whole_process=True,
    ),
)


def select_cases(spec: str, *, quick: bool) -> list[Case]:
    """Cases named in a comma list, by case name or by method ("irv" selects both IRV)."""
    wanted = {part.strip() for part in spec.split(",") if part.strip()}
    unknown = wanted - {c.name for c in CASES} - {c.method for c in CASES}
    if unknown:
        known = ", ".join(sorted({c.name for c in CASES} | {c.method for c in CASES}))
        raise SystemExit(f"unknown case {', '.join(sorted(unknown))}; known: {known}")
    chosen = [c for c in CASES if not wanted or c.name in wanted or c.method in wanted]
    if quick:
        chosen = [
            replace(c, electorate=replace(c.electorate, ballots=c.quick_ballots)) for c in chosen
        ]
    return chosen


@dataclass
class Run:
    """One count of one case: ours from a source, or a peer."""

    library: str
    source: str  # "array", "file"
    rules: str = ""
    seconds: float | None = None
    cpu_s: float | None = None  # processor time: less inflated than wall time on a busy machine
    build_s: float | None = None
    tally_s: float | None = None
    read_s: float | None = None
    winners: list[str] | None = None
    peak_rss_mb: float | None = None
    baseline_rss_mb: float | None = None
    error: str = ""


@dataclass
class CaseReport:
    case: str
    method: str
    ballots: int
    candidates: int
    seats: int
    truncated: bool
    distinct_rankings: int
    target_s: float
    runs: list[Run] = field(default_factory=list)
    # 1-minute load average before and after: timings on a busy machine are inflated.
    load: tuple[float, float] = (0.0, 0.0)
    whole_process: bool = False
    file_mb: float = 0.0

    @property
    def sources(self) -> tuple[str, ...]:
        """Where our counts start: the array and the file, or the whole process."""
        return ("process",) if self.whole_process else ("array", "file")


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "src"), environment.get("PYTHONPATH", "")]
    )
    return environment


def _worker(module: str, arguments: list[str], timeout: float) -> dict[str, Any]:
    environment = _environment()
    try:
        finished = subprocess.run(
            [sys.executable, "-m", module, *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout > {timeout:g} s"}
    if finished.returncode != 0 or not finished.stdout.strip():
        last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {finished.returncode}: {last}"}
    figures: dict[str, Any] = json.loads(finished.stdout)
    return figures


def timed_process(command: list[str], timeout: float) -> dict[str, Any]:
    """Wall and processor time (user + system) of a command, start to exit, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        finished = subprocess.run(
            command,
            cwd=ROOT,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout > {timeout:g} s"}
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {finished.returncode}: {last}"}
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"total_s": seconds, "cpu_s": cpu, "stdout": finished.stdout}


def collegium_command() -> list[str]:
    """The installed `collegium` command beside this interpreter, else `python -m collegium`."""
    script = Path(sys.executable).parent / "collegium"
    return [str(script)] if script.exists() else [sys.executable, "-m", "collegium"]


def run_process_case(
    case: Case, report: CaseReport, blt: Path, *, timeout: float, repeat: int, peers: bool
) -> None:
    """Ours and each peer as whole processes counting the same one-line-per-ballot file."""
    tally = [*collegium_command(), "tally", "--method", case.method, str(blt)]
    timings = [timed_process(tally, timeout) for _ in range(repeat)]
    finished = [t for t in timings if "error" not in t]
    if finished:
        best = min(finished, key=lambda t: t["total_s"])
        counted = timed_process([*tally, "--json"], timeout)  # untimed: for the winners
        winners = json.loads(counted["stdout"])["elected"] if "stdout" in counted else None
        report.runs.append(
            _run("collegium", "process", "", {**best, "winners": winners, "error": ""})
        )
    else:
        report.runs.append(_run("collegium", "process", "", timings[0]))
    if not peers:
        return
    for peer in peers_for(case.method):
        command = [sys.executable, "-m", "bench.peers", "--library", peer.library]
        figures = timed_process([*command, "--method", case.method, "--blt", str(blt)], timeout)
        if "stdout" in figures:
            counted = json.loads(figures["stdout"])
            if "error" not in counted:  # a peer that cannot count this has no time
                counted.update(total_s=figures["total_s"], cpu_s=figures["cpu_s"])
            figures = counted
        run = _run(peer.library, "process", peer.rules, figures)
        run.peak_rss_mb = None  # the worker's own peak, not comparable with ours (not taken)
        report.runs.append(run)


def run_case(case: Case, *, timeout: float, repeat: int, peers: bool = True) -> CaseReport:
    load_before = os.getloadavg()[0]
    rankings = generate(case.electorate)
    names = candidate_names(case.electorate.candidates)
    distinct = int(np.unique(rankings, axis=0).shape[0])
    report = CaseReport(
        case=case.name,
        method=case.method,
        ballots=case.electorate.ballots,
        candidates=case.electorate.candidates,
        seats=case.seats,
        truncated=case.electorate.truncated,
        distinct_rankings=distinct,
        target_s=case.target_s,
        whole_process=case.whole_process,
    )
    with tempfile.TemporaryDirectory(prefix="collegium-bench-") as folder:
        if case.whole_process:
            blt_path = Path(folder) / "one-ballot-lines.blt"
            write_blt_lines(blt_path, rankings, names, seats=case.seats, title=case.name)
            report.file_mb = blt_path.stat().st_size / 1e6
            del rankings  # the processes read the file; this one need not hold the ballots
            run_process_case(case, report, blt_path, timeout=timeout, repeat=repeat, peers=peers)
            report.load = (load_before, os.getloadavg()[0])
            return report
        array_path = Path(folder) / "ballots.npy"
        blt_path = Path(folder) / "ballots.blt"
        np.save(array_path, rankings)
        write_blt(blt_path, rankings, names, seats=case.seats, title=case.name)
        common = ["--method", case.method, "--input", str(array_path), "--seats", str(case.seats)]
        for source in ("array", "file"):
            figures = _worker(
                "bench.ours",
                [*common, "--source", source, "--blt", str(blt_path), "--repeat", str(repeat)],
                timeout,
            )
            report.runs.append(_run("collegium", source, "", figures))
        if peers:
            for peer in peers_for(case.method):
                figures = _worker("bench.peers", [*common, "--library", peer.library], timeout)
                report.runs.append(_peer_run(peer, figures))
    report.load = (load_before, os.getloadavg()[0])
    return report


def _run(library: str, source: str, rules: str, figures: dict[str, Any]) -> Run:
    return Run(
        library=library,
        source=source,
        rules=rules,
        seconds=figures.get("total_s"),
        cpu_s=figures.get("cpu_s"),
        build_s=figures.get("build_s"),
        tally_s=figures.get("tally_s"),
        read_s=figures.get("read_s"),
        winners=figures.get("winners"),
        peak_rss_mb=figures.get("peak_rss_mb"),
        baseline_rss_mb=figures.get("baseline_rss_mb"),
        error=figures.get("error", ""),
    )


def _peer_run(peer: Peer, figures: dict[str, Any]) -> Run:
    return _run(peer.library, "array", peer.rules, figures)


# Judging a case: who agrees with whom, how much faster, which targets are met.


def ours(report: CaseReport, source: str | None = None) -> Run | None:
    """Our run from `source` (by default the first of the case's sources) if it finished."""
    source = source or report.sources[0]
    for run in report.runs:
        if run.library == "collegium" and run.source == source and run.seconds is not None:
            return run
    return None


def peer_runs(report: CaseReport) -> list[Run]:
    return [run for run in report.runs if run.library != "collegium"]


def fastest_peer(report: CaseReport, *, same_winners: bool = False) -> Run | None:
    finished = [r for r in peer_runs(report) if r.seconds is not None]
    mine = ours(report)
    if same_winners and mine is not None and mine.winners is not None:
        reference = mine.winners
        finished = [
            r
            for r in finished
            if r.winners is not None and winner_difference(reference, r.winners) == "yes"
        ]
    return min(finished, key=lambda r: r.seconds or 0.0, default=None)


def _speed_verdict(mine: Run, peer: Run, which: str) -> str:
    ratio = (peer.seconds or 0.0) / (mine.seconds or 1.0)
    met = "met" if ratio >= SPEED_TARGET else "missed"
    in_cpu = ""
    if peer.cpu_s and mine.cpu_s:
        in_cpu = f"; {peer.cpu_s / mine.cpu_s:.1f}× in processor time"
    return (
        f"≥ {SPEED_TARGET:g}× {which} ({peer.library}, {peer.seconds:.2f} s): "
        f"{met} ({ratio:.1f}×{in_cpu})"
    )


def reference_winners(report: CaseReport) -> tuple[str, list[str]] | None:
    """Ours if it finished; otherwise the first peer that did, so peers are still compared."""
    mine = ours(report)
    if mine is not None and mine.winners is not None:
        return "collegium", mine.winners
    for run in peer_runs(report):
        if run.winners is not None:
            return run.library, run.winners
    return None


def winner_difference(reference: Sequence[str], winners: Sequence[str]) -> str:
    """ "yes", or what this count elects that the reference does not (+) and the reverse (−)."""
    extra = sorted(set(winners) - set(reference))
    missing = sorted(set(reference) - set(winners))
    if not extra and not missing:
        return "yes"
    return "no: " + " ".join([*(f"+{c}" for c in extra), *(f"−{c}" for c in missing)])


def verdicts(report: CaseReport) -> list[str]:
    """One line per target: met, missed, or cannot be judged (and why)."""
    lines: list[str] = []
    for source in report.sources:
        run = ours(report, source)
        if run is None or run.seconds is None:
            lines.append(f"target < {report.target_s:g} s from the {source}: no result")
            continue
        met = "met" if run.seconds < report.target_s else "missed"
        lines.append(
            f"target < {report.target_s:g} s from the {source}: {met} ({run.seconds:.3f} s)"
        )
    mine = ours(report)
    if mine is not None and mine.seconds:
        agreeing = fastest_peer(report, same_winners=True)
        overall = fastest_peer(report)
        if agreeing is None:
            lines.append("≥ 10× the fastest peer: no peer with our winners finished in time")
        else:
            lines.append(_speed_verdict(mine, agreeing, "the fastest peer with our winners"))
        if overall is not None and overall is not agreeing:
            lines.append(_speed_verdict(mine, overall, "the fastest peer, other winners"))
    peaks = [
        r.peak_rss_mb
        for r in report.runs
        if r.library == "collegium" and r.peak_rss_mb is not None and r.seconds is not None
    ]
    if peaks:
        met = "met" if max(peaks) < MEMORY_TARGET_MB else "missed"
        lines.append(f"peak memory < 1 GB: {met} ({max(peaks):.0f} MB, whole process)")
    reference = reference_winners(report)
    if reference is not None:
        who, winners = reference
        disagree = [
            r.library
            for r in report.runs
            if r.winners is not None and winner_difference(winners, r.winners) != "yes"
        ]
        lines.append(
            f"same winners as {who}: "
            + ("all that finished" if not disagree else "not " + ", ".join(disagree))
        )
    return lines


# Output.


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def render(report: CaseReport, console: Console) -> None:
    shape = "truncated" if report.truncated else "complete"
    if report.whole_process:
        shape += f", a line each, {report.file_mb:.1f} MB BLT, whole processes"
    title = (
        f"{report.case}: {report.ballots:,} ballots ({shape}, "
        f"{report.distinct_rankings:,} distinct), {report.candidates} candidates, "
        f"{report.seats} seat{'s' if report.seats > 1 else ''}"
    )
    reference = reference_winners(report)
    mine = ours(report)
    table = Table(title=title, title_justify="left")
    for column in ("library", "from", "time (s)", "cpu (s)", "build / read (s)", "tally (s)"):
        table.add_column(column, justify="right" if "(s)" in column else "left")
    table.add_column(f"winners = {reference[0] if reference else '—'}")
    table.add_column("× ours", justify="right")
    table.add_column("peak RSS (MB)", justify="right")
    for run in report.runs:
        if run.error:
            time_text = run.error
        else:
            time_text = _seconds(run.seconds)
        first = run.read_s if run.library == "collegium" else run.build_s
        same = (
            ""
            if reference is None or run.winners is None
            else winner_difference(reference[1], run.winners)
        )
        ratio = ""
        if mine is not None and mine.seconds and run.seconds is not None:
            ratio = f"{run.seconds / mine.seconds:.1f}"
        elif mine is not None and mine.seconds and run.error.startswith("timeout > "):
            limit = float(run.error.split()[2])
            ratio = f"> {limit / mine.seconds:.0f}"
        table.add_row(
            run.library,
            run.source,
            time_text,
            _seconds(run.cpu_s),
            _seconds(first),
            _seconds(run.tally_s),
            same,
            ratio,
            "" if run.peak_rss_mb is None else f"{run.peak_rss_mb:.0f}",
        )
    console.print(table)
    console.print(
        f"  load average (1 min) {report.load[0]:.1f} → {report.load[1]:.1f}"
        f" on {os.cpu_count()} cores; counts run one at a time, each in its own process"
    )
    for run in report.runs:
        if run.rules:
            console.print(f"  {run.library} rules: {run.rules}")
    if reference is not None:
        console.print(f"  winners ({reference[0]}): {', '.join(sorted(reference[1]))}")
    for line in verdicts(report):
        console.print(f"  {line}")
    console.print()


def to_json(report: CaseReport) -> dict[str, Any]:
    figures = asdict(report)
    figures["verdicts"] = verdicts(report)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Time collegium's counts against pyrankvote, votelib and pref_voting."
    )
    parser.add_argument("--cases", default="", help="comma list of cases or methods")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--peer-timeout", type=float, default=None, help="seconds per count")
    parser.add_argument("--repeat", type=int, default=3, help="our count: best of this many")
    parser.add_argument("--no-peers", action="store_true", help="time ours only")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args(argv)
    timeout = args.peer_timeout or (10.0 if args.quick else 120.0)
    console = Console(stderr=args.json)
    if not console.is_terminal:
        console.width = 132  # a log file keeps the table unwrapped
    reports = []
    for case in select_cases(args.cases, quick=args.quick):
        with console.status(f"{case.name}: counting…"):
            report = run_case(case, timeout=timeout, repeat=args.repeat, peers=not args.no_peers)
        reports.append(report)
        render(report, console)  # to stderr when --json holds stdout
    if args.json:
        json.dump([to_json(r) for r in reports], sys.stdout, indent=2)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
