"""Every answer the API refuses with is JSON in its error schema (`ErrorOut`: detail, rule,
problems), with the rule named: unknown paths, wrong methods, invalid input, unreadable
bodies, missing objects, server faults, and the anonymous or CSRF-less write."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import unquote

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from collegium.http.api_errors import ErrorOut
from collegium.journal.models import JournalEntry

ORG = "/api/organizations/test-union"
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own (the test's thread may run a loop already)."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coroutine).result(timeout=30)


def assert_error(response: Any, status: int, rule: str) -> dict[str, Any]:
    """The answer is `status`, JSON with exactly ErrorOut's fields, naming `rule`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    answer: dict[str, Any] = json.loads(response.content)
    assert set(answer) == {"detail", "rule", "problems"}, answer
    ErrorOut.model_validate(answer)
    assert answer["rule"] == rule, answer
    assert answer["detail"], answer
    return answer


@pytest.mark.parametrize(
    "path",
    [
        "/api/",  # Ninja's root raises Django's Http404
        "/api/nothing-here",
        "/api/organizations/",  # a trailing slash no route takes
        ORG + "/bodies/cc/nothing",
        "/api/openapi.json/x",
        ORG + "/members/A%0AB",  # a newline, which no route's pattern takes
    ],
)
def test_a_path_no_endpoint_takes_is_a_json_404(org, path: str) -> None:
    client = Client(enforce_csrf_checks=True)  # a POST learns of the path, not of CSRF
    for method in ("get", "post", "delete"):
        answer = assert_error(getattr(client, method)(path), 404, "api.no-such-endpoint")
        assert unquote(path) in answer["detail"]


def test_the_interactive_docs_and_the_document_still_answer(db) -> None:
    assert Client().get("/api/docs").status_code == 200
    assert Client().get("/api/openapi.json").status_code == 200


def test_something_named_in_the_path_that_does_not_exist_is_a_json_404(org) -> None:
    answer = assert_error(Client().get("/api/organizations/no-such"), 404, "api.not-found")
    assert "no-such" in answer["detail"]
    assert_error(Client().get(ORG + "/bodies/nope"), 404, "api.not-found")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/journal/verify", "GET"),
        ("put", "/api/tokens", "GET, POST"),
        ("get", ORG + "/bodies/cc/seats", "POST"),
        ("patch", ORG + "/members/M-1", "GET"),
    ],
)
def test_a_wrong_method_is_a_json_405_with_allow(org, method: str, path: str, allowed) -> None:
    # CSRF enforced: the wrapped views keep Ninja's exemption (its auth checks CSRF).
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    answer = assert_error(response, 405, "api.method-not-allowed")
    assert response["Allow"] == allowed
    assert method.upper() in answer["detail"] and allowed in answer["detail"]


def test_an_async_views_405_is_json_too() -> None:
    from django.http import HttpResponseNotAllowed

    from collegium.http.api_routes import json_errors

    async def view(request: Any) -> HttpResponse:
        return HttpResponseNotAllowed(["POST", "GET"])

    wrapped = json_errors(view)
    response = run(wrapped(RequestFactory().put("/api/x")))
    assert_error(response, 405, "api.method-not-allowed")
    assert response["Allow"] == "GET, POST"


def test_invalid_parameters_are_a_422_with_one_problem_per_field(org) -> None:
    response = Client().get(ORG + "/members", {"limit": "0", "status": "expelled"})
    answer = assert_error(response, 422, "api.invalid-input")
    assert len(answer["problems"]) == 2
    assert any(
        p.startswith("limit: ") and "greater than or equal to 1" in p for p in answer["problems"]
    )
    assert any(p.startswith("status: ") for p in answer["problems"])
    assert "1 more problem" in answer["detail"]


def test_an_invalid_body_names_the_fields_not_the_views_argument(org) -> None:
    client = Client()
    client.force_login(org.admin)
    before = JournalEntry.objects.count()
    response = client.post(
        ORG + "/bodies/cc/seats",
        {"role": "throne", "origin": "elected", "rank": "first"},
        content_type="application/json",
    )
    answer = assert_error(response, 422, "api.invalid-input")
    fields = sorted(problem.split(":")[0] for problem in answer["problems"])
    assert fields == ["rank", "role"]
    missing = client.post("/api/tokens", "", content_type="application/json")
    assert assert_error(missing, 422, "api.invalid-input")["problems"] == ["body: Field required"]
    assert JournalEntry.objects.count() == before


def test_a_body_that_is_not_json_is_a_400(org) -> None:
    client = Client()
    client.force_login(org.admin)
    response = client.post("/api/tokens", "{not json", content_type="application/json")
    assert_error(response, 400, "api.unreadable-body")


def test_a_malformed_upload_is_a_json_400(org) -> None:
    # Django refuses it while reading the form, before any view: the project's handler400.
    client = Client()
    client.force_login(org.admin)
    response = client.post(ORG + "/members/import", "garbage", content_type="multipart/form-data")
    assert_error(response, 400, "api.bad-request")


def test_a_server_fault_under_api_is_a_json_500() -> None:
    from collegium.http.overload import server_error

    assert_error(server_error(RequestFactory().get("/api/organizations")), 500, "server.error")
    page = server_error(RequestFactory().get("/o/x/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_a_body_above_the_limit_is_a_json_413(settings) -> None:
    from collegium.asgi import application

    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/tokens",
        "headers": [(b"host", b"testserver"), (b"content-length", str(2 << 20).encode())],
    }

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body must not be read")

    async def send(message: Mapping[str, Any]) -> None:
        sent.append(dict(message))

    run(application(scope, receive, send))
    headers = dict(sent[0]["headers"])
    response = HttpResponse(
        sent[1]["body"], status=sent[0]["status"], content_type=headers[b"content-type"].decode()
    )
    assert_error(response, 413, "request.too-large")


WRITES = [
    ("/api/tokens", "application/json"),
    (ORG + "/members/M-1/status", "application/json"),
    (ORG + "/bodies/cc/seats", "application/json"),
    (ORG + "/members/import", "multipart/form-data"),
]


@pytest.mark.parametrize(("path", "content_type"), WRITES)
def test_an_anonymous_write_without_cookies_is_401_not_a_csrf_failure(
    org, path: str, content_type: str
) -> None:
    # As a script sends it: no session cookie, no CSRF token, checks enforced.
    before = JournalEntry.objects.count()
    client = Client(enforce_csrf_checks=True)
    data: Any = {} if content_type == "multipart/form-data" else "{}"
    if content_type == "multipart/form-data":
        response = client.post(path, data)
    else:
        response = client.post(path, data, content_type=content_type)
    assert_error(response, 401, "auth.required")
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize("user", ["admin", "outsider"])
def test_a_session_write_without_the_csrf_token_is_refused_naming_csrf(org, user: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(getattr(org, user))
    before = JournalEntry.objects.count()
    response = client.post(
        ORG + "/members/M-1/status",
        {"status": "left", "reason": "moved"},
        content_type="application/json",
    )
    answer = assert_error(response, 403, "api.csrf")
    assert "CSRF" in answer["detail"]
    assert JournalEntry.objects.count() == before
    org.member.refresh_from_db()
    assert org.member.status == "active"


def test_a_session_read_needs_no_csrf_token(org) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin)
    assert client.get(ORG + "/members").status_code == 200


def test_validation_errors_read_as_field_and_message() -> None:
    from collegium.http.api_errors import MAX_PROBLEMS, input_problems, invalid_input_body

    errors: list[dict[str, Any]] = [
        {"loc": ["body", "seat", "rank"], "msg": "too large"},
        {"loc": ["query", "limit"], "msg": "too small"},
        {"loc": ["body", "seat"], "msg": "Field required"},
        {"loc": ["body", "orders", "document", "quorum", 0], "msg": "bad"},
    ]
    assert input_problems(errors) == [
        "rank: too large",
        "limit: too small",
        "body: Field required",
        "document.quorum.0: bad",
    ]
    assert invalid_input_body([])["detail"] == "The input is not valid."
    # A body of many bad items: the count in full, the list cut short.
    many = invalid_input_body([{"loc": ["query", f"q{n}"], "msg": "bad"} for n in range(150)])
    assert len(many["problems"]) == MAX_PROBLEMS
    assert "149 more problems" in many["detail"]
