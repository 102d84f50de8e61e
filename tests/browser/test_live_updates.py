"""Live updates in Chromium: a body page served by one process changes without a reload
when a seat is given and vacated through another (two `collegium serve` processes, the
Redis live backend; see tests/live/ for the rest of the live tests)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
from bench.live_fanout import HOST, REDIS_URL, Server, Setup, prepare, redis_reachable, servers
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Setup, list[Server]]]:
    if not redis_reachable(REDIS_URL):
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    setup = prepare(tmp_path_factory.mktemp("live-browser"), redis_url=REDIS_URL)
    with servers(setup, 2) as started:
        yield setup, started


def _post(setup: Setup, port: int, path: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/organizations/{setup.slug}/bodies/{setup.body}/{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {setup.token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def test_a_seat_change_made_elsewhere_appears_without_reload(two_servers, browser):
    setup, (acting, showing) = two_servers
    context = browser.new_context(base_url=f"http://{HOST}:{showing.port}", locale="en-GB")
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": setup.sessions["member"],
                "url": f"http://{HOST}:{showing.port}",
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"/o/{setup.slug}/bodies/{setup.body}/")
        expect(page.locator("body")).to_have_attribute("data-live-state", "open")
        page.evaluate("window.notReloaded = true")
        guests = page.locator("#seats-guest")
        expect(guests).to_have_count(0)

        seat = _post(
            setup,
            acting.port,
            "seats",
            {"role": "guest", "origin": "appointed", "guest_name": "Gina Guest"},
        )
        expect(guests.get_by_text("Gina Guest")).to_be_visible(timeout=2_000)
        expect(page.locator("#body-facts")).not_to_contain_text("None seated")

        _post(setup, acting.port, f"seats/{seat['id']}/vacate", {"reason": "left the hall"})
        expect(guests).to_have_count(0, timeout=2_000)
        expect(page.locator("#body-facts")).to_contain_text("None seated")
        assert page.evaluate("window.notReloaded") is True
    finally:
        context.close()
