"""Every `collegium` subcommand fails on one line, never with a traceback: before
`migrate`, with the database down, with a DATABASE_URL of an unknown scheme, and with
values out of range or too long."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

COLLEGIUM = [sys.executable, "-m", "collegium"]
LONG = "a" * 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLLEGIUM_DATA_DIR": str(data_dir), **env}
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    for name in ("COLLEGIUM_SECRET_KEY", "COLLEGIUM_DEMO", "COLLEGIUM_DEBUG"):
        environment.pop(name, None)
    return subprocess.run(
        [*COLLEGIUM, *args], env=environment, capture_output=True, text=True, timeout=120
    )


def _assert_one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    return lines[0]


def _commands(register: Path) -> dict[str, list[str]]:
    return {
        "serve": ["serve", "--port", str(_free_port())],
        "migrate": ["migrate"],
        "demo": ["demo", "--load-only"],
        "createadmin": ["createadmin", "root", "--password", "a long enough password"],
        "import-members": ["import-members", str(register), "--organization", "x"],
        "verify": ["verify"],
        "journal head": ["journal", "head", "--organization", "@installation"],
        "token issue": ["token", "issue", "--user", "root", "--name", "script"],
        "token revoke": ["token", "revoke", "1"],
        "organization create": ["organization", "create", "--name", "X", "--slug", "x"],
        "organization add-admin": [
            "organization",
            "add-admin",
            "--organization",
            "x",
            "--username",
            "root",
        ],
        "export-members": ["export-members", "--organization", "x"],
        "invite-members": [
            "invite-members",
            "--organization",
            "x",
            "--everyone",
            "--site-url",
            "https://x.org",
        ],
        "journal export": ["journal", "export", "--organization", "@installation"],
        "body add-secretary": [
            "body",
            "add-secretary",
            "--organization",
            "x",
            "--body",
            "y",
            "--username",
            "z",
        ],
        "body remove-secretary": [
            "body",
            "remove-secretary",
            "--organization",
            "x",
            "--body",
            "y",
            "--username",
            "z",
        ],
    }


CONDITIONS = {
    "unmigrated": {},
    "database down": {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/x",
        "COLLEGIUM_DB_POOL_TIMEOUT": "0.3",
    },
    "unknown scheme": {"DATABASE_URL": "foo://x"},
    "bad setting": {"COLLEGIUM_HSTS_SECONDS": "a year"},
}
HINTS = {
    "unmigrated": "collegium migrate",
    "database down": "database",
    "unknown scheme": "settings",
    "bad setting": "COLLEGIUM_HSTS_SECONDS",
}
# Before `migrate`, these two succeed: they migrate.
MIGRATING = {"migrate", "demo"}


CASES = [
    (command, condition)
    for command in sorted(_commands(Path("x")))
    for condition in sorted(CONDITIONS)
    if not (condition == "unmigrated" and command in MIGRATING)
]


@pytest.mark.slow  # 62 subprocesses: about 20 s on two workers
@pytest.mark.parametrize(("command", "condition"), CASES)
def test_a_command_fails_on_one_line(tmp_path, condition, command):
    register = tmp_path / "register.csv"
    register.write_text("number,name\n1,A\n")
    result = _run(_commands(register)[command], tmp_path / "data", **CONDITIONS[condition])
    line = _assert_one_line_failure(result)
    assert HINTS[condition] in line


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("migrated")
    assert _run(["migrate"], data).returncode == 0
    made = _run(["createadmin", "root", "--password", "a long enough password"], data)
    assert made.returncode == 0, made.stderr
    return data


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["serve", "--port", "99999"], "65535"),
        (["demo", "--port", "0", "--load-only"], "--port"),
        (["serve", "--host", "0.0.0.0", "--port", "8000"], "COLLEGIUM_SECRET_KEY"),
        (["createadmin", LONG, "--password", "a long enough password"], "at most 150"),
        (["token", "issue", "--user", "root", "--name", LONG], "at most 100"),
        (["token", "issue", "--user", "[/oops]", "--name", "script"], "'[/oops]'"),
        (["import-members", "/no/such/file.csv", "--organization", LONG], "cannot read"),
        (["verify", "--organization", LONG], "no organization"),
        (["bogus"], "No such command"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_a_bad_value_fails_on_one_line(migrated, args, hint):
    line = _assert_one_line_failure(_run(args, migrated))
    assert hint in line


def test_import_members_names_a_missing_organization(migrated, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("number,name\n1,A\n")
    result = _run(["import-members", str(register), "--organization", f"[/x]{LONG}"], migrated)
    assert "there is no organization '[/x]" in _assert_one_line_failure(result)


def test_markup_in_names_is_printed_as_it_is(migrated):
    made = _run(["createadmin", "[/x]admin", "--password", "a long enough password"], migrated)
    assert made.returncode == 0, made.stderr
    assert "'[/x]admin'" in made.stdout
    issued = _run(["token", "issue", "--user", "[/x]admin", "--name", "[bold]x[/y]"], migrated)
    assert issued.returncode == 0, issued.stderr
    assert "([bold]x[/y]," in issued.stdout
