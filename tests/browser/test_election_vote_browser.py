"""An STV election in Chromium: the chair calls the election of the Political Bureau on
the elections page and records nominations; two nominees consent from their own
browsers; the chair opens the ballot; three delegates rank the candidates on their
phones' delegate screens (one tries again from a page left open, an alternate who does
not step in is told why not); the chair closes; every delegate's screen shows who is
elected and the sentence of the count, the election page shows the count's stages, and
declaring the result seats the Political Bureau. Two `collegium serve` processes share
the database and the Redis live backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bench.live_fanout import Server, Setup
from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser.live_committee import following, signed_in, started_committee
from tests.browser.vote_setup import (
    ALTERNATE,
    BODY,
    CHAIR,
    ELECTED,
    VOTERS,
)

pytestmark = pytest.mark.browser
LIVE = 5_000


@pytest.fixture(scope="module")
def committee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Setup, list[Server]]]:
    yield from started_committee(tmp_path_factory, "election-browser")


# On the paper, in the order of their names: 1 Franz Mehring, 2 Karl Liebknecht, 3 Rosa
# Luxemburg. With 3 ballots for 2 seats the quota is 2: Rosa is elected on first
# preferences, Franz (no first preference) is excluded, Karl takes the second seat, and
# Franz is the alternate.
RANKINGS = {
    "rosa": ["Rosa Luxemburg", "Karl Liebknecht"],
    "karl": ["Rosa Luxemburg", "Franz Mehring"],
    "clara": ["Karl Liebknecht", "Rosa Luxemburg"],
}


def test_an_stv_election_seats_the_elected_body(browser: Browser, committee) -> None:
    setup, (acting, showing) = committee
    sitting = f"/o/{setup.slug}/bodies/{BODY}/sittings/1/"
    contexts: list[BrowserContext] = []
    try:
        chair = signed_in(browser, contexts, acting, CHAIR, phone=False)
        chair.goto(sitting + "elections/")
        chair.get_by_label("To elect").select_option(f"body:{ELECTED}")
        chair.get_by_role("button", name="Call the election").click()
        expect(chair.locator("h1")).to_contain_text("Election of the Political Bureau")
        election = chair.url
        for number in ("CC-1", "CC-2", "CC-4"):
            chair.get_by_label("Member number").fill(number)
            chair.get_by_role("button", name="Nominate").click()
            expect(chair.locator(f'tr[data-candidate="{number}"]')).to_be_visible()
        # Franz Mehring has no login: the chair records the consent he gave aloud.
        chair.locator('tr[data-candidate="CC-4"]').get_by_role("button", name="Consents").click()

        delegates = {login: signed_in(browser, contexts, showing, login) for login in VOTERS}
        for login, number in (("rosa", "CC-1"), ("karl", "CC-2")):
            page = delegates[login]
            page.goto(election)
            page.locator(f'tr[data-candidate="{number}"]').get_by_role(
                "button", name="I consent"
            ).click()
            expect(page.locator(f'tr[data-candidate="{number}"] [data-consent]')).to_have_attribute(
                "data-consent", "given"
            )
        alternate = signed_in(browser, contexts, showing, ALTERNATE)
        for page in [*delegates.values(), alternate]:
            following(page, sitting + "delegate/")
        stale = delegates["rosa"].context.new_page()
        following(stale, sitting + "delegate/")

        chair.goto(election)
        chair.get_by_role("button", name="Open the ballot").click()
        expect(chair.locator("[data-state]")).to_have_attribute("data-state", "ballot")

        for page in [*delegates.values(), stale]:
            expect(page.locator(".election-ballot")).to_be_visible(timeout=LIVE)
        expect(alternate.locator(".ballot-slot")).to_contain_text(
            "You are not among the voters fixed when this vote opened", timeout=LIVE
        )
        for login, ranking in RANKINGS.items():
            page = delegates[login]
            for rank, name in enumerate(ranking, start=1):
                page.get_by_label(f"Your preference for {name}").fill(str(rank))
            page.get_by_role("button", name="Cast my ballot").click()
            expect(page.locator("[data-receipt]")).to_contain_text("Your ballot is counted.")
        # The page left open still shows the paper: its second ballot is refused.
        stale.get_by_label("Your preference for Karl Liebknecht").fill("1")
        stale.get_by_role("button", name="Cast my ballot").click()
        expect(stale.get_by_role("alert")).to_contain_text("You have voted already")

        chair.goto(sitting + "votes/")
        expect(chair.locator(".current-vote")).to_contain_text("3 of 5 voters have voted.")
        chair.get_by_role("button", name="Close the vote").click()
        for page in [*delegates.values(), alternate]:
            slot = page.locator(".ballot-slot")
            expect(slot.locator("[data-elected]")).to_contain_text("Rosa Luxemburg", timeout=LIVE)
            expect(slot.locator("[data-elected]")).to_contain_text("Karl Liebknecht")
            expect(slot.locator("[data-alternates]")).to_contain_text("Franz Mehring")
            expect(slot.locator("[data-explanation]")).to_contain_text("Scottish STV")
            assert page.evaluate("window.notReloaded") is True

        chair.goto(election)
        stages = chair.locator("[data-stages] tbody tr")
        expect(stages.first).to_contain_text("first preferences")
        chair.get_by_role("button", name="Declare the result").click()
        expect(chair.locator("[data-state]")).to_have_attribute("data-state", "declared")
        chair.goto(f"/o/{setup.slug}/bodies/{ELECTED}/")
        main = chair.locator("main")
        for name in ("Rosa Luxemburg", "Karl Liebknecht", "Franz Mehring"):
            expect(main).to_contain_text(name)
    finally:
        for context in contexts:
            context.close()
