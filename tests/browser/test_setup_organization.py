"""Setting up in Chromium: the operator creates an organization and names its admin; the
admin names another admin on the People page; the home page signed out and signed in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from collegium.registry.models import Organization
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_operator_creates_an_organization_and_names_its_admin(page: Page, org) -> None:
    User.objects.create_superuser("root", password=PASSWORD)
    sign_in(page, "root")
    page.goto("/")
    page.get_by_role("link", name="Set up a new organization").click()
    expect(page.get_by_role("heading", name="New organization")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Metal Workers")
    page.get_by_label("Short name").fill("Metal Workers")  # not a short name
    page.get_by_label("Default language").select_option("de")
    page.get_by_label("English").check()
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_label("First administrator").fill("ada")
    page.get_by_role("button", name="Create the organization").click()
    # Refused beside the field, with everything typed kept.
    expect(page.locator(".field.invalid")).to_contain_text("may hold only lower-case letters")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Metal Workers")
    page.get_by_label("Short name").fill("metal")
    page.get_by_label("Short name").press("Enter")
    expect(page).to_have_url(re.compile(r"/o/metal/$"))
    expect(page.get_by_role("status")).to_contain_text("Metal Workers has been set up.")
    metal = Organization.objects.get(slug="metal")
    assert (metal.languages, metal.time_zone) == (["de", "en"], "Europe/Berlin")
    assert list(metal.admins.values_list("username", flat=True)) == ["ada"]


def test_an_admin_names_another_admin_on_the_people_page(page: Page, org) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/")
    page.get_by_role("link", name="People: administrators and secretaries").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    secretaries = page.locator("table.secretaries")
    expect(secretaries).to_contain_text("Central Committee")
    expect(secretaries).to_contain_text("sam")
    page.get_by_role("button", name="Remove ada from the administrators").click()
    expect(page.get_by_role("alert")).to_contain_text("last administrator")
    page.get_by_label("Login name").fill("otto")
    page.get_by_label("Login name").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("otto is now an administrator")
    expect(page.locator("ul.admins")).to_contain_text("otto")
    page.get_by_role("button", name="Remove otto from the administrators").click()
    expect(page.get_by_role("status")).to_contain_text("otto is no longer an administrator")
    assert list(org.organization.admins.values_list("username", flat=True)) == ["ada"]


def test_the_home_page_signed_out_and_signed_in(page: Page, org) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Collegium", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Collegium runs the congresses")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Your organizations")).to_be_visible()
    tasks = page.locator(".tasks")
    expect(tasks).to_contain_text("Central Committee: 3 of 3 full seats are vacant.")
    tasks.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/o/test-union/bodies/cc/$"))
