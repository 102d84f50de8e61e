"""`collegium import-members FILE --organization SLUG [--as USERNAME]`: the register from CSV.

The file format is described in `collegium.registry.importing`.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

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
        hidden = len(invalid.problems) - PROBLEMS_SHOWN
        if hidden > 0:
            err_console.print(
                _("… and %(count)d more problems") % {"count": hidden}, highlight=False
            )
        fail(
            ngettext(
                "%(file)s has %(count)d problem; nothing was imported",
                "%(file)s has %(count)d problems; nothing was imported",
                len(invalid.problems),
            )
            % {"file": file, "count": len(invalid.problems)}
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
