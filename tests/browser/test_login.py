"""Signing in and out through the real pages, by mouse and by keyboard, on a phone too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_good_password_signs_in_and_sign_out_signs_out(page: Page, org) -> None:
    sign_in(page, "ada")
    header = page.locator(".site-header")
    expect(header).to_contain_text("ada")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".site-header").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.locator(".site-header")).not_to_contain_text("ada")


def test_a_bad_password_is_refused_with_a_message(page: Page, org) -> None:
    sign_in(page, "ada", password="wrong password")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    expect(page.get_by_label("Username")).to_have_value("ada")


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    page: Page, org
) -> None:
    for _ in range(5):
        sign_in(page, "ada", password="wrong password")
    sign_in(page, "ada")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Too many failed sign-ins. Try again in 15 minutes."
    )
    expect(page.locator(".site-header")).not_to_contain_text("ada")


def test_sign_in_returns_to_the_page_asked_for(page: Page, org) -> None:
    page.goto("/o/test-union/members/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Register of Test Union")).to_be_visible()


def test_signing_in_by_keyboard_alone(page: Page, org) -> None:
    page.goto("/login/")
    # The username field has the focus on arrival (Django's autofocus), with a visible ring.
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("name", "username")
    assert focused.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.type("ada")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "password")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Sign in")
    page.keyboard.press("Enter")
    expect(page.locator(".site-header")).to_contain_text("ada")


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page: Page, org) -> None:
    page.goto("/o/test-union/bodies/cc/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0  # hidden off-screen until focused, then shown
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # The next stop is inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_login_page_fits_a_phone(phone_page: Page, org) -> None:
    phone_page.goto("/login/")
    expect(phone_page.get_by_label("Username")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_stylesheet_and_htmx_are_served(page: Page, org) -> None:
    page.goto("/login/")
    assert page.evaluate("typeof htmx") == "object"
    # The stylesheet is applied: the skip link sits off-screen until focused.
    top = page.locator(".skip-link").evaluate("el => el.getBoundingClientRect().bottom")
    assert top <= 0
