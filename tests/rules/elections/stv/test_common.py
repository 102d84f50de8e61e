"""Properties every STV count (Meek and Scottish) shares, on the same random elections."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import ElectionResult
from collegium.rules.elections.stv import meek, scottish
from tests.rules.strategies import stv_elections

Count = Callable[..., ElectionResult]

# Each count with the size of the random elections it is tried on.
COUNTS = pytest.mark.parametrize(
    ("count", "elections"),
    [
        pytest.param(meek.count, stv_elections(max_candidates=6, max_rows=20), id="meek"),
        pytest.param(scottish.count, stv_elections(max_candidates=7, max_rows=25), id="scottish"),
    ],
)
PROPERTY = settings(max_examples=100, deadline=None)


@COUNTS
@PROPERTY
@given(data=st.data())
def test_fills_every_seat_with_distinct_candidates(
    count: Count, elections: st.SearchStrategy[tuple[RankedBallots, int]], data: st.DataObject
) -> None:
    ballots, seats = data.draw(elections)
    result = count(ballots, seats=seats)
    assert len(result.elected) == min(seats, len(ballots.candidates))
    assert len(set(result.elected)) == len(result.elected)


@COUNTS
@PROPERTY
@given(data=st.data(), rng=st.randoms(use_true_random=False))
def test_row_order_does_not_matter(
    count: Count,
    elections: st.SearchStrategy[tuple[RankedBallots, int]],
    data: st.DataObject,
    rng: random.Random,
) -> None:
    ballots, seats = data.draw(elections)
    order = list(range(ballots.rankings.shape[0]))
    rng.shuffle(order)
    shuffled = RankedBallots(
        candidates=ballots.candidates,
        rankings=ballots.rankings[order],
        weights=ballots.weights[order],
        seats=seats,
    )
    assert count(shuffled, seats=seats, seed="s") == count(ballots, seats=seats, seed="s")
