"""The body page in Chromium: the composition as anyone sees it, and a secretary seating
a member and vacating a full seat so that the first alternate steps up."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/o/test-union/bodies/cc/"


@pytest.fixture
def committee(org):
    """Two of three full seats taken; alternates seated out of rank order."""

    def seat(number, name, role=SeatRole.FULL, rank=None):
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

    seat("F-1", "Anna Full")
    seat("F-2", "Boris Full")
    seat("A-2", "Zora Second", SeatRole.ALTERNATE, 2)
    seat("A-1", "Yuri First", SeatRole.ALTERNATE, 1)
    register_member(actor=SYSTEM, organization=org.organization, number="N-1", name="Nadia New")
    return org


def _names(page: Page, role: str) -> list[str]:
    # The name is the row's second cell after an alternate's rank, else its first.
    cell = "td:nth-child(2)" if role == "alternate" else "td:first-child"
    return page.locator(f"#seats-{role} tbody tr {cell}").all_inner_texts()


def test_the_composition_shows_alternates_in_rank_order(page: Page, committee) -> None:
    page.goto(URL)
    expect(page.get_by_role("heading", name="Central Committee", level=1)).to_be_visible()
    assert _names(page, "full") == ["Anna Full", "Boris Full"]
    assert _names(page, "alternate") == ["Yuri First", "Zora Second"]
    ranks = page.locator("#seats-alternate tbody tr td.number").all_inner_texts()
    assert ranks == ["1", "2"]
    expect(page.locator(".facts")).to_contain_text("2 of 3 filled")
    # A visitor gets no forms.
    expect(page.get_by_role("heading", name="Seat a member")).to_have_count(0)


def test_a_secretary_seats_a_member_and_vacates_a_full_seat(page: Page, committee) -> None:
    sign_in(page, "sam")
    page.goto(URL)
    page.get_by_label("Member number", exact=True).fill("N-1")
    page.get_by_label("Role").select_option("full")
    page.get_by_label("Origin", exact=True).select_option("elected")
    page.get_by_label("Origin detail").fill("by-election 1956/9")
    page.get_by_role("button", name="Seat", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Nadia New now holds a seat in Central Committee as full member."
    )
    assert _names(page, "full") == ["Anna Full", "Boris Full", "Nadia New"]
    expect(page.locator("#seats-full")).to_contain_text("by-election 1956/9")

    page.get_by_label("Member number of the seat holder").fill("F-2")
    page.get_by_role("button", name="Find the seat").click()
    # A page of its own names the holder, the seat and the body, and asks for the date.
    expect(
        page.get_by_role(
            "heading", name="Vacate the seat of Boris Full (full member) in Central Committee?"
        )
    ).to_be_visible()
    expect(page.get_by_label("Vacated on")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("Reason").fill("resigned")
    page.get_by_role("button", name="Vacate the seat").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("The seat of Boris Full is vacated.")
    expect(status).to_contain_text("Yuri First, alternate no. 1, stepped up to the full seat.")
    assert _names(page, "full") == ["Anna Full", "Nadia New", "Yuri First"]
    assert _names(page, "alternate") == ["Zora Second"]


def test_a_refused_seating_shows_the_rule_next_to_the_form(page: Page, committee) -> None:
    sign_in(page, "ada")
    page.goto(URL)
    page.get_by_label("Member number", exact=True).fill("N-1")
    page.get_by_label("Role").select_option("alternate")
    page.get_by_label("Origin", exact=True).select_option("elected")
    page.get_by_role("button", name="Seat", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "No alternate seat is free in Central Committee: 2 of 2 are filled."
    )
    # What was typed is kept, so it can be corrected.
    expect(page.get_by_label("Member number", exact=True)).to_have_value("N-1")


def test_a_refused_vacancy_date_comes_back_with_the_rule(page: Page, committee) -> None:
    sign_in(page, "sam")
    page.goto(URL)
    page.get_by_label("Member number of the seat holder").fill("F-1")
    page.get_by_role("button", name="Find the seat").click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Reason").fill("died")
    page.get_by_label("Vacated on").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Vacate the seat").click()
    # The refusal writes the date in the page's one date format.
    shown = date_format(tomorrow, "DATE_FORMAT")
    expect(page.get_by_role("alert")).to_contain_text(f"The date {shown} is in the future")
    # Reloading the page after the refusal posts nothing again.
    page.reload()
    expect(page.get_by_label("Vacated on")).to_have_value(timezone.localdate().isoformat())
    page.goto(URL)
    assert "Anna Full" in _names(page, "full")


def test_a_secretary_changes_a_full_seats_weight_and_sees_a_refusal_beside_it(
    page: Page, committee
) -> None:
    sign_in(page, "sam")
    page.goto(URL)
    page.get_by_label("Member number of the seat holder").fill("F-1")
    page.get_by_role("button", name="Find the seat").click()
    facts = page.locator("#vacated-seat")
    expect(facts).to_contain_text("Vote weight")
    # The weight it already has: refused beside the field, what was typed kept.
    page.get_by_label("New vote weight").fill("1")
    page.get_by_label("Why the weight changes").fill("recount")
    page.get_by_role("button", name="Change the vote weight").click()
    weight_field = page.locator(".field", has=page.get_by_label("New vote weight"))
    expect(weight_field).to_contain_text("The seat's vote weight is 1.000 already.")
    expect(page.get_by_label("Why the weight changes")).to_have_value("recount")
    page.get_by_label("New vote weight").fill("2.5")
    page.get_by_role("button", name="Change the vote weight").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The vote weight of Anna Full's seat is now 2.500."
    )
    expect(facts).to_contain_text("2.500")
    # Back to the sent form and again: the rule refuses it, nothing changes twice.
    page.go_back()
    page.reload()
    page.get_by_label("New vote weight").fill("2.5")
    page.get_by_label("Why the weight changes").fill("again")
    page.get_by_role("button", name="Change the vote weight").click()
    expect(weight_field).to_contain_text("is 2.500 already")


def test_the_keyboard_reaches_the_seat_form(page: Page, committee) -> None:
    sign_in(page, "sam")
    page.goto(URL)
    page.get_by_label("Find a seat holder").focus()
    # Tab through the page until the seat form's first field; every stop is visible.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "seat-member_number":
            break
    else:
        pytest.fail("Tab never reached the seat form")
    page.keyboard.type("N-1")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "seat-guest_name")


def test_the_body_page_fits_a_phone(phone_page: Page, committee) -> None:
    sign_in(phone_page, "sam")
    phone_page.goto(URL)
    expect(phone_page.get_by_role("heading", name="Seat a member")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_congress_page_folds_long_lists_and_finds_a_delegate(phone_page: Page, org) -> None:
    from tests.bodies.test_views import _congress

    _congress(org, full=1349, consultative=81, guests=55, alternates=20)
    phone_page.goto("/o/test-union/bodies/congress/")
    full = phone_page.locator("#seats-full details")
    expect(full).not_to_have_attribute("open", "")
    expect(phone_page.locator("#seats-full tbody tr").first).to_be_hidden()
    # The short alternate list is open, so what follows stays within reach.
    expect(phone_page.locator("#seats-alternate tbody tr")).to_have_count(20)
    phone_page.locator("#seats-full summary").click()
    expect(phone_page.locator("#seats-full tbody tr")).to_have_count(1349)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    phone_page.get_by_label("Find a seat holder").fill("Delegate 00777")
    phone_page.get_by_label("Find a seat holder").press("Enter")
    expect(phone_page.locator("#seats-full tbody tr")).to_have_count(1)
    expect(phone_page.locator("#seats-full")).to_contain_text("D-777")
