"""No database connection to be had is 503 with Retry-After, on pages and in the API, never
500 (collegium/http/overload.py). The pool's timeout is raised here as Django raises it: an
`OperationalError` caused by psycopg_pool's `PoolTimeout`, from every query of the test's
connection; tests/concurrency/test_load.py gets the real one from a server's tiny pool."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory
from psycopg_pool import PoolTimeout

from collegium.http.overload import RETRY_AFTER_SECONDS, is_overload, server_error
from tests.conftest import Org


def pool_timeout() -> OperationalError:
    error = OperationalError("couldn't get a connection after 10.00 sec")
    error.__cause__ = PoolTimeout("couldn't get a connection after 10.00 sec")
    return error


@contextmanager
def every_query_raises(make: Callable[[], Exception]) -> Iterator[None]:
    def refuse(*args: Any) -> Any:
        raise make()

    with connection.execute_wrapper(refuse):
        yield


def assert_busy(response: HttpResponseBase) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.parametrize("debug", [False, True])
def test_a_page_without_a_connection_is_503(org: Org, settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    with every_query_raises(pool_timeout):
        response = Client().get("/o/test-union/")
    assert_busy(response)
    assert response["Content-Type"].startswith("text/html")
    assert b"try again" in response.content


@pytest.mark.parametrize("debug", [False, True])
def test_the_api_without_a_connection_is_503_in_its_error_schema(
    org: Org, settings: Any, debug: bool
) -> None:
    # Under DEBUG, Ninja would answer 500 with a traceback itself: its handler must not.
    settings.DEBUG = debug
    with every_query_raises(pool_timeout):
        response = Client().get("/api/organizations/test-union")
    assert_busy(response)
    body = response.json()
    assert set(body) == {"detail", "rule", "problems"}
    assert body["problems"] == [] and "try again" in body["detail"]


def test_postgresql_refusing_connections_is_503_too(org: Org) -> None:
    def too_many() -> Exception:
        return OperationalError('connection failed: FATAL:  sorry, too many clients already"')

    with every_query_raises(too_many):
        assert_busy(Client().get("/api/organizations/test-union"))
        assert_busy(Client().get("/o/test-union/"))


def test_other_database_errors_stay_500(org: Org) -> None:
    def broken() -> Exception:
        return OperationalError("no such table: registry_organization")

    client = Client(raise_request_exception=False)
    with every_query_raises(broken):
        assert client.get("/api/organizations/test-union").status_code == 500
        assert client.get("/o/test-union/").status_code == 500


def test_an_overload_outside_a_view_is_503_as_well(db: None) -> None:
    # handler500: an exception from a middleware (saving the session, say) never reaches a
    # view's handlers; Django calls the 500 handler while it is being handled.
    request = RequestFactory().get("/o/test-union/")
    try:
        raise pool_timeout()
    except OperationalError:
        assert_busy(server_error(request))
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        assert server_error(request).status_code == 500


def test_what_counts_as_an_overload() -> None:
    assert is_overload(pool_timeout())
    assert is_overload(OperationalError("FATAL: remaining connection slots are reserved"))
    assert is_overload(OperationalError("connection to server failed: Connection refused"))
    assert not is_overload(OperationalError("database is locked"))
    assert not is_overload(PoolTimeout("not wrapped by Django: not a request's error"))
