"""The standing-orders setting that says whether suspension vacates a member's seats."""

from __future__ import annotations

from dataclasses import replace

import pytest

from collegium.rules.standing_orders.diff import describe_changes
from collegium.rules.standing_orders.document import (
    StandingOrdersInvalid,
    parse_standing_orders,
    preset,
)
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.settings import Suspension


def _document(**changes: object) -> dict[str, object]:
    document = dict(PRESETS["lenin-era"])
    document.pop("suspension", None)
    return {**document, **changes}


def test_left_out_keeps_a_suspended_members_seats():
    assert parse_standing_orders(_document()).suspension == Suspension(vacates_seats=False)


def test_the_document_says_so_and_round_trips():
    rules = parse_standing_orders(_document(suspension={"vacates_seats": True}))
    assert rules.suspension.vacates_seats is True
    assert rules.to_document()["suspension"] == {"vacates_seats": True}
    assert parse_standing_orders(rules.to_document()) == rules


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        ({"vacates_seats": "yes"}, "suspension.vacates_seats", "must be true or false"),
        ({}, "suspension.vacates_seats", "missing"),
        ({"vacates_seats": True, "after_days": 3}, "suspension.after_days", "unknown key"),
        (True, "suspension", "must be an object"),
    ],
)
def test_a_bad_setting_is_named_by_its_path(value: object, path: str, message: str):
    with pytest.raises(StandingOrdersInvalid) as refused:
        parse_standing_orders(_document(suspension=value))
    assert refused.value.rule == "standing-orders.invalid"
    assert any(where == path and message in text for where, text in refused.value.located)


def test_describe_says_what_suspension_and_leaving_do():
    keeps = parse_standing_orders(_document()).describe()
    vacates = parse_standing_orders(_document(suspension={"vacates_seats": True})).describe()
    assert keeps[-2] == (
        "A suspended member keeps their seats; a member who leaves loses them, and "
        "alternates step up."
    )
    assert vacates[-2] == (
        "A suspended member loses their seats, and alternates step up; so does a member who leaves."
    )


def test_the_change_reads_as_one_sentence():
    old = preset("lenin-era")
    new = replace(old, suspension=Suspension(vacates_seats=True))
    assert describe_changes(old, new) == [
        "Suspension: was “A suspended member keeps their seats; a member who leaves loses "
        "them, and alternates step up.”, becomes “A suspended member loses their seats, and "
        "alternates step up; so does a member who leaves.”"
    ]
