"""The journal page in Chromium: entries newest first, and the chain check reporting an
intact chain, then the entry a test altered behind the application's back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/o/test-union/journal/"


@pytest.fixture
def journal(org):
    for i in range(1, 4):
        register_member(
            actor=org.admin, organization=org.organization, number=f"J-{i}", name=f"Journal {i}"
        )
    return org


def test_the_journal_lists_entries_newest_first(page: Page, journal) -> None:
    sign_in(page, "mia")
    page.goto(URL)
    numbers = page.locator("table.journal tbody tr td:first-child").all_inner_texts()
    expected = [
        str(n)
        for n in JournalEntry.objects.filter(organization=journal.organization)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    ]
    assert numbers == expected
    newest = page.locator("table.journal tbody tr").first
    expect(newest).to_contain_text("register.member.added")
    expect(newest).to_contain_text("J-3")
    entry = JournalEntry.objects.get(payload__number="J-3")
    expect(newest.locator("code.hash")).to_have_attribute("title", entry.hash)


def test_verify_reports_intact_then_the_altered_entry(page: Page, journal) -> None:
    sign_in(page, "mia")
    page.goto(URL)
    page.get_by_role("button", name="Verify the chain").click()
    total = JournalEntry.objects.count()
    result = page.locator("#verification")
    expect(result).to_have_text(f"Chain intact: {total} entries verified.")
    # The check ran in place (htmx): the page was not reloaded.
    assert page.url.endswith(URL)

    altered = JournalEntry.objects.get(payload__number="J-2")
    JournalEntry.objects.filter(pk=altered.pk).update(payload={"number": "J-2", "name": "Forged"})
    page.get_by_role("button", name="Verify the chain").click()
    expect(result).to_have_text(
        f"Chain broken at entry {altered.sequence}: its content does not match its recorded hash."
    )


def test_an_outsider_is_refused(page: Page, journal) -> None:
    sign_in(page, "otto")
    response = page.goto(URL)
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("journal.view")


def test_the_journal_fits_a_phone(phone_page: Page, journal) -> None:
    sign_in(phone_page, "ada")
    phone_page.goto(URL)
    expect(phone_page.get_by_role("button", name="Verify the chain")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Each entry is a card whose cells carry their column's name.
    box = phone_page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    first = phone_page.locator("table.journal tbody tr").first
    expect(first.locator("td[data-label='Change']")).to_be_visible()
    expect(first.locator("code.hash")).to_be_in_viewport()
