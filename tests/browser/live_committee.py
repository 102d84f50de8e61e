"""What the votes' browser tests share: the committee of vote_setup.py with two servers
started on it over Redis, a signed-in browser context per person, and a live page marked
so that a test can tell it was never reloaded. (vote_setup.py itself runs as a script
before Django is set up, so these live apart from it.)"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from bench.live_fanout import HOST, REDIS_URL, Server, Setup, prepare, redis_reachable, servers
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import sign_in
from tests.browser.vote_setup import fill_votes
from tests.conftest import PASSWORD


def started_committee(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[tuple[Setup, list[Server]]]:
    """The committee filled and two servers started on it over Redis (a module fixture's
    body: `yield from started_committee(...)`); skipped without Redis, failed in CI."""
    if not redis_reachable(REDIS_URL):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer at {REDIS_URL}; CI must start it (.ci/run)")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    setup = prepare(tmp_path_factory.mktemp(name), redis_url=REDIS_URL)
    fill_votes(setup, PASSWORD)
    with servers(setup, 2) as started:
        yield setup, started


def signed_in(
    browser: Browser, contexts: list[BrowserContext], server: Server, login: str, phone: bool = True
) -> Page:
    """A browser context of its own (a phone's, or a desktop's), signed in as `login`."""
    context = browser.new_context(
        base_url=f"http://{HOST}:{server.port}",
        locale="en-GB",
        viewport={"width": 375, "height": 740} if phone else {"width": 1280, "height": 900},
        is_mobile=phone,
        has_touch=phone,
    )
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, login)
    return page


def following(page: Page, path: str) -> None:
    """Open a live page and mark it, so that a test can tell it was never reloaded."""
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-live-state", "open")
    page.evaluate("window.notReloaded = true")
