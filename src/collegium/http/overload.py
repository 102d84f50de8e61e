"""When the database has no connection to give: 503 with Retry-After, never 500.

On PostgreSQL each server process has a bounded pool of connections (settings.py,
COLLEGIUM_DB_POOL_MAX). A request that finds every connection busy waits up to
COLLEGIUM_DB_POOL_TIMEOUT seconds; then psycopg_pool raises `PoolTimeout`, which Django
wraps in its `OperationalError`. PostgreSQL itself may also refuse a connection ("too many
clients already", or the server is down or starting). Each of these is a passing overload
or outage, not a fault of the request: the answer is 503 with Retry-After, a short JSON
body in the API's error schema under /api/ and a plain page elsewhere. Nothing needs
resetting afterwards; the next request takes the next free connection.

Caught in one place for pages and the API alike: `OverloadMiddleware.process_exception`
(an exception leaving a view), the API's handler (`api_errors.install_error_handlers`, so
that Ninja never answers 500 first) and `server_error`, the project's 500 handler, for an
exception raised outside a view (a middleware saving the session, say).
"""

from __future__ import annotations

import sys

from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy
from django.views import defaults

from collegium.http.plain import refusal

# How long a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 5

# What PostgreSQL (libpq) says when it refuses a connection outright.
_REFUSALS = (
    "too many clients",  # 53300: max_connections reached
    "remaining connection slots are reserved",  # 53300 too, for non-superusers
    "connection refused",  # the server is not listening
    "the database system is starting up",  # 57P03
    "the database system is shutting down",  # 57P03
)

BUSY_MESSAGE = gettext_lazy("The service is busy. Please try again in a few seconds.")
BUSY_TITLE = gettext_lazy("Service busy")
RULE = "service.busy"


def is_overload(exception: BaseException) -> bool:
    """Whether `exception` means no database connection could be had (see the module)."""
    if not isinstance(exception, OperationalError):
        return False
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg[pool] is a dependency
        pass
    else:
        if isinstance(exception.__cause__, PoolTimeout):
            return True
    text = f"{exception} {exception.__cause__ or ''}".lower()
    return any(refusal in text for refusal in _REFUSALS)


def busy(request: HttpRequest) -> HttpResponse:
    """The 503 answer (rule `service.busy`), with Retry-After; no template, no database."""
    response = refusal(request, 503, str(BUSY_TITLE), str(BUSY_MESSAGE), RULE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class OverloadMiddleware(MiddlewareMixin):
    """A view (page or API) that could not get a database connection answers 503.
    (MiddlewareMixin: sync and async alike.)"""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_overload(exception):
            return busy(request)
        return None


SERVER_ERROR_TITLE = gettext_lazy("Server error")
SERVER_ERROR_MESSAGE = gettext_lazy(
    "The server could not answer this request because of a fault of its own; it has been "
    "logged. Please try again later."
)
SERVER_ERROR_RULE = "server.error"


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500 handler (`handler500` in urls.py): Django calls it while handling
    an exception no view answered, so the exception is still at hand; an overload
    becomes 503 there too, anything else 500: JSON in the API's error schema under /api/,
    Django's 500 page elsewhere."""
    exception = sys.exc_info()[1]
    if exception is not None and is_overload(exception):
        return busy(request)
    if request.path.startswith("/api/"):
        return refusal(
            request, 500, str(SERVER_ERROR_TITLE), str(SERVER_ERROR_MESSAGE), SERVER_ERROR_RULE
        )
    return defaults.server_error(request)
