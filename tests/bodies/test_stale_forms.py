"""Forms carry the revision of the record they were made from and are refused, with the
rule named and nothing changed, once it has moved on; every POST of the bodies pages
answers with a redirect, so reloading a result never posts again."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_office,
    seat_member,
)
from collegium.bodies.models import Body, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD

CC = "/api/organizations/test-union/bodies/cc"


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _form_revision(html: str) -> str:
    found = re.search(r'name="seat-revision" value="(\d+)"', html)
    assert found, "the seat form carries no revision"
    return found.group(1)


def _member(org, number: str):
    return register_member(actor=SYSTEM, organization=org.organization, number=number, name=number)


def test_a_seat_form_made_before_the_seats_changed_is_refused(org):
    client = _client(org.secretary)
    page = reverse("body", args=["test-union", "cc"])
    revision = _form_revision(client.get(page).content.decode())
    _member(org, "N-1")
    # Meanwhile someone else seats a member: the body's revision moves on.
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    before = JournalEntry.objects.count()
    data = {
        "seat-member_number": "N-1",
        "seat-role": "full",
        "seat-origin": "elected",
        "seat-revision": revision,
    }
    response = client.post(reverse("body-seat", args=["test-union", "cc"]), data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "The seats of Central Committee changed since this form was made" in html
    assert JournalEntry.objects.count() == before
    assert not Seat.objects.filter(member__number="N-1").exists()
    # The form shown again is made from the body as it is now: sent again, it goes through.
    fresh = _form_revision(html)
    assert fresh != revision
    again = client.post(
        reverse("body-seat", args=["test-union", "cc"]), {**data, "seat-revision": fresh}
    )
    assert again.status_code == 302 and again["Location"] == page
    assert Seat.objects.filter(member__number="N-1").exists()


def test_the_same_seat_form_sent_twice_seats_once(org):
    client = _client(org.secretary)
    revision = _form_revision(
        client.get(reverse("body", args=["test-union", "cc"])).content.decode()
    )
    data = {"seat-guest_name": "Polish delegation", "seat-role": "guest", "seat-revision": revision}
    url = reverse("body-seat", args=["test-union", "cc"])
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302
    assert "changed since this form was made" in client.get(second["Location"]).content.decode()
    assert Seat.objects.filter(body=org.committee).count() == 1


def test_every_change_to_the_seats_moves_the_revision_on(org):
    def revision() -> int:
        return Body.objects.get(pk=org.committee.pk).revision

    start = revision()
    seat = seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    assert revision() == start + 1
    from collegium.bodies.actions import vacate_seat

    vacate_seat(actor=SYSTEM, seat=seat, reason="resigned")
    assert revision() == start + 2
    with pytest.raises(RuleError) as refused:
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=org.member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            revision=start,
        )
    assert refused.value.rule == "seat.stale-form"
    assert revision() == start + 2


def test_the_api_refuses_a_seating_made_from_an_old_revision(org):
    client = Client()
    client.force_login(org.secretary)
    shown = client.get(CC).json()["body"]["revision"]
    seat_member(actor=SYSTEM, body=org.committee, role=SeatRole.GUEST, guest_name="Other")
    response = client.post(
        CC + "/seats",
        {"role": "guest", "guest_name": "Polish delegation", "revision": shown},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["rule"] == "seat.stale-form"


def test_adopting_orders_after_a_newer_version_is_refused(org):
    client = Client()
    client.force_login(org.admin)
    read = client.get(CC + "/standing-orders").json()
    assert read["versions"] == []
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="1956", document=PRESETS["1956-practice"]
    )
    payload = {"title": "Lenin", "document": PRESETS["lenin-era"], "after_version": 0}
    stale = client.post(CC + "/standing-orders", payload, content_type="application/json")
    assert stale.status_code == 400
    assert stale.json()["rule"] == "orders.stale-form"
    assert "(version 0, now 1)" in stale.json()["detail"]
    assert StandingOrders.objects.filter(body=org.committee).count() == 1
    current = client.post(
        CC + "/standing-orders", {**payload, "after_version": 1}, content_type="application/json"
    )
    assert current.status_code == 201 and current.json()["version"] == 2


def test_an_office_change_made_from_an_old_revision_is_refused(org):
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    client = Client()
    client.force_login(org.admin)
    shown = client.get(CC).json()["offices"][0]
    assert shown["revision"] == 0
    appoint_to_office(actor=SYSTEM, office=office, member=org.member)
    # Ending "the" term read before the appointment would end a term the caller never saw.
    response = client.post(
        CC + "/offices/chair/end-term",
        {"because": "recalled", "revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["rule"] == "office.stale-form"
    assert office.terms.get().end is None
    ended = client.post(
        CC + "/offices/chair/end-term",
        {"because": "recalled", "revision": 1},
        content_type="application/json",
    )
    assert ended.status_code == 200
    appoint = client.post(
        CC + "/offices/chair/appoint",
        {"member_number": "M-1", "revision": 1},
        content_type="application/json",
    )
    assert appoint.status_code == 400 and appoint.json()["rule"] == "office.stale-form"


@pytest.mark.parametrize(
    "data",
    [
        {"seat-member_number": "M-1", "seat-role": "full", "seat-origin": "elected"},
        {"seat-member_number": "NOPE", "seat-role": "full", "seat-origin": "elected"},
        {"seat-member_number": "M-1", "seat-role": "chair"},
        {},
    ],
)
def test_every_seat_post_answers_with_a_redirect(org, data):
    client = _client(org.secretary)
    response = client.post(reverse("body-seat", args=["test-union", "cc"]), data)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"vacate-reason": "died", "vacate-on": "today"},
        {"vacate-reason": "died", "vacate-on": "1800-01-01"},
        {"vacate-reason": "", "vacate-on": ""},
        {"vacate-reason": "died", "vacate-on": None},
    ],
)
def test_every_vacate_post_answers_with_a_redirect(org, data):
    seat = seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    if data.get("vacate-on", "") is None:
        data = {**data, "vacate-on": timezone.localdate().isoformat()}
    client = _client(org.secretary)
    url = reverse("body-vacate-seat", args=["test-union", "cc", seat.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    # Reloading where the redirect leads posts nothing again.
    before = JournalEntry.objects.count()
    assert client.get(response["Location"]).status_code == 200
    assert JournalEntry.objects.count() == before
