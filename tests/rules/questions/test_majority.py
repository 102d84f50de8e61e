"""Majority rules: specs, bases, thresholds, weights, and integer arithmetic against Fraction."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import (
    Comparison,
    MajorityRule,
    Part,
    SpecInvalid,
    evaluate,
    evaluate_part,
    parse_fraction,
    parse_majority,
)
from collegium.rules.questions.tally import Base, Measure, Tally, Weights, count_ballots

TALLY = Tally(yes=60, no=30, abstain=10, invalid=5, present=120, entitled=133)


@pytest.mark.parametrize(
    ("base", "size"),
    [
        (Base.YES_NO, 90),
        (Base.VALID, 100),
        (Base.CAST, 105),
        (Base.PRESENT, 120),
        (Base.ENTITLED, 133),
    ],
)
def test_each_base_counts_its_figures(base, size):
    assert TALLY.base(base, Measure.HEADS) == size


@pytest.mark.parametrize(
    ("spec", "base", "needed"),
    [
        ("simple", Base.YES_NO, 46),  # more than 45
        ("more-than-half:valid", Base.VALID, 51),
        ("two-thirds:cast", Base.CAST, 70),  # 2/3 of 105 = 70 exactly, at least
        ("three-quarters:present", Base.PRESENT, 90),
        ("absolute", Base.ENTITLED, 67),
        ("at-least:3/5:valid", Base.VALID, 60),
        ("more-than:3/5:valid", Base.VALID, 61),
        ("more-than:2/3:cast", Base.CAST, 71),
    ],
)
def test_needed_for_each_threshold(spec, base, needed):
    (result,) = evaluate(parse_majority(spec), TALLY)
    assert result.part.base is base
    assert result.needed == needed
    assert result.met is (TALLY.yes >= needed)


def test_exactly_two_thirds_meets_at_least_but_not_more_than():
    tally = Tally(yes=802, no=401)
    at_least = evaluate_part(parse_majority("two-thirds:valid").parts[0], tally)
    more_than = evaluate_part(parse_majority("more-than:2/3:valid").parts[0], tally)
    assert (at_least.met, at_least.tied) == (True, False)
    assert (more_than.met, more_than.tied) == (False, True)
    assert more_than.needed == 803


def test_simple_majority_tie_is_yes_equal_no():
    result = evaluate_part(parse_majority("simple").parts[0], Tally(yes=50, no=50, abstain=7))
    assert not result.met
    assert result.tied
    assert result.needed == 51


def test_zero_base_never_adopts():
    # Everyone abstains under a yes-no base; nobody votes under the others.
    for spec, abstain in (("simple", 5), ("two-thirds:valid", 0), ("at-least:1/10:cast", 0)):
        (result,) = evaluate(parse_majority(spec), Tally(yes=0, no=0, abstain=abstain))
        assert result.base_size == 0
        assert result.needed == 1
        assert not result.met
        assert not result.tied


def test_all_abstain_with_valid_base_fails():
    (result,) = evaluate(parse_majority("more-than-half:valid"), Tally(0, 0, 9))
    assert (result.base_size, result.needed, result.met) == (9, 5, False)


@pytest.mark.parametrize(
    ("spec", "canonical"),
    [
        ("simple", "simple"),
        ("more-than-half", "simple"),
        ("more-than-half:entitled", "absolute"),
        ("more-than:1/2:valid", "more-than-half:valid"),
        ("at-least:2/3:cast", "two-thirds:cast"),
        ("at-least:6/8", "three-quarters:yes-no"),
        ("at-least:3/5:present", "at-least:3/5:present"),
        ("absolute:weight", "absolute:weight"),
        ("two-thirds:cast+absolute", "two-thirds:cast+absolute"),
    ],
)
def test_spec_strings_parse_to_canonical_form(spec, canonical):
    rule = parse_majority(spec)
    assert rule.spec() == canonical
    assert parse_majority(rule.spec()) == rule
    assert parse_majority(rule.to_dict()) == rule
    assert parse_majority(rule.to_document()) == rule


def test_compound_rule_from_a_list_and_dict_form():
    rule = parse_majority(["two-thirds:cast", "absolute"])
    assert rule.to_dict() == {
        "parts": [
            {"comparison": "at-least", "fraction": "2/3", "base": "cast", "measure": "heads"},
            {"comparison": "more-than", "fraction": "1/2", "base": "entitled", "measure": "heads"},
        ]
    }
    assert rule.to_document() == ["two-thirds:cast", "absolute"]
    assert rule.describe() == (
        "two-thirds of the votes cast (abstentions and invalid ballots counted) "
        "and more than half of all full members"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("often", "unknown majority 'often'"),
        ("at-least", "needs a fraction"),
        ("at-least:3/2", "3/2 is more than 1"),
        ("at-least:0/3", "0/3 is not more than 0"),
        ("more-than:1/0", "divides by zero"),
        ("more-than:1", "more than all of the base can never be reached"),
        ("two-thirds:members", "unknown base 'members'"),
        ("absolute:present", "'absolute' has a fixed base"),
        ("two-thirds:cast:valid", "too many parts"),
    ],
)
def test_bad_specs_are_refused_with_a_reason(spec, message):
    with pytest.raises(SpecInvalid, match=message):
        parse_majority(spec)


def test_one_part_dict_with_defaults():
    assert parse_majority({"fraction": "1/2"}) == parse_majority("simple")
    assert parse_majority({"fraction": "2/3", "comparison": "at-least", "base": "cast"}) == (
        parse_majority("two-thirds:cast")
    )
    with pytest.raises(SpecInvalid, match="unknown key 'weight'"):
        parse_majority({"fraction": "1/2", "weight": True})
    with pytest.raises(SpecInvalid, match="parts: must be a list of parts"):
        parse_majority({"parts": "simple"})
    with pytest.raises(SpecInvalid, match="must be a name"):
        parse_majority(2)


def test_every_bad_part_of_a_list_is_named():
    with pytest.raises(SpecInvalid) as error:
        parse_majority(["simple", "bogus", {"fraction": "2/3", "base": "x"}])
    assert [path for path, _ in error.value.problems] == ["[1]", "[2]"]


def test_fraction_parser_refuses_decimals_and_non_text():
    for bad in ("0.5", 0.5, "a/b", "1/", ""):
        with pytest.raises(ValueError, match="fraction"):
            parse_fraction(bad)
    assert parse_fraction("1") == 1
    with pytest.raises(ValueError, match="below 1"):
        parse_fraction("1", allow_one=False)


def test_weighted_needed_is_exact_at_the_tally_s_decimal_places():
    tally = Tally(3, 2, weights=Weights(Decimal("50.25"), Decimal("50.25")))
    (result,) = evaluate(parse_majority("simple:weight"), tally)
    assert result.needed == Decimal("50.26")
    assert result.tied
    assert not result.met
    tally = Tally(3, 2, 1, weights=Weights(Decimal("50.25"), Decimal("40"), Decimal("10.1")))
    (result,) = evaluate(parse_majority("at-least:3/5:valid:weight"), tally)
    assert result.base_size == Decimal("100.35")
    assert result.needed == Decimal("60.21")  # 3/5 of 100.35 exactly


def test_weight_majority_and_head_count_must_both_hold():
    # Two big shareholders outweigh three small ones: weight yes, heads no.
    tally = count_ballots(
        ["yes", "yes", "no", "no", "no"],
        [Decimal("40.5"), Decimal("30"), Decimal("10"), Decimal("10"), Decimal("9.5")],
    )
    weight, heads = evaluate(parse_majority(["simple:weight", "simple"]), tally)
    assert (weight.yes, weight.no, weight.met) == (Decimal("70.5"), Decimal("29.5"), True)
    assert (heads.yes, heads.no, heads.met) == (2, 3, False)


def test_weight_rule_on_an_unweighted_vote_is_refused():
    with pytest.raises(RuleError, match="weights"):
        evaluate(parse_majority("simple:weight"), Tally(1, 0))


def test_present_base_needs_the_number_present():
    with pytest.raises(RuleError, match="present"):
        evaluate(parse_majority("more-than-half:present"), Tally(1, 0))


def test_count_ballots_counts_heads_and_weights():
    tally = count_ballots(
        ["yes", "no", "abstain", "invalid", "yes"],
        [Decimal("1.5"), Decimal(2), Decimal(1), Decimal(1), Decimal("0.25")],
        present=7,
        entitled=9,
    )
    assert (tally.yes, tally.no, tally.abstain, tally.invalid) == (2, 1, 1, 1)
    assert (tally.valid, tally.cast, tally.present, tally.entitled) == (4, 5, 7, 9)
    assert tally.weights == Weights(Decimal("1.75"), Decimal(2), Decimal(1), Decimal(1))


@pytest.mark.parametrize(
    ("choices", "weights", "message"),
    [
        (["yes", "maybe"], None, "ballot 2: unknown choice 'maybe'"),
        (["yes", "no"], [Decimal(1)], "fewer weights"),
        (["yes"], [Decimal(1), Decimal(1)], "more weights"),
    ],
)
def test_count_ballots_refuses_bad_input(choices, weights, message):
    with pytest.raises(RuleError, match=message):
        count_ballots(choices, weights)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"yes": -1, "no": 0}, "negative"),
        ({"yes": 5, "no": 5, "present": 9}, "only 9 present"),
        ({"yes": 5, "no": 5, "present": 12, "entitled": 11}, "11 full seats"),
        ({"yes": 1, "no": 0, "weights": Weights(1.5, Decimal(0))}, "exact decimals"),  # type: ignore[arg-type]
        ({"yes": 1, "no": 0, "weights": Weights(Decimal("NaN"), Decimal(0))}, "exact decimals"),
    ],
)
def test_impossible_tallies_are_refused(kwargs, message):
    with pytest.raises(RuleError, match=message):
        Tally(**kwargs)


# Properties: the integer arithmetic against exact fractions.

shares = st.builds(
    Fraction, st.integers(min_value=1, max_value=20), st.integers(min_value=1, max_value=20)
).filter(lambda share: share <= 1)
comparisons = st.sampled_from(list(Comparison))
bases = st.sampled_from(list(Base))


def _part(share: Fraction, comparison: Comparison, base: Base) -> Part:
    if share == 1:
        comparison = Comparison.AT_LEAST
    return Part(share, comparison, base)


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    yes, no, abstain, invalid, absent, vacant = (
        draw(st.integers(min_value=0, max_value=2000)) for _ in range(6)
    )
    cast = yes + no + abstain + invalid
    return Tally(yes, no, abstain, invalid, cast + absent, cast + absent + vacant)


def _holds(yes: Fraction, part: Part, base: Fraction) -> bool:
    if base == 0:
        return False
    if part.comparison is Comparison.MORE_THAN:
        return yes / base > part.share
    return yes / base >= part.share


@given(tallies(), shares, comparisons, bases)
def test_integer_decision_agrees_with_fraction_arithmetic(tally, share, comparison, base):
    part = _part(share, comparison, base)
    result = evaluate_part(part, tally)
    assert result.met == _holds(Fraction(tally.yes), part, Fraction(result.base_size))
    assert result.met == (tally.yes >= result.needed)


@given(tallies(), shares, comparisons, bases)
def test_needed_is_the_smallest_count_that_would_hold(tally, share, comparison, base):
    part = _part(share, comparison, base)
    result = evaluate_part(part, tally)
    size = Fraction(result.base_size)
    assert isinstance(result.needed, int)
    if size:
        assert _holds(Fraction(result.needed), part, size)
        assert result.needed == 1 or not _holds(Fraction(result.needed - 1), part, size)
        bound = share * size
        expected = (
            math.floor(bound) + 1 if part.comparison is Comparison.MORE_THAN else math.ceil(bound)
        )
        assert result.needed == max(expected, 1)


@given(tallies(), shares, comparisons, bases, st.booleans())
def test_more_yes_never_turns_adoption_into_rejection(tally, share, comparison, base, from_no):
    # One voter moving to yes (from no, or from abstaining) keeps a met rule met.
    part = _part(share, comparison, base)
    if (tally.no if from_no else tally.abstain) == 0:
        return
    more_yes = Tally(
        tally.yes + 1,
        tally.no - from_no,
        tally.abstain - (not from_no),
        tally.invalid,
        tally.present,
        tally.entitled,
    )
    before, after = evaluate_part(part, tally), evaluate_part(part, more_yes)
    assert after.met or not before.met


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["yes", "no", "abstain"]),
            st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False),
        ),
        max_size=40,
    ),
    shares,
    comparisons,
)
def test_weighted_decision_agrees_with_fraction_arithmetic(ballots, share, comparison):
    tally = count_ballots([c for c, _ in ballots], [w for _, w in ballots])
    part = Part(
        share, Comparison.AT_LEAST if share == 1 else comparison, Base.VALID, Measure.WEIGHT
    )
    result = evaluate_part(part, tally)
    assert tally.weights is not None
    yes = Fraction(tally.weights.yes)
    size = Fraction(tally.weights.yes + tally.weights.no + tally.weights.abstain)
    assert result.met == _holds(yes, part, size)
    assert result.met == (tally.weights.yes >= result.needed)
    assert isinstance(result.needed, Decimal)
    if size:
        assert _holds(Fraction(result.needed), part, size)


def test_rule_needs_a_part():
    with pytest.raises(RuleError, match="at least one part"):
        MajorityRule(())


def test_weights_with_more_digits_than_the_decimal_context_stay_exact():
    # 30 significant digits: ordinary Decimal arithmetic (28 digits) would call this a tie.
    yes = Decimal("12345678901234567890.1234567891")
    no = Decimal("12345678901234567890.1234567890")
    tally = count_ballots(["yes", "no"], [yes, no])
    (result,) = evaluate(parse_majority("simple:weight"), tally)
    assert result.base_size == Decimal("24691357802469135780.2469135781")
    assert result.met
    assert not result.tied
    assert result.needed == yes  # more than half of the base, to the tenth decimal place
