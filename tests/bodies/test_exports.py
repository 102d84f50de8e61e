"""A body's composition to download, as CSV and as a PDF delegate list: for whoever may view
the body, holding what its page shows and no more."""

from __future__ import annotations

import csv
import io
import re
import zlib

import pytest
from django.urls import reverse

from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from tests.bodies.helpers import ROLES, client_as

CSV = reverse("body-composition-csv", args=["test-union", "cc"])
PDF = reverse("body-composition-pdf", args=["test-union", "cc"])
API = "/api/organizations/test-union/bodies/cc/composition"


@pytest.fixture
def seated(org):
    def seat(number, name, role=SeatRole.FULL, rank=None, detail=""):
        member = register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=number,
            name=name,
            email=f"{number}@example.org",
            unit="Secret unit",
        )
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=role,
            rank=rank,
            origin=SeatOrigin.ELECTED,
            origin_detail=detail,
        )

    seat("F-1", "Никита Хрущёв", detail="decision 1956/1")
    seat("F-2", "=HYPERLINK(1)")
    seat("A-2", "Zora Second", SeatRole.ALTERNATE, 2)
    seat("A-1", "Yuri First", SeatRole.ALTERNATE, 1)
    seat_member(
        actor=SYSTEM, body=org.committee, role=SeatRole.GUEST, guest_name="Palmiro Togliatti"
    )
    return org


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("role", ROLES)
def test_anyone_who_may_view_the_body_downloads_both(seated, role):
    client = client_as(seated, role)
    as_csv = client.get(CSV)
    assert as_csv.status_code == 200 and as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="cc-' in as_csv["Content-Disposition"]
    as_pdf = client.get(PDF)
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"


def test_the_csv_has_one_row_a_seat_in_the_page_order(seated):
    rows = _rows(client_as(seated, "visitor").get(CSV).content.decode())
    assert list(rows[0]) == [
        "member_number",
        "name",
        "role",
        "rank",
        "origin",
        "origin_detail",
        "since",
    ]
    assert [(r["member_number"], r["name"], r["role"], r["rank"]) for r in rows] == [
        ("F-2", "'=HYPERLINK(1)", "full", ""),  # a formula is defused for spreadsheets
        ("F-1", "Никита Хрущёв", "full", ""),
        ("A-1", "Yuri First", "alternate", "1"),
        ("A-2", "Zora Second", "alternate", "2"),
        ("", "Palmiro Togliatti", "guest", ""),
    ]
    assert rows[1]["origin"] == "elected" and rows[1]["origin_detail"] == "decision 1956/1"
    assert rows[4]["origin"] == "invited"


def test_the_exports_hold_no_more_than_the_body_page_shows(seated):
    client = client_as(seated, "visitor")
    text = client.get(CSV).content.decode()
    assert "example.org" not in text and "Secret unit" not in text


def _pdf_text(content: bytes) -> bytes:
    """The PDF's streams inflated (fpdf2 compresses them), to look for what it draws."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    out = b""
    for stream in streams:
        try:
            out += zlib.decompress(stream)
        except zlib.error:
            out += stream
    return out


def test_the_pdf_is_a_delegate_list_in_a_unicode_font(seated):
    content = client_as(seated, "member").get(PDF).content
    assert content.startswith(b"%PDF-")
    assert b"DejaVuSans" in content  # the embedded Unicode font
    assert len(re.findall(rb"/Type\s*/Page\b", content)) == 1
    assert b"/Title (Delegate list: Central Committee)" in content
    # The font subset maps its glyphs back to the Cyrillic letters of the names drawn.
    unicode_map = _pdf_text(content).upper()
    for letter in "НХщё":
        assert f"{ord(letter):04X}".encode() in unicode_map, letter


def test_a_long_list_runs_over_several_pages(org):
    for n in range(1, 121):
        member = register_member(
            actor=SYSTEM, organization=org.organization, number=f"D-{n}", name=f"Delegate {n}"
        )
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.CONSULTATIVE,
            origin=SeatOrigin.DELEGATED,
        )
    content = client_as(org, "visitor").get(PDF).content
    assert len(re.findall(rb"/Type\s*/Page\b", content)) >= 3


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_both_to_whoever_may_view_the_body(seated, role):
    client = client_as(seated, role)
    as_csv = client.get(API + ".csv")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert _rows(as_csv.content.decode())[0]["member_number"] == "F-2"
    as_pdf = client.get(API + ".pdf")
    assert as_pdf.status_code == 200 and as_pdf.content.startswith(b"%PDF-")


def test_an_unknown_body_is_404_in_both(seated):
    client = client_as(seated, "visitor")
    assert (
        client.get(reverse("body-composition-csv", args=["test-union", "nope"])).status_code == 404
    )
    assert (
        client.get("/api/organizations/test-union/bodies/nope/composition.pdf").status_code == 404
    )
