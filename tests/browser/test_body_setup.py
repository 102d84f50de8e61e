"""Running bodies from the browser, in Chromium: an admin sets a body up, changes it, a
secretary seats a member, the admin dissolves it; a secretary changes the standing orders
from a preset, sees what changes and adopts them from a date; offices are set up, filled
and ended; the composition downloads as CSV and PDF."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from collegium.bodies.actions import adopt_standing_orders, seat_member
from collegium.bodies.models import Body, SeatOrigin, SeatRole, StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from collegium.rules.standing_orders.presets import PRESETS
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CC = "/o/test-union/bodies/cc/"


def _member(org, number: str, name: str, seat: bool = True) -> None:
    member = register_member(actor=SYSTEM, organization=org.organization, number=number, name=name)
    if seat:
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            origin_detail="decision 1956/1",
        )


def test_an_admin_sets_up_changes_seats_and_dissolves_a_body(page: Page, org) -> None:
    register_member(
        actor=SYSTEM, organization=org.organization, number="P-1", name="Анастас Микоян"
    )
    sign_in(page, "ada")
    page.goto(CC)
    page.get_by_role("link", name="New body").click()
    page.get_by_label("Name", exact=True).fill("Praesidium")
    page.get_by_label("Short name").fill("praesidium")
    page.get_by_label("Kind").select_option("executive")
    page.get_by_label("Elected by").select_option("cc")
    page.get_by_label("Full seats").fill("0")
    page.get_by_label("Term starts").fill("2020-02-25")
    page.get_by_role("button", name="Set up the body").click()
    # Refused beside the field, what was typed kept.
    expect(page.locator(".field.invalid")).to_contain_text("greater than or equal to 1")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Praesidium")
    page.get_by_label("Full seats").fill("11")
    page.get_by_role("button", name="Set up the body").click()
    expect(page.get_by_role("status")).to_contain_text("Praesidium is set up.")
    expect(page.get_by_role("heading", name="Praesidium", level=1)).to_be_visible()
    expect(page.locator("#body-facts")).to_contain_text("0 of 11 filled")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Full seats").fill("13")
    page.get_by_label("Description").fill("Directs the work between plenums.")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text("Praesidium is changed.")
    expect(page.locator("#body-facts")).to_contain_text("0 of 13 filled")
    expect(page.locator(".lead")).to_have_text("Directs the work between plenums.")

    page.get_by_label("Member number", exact=True).fill("P-1")
    page.get_by_label("Role").select_option("full")
    page.get_by_label("Origin", exact=True).select_option("elected")
    page.get_by_role("button", name="Seat", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Анастас Микоян now holds a seat")

    # Once seated, the kind is fixed: the rule says so.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Kind").select_option("committee")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Praesidium has had seats (1); its kind and the body that elects it cannot change"
    )
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Dissolve", exact=True).click()
    expect(page.get_by_role("heading", name="Dissolve Praesidium?")).to_be_visible()
    expect(page.locator("main, body").first).to_contain_text("One current seat will be vacated")
    expect(page.get_by_label("Dissolved on")).to_have_value(timezone.localdate().isoformat())
    page.get_by_role("button", name="Dissolve the body").click()
    expect(page.get_by_role("status")).to_contain_text("Praesidium is dissolved")
    expect(page.locator("#body-dissolved")).to_be_visible()
    expect(page.get_by_role("heading", name="Seat a member")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    assert Body.objects.get(slug="praesidium").dissolved_on == timezone.localdate()


def test_a_secretary_adopts_a_preset_seeing_what_changes(page: Page, org) -> None:
    adopt_standing_orders(
        actor=SYSTEM,
        body=org.committee,
        title="1956 practice",
        document=dict(PRESETS["1956-practice"]),
    )
    sign_in(page, "sam")
    page.goto(CC)
    page.get_by_role("link", name="Change the standing orders").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("1956 practice")
    page.get_by_label("Preset", exact=True).select_option("lenin-era")
    page.get_by_role("button", name="Fill in the form from this preset").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Lenin-era rules")

    # A problem the rules find comes back beside its field.
    page.get_by_label("Share or number").fill("3/2")
    page.get_by_role("button", name="Show what changes").click()
    invalid = page.locator(".field.invalid")
    expect(invalid).to_have_count(1)
    expect(invalid).to_contain_text("quorum.fraction:")
    page.get_by_label("Share or number").fill("1/2")
    later = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Takes effect on").fill(later.isoformat())
    page.get_by_label("Note").fill("plenum decision 7")
    page.get_by_role("button", name="Show what changes").click()

    changes = page.locator("#orders-changes li")
    expect(changes.first).to_have_text("Title: was “1956 practice”, becomes “Lenin-era rules”.")
    expect(page.locator("#orders-changes")).to_contain_text(
        "Counter-reports: was “No counter-report may be given.”, becomes “A minority of at "
        "least 1/20 of the full members may give a counter-report.”"
    )
    expect(page.locator("#orders-effective")).to_contain_text("They take effect on")
    page.get_by_role("button", name="Adopt these standing orders").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Version 2 of the standing orders of Central Committee is adopted."
    )
    expect(page.locator("#body-orders .scheduled")).to_contain_text("Version 2, Lenin-era rules")
    adopted = StandingOrders.objects.get(version=2)
    assert timezone.localtime(adopted.effective_from).date() == later


def test_a_secretary_sets_up_fills_and_ends_an_office(page: Page, org) -> None:
    _member(org, "F-1", "Nikita Khrushchev")
    _member(org, "F-2", "Mikhail Suslov")
    sign_in(page, "sam")
    page.goto(CC)
    page.get_by_role("link", name="Set up offices, appoint and end terms").click()
    page.get_by_label("Title of the office").fill("First Secretary")
    page.get_by_label("Short name").fill("first-secretary")
    page.get_by_role("button", name="Set up the office").click()
    expect(page.get_by_role("status")).to_contain_text("The office First Secretary is set up.")

    page.get_by_label("Full member").select_option("F-1")
    page.get_by_label("From").fill("1953-09-07")
    page.get_by_role("button", name="Appoint as First Secretary").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Nikita Khrushchev holds the office First Secretary."
    )
    page.get_by_label("Reason").fill("recalled by the plenum")
    page.get_by_role("button", name="End the term as First Secretary").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The term of Nikita Khrushchev as First Secretary has ended."
    )
    expect(page.get_by_role("button", name="Appoint as First Secretary")).to_be_visible()
    page.goto(CC)
    expect(page.locator("#body-offices")).to_contain_text("Vacant")


def test_a_visitor_downloads_the_composition_as_csv_and_pdf(
    page: Page, org, tmp_path: Path
) -> None:
    _member(org, "F-1", "Никита Хрущёв")
    seat_member(actor=SYSTEM, body=org.committee, role=SeatRole.GUEST, guest_name="Mao Zedong")
    page.goto(CC)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "cc.csv"
    downloading.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [(r["member_number"], r["name"], r["role"]) for r in rows] == [
        ("F-1", "Никита Хрущёв", "full"),
        ("", "Mao Zedong", "guest"),
    ]
    assert downloading.value.suggested_filename.startswith("cc-")

    with page.expect_download() as downloading:
        page.get_by_role("link", name="PDF (delegate list)").click()
    saved = tmp_path / "cc.pdf"
    downloading.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    assert b"DejaVuSans" in content
    assert len(re.findall(rb"/Type\s*/Page\b", content)) == 1


def test_the_new_body_form_fits_a_phone_and_the_keyboard(phone_page: Page, org) -> None:
    sign_in(phone_page, "ada")
    phone_page.goto("/o/test-union/new-body/")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone_page.get_by_label("Name", exact=True).focus()
    phone_page.keyboard.type("Auditing Commission")
    phone_page.keyboard.press("Tab")
    expect(phone_page.locator(":focus")).to_have_attribute("name", "body-slug")
    phone_page.keyboard.type("cac")
    phone_page.keyboard.press("Tab")
    phone_page.keyboard.press("Tab")
    phone_page.keyboard.press("Tab")
    expect(phone_page.locator(":focus")).to_have_attribute("name", "body-full_seats")
    phone_page.keyboard.type("63")
    phone_page.keyboard.press("Enter")
    expect(phone_page.get_by_role("heading", name="Auditing Commission", level=1)).to_be_visible()
