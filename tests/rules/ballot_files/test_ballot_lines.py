"""The fast reader of BLT ballot lines: the same ballots as the careful reader on any
well-formed file, and nothing (so the careful reader names the line) on a malformed one."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collegium.rules.ballot_files.blt as blt_module
from collegium.rules.ballot_files.ballot_lines import read_ballot_lines
from collegium.rules.ballot_files.formats import parse_ballots
from collegium.rules.errors import BallotFileError


def counted(rankings: np.ndarray, weights: np.ndarray) -> Counter[tuple[int, ...]]:
    counts: Counter[tuple[int, ...]] = Counter()
    for row, weight in zip(rankings.tolist(), weights.tolist(), strict=True):
        counts[tuple(c for c in row if c >= 0)] += weight
    return counts


def both_readers(
    data: bytes, size: int
) -> tuple[Counter[tuple[int, ...]], Counter[tuple[int, ...]]]:
    start = data.index(b"\n") + 1
    stop = data.rindex(b"\n0\n") + 1
    fast = read_ballot_lines(data, start, stop, size=size)
    assert fast is not None
    careful = blt_module._read_carefully(
        data[start:stop], size=size, first_line=2, fail=lambda m, line: BallotFileError(m)
    )
    return counted(*fast), counted(*careful)


@st.composite
def ballot_files(draw: st.DrawFn) -> tuple[bytes, int]:
    # 1-9 candidates (one digit), 16-31 (two words a row), 60-70 (the bit check's edge, rows
    # too wide to fold into one key), 100-130 (three digits).
    size = draw(
        st.one_of(
            st.integers(1, 9), st.integers(16, 31), st.integers(60, 70), st.integers(100, 130)
        )
    )
    gaps = st.sampled_from([" ", "  ", "\t", " \t "])
    lines = [f"{size} 1"]
    for _ in range(draw(st.integers(0, 40))):
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "   ", "\r"])))  # blank lines
        weight = draw(st.one_of(st.integers(0, 20), st.integers(0, 10**16 - 1)))
        ranking = draw(st.permutations(range(1, size + 1)))[: draw(st.integers(0, size))]
        numbers = [str(weight), *map(str, ranking), "0"]
        line = numbers[0] + "".join(draw(gaps) + n for n in numbers[1:])
        lines.append(draw(st.sampled_from(["", " "])) + line + draw(st.sampled_from(["", "\r"])))
    lines += ["0", *(f'"C{i}"' for i in range(size))]
    return ("\n".join(lines) + "\n").encode(), size


@settings(max_examples=120, deadline=None)
@given(ballot_files())
def test_the_fast_reader_reads_what_the_careful_reader_reads(case: tuple[bytes, int]) -> None:
    data, size = case
    fast, careful = both_readers(data, size)
    assert fast == careful


def test_many_small_blocks_and_wide_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    import collegium.rules.ballot_files.ballot_lines as lines_module

    rng = np.random.default_rng(5)
    size = 50  # 50 columns of 6 bits: five words a row
    rows = [rng.permutation(size)[: rng.integers(0, size + 1)] + 1 for _ in range(300)]
    text = "\n".join(["50 2", *(" ".join(["1", *map(str, r), "0"]) for r in rows), "0"])
    data = (text + "\n" + "\n".join(f'"C{i}"' for i in range(size)) + "\n").encode()
    monkeypatch.setattr(lines_module, "_BLOCK", 97)
    fast, careful = both_readers(data, size)
    assert fast == careful
    assert sum(fast.values()) == 300


def test_well_formed_files_never_reach_the_careful_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the careful reader was used")

    monkeypatch.setattr(blt_module, "_read_carefully", refuse)
    ballots = parse_ballots(b'3 1\r\n2 1 2 0\r\n\r\n1\t3 0  \r\n0\r\n"A"\r\n"B"\r\n"C"\r\n', "blt")
    assert ballots.ballot_count == 3


@pytest.mark.parametrize(
    "lines",
    [
        "1 1 1 0",  # a candidate twice
        "1 3 0",  # out of range
        "1 0 2 0",  # 0 among the preferences
        "1 1 2",  # no terminating 0
        "1",  # no terminating 0 at all
        "1.5 1 0",
        "1 1=2 0",
        "1 -2 0",
        "1 x 0",
        "1 1\x00 0",
        "12345678901234567 1 0",  # 17 digits
        "  0\n1 1 0",  # an end of ballots with blanks before it, then more lines
    ],
)
def test_a_malformed_line_leaves_it_to_the_careful_reader(lines: str) -> None:
    data = f'2 1\n1 2 0\n{lines}\n0\n"A"\n"B"\n'.encode()
    assert read_ballot_lines(data, 4, data.rindex(b"\n0\n") + 1, size=2) is None


def test_a_repeat_among_many_candidates_names_its_line() -> None:
    names = "\n".join(f'"C{i}"' for i in range(70))
    with pytest.raises(BallotFileError) as caught:
        parse_ballots(f"70 1\n1 70 1 0\n1 65 2 65 0\n0\n{names}\n".encode(), "blt")
    assert caught.value.line == 3 and "same candidate twice" in str(caught.value)


def test_an_end_of_ballots_written_with_blanks_is_found() -> None:
    ballots = parse_ballots(b'2 1\n1 1 0\n  0  \n"A"\n"B"\n', "blt")
    assert ballots.ballot_count == 1 and ballots.candidates == ("A", "B")
