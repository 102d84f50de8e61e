"""The registry pages in Chromium: from the organizations to a member, searching and
paging the register (with the keyboard, and without JavaScript), changing a status, and
the pages on a phone."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from collegium.bodies.actions import (
    appoint_to_office,
    create_office,
    end_office_term,
    seat_member,
    vacate_seat,
)
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import create_organization, register_member
from collegium.registry.models import Member, Organization
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = "table.register tbody tr"


def _union(org: Org) -> Organization:
    return org.organization


@pytest.fixture
def named(org: Org) -> Org:
    for number, name, unit in [
        ("M-10", "Anna Berg", "North"),
        ("M-11", "Bert Nordmann", "South"),
        ("X-7", "Clara Weiss", "East"),
    ]:
        register_member(actor=SYSTEM, organization=_union(org), number=number, name=name, unit=unit)
    return org


@pytest.fixture
def crowded(org: Org) -> Org:
    """120 members, so the register has three pages of 50."""
    for i in range(120):
        register_member(
            actor=SYSTEM, organization=_union(org), number=f"P-{i:04d}", name=f"Person {i:04d}"
        )
    return org


def test_home_to_organization_to_register(page: Page, named: Org) -> None:
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")
    sign_in(page, "ada")
    page.goto("/")
    page.get_by_role("link", name="Test Union").click()
    expect(page).to_have_url(re.compile(r"/o/test-union/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Test Union")
    bodies = page.locator("table.bodies")
    expect(bodies).to_contain_text("Central Committee")
    expect(bodies).to_contain_text("0 of 3")
    expect(page.locator("table.register-figures")).to_contain_text("4")
    page.get_by_role("link", name="Member register").click()
    expect(page).to_have_url(re.compile(r"/o/test-union/members/$"))
    expect(page.locator(ROWS)).to_have_count(4)
    expect(page.locator(".result-count")).to_have_text("4 members in the register.")


def test_anonymous_visitor_signs_in_and_comes_back_to_the_register(page: Page, named: Org) -> None:
    page.goto("/o/test-union/members/?q=berg")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"/o/test-union/members/\?q=berg$"))
    expect(page.locator(ROWS)).to_have_count(1)


def test_a_member_is_shown_why_the_register_is_closed(page: Page, named: Org) -> None:
    sign_in(page, "mia")
    response = page.goto("/o/test-union/members/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("alert")).to_contain_text(
        "Not permitted: viewing the membership register needs one of the roles admin, secretary."
    )
    # Her own entry is open to her.
    page.goto("/o/test-union/members/M-1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mia Member")


def test_typing_filters_the_table(page: Page, named: Org) -> None:
    sign_in(page, "sam")
    page.goto("/o/test-union/members/")
    expect(page.locator(ROWS)).to_have_count(4)
    page.get_by_label("Number, name or unit").press_sequentially("berg", delay=40)
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text("Anna Berg")
    # The search is in the address, so it can be bookmarked and survives a reload.
    expect(page).to_have_url(re.compile(r"\?q=berg"))
    page.reload()
    expect(page.locator(ROWS)).to_have_count(1)
    page.get_by_label("Status").select_option("suspended")
    expect(page.locator(".result-count")).to_have_text("0 members match.")


def test_keyboard_only_search(page: Page, named: Org) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/members/")
    search = page.get_by_label("Number, name or unit")
    for _ in range(30):
        if search.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(search).to_be_focused()
    page.keyboard.type("X-")
    page.keyboard.press("Enter")
    expect(page.locator(ROWS)).to_have_count(1)
    link = page.get_by_role("link", name="X-7")
    for _ in range(30):
        if link.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clara Weiss")


def test_paging_next_and_previous(page: Page, crowded: Org) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/members/")
    rows = page.locator(ROWS)
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Mia Member")
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    page.get_by_role("link", name="Next page").click()
    expect(rows.first).to_contain_text("Person 0049")
    expect(page).to_have_url(re.compile(r"after=P-0048"))
    page.get_by_role("link", name="Next page").click()
    expect(rows).to_have_count(21)
    expect(rows.last).to_contain_text("Person 0119")
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    page.get_by_role("link", name="Previous page").click()
    expect(rows.first).to_contain_text("Person 0049")
    page.get_by_role("link", name="Previous page").click()
    expect(rows.first).to_contain_text("Mia Member")
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    # The browser's back button restores the page before.
    page.go_back()
    expect(rows.first).to_contain_text("Person 0049")


def test_register_works_without_javascript(
    browser: Browser, live_server: object, named: Org
) -> None:
    context = browser.new_context(base_url=str(live_server), java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "ada")
        page.goto("/o/test-union/members/")
        page.get_by_label("Number, name or unit").fill("weiss")
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"q=weiss"))
        expect(page.locator(ROWS)).to_have_count(1)
        expect(page.locator(ROWS).first).to_contain_text("Clara Weiss")
    finally:
        context.close()


def test_member_page_shows_seats_offices_and_history(page: Page, named: Org) -> None:
    body = named.committee
    anna = Member.objects.get(number="M-10")
    seat = seat_member(
        actor=SYSTEM,
        body=body,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=anna,
        origin_detail="decision 1956/12",
    )
    office = create_office(actor=SYSTEM, body=body, title="Chair", slug="chair")
    term = appoint_to_office(
        actor=SYSTEM, office=office, member=anna, start=datetime.date(1956, 3, 1)
    )
    end_office_term(actor=SYSTEM, term=term, because="recalled by vote")
    vacate_seat(actor=SYSTEM, seat=seat, reason="moved abroad")
    sign_in(page, "sam")
    page.goto("/o/test-union/members/M-10/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Berg")
    past = page.locator("table.seats", has_text="Seats held before")
    expect(past).to_contain_text("Central Committee")
    expect(past).to_contain_text("Full member")
    expect(past).to_contain_text("decision 1956/12")
    expect(past).to_contain_text("moved abroad")
    offices = page.locator("table.offices")
    expect(offices).to_contain_text("Chair")
    expect(offices).to_contain_text("recalled by vote")
    expect(page.locator("table.status-history")).to_contain_text("admitted")
    # The secretary sees the page but not the form to change the status.
    expect(page.get_by_role("button", name="Change the status")).to_have_count(0)
    page.get_by_role("link", name="Central Committee").first.click()
    expect(page).to_have_url(re.compile(r"/o/test-union/bodies/cc/$"))


def test_admin_changes_a_status_and_is_refused_without_a_reason(page: Page, named: Org) -> None:
    sign_in(page, "ada")
    page.goto("/o/test-union/members/M-11/")
    page.get_by_label("Change", exact=True).select_option(label="Suspend")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_role("alert")).to_have_text("A change of status needs a reason.")
    expect(page.locator(".facts")).to_contain_text("Active")
    page.get_by_label("Change", exact=True).select_option(label="Suspend")
    page.get_by_label("Reason").fill("dues unpaid for a year")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".messages")).to_have_text("Bert Nordmann is now suspended.")
    expect(page.locator(".facts")).to_contain_text("Suspended")
    history = page.locator("table.status-history tbody tr")
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text("dues unpaid for a year")
    # The form now offers reinstatement, not suspension.
    expect(page.get_by_label("Change", exact=True).locator("option")).to_have_text(
        ["Reinstate (active)", "Record as left"]
    )
    # Reloading the page after the change submits nothing again.
    page.reload()
    expect(history).to_have_count(2)


def test_a_stale_form_replays_nothing(page: Page, named: Org) -> None:
    sign_in(page, "ada")
    # A second tab keeps the form as it was made, as a page restored by Back does.
    stale = page.context.new_page()
    stale.goto("/o/test-union/members/M-11/")
    page.goto("/o/test-union/members/M-11/")
    page.get_by_label("Change", exact=True).select_option(label="Suspend")
    page.get_by_label("Reason").fill("dues unpaid")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".facts")).to_contain_text("Suspended")
    page.get_by_label("Change", exact=True).select_option(label="Reinstate (active)")
    page.get_by_label("Reason").fill("dues paid")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".facts")).to_contain_text("Active")
    # The stale form still offers a suspension; sent with the reinstatement's reason, it
    # is refused, and the page shows why beside a fresh form.
    stale.get_by_label("Change", exact=True).select_option(label="Suspend")
    stale.get_by_label("Reason").fill("dues paid")
    stale.get_by_role("button", name="Change the status").click()
    expect(stale.locator("#status-refusal")).to_contain_text(
        "has changed since this form was opened; nothing was changed."
    )
    expect(stale.locator(".facts")).to_contain_text("Active")
    expect(stale.locator("table.status-history tbody tr")).to_have_count(3)
    assert Member.objects.get(number="M-11").status == "active"


def test_search_ignores_case_and_accents(page: Page, named: Org) -> None:
    register_member(actor=SYSTEM, organization=_union(named), number="LT-7", name="Sniečkus")
    sign_in(page, "ada")
    page.goto("/o/test-union/members/")
    page.get_by_label("Number, name or unit").fill("SNIECKUS")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS)).to_contain_text("Sniečkus")


def test_pages_fit_a_phone_screen(phone_page: Page, crowded: Org) -> None:
    member = Member.objects.get(number="P-0001")
    Member.objects.filter(pk=member.pk).update(
        unit="An exceptionally long unit name that would not fit on a phone screen at all"
    )
    sign_in(phone_page, "ada")
    for url in ["/o/test-union/", "/o/test-union/members/", "/o/test-union/members/P-0001/"]:
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
    phone_page.goto("/o/test-union/members/")
    phone_page.get_by_label("Number, name or unit").fill("Person 0007")
    expect(phone_page.locator(ROWS)).to_have_count(1)
