"""Guest names seated once per body, guest origins, and the limits on stored texts."""

from __future__ import annotations

import pytest

from collegium.rules.errors import RuleError
from collegium.rules.procedure import texts
from collegium.rules.procedure.seating import (
    BodySeats,
    MemberState,
    MemberStatus,
    SeatingRequest,
    SeatOrigin,
    SeatRole,
    decide_seat,
    guest_key,
    guest_name,
)

CONGRESS = BodySeats("Congress", 1, 10, 0)
ANNA = MemberState("Anna", 1, MemberStatus.ACTIVE)


def refusal(request: SeatingRequest, body: BodySeats = CONGRESS) -> RuleError:
    with pytest.raises(RuleError) as refused:
        decide_seat(request, body)
    return refused.value


def test_guest_names_are_stored_normalized_and_compared_case_folded():
    assert guest_name("  Ｐolish\u00a0 \t delegation ") == "Polish delegation"
    assert guest_key("POLISH  Delegation") == guest_key("polish delegation")
    assert guest_key("Straße") == guest_key("STRASSE")


@pytest.mark.parametrize(
    "again", ["Polish delegation", " polish  DELEGATION", "Ｐolish delegation"]
)
def test_a_guest_name_is_seated_once_among_the_current_guests(again):
    body = BodySeats("Congress", 1, 10, 0, guests=frozenset({guest_key("Polish delegation")}))
    refused = refusal(SeatingRequest(SeatRole.GUEST, guest_name=again), body)
    assert refused.rule == "seat.one-per-guest"
    assert str(refused) == f"{guest_name(again)} already holds a guest seat in Congress."
    other = SeatingRequest(SeatRole.GUEST, guest_name="Italian delegation")
    assert decide_seat(other, body).guest_name == "Italian delegation"


def test_a_guest_is_invited_unless_told_otherwise_and_never_elected():
    guest = SeatingRequest(SeatRole.GUEST, guest_name="Polish delegation")
    assert decide_seat(guest, CONGRESS).origin == SeatOrigin.INVITED
    appointed = SeatingRequest(SeatRole.GUEST, guest_name="X", origin=SeatOrigin.APPOINTED)
    assert decide_seat(appointed, CONGRESS).origin == SeatOrigin.APPOINTED
    refused = refusal(SeatingRequest(SeatRole.GUEST, guest_name="X", origin=SeatOrigin.ELECTED))
    assert refused.rule == "seat.origin"
    assert "A guest is not elected" in str(refused)


def test_a_members_seat_names_its_origin_and_is_never_invited():
    assert refusal(SeatingRequest(SeatRole.FULL, ANNA)).rule == "seat.origin"
    invited = refusal(SeatingRequest(SeatRole.FULL, ANNA, origin=SeatOrigin.INVITED))
    assert invited.rule == "seat.origin"
    assert str(invited) == (
        "Only guests are invited: a member's seat is elected, delegated or appointed."
    )
    elected = SeatingRequest(SeatRole.FULL, ANNA, origin=SeatOrigin.ELECTED)
    assert decide_seat(elected, CONGRESS).origin == SeatOrigin.ELECTED


def test_a_text_above_its_limit_is_refused_naming_the_field_and_limit():
    texts.check_length("x" * 300, texts.DETAIL, "The reason", "seat.text-length")
    with pytest.raises(RuleError) as refused:
        texts.check_length("x" * 10_001, texts.DESCRIPTION, "The description", "body.text")
    assert refused.value.rule == "body.text"
    assert str(refused.value) == (
        "The description is too long: 10,001 characters; at most 10,000 are accepted."
    )
