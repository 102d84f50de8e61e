"""Pages the other browser tests do not reach: a forgotten password from the sign-in page
to a sign-in with the new one; a form's address opened as a link (405); the journal's
download, checked offline as `collegium verify --file` would."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import Page, expect

from collegium.journal.exported import check_export
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long and unusual passphrase"


def test_a_forgotten_password_from_the_sign_in_page(page: Page, org) -> None:
    User.objects.filter(pk=org.member_user.pk).update(email="mia@example.org")
    page.goto("/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("mia@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/welcome/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    page.goto(link.group(1))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password and sign in").click()
    expect(page.locator(".site-header")).to_contain_text("mia")
    # The link worked once.
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, "mia", NEW_PASSWORD)
    expect(page.locator(".site-header")).to_contain_text("mia")


def test_a_form_address_opened_as_a_link_gets_the_sites_405_page(page: Page, org) -> None:
    response = page.goto("/logout/")
    assert response is not None and response.status == 405
    expect(page.get_by_role("heading", name="Not available this way")).to_be_visible()
    page.get_by_role("link", name="Go to the list of organizations").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_visitor_downloads_the_journal_and_it_checks_out(page: Page, org) -> None:
    page.goto("/o/test-union/journal/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the journal (JSON lines)").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("test-union-journal-")
    with open(path, "rb") as file:
        lines = file.readlines()
    result = check_export(lines)
    assert result.broken is None
    assert result.withheld > 0  # a visitor does not read the register's entries
    assert b"Mia Member" not in b"".join(lines)
