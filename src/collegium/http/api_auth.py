"""Who is calling the API. Scripts send `Authorization: Bearer <token>`; pages' JavaScript
and the interactive docs use the session cookie (CSRF checked on unsafe methods whenever
the cookie is sent); anyone else is the public role. Reads accept all three (`READ`),
writes only the first two (`WRITE`: an anonymous write, with neither a token nor a session
cookie, gets 401 before any action runs)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from collegium.access.models import ApiToken, TokenScope, token_digest
from collegium.access.permissions import NotPermitted
from collegium.journal.actors import Actor

# A token's last use is written at most this often, not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenUnusable(AuthenticationError):
    """401 for a token that cannot be used; `rule` names why (http.api_errors)."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(401, message)
        self.rule = rule


class TokenScopeRefused(AuthorizationError):
    """403 for a read token asked to write."""

    rule = "token.scope"


class CsrfRefused(AuthorizationError):
    """403 for a change sent with the session cookie but without a valid CSRF token."""

    rule = "api.csrf"


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            # A wrong token is refused outright rather than read as an anonymous call,
            # so that a script with a revoked token learns it at once.
            raise TokenUnusable(_("The API token is unknown or revoked."), "token.unknown")
        now = timezone.now()
        if found.expires_at is not None and found.expires_at <= now:
            raise TokenUnusable(
                _("The API token expired on %(when)s.") % {"when": found.expires_at.date()},
                "token.expired",
            )
        if found.scope != TokenScope.WRITE and request.method not in SAFE_METHODS:
            raise TokenScopeRefused(
                403, _("Not permitted: this API token may only read; it cannot make changes.")
            )
        if found.last_used_at is None or found.last_used_at <= now - LAST_USED_EVERY:
            # One conditional UPDATE: concurrent requests of one token write once.
            ApiToken.objects.filter(pk=found.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
            ).update(last_used_at=now)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class Public:
    """The fallback for reads: an anonymous caller, who holds the public role only."""

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


class SessionAuth(NinjaSessionAuth):
    """The pages' session. Ninja's own class checks CSRF before it looks for the cookie, so
    a caller without one (a script that forgot its token) got 403 "CSRF check Failed"
    instead of 401. Here the check comes only when the cookie is sent: only then is there
    a session a forged request could ride on. (The class's name is the security scheme's
    name in the OpenAPI document, as Ninja's was.)"""

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key is None:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise CsrfRefused(
                403,
                _(
                    "Not permitted: a change sent with the session cookie needs the page's "
                    "CSRF token (the X-CSRFToken header). Reload the page and try again."
                ),
            )
        return key


bearer_token = BearerToken()
session = SessionAuth(csrf=True)
READ: list[Any] = [bearer_token, session, Public()]
WRITE: list[Any] = [bearer_token, session]
# For reads' `openapi_extra`: the empty requirement tells OpenAPI readers that calling
# without credentials is allowed too (Ninja lists only the named schemes).
OPTIONAL_AUTH: dict[str, Any] = {"security": [{"BearerToken": []}, {"SessionAuth": []}, {}]}


def caller(request: HttpRequest) -> User | AnonymousUser:
    """The authenticated user, or AnonymousUser for a public read."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    return AnonymousUser()


def acting_user(request: HttpRequest) -> User:
    """The user a write is done for (a token, or the session); an anonymous caller is
    refused. For an action, use `api_actor`."""
    auth = getattr(request, "auth", None)
    if not isinstance(auth, User):
        raise NotPermitted(_("Not permitted: sign in or send an API token to make changes."))
    return auth


def signed_in_user(request: HttpRequest) -> User:
    """The user of a signed-in session, for what a token may not do (issue tokens): a
    caller who sent a bearer token is refused even when their token is valid."""
    if getattr(request, "api_token", None) is not None:
        raise NotPermitted(
            _("Not permitted: an API token cannot issue tokens; sign in, or use the command line.")
        )
    return acting_user(request)


def api_actor(request: HttpRequest) -> Actor:
    """The actor for an action the API asks for: the caller, channel api (whether they
    sent a token or the session cookie). Never the system: it is not reachable over HTTP."""
    return Actor.api(acting_user(request))
