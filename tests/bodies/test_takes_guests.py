"""A body is set up taking guests or not (issue 8); its standing orders may further limit
guest seats to some kinds of body (issue 7). A body without guests refuses a guest seat
with its rule; the setting cannot be turned off while guests hold seats."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from collegium.bodies.actions import create_body, seat_member, update_body, vacate_seat
from collegium.bodies.models import Body, BodyKind, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError

pytestmark = pytest.mark.django_db


def _body(org, takes_guests: bool) -> Body:
    return create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=5,
        takes_guests=takes_guests,
    )


def test_a_body_set_up_without_guests_refuses_a_guest_seat(org) -> None:
    body = _body(org, takes_guests=False)
    entry = JournalEntry.objects.filter(code="body.created").latest("sequence")
    assert entry.payload["takes_guests"] is False
    with pytest.raises(RuleError) as refused:
        seat_member(actor=SYSTEM, body=body, role=SeatRole.GUEST, guest_name="Zhou Enlai")
    assert refused.value.rule == "seat.no-guests"
    assert "Congress takes no guests" in str(refused.value)
    assert not body.seats.exists()


def test_guests_cannot_be_turned_away_while_they_hold_seats(org) -> None:
    body = _body(org, takes_guests=True)
    seat = seat_member(actor=SYSTEM, body=body, role=SeatRole.GUEST, guest_name="Zhou Enlai")
    fields: dict[str, Any] = {
        "name": body.name,
        "kind": BodyKind.CONGRESS,
        "full_seats": 5,
        "alternate_seats": 0,
        "elected_by": None,
        "term_start": None,
        "term_end": None,
        "description": "",
    }
    with pytest.raises(RuleError) as refused:
        update_body(actor=SYSTEM, body=body, takes_guests=False, **fields)
    assert refused.value.rule == "body.guests-seated"
    assert Body.objects.get(pk=body.pk).takes_guests
    vacate_seat(actor=SYSTEM, seat=seat, reason="left the congress")
    update_body(actor=SYSTEM, body=body, takes_guests=False, **fields)
    changed = JournalEntry.objects.filter(code="body.changed").latest("sequence")
    assert changed.payload["changes"] == {"takes_guests": {"from": True, "to": False}}
    # Left out (None), the setting stays as it is.
    update_body(actor=SYSTEM, body=body, **{**fields, "name": "Congress of 1956"})
    assert not Body.objects.get(pk=body.pk).takes_guests


def test_the_page_and_the_api_show_and_set_it(org) -> None:
    client = Client()
    client.force_login(org.admin)
    created = client.post(
        "/api/organizations/test-union/bodies",
        {
            "name": "Commission",
            "slug": "commission",
            "kind": "commission",
            "full_seats": 3,
            "takes_guests": False,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["takes_guests"] is False
    page = Client().get("/o/test-union/bodies/commission/").content.decode()
    assert "Takes no guests" in page
    changed = client.patch(
        "/api/organizations/test-union/bodies/commission",
        {"takes_guests": True},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["takes_guests"] is True


def test_the_new_body_form_sets_it_with_a_box(org) -> None:
    client = Client()
    client.force_login(org.admin)
    form = {
        "body-name": "Auditing Commission",
        "body-slug": "audit",
        "body-kind": "commission",
        "body-full_seats": "3",
        "body-alternate_seats": "0",
    }
    response = client.post("/o/test-union/new-body/", form)
    assert response.status_code in (302, 303), response.content.decode()[-500:]
    assert Body.objects.get(slug="audit").takes_guests is False  # box left unticked
    client.post(
        "/o/test-union/new-body/", {**form, "body-slug": "audit2", "body-takes_guests": "on"}
    )
    assert Body.objects.get(slug="audit2").takes_guests is True
