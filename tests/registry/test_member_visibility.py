"""Members cannot walk the register through the member pages: a member sees their own
entry, others' only where the register is open to members, and an entry they may not see
answers exactly as a number that does not exist (page and API), as does a number of
another organization."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import (
    create_organization,
    register_member,
    set_register_open_to_members,
)
from collegium.registry.models import Member

PAGE = "/o/test-union/members/{}/"
API = "/api/organizations/test-union/members/{}"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def others(org):
    register_member(actor=SYSTEM, organization=org.organization, number="M-2", name="Otto")
    guild = create_organization(actor=SYSTEM, name="Guild", slug="guild")
    register_member(actor=SYSTEM, organization=guild, number="G-1", name="Gustav")
    return org


@pytest.mark.parametrize("address", [PAGE, API])
def test_a_member_sees_their_own_entry_and_no_one_elses(others, address: str):
    client = _client(others.member_user)
    assert client.get(address.format("M-1")).status_code == 200
    hidden = client.get(address.format("M-2"))  # exists, not theirs
    assert hidden.status_code == 404
    assert "Otto" not in hidden.content.decode()


@pytest.mark.parametrize("address", [PAGE, API])
def test_a_hidden_entry_another_organizations_and_a_missing_one_answer_alike(others, address: str):
    """Same status, same body: trying numbers tells nothing. (The number is in the body,
    so each case is asked for with the same number.)"""
    client = _client(others.member_user)
    hidden = client.get(address.format("M-2"))
    # Another organization's number, and one that exists nowhere, asked as M-2 would be.
    guild_number = client.get(address.format("G-1"))
    assert guild_number.status_code == 404
    Member.objects.filter(number="M-2").delete()
    missing = client.get(address.format("M-2"))
    assert (hidden.status_code, _body(hidden)) == (missing.status_code, _body(missing))
    assert _body(guild_number) == _body(missing).replace(b"M-2", b"G-1")


def _body(response) -> bytes:
    # A page's CSRF token is masked afresh in every answer: not a difference to compare.
    return re.sub(rb'name="csrfmiddlewaretoken" value="\w+"', b"", response.content)


@pytest.mark.parametrize("address", [PAGE, API])
def test_an_open_register_shows_members_every_entry(others, address: str):
    set_register_open_to_members(
        actor=SYSTEM, organization=others.organization, open_to_members=True
    )
    client = _client(others.member_user)
    assert client.get(address.format("M-2")).status_code == 200
    # Opening one organization's register opens no other's.
    assert client.get(address.replace("test-union", "guild").format("G-1")).status_code in (
        302,
        403,
    )


@pytest.mark.parametrize("address", [PAGE, API])
def test_the_staff_see_every_entry_of_a_closed_register(others, address: str):
    for user in (others.admin, others.secretary):
        assert _client(user).get(address.format("M-2")).status_code == 200


def test_a_status_change_through_the_api_is_refused_before_the_number_is_looked_up(others):
    client = _client(others.member_user)
    status = {"status": "left", "reason": "x"}
    existing = client.post(API.format("M-2") + "/status", status, content_type="application/json")
    missing = client.post(API.format("M-9") + "/status", status, content_type="application/json")
    assert existing.status_code == missing.status_code == 403
