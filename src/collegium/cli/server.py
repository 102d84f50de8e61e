"""`collegium serve`, `migrate`, `demo` and `createadmin`."""

from __future__ import annotations

import getpass
import os
import sys

import typer

from collegium.cli import (
    app,
    console,
    fail,
    quiet_pool,
    require_fits,
    require_migrated,
    setup_django,
)


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    with quiet_pool():
        call_command("migrate", interactive=False, verbosity=verbosity)


LOOPBACK = {"127.0.0.1", "::1", "[::1]", "localhost"}


def _refuse_development_key(host: str, demo: bool) -> None:
    """With debug off, serve with the development secret key only on a loopback address
    or as the demo (COLLEGIUM_DEMO=1, or `collegium demo`): anyone who can reach the
    server could otherwise forge sessions signed with the published key."""
    from django.conf import settings

    if settings.DEBUG or settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return
    if demo or os.environ.get("COLLEGIUM_DEMO") == "1" or host in LOOPBACK:
        return
    fail(
        f"set COLLEGIUM_SECRET_KEY to serve on {host}: the development key is for loopback "
        "addresses and the demo only (docs/operations.md)"
    )


def _serve(host: str, port: int, *, demo: bool = False) -> None:
    import gc

    import uvicorn
    from django.db import connections

    _refuse_development_key(host, demo)
    # Whatever was read before serving (the migration check) gives its connection back:
    # on PostgreSQL it would otherwise hold one of the pool's for good.
    connections.close_all()

    # With a thousand open live streams a process holds many long-lived objects, and
    # Python's default threshold (700) makes full collections pause it for 200 ms and more:
    # the slow tail of live updates (bench/live_fanout.py; docs/operations.md).
    threshold = int(os.environ.get("COLLEGIUM_GC_THRESHOLD", "50000") or 0)
    if threshold > 0:
        gc.set_threshold(threshold, 50, 100)
    # Worker threads (a batch of ballots committing, voting/batching.py) wait on the
    # database many times per transaction; each time they take the interpreter back from
    # the event loop, which by default keeps it up to 5 ms.
    switch = float(os.environ.get("COLLEGIUM_SWITCH_INTERVAL", "0.0005") or 0)
    if switch > 0:
        sys.setswitchinterval(switch)

    console.print(f"Collegium at http://{host}:{port}/  (Ctrl+C stops it)", markup=False)
    uvicorn.run("collegium.asgi:application", host=host, port=port, log_level="warning")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve Collegium (ASGI, uvicorn)."""
    setup_django()
    require_migrated()
    _serve(host, port)


@app.command()
def migrate() -> None:
    """Create or update the database tables."""
    setup_django()
    try:
        _migrate(verbosity=1)
    except Exception as error:  # the reason is all an operator needs on one line
        fail(f"cannot migrate the database: {error}")


@app.command()
def demo(
    port: int = typer.Option(8000, min=1, max=65535, help="Port to serve the demo on."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    load_only: bool = typer.Option(False, "--load-only", help="Load the demo, do not serve."),
) -> None:
    """Migrate, load the Twentieth Congress example (once) and serve it."""
    setup_django()
    from collegium.demo.load import DEMO_PASSWORD, DEMO_USERS, load_demo

    _migrate()
    with console.status("Loading the example organization…"):
        organizations = load_demo(progress=lambda line: console.print(line, soft_wrap=True))
    names = ", ".join(o.name for o in organizations)
    console.print(f"[bold]Demo loaded:[/] {names}", soft_wrap=True)
    for username, role in DEMO_USERS.items():
        console.print(
            f"  sign in as [bold]{username}[/] / [bold]{DEMO_PASSWORD}[/] — {role}", soft_wrap=True
        )
    if not load_only:
        _serve(host, port, demo=True)


@app.command()
def createadmin(
    username: str = typer.Argument(..., help="Login name of the operator account."),
    email: str = typer.Option("", help="Email address."),
    password: str = typer.Option(
        "", help="Password (asked for when not given; prefer the prompt)."
    ),
) -> None:
    """Create an operator account (Django superuser): it may create organizations."""
    setup_django()
    require_migrated()
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from collegium.access.actions import create_account
    from collegium.journal.actors import OPERATOR_CLI
    from collegium.rules.errors import RuleError

    require_fits(username, User, "username", "the login name")
    require_fits(email, User, "email", "the email address")
    if User.objects.filter(username=username).exists():
        fail(f"a user named {username!r} exists already")
    if not password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            fail("the two passwords differ")
    try:
        # Asked here too, so that a refused password fails before anything is written;
        # create_account checks it again (as for every account).
        validate_password(password, user=User(username=username, email=email))
    except ValidationError as error:
        fail(" ".join(error.messages))
    try:
        create_account(
            actor=OPERATOR_CLI,
            username=username,
            email=email,
            password=password,
            operator=True,
        )
    except RuleError as refused:
        fail(str(refused))
    console.print(f"Created operator account {username!r}.", markup=False, highlight=False)
