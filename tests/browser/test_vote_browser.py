"""A vote in Chromium: the chair opens a secret ballot on the votes page; three delegates
vote from their own browsers on the delegate's screen, one tries a second time from a
page left open, and an alternate who does not step in tries too; the chair closes, and
every screen shows the result, its chart and the sentence naming the rule, without a
reload. Two `collegium serve` processes share the database and the Redis live backend:
the chair works through one, the delegates read through the other."""

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
    VOTERS,
)

pytestmark = pytest.mark.browser
LIVE = 5_000


@pytest.fixture(scope="module")
def committee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Setup, list[Server]]]:
    yield from started_committee(tmp_path_factory, "vote-browser")


def test_three_delegates_vote_and_every_screen_shows_the_result(
    browser: Browser, committee
) -> None:
    setup, (acting, showing) = committee
    sitting = f"/o/{setup.slug}/bodies/{BODY}/sittings/1/"
    contexts: list[BrowserContext] = []
    try:
        delegates = [signed_in(browser, contexts, showing, login) for login in VOTERS]
        alternate = signed_in(browser, contexts, showing, ALTERNATE)
        for page in [*delegates, alternate]:
            following(page, sitting + "delegate/")
            expect(page.locator(".ballot-slot")).to_contain_text("No vote has been opened")
        # A second page of the first delegate, left open: the stale form of the test.
        stale = delegates[0].context.new_page()
        following(stale, sitting + "delegate/")
        chair = signed_in(browser, contexts, acting, CHAIR, phone=False)
        following(chair, sitting + "votes/")

        chair.get_by_label("Question").fill("Greetings to the Second International")
        chair.get_by_label("Form", exact=True).select_option("secret")
        chair.get_by_role("button", name="Open the vote").click()
        expect(chair.locator(".current-vote")).to_contain_text("0 of 5 voters have voted.")

        for page in [*delegates, stale]:
            expect(page.get_by_role("button", name="Yes")).to_be_visible(timeout=LIVE)
        expect(alternate.locator(".ballot-slot")).to_contain_text(
            "You are not among the voters fixed when this vote opened", timeout=LIVE
        )

        receipts = []
        for page, choice in zip(delegates, ["Yes", "Yes", "No"], strict=True):
            page.get_by_role("button", name=choice).click()
            receipt = page.locator("[data-receipt]")
            expect(receipt).to_contain_text("Your ballot is counted.")
            receipts.append(receipt.get_attribute("data-receipt"))
        expect(chair.locator(".current-vote")).to_contain_text(
            "3 of 5 voters have voted.", timeout=LIVE
        )

        # The stale page still shows the buttons: its second ballot is refused.
        stale.get_by_role("button", name="No").click()
        expect(stale.get_by_role("alert")).to_contain_text("You have voted already")
        # The alternate sends a ballot anyway (as a script would): refused with the reason.
        csrf = (
            alternate.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value") or ""
        )
        answer = alternate.request.post(
            sitting + "votes/1/ballot/",
            form={"choice": "yes", "csrfmiddlewaretoken": csrf},
            headers={"HX-Request": "true", "X-CSRFToken": csrf},
        )
        assert "alternate votes only when stepping in" in answer.text()

        chair.get_by_role("button", name="Close the vote").click()
        sentence = "Adopted: 2 yes, 1 no"
        for page in [*delegates, alternate, chair]:
            panel = (
                page.locator(".ballot-slot") if page is not chair else page.locator("#votes-live")
            )
            if page is chair:
                chair.goto(sitting + "votes/1/")
                panel = chair.locator("main")
            expect(panel).to_contain_text("Adopted", timeout=LIVE)
            expect(panel).to_contain_text(sentence, timeout=LIVE)
            expect(panel.locator(".vote-chart svg rect")).to_have_count(3)
            expect(panel.locator(".vote-chart line.threshold")).to_have_count(1)
        for page in [*delegates, alternate]:
            assert page.evaluate("window.notReloaded") is True

        # A voter finds their ballot in the published box by the receipt.
        page = delegates[2]
        page.goto(sitting + "votes/1/")
        page.get_by_role("textbox", name="Receipt").fill(receipts[2] or "")
        page.get_by_role("button", name="Check").click()
        expect(page.locator("[data-found]")).to_contain_text("counted as “no”")
    finally:
        for context in contexts:
            context.close()
