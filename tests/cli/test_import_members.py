"""`collegium import-members`: exit codes, the problems of a bad file, the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.models import JournalEntry
from collegium.registry.models import Member

DATA = Path(__file__).resolve().parent.parent / "data" / "registers"


@pytest.fixture
def run(org):
    _register()
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["import-members", *args])

    return invoke


def counts():
    return Member.objects.count(), JournalEntry.objects.count()


def test_a_good_file_is_imported_and_summarised(run, org):
    result = run(str(DATA / "good.csv"), "--organization", "test-union", "--as", "ada")
    assert result.exit_code == 0, result.output
    assert (
        "Imported 5 rows into Test Union: 5 added, 0 updated, 2 status changes, 0 unchanged."
        in result.stdout
    )
    assert "1 members of the register are not in the file; they were kept, not removed." in (
        result.stdout
    )
    assert Member.objects.filter(organization=org.organization).count() == 6
    assert JournalEntry.objects.filter(code="register.import").get().actor == "ada"

    result = run(str(DATA / "good-changed.csv"), "--organization", "test-union")
    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated, 2 status changes, 1 unchanged." in result.stdout
    # Without --as the operator imports, journaled as the system.
    assert JournalEntry.objects.filter(code="register.import").latest("sequence").actor == "system"


def test_a_bad_file_lists_each_problem_with_its_line_and_imports_nothing(run):
    before = counts()
    path = DATA / "bad-rows.csv"
    result = run(str(path), "--organization", "test-union")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}: line 5: the member number is missing" in lines
    assert f"{path}: line 8: email 'x@' is not a valid address" in lines
    assert f"{path}: line 14: a status_reason or status_date is given but no status" in lines
    assert lines[-1] == f"error: {path} has 10 problems; nothing was imported"
    assert result.stdout == ""
    assert counts() == before


def test_only_the_first_fifty_problems_are_printed_with_a_count_of_the_rest(run, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("number,name\n" + "".join(f"X-{i},\n" for i in range(1, 121)))
    result = run(str(path), "--organization", "test-union")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}: line 2: the name is missing"
    assert lines[49] == f"{path}: line 51: the name is missing"
    assert lines[50] == "… and 70 more problems"
    assert lines[51] == f"error: {path} has 120 problems; nothing was imported"


def test_a_status_change_without_reason_is_a_problem_of_its_line(run):
    assert run(str(DATA / "good.csv"), "--organization", "test-union").exit_code == 0
    path = DATA / "status-without-reason.csv"
    result = run(str(path), "--organization", "test-union")
    assert result.exit_code == 1
    assert (
        f"{path}: line 3: the status of M-101 changes from active to left, which needs a "
        "status_reason"
    ) in result.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--organization", "nowhere"], "error: there is no organization 'nowhere'"),
        (["--organization", "test-union", "--as", "nobody"], "error: there is no user 'nobody'"),
        (
            ["--organization", "test-union", "--as", "sam"],
            "error: Not permitted: adding members to the register needs one of the roles admin.",
        ),
    ],
)
def test_refusals_exit_non_zero_with_one_line(run, args, reason):
    before = counts()
    result = run(str(DATA / "good.csv"), *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == reason
    assert counts() == before


def test_a_missing_file_is_a_one_line_error(run, tmp_path):
    result = run(str(tmp_path / "missing.csv"), "--organization", "test-union")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot read {tmp_path / 'missing.csv'}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_organization_option_is_required(run):
    result = run(str(DATA / "good.csv"))
    assert result.exit_code == 2
    assert "--organization" in result.output
