"""`collegium body add-secretary` and `collegium body remove-secretary`: the operator names
and removes a body's secretaries, through the same actions as the body page's
"Secretaries" section and `POST /api/organizations/{slug}/bodies/{body_slug}/secretaries`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from collegium.cli import app, console, fail, require_migrated, setup_django

if TYPE_CHECKING:
    from collegium.bodies.models import Body

body = typer.Typer(help="Bodies: name and remove their secretaries.")
app.add_typer(body, name="body")

_ORGANIZATION = typer.Option("--organization", help="Short name of the organization.")
_BODY = typer.Option("--body", help="Short name of the body.")


def _body(slug: str, body_slug: str) -> Body:
    from django.utils.translation import gettext as _

    from collegium.bodies.models import Body
    from collegium.registry.models import Organization

    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        fail(_("there is no organization %(slug)r") % {"slug": slug})
    found = Body.objects.filter(organization=organization, slug=body_slug).first()
    if found is None:
        fail(
            _("%(organization)s has no body named %(slug)s.")
            % {"organization": organization.name, "slug": body_slug}
        )
    return found


def _say(text: str) -> None:
    console.print(text, highlight=False, markup=False, soft_wrap=True)


@body.command("add-secretary")
def add_secretary_command(
    slug: Annotated[str, _ORGANIZATION],
    body_slug: Annotated[str, _BODY],
    username: Annotated[str, typer.Option("--username", help="Login name of the secretary.")],
) -> None:
    """Name a login secretary of a body."""
    setup_django()
    require_migrated()
    from django.utils.translation import gettext as _

    from collegium.bodies.actions import add_secretary
    from collegium.journal.actors import OPERATOR_CLI
    from collegium.rules.errors import RuleError

    target = _body(slug, body_slug)
    try:
        named = add_secretary(actor=OPERATOR_CLI, body=target, username=username)
    except RuleError as refused:
        fail(str(refused))
    _say(
        _("%(username)s is now a secretary of %(body)s.")
        % {"username": named.username, "body": target.name}
    )


@body.command("remove-secretary")
def remove_secretary_command(
    slug: Annotated[str, _ORGANIZATION],
    body_slug: Annotated[str, _BODY],
    username: Annotated[str, typer.Option("--username", help="Login name of the secretary.")],
) -> None:
    """Take a login off a body's secretaries."""
    setup_django()
    require_migrated()
    from django.utils.translation import gettext as _

    from collegium.bodies.actions import remove_secretary
    from collegium.journal.actors import OPERATOR_CLI
    from collegium.rules.errors import RuleError

    target = _body(slug, body_slug)
    try:
        remove_secretary(actor=OPERATOR_CLI, body=target, username=username)
    except RuleError as refused:
        fail(str(refused))
    _say(
        _("%(username)s is no longer a secretary of %(body)s.")
        % {"username": username.strip(), "body": target.name}
    )
