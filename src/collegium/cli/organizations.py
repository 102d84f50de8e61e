"""`collegium organization create` and `collegium organization add-admin`: the operator
sets up an organization and names its administrators, through the same actions as the
page /organizations/new/ and `POST /api/organizations`."""

from __future__ import annotations

from typing import Annotated

import typer

from collegium.cli import app, console, fail, require_migrated, setup_django

organization = typer.Typer(help="Organizations: set one up, name its administrators.")
app.add_typer(organization, name="organization")


@organization.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="The organization's name.")],
    slug: Annotated[
        str, typer.Option("--slug", help="Short name for its addresses: a-z, digits, hyphens.")
    ],
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            help="A language of its pages (repeat; the first is the default). Default: the site's.",
        ),
    ] = None,
    time_zone: Annotated[
        str, typer.Option("--time-zone", help="IANA time zone, e.g. Europe/Berlin. Default: UTC.")
    ] = "",
    description: Annotated[str, typer.Option("--description", help="A few sentences.")] = "",
    admin: Annotated[
        str, typer.Option("--admin", help="Login name of its first administrator.")
    ] = "",
) -> None:
    """Create an organization and name its first administrator."""
    setup_django()
    require_migrated()
    from django.utils.translation import gettext as _

    from collegium.journal.actors import OPERATOR_CLI
    from collegium.registry.actions import create_organization
    from collegium.rules.errors import RuleError

    try:
        created = create_organization(
            actor=OPERATOR_CLI,
            name=name,
            slug=slug,
            description=description,
            languages=language or (),
            time_zone=time_zone,
            admin=admin,
        )
    except RuleError as refused:
        fail(str(refused))
    console.print(
        _("Created %(name)s at /o/%(slug)s/ (languages %(languages)s, time zone %(zone)s).")
        % {
            "name": created.name,
            "slug": created.slug,
            "languages": ", ".join(created.languages),
            "zone": created.time_zone,
        },
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if admin:
        console.print(
            _("%(username)s administers it.") % {"username": admin.strip()},
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


@organization.command("add-admin")
def add_admin_command(
    slug: Annotated[str, typer.Option("--organization", help="Short name of the organization.")],
    username: Annotated[str, typer.Option("--username", help="Login name of the new admin.")],
) -> None:
    """Name an administrator of an organization (the operator may always do so)."""
    setup_django()
    require_migrated()
    from django.utils.translation import gettext as _

    from collegium.journal.actors import OPERATOR_CLI
    from collegium.registry.actions import add_admin
    from collegium.registry.models import Organization
    from collegium.rules.errors import RuleError

    target = Organization.objects.filter(slug=slug).first()
    if target is None:
        fail(_("there is no organization %(slug)r") % {"slug": slug})
    try:
        add_admin(actor=OPERATOR_CLI, organization=target, username=username)
    except RuleError as refused:
        fail(str(refused))
    console.print(
        _("%(username)s is now an administrator of %(organization)s.")
        % {"username": username.strip(), "organization": target.name},
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
