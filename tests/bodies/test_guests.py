"""Guest seats: one per guest name in a body, invited unless told otherwise, and only in
the kinds of body the standing orders in force give guest seats."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders, create_body, seat_member, vacate_seat
from collegium.bodies.models import BodyKind, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS

CC = "/api/organizations/test-union/bodies/cc"


def _guest(body, name: str, origin: SeatOrigin | None = None) -> Seat:
    return seat_member(actor=SYSTEM, body=body, role=SeatRole.GUEST, guest_name=name, origin=origin)


def _refusal(call) -> RuleError:
    with pytest.raises(RuleError) as refused:
        call()
    return refused.value


@pytest.mark.parametrize(
    "again",
    ["Polish delegation", "polish DELEGATION", "  Polish\u00a0\tdelegation ", "Ｐolish delegation"],
)
def test_a_guest_name_is_seated_once_in_a_body(org, again):
    first = _guest(org.committee, "Polish delegation")
    before = JournalEntry.objects.count()
    refused = _refusal(lambda: _guest(org.committee, again))
    assert refused.rule == "seat.one-per-guest"
    assert str(refused).endswith("already holds a guest seat in Central Committee.")
    assert list(Seat.objects.filter(body=org.committee)) == [first]
    assert JournalEntry.objects.count() == before


def test_the_name_is_stored_normalized_and_free_again_once_vacated(org):
    first = _guest(org.committee, "  Polish \t delegation ")
    assert first.guest_name == "Polish delegation"
    vacate_seat(actor=SYSTEM, seat=first, reason="left")
    assert _guest(org.committee, "Polish delegation").vacated_on is None


def test_the_same_guest_may_sit_in_another_body(org):
    other = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Assembly",
        slug="assembly",
        kind=BodyKind.ASSEMBLY,
        full_seats=3,
    )
    _guest(org.committee, "Polish delegation")
    assert _guest(other, "Polish delegation").body == other


def test_a_guest_is_invited_unless_told_otherwise(org):
    assert _guest(org.committee, "Polish delegation").origin == SeatOrigin.INVITED
    assert _guest(org.committee, "Italian", SeatOrigin.APPOINTED).origin == SeatOrigin.APPOINTED
    refused = _refusal(lambda: _guest(org.committee, "French", SeatOrigin.ELECTED))
    assert refused.rule == "seat.origin"


def test_the_api_seats_a_guest_without_origin_as_invited_and_refuses_a_second(org):
    client = Client()
    client.force_login(org.secretary)
    payload = {"role": "guest", "guest_name": "Polish delegation"}
    created = client.post(CC + "/seats", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["origin"] == "invited"
    again = client.post(
        CC + "/seats",
        {**payload, "guest_name": "POLISH delegation"},
        content_type="application/json",
    )
    assert again.status_code == 400 and again.json()["rule"] == "seat.one-per-guest"
    member = client.post(
        CC + "/seats", {"role": "full", "member_number": "M-1"}, content_type="application/json"
    )
    assert member.status_code == 400 and member.json()["rule"] == "seat.origin"


def test_the_orders_in_force_say_which_kinds_of_body_give_guest_seats(org):
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=10,
    )
    for body in (org.committee, congress):
        adopt_standing_orders(
            actor=SYSTEM, body=body, title="1956", document=PRESETS["1956-practice"]
        )
    refused = _refusal(lambda: _guest(org.committee, "Polish delegation"))
    assert refused.rule == "seat.guests-not-taken"
    assert str(refused) == (
        "Central Committee gives no guest seats: its standing orders give them only in "
        "bodies of these kinds: congress."
    )
    assert _guest(congress, "Polish delegation").body == congress
    # A member may still hold a guest seat only where guests are given seats.
    member_guest = _refusal(
        lambda: seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=org.member,
            role=SeatRole.GUEST,
            origin=SeatOrigin.APPOINTED,
        )
    )
    assert member_guest.rule == "seat.guests-not-taken"


def test_orders_that_take_effect_later_do_not_govern_yet(org):
    document = copy.deepcopy(PRESETS["1956-practice"])
    document["guest_seats"] = ["committee"]
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="open", document=document)
    document["guest_seats"] = []
    adopt_standing_orders(
        actor=SYSTEM,
        body=org.committee,
        title="closed",
        document=document,
        effective_from=timezone.now() + datetime.timedelta(days=1),
    )
    assert _guest(org.committee, "Polish delegation").vacated_on is None
