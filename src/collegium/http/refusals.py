"""How pages show refusals. There are two kinds, and they look different:

- a refusal of permission (`access.permissions.NotPermitted`) is the 403 page, with the
  permission and the roles that hold it; a visitor who is not signed in is sent to sign in
  first. A view may simply let `NotPermitted` escape (from `require`, or from an action):
  `RefusalMiddleware` turns it into that page.
- a rule's refusal (`rules.errors.RuleError`) is the page again, status 400, with the
  rule's message beside the form: `attempt` runs the action and collects it.

The API shows the same two kinds as 403 and 400 answers (`http.api_errors`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

from collegium.access.permissions import MATRIX, NotPermitted, Permission, Role
from collegium.rules.errors import RuleError

if TYPE_CHECKING:
    from collegium.registry.models import Organization

T = TypeVar("T")


def may(roles: frozenset[Role], permission: Permission) -> bool:
    """The matrix check on roles computed once per request (`roles_of`), for pages that
    show or hide several links by organization-wide permissions."""
    return bool(roles & MATRIX[permission])


def forbidden(
    request: HttpRequest, reason: str, organization: Organization | None = None
) -> HttpResponse:
    """The 403 page: the refusal's reason, who is signed in, the way back."""
    return render(
        request,
        "collegium/forbidden.html",
        {"organization": organization, "reason": reason},
        status=403,
    )


def refused(request: HttpRequest, refusal: NotPermitted) -> HttpResponse:
    """A refusal of permission as a page: the sign-in page for a visitor who is not signed
    in (signing in may grant the role), else the 403 page. The organization the
    permission was asked in, if any, gives the page its way back."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return forbidden(request, str(refusal), refusal.organization)


class RefusalMiddleware(MiddlewareMixin):
    """Every page answers a refusal of permission with the 403 page (`refused`), whether
    the view checked permission itself or an action refused. The API never gets here: it
    answers refusals itself (`http.api_errors`). (MiddlewareMixin: sync and async alike.)"""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotPermitted):
            return refused(request, exception)
        return None


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What came of an action a page form asked for: its result, or the rule's refusal."""

    result: T | None = None
    refusal: str | None = None  # the rule's message, when it refused
    # The refusal itself: its rule says which field a page shows it beside (form_state).
    refused: RuleError | None = None

    @property
    def done(self) -> bool:
        return self.refusal is None


def attempt(call: Callable[[], T], form: forms.Form | None = None) -> Attempt[T]:
    """Run an action for a page. A rule's refusal is caught and returned (and added to
    `form` as an error of the whole form, when one is given), for the page to show with
    status 400. A refusal of permission is not caught: it leaves the view, and
    `RefusalMiddleware` answers with the 403 page."""
    try:
        result = call()
    except NotPermitted:
        raise
    except RuleError as refusal:
        if form is not None:
            form.add_error(None, str(refusal))
        return Attempt(refusal=str(refusal), refused=refusal)
    return Attempt(result=result)
