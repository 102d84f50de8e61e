"""Scottish STV (SSI 2007/42 rules 45–52) on hand-worked counts and by its properties."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.ballot_files.formats import read_ballots
from collegium.rules.elections.methods import ranked_method
from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.stv.scottish import count
from collegium.rules.errors import RuleError
from tests.datafiles import STV_DATA
from tests.rules.strategies import stv_elections

FOOD = STV_DATA / "examples" / "wikipedia-stv-food"
D = Decimal


def test_the_food_example_as_published() -> None:
    expected = json.loads((FOOD / "expected.json").read_text())
    result = count(read_ballots(FOOD / "ballots.blt"), seats=3)
    assert list(result.elected) == expected["order_of_election"]
    assert result.quota == expected["quota"]
    first, surplus, pear, hamburger = result.rounds
    assert first.elected == ("Chocolate",)
    assert surplus.action == "surplus of Chocolate"
    assert surplus.votes["Strawberry"] == 5 and surplus.votes["Hamburger"] == 3
    assert surplus.transfers == {"Chocolate": -6, "Strawberry": 4, "Hamburger": 2}
    assert pear.excluded == ("Pear",) and pear.elected == ("Orange",)
    assert hamburger.excluded == ("Hamburger",) and hamburger.elected == ("Strawberry",)
    assert hamburger.exhausted == 3  # Hamburger's papers had no further preference
    assert "rule 52" in hamburger.note
    assert ranked_method("scottish-stv") is count


def later_surplus() -> RankedBallots:
    return RankedBallots.from_lists(
        "ABCD",
        [(10, "ABC"), (5, "BC"), (4, "C"), (1, "D")],
        seats=3,
    )


def test_later_surplus_uses_each_papers_value_when_received_truncated() -> None:
    # Quota 20 // 4 + 1 = 6. A's surplus 4 of 10 passes at 0.4 and elects B with 9.
    # B's surplus 3 of 9: B's own papers go at 3 × 1 / 9 = 0.33333, the papers B received
    # from A at 3 × 0.4 / 9 = 0.13333 (each truncated to five places):
    # C gains 5 × 0.33333 + 10 × 0.13333 = 2.99995, and 0.00005 is lost to truncation.
    result = count(later_surplus(), seats=3)
    assert result.quota == 6
    assert result.elected == ("A", "B", "C")
    stage = result.rounds[2]
    assert stage.action == "surplus of B"
    assert stage.transfers == {"B": D("-3"), "C": D("2.99995")}
    assert stage.votes["C"] == D("6.99995")
    assert stage.loss == D("0.00005")
    assert stage.elected == ("C",)


def test_exclusion_tie_looks_back_to_the_last_stage_that_differed() -> None:
    # Quota 6. A elected (8), A's surplus gives B 2 (B 5), D excluded gives C 1 (C 5).
    # B and C tie at 5; at stage 2 B had 5 and C 4, so C is excluded and B takes the seat.
    ballots = RankedBallots.from_lists("ABCD", [(8, "AB"), (3, "B"), (4, "C"), (1, "DC")], seats=2)
    result = count(ballots, seats=2, seed="any")
    assert result.elected == ("A", "B")
    assert [r.excluded for r in result.rounds if r.excluded] == [("D",), ("C",)]
    assert result.lots == ()


def test_tie_at_every_stage_is_decided_by_the_recorded_lot() -> None:
    ballots = RankedBallots.from_lists("XY", [["X"], ["Y"]], seats=1)
    chosen = set()
    for seed in ("a", "b", "c", "d", "e", "f"):
        result = count(ballots, seats=1, seed=seed)
        assert len(result.lots) == 1 and result.lots[0].tied == ("X", "Y")
        excluded = result.rounds[1].excluded[0]
        assert excluded == result.lots[0].chosen
        assert result.elected == tuple(n for n in "XY" if n != excluded)
        assert count(ballots, seats=1, seed=seed) == result  # the seed reproduces the count
        chosen.add(excluded)
    assert chosen == {"X", "Y"}


def test_largest_surplus_goes_first_and_equal_votes_elect_in_order() -> None:
    ballots = RankedBallots.from_lists(
        "ABCDE", [(9, "BC"), (12, "AD"), (3, "C"), (2, "D"), (4, "E")], seats=3
    )
    result = count(ballots, seats=3)
    # Quota 30 // 4 + 1 = 8: A (12) and B (9) elected at stage 1, A first.
    assert result.rounds[0].elected == ("A", "B")
    assert result.rounds[1].action == "surplus of A"
    assert result.rounds[2].action == "surplus of B"


def test_withdrawn_candidates_are_skipped() -> None:
    ballots = RankedBallots.from_lists(
        "ABC", [(5, "BA"), (3, "C"), (2, "A")], seats=1, withdrawn=["B"]
    )
    result = count(ballots, seats=1)
    assert result.elected == ("A",)
    assert "B" not in result.rounds[0].votes
    assert result.rounds[0].votes["A"] == 7


def test_blank_ballots_do_not_count_towards_the_quota() -> None:
    ballots = RankedBallots.from_lists("AB", [(4, ""), (3, "A"), (2, "B")], seats=1)
    assert count(ballots, seats=1).quota == 5 // 2 + 1


def test_fewer_candidates_than_seats_elects_them_all() -> None:
    ballots = RankedBallots.from_lists("AB", [(3, "A"), (1, "B")], seats=3)
    result = count(ballots, seats=3)
    assert result.elected == ("A", "B")
    assert len(result.rounds) == 1


def test_refuses_no_seats() -> None:
    with pytest.raises(RuleError, match="at least one seat"):
        count(later_surplus(), seats=0)
    with pytest.raises(RuleError, match="negative"):
        count(later_surplus(), seats=1, alternates=-1)


def test_alternates_continue_the_count_with_the_full_members_elected() -> None:
    result = count(read_ballots(FOOD / "ballots.blt"), seats=3, alternates=1)
    assert result.elected == ("Chocolate", "Orange", "Strawberry")
    assert result.alternates == ("Hamburger",)
    second = [r for r in result.rounds if r.action.startswith("alternates:")]
    # Quota for four places: 20 // 5 + 1 = 5. Chocolate's surplus 7 of 12 goes at 0.58333;
    # the papers for Strawberry (already elected) are exhausted, Hamburger gains 4 × 0.58333.
    assert second[0].elected == ("Chocolate", "Orange", "Strawberry")
    assert second[1].votes["Hamburger"] == D("3.33332")
    assert second[-1].elected == ("Hamburger",)
    assert [r.number for r in result.rounds] == list(range(1, len(result.rounds) + 1))


# -- properties --------------------------------------------------------------------------


def elections() -> st.SearchStrategy[tuple[RankedBallots, int]]:
    return stv_elections(max_candidates=7, max_rows=25)


PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(elections())
def test_a_quota_of_first_preferences_elects(case) -> None:
    ballots, seats = case
    result = count(ballots, seats=seats)
    firsts = np.bincount(ballots.rankings[:, 0], weights=ballots.weights, minlength=99)
    quota = ballots.ballot_count // (seats + 1) + 1
    assert result.quota == quota
    for c, name in enumerate(ballots.candidates):
        if firsts[c] >= quota:
            assert name in result.elected
            assert name in result.rounds[0].elected


@PROPERTY
@given(elections())
def test_grouped_rows_elect_the_same(case) -> None:
    # Row order: tests/rules/elections/stv/test_common.py.
    ballots, seats = case
    assert count(ballots.grouped(), seats=seats, seed="s").elected == (
        count(ballots, seats=seats, seed="s").elected
    )


@PROPERTY
@given(elections())
def test_votes_exhausted_and_loss_add_up_to_the_valid_ballots(case) -> None:
    ballots, seats = case
    result = count(ballots, seats=seats, alternates=2)
    for r in result.rounds:
        assert sum(r.votes.values()) + r.exhausted + r.loss == ballots.ballot_count
        assert r.loss >= 0 and r.exhausted >= 0
        # Each stage's transfers balance, apart from what is exhausted or lost in it.
        assert all(v == v.quantize(D("0.00001")) for v in r.votes.values())


@PROPERTY
@given(elections(), st.integers(1, 3))
def test_alternates_are_other_candidates_and_do_not_change_the_seats(case, alternates) -> None:
    ballots, seats = case
    plain = count(ballots, seats=seats, seed="x")
    result = count(ballots, seats=seats, alternates=alternates, seed="x")
    assert result.elected == plain.elected
    assert not set(result.alternates) & set(result.elected)
    assert len(result.alternates) == min(alternates, len(ballots.candidates) - len(plain.elected))
