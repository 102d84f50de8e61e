"""The API's URL map, so that what no endpoint answers is JSON in the error schema too.

Ninja answers a wrong method with a plain-text 405 of its own, its root (/api/) raises
Django's Http404, and a path no route matches falls through to the site's 404 page: three
HTML answers where a client expects the API's JSON. `api_urls` wraps Ninja's views, answers
its root itself and ends the map with a route that takes every other path under /api/:

- wrong method: 405 (rule `api.method-not-allowed`), with Ninja's `Allow` header;
- no such endpoint, /api/ itself included: 404 (rule `api.no-such-endpoint`).

`bad_request` is the project's 400 handler, for what Django refuses before any view (a
malformed multipart body, a disallowed Host): JSON under /api/ as well.

Refusals that endpoints raise are answered by `http.api_errors`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from collegium.http.plain import refusal

NO_SUCH_ENDPOINT = "api.no-such-endpoint"
METHOD_NOT_ALLOWED = "api.method-not-allowed"
BAD_REQUEST = "api.bad-request"
NINJA_ROOT = "api-root"

View = Callable[..., Any]
Patterns = list[URLPattern | URLResolver]


# Exempt like Ninja's views: it changes nothing, and a POST to a wrong path should learn
# that the path is wrong, not that a CSRF token is missing.
@csrf_exempt
def no_such_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    message = _("There is no API endpoint at %(path)s; the endpoints are listed at /api/docs.") % {
        "path": request.path
    }
    return refusal(request, 404, _("Not found."), message, NO_SUCH_ENDPOINT)


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    message = _("%(method)s is not allowed on %(path)s; it takes %(allowed)s.") % {
        "method": request.method,
        "path": request.path,
        "allowed": allowed,
    }
    response = refusal(request, 405, _("Request refused"), message, METHOD_NOT_ALLOWED)
    response["Allow"] = allowed
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 400 handler (`handler400` in urls.py)."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    message = _("The request could not be read: its headers or its body are malformed.")
    return refusal(request, 400, _("Request refused"), message, BAD_REQUEST)


def _in_json(request: HttpRequest, response: Any) -> Any:
    if isinstance(response, HttpResponseNotAllowed):
        # Ninja lists the methods from a set: sorted, the answer is the same every time.
        return method_not_allowed(request, ", ".join(sorted(response["Allow"].split(", "))))
    return response


def json_errors(view: View) -> View:
    """`view`, with a 405 it answers turned into the API's JSON. (functools.wraps keeps
    Ninja's `csrf_exempt` mark.)"""
    if iscoroutinefunction(view):

        async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            return _in_json(request, await view(request, *args, **kwargs))

        return markcoroutinefunction(functools.wraps(view)(async_wrapper))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return _in_json(request, view(request, *args, **kwargs))

    return wrapper


def _wrapped(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if isinstance(pattern, URLResolver):
        return pattern
    # Ninja's root only raises Http404 (its name must stay: Ninja reverses it).
    view = no_such_endpoint if pattern.name == NINJA_ROOT else json_errors(pattern.callback)
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def api_urls(api: NinjaAPI) -> tuple[Patterns, str, str]:
    """What `path("api/", …)` includes: Ninja's routes, wrapped, then the catch-all."""
    patterns, app_name, namespace = api.urls
    routes: Patterns = [_wrapped(pattern) for pattern in patterns]
    # [\s\S]: a path with a newline in it (%0A) is a path too, which "." would not take.
    routes.append(re_path(r"^[\s\S]*$", no_such_endpoint, name="no-such-endpoint"))
    return routes, app_name, namespace
