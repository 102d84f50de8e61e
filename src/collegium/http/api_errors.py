"""How refusals look in the API, the same for every endpoint and always JSON in one schema
(`ErrorOut`): a rule's refusal is 400 with the rule's own message and name, a missing
permission 403 with the permission's human name (never 400, although `NotPermitted` is a
kind of `RuleError`), a missing object 404, input that does not fit the operation's schema
422 with one "field: message" problem each. Endpoints call actions and let their refusals
escape; the handlers installed here answer them (the pages' counterpart is
`http.refusals`). What no endpoint sees (an unknown path, a wrong method) is answered in
the same schema by `http.api_routes`; what the OpenAPI document says of them,
`http.api_schema`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.utils import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

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

NOT_FOUND_RULE = "api.not-found"
INVALID_INPUT_RULE = "api.invalid-input"
UNREADABLE_BODY_RULE = "api.unreadable-body"
# A body of many bad items would otherwise give an answer as large as itself.
MAX_PROBLEMS = 100


def error_body(detail: str, rule: str, problems: Sequence[str] = ()) -> dict[str, Any]:
    return {"detail": detail, "rule": rule, "problems": list(problems)}


def _field(location: Sequence[Any]) -> str:
    """The field a validation error is about, as a client names it: `limit` for a query
    parameter, `rank` for a field of the JSON body (Ninja puts the view's argument name
    after "body", which means nothing to a client), `body` for the body as a whole."""
    source, *rest = location or ["input"]
    if source == "body" and rest:
        rest = rest[1:]
    return ".".join(str(part) for part in rest) or str(source)


def input_problems(errors: Sequence[dict[str, Any]]) -> list[str]:
    """Ninja's validation errors as readable "field: message" lines."""
    return [f"{_field(error.get('loc', ()))}: {error.get('msg', '')}" for error in errors]


def invalid_input_body(errors: Sequence[dict[str, Any]]) -> dict[str, Any]:
    problems = input_problems(errors)
    if not problems:
        return error_body(_("The input is not valid."), INVALID_INPUT_RULE)
    others = len(problems) - 1
    if others:
        detail = ngettext(
            "The input is not valid: %(problem)s (and %(count)d more problem).",
            "The input is not valid: %(problem)s (and %(count)d more problems).",
            others,
        ) % {"problem": problems[0], "count": others}
    else:
        detail = _("The input is not valid: %(problem)s.") % {"problem": problems[0]}
    return error_body(detail, INVALID_INPUT_RULE, problems[:MAX_PROBLEMS])


def install_error_handlers(api: NinjaAPI) -> None:
    # Ninja picks the handler of the most specific class (by the exception's MRO), so
    # NotPermitted gets 403 even though it is a RuleError.
    @api.exception_handler(NotPermitted)
    def not_permitted(request: HttpRequest, exc: NotPermitted) -> HttpResponse:
        return api.create_response(request, error_body(str(exc), exc.rule), status=403)

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
        return api.create_response(request, error_body(str(detail), rule), status=401)

    @api.exception_handler(AuthorizationError)
    def unauthorized(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        rule = getattr(exc, "rule", "permissions")
        return api.create_response(request, error_body(str(exc.message), rule), status=403)

    @api.exception_handler(RuleError)
    def refused(request: HttpRequest, exc: RuleError) -> HttpResponse:
        problems = [str(p) for p in getattr(exc, "problems", ())]
        return api.create_response(request, error_body(str(exc), exc.rule, problems), status=400)

    @api.exception_handler(NotFound)
    def named_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        return api.create_response(request, error_body(str(exc), NOT_FOUND_RULE), status=404)

    # A bare Http404 (get_object_or_404 and the like) says nothing a client should read.
    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, error_body(_("Not found."), NOT_FOUND_RULE), status=404)

    # Parameters or a body that do not fit the operation's schema (Ninja's own answer is
    # a list of pydantic errors, not the error schema).
    @api.exception_handler(ValidationError)
    def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, invalid_input_body(exc.errors), status=422)

    # What else Ninja refuses itself: a body it cannot parse (400).
    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            detail = _("The request body could not be read: send JSON, as the operation says.")
            body = error_body(detail, UNREADABLE_BODY_RULE)
        else:
            body = error_body(str(exc), getattr(exc, "rule", "api.refused"))
        return api.create_response(request, body, status=exc.status_code)

    # No database connection to be had (pool exhausted, PostgreSQL refusing): 503 with
    # Retry-After (http.overload). Ninja would otherwise answer 500 itself under DEBUG;
    # any other database error leaves the view as before.
    @api.exception_handler(OperationalError)
    def unavailable(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if is_overload(exc):
            return busy(request)
        raise exc
