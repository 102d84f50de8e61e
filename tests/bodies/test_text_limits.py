"""Every text a user stores in bodies has a limit, refused in the actions (so on the pages
and in the API alike) with a reason naming the field and the limit, changing nothing."""

from __future__ import annotations

import copy

import pytest
from django.test import Client

from collegium.bodies import actions
from collegium.bodies.models import Body, BodyKind, Office, SeatOrigin, SeatRole, StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS

CC = "/api/organizations/test-union/bodies/cc"


def _body(org, name="Commission", slug="commission", description=""):
    return actions.create_body(
        actor=SYSTEM,
        organization=org.organization,
        name=name,
        slug=slug,
        kind=BodyKind.COMMISSION,
        full_seats=3,
        description=description,
    )


def _office(org, title="Chair", slug="chair"):
    return actions.create_office(actor=SYSTEM, body=org.committee, title=title, slug=slug)


def _seat(org, **fields):
    return actions.seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        **fields,
    )


def _orders(org, title="Rules", note=""):
    return actions.adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title=title, document=PRESETS["lenin-era"], note=note
    )


def _with_description(text: str) -> dict[str, object]:
    document = copy.deepcopy(PRESETS["lenin-era"])
    document["description"] = text
    return document


CASES = [
    (lambda org: _body(org, name="n" * 201), "body.text-length", "The body's name", 200),
    (lambda org: _body(org, slug="s" * 61), "body.text-length", "The body's short name", 60),
    (
        lambda org: _body(org, description="d" * 10_001),
        "body.text-length",
        "The body's description",
        10_000,
    ),
    (lambda org: _office(org, title="t" * 201), "office.text-length", "The office's title", 200),
    (lambda org: _seat(org, origin_detail="o" * 301), "seat.text-length", "The origin detail", 300),
    (
        lambda org: actions.seat_member(
            actor=SYSTEM, body=org.committee, role=SeatRole.GUEST, guest_name="g" * 301
        ),
        "seat.text-length",
        "The guest's name",
        300,
    ),
    (lambda org: _orders(org, title="t" * 201), "orders.text-length", "The title", 200),
    (lambda org: _orders(org, note="n" * 501), "orders.text-length", "The note", 500),
]


@pytest.mark.parametrize(("store", "rule", "what", "limit"), CASES)
def test_a_text_above_its_limit_is_refused_naming_field_and_limit(org, store, rule, what, limit):
    counts = [m.objects.count() for m in (Body, Office, StandingOrders, JournalEntry)]
    with pytest.raises(RuleError) as refused:
        store(org)
    assert refused.value.rule == rule
    assert str(refused.value).startswith(f"{what} is too long: ")
    assert str(refused.value).endswith(f"characters; at most {limit:,} are accepted.")
    assert [m.objects.count() for m in (Body, Office, StandingOrders, JournalEntry)] == counts


def test_texts_at_their_limit_are_stored(org):
    assert _body(org, name="n" * 200, description="d" * 10_000).description == "d" * 10_000
    assert _orders(org, title="t" * 200, note="n" * 500).note == "n" * 500


def test_reasons_for_vacating_and_ending_a_term_have_limits(org):
    seat = _seat(org)
    office = _office(org)
    term = actions.appoint_to_office(actor=SYSTEM, office=office, member=org.member)
    with pytest.raises(RuleError) as vacating:
        actions.vacate_seat(actor=SYSTEM, seat=seat, reason="r" * 301)
    with pytest.raises(RuleError) as ending:
        actions.end_office_term(actor=SYSTEM, term=term, because="b" * 301)
    assert (vacating.value.rule, ending.value.rule) == ("seat.text-length", "office.text-length")
    seat.refresh_from_db()
    term.refresh_from_db()
    assert seat.vacated_on is None and term.end is None


def test_a_huge_standing_orders_description_is_refused_by_the_api(org):
    client = Client()
    client.force_login(org.admin)
    before = JournalEntry.objects.count()
    huge = client.post(
        CC + "/standing-orders",
        {"title": "Rules", "document": _with_description("d" * 250_000)},
        content_type="application/json",
    )
    assert huge.status_code == 400
    assert huge.json()["rule"] == "standing-orders.size"
    assert "at most 200,000 are accepted" in huge.json()["detail"]
    long = client.post(
        CC + "/standing-orders",
        {"title": "Rules", "document": _with_description("d" * 10_001)},
        content_type="application/json",
    )
    assert long.status_code == 400
    assert long.json()["rule"] == "standing-orders.invalid"
    assert "description: 10,001 characters; at most 10,000 are accepted" in long.json()["detail"]
    assert not StandingOrders.objects.exists()
    assert JournalEntry.objects.count() == before
