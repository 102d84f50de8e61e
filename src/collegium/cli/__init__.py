"""The `collegium` command. Each group of subcommands lives in its own module here.

Commands that touch the database call `setup_django()` first, then `require_migrated()`
(all but `migrate` and `demo`, which migrate); `tally` needs neither. Every command exits
non-zero with a one-line reason on failure (see `fail`, and `main` for the failures of
settings and database that any command may meet). Django, Rich's heavier parts and the
rules are imported inside the commands, so `collegium --help` starts quickly.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from django.db.models import Model

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
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as error:  # an environment setting is wrong
        fail(f"the settings are wrong: {error} (see docs/operations.md)")


def require_migrated() -> None:
    """Refuse, on one line, to work on a database that `collegium migrate` has not brought
    up to date (its tables would be missing or stale)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        with quiet_pool():
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database cannot be reached or read
        fail(f"the database cannot be read: {error}")
    if pending:
        fail("the database needs migrating first: run `collegium migrate`")


@contextmanager
def quiet_pool() -> Iterator[None]:
    """Keep the PostgreSQL pool's retries (a warning of several lines each) off the
    terminal while a command first reaches the database: its failure is told on one line."""
    pool_log = logging.getLogger("psycopg.pool")
    level = pool_log.level
    pool_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        pool_log.setLevel(level)


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def fail(reason: str, code: int = 1) -> NoReturn:
    """Print a one-line reason to stderr, as it is (no Rich markup), and exit non-zero."""
    err_console.print(
        Text.assemble(("error:", "bold red"), " ", one_line(reason)),
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(code)


def require_fits(value: str, model: type[Model], field: str, what: str) -> None:
    """Refuse, on one line, a value longer than the model's column holds (PostgreSQL
    would refuse it with an error; SQLite would keep it)."""
    most = getattr(model._meta.get_field(field), "max_length", None)
    if most is not None and len(value) > most:
        fail(f"{what} is {len(value)} characters long; at most {most} are allowed")


def _failure_reason(error: Exception) -> str | None:
    """What to tell the operator about a failure of settings or database that escaped a
    command, or None for a fault of the program (shown with its traceback)."""
    if "django" not in sys.modules:
        return None
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import DatabaseError

    if isinstance(error, DatabaseError):
        return f"the database refused the command: {error} (is it running and migrated?)"
    if isinstance(error, ImproperlyConfigured):
        return f"the settings are wrong: {error} (see docs/operations.md)"
    return None


def _register() -> None:
    # Imported for their side effect of adding commands to `app`.
    from collegium.cli import bodies, journal, members, organizations, server, tally, tokens  # noqa: F401


def main() -> None:
    _register()
    try:
        # Not standalone: click's usage errors come here, to be told on one line too.
        code = app(standalone_mode=False)
    except typer.TyperException as error:  # click's: a usage error, a missing file…
        if type(error).__name__ == "NoArgsIsHelpError":  # `collegium` alone: the help
            error.show()  # type: ignore[attr-defined]
            sys.exit(0)
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "collegium"
        message = error.format_message()
        _exit(f"{message} (see `{command} --help`)", getattr(error, "exit_code", 2))
    except typer.Abort:
        _exit("aborted", 1)
    except Exception as error:
        reason = _failure_reason(error)
        if reason is None:
            raise
        _exit(reason, 1)
    sys.exit(code if isinstance(code, int) else 0)


def _exit(reason: str, code: int) -> NoReturn:
    try:
        fail(reason, code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
