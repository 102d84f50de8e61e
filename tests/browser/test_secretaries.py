"""In Chromium: an admin goes from the People page to a body's "Secretaries" section,
names a secretary (refused first for an unknown login, what was typed kept), and removes
one; reloading after either submits nothing again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_names_and_removes_a_secretary(page: Page, org) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/people/")
    page.get_by_role("link", name="Name or remove the secretaries of Central Committee").click()
    section = page.locator("#body-secretaries")
    expect(section.locator("ul.secretaries li")).to_have_text(["sam Remove"])
    section.get_by_label("Login name").fill("nobody")
    section.get_by_role("button", name="Name as secretary").click()
    expect(section).to_contain_text("There is no login named 'nobody'.")
    expect(section.get_by_label("Login name")).to_have_value("nobody")
    section.get_by_label("Login name").fill("otto")
    section.get_by_role("button", name="Name as secretary").click()
    expect(page.locator(".messages")).to_contain_text(
        "otto is now a secretary of Central Committee."
    )
    expect(section.locator("ul.secretaries .username")).to_have_text(["otto", "sam"])
    section.get_by_role("button", name="Remove sam from the secretaries").click()
    expect(page.locator(".messages")).to_contain_text(
        "sam is no longer a secretary of Central Committee."
    )
    expect(section.locator("ul.secretaries .username")).to_have_text(["otto"])
    page.reload()
    expect(section.locator("ul.secretaries .username")).to_have_text(["otto"])
