"""Standing orders: presets, round trips, and every problem of a bad document named by path."""

from __future__ import annotations

import copy
import json

import pytest

from collegium.rules.errors import RuleError
from collegium.rules.questions.decision import Outcome, TieRule
from collegium.rules.questions.majority import parse_majority
from collegium.rules.questions.tally import Tally
from collegium.rules.standing_orders.document import (
    StandingOrdersInvalid,
    parse_standing_orders,
    preset,
)
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.settings import CounterReportRight, SecretWhen


def lenin() -> dict[str, object]:
    return copy.deepcopy(PRESETS["lenin-era"])


def problems_of(doc: object) -> list[str]:
    with pytest.raises(StandingOrdersInvalid) as error:
        parse_standing_orders(doc)  # type: ignore[arg-type]
    assert isinstance(error.value, RuleError)
    assert error.value.rule == "standing-orders.invalid"
    return list(error.value.problems)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_validate_and_round_trip(name):
    orders = parse_standing_orders(PRESETS[name])
    document = orders.to_document()
    assert document == PRESETS[name]
    assert parse_standing_orders(json.loads(json.dumps(document))) == orders
    assert orders.title
    assert orders.description


def test_the_presets_differ_where_the_1956_analysis_says():
    practice, lenin_era = preset("1956-practice"), preset("lenin-era")
    assert practice.counter_report.who is CounterReportRight.NOBODY
    assert not practice.counter_report.allowed(supporters=133, full_seats=133)
    assert lenin_era.counter_report.allowed(supporters=7, full_seats=133)
    assert not lenin_era.counter_report.allowed(supporters=6, full_seats=133)
    assert practice.transparency.members.shown() == []
    assert lenin_era.transparency.members.shown() == [
        "tallies",
        "roll_calls",
        "counter_reports",
        "dissenting_opinions",
        "minutes",
    ]
    assert practice.secret_ballot.is_secret(election=True)
    assert not practice.secret_ballot.is_secret(election=False, requested_by=133, full_seats=133)
    assert lenin_era.secret_ballot.is_secret(election=False, requested_by=14, full_seats=133)
    assert not lenin_era.secret_ballot.is_secret(election=False, requested_by=13, full_seats=133)
    # The same majority and quorum, so the demo shows only what the procedure changes.
    assert practice.quorum == lenin_era.quorum
    assert practice.majority == lenin_era.majority == parse_majority("simple")


def test_majority_per_kind_of_decision_falls_back_to_the_default():
    orders = preset("lenin-era")
    assert orders.majority_for("amend-standing-orders") == parse_majority("two-thirds:valid")
    assert orders.majority_for("resolution") == parse_majority("simple")


def test_deciding_under_the_orders_uses_their_quorum_majority_and_tie_rule():
    orders = preset("lenin-era")
    tally = Tally(80, 40, 5, present=125, entitled=133)
    assert orders.decide(tally).adopted
    amend = orders.decide(tally, kind="amend-standing-orders")
    assert amend.sentence == "Not adopted: 80 yes of 125 valid votes; two-thirds needed 84."
    absent = orders.decide(Tally(40, 10, present=60, entitled=133))
    assert absent.outcome is Outcome.NOT_DECIDED
    tied = orders.decide(Tally(50, 50, present=100, entitled=133))
    assert tied.tied
    assert not tied.adopted


def test_describe_gives_one_plain_sentence_per_setting():
    assert preset("lenin-era").describe() == [
        "Quorum: more than half of the full members present at the vote.",
        "Majority: more yes than no (abstentions not counted).",
        "Majority to amend standing orders: two-thirds of the valid votes (abstentions counted).",
        "A tied vote fails.",
        "Elections are by secret ballot, other votes open; "
        "any vote is secret if at least 1/10 of the full members ask for it.",
        "A minority of at least 1/20 of the full members may give a counter-report.",
        "Speaking time: report 60 minutes, counter-report 60 minutes, contribution 10 minutes; "
        "at most 2 contributions per speaker per item.",
        "Lists of speakers: first-time speakers on the item first; speeches for and "
        "against alternate. Each group has 10 minutes per item. Points of order 1 minute, "
        "questions 1 minute, replies 2 minutes.",
        "At a sitting, alternates present step in for absent full members, by rank.",
        "Votes may be taken by a counted show of hands, a named electronic vote or a secret "
        "electronic ballot; by default, by a named electronic vote. A ballot once cast is final.",
        "Bodies are elected by the single transferable vote (Scottish rules); offices by "
        "instant-runoff voting. An election ends the previous term's seats.",
        "A motion is tabled with 10 supporters.",
        "Procedural motions follow Robert's Rules of Order (1915): their rank decides which "
        "is in order.",
        "Members see the tallies, roll calls (who voted how), counter-reports, "
        "dissenting opinions and minutes.",
        "The public sees none of the tallies, roll calls, counter-reports, "
        "dissenting opinions or minutes.",
        "A suspended member keeps their seats; a member who leaves loses them, and "
        "alternates step up.",
        "Guest seats are given in bodies of these kinds: congress.",
    ]


def test_other_settings_describe_themselves():
    doc = lenin()
    doc["tie"] = "casting-vote"
    doc["secret_ballot"] = {"when": "always", "on_request": None}
    doc["counter_report"] = {"who": "minority", "members": 1}
    doc["speaking_time"] = {
        "report": 90,
        "counter_report": 60,
        "contribution": 1,
        "contributions_per_item": 1,
    }
    doc["transparency"]["public"]["minutes"] = True  # type: ignore[index]
    doc["quorum"] = "50:voting"
    doc["majority"] = ["two-thirds:cast", "absolute"]
    lines = parse_standing_orders(doc).describe()
    assert "On a tied vote the chair has a casting vote." in lines
    assert "Every vote is by secret ballot." in lines
    assert "A minority of at least 1 full member may give a counter-report." in lines
    assert (
        "Speaking time: report 90 seconds, counter-report 1 minute, contribution 1 second; "
        "at most 1 contribution per speaker per item."
    ) in lines
    assert "The public sees the minutes." in lines
    assert "Quorum: at least 50 full members voting." in lines
    assert (
        "Majority: two-thirds of the votes cast (abstentions and invalid ballots counted) "
        "and more than half of all full members."
    ) in lines
    doc["tie"] = "lot"
    doc["counter_report"] = {"who": "any-full-member"}
    doc["secret_ballot"] = {"when": "never", "on_request": {"members": 5}}
    orders = parse_standing_orders(doc)
    assert orders.tie is TieRule.LOT
    assert orders.secret_ballot.when is SecretWhen.NEVER
    lines = orders.describe()
    assert "A tied vote is decided by lot, drawn from a recorded seed." in lines
    assert "Any full member may give a counter-report." in lines
    assert "Votes are open; any vote is secret if at least 5 full members ask for it." in lines
    # Short strings are accepted on input; the canonical document writes the quorum out.
    assert orders.to_document()["quorum"] == {"counted": "voting", "number": 50}
    assert orders.to_document()["majority"] == ["two-thirds:cast", "absolute"]


def test_title_description_and_majorities_are_optional():
    doc = lenin()
    for key in ("title", "description", "majorities"):
        del doc[key]
    orders = parse_standing_orders(doc)
    assert (orders.title, orders.description, dict(orders.majorities)) == ("", "", {})


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["quorum"].update(fraction="3/2"), "quorum.fraction: 3/2 is more than 1"),
        (lambda d: d["quorum"].update(number=5), "quorum: give either 'number' or 'fraction'"),
        (lambda d: d.update(quorum="lots"), "quorum: unknown quorum 'lots'"),
        (lambda d: d.update(majority="bogus"), "majority: unknown majority 'bogus'"),
        (
            lambda d: d.update(majority=["simple", "two-thirds:nobody"]),
            "majority[1]: unknown base 'nobody'",
        ),
        (
            lambda d: d["majorities"].update({"Amend Rules": "simple"}),
            "majorities.Amend Rules: a kind is lower-case words joined by hyphens",
        ),
        (
            lambda d: d["majorities"].update({"expel": "at-least:4/3"}),
            "majorities.expel: 4/3 is more than 1",
        ),
        (lambda d: d.update(majorities=["simple"]), "majorities: must be an object"),
        (lambda d: d.update(tie="coin"), "tie: unknown 'coin'; known: fail, casting-vote, lot"),
        (lambda d: d.update(colour="red"), "colour: unknown key"),
        (lambda d: d.pop("tie"), "tie: missing"),
        (lambda d: d.update(title=7), "title: must be text, not 7"),
        (
            lambda d: d["secret_ballot"].update(when="sometimes"),
            "secret_ballot.when: unknown 'sometimes'; known: never, elections, always",
        ),
        (
            lambda d: d["secret_ballot"].update(on_request={"members": 0}),
            "secret_ballot.on_request.members: 0 is below 1",
        ),
        (
            lambda d: d["secret_ballot"].update(when="always"),
            "secret_ballot.on_request: every vote is secret already",
        ),
        (
            lambda d: d.update(counter_report={"who": "minority"}),
            "counter_report: give either 'members' or 'fraction'",
        ),
        (
            lambda d: d.update(counter_report={"who": "minority", "fraction": "0/5"}),
            "counter_report.fraction: 0/5 is not more than 0",
        ),
        (
            lambda d: d.update(counter_report={"who": "nobody", "members": 3}),
            "counter_report: 'members' and 'fraction' apply only to a minority, not to nobody",
        ),
        (
            lambda d: d.update(counter_report={"who": "everyone"}),
            "counter_report.who: unknown 'everyone'; known: nobody, any-full-member, minority",
        ),
        (lambda d: d["speaking_time"].update(report=0), "speaking_time.report: 0 is below 1"),
        (
            lambda d: d["speaking_time"].update(contribution=100000),
            "speaking_time.contribution: 100,000 is above 86,400",
        ),
        (
            lambda d: d["speaking_time"].update(contributions_per_item=1.5),
            "speaking_time.contributions_per_item: must be a whole number, not 1.5",
        ),
        (lambda d: d["speaking_time"].pop("report"), "speaking_time.report: missing"),
        (
            lambda d: d["transparency"]["members"].update(minutes="yes"),
            "transparency.members.minutes: must be true or false, not 'yes'",
        ),
        (
            lambda d: d["transparency"]["public"].update(roll_calls=True, votes=False),
            "transparency.public.votes: unknown key",
        ),
        (
            lambda d: d["transparency"].update(press={}),
            "transparency.press: unknown key",
        ),
    ],
)
def test_each_problem_is_named_by_its_path(change, problem):
    doc = lenin()
    change(doc)
    found = problems_of(doc)
    assert any(p.startswith(problem) for p in found), found


def test_public_may_not_see_what_members_do_not():
    doc = copy.deepcopy(PRESETS["1956-practice"])
    doc["transparency"]["public"]["tallies"] = True  # type: ignore[index]
    assert problems_of(doc) == [
        "transparency.public.tallies: shown to the public but not to members"
    ]


def test_every_problem_is_listed_at_once():
    doc = lenin()
    doc["quorum"]["fraction"] = "3/2"  # type: ignore[index]
    doc["majority"] = ["two-thirds:valid", "bogus"]
    doc["speaking_time"]["report"] = 0  # type: ignore[index]
    doc["transparency"]["members"]["minutes"] = "yes"  # type: ignore[index]
    doc["secret_ballot"]["when"] = "sometimes"  # type: ignore[index]
    doc["colour"] = "red"
    del doc["tie"]
    found = problems_of(doc)
    assert [p.split(":")[0] for p in found] == [
        "colour",
        "tie",
        "quorum.fraction",
        "majority[1]",
        "secret_ballot.when",
        "speaking_time.report",
        "transparency.members.minutes",
    ]
    with pytest.raises(StandingOrdersInvalid, match=r"standing orders invalid \(7 problems\)"):
        parse_standing_orders(doc)


def test_a_document_that_is_not_an_object():
    assert problems_of(["quorum"]) == ["(document): must be an object, not ['quorum']"]


def test_unknown_preset():
    with pytest.raises(RuleError, match="unknown preset 'x'; known: 1956-practice, lenin-era"):
        preset("x")
