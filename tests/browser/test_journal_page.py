"""The journal page in Chromium: entries newest first, as each reader may see them; the
head shown as a checkpoint to keep; the chain check reporting an intact chain, the entry a
test altered behind the application's back, and a checkpoint the chain passes through."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.journal.queries import head_of
from collegium.registry.actions import register_member
from tests.browser.conftest import sign_in
from tests.journal.chains import ORG, chain, entries_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = f"/o/{ORG}/journal/"


@pytest.fixture
def journal(org):
    for i in range(1, 4):
        register_member(
            actor=Actor.page(org.admin),
            organization=org.organization,
            number=f"J-{i}",
            name=f"Journal {i}",
        )
    return org


def _listed(page: Page) -> list[str]:
    return page.locator("table.journal tbody tr td:first-child").all_inner_texts()


def _newest_first(**visible) -> list[str]:
    entries = entries_of(ORG).filter(**visible).order_by("-sequence")
    return [str(n) for n in entries.values_list("sequence", flat=True)]


def test_the_journal_lists_entries_newest_first(page: Page, journal) -> None:
    sign_in(page, "ada")
    page.goto(URL)
    assert _listed(page) == _newest_first()
    newest = page.locator("table.journal tbody tr").first
    expect(newest).to_contain_text("register.member.added")
    expect(newest).to_contain_text("J-3")
    entry = JournalEntry.objects.get(payload__number="J-3")
    expect(newest.locator("code.hash")).to_have_attribute("title", entry.hash)


def test_a_member_sees_the_public_and_members_entries_only(page: Page, journal) -> None:
    sign_in(page, "mia")
    page.goto(URL)
    assert _listed(page) == _newest_first(audience__in=["public", "members"])
    expect(page.locator("table.journal")).not_to_contain_text("register.member.added")
    expect(page.locator("table.journal")).to_contain_text("body.created")


def test_an_anonymous_visitor_reads_the_public_entries(page: Page, journal) -> None:
    response = page.goto(URL)
    assert response is not None and response.status == 200
    assert _listed(page) == _newest_first(audience="public")
    expect(page.locator("main")).not_to_contain_text("J-3")


def test_an_outsider_reads_the_public_entries(page: Page, journal) -> None:
    sign_in(page, "otto")
    response = page.goto(URL)
    assert response is not None and response.status == 200
    assert _listed(page) == _newest_first(audience="public")
    expect(page.get_by_role("button", name="Verify the chain")).to_be_visible()


def test_verify_reports_intact_then_the_altered_entry(page: Page, journal) -> None:
    sign_in(page, "ada")
    page.goto(URL)
    page.get_by_role("button", name="Verify the chain").click()
    total = entries_of(ORG).count()
    result = page.locator("#verification")
    expect(result).to_have_text(f"Chain intact: {total} entries verified.")
    # The check ran in place (htmx): the page was not reloaded.
    assert page.url.endswith(URL)

    altered = JournalEntry.objects.get(payload__number="J-2")
    JournalEntry.objects.filter(pk=altered.pk).update(payload={"number": "J-2", "name": "Forged"})
    # An admin's check is fresh each time: the alteration shows at once.
    page.get_by_role("button", name="Verify the chain").click()
    expect(result).to_have_text(
        f"Chain broken at entry {altered.sequence}: its content does not match its recorded hash."
    )


def test_a_member_checks_the_whole_chain(page: Page, journal) -> None:
    sign_in(page, "mia")
    page.goto(URL)
    page.get_by_role("button", name="Verify the chain").click()
    # The check covers every entry of the chain, more than the member sees listed.
    expect(page.locator("#verification")).to_have_text(
        f"Chain intact: {entries_of(ORG).count()} entries verified."
    )
    expect(page.get_by_label("Only hash the entries after the checkpoint")).to_have_count(0)


def test_a_kept_checkpoint_is_checked_later(page: Page, journal) -> None:
    page.goto(URL)
    kept = page.locator("#head-checkpoint").inner_text()
    assert kept == str(head_of(chain()))
    register_member(actor=SYSTEM, organization=journal.organization, number="J-4", name="Later")

    page.goto(URL)
    expect(page.locator("#head-checkpoint")).to_have_text(str(head_of(chain())))
    page.get_by_label("A checkpoint you kept (optional)").fill(kept)
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verification")).to_have_text(
        f"Chain intact up to entry {chain().last_sequence}, and it passes through your "
        f"checkpoint at entry {kept.split(':')[0]}."
    )

    page.get_by_label("A checkpoint you kept (optional)").fill("yesterday")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verification .error")).to_contain_text(
        "A checkpoint is written SEQUENCE:HASH"
    )


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
    # The checkpoint and the check come first; scrolled to, the card shows its hash whole.
    first.scroll_into_view_if_needed()
    expect(first.locator("code.hash")).to_be_in_viewport()
    # The head's checkpoint (64 hex digits) wraps instead of widening the page.
    expect(phone_page.locator("#head-checkpoint")).to_be_visible()
