"""The standing-orders settings for sittings: whether alternates step in for absent full
members, how lists of speakers are ordered and whether for and against alternate, each
group's speaking time per item and the seconds of points of order, questions and replies."""

from __future__ import annotations

from dataclasses import replace

import pytest

from collegium.rules.procedure.speakers import (
    OrderingRule,
    RequestKind,
    SpeakingOrders,
    SpeakRequest,
    TimeLimits,
    allowed_time,
    remaining_time,
)
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
    rules = parse_standing_orders(_document(speakers={"group_budget": 900, "reply": 90}))
    assert rules.speakers == Speakers(group_budget=900, point_of_order=60, question=60, reply=90)


def test_left_out_the_speaking_times_take_their_defaults():
    speakers = parse_standing_orders(_document(speakers={})).speakers
    assert speakers == Speakers()
    assert (speakers.group_budget, speakers.point_of_order, speakers.question, speakers.reply) == (
        None,
        60,
        60,
        120,
    )


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("group_budget", 60, 86400),
        ("point_of_order", 10, 3600),
        ("question", 10, 3600),
        ("reply", 10, 3600),
    ],
)
def test_the_speaking_times_take_their_bounds(key, low, high):
    for seconds in (low, high):
        speakers = parse_standing_orders(_document(speakers={key: seconds})).speakers
        assert getattr(speakers, key) == seconds


def test_a_null_budget_is_no_budget():
    rules = parse_standing_orders(_document(speakers={"group_budget": None}))
    assert rules.speakers.group_budget is None


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
        ({"speakers": {"group_budget": 59}}, "speakers.group_budget", "59 is below 60"),
        (
            {"speakers": {"group_budget": 86401}},
            "speakers.group_budget",
            "86,401 is above 86,400",
        ),
        (
            {"speakers": {"group_budget": "10 minutes"}},
            "speakers.group_budget",
            "must be a whole number, not '10 minutes'",
        ),
        (
            {"speakers": {"group_budget": 600.0}},
            "speakers.group_budget",
            "must be a whole number",
        ),
        ({"speakers": {"point_of_order": 9}}, "speakers.point_of_order", "9 is below 10"),
        ({"speakers": {"point_of_order": 3601}}, "speakers.point_of_order", "3,601 is above"),
        ({"speakers": {"question": True}}, "speakers.question", "must be a whole number"),
        ({"speakers": {"question": None}}, "speakers.question", "must be a whole number"),
        ({"speakers": {"reply": 0}}, "speakers.reply", "0 is below 10"),
        ({"speakers": {"reply": 7200}}, "speakers.reply", "7,200 is above 3,600"),
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
    with pytest.raises(StandingOrdersInvalid) as refused:
        parse_standing_orders(
            _document(speakers={"group_budget": 1, "point_of_order": 1, "question": 1, "reply": 1})
        )
    assert [where for where, _message in refused.value.located] == [
        "speakers.group_budget",
        "speakers.point_of_order",
        "speakers.question",
        "speakers.reply",
    ]


_TIMES = "Points of order 1 minute, questions 1 minute, replies 2 minutes."


@pytest.mark.parametrize(
    ("speakers", "sentence"),
    [
        (Speakers(), f"Lists of speakers: in the order asked. {_TIMES}"),
        (
            Speakers(SpeakerOrder.FIRST_TIME, alternate_for_against=True),
            "Lists of speakers: first-time speakers on the item first; speeches for and "
            f"against alternate. {_TIMES}",
        ),
        (
            Speakers(SpeakerOrder.LEAST_TIME),
            f"Lists of speakers: least speaking time in the sitting first. {_TIMES}",
        ),
        (
            Speakers(SpeakerOrder.QUOTA),
            f"Lists of speakers: one request from each group in turn. {_TIMES}",
        ),
        (
            Speakers(group_budget=600),
            f"Lists of speakers: in the order asked. Each group has 10 minutes per item. {_TIMES}",
        ),
        (
            Speakers(group_budget=90, point_of_order=30, question=45, reply=180),
            "Lists of speakers: in the order asked. Each group has 90 seconds per item. "
            "Points of order 30 seconds, questions 45 seconds, replies 3 minutes.",
        ),
        (
            Speakers(SpeakerOrder.QUOTA, True, 60, 10, 3600, 120),
            "Lists of speakers: one request from each group in turn; speeches for and against "
            "alternate. Each group has 1 minute per item. Points of order 10 seconds, "
            "questions 60 minutes, replies 2 minutes.",
        ),
    ],
)
def test_speakers_describe_themselves(speakers, sentence):
    assert speakers.describe() == sentence


def test_the_budget_is_mentioned_only_when_set():
    assert "group" not in Speakers().describe()
    assert "Each group has" in Speakers(group_budget=600).describe()


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
    assert lenin.speakers == Speakers(
        SpeakerOrder.FIRST_TIME, alternate_for_against=True, group_budget=600
    )
    assert practice.speakers.group_budget is None
    assert (
        "Lists of speakers: in the order asked. Points of order 1 minute, questions 1 minute, "
        "replies 2 minutes." in practice.describe()
    )
    assert "At a sitting, only full members vote; alternates do not step in." in practice.describe()
    assert (
        "Lists of speakers: first-time speakers on the item first; speeches for and against "
        "alternate. Each group has 10 minutes per item. Points of order 1 minute, questions "
        "1 minute, replies 2 minutes." in lenin.describe()
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
        f"Lists of speakers: was “Lists of speakers: in the order asked. {_TIMES}”, becomes "
        f"“Lists of speakers: one request from each group in turn. {_TIMES}”",
        "Sittings: was “At a sitting, only full members vote; alternates do not step in.”, "
        "becomes “At a sitting, alternates present step in for absent full members, by rank.”",
    ]
    assert describe_changes(old, old) == []


def test_a_change_of_the_budget_or_a_time_reads_as_a_sentence():
    old = preset("1956-practice")
    budgeted = replace(old, speakers=replace(old.speakers, group_budget=600))
    assert describe_changes(old, budgeted) == [
        f"Lists of speakers: was “Lists of speakers: in the order asked. {_TIMES}”, becomes "
        "“Lists of speakers: in the order asked. Each group has 10 minutes per item. "
        f"{_TIMES}”",
    ]
    longer = replace(budgeted, speakers=replace(budgeted.speakers, group_budget=900))
    assert describe_changes(budgeted, longer) == [
        "Lists of speakers: was “Lists of speakers: in the order asked. Each group has 10 "
        f"minutes per item. {_TIMES}”, becomes “Lists of speakers: in the order asked. Each "
        f"group has 15 minutes per item. {_TIMES}”",
    ]
    assert describe_changes(budgeted, old)[0].endswith(
        f"becomes “Lists of speakers: in the order asked. {_TIMES}”"
    )
    quicker = replace(old, speakers=replace(old.speakers, point_of_order=30))
    assert describe_changes(old, quicker)[0].endswith(
        "becomes “Lists of speakers: in the order asked. Points of order 30 seconds, "
        "questions 1 minute, replies 2 minutes.”"
    )


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_canonical_document_always_says_and_round_trips(name):
    rules = preset(name)
    document = rules.to_document()
    assert document["speakers"] == PRESETS[name]["speakers"]
    assert document["sitting"] == PRESETS[name]["sitting"]
    assert parse_standing_orders(document) == rules


def test_an_older_document_gets_the_defaults_in_its_canonical_form():
    document = parse_standing_orders(_document()).to_document()
    assert document["speakers"] == {
        "order": "asked",
        "alternate_for_against": False,
        "group_budget": None,
        "point_of_order": 60,
        "question": 60,
        "reply": 120,
    }
    assert document["sitting"] == {"alternates_step_in": False}


@pytest.mark.parametrize(
    "speakers",
    [
        Speakers(),
        Speakers(SpeakerOrder.QUOTA, True, 86400, 3600, 10, 3600),
        Speakers(SpeakerOrder.LEAST_TIME, group_budget=60, point_of_order=10, reply=10),
    ],
)
def test_the_speakers_round_trip_through_the_document(speakers):
    document = _document(speakers=speakers.to_document())
    assert parse_standing_orders(document).speakers == speakers
    rules = parse_standing_orders(document)
    assert parse_standing_orders(rules.to_document()) == rules


def test_the_presets_spell_out_every_speakers_key():
    for name in PRESETS:
        speakers = PRESETS[name]["speakers"]
        assert isinstance(speakers, dict)
        assert list(speakers) == list(Speakers().to_document())


def test_the_parsed_times_build_the_procedure_limits_and_budgets():
    rules = preset("lenin-era")
    limits = TimeLimits(
        contribution=rules.speaking_time.contribution,
        point_of_order=rules.speakers.point_of_order,
        question=rules.speakers.question,
        reply=rules.speakers.reply,
    )
    assert rules.speakers.group_budget is not None
    budgets = {7: rules.speakers.group_budget}
    remaining = remaining_time(budgets, {7: 420})
    assert remaining == {7: 180}
    asked = SpeakRequest(speaker=1, asked=1, kind=RequestKind.CONTRIBUTION, group=7)
    assert allowed_time(asked, limits, remaining).seconds == 180
    point = SpeakRequest(speaker=1, asked=2, kind=RequestKind.POINT_OF_ORDER, group=7)
    assert allowed_time(point, limits, remaining).seconds == 60
