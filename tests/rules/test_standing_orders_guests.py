"""The standing-orders setting of which kinds of body give guest seats, the limits on a
document's size and texts, and the seating rule that enforces the setting."""

from __future__ import annotations

import copy

import pytest

from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import BodySeats, SeatingRequest, SeatRole, decide_seat
from collegium.rules.standing_orders.document import (
    MAX_DOCUMENT_BYTES,
    StandingOrdersInvalid,
    check_document_size,
    parse_standing_orders,
)
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.settings import BodyKind, GuestSeats


def lenin() -> dict[str, object]:
    return copy.deepcopy(PRESETS["lenin-era"])


def problems_of(doc: dict[str, object]) -> list[str]:
    with pytest.raises(StandingOrdersInvalid) as error:
        parse_standing_orders(doc)
    return list(error.value.problems)


def test_the_presets_give_guest_seats_in_congresses_only():
    for doc in PRESETS.values():
        assert parse_standing_orders(doc).guest_seats == GuestSeats(frozenset({BodyKind.CONGRESS}))


def test_a_document_that_does_not_say_leaves_every_kind_open():
    doc = lenin()
    del doc["guest_seats"]
    orders = parse_standing_orders(doc)
    assert all(orders.guest_seats.admits(kind) for kind in BodyKind)
    # The canonical document says so explicitly, and reads back the same.
    assert orders.to_document()["guest_seats"] == [
        "congress",
        "committee",
        "executive",
        "commission",
        "assembly",
    ]
    assert parse_standing_orders(orders.to_document()) == orders


def test_the_setting_round_trips_in_canonical_order():
    doc = lenin()
    doc["guest_seats"] = ["assembly", "congress", "assembly"]
    orders = parse_standing_orders(doc)
    assert orders.to_document()["guest_seats"] == ["congress", "assembly"]
    assert parse_standing_orders(orders.to_document()) == orders


def test_describe_names_the_kinds_or_says_none():
    doc = lenin()
    doc["guest_seats"] = ["assembly", "congress"]
    assert parse_standing_orders(doc).describe()[-1] == (
        "Guest seats are given in bodies of these kinds: congress, assembly."
    )
    doc["guest_seats"] = []
    assert parse_standing_orders(doc).describe()[-1] == "No body gives guest seats."


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("congress", "guest_seats: must be a list of kinds of body, not 'congress'"),
        (
            ["congress", "party"],
            "guest_seats[1]: unknown 'party'; known: congress, committee, executive, "
            "commission, assembly",
        ),
    ],
)
def test_a_bad_setting_is_named_by_its_path(value, problem):
    doc = lenin()
    doc["guest_seats"] = value
    assert problem in problems_of(doc)


def test_titles_and_descriptions_have_limits():
    doc = lenin()
    doc["title"] = "t" * 201
    doc["description"] = "d" * 10_001
    assert problems_of(doc) == [
        "title: 201 characters; at most 200 are accepted",
        "description: 10,001 characters; at most 10,000 are accepted",
    ]
    doc["title"], doc["description"] = "t" * 200, "d" * 10_000
    assert parse_standing_orders(doc).description == "d" * 10_000


def test_a_document_above_the_size_limit_is_refused_before_it_is_read():
    doc = lenin()
    check_document_size(doc)
    doc["notes"] = "é" * (MAX_DOCUMENT_BYTES // 2)  # two bytes each in UTF-8
    with pytest.raises(RuleError) as refused:
        check_document_size(doc)
    assert refused.value.rule == "standing-orders.size"
    assert str(refused.value).startswith("The standing-orders document is too large: 201,")
    assert str(refused.value).endswith("bytes; at most 200,000 are accepted.")


CONGRESS_ONLY = GuestSeats(frozenset({BodyKind.CONGRESS}))


def test_seating_gives_guest_seats_only_in_the_kinds_the_orders_name():
    guest = SeatingRequest(SeatRole.GUEST, guest_name="Polish delegation")
    congress = BodySeats("Congress", 1, 10, 0, kind=BodyKind.CONGRESS, guest_seats=CONGRESS_ONLY)
    assert decide_seat(guest, congress).guest_name == "Polish delegation"
    committee = BodySeats("CC", 1, 10, 0, kind=BodyKind.COMMITTEE, guest_seats=CONGRESS_ONLY)
    with pytest.raises(RuleError) as refused:
        decide_seat(guest, committee)
    assert refused.value.rule == "seat.guests-not-taken"
    assert str(refused.value) == (
        "CC gives no guest seats: its standing orders give them only in bodies of these "
        "kinds: congress."
    )
    # Without a setting (no orders in force) every kind gives them, as before.
    assert decide_seat(guest, BodySeats("CC", 1, 10, 0, kind=BodyKind.COMMITTEE)).guest_name
