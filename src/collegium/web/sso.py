"""Single sign-on by OpenID Connect, when an operator configures a provider
(COLLEGIUM_OIDC_ISSUER, COLLEGIUM_OIDC_CLIENT_ID, COLLEGIUM_OIDC_CLIENT_SECRET; see
docs/operations.md). Authlib speaks the protocol: discovery from the issuer, the
authorization-code flow with state and nonce, and the ID token's signature, issuer,
audience and expiry checked against the provider's published keys. Which member the
person is, the register decides (registry/sign_in.py).
"""

from __future__ import annotations

import functools
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError
from requests import RequestException

from collegium.registry.sign_in import sign_in_by_identity
from collegium.rules.errors import RuleError

_NEXT = "collegium:sso:next"


def configured() -> bool:
    return bool(settings.COLLEGIUM_OIDC_ISSUER and settings.COLLEGIUM_OIDC_CLIENT_ID)


@functools.cache
def _provider(issuer: str, client_id: str, client_secret: str) -> Any:
    """One client per configuration and process; Authlib fetches the provider's metadata
    and keys on first use and keeps them."""
    oauth = OAuth()
    return oauth.register(
        "collegium",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )


def provider() -> Any:
    if not configured():
        raise Http404("single sign-on is not configured")
    return _provider(
        settings.COLLEGIUM_OIDC_ISSUER,
        settings.COLLEGIUM_OIDC_CLIENT_ID,
        settings.COLLEGIUM_OIDC_CLIENT_SECRET,
    )


@require_GET
def sso_start(request: HttpRequest) -> HttpResponse:
    """Off to the provider, remembering where the person was going."""
    client = provider()
    wanted = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[_NEXT] = wanted if safe else ""
    callback = request.build_absolute_uri(reverse("sso-callback"))
    try:
        response: HttpResponse = client.authorize_redirect(request, callback)
    except (AuthlibBaseError, RequestException, ValueError):
        return _failed(request, _("The sign-on provider cannot be reached. Try again later."))
    return response


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: the code is exchanged, the ID token checked, and the
    person signed in as the member the register says they are."""
    client = provider()
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims.get("email"):
            claims.update(client.userinfo(token=token))
    except (AuthlibBaseError, JoseError, RequestException, KeyError, ValueError):
        # A forged or replayed answer, an expired state, or a provider that failed.
        return _failed(request, _("The sign-on provider's answer could not be checked."))
    try:
        user = sign_in_by_identity(
            issuer=str(claims.get("iss") or settings.COLLEGIUM_OIDC_ISSUER),
            subject=str(claims.get("sub", "")),
            email=str(claims.get("email", "")),
            verified=claims.get("email_verified") is True,
        )
    except RuleError as refusal:
        return _failed(request, str(refusal))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    wanted = request.session.pop(_NEXT, "")
    return HttpResponseRedirect(wanted or resolve_url(settings.LOGIN_REDIRECT_URL))


def _failed(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "registration/sso_failed.html",
        {"reason": reason, "provider_name": settings.COLLEGIUM_OIDC_NAME},
        status=403,
    )


def sso_context(request: HttpRequest) -> dict[str, str]:
    """A template context processor: the sign-in page offers the provider when one is
    configured."""
    return {"sso_name": settings.COLLEGIUM_OIDC_NAME if configured() else ""}
