"""In Chromium: under orders that say suspension vacates seats, an admin suspends a seated
member on the member page, and the body page shows the first alternate stepped up; the
seat held by a suspended member under orders that keep it is flagged."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from collegium.bodies.actions import adopt_standing_orders, seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from collegium.rules.standing_orders.presets import PRESETS
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CC = "/o/test-union/bodies/cc/"


def _seat(org, number: str, name: str, role: SeatRole) -> None:
    member = register_member(
        actor=SYSTEM,
        organization=org.organization,
        number=number,
        name=name,
        joined_on=datetime.date(2020, 1, 1),
    )
    rank = 1 if role is SeatRole.ALTERNATE else None
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=role,
        rank=rank,
        origin=SeatOrigin.ELECTED,
    )


def _suspend(page: Page, number: str) -> None:
    page.goto(f"/o/test-union/members/{number}/")
    page.get_by_label("Change", exact=True).select_option(label="Suspend")
    page.get_by_label("Reason").fill("dues unpaid for a year")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".facts")).to_contain_text("Suspended")


def _orders(org, *, vacates: bool) -> None:
    document = {**PRESETS["lenin-era"], "suspension": {"vacates_seats": vacates}}
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="Orders", document=document)


def test_suspension_vacates_the_seat_and_the_alternate_steps_up(page: Page, org) -> None:
    _orders(org, vacates=True)
    _seat(org, "F-1", "Lavrentiy Beria", SeatRole.FULL)
    _seat(org, "A-1", "Nikolai Bulganin", SeatRole.ALTERNATE)
    sign_in(page, "ada")
    _suspend(page, "F-1")
    page.goto(CC)
    rows = page.locator("#seats-full tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("Nikolai Bulganin")
    expect(rows.first).to_contain_text("stepped up on the vacancy of Lavrentiy Beria")
    expect(page.locator("#body-orders")).to_contain_text("A suspended member loses their seats")


def test_a_kept_seat_of_a_suspended_member_is_flagged(page: Page, org) -> None:
    _orders(org, vacates=False)
    _seat(org, "F-1", "Lavrentiy Beria", SeatRole.FULL)
    sign_in(page, "ada")
    _suspend(page, "F-1")
    page.goto(CC)
    row = page.locator("#seats-full tbody tr", has_text="Lavrentiy Beria")
    expect(row.locator(".seat-flag")).to_have_text(
        f"suspended since {datetime.date.today():%-d %b %Y}"
    )
