"""Accounts in Chromium: an invitation followed from the captured email to a first
sign-in; a single sign-on through a local OpenID Connect provider; a form whose session
expired keeps what was typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from tests.access.oidc_provider import RunningProvider, configured
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long and unusual passphrase"


def test_an_invitation_from_the_email_to_the_first_sign_in(
    page: Page, browser: Browser, live_server, org
) -> None:
    register_member(
        actor=SYSTEM,
        organization=org.organization,
        number="M-7",
        name="Vera Figner",
        email="vera@example.org",
    )
    sign_in(page, "ada")
    page.goto("/o/test-union/members/invite/")
    page.get_by_label("Member numbers").fill("M-7")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("1 invitation sent")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/welcome/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    invited = browser.new_context(base_url=str(live_server)).new_page()
    invited.goto(link.group(1))
    expect(invited.get_by_role("heading", name="Choose your password")).to_be_visible()
    invited.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invited.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    invited.get_by_label("New password confirmation").press("Enter")
    expect(invited.locator(".site-header")).to_contain_text("vera@example.org")
    expect(invited.get_by_role("status")).to_contain_text("Your password is set")
    # Signed out, the chosen password signs in.
    invited.get_by_role("button", name="Sign out").click()
    sign_in(invited, "vera@example.org", NEW_PASSWORD)
    expect(invited.locator(".site-header")).to_contain_text("vera@example.org")
    invited.context.close()


@pytest.fixture
def provider(settings, monkeypatch) -> Iterator[RunningProvider]:
    with configured(settings, monkeypatch) as running:
        yield running


def test_single_sign_on_in_the_browser(page: Page, provider, org) -> None:
    from collegium.registry.models import Member

    Member.objects.filter(pk=org.member.pk).update(email="mia@example.org", user=None)
    provider.provider.identity = {"sub": "s-1", "email": "mia@example.org", "email_verified": True}
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with Test Union ID").click()
    expect(page.locator(".site-header")).to_contain_text("mia@example.org")


def test_a_form_whose_session_expired_keeps_what_was_typed(page: Page, org) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct horse battery staple")
    # The session (and its CSRF cookie) expires while the form is open.
    page.context.clear_cookies()
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="The form has expired")).to_be_visible()
    expect(page.locator("dl.kept-fields")).to_contain_text("ada")
    expect(page.get_by_role("alert")).to_contain_text("Passwords and files are not kept")
