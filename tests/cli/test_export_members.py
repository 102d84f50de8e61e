"""`collegium export-members`: the register to a file or standard output, in the columns
`import-members` reads, so that the file imports back unchanged."""

from __future__ import annotations

from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status, register_member
from collegium.registry.importing import COLUMNS
from collegium.registry.models import MemberStatus


def _invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_export_to_a_file_then_import_it_back_unchanged(org, tmp_path):
    other = register_member(
        actor=SYSTEM, organization=org.organization, number="K-2", name="Kamenev, Lev"
    )
    change_member_status(
        actor=SYSTEM, member=other, status=MemberStatus.SUSPENDED, reason="opposition"
    )
    target = tmp_path / "register.csv"
    exported = _invoke("export-members", "--organization", "test-union", "-o", str(target))
    assert exported.exit_code == 0, exported.output
    assert f"Wrote the register of Test Union to {target}." in exported.stdout
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert '"Kamenev, Lev"' in lines[1] + lines[2]
    entries = JournalEntry.objects.count()
    imported = _invoke("import-members", str(target), "--organization", "test-union")
    assert imported.exit_code == 0, imported.output
    assert "0 added, 0 updated, 0 status changes, 2 unchanged." in imported.stdout
    assert list(JournalEntry.objects.order_by("pk")[entries:].values_list("code", flat=True)) == [
        "register.import"
    ]


def test_export_to_standard_output(org):
    result = _invoke("export-members", "--organization", "test-union")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("M-1,Mia Member,,North,active,admitted,")


def test_an_unknown_organization_is_one_line(db):
    result = _invoke("export-members", "--organization", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: there is no organization 'nope'"
