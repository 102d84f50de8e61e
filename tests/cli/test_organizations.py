"""`collegium organization create`: the operator's set-up from the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.models import JournalEntry
from collegium.registry.models import Organization


def _invoke(*args: str):
    _register()
    return CliRunner().invoke(app, ["organization", "create", *args])


def test_the_operator_creates_an_organization_with_its_admin(org):
    result = _invoke(
        "--name",
        "Metal Workers",
        "--slug",
        "metal",
        "--language",
        "de",
        "--language",
        "en",
        "--time-zone",
        "Europe/Berlin",
        "--admin",
        "ada",
    )
    assert result.exit_code == 0, result.output
    assert "Created Metal Workers at /o/metal/ (languages de, en, time zone Europe/Berlin)." in (
        result.stdout
    )
    assert "ada administers it." in result.stdout
    created = Organization.objects.get(slug="metal")
    assert (created.languages, created.time_zone) == (["de", "en"], "Europe/Berlin")
    assert list(created.admins.values_list("username", flat=True)) == ["ada"]
    entry = JournalEntry.objects.get(code="organization.created", payload__slug="metal")
    assert (entry.actor, entry.channel) == ("system", "cli")


def test_defaults_are_the_sites(db):
    result = _invoke("--name", "Plain", "--slug", "plain")
    assert result.exit_code == 0, result.output
    plain = Organization.objects.get(slug="plain")
    assert (plain.languages, plain.time_zone, plain.admins.count()) == (["en"], "UTC", 0)


def test_a_refusal_is_one_line_and_creates_nothing(org):
    for args, reason in [
        (["--slug", "test-union"], "exists already"),
        (["--slug", "Bad Slug"], "may hold only lower-case letters"),
        (["--slug", "x", "--language", "fr"], "Unknown language 'fr'"),
        (["--slug", "x", "--time-zone", "Mars/Base"], "is not a time zone"),
        (["--slug", "x", "--admin", "nobody"], "There is no login named 'nobody'."),
    ]:
        before = Organization.objects.count()
        result = _invoke("--name", "X", *args)
        assert result.exit_code == 1, args
        assert reason in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("error:")
        assert Organization.objects.count() == before


def test_the_operator_names_an_admin_of_an_existing_organization(org):
    _register()
    runner = CliRunner()
    named = runner.invoke(
        app, ["organization", "add-admin", "--organization", "test-union", "--username", "otto"]
    )
    assert named.exit_code == 0, named.output
    assert "otto is now an administrator of Test Union." in named.stdout
    assert "otto" in org.organization.admins.values_list("username", flat=True)
    again = runner.invoke(
        app, ["organization", "add-admin", "--organization", "test-union", "--username", "otto"]
    )
    assert again.exit_code == 1
    assert "is already an administrator" in again.stderr
    unknown = runner.invoke(
        app, ["organization", "add-admin", "--organization", "nope", "--username", "otto"]
    )
    assert unknown.stderr.strip() == "error: there is no organization 'nope'"
