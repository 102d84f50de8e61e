"""Every problem of a document also comes as (path, message), for a form to show beside
its field."""

from __future__ import annotations

import pytest

from collegium.rules.standing_orders.document import StandingOrdersInvalid, parse_standing_orders
from collegium.rules.standing_orders.presets import PRESETS


def test_each_problem_has_its_path_and_message():
    doc = dict(PRESETS["lenin-era"])
    doc["quorum"] = {"counted": "vote", "comparison": "more-than", "fraction": "3/2"}
    doc["speaking_time"] = {**doc["speaking_time"], "report": 0}  # type: ignore[dict-item]
    doc["tie"] = "coin"
    with pytest.raises(StandingOrdersInvalid) as invalid:
        parse_standing_orders(doc)
    paths = [path for path, _message in invalid.value.located]
    assert paths == ["quorum.fraction", "tie", "speaking_time.report"]
    assert len(invalid.value.located) == len(invalid.value.problems)
    assert invalid.value.problems[0] == "quorum.fraction: " + invalid.value.located[0][1]


def test_a_problem_of_the_whole_document_has_an_empty_path():
    with pytest.raises(StandingOrdersInvalid) as invalid:
        parse_standing_orders([])  # type: ignore[arg-type]
    assert invalid.value.located[0][0] == ""
