"""The standing-orders settings for sittings: whether alternates step in for absent full
members, how lists of speakers are ordered and whether for and against alternate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from collegium.rules.procedure.speakers import OrderingRule, SpeakingOrders
from collegium.rules.standing_orders.diff import describe_changes
from collegium.rules.standing_orders.document import (
    StandingOrdersInvalid,
    parse_standing_orders,
    preset,
)
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.settings import Sitting, SpeakerOrder, Speakers


def _document(**changes: object) -> dict[str, object]:
    document = dict(PRESETS["lenin-era"])
    document.pop("speakers", None)
    document.pop("sitting", None)
    return {**document, **changes}


def test_left_out_they_keep_todays_behaviour():
    rules = parse_standing_orders(_document())
    assert rules.sitting == Sitting(alternates_step_in=False)
    assert rules.speakers == Speakers(SpeakerOrder.ASKED, alternate_for_against=False)


def test_each_key_inside_may_be_left_out():
    rules = parse_standing_orders(_document(speakers={"order": "least-time"}, sitting={}))
    assert rules.speakers == Speakers(SpeakerOrder.LEAST_TIME, alternate_for_against=False)
    assert rules.sitting == Sitting()
    rules = parse_standing_orders(_document(speakers={"alternate_for_against": True}))
    assert rules.speakers == Speakers(SpeakerOrder.ASKED, alternate_for_against=True)


def test_the_orders_are_the_values_of_the_procedure_rule():
    assert [str(order) for order in SpeakerOrder] == [str(rule) for rule in OrderingRule]


def test_the_parsed_values_build_the_procedure_settings():
    rules = preset("lenin-era")
    orders = SpeakingOrders(
        OrderingRule(rules.speakers.order),
        alternate_stances=rules.speakers.alternate_for_against,
        contributions_per_item=rules.speaking_time.contributions_per_item,
    )
    assert orders.rule is OrderingRule.FIRST_TIME and orders.alternate_stances is True
    assert rules.sitting.alternates_step_in is True


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"speakers": {"order": "loudest"}}, "speakers.order", "unknown 'loudest'; known: asked"),
        (
            {"speakers": {"alternate_for_against": "yes"}},
            "speakers.alternate_for_against",
            "must be true or false",
        ),
        ({"speakers": {"rule": "asked"}}, "speakers.rule", "unknown key"),
        ({"speakers": "asked"}, "speakers", "must be an object"),
        ({"sitting": {"alternates_step_in": 1}}, "sitting.alternates_step_in", "must be true"),
        ({"sitting": {"step_in": True}}, "sitting.step_in", "unknown key"),
        ({"sitting": True}, "sitting", "must be an object"),
    ],
)
def test_invalid_values_are_named_by_their_path(changes, path, message):
    with pytest.raises(StandingOrdersInvalid) as refused:
        parse_standing_orders(_document(**changes))
    assert [where for where, _message in refused.value.located] == [path]
    assert message in refused.value.located[0][1]
    assert refused.value.problems[0].startswith(f"{path}: ")


def test_every_problem_at_once():
    with pytest.raises(StandingOrdersInvalid) as refused:
        parse_standing_orders(
            _document(speakers={"order": 3, "alternate_for_against": None}, sitting={"x": 1})
        )
    assert {where for where, _message in refused.value.located} == {
        "speakers.order",
        "speakers.alternate_for_against",
        "sitting.x",
    }


@pytest.mark.parametrize(
    ("speakers", "sentence"),
    [
        (Speakers(), "Lists of speakers: in the order asked."),
        (
            Speakers(SpeakerOrder.FIRST_TIME, alternate_for_against=True),
            "Lists of speakers: first-time speakers on the item first; speeches for and "
            "against alternate.",
        ),
        (
            Speakers(SpeakerOrder.LEAST_TIME),
            "Lists of speakers: least speaking time in the sitting first.",
        ),
        (Speakers(SpeakerOrder.QUOTA), "Lists of speakers: one request from each group in turn."),
    ],
)
def test_speakers_describe_themselves(speakers, sentence):
    assert speakers.describe() == sentence


def test_sitting_describes_itself():
    assert Sitting().describe() == (
        "At a sitting, only full members vote; alternates do not step in."
    )
    assert Sitting(alternates_step_in=True).describe() == (
        "At a sitting, alternates present step in for absent full members, by rank."
    )


def test_the_presets_differ_and_their_descriptions_show_it():
    practice, lenin = preset("1956-practice"), preset("lenin-era")
    assert practice.sitting == Sitting() and practice.speakers == Speakers()
    assert lenin.sitting == Sitting(alternates_step_in=True)
    assert lenin.speakers == Speakers(SpeakerOrder.FIRST_TIME, alternate_for_against=True)
    assert "Lists of speakers: in the order asked." in practice.describe()
    assert "At a sitting, only full members vote; alternates do not step in." in practice.describe()
    assert (
        "Lists of speakers: first-time speakers on the item first; speeches for and against "
        "alternate." in lenin.describe()
    )
    assert (
        "At a sitting, alternates present step in for absent full members, by rank."
        in lenin.describe()
    )


def test_describe_lists_them_after_speaking_time():
    sentences = preset("lenin-era").describe()
    at = next(i for i, s in enumerate(sentences) if s.startswith("Speaking time:"))
    assert sentences[at + 1].startswith("Lists of speakers:")
    assert sentences[at + 2].startswith("At a sitting,")


def test_a_change_reads_as_a_sentence():
    old = preset("1956-practice")
    new = replace(
        old,
        speakers=Speakers(SpeakerOrder.QUOTA),
        sitting=Sitting(alternates_step_in=True),
    )
    assert describe_changes(old, new) == [
        "Lists of speakers: was “Lists of speakers: in the order asked.”, becomes “Lists of "
        "speakers: one request from each group in turn.”",
        "Sittings: was “At a sitting, only full members vote; alternates do not step in.”, "
        "becomes “At a sitting, alternates present step in for absent full members, by rank.”",
    ]
    assert describe_changes(old, old) == []


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_canonical_document_always_says_and_round_trips(name):
    rules = preset(name)
    document = rules.to_document()
    assert document["speakers"] == PRESETS[name]["speakers"]
    assert document["sitting"] == PRESETS[name]["sitting"]
    assert parse_standing_orders(document) == rules


def test_an_older_document_gets_the_defaults_in_its_canonical_form():
    document = parse_standing_orders(_document()).to_document()
    assert document["speakers"] == {"order": "asked", "alternate_for_against": False}
    assert document["sitting"] == {"alternates_step_in": False}
