"""Plurality, two-round and instant-runoff: worked examples, tie rules, alternates, scale."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.ballot_files.formats import read_ballots
from collegium.rules.elections.condorcet import ranked_pairs, schulze
from collegium.rules.elections.methods import ranked_method
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.elections.single_winner import instant_runoff, plurality, two_round
from collegium.rules.elections.top_preferences import TopPreferences, standing_mask
from collegium.rules.errors import RuleError
from tests.datafiles import STV_DATA

EXAMPLES = STV_DATA / "examples"


@pytest.fixture
def tennessee() -> RankedBallots:
    return read_ballots(EXAMPLES / "tennessee-capital-irv" / "ballots.blt")


def test_tennessee_rounds_match_the_worked_example(tennessee: RankedBallots) -> None:
    expected = json.loads((EXAMPLES / "tennessee-capital-irv" / "expected.json").read_text())
    result = instant_runoff(tennessee)
    assert result.elected == (expected["results"]["instant_runoff"],)
    assert len(result.rounds) == len(expected["irv_rounds"])
    for count_round, wanted in zip(result.rounds, expected["irv_rounds"], strict=True):
        tallies = {k: Decimal(v) for k, v in wanted.items() if k not in ("excluded", "elected")}
        assert dict(count_round.votes) == tallies
        assert count_round.excluded == ((wanted["excluded"],) if "excluded" in wanted else ())
        assert count_round.elected == ((wanted["elected"],) if "elected" in wanted else ())
    assert result.rounds[1].transfers == {"Knoxville": 15, "Chattanooga": -15}
    assert "58 of 100" in result.explanation


def test_tennessee_plurality_and_two_round(tennessee: RankedBallots) -> None:
    assert plurality(tennessee).elected == ("Memphis",)
    result = two_round(tennessee)
    # No absolute majority (Memphis 42 of 100); Nashville beats Memphis 58 to 42 head to head.
    assert result.elected == ("Nashville",)
    assert result.rounds[1].votes == {"Memphis": 42, "Nashville": 58}
    assert "58 to 42" in result.explanation


def test_registry_names_reach_these_functions(tennessee: RankedBallots) -> None:
    assert ranked_method("irv")(tennessee, seats=1).elected == ("Knoxville",)
    assert ranked_method("plurality")(tennessee, seats=1).elected == ("Memphis",)
    assert ranked_method("two-round")(tennessee, seats=1).elected == ("Nashville",)


def test_sequential_instant_runoff_ranks_alternates(tennessee: RankedBallots) -> None:
    # Without Knoxville: Chattanooga 15 + 17 = 32 passes Nashville 26, then wins 58 to 42;
    # without both: Nashville 58 to Memphis 42; Memphis is last.
    result = instant_runoff(tennessee, alternates=3)
    assert result.elected == ("Knoxville",)
    assert result.alternates == ("Chattanooga", "Nashville", "Memphis")
    two_seats = instant_runoff(tennessee, seats=2, alternates=1)
    assert two_seats.elected == ("Knoxville", "Chattanooga")
    assert two_seats.alternates == ("Nashville",)
    assert two_seats.rounds[3].action.startswith("count for place 2 (without Knoxville)")


def test_absolute_majority_decides_two_round_at_once() -> None:
    ballots = RankedBallots.from_lists("ABC", [(6, "AB"), (3, "BC"), (2, "C")])
    result = two_round(ballots)
    assert result.elected == ("A",)
    assert len(result.rounds) == 1
    assert "6 of 11" in result.explanation


def test_two_round_runoff_counts_ballots_ranking_neither_as_exhausted() -> None:
    ballots = RankedBallots.from_lists("ABC", [(4, "A"), (3, "BA"), (3, "C")])
    result = two_round(ballots)
    # A 4, B 3, C 3: a tie for the second run-off place is drawn by lot.
    assert result.lots and result.lots[0].tied == ("B", "C")
    runoff = result.rounds[1]
    assert result.elected == ("A",)
    if "B" in runoff.votes:  # B's ballots rank B above A; C's ballots rank neither
        assert dict(runoff.votes) == {"A": 4, "B": 3} and runoff.exhausted == 3
    else:  # B's ballots rank A above C
        assert dict(runoff.votes) == {"A": 7, "C": 3} and runoff.exhausted == 0


def test_irv_tie_for_fewest_broken_by_the_earlier_round() -> None:
    # Round 1: A 10, B 6, C 5, D 3. D's votes bring C to 7 and B to 7; C had fewer in round 1.
    ballots = RankedBallots.from_lists(
        "ABCD", [(10, "A"), (6, "B"), (5, "CB"), (2, "DC"), (1, "DB")]
    )
    result = instant_runoff(ballots)
    assert [r.excluded for r in result.rounds[:2]] == [("D",), ("C",)]
    assert "had fewest (5) in round 1" in result.rounds[1].note
    assert not result.lots
    assert result.elected == ("B",)  # B 12 against A 10 after C's transfer


def test_irv_tie_without_history_is_drawn_by_lot_reproducibly() -> None:
    ballots = RankedBallots.from_lists("ABC", [(2, "A"), (2, "B"), (2, "C")])
    winners = set()
    for seed in (f"seed-{i}" for i in range(12)):
        result = instant_runoff(ballots, seed=seed)
        draw = result.lots[0]
        assert draw.tied == ("A", "B", "C")
        assert result.rounds[0].excluded == (draw.chosen,)
        assert "lot excluded" in result.rounds[0].note
        assert instant_runoff(ballots, seed=seed).to_json() == result.to_json()
        winners.add(result.elected)
    assert len(winners) > 1


def test_irv_same_seed_same_result() -> None:
    ballots = RankedBallots.from_lists("ABCD", [(1, "A"), (1, "B"), (1, "C"), (1, "D")])
    first = instant_runoff(ballots, seed="congress-2026")
    again = instant_runoff(ballots, seed="congress-2026")
    assert first.to_json() == again.to_json()
    assert len(first.lots) >= 3


def test_withdrawn_candidates_are_skipped() -> None:
    ballots = RankedBallots.from_lists("ABC", [(5, "AB"), (3, "BC"), (4, "CB")], withdrawn=["A"])
    for count in (instant_runoff, plurality, two_round):
        result = count(ballots)
        assert result.elected == ("B",)
        assert "A" not in result.rounds[0].votes


def test_truncated_ballots_exhaust_and_majority_is_of_continuing_votes() -> None:
    ballots = RankedBallots.from_lists("ABC", [(4, "A"), (3, "B"), (2, "C")])
    result = instant_runoff(ballots)
    # C excluded; its 2 ballots exhaust. A holds 4 of 7 continuing votes.
    assert result.rounds[1].exhausted == 2
    assert result.rounds[1].transfers == {"C": -2, "exhausted": 2}
    assert result.elected == ("A",)
    assert "4 of 7" in result.explanation


def test_no_valid_vote_elects_nobody() -> None:
    empty = RankedBallots.from_lists("AB", [(3, [])])
    for count in (instant_runoff, plurality, two_round):
        assert count(empty).elected == ()
    only_a = RankedBallots.from_lists("AB", [(3, "A")])
    # Once A is placed no ballot has a standing preference: no alternate.
    assert instant_runoff(only_a, alternates=1).alternates == ()


def test_plurality_ties_decide_seats_by_lot_only_where_they_matter() -> None:
    ballots = RankedBallots.from_lists("ABCD", [(5, "A"), (5, "B"), (3, "C"), (3, "D")])
    two = plurality(ballots, seats=2)
    assert two.elected == ("A", "B") and not two.lots  # tied but both elected
    three = plurality(ballots, seats=3, alternates=1)
    assert three.lots[0].tied == ("C", "D")
    assert three.elected[2] == three.lots[0].chosen
    assert {three.elected[2], *three.alternates} == {"C", "D"}


def test_places_must_make_sense() -> None:
    ballots = RankedBallots.from_lists("AB", [(1, "A")])
    with pytest.raises(RuleError, match="at least 1 seat"):
        instant_runoff(ballots, seats=0)
    with pytest.raises(RuleError, match="alternates"):
        plurality(ballots, alternates=-1)


def random_ballots(rows: int, size: int, seed: int) -> RankedBallots:
    rng = np.random.default_rng(seed)
    leaning = rng.normal(size=(rows, size)) + np.linspace(0, 0.6, size)
    rankings = np.argsort(-leaning, axis=1).astype(np.int32)
    lengths = rng.integers(1, size + 1, size=rows)
    rankings[np.arange(size)[None, :] >= lengths[:, None]] = NO_PREFERENCE
    names = tuple(f"C{i}" for i in range(size))
    return RankedBallots(names, rankings, np.ones(rows, dtype=np.int64))


def test_counting_rows_one_by_one_equals_counting_grouped_rows() -> None:
    ballots = random_ballots(50_000, 6, seed=7)
    grouped = ballots.grouped()
    assert grouped.rankings.shape[0] < ballots.rankings.shape[0]
    for count in (instant_runoff, plurality, two_round):
        single, merged = count(ballots, alternates=2), count(grouped, alternates=2)
        assert single.to_json() == merged.to_json()
    assert sum(instant_runoff(ballots).rounds[0].votes.values()) == 50_000


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_withdrawn_candidate_counts_as_if_struck_from_every_ballot(data: st.DataObject) -> None:
    size = data.draw(st.integers(2, 5))
    names = [f"C{i}" for i in range(size)]
    rows = data.draw(
        st.lists(
            st.tuples(st.integers(1, 5), st.permutations(names), st.integers(0, size)),
            min_size=1,
            max_size=10,
        )
    )
    gone = data.draw(st.sampled_from(names))
    ballots = [(w, list(order[:length])) for w, order, length in rows]
    withdrawn = RankedBallots.from_lists(names, ballots, withdrawn=[gone])
    rest = [n for n in names if n != gone]
    struck = RankedBallots.from_lists(rest, [(w, [n for n in b if n != gone]) for w, b in ballots])
    for count in (instant_runoff, plurality, two_round, schulze, ranked_pairs):
        with_gone = count(withdrawn, alternates=size - 1, seed="s").to_json()
        without = count(struck, alternates=size - 1, seed="s").to_json()
        assert with_gone == without


def test_candidates_without_votes_are_excluded_together_without_a_lot() -> None:
    ballots = RankedBallots.from_lists("ABCDE", [(4, "A"), (3, "B"), (2, "CB")])
    result = instant_runoff(ballots, seed="any")
    assert result.rounds[0].excluded == ("D", "E")
    assert result.rounds[0].note == "no votes: excluded together"
    assert not result.lots
    assert result.rounds[1].action == "transfer of D and E's votes"
    assert result.rounds[1].transfers == {}
    assert result.rounds[1].excluded == ("C",)
    assert result.elected == ("B",)  # B 3 + 2 = 5 of 9


def test_a_full_row_is_exhausted_at_its_end_not_carried_into_the_next() -> None:
    # Rows without padding: once its only candidate is excluded, row 0 must not read on
    # into row 1 (the rankings are not copied with a padding column).
    ballots = RankedBallots(
        candidates=("A", "B"),
        rankings=np.array([[0], [1]], dtype=np.int32),
        weights=np.array([3, 2], dtype=np.int64),
    )
    preferences = TopPreferences(ballots, standing_mask(ballots))
    moved = preferences.exclude(0)
    assert moved.tolist() == [3, 0, 0]  # all three ballots exhausted, none to B
    assert preferences.top.tolist() == [NO_PREFERENCE, 1]
    assert preferences.tallies().tolist() == [3, 0, 2]
