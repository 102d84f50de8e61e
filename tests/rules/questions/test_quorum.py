"""Quorum: numbers and fractions of full seats, counted at the opening, at the vote, by
participation or by approval."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import Comparison, SpecInvalid
from collegium.rules.questions.quorum import Counted, QuorumRule, check_quorum, parse_quorum


def test_the_central_committee_example():
    result = check_quorum(parse_quorum("more-than-half"), full_seats=133, present_at_vote=61)
    assert (result.count, result.needed, result.reached) == (61, 67, False)
    assert result.sentence() == "quorum not reached: 61 of 133 full members present, 67 needed"


@pytest.mark.parametrize(
    ("spec", "figures", "sentence"),
    [
        (
            "at-least:1/3:opening",
            {"present_at_opening": 45},
            "quorum reached: 45 of 133 full members present at the opening, 45 needed",
        ),
        (
            "50:voting",
            {"voting": 49},
            "quorum not reached: 49 of 133 full members voted, 50 needed",
        ),
        (
            "at-least:1/4:yes",
            {"yes": 34},
            "approval quorum reached: 34 yes of 133 full members, 34 needed",
        ),
        (
            "two-thirds",
            {"present_at_vote": 88},
            "quorum not reached: 88 of 133 full members present, 89 needed",
        ),
    ],
)
def test_each_kind_of_count(spec, figures, sentence):
    result = check_quorum(parse_quorum(spec), full_seats=133, **figures)
    assert result.sentence() == sentence


def test_only_the_counted_figure_matters():
    rule = parse_quorum("more-than-half:opening")
    # Many left before the vote; the quorum counted at the opening still holds.
    result = check_quorum(rule, full_seats=10, present_at_opening=6, present_at_vote=2)
    assert result.reached


def test_singular_full_member():
    result = check_quorum(parse_quorum("1"), full_seats=1, present_at_vote=0)
    assert result.sentence() == "quorum not reached: 0 of 1 full member present, 1 needed"


def test_thousands_separators():
    result = check_quorum(parse_quorum("more-than-half"), full_seats=1349, present_at_vote=1000)
    assert result.sentence() == "quorum reached: 1,000 of 1,349 full members present, 675 needed"


@pytest.mark.parametrize(
    ("spec", "doc"),
    [
        ("more-than-half", {"counted": "vote", "comparison": "more-than", "fraction": "1/2"}),
        (
            "at-least:1/3:opening",
            {"counted": "opening", "comparison": "at-least", "fraction": "1/3"},
        ),
        ("50:voting", {"counted": "voting", "number": 50}),
        ("at-least:1/4:yes", {"counted": "yes", "comparison": "at-least", "fraction": "1/4"}),
    ],
)
def test_string_and_dict_forms_round_trip(spec, doc):
    rule = parse_quorum(spec)
    assert rule.to_document() == doc
    assert parse_quorum(doc) == rule
    assert rule.spec() == spec
    assert parse_quorum(rule.spec()) == rule


def test_descriptions():
    assert parse_quorum("more-than-half").describe() == (
        "more than half of the full members present at the vote"
    )
    assert (
        parse_quorum("50:opening").describe() == "at least 50 full members present at the opening"
    )
    assert parse_quorum("at-least:1/4:yes").describe() == (
        "at least 1/4 of the full members voting yes (an approval quorum)"
    )


@pytest.mark.parametrize(
    ("doc", "problems"),
    [
        ({"fraction": "3/2"}, [("fraction", "3/2 is more than 1")]),
        ({"number": 0}, [("number", "0 is below 1")]),
        ({"number": True}, [("number", "must be a whole number, not True")]),
        ({"number": 5, "fraction": "1/2"}, [("", "give either 'number' or 'fraction'")]),
        (
            {"number": 5, "comparison": "more-than"},
            [("comparison", "applies only to a fraction; a number means at least")],
        ),
        (
            {"counted": "lunch", "comparison": "about", "fraction": "1/2", "extra": 1},
            [
                ("extra", "unknown key"),
                ("counted", "unknown 'lunch'; known: opening, vote, voting, yes"),
                ("comparison", "unknown 'about'; known: more-than, at-least"),
            ],
        ),
    ],
)
def test_bad_documents_name_every_field(doc, problems):
    with pytest.raises(SpecInvalid) as error:
        parse_quorum(doc)
    assert list(error.value.problems) == problems


@pytest.mark.parametrize("spec", ["half", "more-than:1/2:1/3", "at-least:5/4", "0", 7])
def test_bad_strings_are_refused(spec):
    with pytest.raises(SpecInvalid):
        parse_quorum(spec)


def test_missing_or_impossible_figures_are_refused():
    rule = parse_quorum("more-than-half:opening")
    with pytest.raises(RuleError, match="not recorded"):
        check_quorum(rule, full_seats=10, present_at_vote=6)
    with pytest.raises(RuleError, match="only 10 full seats"):
        check_quorum(rule, full_seats=10, present_at_opening=11)
    with pytest.raises(RuleError, match="either a number or a fraction"):
        QuorumRule(Counted.VOTE)


@given(
    st.integers(min_value=0, max_value=5000),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(list(Comparison)),
    st.data(),
)
def test_needed_is_the_smallest_count_over_the_fraction(seats, p, q, comparison, data):
    share = Fraction(p, q)
    if share > 1:
        return
    rule = QuorumRule(Counted.VOTE, share=share, comparison=comparison)
    present = data.draw(st.integers(min_value=0, max_value=seats))
    result = check_quorum(rule, full_seats=seats, present_at_vote=present)

    def holds(count: int) -> bool:
        bound = share * seats
        return bool(count > bound if comparison is Comparison.MORE_THAN else count >= bound)

    assert result.reached == (holds(present) and present >= 1)
    assert holds(result.needed)
    assert result.needed == 1 or not holds(result.needed - 1)
