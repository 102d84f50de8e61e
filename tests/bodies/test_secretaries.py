"""A body's secretaries, named and removed by the organization's admins: the actions and
their refusals, the body page's "Secretaries" section (every POST answered 303, a refused
form kept across it), the People page's link to it, and the API."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from collegium.bodies.actions import add_secretary, dissolve_body, remove_secretary
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError
from tests.bodies.helpers import ROLES, client_as
from tests.journal.chains import verified

PAGE = "/o/test-union/bodies/cc/"
ADD = PAGE + "secretaries/"
REMOVE = PAGE + "secretaries/remove/"
API = "/api/organizations/test-union/bodies/cc/secretaries"
REFUSED = {"visitor": 401, "secretary": 403, "other-secretary": 403, "member": 403}


def _names(org) -> list[str]:
    return list(org.committee.secretaries.order_by("username").values_list("username", flat=True))


def test_naming_and_removing_are_journaled(org):
    add_secretary(actor=Actor.page(org.admin), body=org.committee, username=" otto ")
    remove_secretary(actor=Actor.page(org.admin), body=org.committee, username="sam")
    assert _names(org) == ["otto"]
    added = JournalEntry.objects.filter(code="body.secretary.added").latest("pk")
    removed = JournalEntry.objects.get(code="body.secretary.removed")
    assert added.payload == {"body": "cc", "username": "otto"}
    assert removed.payload == {"body": "cc", "username": "sam"}
    assert (removed.audience, removed.body_id) == ("body-staff", org.committee.pk)
    assert verified().broken is None


@pytest.mark.parametrize(
    ("call", "rule"),
    [
        (
            lambda org, a: add_secretary(actor=a, body=org.committee, username="x"),
            "body.secretary-unknown",
        ),
        (
            lambda org, a: add_secretary(actor=a, body=org.committee, username="sam"),
            "body.secretary-already",
        ),
        (
            lambda org, a: remove_secretary(actor=a, body=org.committee, username="otto"),
            "body.not-secretary",
        ),
        (
            lambda org, a: remove_secretary(actor=a, body=org.committee, username="nobody"),
            "body.not-secretary",
        ),
    ],
)
def test_each_refusal_names_its_rule_and_changes_nothing(org, call, rule):
    before = JournalEntry.objects.count()
    with pytest.raises(RuleError) as refused:
        call(org, Actor.page(org.admin))
    assert refused.value.rule == rule
    assert _names(org) == ["sam"]
    assert JournalEntry.objects.count() == before


def test_a_dissolved_body_takes_no_secretary_but_may_lose_one(org):
    dissolve_body(actor=SYSTEM, body=org.committee, on=datetime.date.today())
    with pytest.raises(RuleError) as refused:
        add_secretary(actor=Actor.page(org.admin), body=org.committee, username="otto")
    assert refused.value.rule == "body.dissolved"
    remove_secretary(actor=Actor.page(org.admin), body=org.committee, username="sam")
    assert _names(org) == []


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_see_the_section(org, role):
    page = client_as(org, role).get(PAGE).content.decode()
    assert ('id="secretaries-heading"' in page) == (role == "admin")


def test_an_admin_names_a_secretary_from_the_body_page(org):
    client = client_as(org, "admin")
    response = client.post(ADD, {"secretary-username": "otto"})
    assert response.status_code == 303
    assert response["Location"] == PAGE + "#secretaries-heading"
    assert _names(org) == ["otto", "sam"]
    page = client.get(PAGE).content.decode()
    assert "otto is now a secretary of Central Committee." in page
    assert 'value="otto"' in page  # its remove button


def test_a_refused_name_comes_back_beside_the_field(org):
    client = client_as(org, "admin")
    response = client.post(ADD, {"secretary-username": "nobody"})
    assert response.status_code == 303
    page = client.get(PAGE).content.decode()
    assert "There is no login named &#x27;nobody&#x27;." in page
    assert 'value="nobody"' in page  # what was typed stays
    assert _names(org) == ["sam"]
    # Shown once: a reload shows a fresh form.
    assert "There is no login named" not in client.get(PAGE).content.decode()


def test_an_admin_removes_a_secretary_and_a_refused_removal_says_why(org):
    client = client_as(org, "admin")
    response = client.post(REMOVE, {"secretary-remove-username": "sam"})
    assert response.status_code == 303
    assert _names(org) == []
    client.post(REMOVE, {"secretary-remove-username": "sam"})
    assert "sam is not a secretary of Central Committee." in client.get(PAGE).content.decode()


@pytest.mark.parametrize("role", ["secretary", "other-secretary", "member"])
def test_the_posts_are_refused_to_non_admins(org, role):
    client = client_as(org, role)
    assert client.post(ADD, {"secretary-username": "otto"}).status_code == 403
    assert client.post(REMOVE, {"secretary-remove-username": "sam"}).status_code == 403
    assert _names(org) == ["sam"]


def test_the_people_page_links_each_body_to_its_secretaries_for_admins(org):
    link = 'href="/o/test-union/bodies/cc/#secretaries-heading"'
    assert link in client_as(org, "admin").get("/o/test-union/people/").content.decode()
    assert link not in client_as(org, "secretary").get("/o/test-union/people/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_api_names_and_removes_for_admins_only(org, role):
    client = client_as(org, role)
    named = client.post(API, {"username": "otto"}, content_type="application/json")
    removed = client.delete(API + "/sam")
    if role == "admin":
        assert named.status_code == 201
        assert named.json() == {"body": "cc", "secretaries": ["otto", "sam"]}
        assert removed.status_code == 200
        assert removed.json() == {"body": "cc", "secretaries": ["otto"]}
    else:
        assert (named.status_code, removed.status_code) == (REFUSED[role], REFUSED[role])
        assert _names(org) == ["sam"]


def test_an_api_refusal_names_its_rule(org):
    client = client_as(org, "admin")
    answer = client.post(API, {"username": "sam"}, content_type="application/json")
    assert (answer.status_code, answer.json()["rule"]) == (400, "body.secretary-already")
    answer = client.delete(API + "/otto")
    assert (answer.status_code, answer.json()["rule"]) == (400, "body.not-secretary")
    assert User.objects.filter(username="otto").exists()
    assert _names(org) == ["sam"]
