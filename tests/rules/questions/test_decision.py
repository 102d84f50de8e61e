"""Deciding questions: quorum, majority, ties, and the sentence that explains the decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.questions.decision import CastingVoteRequired, Outcome, TieRule, decide
from collegium.rules.questions.majority import parse_majority
from collegium.rules.questions.quorum import parse_quorum
from collegium.rules.questions.tally import Tally, Weights, count_ballots
from collegium.rules.ties import Lot


def sentence(tally: Tally, rule: str | list[str], **kwargs: object) -> str:
    return decide(tally, parse_majority(rule), **kwargs).sentence  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tally", "rule", "expected"),
    [
        (
            Tally(801, 300, 102),
            "two-thirds:valid",
            "Not adopted: 801 yes of 1,203 valid votes; two-thirds needed 802.",
        ),
        (
            Tally(802, 300, 101),
            "two-thirds:valid",
            "Adopted: 802 yes of 1,203 valid votes; two-thirds needed 802.",
        ),
        (
            Tally(700, 300),
            "simple",
            "Adopted: 700 yes, 300 no (yes+no base 1,000); more than half needed 501.",
        ),
        (
            Tally(1, 0),
            "two-thirds:valid",
            "Adopted: 1 yes of 1 valid vote; two-thirds needed 1.",
        ),
        (
            Tally(1, 0, 0, 2),
            "more-than-half:cast",
            "Not adopted: 1 yes of 3 votes cast; more than half needed 2.",
        ),
        (
            Tally(1, 0, present=1, entitled=3),
            "three-quarters:present",
            "Adopted: 1 yes of 1 member present; three-quarters needed 1.",
        ),
        (
            Tally(70, 10, present=90, entitled=133),
            "absolute",
            "Adopted: 70 yes of 133 full members; more than half needed 67.",
        ),
        (
            Tally(6, 4),
            "at-least:3/5:valid",
            "Adopted: 6 yes of 10 valid votes; at least 3/5 needed 6.",
        ),
        (
            Tally(6, 4),
            "more-than:3/5:valid",
            "Not adopted: 6 yes of 10 valid votes; more than 3/5 needed 7; tied, and a tie fails.",
        ),
        (
            Tally(0, 0, 12),
            "simple",
            "Not adopted: 0 yes, 0 no (yes+no base 0); "
            "the base is zero, so more than half cannot be reached.",
        ),
        (
            Tally(0, 0),
            "two-thirds:valid",
            "Not adopted: 0 yes of 0 valid votes; "
            "the base is zero, so two-thirds cannot be reached.",
        ),
    ],
)
def test_sentences(tally, rule, expected):
    assert sentence(tally, rule) == expected


def test_compound_rule_lists_every_part_and_whether_it_held():
    tally = Tally(700, 300, entitled=1500)
    assert sentence(tally, "two-thirds:cast+absolute") == (
        "Not adopted: 700 yes of 1,000 votes cast, two-thirds needed 667 (met); "
        "and 700 yes of 1,500 full members, more than half needed 751 (not met)."
    )
    tally = Tally(700, 300, entitled=1300)
    decision = decide(tally, parse_majority(["two-thirds:cast", "absolute"]))
    assert decision.adopted
    assert [part.needed for part in decision.parts] == [667, 651]


def test_weight_and_heads_compound():
    tally = count_ballots(
        ["yes", "yes", "no", "no", "no"],
        [Decimal("40.5"), Decimal("30"), Decimal("10"), Decimal("10"), Decimal("9.5")],
    )
    decision = decide(tally, parse_majority(["simple:weight", "simple"]))
    assert decision.outcome is Outcome.NOT_ADOPTED
    assert decision.sentence == (
        "Not adopted: 70.5 yes, 29.5 no by weight (yes+no base 100), "
        "more than half needed 50.1 (met); "
        "and 2 yes, 3 no (yes+no base 5), more than half needed 3 (not met)."
    )


def test_weighted_sentence_states_the_needed_weight_exactly():
    tally = Tally(2, 2, 1, weights=Weights(Decimal("1234.5"), Decimal("0.25"), Decimal("1")))
    assert sentence(tally, "two-thirds:valid:weight") == (
        "Adopted: 1,234.5 yes by weight of 1,235.75 valid weight; two-thirds needed 823.84."
    )


def test_quorum_failure_leaves_the_question_undecided():
    tally = Tally(60, 1, present=61, entitled=133)
    decision = decide(tally, parse_majority("simple"), quorum=parse_quorum("more-than-half"))
    assert decision.outcome is Outcome.NOT_DECIDED
    assert not decision.adopted
    assert decision.parts == ()
    assert decision.sentence == (
        "Not decided: quorum not reached: 61 of 133 full members present, 67 needed."
    )
    assert decision.to_json()["quorum"] == {
        "rule": "more-than-half",
        "counted": "vote",
        "count": 61,
        "full_seats": 133,
        "needed": 67,
        "reached": False,
        "sentence": "quorum not reached: 61 of 133 full members present, 67 needed",
    }


def test_quorum_at_the_opening_is_taken_from_the_sitting():
    tally = Tally(40, 10, present=50, entitled=133)
    quorum = parse_quorum("more-than-half:opening")
    decision = decide(tally, parse_majority("simple"), quorum=quorum, present_at_opening=70)
    assert decision.adopted
    with pytest.raises(RuleError, match="not recorded"):
        decide(tally, parse_majority("simple"), quorum=quorum)


def test_participation_quorum_counts_ballots_cast():
    tally = Tally(30, 10, 5, 4, present=100, entitled=133)
    decision = decide(tally, parse_majority("simple"), quorum=parse_quorum("50:voting"))
    assert decision.sentence == (
        "Not decided: quorum not reached: 49 of 133 full members voted, 50 needed."
    )


def test_approval_quorum_failure_rejects():
    tally = Tally(20, 5, present=30, entitled=133)
    decision = decide(tally, parse_majority("simple"), quorum=parse_quorum("at-least:1/4:yes"))
    assert decision.outcome is Outcome.NOT_ADOPTED
    assert decision.sentence == (
        "Not adopted: 20 yes, 5 no (yes+no base 25); more than half needed 13, "
        "but approval quorum not reached: 20 yes of 133 full members, 34 needed."
    )


def test_a_quorum_needs_the_full_seats():
    with pytest.raises(RuleError, match="full seats"):
        decide(Tally(1, 0), parse_majority("simple"), quorum=parse_quorum("3"))


TIE = Tally(50, 50, 3)


def test_a_tie_fails_by_default():
    decision = decide(TIE, parse_majority("simple"))
    assert decision.tied
    assert decision.outcome is Outcome.NOT_ADOPTED
    assert decision.sentence == (
        "Not adopted: 50 yes, 50 no (yes+no base 100); more than half needed 51; "
        "tied, and a tie fails."
    )


def test_casting_vote_is_asked_for_and_then_decides():
    rule = parse_majority("simple")
    with pytest.raises(CastingVoteRequired, match="the chair's casting vote decides"):
        decide(TIE, rule, tie_rule=TieRule.CASTING_VOTE)
    yes = decide(TIE, rule, tie_rule=TieRule.CASTING_VOTE, casting_vote=True)
    no = decide(TIE, rule, tie_rule=TieRule.CASTING_VOTE, casting_vote=False)
    assert (yes.adopted, no.adopted) == (True, False)
    assert yes.casting_vote is True
    assert yes.sentence == (
        "Adopted: 50 yes, 50 no (yes+no base 100); more than half needed 51; "
        "tied, and the chair's casting vote was yes."
    )
    assert no.sentence.startswith("Not adopted:")
    assert no.sentence.endswith("tied, and the chair's casting vote was no.")


def test_casting_vote_is_ignored_when_there_is_no_tie():
    decision = decide(
        Tally(51, 49), parse_majority("simple"), tie_rule=TieRule.CASTING_VOTE, casting_vote=False
    )
    assert decision.adopted
    assert decision.casting_vote is None
    assert not decision.tied


def test_lot_is_reproducible_from_the_recorded_seed():
    rule = parse_majority("simple")
    outcomes = set()
    for seed in ("a", "b", "c", "d", "e", "f", "g", "h"):
        first = decide(TIE, rule, tie_rule=TieRule.LOT, seed=seed, subject="motion 7")
        again = decide(TIE, rule, tie_rule=TieRule.LOT, seed=seed, subject="motion 7")
        assert first == again
        assert first.lot is not None
        assert first.lot.tied == ("adopted", "not adopted")
        # Anyone holding the seed can re-draw it with the published Lot.
        redrawn = Lot(seed).draw(["adopted", "not adopted"], "tie on motion 7")
        assert first.adopted == (redrawn == "adopted")
        chosen = "adopted" if first.adopted else "not adopted"
        assert first.sentence.endswith(
            f"tied, and the lot drawn from seed {seed!r} chose {chosen}."
        )
        outcomes.add(first.adopted)
    assert outcomes == {True, False}  # the lot really draws both ways across seeds


def test_lot_needs_a_seed():
    with pytest.raises(RuleError, match="seed"):
        decide(TIE, parse_majority("simple"), tie_rule=TieRule.LOT)


def test_compound_tie_only_when_every_failing_part_is_tied():
    # Heads tied (2 v 2); weight clearly lost: no tie rule can adopt it.
    weights = Weights(Decimal(10), Decimal(30))
    tally = Tally(2, 2, weights=weights)
    decision = decide(
        tally,
        parse_majority(["simple", "simple:weight"]),
        tie_rule=TieRule.CASTING_VOTE,
        casting_vote=True,
    )
    assert not decision.tied
    assert not decision.adopted
    # Heads tied, weight met: the tie rule decides.
    tally = Tally(2, 2, weights=Weights(Decimal(30), Decimal(10)))
    decision = decide(
        tally,
        parse_majority(["simple", "simple:weight"]),
        tie_rule=TieRule.CASTING_VOTE,
        casting_vote=True,
    )
    assert decision.tied
    assert decision.adopted


def test_structured_numbers_for_pages():
    decision = decide(Tally(801, 300, 102), parse_majority("two-thirds:valid"))
    data = decision.to_json()
    assert data["outcome"] == "not-adopted"
    assert data["rule"] == "two-thirds:valid"
    assert data["parts"] == [
        {
            "rule": "two-thirds:valid",
            "label": "two-thirds",
            "base": "valid",
            "measure": "heads",
            "yes": "801",
            "no": "300",
            "base_size": "1203",
            "needed": "802",
            "met": False,
            "tied": False,
        }
    ]


@given(
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=3000),
    st.sampled_from(["simple", "more-than-half:valid", "two-thirds:valid", "at-least:3/5:cast"]),
)
def test_adopted_exactly_when_every_part_reaches_its_needed(yes, no, abstain, rule):
    decision = decide(Tally(yes, no, abstain), parse_majority(rule))
    assert decision.adopted == all(part.yes >= part.needed for part in decision.parts)
    assert decision.sentence.startswith("Adopted: " if decision.adopted else "Not adopted: ")
    assert f"{yes:,} yes" in decision.sentence


def test_weights_are_written_without_trailing_zeros_or_exponents():
    tally = Tally(1, 1, weights=Weights(Decimal("2.50"), Decimal("1E+3")))
    assert sentence(tally, "simple:weight") == (
        "Not adopted: 2.5 yes, 1,000 no by weight (yes+no base 1,002.5); "
        "more than half needed 501.3."
    )
