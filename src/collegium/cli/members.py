"""`collegium import-members FILE --organization SLUG [--as USERNAME]`: the register from CSV;
`collegium export-members --organization SLUG [-o FILE]`: the register to CSV, in the
same columns, so that an export imports back unchanged.

The file format is described in `collegium.registry.importing`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, TextIO

import typer

from collegium.cli import app, console, err_console, fail, require_migrated, setup_django

# A bad file's problems printed before "and N more"; the rest are in the count.
PROBLEMS_SHOWN = 50


@app.command("import-members")
def import_members_command(
    file: Annotated[Path, typer.Argument(help="The register as CSV (UTF-8, header row).")],
    organization: Annotated[
        str, typer.Option("--organization", help="Short name (slug) of the organization.")
    ],
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="Import as this user (an admin); default: the operator."),
    ] = None,
) -> None:
    """Import or update the membership register from a CSV file, all rows or none."""
    setup_django()
    require_migrated()
    from django.contrib.auth.models import User
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from collegium.journal.actors import OPERATOR_CLI, Actor, Channel
    from collegium.registry.actions import import_members
    from collegium.registry.importing import RegisterFileInvalid, parse_register
    from collegium.registry.models import Organization
    from collegium.rules.errors import RuleError

    try:
        data = file.read_bytes()
    except OSError as error:
        fail(_("cannot read %(file)s: %(error)s") % {"file": file, "error": error})
    target = Organization.objects.filter(slug=organization).first()
    if target is None:
        fail(_("there is no organization %(slug)r") % {"slug": organization})
    actor = OPERATOR_CLI
    if as_user is not None:
        user = User.objects.filter(username=as_user).first()
        if user is None:
            fail(_("there is no user %(username)r") % {"username": as_user})
        actor = Actor(user, Channel.CLI)

    try:
        rows = parse_register(data)
        with Progress(
            TextColumn(_("importing")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=len(rows))
            summary = import_members(
                actor=actor,
                organization=target,
                rows=rows,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except RegisterFileInvalid as invalid:
        for problem in invalid.problems[:PROBLEMS_SHOWN]:
            err_console.print(f"{file}: {problem}", highlight=False, markup=False, soft_wrap=True)
        # The import keeps at most 1,000 problems; `count` is how many it found.
        hidden = invalid.count - min(len(invalid.problems), PROBLEMS_SHOWN)
        if hidden > 0:
            err_console.print(
                _("… and %(count)d more problems") % {"count": hidden}, highlight=False
            )
        fail(
            ngettext(
                "%(file)s has %(count)d problem; nothing was imported",
                "%(file)s has %(count)d problems; nothing was imported",
                invalid.count,
            )
            % {"file": file, "count": invalid.count}
        )
    except RuleError as refused:
        fail(str(refused))

    console.print(
        _(
            "Imported %(rows)d rows into %(organization)s: %(added)d added, %(updated)d "
            "updated, %(status_changed)d status changes, %(unchanged)d unchanged."
        )
        % {"rows": len(rows), "organization": target.name, **asdict(summary)},
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if summary.not_in_file:
        console.print(
            _("%(count)d members of the register are not in the file; they were kept, not removed.")
            % {"count": summary.not_in_file},
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


@app.command("export-members")
def export_members_command(
    organization: Annotated[
        str, typer.Option("--organization", help="Short name (slug) of the organization.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file; default: standard output."),
    ] = None,
) -> None:
    """Export the membership register as CSV, in the columns `import-members` reads."""
    setup_django()
    require_migrated()
    from django.utils.translation import gettext as _

    from collegium.registry.exports import register_csv
    from collegium.registry.models import Organization

    target = Organization.objects.filter(slug=organization).first()
    if target is None:
        fail(_("there is no organization %(slug)r") % {"slug": organization})
    if output is None:
        _write(sys.stdout, register_csv(target))
        return
    try:
        # newline="": the CSV writer ends its lines itself.
        with output.open("w", encoding="utf-8", newline="") as file:
            _write(file, register_csv(target))
    except OSError as error:
        fail(_("cannot write %(file)s: %(error)s") % {"file": output, "error": error})
    console.print(
        _("Wrote the register of %(organization)s to %(file)s.")
        % {"organization": target.name, "file": output},
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def _write(out: TextIO, pieces: Iterator[str]) -> None:
    for piece in pieces:
        out.write(piece)
    out.flush()


@app.command("invite-members")
def invite_members_command(
    organization: Annotated[
        str, typer.Option("--organization", help="Short name (slug) of the organization.")
    ],
    site_url: Annotated[
        str,
        typer.Option(
            "--site-url",
            envvar="COLLEGIUM_SITE_URL",
            help="The address members open, e.g. https://congress.example.org (the links "
            "in the emails lead there).",
        ),
    ],
    number: Annotated[
        list[str] | None, typer.Option("--number", help="A member to invite (repeatable).")
    ] = None,
    everyone: Annotated[
        bool,
        typer.Option(
            "--everyone", help="Every active member with an email address and no login yet."
        ),
    ] = False,
) -> None:
    """Invite members by email to choose a password for their login (a one-time link)."""
    if everyone == bool(number):
        fail("give --number (one or more times) or --everyone")
    if not site_url.startswith(("https://", "http://")):
        fail("--site-url must start with https:// (or http:// for a test installation)")
    setup_django()
    require_migrated()
    from django.urls import reverse

    from collegium.journal.actors import OPERATOR_CLI
    from collegium.registry.invitations import invite_members
    from collegium.registry.models import Organization
    from collegium.rules.errors import RuleError
    from collegium.web.invitation_mail import send_invitations

    target = Organization.objects.filter(slug=organization).first()
    if target is None:
        fail(f"no organization with the slug {organization!r}")
    base = site_url.rstrip("/")
    try:
        result = invite_members(actor=OPERATOR_CLI, organization=target, numbers=number)
        send_invitations(result, lambda token: base + reverse("welcome", args=[token]))
    except RuleError as refused:
        fail(str(refused))
    except OSError as error:  # the mail server cannot be reached
        fail(f"the invitations were recorded but the email could not be sent: {error}")
    for member, reason in result.skipped:
        err_console.print(f"not invited: {member.number} {member.name}: {reason}", markup=False)
    console.print(f"{len(result.sent)} invitation(s) sent.", highlight=False)
