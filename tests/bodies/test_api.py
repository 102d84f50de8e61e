"""The bodies API: composition, seats, offices and standing orders, per role."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from collegium.bodies.actions import create_body, create_office, seat_member
from collegium.bodies.models import BodyKind, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.registry.models import Member
from collegium.rules.standing_orders.presets import PRESETS
from tests.journal.chains import latest_of

ORG = "/api/organizations/test-union"
CC = ORG + "/bodies/cc"


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


def post(client: Client, url: str, payload: dict[str, object]):
    return client.post(url, payload, content_type="application/json")


def _members(org, count: int) -> list[Member]:
    return [
        register_member(
            actor=SYSTEM, organization=org.organization, number=f"C-{i}", name=f"Comrade {i}"
        )
        for i in range(1, count + 1)
    ]


def _fill_committee(org) -> dict[str, Seat]:
    """Three full members, two alternates (C-4 first in rank), one guest."""
    c1, c2, c3, c4, c5 = _members(org, 5)
    seats = {}
    for member in (c1, c2, c3):
        seats[member.number] = seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        )
    for member, rank in ((c5, 2), (c4, 1)):
        seats[member.number] = seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.ALTERNATE,
            origin=SeatOrigin.ELECTED,
            rank=rank,
        )
    seats["guest"] = seat_member(
        actor=SYSTEM,
        body=org.committee,
        guest_name="Delegation of the Sister Union",
        role=SeatRole.GUEST,
        origin=SeatOrigin.APPOINTED,
    )
    return seats


@pytest.mark.parametrize("who", ["anonymous", "otto", "mia", "sam", "ada"])
def test_bodies_and_composition_are_public(org, who) -> None:
    _fill_committee(org)
    client = client_for(users(org)[who])
    bodies = client.get(ORG + "/bodies")
    assert bodies.status_code == 200
    [cc] = bodies.json()
    assert (cc["slug"], cc["full_seats"], cc["alternate_seats"]) == ("cc", 3, 2)
    counts = [cc[k] for k in ("full_count", "alternate_count", "consultative_count", "guest_count")]
    assert counts == [3, 2, 0, 1]
    composition = client.get(CC)
    assert composition.status_code == 200
    shown = composition.json()
    assert [s["member_number"] for s in shown["full"]] == ["C-1", "C-2", "C-3"]
    assert [(s["member_number"], s["rank"]) for s in shown["alternates"]] == [
        ("C-4", 1),
        ("C-5", 2),
    ]
    assert [s["holder"] for s in shown["guests"]] == ["Delegation of the Sister Union"]
    assert shown["vacant_full_seats"] == 0


def test_unknown_body_is_404(org) -> None:
    response = Client().get(ORG + "/bodies/praesidium")
    assert response.status_code == 404
    assert "praesidium" in response.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("sam", 201), ("ada", 201)])
def test_staff_seat_a_member(org, who, status) -> None:
    before = JournalEntry.objects.count()
    response = post(
        client_for(users(org)[who]),
        CC + "/seats",
        {"member_number": "M-1", "role": "full", "origin": "elected", "origin_detail": "1956/1"},
    )
    assert response.status_code == status
    seat = response.json()
    assert (seat["member_number"], seat["role"], seat["origin_detail"]) == ("M-1", "full", "1956/1")
    assert JournalEntry.objects.count() == before + 1
    assert latest_of().code == "body.seat.assigned"


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("otto", 403), ("mia", 403)])
def test_others_cannot_seat(org, who, status) -> None:
    before = JournalEntry.objects.count()
    response = post(
        client_for(users(org)[who]),
        CC + "/seats",
        {"member_number": "M-1", "role": "full", "origin": "elected"},
    )
    assert response.status_code == status
    assert not Seat.objects.exists()
    assert JournalEntry.objects.count() == before


def test_secretary_manages_only_their_own_body(org) -> None:
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Praesidium",
        slug="praesidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=11,
    )
    response = post(
        client_for(org.secretary),
        ORG + "/bodies/praesidium/seats",
        {"member_number": "M-1", "role": "full", "origin": "elected"},
    )
    assert response.status_code == 403
    assert "seating members and vacating seats" in response.json()["detail"]
    assert not Seat.objects.exists()
    office = post(
        client_for(org.secretary),
        ORG + "/bodies/praesidium/offices",
        {"title": "Chair", "slug": "chair"},
    )
    assert office.status_code == 403
    orders = post(
        client_for(org.secretary),
        ORG + "/bodies/praesidium/standing-orders",
        {"title": "x", "document": PRESETS["lenin-era"]},
    )
    assert orders.status_code == 403
    assert not StandingOrders.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "rule"),
    [
        ({"member_number": "M-1", "role": "full", "origin": "elected"}, 400, "seat.body-size"),
        ({"member_number": "C-4", "role": "full", "origin": "elected"}, 400, "seat.one-per-member"),
        ({"member_number": "C-1", "role": "consultative", "origin": "delegated"}, 400, None),
        (
            {"member_number": "X-9", "role": "guest", "origin": "elected"},
            400,
            "register.unknown-number",
        ),
        ({"role": "full", "origin": "elected"}, 400, "seat.member-required"),
        ({"member_number": "M-1", "role": "chair", "origin": "elected"}, 422, None),
        ({"member_number": "M-1", "role": "alternate", "origin": "elected", "rank": 0}, 422, None),
    ],
)
def test_refused_seating_changes_nothing(org, payload, status, rule) -> None:
    _fill_committee(org)
    seats_before = Seat.objects.count()
    journal_before = JournalEntry.objects.count()
    response = post(client_for(org.secretary), CC + "/seats", payload)
    assert response.status_code == status
    if status == 400:
        refused = response.json()
        assert refused["detail"]
        if rule:
            assert refused["rule"] == rule
    assert Seat.objects.count() == seats_before
    assert JournalEntry.objects.count() == journal_before


def test_full_seat_refusal_names_the_numbers(org) -> None:
    _fill_committee(org)
    response = post(
        client_for(org.admin),
        CC + "/seats",
        {"member_number": "M-1", "role": "full", "origin": "elected"},
    )
    assert response.status_code == 400
    assert "3 of 3" in response.json()["detail"]


def test_vacating_a_full_seat_steps_up_the_first_alternate(org) -> None:
    seats = _fill_committee(org)
    response = post(
        client_for(org.secretary),
        f"{CC}/seats/{seats['C-2'].pk}/vacate",
        {"reason": "died", "on": "1956-02-20"},
    )
    assert response.status_code == 200
    result = response.json()
    assert (result["vacated"]["vacated_on"], result["vacated"]["vacated_reason"]) == (
        "1956-02-20",
        "died",
    )
    stepped_up = result["stepped_up"]
    assert (stepped_up["member_number"], stepped_up["role"]) == ("C-4", "full")
    assert stepped_up["stepped_up_from"] == seats["C-4"].pk
    composition = Client().get(CC).json()
    assert [s["member_number"] for s in composition["full"]] == ["C-1", "C-3", "C-4"]
    assert [(s["member_number"], s["rank"]) for s in composition["alternates"]] == [("C-5", 2)]


def test_vacating_a_guest_seat_steps_up_nobody(org) -> None:
    seats = _fill_committee(org)
    response = post(
        client_for(org.admin), f"{CC}/seats/{seats['guest'].pk}/vacate", {"reason": "left"}
    )
    assert response.status_code == 200
    assert response.json()["stepped_up"] is None


def test_refused_vacating_changes_nothing(org) -> None:
    seats = _fill_committee(org)
    client = client_for(org.secretary)
    url = f"{CC}/seats/{seats['C-1'].pk}/vacate"
    assert post(client, url, {"reason": "resigned"}).status_code == 200
    before = JournalEntry.objects.count()
    again = post(client, url, {"reason": "resigned"})
    assert again.status_code == 400
    assert again.json()["rule"] == "seat.already-vacant"
    assert post(client, f"{CC}/seats/{seats['C-3'].pk}/vacate", {"reason": ""}).status_code == 422
    assert post(client, f"{CC}/seats/99999/vacate", {"reason": "x"}).status_code == 404
    member_refused = post(
        client_for(org.member_user), f"{CC}/seats/{seats['C-3'].pk}/vacate", {"reason": "x"}
    )
    assert member_refused.status_code == 403
    assert JournalEntry.objects.count() == before
    assert Seat.objects.get(pk=seats["C-3"].pk).vacated_on is None


def test_offices_are_created_held_and_ended(org) -> None:
    _fill_committee(org)
    client = client_for(org.secretary)
    created = post(client, CC + "/offices", {"title": "First Secretary", "slug": "first"})
    assert created.status_code == 201
    assert created.json() == {
        "slug": "first",
        "title": "First Secretary",
        "revision": 0,
        "holder": None,
    }
    appointed = post(client, CC + "/offices/first/appoint", {"member_number": "C-1"})
    assert appointed.status_code == 201
    assert appointed.json()["holder_number"] == "C-1"
    shown = Client().get(CC).json()["offices"]
    assert [(o["slug"], o["holder"]["holder_number"]) for o in shown] == [("first", "C-1")]
    ended = post(client, CC + "/offices/first/end-term", {"because": "recalled by vote"})
    assert ended.status_code == 200
    assert ended.json()["ended_because"] == "recalled by vote"
    assert ended.json()["end"] is not None
    assert Client().get(CC).json()["offices"][0]["holder"] is None


def test_refused_office_changes_change_nothing(org) -> None:
    _fill_committee(org)
    create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    client = client_for(org.admin)
    before = JournalEntry.objects.count()
    duplicate = post(client, CC + "/offices", {"title": "Chair", "slug": "chair"})
    assert duplicate.status_code == 400
    alternate = post(client, CC + "/offices/chair/appoint", {"member_number": "C-4"})
    assert alternate.status_code == 400
    assert alternate.json()["rule"] == "office.full-member"
    vacant = post(client, CC + "/offices/chair/end-term", {"because": "resigned"})
    assert vacant.status_code == 400
    assert vacant.json()["rule"] == "office.vacant"
    assert post(client, CC + "/offices/nope/appoint", {"member_number": "C-1"}).status_code == 404
    assert post(client, CC + "/offices", {"title": "X", "slug": "has space"}).status_code == 422
    member = client_for(org.member_user)
    assert post(member, CC + "/offices/chair/appoint", {"member_number": "C-1"}).status_code == 403
    assert post(member, CC + "/offices", {"title": "Y", "slug": "y"}).status_code == 403
    assert JournalEntry.objects.count() == before


def test_second_holder_is_refused(org) -> None:
    _fill_committee(org)
    create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    client = client_for(org.admin)
    assert post(client, CC + "/offices/chair/appoint", {"member_number": "C-1"}).status_code == 201
    second = post(client, CC + "/offices/chair/appoint", {"member_number": "C-2"})
    assert second.status_code == 400
    assert second.json()["rule"] == "office.one-holder"


def test_standing_orders_versions(org) -> None:
    client = client_for(org.secretary)
    empty = Client().get(CC + "/standing-orders").json()
    assert empty == {"current": None, "versions": []}
    first = post(
        client,
        CC + "/standing-orders",
        {"title": "1956", "document": PRESETS["1956-practice"], "note": "as found"},
    )
    assert first.status_code == 201
    assert first.json()["version"] == 1
    second = post(
        client, CC + "/standing-orders", {"title": "Lenin", "document": PRESETS["lenin-era"]}
    )
    assert second.json()["version"] == 2
    assert second.json()["adopted_by"] == "sam"
    history = Client().get(CC + "/standing-orders").json()
    assert [v["version"] for v in history["versions"]] == [2, 1]
    assert history["current"]["title"] == "Lenin"
    assert history["current"]["document"]["counter_report"]["who"] == "minority"
    assert history["current"]["summary"]
    old = Client().get(CC + "/standing-orders/1").json()
    assert (old["title"], old["note"]) == ("1956", "as found")
    assert Client().get(CC + "/standing-orders/9").status_code == 404


def test_standing_orders_take_effect_when_given_never_in_the_past(org) -> None:
    client = client_for(org.secretary)
    past = post(
        client,
        CC + "/standing-orders",
        {
            "title": "Backdated",
            "document": PRESETS["1956-practice"],
            "effective_from": "2001-01-01T00:00:00Z",
        },
    )
    assert past.status_code == 400
    assert past.json()["rule"] == "orders.effective-from"
    # Dates are sane: at most ten years ahead, as every date (rules.procedure.dates).
    beyond = post(
        client,
        CC + "/standing-orders",
        {
            "title": "Next century",
            "document": PRESETS["lenin-era"],
            "effective_from": "2099-01-01T00:00:00Z",
        },
    )
    assert beyond.status_code == 400
    assert beyond.json()["rule"] == "orders.effective-from"
    next_year = timezone.localdate().year + 1
    later = post(
        client,
        CC + "/standing-orders",
        {
            "title": "Next year",
            "document": PRESETS["lenin-era"],
            "effective_from": f"{next_year}-01-01T00:00:00Z",
        },
    )
    assert later.status_code == 201
    assert later.json()["effective_from"].startswith(f"{next_year}-01-01")
    history = Client().get(CC + "/standing-orders").json()
    assert history["current"] is None  # adopted, but not in force yet
    assert [v["version"] for v in history["versions"]] == [1]


def test_invalid_standing_orders_list_every_problem_and_store_nothing(org) -> None:
    document = copy.deepcopy(PRESETS["lenin-era"])
    document["quorum"] = {"counted": "vote", "comparison": "more-than", "fraction": "3/2"}
    document["tie"] = "coin"
    before = JournalEntry.objects.count()
    response = post(
        client_for(org.admin), CC + "/standing-orders", {"title": "x", "document": document}
    )
    assert response.status_code == 400
    refused = response.json()
    assert refused["rule"] == "standing-orders.invalid"
    assert len(refused["problems"]) == 2
    assert any(p.startswith("quorum") for p in refused["problems"])
    assert any(p.startswith("tie") for p in refused["problems"])
    assert not StandingOrders.objects.exists()
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("otto", 403), ("mia", 403)])
def test_others_cannot_adopt_standing_orders(org, who, status) -> None:
    response = post(
        client_for(users(org)[who]),
        CC + "/standing-orders",
        {"title": "x", "document": PRESETS["lenin-era"]},
    )
    assert response.status_code == status
    assert not StandingOrders.objects.exists()


def test_admin_adopts_standing_orders_for_any_body(org) -> None:
    response = post(
        client_for(org.admin),
        CC + "/standing-orders",
        {"title": "1956", "document": PRESETS["1956-practice"]},
    )
    assert response.status_code == 201
    assert (response.json()["version"], response.json()["adopted_by"]) == (1, "ada")
    # The orders' entry, then the register's (the change is a decision of the body).
    assert latest_of().code == "decision.entered"
    assert JournalEntry.objects.filter(code="body.orders.adopted").count() == 1
