"""Issuing and revoking API tokens. Like every action, each runs in one transaction and
journals itself; the token itself is never journaled, only its name and prefix."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.models import ApiToken, TokenScope, token_digest
from collegium.access.permissions import NotPermitted, is_operator
from collegium.journal.actions import action, installation, record
from collegium.journal.actors import Actor
from collegium.rules.errors import RuleError

# Recognisable in logs and secret scanners; the random part carries 256 bits.
TOKEN_PREFIX = "clg_"


def _require_self_or_operator(actor: Actor, user: User) -> None:
    if not is_operator(actor) and actor.user is not None and actor.user.pk != user.pk:
        raise NotPermitted(_("Not permitted: only a user themselves can manage their API tokens."))


@action(chain=installation)
def issue_token(
    *,
    actor: Actor,
    user: User,
    name: str,
    days: int | None = None,
    scope: str = TokenScope.WRITE,
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the stored row and the token, shown only now. It
    expires after `days` (settings.COLLEGIUM_TOKEN_DAYS when not given, at most
    COLLEGIUM_TOKEN_MAX_DAYS); a `read` token may only read."""
    _require_self_or_operator(actor, user)
    name = name.strip()
    if not name:
        raise RuleError(_("An API token needs a name."), rule="token.name")
    if scope not in TokenScope.values:
        raise RuleError(
            _("An API token's scope is read or write, not %(scope)s.") % {"scope": scope},
            rule="token.scope",
        )
    if days is None:
        days = settings.COLLEGIUM_TOKEN_DAYS
    most = settings.COLLEGIUM_TOKEN_MAX_DAYS
    if not 1 <= days <= most:
        raise RuleError(
            _("An API token lasts from 1 to %(most)d days.") % {"most": most},
            rule="token.days",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        digest=token_digest(secret),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record(
        "access.token.issued",
        actor=actor,
        organization=None,
        obj=token,
        payload={
            "user": user.get_username(),
            "name": name,
            "prefix": token.prefix,
            "scope": scope,
            "days": days,
        },
    )
    return token, secret


@action(chain=installation)
def revoke_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _require_self_or_operator(actor, token.user)
    if token.revoked_at is not None:
        raise RuleError(
            _("The token %(name)s was already revoked.") % {"name": token.name},
            rule="token.revoked",
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        "access.token.revoked",
        actor=actor,
        organization=None,
        obj=token,
        payload={"user": token.user.get_username(), "name": token.name, "prefix": token.prefix},
    )
    return token


@action(chain=installation)
def create_account(
    *, actor: Actor, username: str, password: str, email: str = "", operator: bool = False
) -> User:
    """A login. An operator account (Django superuser) may create organizations; any
    other login gets its roles from the register and the bodies. Only the system (the
    `collegium` command, the demo loader) or an operator creates accounts."""
    if not is_operator(actor):
        raise NotPermitted(_("Not permitted: only an operator can create an account."))
    if User.objects.filter(username=username).exists():
        raise RuleError(
            _("A user named %(name)s exists already.") % {"name": username},
            rule="account.unique-name",
        )
    try:
        validate_password(password, user=User(username=username, email=email))
    except ValidationError as error:
        raise RuleError(
            _("The password is refused: %(reasons)s") % {"reasons": " ".join(error.messages)},
            rule="account.password",
        ) from error
    make = User.objects.create_superuser if operator else User.objects.create_user
    user = make(username, email=email, password=password)
    record(
        "access.operator.created" if operator else "access.account.created",
        actor=actor,
        organization=None,
        obj=user,
        payload={"username": username},
    )
    return user
