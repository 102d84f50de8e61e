"""Switching the language with the selector in the header, as a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.conftest import Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_selector_switches_to_german_and_back(page: Page, org: Org) -> None:
    page.goto("/o/test-union/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Bodies")).to_be_visible()

    with page.expect_navigation():
        page.get_by_label("Language").select_option("de")
    # Back on the same page, now in German, including the header itself.
    expect(page).to_have_url(re.compile(r"/o/test-union/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Gremien")).to_be_visible()
    expect(page.get_by_role("link", name="Anmelden")).to_be_visible()
    expect(page.get_by_label("Sprache")).to_have_value("de")

    # The choice is remembered on the next page.
    page.get_by_role("link", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(page.get_by_label("Passwort")).to_be_visible()

    with page.expect_navigation():
        page.get_by_label("Sprache").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()


def test_a_signed_in_member_sees_their_entry_in_german(page: Page, org: Org) -> None:
    sign_in(page, "mia")
    page.goto("/o/test-union/members/M-1/")
    with page.expect_navigation():
        page.get_by_label("Language").select_option("de")
    expect(page.get_by_role("heading", name="Statusverlauf")).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
