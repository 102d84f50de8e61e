"""The two paths the pages exist for, walked in Chromium by clicking links as a person
would: a delegate finding who sits in a body and under which rules, and the secretariat
seating a member, vacating a seat and checking the journal."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from collegium.bodies.actions import adopt_standing_orders, seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import (
    create_organization,
    register_member,
    set_register_open_to_members,
)
from collegium.rules.standing_orders.presets import PRESETS
from tests.browser.conftest import sign_in
from tests.conftest import Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def union(org: Org) -> Org:
    """The test union's committee under Lenin-era rules: one full seat free, one alternate,
    and a second organization so that the home page lists more than one."""
    create_organization(actor=SYSTEM, name="Another Union", slug="another")
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    for number, name, role, rank in [
        ("F-1", "Anna Full", SeatRole.FULL, None),
        ("F-2", "Boris Full", SeatRole.FULL, None),
        ("A-1", "Yuri First", SeatRole.ALTERNATE, 1),
    ]:
        member = register_member(
            actor=SYSTEM, organization=org.organization, number=number, name=name
        )
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=role,
            rank=rank,
            origin=SeatOrigin.ELECTED,
            origin_detail="decision 1956/1",
        )
    register_member(actor=SYSTEM, organization=org.organization, number="N-1", name="Nadia New")
    # Members may read each other's entries here (closed by default).
    set_register_open_to_members(actor=SYSTEM, organization=org.organization, open_to_members=True)
    return org


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _tables_fit(page: Page) -> bool:
    """No table needs sideways scrolling inside its box (on a phone they stack as cards)."""
    return bool(
        page.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".every(box => box.scrollWidth <= box.clientWidth)"
        )
    )


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_a_delegate_finds_the_body_its_rules_and_a_member(
    screen: str, request: pytest.FixtureRequest, union: Org
) -> None:
    page: Page = request.getfixturevalue(screen)
    sign_in(page, "mia")
    page.goto("/")
    expect(page.get_by_role("heading", name="Organizations")).to_be_visible()
    # Which rules an organization follows is visible before opening it.
    expect(page.locator("main li", has_text="Test Union")).to_contain_text(
        "In force: Lenin-era rules"
    )
    assert _fits(page)

    page.get_by_role("link", name="Test Union").click()
    expect(page.get_by_role("heading", name="Test Union", level=1)).to_be_visible()
    in_force = page.locator(
        "section", has=page.get_by_role("heading", name="Standing orders in force")
    )
    expect(in_force).to_contain_text("Lenin-era rules")
    expect(in_force).to_contain_text("counter-report")
    assert _fits(page)

    page.get_by_role("link", name="Central Committee").first.click()
    expect(page.get_by_role("heading", name="Central Committee", level=1)).to_be_visible()
    facts = page.locator(".facts")
    expect(facts).to_contain_text("2 of 3 filled")
    expect(facts).to_contain_text("1 of 2 filled")
    # The facts name the orders in force and lead to their plain-language summary.
    facts.get_by_role("link", name="Lenin-era rules").click()
    orders = page.locator("section", has=page.get_by_role("heading", name="Standing orders"))
    expect(orders).to_contain_text(
        "A minority of at least 1/20 of the full members may give a counter-report."
    )
    assert _fits(page)

    page.locator("#seats-full").get_by_role("link", name="Anna Full").click()
    expect(page.get_by_role("heading", name="Anna Full", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Central Committee")
    assert _fits(page)
    assert _tables_fit(page)


def test_an_anonymous_visitor_learns_why_a_member_page_asks_to_sign_in(
    page: Page, union: Org
) -> None:
    page.goto("/o/test-union/members/F-1/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You need to sign in to see that page.")
    page.get_by_label("Username").fill("mia")
    page.get_by_label("Password").fill("x")  # wrong on purpose: the hint stays
    page.get_by_label("Password").press("Enter")
    expect(page.locator("main")).to_contain_text("You need to sign in to see that page.")


def test_the_secretariat_seats_vacates_and_verifies_the_journal(page: Page, union: Org) -> None:
    sign_in(page, "sam")
    page.goto("/o/test-union/")
    page.get_by_role("link", name="Central Committee").first.click()
    page.get_by_role("link", name="Seat a member or vacate a seat").click()

    # A wrong number is refused, flagged at the top and explained at the field.
    page.get_by_label("Member number", exact=True).fill("N-9")
    page.get_by_role("button", name="Seat", exact=True).click()
    expect(
        page.get_by_role("link", name="Nothing was changed: the form below says why.")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("No member numbered N-9 is in the register.")

    # The form says where member numbers are found.
    page.get_by_role("link", name="member register").click()
    expect(page.get_by_role("heading", name="Register of Test Union", level=1)).to_be_visible()
    page.go_back()

    page.get_by_label("Member number", exact=True).fill("N-1")
    page.get_by_label("Role").select_option("full")
    page.get_by_label("Origin", exact=True).select_option("elected")
    page.get_by_label("Origin detail").fill("by-election 1956/9")
    page.get_by_role("button", name="Seat", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Nadia New now holds a seat in Central Committee as full member."
    )
    expect(page.locator(".facts")).to_contain_text("3 of 3 filled")

    page.get_by_label("Member number of the seat holder").fill("F-2")
    page.get_by_role("button", name="Find the seat").click()
    page.get_by_label("Reason").fill("resigned")
    page.get_by_role("button", name="Vacate the seat").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Yuri First, alternate no. 1, stepped up to the full seat."
    )
    expect(page.locator("#seats-alternate")).to_contain_text("Nobody holds a seat of this kind.")

    page.get_by_role("link", name="Test Union").first.click()
    page.get_by_role("link", name="Journal").click()
    # The newest entries are the vacancy and the step-up, both by the secretary.
    expect(page.locator("table.journal tbody tr").first).to_contain_text("sam")
    expect(page.locator("table.journal tbody")).to_contain_text("resigned")
    # A secretary is staff: the check re-hashes the union's own chain, now.
    expect(page.locator("main")).to_contain_text("every entry of this organization's chain")
    page.get_by_role("button", name="Verify the chain").click()
    total = JournalEntry.objects.filter(chain__key="test-union").count()
    expect(page.locator("#verification")).to_have_text(f"Chain intact: {total} entries verified.")


def test_an_unknown_address_gets_a_page_with_a_way_back(page: Page, union: Org) -> None:
    response = page.goto("/o/test-union/bodies/nope/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.get_by_role("link", name="Go to the list of organizations").click()
    expect(page.get_by_role("heading", name="Organizations")).to_be_visible()
