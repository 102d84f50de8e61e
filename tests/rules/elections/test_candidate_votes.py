"""Per-candidate elections: yes/no/abstain, approval, block, limited and cumulative votes."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.elections.candidate_votes import (
    approval,
    block_vote,
    cumulative_vote,
    limited_vote,
    yes_no_abstain,
)
from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import parse_majority
from collegium.rules.questions.tally import Tally


def test_yes_no_abstain_elects_by_the_rule_then_by_yes_votes() -> None:
    tallies = {
        "Andreyev": Tally(yes=60, no=30, abstain=10),
        "Bulganin": Tally(yes=80, no=15, abstain=5),
        "Chernov": Tally(yes=40, no=45, abstain=15),  # more no than yes: fails
        "Dmitriev": Tally(yes=55, no=20, abstain=25),
    }
    result = yes_no_abstain(tallies, seats=2, alternates=2)
    assert result.elected == ("Bulganin", "Andreyev")
    assert result.alternates == ("Dmitriev",)  # Chernov failed the rule: not an alternate
    assert "not met" in result.rounds[2].note
    assert "3 of 4 candidates met the rule" in result.explanation


def test_yes_no_abstain_with_a_stricter_rule() -> None:
    tallies = {"A": Tally(yes=59, no=31, abstain=10), "B": Tally(yes=50, no=20, abstain=30)}
    # More than half of the valid votes (abstentions count): A 59 of 100 yes, B only 50.
    valid = yes_no_abstain(tallies, seats=2, rule=parse_majority("more-than-half:valid"))
    assert valid.elected == ("A",)
    # Two-thirds of yes+no: B 50 of 70 reaches it, A 59 of 90 falls short (60 needed).
    two_thirds = yes_no_abstain(tallies, seats=2, rule=parse_majority("two-thirds"))
    assert two_thirds.elected == ("B",)
    assert "needs 60: not met" in two_thirds.rounds[0].note
    assert yes_no_abstain(tallies, seats=2, rule=parse_majority("three-quarters")).elected == ()


def test_yes_no_abstain_tie_for_the_last_seat_by_lot() -> None:
    tallies = {"A": Tally(yes=9, no=1), "B": Tally(yes=7, no=2), "C": Tally(yes=7, no=3)}
    result = yes_no_abstain(tallies, seats=2, seed="commission")
    assert result.elected[0] == "A"
    assert result.lots[0].tied == ("B", "C")
    assert result.elected[1] == result.lots[0].chosen
    assert yes_no_abstain(tallies, seats=2, seed="commission") == result


def test_approval_counts_marks_and_sets_aside_bad_ballots() -> None:
    count = approval(
        ["A", "B", "C"],
        [["A", "B"], ["A"], ["B", "C"], [], ["A", "A"], ["Z"]],
        seats=1,
        alternates=2,
    )
    assert count.votes == {"A": 2, "B": 2, "C": 1}
    assert (count.valid, count.blank) == (3, 1)
    assert [(b.number, b.reason) for b in count.invalid] == [
        (5, "marks A 2 times"),
        (6, "names an unknown candidate 'Z'"),
    ]
    assert count.result.lots[0].tied == ("A", "B")
    assert count.result.elected + count.result.alternates in (("A", "B", "C"), ("B", "A", "C"))


def test_block_vote_allows_one_mark_per_seat() -> None:
    count = block_vote(
        ["A", "B", "C", "D"],
        [["A", "B"], ["A", "C"], ["A", "B", "C"], ["B", "D"]],
        seats=2,
    )
    assert count.invalid[0].reason == "gives 3 marks; at most 2 allowed"
    assert count.votes == {"A": 2, "B": 2, "C": 1, "D": 1}
    assert count.result.elected == ("A", "B") and not count.result.lots


def test_limited_vote_gives_fewer_marks_than_seats() -> None:
    candidates = ["A", "B", "C", "D"]
    # Majority of 6 marks A, B; minority of 4 marks C: with 1 mark each... 2 marks for 3 seats.
    ballots = [["A", "B"]] * 6 + [["C"]] * 4
    count = limited_vote(candidates, ballots, seats=3, votes_per_ballot=2)
    assert count.result.elected == ("A", "B", "C")
    with pytest.raises(RuleError, match="fewer marks than seats"):
        limited_vote(candidates, ballots, seats=2, votes_per_ballot=2)


def test_cumulative_vote_allows_stacking_within_limits() -> None:
    candidates = ["A", "B", "C"]
    ballots = [
        {"A": 3},
        {"B": 2, "C": 1},
        {"C": 3},
        {"A": 2, "B": 2},  # 4 votes of 3
        {"B": 0},  # a candidate given no vote
        {},
    ]
    count = cumulative_vote(candidates, ballots, seats=2, votes_per_ballot=3)
    assert count.votes == {"A": 3, "B": 2, "C": 4}
    assert count.result.elected == ("C", "A")
    assert [b.reason for b in count.invalid] == [
        "gives 4 votes; at most 3 allowed",
        "gives B 0 votes; at least 1 is needed",
    ]
    assert count.blank == 1
    capped = cumulative_vote(
        candidates, ballots[:3], seats=1, votes_per_ballot=3, most_per_candidate=2
    )
    assert [b.reason for b in capped.invalid] == [
        "gives A 3 votes; at most 2 allowed",
        "gives C 3 votes; at most 2 allowed",
    ]


def test_a_candidate_without_votes_is_not_placed() -> None:
    count = approval(["A", "B", "C"], [["A"], ["A"]], seats=2, alternates=1)
    assert count.result.elected == ("A",)
    assert count.result.alternates == ()


marks = st.lists(st.sampled_from("ABCDEF"), max_size=5)


@settings(max_examples=80, deadline=None)
@given(ballots=st.lists(marks, max_size=40), seats=st.integers(1, 4), alternates=st.integers(0, 2))
def test_block_vote_tallies_and_ranking_against_a_direct_count(
    ballots: list[list[str]], seats: int, alternates: int
) -> None:
    candidates = list("ABCDE")  # F is unknown to the election
    count = block_vote(candidates, ballots, seats=seats, alternates=alternates, seed="x")
    valid = [
        b for b in ballots if b and set(b) <= set(candidates) and len(set(b)) == len(b) <= seats
    ]
    assert count.valid == len(valid)
    assert count.blank == sum(1 for b in ballots if not b)
    assert count.valid + count.blank + len(count.invalid) == len(ballots)
    direct = Counter(name for b in valid for name in b)
    assert count.votes == {name: direct[name] for name in candidates}
    placed = count.result.elected + count.result.alternates
    assert len(placed) == min(seats + alternates, sum(1 for n in candidates if direct[n]))
    votes = [direct[name] for name in placed]
    assert votes == sorted(votes, reverse=True)
    others = [direct[n] for n in candidates if n not in placed]
    assert all(v <= min(votes) for v in others) if votes else not any(others)
