"""`collegium body add-secretary` / `remove-secretary`: the operator names and removes a
body's secretaries through the actions, journaled as the operator's CLI."""

from __future__ import annotations

from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.models import JournalEntry


def _invoke(command: str, *args: str):
    _register()
    return CliRunner().invoke(app, ["body", command, *args])


def _names(org) -> list[str]:
    return list(org.committee.secretaries.order_by("username").values_list("username", flat=True))


def test_the_operator_names_and_removes_a_secretary(org):
    where = ("--organization", "test-union", "--body", "cc")
    named = _invoke("add-secretary", *where, "--username", "otto")
    assert named.exit_code == 0, named.output
    assert "otto is now a secretary of Central Committee." in named.stdout
    assert _names(org) == ["otto", "sam"]
    entry = JournalEntry.objects.get(code="body.secretary.added", payload__username="otto")
    assert (entry.actor, entry.channel, entry.payload["body"]) == ("system", "cli", "cc")
    removed = _invoke("remove-secretary", *where, "--username", "otto")
    assert removed.exit_code == 0, removed.output
    assert "otto is no longer a secretary of Central Committee." in removed.stdout
    assert _names(org) == ["sam"]
    assert JournalEntry.objects.filter(code="body.secretary.removed").count() == 1


def test_each_refusal_is_one_line_and_changes_nothing(org):
    where = ("--organization", "test-union", "--body", "cc")
    cases = [
        (("add-secretary", *where, "--username", "nobody"), "There is no login named 'nobody'."),
        (("add-secretary", *where, "--username", "sam"), "sam is already a secretary"),
        (("remove-secretary", *where, "--username", "otto"), "otto is not a secretary"),
        (
            ("add-secretary", "--organization", "test-union", "--body", "nope", "--username", "x"),
            "Test Union has no body named nope.",
        ),
        (
            ("add-secretary", "--organization", "nope", "--body", "cc", "--username", "x"),
            "there is no organization 'nope'",
        ),
    ]
    before = JournalEntry.objects.count()
    for args, reason in cases:
        result = _invoke(*args)
        assert result.exit_code != 0, args
        assert reason in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert _names(org) == ["sam"]
    assert JournalEntry.objects.count() == before
