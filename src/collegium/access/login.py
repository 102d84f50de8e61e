"""Signing in, throttled. After COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT wrong passwords for one
account, or COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS from one address, within
COLLEGIUM_LOGIN_WINDOW seconds of the first of them, every sign-in to that account or from
that address is refused until the window has passed, even with the right password (which is
then not even checked). A successful sign-in clears the account's count, not the address's.

The counts live in Django's cache (the default cache unless CACHES says otherwise; with
several server processes, configure a shared one so that they share the counts). Only the
sign-in page is throttled: the API's session and token authentication are unaffected, since
a session comes from this page and a token is a long random string.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext


def _key(kind: str, value: str) -> str:
    return f"collegium:login:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    """The counters a sign-in for `username` from `request`'s address counts against."""
    keys = [(_key("account", username.casefold()), settings.COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT)]
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    if address:
        keys.append((_key("address", address), settings.COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS))
    return keys


def refused_until(request: HttpRequest | None, username: str) -> float | None:
    """When sign-ins for `username` from this address are allowed again (a Unix time), or
    None when they are allowed now."""
    now = time.time()
    keys = _keys(request, username)
    stored = cache.get_many([k for key, _limit in keys for k in (key, f"{key}:until")])
    latest: float | None = None
    for key, limit in keys:
        count, until = stored.get(key, 0), stored.get(f"{key}:until", 0.0)
        if count >= limit and until > now:
            latest = max(latest or 0.0, until)
    return latest


def record_failure(request: HttpRequest | None, username: str) -> None:
    """Counts a failure against each counter. The window starts at the first failure
    (`add` does nothing when the key exists) and the count is `incr`emented, which is
    atomic in the local-memory, Redis and Memcached caches: a burst loses no failures."""
    window = settings.COLLEGIUM_LOGIN_WINDOW
    until = time.time() + window
    for key, _limit in _keys(request, username):
        cache.add(f"{key}:until", until, timeout=window)
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, timeout=window)


def record_success(username: str) -> None:
    key = _key("account", username.casefold())
    cache.delete_many([key, f"{key}:until"])


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing while the account or the address is throttled."""

    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        until = refused_until(self.request, username)
        if until is not None:
            self.throttled = True
            minutes = max(1, math.ceil((until - time.time()) / 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if self.get_user() is None:
                # A wrong password (an inactive account with the right one is not a guess).
                record_failure(self.request, username)
            raise
        record_success(username)
        return cleaned


class ThrottledLoginView(LoginView):
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response
