"""`collegium tally`: the count shown round by round, JSON output, errors, progress."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import collegium.cli.tally as tally_module
import collegium.rules.ballot_files.formats as ballot_files
from collegium.cli import _register, app
from collegium.rules.ballot_files.formats import read_ballots, write_ballots
from collegium.rules.elections.methods import RANKED_METHODS, ranked_method
from tests.datafiles import STV_DATA

DATA = STV_DATA
FOOD = DATA / "examples" / "wikipedia-stv-food" / "ballots.blt"
ALMOND = DATA / "edinburgh-2017" / "ward-01-almond.blt"


@pytest.fixture
def tally():
    _register()
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["tally", *args])

    return invoke


def test_json_has_the_elected_in_order_alternates_and_rounds(tally) -> None:
    result = tally(str(FOOD), "--method", "scottish-stv", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["elected"] == ["Chocolate", "Orange", "Strawberry"]
    assert data["alternates"] == []
    assert data["method"] == "scottish-stv" and data["quota"] == "6.00000"
    assert [r["action"] for r in data["rounds"]] == [
        "first preferences",
        "surplus of Chocolate",
        "exclusion of Pear",
        "exclusion of Hamburger",
    ]


def test_seats_default_to_the_file_and_names_keep_their_spaces(tally) -> None:
    result = tally(str(ALMOND), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    official = json.loads((DATA / "edinburgh-2017" / "results.json").read_text())
    assert sorted(data["elected"]) == sorted(official["ward-01-almond.blt"])
    assert "Kevin  LANG" in data["rounds"][0]["votes"]


def test_alternates_seed_and_meek(tally) -> None:
    result = tally(str(FOOD), "-m", "meek-stv", "--seats", "2", "--alternates", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = ranked_method("meek-stv")(read_ballots(FOOD), seats=2, alternates=1)
    assert data["elected"] == list(expected.elected)
    assert data["alternates"] == list(expected.alternates) and len(data["alternates"]) == 1


def test_table_output_shows_rounds_and_result(tally) -> None:
    result = tally(str(FOOD))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Party food" in out and "20 ballots" in out
    assert "surplus of" in out and "Chocolate" in out
    assert "Elected" in out and "Chocolate, Orange, Strawberry" in out.replace("\n", " ")


@pytest.mark.parametrize("method", sorted(RANKED_METHODS))
def test_every_registered_method_runs(tally, method) -> None:
    result = tally(str(FOOD), "--method", method, "--seats", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = ranked_method(method)(read_ballots(FOOD), seats=1)
    assert data["elected"] == list(expected.elected)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_files_by_extension_or_option(tally, tmp_path, fmt) -> None:
    path = tmp_path / f"food.{fmt}"
    write_ballots(read_ballots(FOOD), path)
    by_extension = tally(str(path), "--json")
    assert by_extension.exit_code == 0, by_extension.output
    assert json.loads(by_extension.stdout)["elected"] == ["Chocolate", "Orange", "Strawberry"]
    renamed = tmp_path / "ballots.txt"
    renamed.write_bytes(path.read_bytes())
    by_option = tally(str(renamed), "--format", fmt, "--json")
    assert by_option.exit_code == 0, by_option.output
    assert json.loads(by_option.stdout) == json.loads(by_extension.stdout)


def test_a_malformed_file_is_one_line_naming_the_line(tally, tmp_path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text('2 1\n1 1 0\n1 2 2 0\n0\n"A"\n"B"\n')
    result = tally(str(path))
    assert result.exit_code != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "line 3" in lines[0] and "same candidate twice" in lines[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--method", "borda"], "unknown election method 'borda'"),
        (["--format", "xml"], "unknown ballot file format 'xml'"),
        (["--seats", "0"], "at least one seat"),
    ],
)
def test_bad_options_fail_with_a_reason(tally, args, fragment) -> None:
    result = tally(str(FOOD), *args)
    assert result.exit_code != 0
    assert fragment in result.stderr


def test_missing_file(tally, tmp_path) -> None:
    result = tally(str(tmp_path / "nope.blt"))
    assert result.exit_code != 0
    assert "cannot read" in result.stderr


def test_large_files_are_read_under_a_progress_bar(tally, monkeypatch) -> None:
    seen: list[tuple[int, int]] = []
    real = ballot_files.parse_ballots

    def spy(data, fmt, *, source="", progress=None):
        assert progress is not None

        def record(done: int, total: int) -> None:
            seen.append((done, total))
            progress(done, total)

        return real(data, fmt, source=source, progress=record)

    monkeypatch.setattr(ballot_files, "parse_ballots", spy)
    monkeypatch.setattr(tally_module, "PROGRESS_ABOVE", 5)  # the food file has 13 lines
    result = tally(str(FOOD), "--json")
    assert result.exit_code == 0, result.output
    assert seen and seen[-1][0] <= seen[-1][1] == FOOD.stat().st_size
    assert json.loads(result.stdout)["elected"] == ["Chocolate", "Orange", "Strawberry"]
