"""Smoke run of the live-screens benchmark at tiny sizes: a congress set up, two servers,
a few screens following a few next-speaker calls, and some re-fetching their fragment.

Nothing here measures speed; it checks that every screen got every call's event and
that the lines the README quotes are printed."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from bench.live_screens import main

from tests.live.conftest import _require_redis

SCREENS, EVENTS, SEATS, REFETCH, REFETCH_EVENTS = 12, 3, 30, 4, 2


def test_a_tiny_run_reports_every_screen_updated(capsys: pytest.CaptureFixture[str]) -> None:
    _require_redis()
    arguments = [
        f"--screens={SCREENS}",
        f"--events={EVENTS}",
        f"--seats={SEATS}",
        "--alternates=3",
        "--logins=6",
        f"--refetch={REFETCH}",
        f"--refetch-events={REFETCH_EVENTS}",
        "--pause=0",
        "--timeout=120",
    ]
    # In a thread of its own: the benchmark runs its own event loop, and a browser test
    # run before in this process leaves Playwright's loop running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        status = pool.submit(main, arguments).result()
    out, err = capsys.readouterr()
    assert status == 0, err
    lines = out.strip().splitlines()
    assert f"bulk_check_in seats={SEATS} seconds=" in lines[0]
    assert f"events={EVENTS} open={SCREENS} " in out
    # The chair's call went through the HTTP API of the servers measured.
    assert "the chair: POST" in err
    refetch = re.fullmatch(
        rf"refetch screens={REFETCH} events={REFETCH_EVENTS} fragments=(\d+) failed=0 "
        r"p50_ms=\d+ max_ms=\d+",
        lines[-2],
    )
    assert refetch, lines[-2]
    assert int(refetch.group(1)) == REFETCH * REFETCH_EVENTS
    assert re.fullmatch(rf"live_screens screens={SCREENS} p50_ms=\d+ p99_ms=\d+ lost=0", lines[-1])
