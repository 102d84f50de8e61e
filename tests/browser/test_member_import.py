"""The import page in Chromium: a good file gives the summary; a file with bad rows lists
its problems with line numbers and imports nothing; only admins get the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from collegium.journal.models import JournalEntry
from collegium.registry.models import Member
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parent.parent / "data" / "registers"
IMPORT_PAGE = "/o/test-union/members/import/"


def upload(page: Page, path: Path) -> None:
    page.goto(IMPORT_PAGE)
    page.get_by_label("Register file (CSV)").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()


def test_an_admin_imports_a_good_file_and_sees_the_summary(page: Page, org) -> None:
    sign_in(page, "ada")
    upload(page, DATA / "good.csv")
    summary = page.get_by_role("status").filter(has_text="rows imported")
    expect(summary.get_by_role("heading")).to_have_text("good.csv: 5 rows imported")
    expect(page.locator("#added")).to_have_text("5")
    expect(page.locator("#status-changed")).to_have_text("2")
    expect(summary).to_contain_text(
        "1 member of the register is not in the file; they were kept, not removed."
    )
    assert Member.objects.filter(organization=org.organization).count() == 6
    # The upload was answered with a redirect: reloading shows the result, imports nothing.
    imports = JournalEntry.objects.filter(code="register.import").count()
    page.reload()
    expect(page.locator("#added")).to_have_text("5")
    assert JournalEntry.objects.filter(code="register.import").count() == imports == 1

    upload(page, DATA / "good-changed.csv")
    expect(page.locator("#added")).to_have_text("1")
    expect(page.locator("#updated")).to_have_text("1")
    expect(page.locator("#unchanged")).to_have_text("1")
    assert Member.objects.get(number="M-101").status == "suspended"


def test_a_file_with_bad_rows_shows_each_problem_and_imports_nothing(page: Page, org) -> None:
    before = Member.objects.count(), JournalEntry.objects.count()
    sign_in(page, "ada")
    upload(page, DATA / "bad-rows.csv")
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading")).to_have_text(
        "bad-rows.csv has 10 problems, so nothing was imported."
    )
    problems = alert.get_by_role("listitem")
    expect(problems).to_have_count(10)
    expect(problems.first).to_have_text("line 5: the member number is missing")
    expect(problems.nth(3)).to_have_text("line 8: email 'x@' is not a valid address")
    expect(problems.last).to_have_text(
        "line 14: a status_reason or status_date is given but no status"
    )
    assert (Member.objects.count(), JournalEntry.objects.count()) == before
    # The form is there again for the corrected file.
    expect(page.get_by_label("Register file (CSV)")).to_be_visible()


def test_a_secretary_is_refused_with_the_reason(page: Page, org) -> None:
    sign_in(page, "sam")
    response = page.goto(IMPORT_PAGE)
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "Not permitted: adding members to the register needs one of the roles admin."
    )
    expect(page.get_by_label("Register file (CSV)")).to_have_count(0)


def test_the_page_is_usable_on_a_phone(phone_page: Page, org) -> None:
    sign_in(phone_page, "ada")
    upload(phone_page, DATA / "good.csv")
    expect(phone_page.locator("#added")).to_have_text("5")
    # Nothing spills sideways on a 375-pixel screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
