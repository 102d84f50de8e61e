"""A refusal answered before (or without) any view: JSON in the API's error schema under
/api/, a minimal page elsewhere. It renders no template and reads nothing from the
database, so the body-size wrapper, the NUL check and the overload answer can all use it.
Every such refusal names its rule."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape


def refusal_body(path: str, title: str, message: str, rule: str) -> tuple[bytes, str]:
    """The body and content type of a refusal for a request to `path`."""
    if path.startswith("/api/"):
        body = json.dumps({"detail": message, "rule": rule, "problems": []})
        return body.encode(), "application/json"
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(message)}</p></body></html>"
    )
    return page.encode(), "text/html; charset=utf-8"


def refusal(request: HttpRequest, status: int, title: str, message: str, rule: str) -> HttpResponse:
    """The refusal as a Django response (see `refusal_body`)."""
    body, content_type = refusal_body(request.path, title, message, rule)
    return HttpResponse(body, status=status, content_type=content_type)
