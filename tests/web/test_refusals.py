"""The two kinds of refusal on pages and in the API: a refusal of permission is the 403
page (or 403), whatever refused it; a rule's refusal is the form again (or 400)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from collegium.access.permissions import NotPermitted, Permission, refusal
from collegium.http.refusals import RefusalMiddleware, attempt
from collegium.rules.errors import RuleError
from tests.conftest import PASSWORD


def _pass(request: object) -> HttpResponse:
    return HttpResponse()


def _refused(path: str, user: User | AnonymousUser) -> HttpResponse:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    response = RefusalMiddleware(_pass).process_exception(
        request, refusal(Permission.VIEW_REGISTER)
    )
    assert response is not None
    return response


def test_a_refusal_of_permission_escaping_a_page_is_the_403_page(org):
    response = _refused(reverse("register", args=["test-union"]), org.member_user)
    page = response.content.decode()
    assert response.status_code == 403
    assert "viewing the membership register needs one of the roles admin, secretary." in page
    # The organization named in the URL gives the way back.
    assert reverse("organization", args=["test-union"]) in page


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(org):
    response = _refused(reverse("register", args=["test-union"]), AnonymousUser())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_errors_are_left_to_django(org):
    request = RequestFactory().get("/")
    assert RefusalMiddleware(_pass).process_exception(request, RuleError("No.", rule="x")) is None


def test_attempt_returns_a_rules_refusal_and_puts_it_on_the_form():
    def refuse() -> int:
        raise RuleError("No full seat is free.", rule="seat.body-size")

    form = forms.Form(data={})
    assert form.is_valid()
    outcome = attempt(refuse, form)
    assert not outcome.done
    assert (outcome.result, outcome.refusal) == (None, "No full seat is free.")
    assert form.non_field_errors() == ["No full seat is free."]
    assert attempt(lambda: 7).result == 7 and attempt(lambda: None).done


def test_attempt_lets_a_refusal_of_permission_through():
    def refuse() -> None:
        raise refusal(Permission.IMPORT_MEMBERS)

    with pytest.raises(NotPermitted):
        attempt(refuse)


def test_a_page_whose_action_refuses_permission_shows_the_403_page(org, monkeypatch):
    """The view lets the secretary through (seat.manage); the action refuses anyway (here
    made to): the page is the 403 page, not the form with a 400."""
    import collegium.bodies.views

    def refused(**kwargs: object) -> None:
        raise refusal(Permission.MANAGE_SEATS)

    monkeypatch.setattr(collegium.bodies.views, "seat_member", refused)
    client = Client()
    assert client.login(username="sam", password=PASSWORD)
    response = client.post(
        reverse("body-seat", args=["test-union", "cc"]),
        {"seat-member_number": "M-1", "seat-role": "full", "seat-origin": "elected"},
    )
    assert response.status_code == 403
    assert "seating members and vacating seats needs one of the roles" in (
        response.content.decode()
    )


def test_the_api_answers_a_refusal_of_permission_with_403_not_400(org):
    client = Client()
    assert client.login(username="mia", password=PASSWORD)
    response = client.get("/api/organizations/test-union/members")
    assert response.status_code == 403
    assert response.json()["rule"] == "permissions"
    assert response.json()["detail"] == (
        "Not permitted: viewing the membership register needs one of the roles admin, secretary."
    )
