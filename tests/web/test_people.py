"""An organization's People page: admins name and remove administrators (never the last),
the staff see it, with each body's secretaries read-only; every POST is redirected."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from collegium.journal.models import JournalEntry
from tests.conftest import PASSWORD

PAGE = "/o/test-union/people/"


def _as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _admins(org) -> list[str]:
    return sorted(org.organization.admins.values_list("username", flat=True))


def test_the_page_lists_admins_and_each_bodys_secretaries(org):
    page = _as(org.admin).get(PAGE)
    assert page.status_code == 200
    assert '<span class="username">ada</span>' in page.text
    secretaries = page.text.split('id="secretaries-heading"')[1]
    assert "Central Committee" in secretaries and "sam" in secretaries


def test_an_admin_names_another_and_removes_one(org):
    admin = _as(org.admin)
    named = admin.post(PAGE, {"username": "otto"})
    assert (named.status_code, named["Location"]) == (303, PAGE)
    assert "otto is now an administrator of Test Union." in admin.get(PAGE).text
    assert _admins(org) == ["ada", "otto"]
    removed = admin.post(PAGE, {"remove": "otto"})
    assert removed.status_code == 303
    assert "otto is no longer an administrator of Test Union." in admin.get(PAGE).text
    assert _admins(org) == ["ada"]
    assert list(
        JournalEntry.objects.filter(code__startswith="organization.admin.")
        .order_by("pk")
        .values_list("code", "payload__username")
    )[-2:] == [("organization.admin.added", "otto"), ("organization.admin.removed", "otto")]


def test_the_last_admin_is_not_removed_and_the_page_says_why(org):
    admin = _as(org.admin)
    before = JournalEntry.objects.count()
    admin.post(PAGE, {"remove": "ada"})
    page = admin.get(PAGE)
    assert "ada is the last administrator of Test Union and cannot be removed" in page.text
    assert _admins(org) == ["ada"]
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(
    ("username", "reason"),
    [("nobody", "There is no login named 'nobody'."), ("ada", "is already an administrator")],
)
def test_a_refused_name_is_shown_beside_the_field(org, username, reason):
    admin = _as(org.admin)
    admin.post(PAGE, {"username": username})
    form = admin.get(PAGE).context["form"]
    assert reason in " ".join(form.errors["username"])
    assert form["username"].value() == username


@pytest.mark.parametrize(
    ("who", "view", "post"),
    [
        ("admin", 200, 303),
        ("secretary", 200, 403),
        ("member_user", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_who_sees_the_page_and_who_names_admins(org, who, view, post):
    User.objects.create_user("eve", password=PASSWORD)
    client = _as(getattr(org, who))
    page = client.get(PAGE)
    assert page.status_code == view
    if view == 200:
        assert ('name="username"' in page.text) is (post == 303)
    assert client.post(PAGE, {"username": "eve"}).status_code == post
    assert ("eve" in _admins(org)) is (post == 303)


def test_a_visitor_is_sent_to_sign_in(org):
    answer = Client().get(PAGE)
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_organization_home_links_the_people_page_for_the_staff(org):
    assert PAGE in _as(org.secretary).get("/o/test-union/").text
    assert PAGE not in _as(org.member_user).get("/o/test-union/").text


def test_the_api_names_and_removes_admins(org):
    url = "/api/organizations/test-union/admins"
    for user, status in [(None, 401), (org.secretary, 403), (org.member_user, 403)]:
        assert _as(user).post(url, {"username": "otto"}, "application/json").status_code == status
        assert _as(user).delete(url + "/ada").status_code == status
    admin = _as(org.admin)
    named = admin.post(url, {"username": "otto"}, "application/json")
    assert (named.status_code, named.json()) == (201, {"admins": ["ada", "otto"]})
    removed = admin.delete(url + "/otto")
    assert (removed.status_code, removed.json()) == (200, {"admins": ["ada"]})
    last = admin.delete(url + "/ada")
    assert (last.status_code, last.json()["rule"]) == (400, "organization.last-admin")
    unknown = admin.post(url, {"username": "nobody"}, "application/json")
    assert (unknown.status_code, unknown.json()["rule"]) == (400, "organization.admin-unknown")
