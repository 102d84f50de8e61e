"""bench/live_vote.py, tiny: it sets up a congress, casts every delegate's ballot through a
server on SQLite, closes the vote and prints its last line with nothing lost or doubled
and every screen shown the result."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from bench.live_vote import main

from tests.live.conftest import _require_redis

DELEGATES, SCREENS = 40, 10


def test_a_tiny_run_counts_every_ballot(capsys: pytest.CaptureFixture[str]) -> None:
    _require_redis()
    arguments = [
        f"--delegates={DELEGATES}",
        f"--screens={SCREENS}",
        "--sessions=5",
        "--database=sqlite",
        "--servers=1",
        "--concurrency=20",
        "--timeout=120",
    ]
    # In a thread of its own: the benchmark runs its own event loop (see the
    # live_screens smoke test).
    with ThreadPoolExecutor(1) as pool:
        status = pool.submit(main, arguments).result()
    out, err = capsys.readouterr()
    assert status == 0, err
    lines = out.strip().splitlines()
    assert f"accepted={DELEGATES} screens_shown={SCREENS}/{SCREENS} bare=0" in lines[-2], out
    assert re.fullmatch(
        r"live_vote ballots_per_s=\d+ p50_ms=\d+ p99_ms=\d+ result_all_screens_s=\d+\.\d\d "
        r"lost=0 duplicates=0",
        lines[-1],
    ), lines[-1]
