"""The register API: reads per role, paging, status changes through the action."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils.timezone import localdate

from collegium.access.actions import issue_token, revoke_token
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member, set_register_open_to_members
from collegium.registry.models import Member
from tests.journal.chains import latest_of

ORG = "/api/organizations/test-union"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def users(org) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "otto": org.outsider,
        "mia": org.member_user,
        "sam": org.secretary,
        "ada": org.admin,
    }


def test_organizations_are_listed_for_anyone(org) -> None:
    response = Client().get("/api/organizations")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "test-union",
            "name": "Test Union",
            "description": "",
            "languages": ["en"],
            "time_zone": "UTC",
        }
    ]


@pytest.mark.parametrize(
    ("who", "roles"),
    [
        ("anonymous", ["public"]),
        ("otto", ["public"]),
        ("mia", ["member", "public"]),
        ("sam", ["public", "secretary"]),
        ("ada", ["admin", "public"]),
    ],
)
def test_organization_shows_counts_and_the_callers_roles(org, who, roles) -> None:
    response = client_for(users(org)[who]).get(ORG)
    assert response.status_code == 200
    body = response.json()
    assert (body["bodies"], body["active_members"]) == (1, 1)
    assert body["your_roles"] == roles


def test_unknown_organization_is_404_naming_it(org) -> None:
    response = Client().get("/api/organizations/nowhere/members")
    assert response.status_code == 404
    assert "nowhere" in response.json()["detail"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 403), ("otto", 403), ("mia", 403), ("sam", 200), ("ada", 200)],
)
def test_register_is_for_admins_and_secretaries(org, who, status) -> None:
    response = client_for(users(org)[who]).get(ORG + "/members")
    assert response.status_code == status
    if status == 403:
        assert response.json()["rule"] == "permissions"
        assert "viewing the membership register" in response.json()["detail"]
    else:
        assert [m["number"] for m in response.json()["items"]] == ["M-1"]


def _register(org, count: int) -> None:
    for i in range(count):
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=f"N-{i:03d}",
            # Repeated names check that the cursor also orders by number.
            name=f"Person {i % 3}",
            email=f"p{i}@example.org",
            unit="South" if i % 2 else "East",
        )


def test_register_pages_cover_every_member_once_in_order(org) -> None:
    _register(org, 10)
    client = client_for(org.admin)
    seen: list[tuple[str, str]] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get(ORG + "/members", query).json()
        assert page["total"] == (None if cursor else 11)
        seen += [(m["name"], m["number"]) for m in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 4
    expected = list(Member.objects.order_by("name", "number").values_list("name", "number"))
    assert seen == expected


def test_register_search_by_text_and_status(org) -> None:
    _register(org, 6)
    client = client_for(org.secretary)
    south = client.get(ORG + "/members", {"q": "south"}).json()
    assert south["total"] == 3
    assert {m["unit"] for m in south["items"]} == {"South"}
    by_number = client.get(ORG + "/members", {"q": "N-00"}).json()
    assert by_number["total"] == 6
    assert client.get(ORG + "/members", {"status": "left"}).json()["total"] == 0


def test_bad_paging_input_is_refused(org) -> None:
    client = client_for(org.admin)
    bad_cursor = client.get(ORG + "/members", {"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 400
    assert bad_cursor.json()["rule"] == "paging"
    assert client.get(ORG + "/members", {"limit": 0}).status_code == 422
    assert client.get(ORG + "/members", {"limit": 501}).status_code == 422
    assert client.get(ORG + "/members", {"status": "expelled"}).status_code == 422


@pytest.mark.parametrize(
    ("who", "status", "sees_email"),
    [
        ("anonymous", 403, False),
        ("otto", 403, False),
        ("mia", 200, False),
        ("sam", 200, True),
        ("ada", 200, True),
    ],
)
def test_member_detail_shows_email_only_to_staff(org, who, status, sees_email) -> None:
    set_register_open_to_members(actor=SYSTEM, organization=org.organization, open_to_members=True)
    register_member(
        actor=SYSTEM, organization=org.organization, number="A-12.3", name="Ann", email="a@x.org"
    )
    response = client_for(users(org)[who]).get(ORG + "/members/A-12.3")
    assert response.status_code == status
    if status == 200:
        detail = response.json()
        assert detail["number"] == "A-12.3"
        assert detail["email"] == ("a@x.org" if sees_email else None)
        assert [c["status"] for c in detail["status_history"]] == ["active"]


def test_member_detail_lists_seats(org) -> None:
    from collegium.bodies.actions import seat_member
    from collegium.bodies.models import SeatOrigin, SeatRole

    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.ALTERNATE,
        origin=SeatOrigin.ELECTED,
    )
    detail = client_for(org.member_user).get(ORG + "/members/M-1").json()
    assert [(s["body"], s["role"], s["rank"]) for s in detail["seats"]] == [("cc", "alternate", 1)]


def test_unknown_member_is_404(org) -> None:
    response = client_for(org.admin).get(ORG + "/members/X-9")
    assert response.status_code == 404
    assert "X-9" in response.json()["detail"]


def test_admin_changes_a_members_status_with_a_journal_entry(org) -> None:
    register_member(actor=SYSTEM, organization=org.organization, number="B-7", name="Bo")
    before = JournalEntry.objects.count()
    response = client_for(org.admin).post(
        ORG + "/members/B-7/status",
        {"status": "suspended", "reason": "dues unpaid", "effective_on": "2026-01-31"},
        content_type="application/json",
    )
    assert response.status_code == 200
    detail = response.json()
    assert detail["status"] == "suspended"
    assert {
        "previous_status": "",
        "status": "active",
        "reason": "admitted",
        "effective_on": localdate().isoformat(),
    } in detail["status_history"]
    assert {
        "previous_status": "active",
        "status": "suspended",
        "reason": "dues unpaid",
        "effective_on": "2026-01-31",
    } in detail["status_history"]
    assert JournalEntry.objects.count() == before + 1
    assert latest_of().code == "register.member.status_changed"


def _post_status(client: Client, payload: dict[str, object], headers: dict[str, str] | None = None):
    return client.post(
        ORG + "/members/M-1/status", payload, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("mia", 403), ("sam", 403)])
def test_only_admins_change_status(org, who, status) -> None:
    before = JournalEntry.objects.count()
    response = _post_status(client_for(users(org)[who]), {"status": "left", "reason": "moved"})
    assert response.status_code == status
    assert Member.objects.get(number="M-1").status == "active"
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(
    ("payload", "status", "rule"),
    [
        ({"status": "active", "reason": "again"}, 400, "register.status-unchanged"),
        ({"status": "left", "reason": "   "}, 400, "register.status-reason"),
        ({"status": "left", "reason": ""}, 422, None),
        ({"status": "expelled", "reason": "x"}, 422, None),
        ({"status": "left", "reason": "x", "effective_on": "31.01.2026"}, 422, None),
    ],
)
def test_refused_status_change_changes_nothing(org, payload, status, rule) -> None:
    before = JournalEntry.objects.count()
    response = _post_status(client_for(org.admin), payload)
    assert response.status_code == status
    if rule:
        assert response.json()["rule"] == rule
        assert response.json()["detail"]
    assert Member.objects.get(number="M-1").status == "active"
    assert Member.objects.get(number="M-1").status_changes.count() == 1
    assert JournalEntry.objects.count() == before


def test_token_acts_as_its_user_without_csrf(org) -> None:
    _, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
    client = Client(enforce_csrf_checks=True)
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get(ORG + "/members", headers=auth).status_code == 200
    response = _post_status(client, {"status": "suspended", "reason": "dues"}, auth)
    assert response.status_code == 200
    entry = latest_of()
    assert (entry.code, entry.actor) == ("register.member.status_changed", "ada")


def test_unknown_or_revoked_token_is_401(org) -> None:
    token, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
    revoke_token(actor=SYSTEM, token=token)
    for header in (f"Bearer {secret}", "Bearer clg_made-up"):
        response = Client().get(ORG + "/members", headers={"Authorization": header})
        assert response.status_code == 401
        assert "token" in response.json()["detail"]


def test_session_change_needs_the_csrf_token(org) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin)
    before = JournalEntry.objects.count()
    refused = _post_status(client, {"status": "left", "reason": "moved"})
    assert refused.status_code == 403
    assert JournalEntry.objects.count() == before
    client.get("/api/docs")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = _post_status(client, {"status": "left", "reason": "moved"}, {"X-CSRFToken": token})
    assert accepted.status_code == 200


def _upload(client: Client, data: bytes):
    return client.post(
        ORG + "/members/import", {"file": SimpleUploadedFile("register.csv", data, "text/csv")}
    )


GOOD_FILE = (
    b"number,name,email,unit,status,status_reason\n"
    b"M-1,Mia Member,mia@example.org,North,,\n"
    b"M-2,Max Muster,max@example.org,South,,\n"
    b"M-3,Lea Lang,,South,suspended,dues unpaid\n"
)


def test_admin_imports_a_register_file(org) -> None:
    response = _upload(client_for(org.admin), GOOD_FILE)
    assert response.status_code == 200
    assert response.json() == {
        "added": 2,
        "updated": 1,
        "status_changed": 1,
        "unchanged": 0,
        "not_in_file": 0,
    }
    assert set(Member.objects.values_list("number", "status")) == {
        ("M-1", "active"),
        ("M-2", "active"),
        ("M-3", "suspended"),
    }
    again = _upload(client_for(org.admin), GOOD_FILE).json()
    assert (again["added"], again["unchanged"]) == (0, 3)


def test_import_with_problems_imports_nothing_and_lists_every_line(org) -> None:
    before = JournalEntry.objects.count()
    bad = b"number,name,status\nM-2,Max,\n,No Number,\nM-4,Kim,expelled\n"
    response = _upload(client_for(org.admin), bad)
    assert response.status_code == 400
    refused = response.json()
    assert refused["rule"] == "register.import-file"
    assert [p["line"] for p in refused["lines"]] == [3, 4]
    assert all(p["reason"] for p in refused["lines"])
    assert Member.objects.count() == 1
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("sam", 403), ("mia", 403)])
def test_only_admins_import(org, who, status) -> None:
    before = JournalEntry.objects.count()
    assert _upload(client_for(users(org)[who]), GOOD_FILE).status_code == status
    assert Member.objects.count() == 1
    assert JournalEntry.objects.count() == before


def test_import_without_a_file_is_422(org) -> None:
    assert client_for(org.admin).post(ORG + "/members/import").status_code == 422


@pytest.mark.slow
def test_register_pages_stay_fast_at_100000_members(org) -> None:
    from collegium.registry.actions import import_members
    from collegium.registry.importing import parse_register

    lines = ["number,name,unit"] + [
        f"R-{i:06d},Person {i % 9973:04d} {i:06d},Unit {i % 40}" for i in range(100_000)
    ]
    import_members(
        actor=SYSTEM,
        organization=org.organization,
        rows=parse_register("\n".join(lines).encode()),
    )
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk import; without statistics the planner
        # guesses the table is tiny and sorts it instead of walking the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_member")
    client = client_for(org.admin)
    timings: dict[str, float] = {}

    def timed(label: str, query: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        response = client.get(ORG + "/members", query)
        timings[label] = time.perf_counter() - started
        assert response.status_code == 200
        page: dict[str, Any] = response.json()
        return page

    timed("warm-up", {"limit": 1})  # the first request of a process sets the API up
    del timings["warm-up"]
    first = timed("first page", {"limit": 100})
    assert first["total"] == 100_001
    cursor = first["next_cursor"]
    for _ in range(5):
        cursor = timed("next page", {"limit": 100, "cursor": cursor})["next_cursor"]
    last_name = Member.objects.order_by("-name", "-number").values_list("name", "number")[1]
    deep = _encode_cursor_like(*last_name)
    assert len(timed("last page", {"limit": 100, "cursor": deep})["items"]) == 1
    assert timed("number prefix", {"q": "R-0999"})["total"] == 100
    assert timed("name part", {"q": "Person 0042"})["total"] == 11
    print({label: round(seconds * 1000) for label, seconds in timings.items()}, "ms")
    # Paging walks the (organization, name, number) index, so it stays quick anywhere in
    # the register. A search by part of a name or unit cannot use a B-tree index and scans
    # the register (about 0.1 s here on an idle machine, more on a busy one), hence the
    # looser bound.
    paging = {k: v for k, v in timings.items() if "page" in k}
    assert max(paging.values()) < 0.5, timings
    assert max(timings.values()) < 2.0, timings


def _encode_cursor_like(name: str, number: str) -> str:
    """The cursor a client would hold after reading up to (name, number)."""
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps([name, number]).encode()).decode().rstrip("=")
