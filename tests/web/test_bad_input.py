"""A NUL character anywhere in a request is refused with 400 and a reason by one
middleware (collegium/http/bad_input.py), never stored: PostgreSQL cannot store it and
answered 500. Runs on both databases through the test client."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from collegium.registry.models import Member, MemberStatusChange

ORG = "/api/organizations/test-union"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_refusal(response) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["rule"] == "input.nul-byte"
    assert body["problems"] == []
    assert "NUL" in body["detail"]


def test_a_page_form_field_with_a_nul_is_refused(org) -> None:
    response = client_for(org.admin).post(
        "/o/test-union/members/M-1/",
        {"status": "suspended", "reason": "dues\x00unpaid", "effective_on": ""},
    )
    assert response.status_code == 400
    assert response["content-type"].startswith("text/html")
    assert b"NUL" in response.content
    assert Member.objects.get(number="M-1").status == "active"


@pytest.mark.parametrize("raw", ['"dues\\u0000unpaid"', '"dues\x00unpaid"'])
def test_a_json_field_with_a_nul_is_refused(org, raw) -> None:
    before = MemberStatusChange.objects.count()
    response = client_for(org.admin).post(
        ORG + "/members/M-1/status",
        '{"status": "suspended", "reason": ' + raw + "}",
        content_type="application/json",
    )
    _api_refusal(response)
    assert MemberStatusChange.objects.count() == before


def test_an_escaped_backslash_before_u0000_is_not_a_nul(org) -> None:
    response = client_for(org.admin).post(
        ORG + "/members/M-1/status",
        '{"status": "suspended", "reason": "dues \\\\u0000 unpaid"}',
        content_type="application/json",
    )
    assert response.status_code == 200
    assert MemberStatusChange.objects.filter(reason="dues \\u0000 unpaid").exists()


def test_a_nul_in_the_query_string_is_refused(org) -> None:
    _api_refusal(client_for(org.admin).get(ORG + "/members?q=M%00"))
    page = client_for(org.admin).get("/o/test-union/members/?q=M%00")
    assert page.status_code == 400
    assert b"NUL" in page.content


def test_a_nul_in_the_path_is_refused(org) -> None:
    _api_refusal(client_for(org.admin).get(ORG + "/members/M%00-1"))
    page = client_for(org.admin).get("/o/test-union/members/M%00-1/")
    assert page.status_code == 400


def test_a_register_file_with_a_nul_is_refused_with_its_line(org) -> None:
    data = b"number,name\nN-1,Nina\nN-2,Nu\x00ll\n"
    response = client_for(org.admin).post(
        ORG + "/members/import",
        {"file": SimpleUploadedFile("register.csv", data, "text/csv")},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["rule"] == "register.nul-byte"
    assert [line["line"] for line in body["lines"]] == [3]
    assert not Member.objects.filter(number__in=["N-1", "N-2"]).exists()


def test_ordinary_requests_pass(org) -> None:
    assert client_for(org.admin).get(ORG + "/members?q=M").status_code == 200


def test_a_nul_in_the_session_cookie_is_refused(org) -> None:
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    _api_refusal(client.get(ORG))
    response = client.get("/o/test-union/")
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_huge_json_string_is_checked_once_and_quickly(org) -> None:
    import json
    import time

    body = json.dumps({"name": "a" * 900_000 + "\x00"})
    started = time.perf_counter()
    response = client_for(org.admin).post("/api/tokens", body, content_type="application/json")
    assert time.perf_counter() - started < 2
    _api_refusal(response)
