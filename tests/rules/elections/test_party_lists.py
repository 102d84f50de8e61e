"""D'Hondt and Sainte-Laguë: the worked example, thresholds, ties, and divisor-method laws."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.elections.party_lists import d_hondt, sainte_lague
from collegium.rules.errors import RuleError
from tests.datafiles import STV_DATA

EXAMPLE = STV_DATA / "examples" / "dhondt-vs-sainte-lague"


@pytest.fixture
def example() -> tuple[dict[str, int], int, dict[str, object]]:
    data = json.loads((EXAMPLE / "votes.json").read_text())
    expected = json.loads((EXAMPLE / "expected.json").read_text())
    return data["votes"], data["seats"], expected


def test_d_hondt_worked_example(example) -> None:
    votes, seats, expected = example
    allocation = d_hondt(votes, seats)
    assert allocation.seats == expected["d_hondt"]
    assert [a.party for a in allocation.awards] == expected["d_hondt_seat_order"]
    assert allocation.awards[0].quotient == 100_000
    assert allocation.awards[7].quotient == 25_000  # A's fourth seat: 100,000 / 4
    assert not allocation.lots
    assert "A 4, B 3, C 1, D 0" in allocation.explanation


def test_sainte_lague_worked_example_with_its_exact_tie(example) -> None:
    votes, seats, expected = example
    allocation = sainte_lague(votes, seats)
    assert allocation.seats == expected["sainte_lague"]
    order = [a.party for a in allocation.awards]
    for party, wanted in zip(order, expected["sainte_lague_seat_order"], strict=True):
        assert party in wanted.split("|")
    sixth, seventh = allocation.awards[5:7]
    # A 100,000 / 5 and D 20,000 / 1 tie at 20,000; two seats remain, so no lot is needed.
    assert sixth.quotient == seventh.quotient == 20_000
    assert sixth.tied_with == ("D",) and seventh.tied_with == ("A",)
    assert not allocation.lots
    assert json.dumps(allocation.to_json())


def test_threshold_shuts_out_small_lists_at_or_above_the_share() -> None:
    votes = {"A": 5_000, "B": 4_000, "C": 500, "D": 499}  # total 9,999; 5% is 499.95
    allocation = sainte_lague(votes, 10, threshold=Fraction(5, 100))
    assert allocation.below_threshold == ("D",)
    assert allocation.seats["D"] == 0
    assert allocation.seats["C"] == 1
    at_the_line = d_hondt({"A": 95, "B": 5}, 20, threshold=Fraction(1, 20))
    assert at_the_line.below_threshold == ()  # 5 of 100 is exactly 5%: enough
    assert at_the_line.seats == {"A": 19, "B": 1}


def test_tie_for_the_last_seat_is_drawn_by_lot() -> None:
    votes = {"A": 300, "B": 300, "C": 100}
    chosen = set()
    for seed in ("north", "south", "east", "west", "centre", "coast"):
        allocation = d_hondt(votes, 3, seed=seed)
        draw = allocation.lots[0]
        assert draw.tied == ("A", "B")
        assert allocation.seats[draw.chosen] == 2
        assert d_hondt(votes, 3, seed=seed) == allocation
        chosen.add(draw.chosen)
    assert chosen == {"A", "B"}


def test_refusals_name_the_problem() -> None:
    with pytest.raises(RuleError, match="at least 1 seat"):
        d_hondt({"A": 1}, 0)
    with pytest.raises(RuleError, match="negative"):
        d_hondt({"A": -1}, 1)
    with pytest.raises(RuleError, match="threshold"):
        d_hondt({"A": 1}, 1, threshold=Fraction(3, 2))
    with pytest.raises(RuleError, match="no list"):
        sainte_lague({"A": 0, "B": 0}, 3)


party_votes = st.dictionaries(
    st.sampled_from("ABCDEFG"), st.integers(1, 100_000), min_size=1, max_size=7
)


@settings(max_examples=80, deadline=None)
@given(votes=party_votes, seats=st.integers(1, 40))
def test_d_hondt_gives_every_list_its_lower_quota(votes: dict[str, int], seats: int) -> None:
    total = sum(votes.values())
    allocation = d_hondt(votes, seats)
    for party, count in allocation.seats.items():
        assert count >= seats * votes[party] // total


@pytest.mark.parametrize("count", [d_hondt, sainte_lague])
@settings(max_examples=60, deadline=None)
@given(votes=party_votes, seats=st.integers(1, 30))
def test_one_more_seat_takes_nothing_from_anyone(count, votes: dict[str, int], seats: int) -> None:
    smaller, larger = count(votes, seats), count(votes, seats + 1)
    if smaller.lots or larger.lots:
        return  # a lot may hand the tied seat to a different list in each count
    assert all(larger.seats[p] >= smaller.seats[p] for p in votes)
    assert sum(larger.seats.values()) == seats + 1
    # Seats go to ever lower (or equal) quotients: no higher quotient was passed over.
    quotients = [award.quotient for award in larger.awards]
    assert quotients == sorted(quotients, reverse=True)
