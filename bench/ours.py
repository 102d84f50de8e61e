"""Runs collegium's own count on the benchmark's ballots, in a process of its own.

Two sources, timed separately, each in a fresh process so that its peak memory is its own:
  array  the rankings array (one row per ballot) -> RankedBallots -> count -> result
  file   the BLT file -> our reader -> count -> result (reading also reported on its own)

    python -m bench.ours --method irv --input ballots.npy --seats 1 --source array
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.ballots import Rankings, candidate_names
from bench.peers import peak_rss_mb


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reader() -> Callable[[Path], Any]:
    from collegium.rules.ballot_files.formats import read_ballots

    return lambda path: read_ballots(path, fmt="blt")


def run_ours(
    method: str,
    rankings: Rankings,
    seats: int,
    *,
    source: str,
    blt: Path | None = None,
    repeat: int = 1,
) -> dict[str, Any]:
    """Best of `repeat` timings of our count from `source` to the result."""
    from collegium.rules.elections.methods import ranked_method
    from collegium.rules.elections.profile import RankedBallots

    count = ranked_method(method)
    names = candidate_names(rankings.shape[1])
    read = _reader() if source == "file" else None
    if read is not None and blt is None:
        raise ValueError("the file source needs a BLT path")
    baseline = current_rss_mb()
    totals: list[float] = []
    reads: list[float] = []
    elected: tuple[str, ...] = ()
    cpu: list[float] = []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        if read is not None and blt is not None:
            ballots = read(blt)
        else:
            ballots = RankedBallots(
                candidates=names,
                rankings=rankings,
                weights=np.ones(rankings.shape[0], dtype=np.int64),
                seats=seats,
            )
        loaded = time.perf_counter()
        elected = count(ballots, seats=seats).elected
        totals.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        reads.append(loaded - started)
    best = min(range(repeat), key=totals.__getitem__)
    return {
        "library": "collegium",
        "method": method,
        "source": source,
        "total_s": totals[best],
        "cpu_s": cpu[best],
        "read_s": reads[best] if source == "file" else None,
        "all_s": totals,
        "winners": list(elected),
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--method", required=True)
    parser.add_argument("--input", required=True, help="rankings saved with numpy.save")
    parser.add_argument("--blt", help="the same ballots as a BLT file")
    parser.add_argument("--seats", type=int, default=1)
    parser.add_argument("--source", choices=("array", "file"), default="array")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rankings = np.load(args.input)
    try:
        figures = run_ours(
            args.method,
            rankings,
            args.seats,
            source=args.source,
            blt=Path(args.blt) if args.blt else None,
            repeat=args.repeat,
        )
    except Exception as failure:  # not written yet, or failed: reported in the table
        figures = {"error": f"{type(failure).__name__}: {failure}"}
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
