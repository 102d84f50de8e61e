"""The register exported as CSV in the import's columns: exported and imported back, it
changes nothing; it is streamed in batches; the staff download it (page, API)."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry import exports
from collegium.registry.actions import (
    change_member_status,
    create_organization,
    import_members,
    register_member,
)
from collegium.registry.importing import COLUMNS, parse_register
from collegium.registry.models import Member, MemberStatus, MemberStatusChange

PAGE = "/o/test-union/members/export/"
API = "/api/organizations/test-union/members/export"


@pytest.fixture
def varied(org):
    """Members whose fields test the CSV: quotes, commas, semicolons, other alphabets,
    empty fields, every status, a reason over two lines."""
    organization = org.organization
    register_member(
        actor=SYSTEM,
        organization=organization,
        number="A-1",
        name='Dimitrov, Georgi "Gosho"',
        email="georgi@example.org",
        unit="Sofia; centre",
        joined_on=datetime.date(1950, 3, 1),
    )
    suspended = register_member(
        actor=SYSTEM, organization=organization, number="Б-2", name="Хрущёв Никита", unit=""
    )
    change_member_status(
        actor=SYSTEM,
        member=suspended,
        status=MemberStatus.SUSPENDED,
        reason="Dues unpaid,\nsecond reminder ignored",
    )
    left = register_member(
        actor=SYSTEM,
        organization=organization,
        number="C.3",
        name="Sniečkus",
        joined_on=datetime.date(2001, 1, 1),
    )
    change_member_status(
        actor=SYSTEM,
        member=left,
        status=MemberStatus.LEFT,
        reason="moved",
        effective_on=datetime.date(2020, 5, 1),
    )
    return org


def _download(client: Client, url: str = PAGE) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _admin(org) -> Client:
    client = Client()
    client.force_login(org.admin)
    return client


def _snapshot(organization) -> list[tuple[object, ...]]:
    return list(
        Member.objects.filter(organization=organization)
        .order_by("number")
        .values_list("number", "name", "email", "unit", "status", "joined_on")
    )


def test_an_export_imported_back_changes_nothing(varied):
    organization = varied.organization
    data = _download(_admin(varied))
    assert data.decode().splitlines()[0] == ",".join(COLUMNS)
    before = (_snapshot(organization), MemberStatusChange.objects.count())
    entries = JournalEntry.objects.count()
    summary = import_members(actor=SYSTEM, organization=organization, rows=parse_register(data))
    assert (summary.added, summary.updated, summary.status_changed, summary.not_in_file) == (
        0,
        0,
        0,
        0,
    )
    assert summary.unchanged == Member.objects.filter(organization=organization).count() == 4
    assert (_snapshot(organization), MemberStatusChange.objects.count()) == before
    # Only the import's own entry: no status change, no member touched.
    added = JournalEntry.objects.order_by("pk")[entries:]
    assert [entry.code for entry in added] == ["register.import"]


def test_an_export_rebuilds_the_register_elsewhere_with_each_status_and_its_reason(varied):
    data = _download(_admin(varied))
    copy = create_organization(actor=SYSTEM, name="Copy", slug="copy")
    import_members(actor=SYSTEM, organization=copy, rows=parse_register(data))
    assert _snapshot(copy) == _snapshot(varied.organization)
    suspended = Member.objects.get(organization=copy, number="Б-2")
    assert suspended.status_changes.order_by("pk").last().reason == (  # type: ignore[union-attr]
        "Dues unpaid,\nsecond reminder ignored"
    )
    left = Member.objects.get(organization=copy, number="C.3")
    assert left.status_changes.order_by("pk").last().effective_on == datetime.date(2020, 5, 1)  # type: ignore[union-attr]


def test_the_export_is_streamed_a_batch_at_a_time(varied, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)
    pieces = list(exports.register_csv(varied.organization))
    assert len(pieces) == 1 + 2  # the header, then two batches of at most two members
    assert sum(piece.count("\n") for piece in pieces[1:]) >= 4

    async def collect() -> list[str]:
        return [piece async for piece in exports.register_csv_async(varied.organization)]

    assert async_to_sync(collect)() == pieces


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("secretary", 200), ("member_user", 403), ("outsider", 403)],
)
def test_the_staff_download_the_register(varied, who, status):
    client = Client()
    client.force_login(getattr(varied, who))
    page = client.get(PAGE)
    assert page.status_code == status
    api = client.get(API)
    assert api.status_code == status
    if status == 200:
        assert page["Content-Type"] == api["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="test-union-members.csv"' in page["Content-Disposition"]
        assert page["Cache-Control"] == "no-store"
        assert b"".join(api.streaming_content) == b"".join(page.streaming_content)  # type: ignore[attr-defined]


def test_a_visitor_is_sent_to_sign_in_and_the_api_refuses(varied):
    page = Client().get(PAGE)
    assert page.status_code == 302 and "/login/" in page["Location"]
    assert Client().get(API).status_code == 403


def test_the_register_links_the_export_for_the_staff_only(varied):
    assert PAGE in _admin(varied).get("/o/test-union/members/").text
    member = Client()
    member.force_login(varied.member_user)
    assert PAGE not in member.get("/o/test-union/").text
