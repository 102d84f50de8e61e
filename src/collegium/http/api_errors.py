"""How refusals look in the API, the same for every endpoint: a rule's refusal is 400 with
the rule's own message and name, a missing permission 403 with the permission's human name
(never 400, although `NotPermitted` is a kind of `RuleError`), a missing object 404 (Ninja
answers bad input with 422). Endpoints call actions and let their refusals escape; the
handlers installed here answer them (the pages' counterpart is `web.refusals`)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError

from collegium.access.permissions import NotPermitted
from collegium.http.errors import NotFound
from collegium.http.overload import busy, is_overload
from collegium.rules.errors import RuleError


class ErrorOut(Schema):
    detail: str
    rule: str = ""
    # Every problem found, when a document was checked as a whole (standing orders).
    problems: list[str] = []


# The error answers every endpoint may give, for its `response=` map.
READ_ERRORS: dict[int, type[Schema]] = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def install_error_handlers(api: NinjaAPI) -> None:
    # Ninja picks the handler of the most specific class (by the exception's MRO), so
    # NotPermitted gets 403 even though it is a RuleError.
    @api.exception_handler(NotPermitted)
    def not_permitted(request: HttpRequest, exc: NotPermitted) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc), "rule": exc.rule, "problems": []}, status=403
        )

    # Who is calling: no credentials, or a token that cannot be used (401), or a token
    # that may not do this (403). The rule says which (http.api_auth).
    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        rule = getattr(exc, "rule", "auth.required")
        detail = (
            exc.message
            if rule != "auth.required"
            else _("Not permitted: sign in or send an API token to make changes.")
        )
        return api.create_response(
            request, {"detail": str(detail), "rule": rule, "problems": []}, status=401
        )

    @api.exception_handler(AuthorizationError)
    def unauthorized(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        rule = getattr(exc, "rule", "permissions")
        return api.create_response(
            request, {"detail": str(exc.message), "rule": rule, "problems": []}, status=403
        )

    @api.exception_handler(RuleError)
    def refused(request: HttpRequest, exc: RuleError) -> HttpResponse:
        problems = [str(p) for p in getattr(exc, "problems", ())]
        return api.create_response(
            request, {"detail": str(exc), "rule": exc.rule, "problems": problems}, status=400
        )

    @api.exception_handler(NotFound)
    def named_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc), "rule": "", "problems": []}, status=404
        )

    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Not found."), "rule": "", "problems": []}, status=404
        )

    # No database connection to be had (pool exhausted, PostgreSQL refusing): 503 with
    # Retry-After (http.overload). Ninja would otherwise answer 500 itself under DEBUG;
    # any other database error leaves the view as before.
    @api.exception_handler(OperationalError)
    def unavailable(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if is_overload(exc):
            return busy(request)
        raise exc
