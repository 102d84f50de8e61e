"""The `collegium` command. Each group of subcommands lives in its own module here.

Commands that touch the database call `setup_django()` first; `tally` does not need it.
Every command exits non-zero with a one-line reason on failure (see `fail`).
"""

from __future__ import annotations

import os
from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="collegium",
    help="Collegium: congresses, committees and member ballots under enforced standing orders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()


def require_migrated() -> None:
    """Refuse, on one line, to work on a database that `collegium migrate` has not brought
    up to date (its tables would be missing or stale)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database cannot be reached or read
        fail(f"the database cannot be read: {error}")
    if pending:
        fail("the database needs migrating first: run `collegium migrate`")


def fail(reason: str, code: int = 1) -> NoReturn:
    """Print a one-line reason to stderr and exit non-zero."""
    err_console.print(f"[bold red]error:[/] {reason}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _register() -> None:
    # Imported for their side effect of adding commands to `app`.
    from collegium.cli import journal, members, server, tally, tokens  # noqa: F401


def main() -> None:
    _register()
    app()
