"""The pages for requests that never reach a view: a failed CSRF check keeps what was
typed and offers to send it again, a 405 is the site's page, the favicon is served, and
all of them speak the reader's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


HERE = {"Origin": "http://testserver"}


def _hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_failed_csrf_check_keeps_the_form_and_sending_it_again_works(org) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin)
    # The language form, posted without its token (as after the session changed).
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/o/test-union/"}, headers=HERE
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert 'action="/i18n/setlang/"' in html
    kept = _hidden_fields(html)
    assert kept["language"] == "de"
    assert kept["next"] == "/o/test-union/"
    # A fresh token comes with the page: sending the kept form again succeeds.
    assert kept["csrfmiddlewaretoken"]
    again = client.post("/i18n/setlang/", kept)
    assert again.status_code == 302
    assert again["Location"] == "/o/test-union/"
    assert again.cookies["django_language"].value == "de"


def test_a_failed_csrf_check_never_echoes_a_password(db) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "ada", "password": "s3cret-typed"}, headers=HERE)
    assert response.status_code == 403
    html = response.content.decode()
    assert "s3cret-typed" not in html
    assert _hidden_fields(html)["username"] == "ada"
    assert "Passwords and files are not kept" in html


def test_a_failed_csrf_check_is_in_the_readers_language(db) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "de"
    response = client.post("/login/", {"username": "ada"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()


def test_a_failed_csrf_check_escapes_what_it_keeps(db) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": '"><script>alert(1)</script>'}, headers=HERE)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {"Referer": "http://testserver.evil.example/"},
        {},
    ],
)
def test_a_form_posted_from_another_site_is_not_offered_again(org, headers) -> None:
    """Else the fresh token on the page would turn a forged request into one click."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin)
    response = client.post(
        "/o/test-union/members/M-1/", {"status": "left", "reason": "forged"}, headers=headers
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert "forged" not in html
    assert "Send again" not in html
    assert 'name="status"' not in html and "kept-fields" not in html


def test_a_page_that_takes_only_post_answers_get_with_the_405_page(db) -> None:
    response = Client().get("/logout/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    assert response["Allow"] == "POST, OPTIONS"
    html = response.content.decode()
    assert "Not available this way" in html
    assert 'href="/"' in html


def test_the_405_page_is_in_the_readers_language(db) -> None:
    client = Client()
    client.cookies["django_language"] = "de"
    response = client.get("/logout/")
    assert response.status_code == 405
    assert "So nicht verfügbar" in response.content.decode()


def test_the_404_page_is_in_the_readers_language(db) -> None:
    client = Client()
    client.cookies["django_language"] = "de"
    response = client.get("/o/no-such-organization/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="de"' in html
    assert "Seite nicht gefunden" in html


def test_the_favicon_is_served_and_linked(db) -> None:
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/collegium/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)  # type: ignore[attr-defined]
    home = client.get("/").content.decode()
    assert 'rel="icon" href="/static/collegium/favicon.svg"' in home
