"""Setting bodies up through the API: create, change, dissolve (organization admins)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from collegium.bodies.actions import seat_member
from collegium.bodies.models import Body, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from tests.bodies.helpers import ROLES, client_as

ORG = "/api/organizations/test-union"
CC = ORG + "/bodies/cc"
NEW = {
    "name": "Praesidium",
    "slug": "praesidium",
    "kind": "executive",
    "full_seats": 11,
    "alternate_seats": 6,
    "elected_by": "cc",
    "term_start": "2020-02-25",
}
# A visitor is not signed in: 401; a signed-in non-admin: 403.
REFUSED = {"visitor": 401, "secretary": 403, "other-secretary": 403, "member": 403}


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_creates_a_body(org, role):
    response = _post(client_as(org, role), ORG + "/bodies", NEW)
    if role == "admin":
        assert response.status_code == 201
        answer = response.json()
        assert (answer["slug"], answer["elected_by"], answer["full_seats"]) == (
            "praesidium",
            "cc",
            11,
        )
        assert answer["dissolved_on"] is None
    else:
        assert response.status_code == REFUSED[role]
        assert not Body.objects.filter(slug="praesidium").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_changes_a_body(org, role):
    response = client_as(org, role).patch(CC, {"full_seats": 7}, content_type="application/json")
    assert response.status_code == (200 if role == "admin" else REFUSED[role])
    assert Body.objects.get(pk=org.committee.pk).full_seats == (7 if role == "admin" else 3)


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_dissolves_a_body(org, role):
    today = timezone.localdate().isoformat()
    response = _post(client_as(org, role), CC + "/dissolve", {"on": today})
    assert response.status_code == (200 if role == "admin" else REFUSED[role])
    dissolved = Body.objects.get(pk=org.committee.pk).dissolved_on
    assert (dissolved is not None) == (role == "admin")


def test_a_change_keeps_what_it_does_not_name(org):
    client = client_as(org, "admin")
    answer = client.patch(
        CC,
        {"description": "Elected by the congress.", "term_end": "2030-01-01"},
        content_type="application/json",
    ).json()
    assert answer["description"] == "Elected by the congress."
    assert (answer["full_seats"], answer["alternate_seats"], answer["name"]) == (
        3,
        2,
        "Central Committee",
    )
    assert answer["term_end"] == "2030-01-01" and answer["revision"] == 1


def test_a_refusal_names_its_rule_and_changes_nothing(org):
    member = register_member(actor=SYSTEM, organization=org.organization, number="F-1", name="A")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    client = client_as(org, "admin")
    response = client.patch(CC, {"kind": "executive"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["rule"] == "body.fixed-once-seated"
    response = client.patch(CC, {"elected_by": "nope"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["rule"] == "body.unknown-electing-body"
    response = client.patch(CC, {"revision": 0, "name": "X"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["rule"] == "body.stale-form"
    assert Body.objects.get(pk=org.committee.pk).kind == "committee"


@pytest.mark.parametrize(
    "payload",
    [
        {**NEW, "full_seats": 10_001},
        {**NEW, "full_seats": 2**63},
        {**NEW, "alternate_seats": -1},
        {**NEW, "name": "x" * 201},
        {**NEW, "kind": "politburo"},
        {**NEW, "term_start": "2020-02-30"},
        {**NEW, "slug": "no spaces"},
    ],
)
def test_bad_input_is_a_400_and_creates_nothing(org, payload):
    response = _post(client_as(org, "admin"), ORG + "/bodies", payload)
    assert response.status_code in (400, 422)
    assert not Body.objects.filter(slug=payload["slug"]).exists()


def test_dissolving_through_the_api_vacates_the_seats_and_journals(org):
    member = register_member(actor=SYSTEM, organization=org.organization, number="F-1", name="A")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    today = timezone.localdate().isoformat()
    answer = _post(client_as(org, "admin"), CC + "/dissolve", {"on": today}).json()
    assert answer["dissolved_on"] == today and answer["full_count"] == 0
    assert Seat.objects.get(member=member).vacated_reason == "body dissolved"
    assert JournalEntry.objects.get(code="body.dissolved").payload["seats_vacated"] == 1
    again = _post(client_as(org, "admin"), CC + "/dissolve", {"on": today})
    assert again.status_code == 400 and again.json()["rule"] == "body.dissolved"
