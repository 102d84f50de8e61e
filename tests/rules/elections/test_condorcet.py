"""Schulze and ranked pairs: the worked examples, truncated ballots, ties, scale."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.ballot_files.formats import read_ballots
from collegium.rules.elections.condorcet import ranked_pairs, schulze
from collegium.rules.elections.methods import ranked_method
from collegium.rules.elections.pairwise import pairwise_preferences
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from tests.datafiles import STV_DATA

EXAMPLES = STV_DATA / "examples"


@pytest.fixture
def wikipedia() -> RankedBallots:
    return read_ballots(EXAMPLES / "wikipedia-schulze" / "ballots.blt")


def test_schulze_matrices_and_ranking_match_the_worked_example(wikipedia: RankedBallots) -> None:
    expected = json.loads((EXAMPLES / "wikipedia-schulze" / "expected.json").read_text())
    result = schulze(wikipedia, alternates=4)
    assert json.loads(result.rounds[0].note) == expected["pairwise_preferences"]
    assert json.loads(result.rounds[1].note) == expected["strongest_paths"]
    assert list(result.elected + result.alternates) == expected["schulze_ranking"]
    assert result.elected == (expected["winner"],)
    assert not result.lots
    assert "A 25–24" in result.explanation
    assert json.dumps(result.to_json())  # everything in the rounds is JSON-ready


def test_schulze_seats_take_the_top_of_the_ranking(wikipedia: RankedBallots) -> None:
    result = ranked_method("schulze")(wikipedia, seats=2, alternates=2)
    assert (result.elected, result.alternates) == (("E", "A"), ("C", "B"))


def test_ranked_pairs_on_the_worked_example(wikipedia: RankedBallots) -> None:
    # By margins: B>D 21, E>D 17, A>D 15, C>B 13 lock; D>C 11 would close C>B>D>C;
    # E>B 9, A>C 7 lock; B>A 5 would close A>C>B>A; C>E 3 locks; E>A 1 closes A>C>E>A.
    result = ranked_pairs(wikipedia, alternates=4)
    actions = [r.action for r in result.rounds[1:]]
    assert actions == [
        "lock B over D",
        "lock E over D",
        "lock A over D",
        "lock C over B",
        "skip D over C",
        "lock E over B",
        "lock A over C",
        "skip B over A",
        "lock C over E",
        "skip E over A",
    ]
    assert result.elected + result.alternates == ("A", "C", "E", "B", "D")
    assert "locking 7 of 10 majorities" in result.explanation
    assert ranked_method("ranked-pairs")(wikipedia, seats=1).elected == ("A",)


def test_condorcet_winner_of_tennessee() -> None:
    ballots = read_ballots(EXAMPLES / "tennessee-capital-irv" / "ballots.blt")
    assert schulze(ballots).elected == ("Nashville",)
    assert ranked_pairs(ballots).elected == ("Nashville",)


def test_truncated_ballots_rank_the_named_above_the_unnamed() -> None:
    ballots = RankedBallots.from_lists("ABC", [(3, "A"), (2, "BC"), (1, [])])
    d = pairwise_preferences(ballots)
    assert d.tolist() == [[0, 3, 3], [2, 0, 2], [2, 0, 0]]
    # A beats B and C 3 to 2; the ballot with no preference counts for no pair.
    assert schulze(ballots).elected == ("A",)


def test_withdrawn_candidate_leaves_the_others_in_order() -> None:
    ballots = RankedBallots.from_lists("ABC", [(3, "ABC"), (2, "BAC"), (2, "CBA")], withdrawn=["A"])
    d = pairwise_preferences(ballots)
    assert d[0].tolist() == [0, 0, 0] and d[:, 0].tolist() == [0, 0, 0]
    assert d[1, 2] == 5 and d[2, 1] == 2
    for count in (schulze, ranked_pairs):
        result = count(ballots, alternates=2)
        assert result.elected + result.alternates == ("B", "C")


def test_cycle_of_equal_margins_is_drawn_by_lot() -> None:
    cycle = RankedBallots.from_lists("ABC", ["ABC", "BCA", "CAB"])
    winners = set()
    for seed in ("one", "two", "three", "four", "five", "six"):
        result = ranked_pairs(cycle, seed=seed)
        assert result.lots[0].tied == ("A over B", "B over C", "C over A")
        assert sum(r.action.startswith("skip") for r in result.rounds) == 1
        assert ranked_pairs(cycle, seed=seed).to_json() == result.to_json()
        schulze_result = schulze(cycle, seed=seed)
        assert schulze_result.lots[0].tied == ("A", "B", "C")
        winners.add(result.elected)
    assert len(winners) > 1


def test_tie_among_elected_needs_no_lot() -> None:
    ballots = RankedBallots.from_lists("ABC", [(2, "ABC"), (2, "BAC")])
    result = schulze(ballots, seats=2)
    assert result.elected == ("A", "B") and not result.lots
    with_alternate = schulze(ballots, seats=1, alternates=1)
    assert with_alternate.lots[0].tied == ("A", "B")


def test_no_valid_vote_elects_nobody() -> None:
    empty = RankedBallots.from_lists("AB", [(4, [])])
    assert schulze(empty).elected == ()
    assert ranked_pairs(empty).elected == ()


def brute_force_preferences(rankings: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    place = np.full((rankings.shape[0], size), rankings.shape[1] + 1)
    for row, ranking in enumerate(rankings):
        for position, candidate in enumerate(ranking):
            if candidate != NO_PREFERENCE:
                place[row, candidate] = position
    return np.array(
        [
            [weights[place[:, x] < place[:, y]].sum() if x != y else 0 for y in range(size)]
            for x in range(size)
        ]
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_pairwise_preferences_equal_a_direct_count(data: st.DataObject) -> None:
    size = data.draw(st.one_of(st.integers(1, 6), st.just(17)))  # 17: the pair-by-pair path
    rows = data.draw(
        st.lists(
            st.tuples(st.integers(0, 9), st.permutations(range(size)), st.integers(0, size)),
            min_size=1,
            max_size=12,
        )
    )
    names = [f"C{i}" for i in range(size)]
    ballots = RankedBallots.from_lists(
        names, [(w, [names[c] for c in order[:length]]) for w, order, length in rows]
    )
    expected = brute_force_preferences(ballots.rankings, ballots.weights, size)
    assert pairwise_preferences(ballots).tolist() == expected.tolist()


def test_rows_one_by_one_equal_grouped_rows_at_scale() -> None:
    rng = np.random.default_rng(11)
    rows, size = 40_000, 5
    rankings = np.argsort(rng.random((rows, size)), axis=1).astype(np.int32)
    lengths = rng.integers(1, size + 1, size=rows)
    rankings[np.arange(size)[None, :] >= lengths[:, None]] = NO_PREFERENCE
    ballots = RankedBallots(tuple("ABCDE"), rankings, np.ones(rows, dtype=np.int64))
    grouped = ballots.grouped()
    assert pairwise_preferences(ballots).tolist() == pairwise_preferences(grouped).tolist()
    for count in (schulze, ranked_pairs):
        assert count(ballots, alternates=4).to_json() == count(grouped, alternates=4).to_json()
