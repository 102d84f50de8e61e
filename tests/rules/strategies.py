"""Hypothesis strategies shared by the rules tests."""

from __future__ import annotations

from hypothesis import strategies as st

from collegium.rules.elections.profile import RankedBallots


@st.composite
def stv_elections(
    draw: st.DrawFn, *, max_candidates: int, max_rows: int
) -> tuple[RankedBallots, int]:
    """Weighted, truncated rankings of 2..max_candidates candidates and a number of seats."""
    size = draw(st.integers(2, max_candidates))
    names = [f"K{i}" for i in range(size)]
    rows = draw(
        st.lists(
            st.tuples(st.integers(1, 30), st.permutations(names), st.integers(1, size)),
            min_size=1,
            max_size=max_rows,
        )
    )
    seats = draw(st.integers(1, size))
    ballots = RankedBallots.from_lists(
        names, [(w, list(p[:cut])) for w, p, cut in rows], seats=seats
    )
    return ballots, seats
