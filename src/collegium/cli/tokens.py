"""`collegium token issue|revoke`: API tokens for scripts, issued by the operator."""

from __future__ import annotations

import typer

from collegium.cli import app, console, fail, require_fits, require_migrated, setup_django

tokens = typer.Typer(help="Issue and revoke API tokens (Authorization: Bearer …).")
app.add_typer(tokens, name="token")


@tokens.command("issue")
def issue(
    user: str = typer.Option(..., "--user", help="Login name the token acts as."),
    name: str = typer.Option(..., "--name", help="What the token is for."),
    days: int | None = typer.Option(
        None, "--days", help="Days until it expires (default: COLLEGIUM_TOKEN_DAYS, 90)."
    ),
    scope: str = typer.Option(
        "write", "--scope", help="read (reads only) or write (reads and writes)."
    ),
) -> None:
    """Issue a token; it is printed once and stored only as a digest."""
    setup_django()
    require_migrated()
    from django.contrib.auth.models import User

    from collegium.access.actions import issue_token
    from collegium.access.models import ApiToken
    from collegium.journal.actors import OPERATOR_CLI
    from collegium.rules.errors import RuleError

    require_fits(name, ApiToken, "name", "the token's name")
    owner = User.objects.filter(username=user).first()
    if owner is None:
        fail(f"no user named {user!r}")
    try:
        token, secret = issue_token(
            actor=OPERATOR_CLI, user=owner, name=name, days=days, scope=scope
        )
    except RuleError as refused:
        fail(str(refused))
    console.print(
        f"Token {token.pk} for {user} ({name}, {token.scope}, expires {token.expires_at:%Y-%m-%d});"
        " keep it now, it is not shown again:",
        markup=False,
        highlight=False,
    )
    print(secret)


@tokens.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="The token's number.")) -> None:
    """Revoke a token at once."""
    setup_django()
    require_migrated()
    from collegium.access.actions import revoke_token
    from collegium.access.models import ApiToken
    from collegium.journal.actors import OPERATOR_CLI
    from collegium.rules.errors import RuleError

    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        fail(f"no token number {token_id}")
    try:
        revoke_token(actor=OPERATOR_CLI, token=token)
    except RuleError as refused:
        fail(str(refused))
    console.print(f"Token {token_id} revoked.")
