"""Input no view should see is refused here, once, before any view runs.

A NUL character ("\\x00") cannot be stored in PostgreSQL's text columns: a name, a reason
or a member number containing one made the database refuse the write and the request end
in 500. `BadInputMiddleware` answers 400 instead (rule `input.nul-byte`) when a NUL is
found in

- the path;
- the query string (names and values, decoded);
- a cookie's value (the session cookie's is looked up in the database);
- a form body (`application/x-www-form-urlencoded` or the fields of `multipart/form-data`,
  names and values, decoded; uploaded files are their importers' business: the register
  import refuses a NUL with its line, `register.nul-byte`);
- a JSON body: a raw NUL byte, or a string (or key) that decodes to one (`\\u0000`).

Bodies are already at most `REQUEST_BODY_MAX_BYTES` (http/body_limit.py). Under /api/ the
answer is JSON in the API's error schema; elsewhere a plain page. Nothing here touches the
database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.http.plain import refusal

NUL = "\x00"
RULE = "input.nul-byte"

PARTS = {
    "path": gettext_lazy("the address"),
    "query": gettext_lazy("the query string"),
    "body": gettext_lazy("the submitted data"),
    # No label of its own yet (the catalogue has none): a cookie is data the client sent.
    "cookie": gettext_lazy("the submitted data"),
}


def _has_nul(texts: Iterable[str]) -> bool:
    return any(NUL in text for text in texts)


def _pairs(lists: Iterable[tuple[str, list[Any]]]) -> Iterable[str]:
    for key, values in lists:
        yield key
        yield from (value for value in values if isinstance(value, str))


def _json_has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in key or _json_has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False


def _body_has_nul(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _has_nul(_pairs(request.POST.lists()))
    if content_type == "application/json" or content_type.endswith("+json"):
        text = request.body.decode("utf-8", errors="replace")
        if NUL in text:
            return True
        if "\\u0000" not in text:
            return False
        try:
            return _json_has_nul(json.loads(text))
        except ValueError:
            return False  # not JSON: the view refuses it for that
    return False


def nul_part(request: HttpRequest) -> str | None:
    """Which part of the request holds a NUL ("path", "query", "body"), or None."""
    if NUL in request.path or NUL in request.path_info:
        return "path"
    if _has_nul(_pairs(request.GET.lists())):
        return "query"
    # The session key and the CSRF token are looked up or compared as they come.
    if _has_nul(request.COOKIES.values()):
        return "cookie"
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and _body_has_nul(request):
        return "body"
    return None


def refuse_nul(request: HttpRequest, part: str) -> HttpResponse:
    message = _(
        "The request was refused: it has a NUL character (\\0) in %(part)s, which is not "
        "accepted. Remove it and try again."
    ) % {"part": PARTS[part]}
    return refusal(request, 400, _("Request refused"), message, RULE)


class BadInputMiddleware(MiddlewareMixin):
    """Refuses a request with a NUL character with 400 (see the module)."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        part = nul_part(request)
        if part is None:
            return None
        return refuse_nul(request, part)
