"""Members in Chromium: an admin adds a member, corrects it, invites it from the
register's selection and the emailed link leads to a first sign-in and "my page"; the
register is exported and imported back unchanged."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import add_admin
from collegium.registry.models import Member
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long and unusual passphrase"


def test_add_correct_invite_from_the_selection_and_sign_in(
    page: Page, browser: Browser, live_server, org
) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/members/")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Member number").fill("M-1")  # taken
    page.get_by_label("Name", exact=True).fill("Vera Fgner")
    page.get_by_role("button", name="Add the member").click()
    expect(page.locator(".field.invalid")).to_contain_text("already in the register")
    page.get_by_label("Member number").fill("V-1")
    page.get_by_label("Email").fill("vera@example.org")
    page.get_by_label("Unit").fill("Odessa")
    page.get_by_role("button", name="Add the member").click()
    expect(page).to_have_url(re.compile(r"/o/test-union/members/V-1/$"))
    expect(page.get_by_role("status")).to_contain_text("Vera Fgner (V-1) is now in the register.")

    correction = page.locator("form.correction")
    correction.get_by_label("Name", exact=True).fill("Vera Figner")
    correction.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vera Figner")
    assert JournalEntry.objects.filter(
        code="register.member.corrected", payload__old="Vera Fgner", payload__new="Vera Figner"
    ).exists()

    page.goto("/o/test-union/members/")
    page.get_by_role("checkbox", name="Select Vera Figner").check()
    page.get_by_role("button", name="Invite the selected members").click()
    expect(page.get_by_role("status")).to_contain_text("1 invitation sent")
    assert [message.to for message in mail.outbox] == [["vera@example.org"]]
    link = re.search(r"https?://[^/\s]+(/welcome/\S+/)", str(mail.outbox[0].body))
    assert link is not None

    invited = browser.new_context(base_url=str(live_server)).new_page()
    invited.goto(link.group(1))
    invited.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invited.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    invited.get_by_label("New password confirmation").press("Enter")
    expect(invited.locator(".site-header")).to_contain_text("vera@example.org")
    invited.goto("/")
    invited.locator("main").get_by_role("link", name="My page").click()
    expect(invited.get_by_role("heading", name="My page")).to_be_visible()
    expect(invited.locator("main")).to_contain_text("V-1")
    expect(invited.locator("main")).to_contain_text("You hold no seat now.")
    invited.context.close()


def test_the_register_is_downloaded_and_imported_back_unchanged(page: Page, org, tmp_path) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/members/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export the register (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "test-union-members.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    before = list(Member.objects.values_list("number", "name", "email", "unit", "status"))
    page.goto("/o/test-union/members/import/")
    page.locator('input[type="file"]').set_input_files(str(saved))
    page.locator("form").get_by_role("button").last.click()
    expect(page.locator("main")).to_contain_text(re.compile(r"Status changes\s*0\s*Unchanged\s*1"))
    assert list(Member.objects.values_list("number", "name", "email", "unit", "status")) == before
    assert not JournalEntry.objects.filter(code="register.member.status_changed").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/me/",
        "/o/test-union/people/",
        "/o/test-union/members/",
        "/o/test-union/members/new/",
        "/o/test-union/members/M-1/",
    ],
)
def test_the_new_pages_fit_a_phone(phone_page: Page, org, path: str) -> None:
    # One login that sees every page: a member who is an admin too.
    add_admin(actor=SYSTEM, organization=org.organization, username="mia")
    sign_in(phone_page, "mia")
    phone_page.goto(path)
    expect(phone_page.locator("main h1")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
