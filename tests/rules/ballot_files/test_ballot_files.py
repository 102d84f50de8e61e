"""Reading and writing BLT, CSV and JSON ballot files, and refusing malformed ones by line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.ballot_files.formats import (
    estimate_ballot_lines,
    format_of,
    group_rankings,
    parse_ballots,
    read_ballots,
    read_csv,
    read_json,
    write_ballots,
    write_blt,
    write_csv,
    write_json,
)
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.errors import BallotFileError
from tests.datafiles import STV_DATA

DATA = STV_DATA
FOOD = DATA / "examples" / "wikipedia-stv-food" / "ballots.blt"


def as_counter(ballots: RankedBallots) -> Counter[tuple[str, ...]]:
    """Ballots as {ranking by names: number of ballots}, independent of row order."""
    counts: Counter[tuple[str, ...]] = Counter()
    for row, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True):
        counts[tuple(ballots.candidates[c] for c in row if c != NO_PREFERENCE)] += weight
    return +counts


def blt(text: str) -> RankedBallots:
    return parse_ballots(text.encode(), "blt", source="t.blt")


def test_reads_the_food_example() -> None:
    ballots = read_ballots(FOOD)
    assert ballots.candidates == ("Orange", "Pear", "Chocolate", "Strawberry", "Hamburger")
    assert ballots.seats == 3
    assert ballots.title == "Party food (Wikipedia STV example)"
    assert ballots.ballot_count == 20
    assert as_counter(ballots) == Counter(
        {
            ("Orange",): 4,
            ("Pear", "Orange"): 2,
            ("Chocolate", "Strawberry"): 8,
            ("Chocolate", "Hamburger"): 4,
            ("Strawberry",): 1,
            ("Hamburger",): 1,
        }
    )


def test_edinburgh_crlf_padding_and_doubled_spaces_kept() -> None:
    raw = (DATA / "edinburgh-2017" / "ward-01-almond.blt").read_bytes()
    assert b"\r\n" in raw and b" " * 400 in raw  # the quirks are really there
    ballots = read_ballots(DATA / "edinburgh-2017" / "ward-01-almond.blt")
    assert "Kevin  LANG" in ballots.candidates
    assert len(ballots.candidates) == 10 and ballots.seats == 4
    # Every weight in the file, summed independently of our reader.
    lines = raw.decode().split("\r\n")
    end = [line.strip() for line in lines].index("0", 1)
    assert ballots.ballot_count == sum(int(line.split()[0]) for line in lines[1:end])


def test_trailing_space_inside_quotes_kept() -> None:
    ballots = read_ballots(DATA / "glasgow-2007" / "Canal-2007.blt")
    assert "Kieran  Wild " in ballots.candidates
    assert "Ellen   Hurcombe" in ballots.candidates
    assert ballots.title == "CANAL"


def test_utf8_names() -> None:
    ballots = read_ballots(DATA / "scot-elex-sample" / "aberdeen_2017_ward12.blt")
    assert "Renée SLATER" in ballots.candidates


def test_withdrawn_line() -> None:
    ballots = blt('3 1\n-2\n2 1 2 0\n1 2 3 0\n0\n"A"\n"B"\n"C"\n"T"\n')
    assert ballots.withdrawn == frozenset({1})
    assert ballots.ballot_count == 3


def test_identical_lines_are_grouped() -> None:
    ballots = blt('2 1\n1 1 2 0\n1 2 0\n1 1 2 0\n3 1 2 0\n0\n"A"\n"B"\n')
    assert ballots.rankings.shape[0] == 2
    assert as_counter(ballots) == Counter({("A", "B"): 5, ("B",): 1})


def test_blank_ballot_line_is_kept_as_empty_ranking() -> None:
    ballots = blt('2 1\n2 0\n1 1 0\n0\n"A"\n"B"\n')
    assert ballots.ballot_count == 3
    assert as_counter(ballots) == Counter({(): 2, ("A",): 1})


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('2 1\n1 1 1 0\n0\n"A"\n"B"\n', 2, "same candidate twice"),
        ('2 1\n1 1 0\n1 3 0\n0\n"A"\n"B"\n', 3, "out of range"),
        ('2 1\n1 1 0\n1 1 2\n0\n"A"\n"B"\n', 3, "terminating 0"),
        ('2 1\n1.5 1 0\n0\n"A"\n"B"\n', 2, "whole number"),
        ('2 1\n1 1=2 0\n0\n"A"\n"B"\n', 2, "equal rankings"),
        ('2 1\n1 1 0\n1 0 2 0\n0\n"A"\n"B"\n', 3, "out of range"),
        ('2 1\n1 1 0\n0\n"A"\n', 5, "2 candidates but 1 name"),
        ('2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"extra"\n', 7, "more than 2 names"),
        ('2 1\n1 1 0\n0\n"A"\nB\n', 5, "double quotes"),
        ('2 1\n1 1 0\n0\n"A"\n"A"\n', 5, "appears twice"),
        ('2 1\n1 1 0\n1 2 0\n"A"\n"B"\n', 6, "single 0"),
        ("two 1\n", 1, "first line"),
        ('2 1\n-3\n1 1 0\n0\n"A"\n"B"\n', 2, "withdrawn"),
        ('2 1\n1 1 0\n\n1 x 0\n0\n"A"\n"B"\n', 4, "unexpected character"),
        ('2 1\n1 1 0\n12345678901234567 1 0\n0\n"A"\n"B"\n', 3, "too large"),
        ('2 1\n1 1 0\n1 -2 0\n0\n"A"\n"B"\n', 3, "negative"),
        ('2 1\n1 1 0\n1\n0\n"A"\n"B"\n', 3, "weight and a terminating 0"),
    ],
)
def test_malformed_blt_names_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        blt(text)
    assert caught.value.line == line
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(f"t.blt:line {line}: ")


def test_error_line_counts_from_the_whole_file_across_blocks(monkeypatch) -> None:
    import collegium.rules.ballot_files.blt as blt_module

    monkeypatch.setattr(blt_module, "_BLOCK", 64)  # force many small blocks
    lines = ["3 1", *["1 1 2 3 0"] * 100, "1 2 2 0", *["1 3 0"] * 10, "0", '"A"', '"B"', '"C"']
    with pytest.raises(BallotFileError) as caught:
        blt("\n".join(lines) + "\n")
    assert caught.value.line == 102
    # And a good file read in small blocks gives the same ballots as in one block.
    good = "\n".join(lines[:101] + lines[102:]) + "\n"
    small = blt(good)
    monkeypatch.setattr(blt_module, "_BLOCK", 1 << 22)
    assert as_counter(small) == as_counter(blt(good)) == Counter({("A", "B", "C"): 100, ("C",): 10})


def test_csv_with_metadata_and_weights() -> None:
    text = (
        "#title,Party food\n#seats,3\n#candidates,Orange,Pear,Chocolate\n#withdrawn,Pear\n"
        "weight,preference 1,preference 2\n4,Orange\n2,Pear,Orange\n1,Chocolate\n2,Pear,Orange\n"
    )
    ballots = read_csv(text)
    assert ballots.candidates == ("Orange", "Pear", "Chocolate")
    assert ballots.seats == 3 and ballots.title == "Party food"
    assert ballots.withdrawn == frozenset({1})
    assert as_counter(ballots) == Counter(
        {("Orange",): 4, ("Pear", "Orange"): 4, ("Chocolate",): 1}
    )


def test_csv_without_weight_column_counts_rows() -> None:
    ballots = read_csv("preference 1,preference 2\nA,B\nB\nA,B\n")
    assert ballots.candidates == ("A", "B")
    assert as_counter(ballots) == Counter({("A", "B"): 2, ("B",): 1})


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("#candidates,A,B\nweight,p1\n1,A\n1,C\n", 4, "unknown candidate 'C'"),
        ("weight,p1,p2\n1,A\n1,A,A\n", 3, "same candidate twice"),
        ("weight,p1\nx,A\n", 2, "not a whole number"),
        ("weight,p1,p2,p3\n1,A,,B\n", 2, "empty cell"),
        ("#colour,red\nweight\n", 1, "unknown metadata"),
    ],
)
def test_malformed_csv_names_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        read_csv(text)
    assert caught.value.line == line
    assert fragment in str(caught.value)


def test_json_reads_and_refuses() -> None:
    ballots = read_json(
        '{"title": "T", "seats": 2, "candidates": ["A", "B", "C"], "withdrawn": ["C"],'
        ' "ballots": [{"weight": 3, "ranking": ["A", "B"]}, {"ranking": ["B"]}]}'
    )
    assert ballots.seats == 2 and ballots.withdrawn == frozenset({2})
    assert as_counter(ballots) == Counter({("A", "B"): 3, ("B",): 1})
    with pytest.raises(BallotFileError, match="line 3: ballot 2: unknown candidate 'D'"):
        read_json(
            '{"candidates": ["A"], "ballots": [\n {"ranking": ["A"]},\n'
            ' {"weight": 2,\n  "ranking": ["D"]}\n]}'
        )
    with pytest.raises(BallotFileError, match=r"weight 1\.5"):
        read_json('{"ballots": [{"weight": 1.5, "ranking": ["A"]}]}')
    with pytest.raises(BallotFileError) as caught:
        read_json('{"ballots": [\n{"ranking": ["A"]},,\n]}')
    assert caught.value.line == 2


ranked = st.lists(
    st.tuples(st.integers(0, 5), st.permutations(range(4)), st.integers(0, 4)),
    min_size=0,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(rows=ranked, seats=st.integers(1, 3))
def test_round_trip_every_format(tmp_path_factory, rows, seats) -> None:
    names = ("Ann", "Bea  Two", "Cé", "D, the 4th")
    ballots = RankedBallots.from_lists(
        names,
        [(w, [names[c] for c in perm[:cut]]) for w, perm, cut in rows],
        seats=seats,
        title="Round trip",
        withdrawn=["Cé"],
    )
    folder = tmp_path_factory.mktemp("files")
    for fmt in ("blt", "json", "csv"):
        path = folder / f"ballots.{fmt}"
        write_ballots(ballots, path)
        back = read_ballots(path)
        assert back.candidates == names
        assert back.seats == seats and back.title == "Round trip"
        assert back.withdrawn == frozenset({2})
        # Weight-0 rows carry no ballots; every format may keep or drop them.
        assert +as_counter(back) == +as_counter(ballots)


def test_writers_refuse_what_blt_cannot_hold() -> None:
    ballots = RankedBallots.from_lists(['Say "hi"'], [['Say "hi"']])
    with pytest.raises(BallotFileError, match="cannot be written"):
        write_blt(ballots)
    assert '"Say ""hi"""' in write_csv(ballots)
    assert 'Say \\"hi\\"' in write_json(ballots)


def test_group_rankings_matches_numpy_unique_for_wide_rows() -> None:
    rng = np.random.default_rng(7)
    # 50 candidates × 50 columns do not fit in 63 bits: the hashed path is taken.
    base = np.argsort(rng.random((40, 50)), axis=1).astype(np.int32)
    rankings = base[rng.integers(0, 40, size=500)]
    weights = rng.integers(1, 4, size=500).astype(np.int64)
    grouped, summed = group_rankings(rankings, weights, 50)
    unique, inverse = np.unique(rankings, axis=0, return_inverse=True)
    expected = np.bincount(inverse.ravel(), weights=weights).astype(np.int64)
    order = np.lexsort(grouped.T[::-1])
    assert np.array_equal(grouped[order], unique)
    assert np.array_equal(summed[order], expected)


@pytest.mark.parametrize("weights", ["ones", "mixed"])
def test_group_rankings_of_two_words_a_row_are_exact_and_in_order(weights: str) -> None:
    rng = np.random.default_rng(3)
    # 20 candidates: 5 bits a number, 12 numbers a word, so a full row takes two words.
    lengths = rng.integers(0, 21, size=40)
    base = np.full((40, 20), NO_PREFERENCE, dtype=np.int32)
    for row, length in enumerate(lengths):
        base[row, :length] = rng.permutation(20)[:length]
    rankings = base[rng.integers(0, 40, size=2_000)]
    counts = np.ones(2_000, dtype=np.int64) if weights == "ones" else rng.integers(0, 5, 2_000)
    grouped, summed = group_rankings(rankings, counts, 20)
    unique, inverse = np.unique(rankings + 1, axis=0, return_inverse=True)
    assert np.array_equal(grouped + 1, unique)  # the same rows, in lexicographic order
    assert np.array_equal(summed, np.bincount(inverse.ravel(), weights=counts).astype(np.int64))


def test_format_from_extension_or_option(tmp_path) -> None:
    assert format_of(Path("x.BLT")) == "blt"
    assert format_of(Path("x.txt"), "json") == "json"
    with pytest.raises(BallotFileError, match="unknown ballot file format 'txt'"):
        format_of(Path("x.txt"))
    assert estimate_ballot_lines(b'{"ranking": [], "ranking": []}', "json") == 2
    assert estimate_ballot_lines(b"1 1 0\n" * 10, "blt") == 10
    # A large file: the first megabyte's lines, scaled.
    assert 999_000 < estimate_ballot_lines(b"1 1 0\n" * 1_000_000, "blt") <= 1_000_000


@pytest.mark.slow
def test_reads_a_million_ballots(tmp_path) -> None:
    rng = np.random.default_rng(11)
    size = 12
    lengths = rng.integers(1, size + 1, size=1_000_000)
    perms = np.argsort(rng.random((1_000_000, size)), axis=1) + 1
    lines = ["12 4"]
    for row, length in zip(perms[:, :6].tolist(), lengths.tolist(), strict=True):
        lines.append("1 " + " ".join(map(str, row[: min(length, 6)])) + " 0")
    lines += ["0", *(f'"C{i}"' for i in range(size)), '"big"']
    path = tmp_path / "big.blt"
    path.write_text("\n".join(lines) + "\n")
    ballots = read_ballots(path)
    assert ballots.ballot_count == 1_000_000
    # Grouping: far fewer rows than ballots, each distinct.
    assert ballots.rankings.shape[0] < 1_000_000
    assert np.unique(ballots.rankings, axis=0).shape[0] == ballots.rankings.shape[0]
    first = Counter(row[0] for row in perms[:, :1].tolist())
    ours = np.bincount(ballots.rankings[:, 0], weights=ballots.weights, minlength=size)
    assert [int(x) for x in ours] == [first[c + 1] for c in range(size)]


def test_no_ballots_and_no_final_newline() -> None:
    empty = blt('2 1\n0\n"A"\n"B"')
    assert empty.ballot_count == 0 and empty.candidates == ("A", "B")
    padded = blt('2 1   \r\n3 2 1 0   \r\n0   \r\n"A"\r\n"B"\r\n"T"')
    assert padded.title == "T"
    assert as_counter(padded) == Counter({("B", "A"): 3})
