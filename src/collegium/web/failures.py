"""Pages for requests that never reached a view: a failed CSRF check (403) and a method
the address does not take (405). Both are in the site's style and language; the 404 and
500 pages are templates Django renders itself (templates/404.html, templates/500.html).

A failed CSRF check is mostly innocent: the form stayed open while the session expired,
or the page came back from the browser's history after signing out and in again. The page
shows what was typed and offers to send it again with a fresh token, so nothing typed is
lost; passwords and files are never echoed back (they must be given again).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Fields that are never written back into a page: the old token, and secrets.
_NEVER_ECHOED = ("csrfmiddlewaretoken",)
_SECRET_MARKERS = ("password", "secret", "token")
# A failed check never repeats more than this much typed text (the body limit is 1 MB).
_MAX_FIELDS = 200
_MAX_VALUE = 20_000


def _kept_fields(request: HttpRequest) -> tuple[list[tuple[str, str]], bool]:
    """What the user typed that may be sent again, and whether something was left out
    (a password, a file, or more than the page keeps)."""
    kept: list[tuple[str, str]] = []
    left_out = bool(request.FILES)
    for name, values in request.POST.lists():
        if name in _NEVER_ECHOED:
            continue
        if any(marker in name.lower() for marker in _SECRET_MARKERS):
            left_out = True
            continue
        for value in values:
            if len(kept) >= _MAX_FIELDS or len(value) > _MAX_VALUE:
                left_out = True
                continue
            kept.append((name, value))
    return kept, left_out


def _from_this_site(request: HttpRequest) -> bool:
    """Whether the failed form was sent from one of our own pages (its Origin, or else
    its Referer, is this site). Only then is it offered again: a form another site posted
    must not become one click on ours, with a fresh token (that would undo the check)."""
    here = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == here
    referer = request.headers.get("Referer", "")
    return referer == here or referer.startswith(here + "/")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. Django's reason (e.g. "CSRF cookie not set.") is for
    developers; the page says what happened in the reader's words and keeps the form
    when it came from this site."""
    keep = request.method == "POST" and _from_this_site(request)
    kept, left_out = _kept_fields(request) if keep else ([], False)
    return render(
        request,
        "collegium/csrf_failure.html",
        {
            "kept": kept,
            "left_out": left_out,
            # Sent again to the same address; a GET never reaches here.
            "action": request.get_full_path(),
        },
        status=403,
    )


class MethodNotAllowedPage:
    """A 405 from a page (a view that takes only POST, opened by a link or a reload) is
    an empty body in Django; this gives it the site's page. The API answers its own
    405s in JSON, so paths under /api/ are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith("/api/"):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        page = render(
            request,
            "405.html",
            {"allowed": response.get("Allow", ""), "method": request.method or ""},
            status=405,
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
