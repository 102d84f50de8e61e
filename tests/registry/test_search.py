"""Register search ignores case and accents in every alphabet, finds a number by any part,
and refuses a too-long search instead of showing the whole register; the stored search key
is kept by every action and the import, and filled for members stored before it existed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import import_members, register_member
from collegium.registry.importing import parse_register
from collegium.registry.models import Member
from collegium.registry.queries import SEARCH_MAX_LENGTH, search_members
from collegium.rules.errors import RuleError

API = "/api/organizations/test-union/members"


@pytest.fixture
def register(org):
    for number, name, unit in [
        ("CC-0042", "Хрущёв, Никита Сергеевич", "Москва"),
        ("LT-7", "Antanas Sniečkus", "Vilnius"),
        ("DE-3", "Walter Ulbricht", "Straße der Einheit"),
        ("GR-1", "Νίκος Ζαχαριάδης", "Ἀθῆναι"),
    ]:
        register_member(
            actor=SYSTEM, organization=org.organization, number=number, name=name, unit=unit
        )
    return org


def _admin(org) -> Client:
    client = Client()
    client.force_login(org.admin)
    return client


def _found(org, text: str) -> list[str]:
    return list(search_members(org.organization, text).values_list("number", flat=True))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("хрущёв", ["CC-0042"]),
        ("ХРУЩЕВ", ["CC-0042"]),
        ("snieckus", ["LT-7"]),
        ("SNIEČKUS", ["LT-7"]),
        ("strasse", ["DE-3"]),
        ("ζαχαριαδης", ["GR-1"]),
        ("αθηναι", ["GR-1"]),
        ("0042", ["CC-0042"]),  # part of a number, not only its start
        ("c-00", ["CC-0042"]),
        ("москва", ["CC-0042"]),
        ("  antanas   snieckus ", ["LT-7"]),  # spaces as typed
        ("sergeevich", []),
    ],
)
def test_search_ignores_case_and_accents_and_finds_numbers_by_any_part(
    register, text: str, found: list[str]
):
    assert _found(register, text) == found


def test_the_page_and_the_api_search_alike(register):
    client = _admin(register)
    page = client.get(reverse("register", args=["test-union"]), {"q": "хрущёв"})
    assert "Хрущёв, Никита Сергеевич" in page.text
    assert page.context["match_count"] == 1
    answer = client.get(API, {"q": "snieckus"}).json()
    assert [m["number"] for m in answer["items"]] == ["LT-7"]


def test_a_too_long_search_is_refused_on_the_page_and_in_the_api(register):
    too_long = "x" * (SEARCH_MAX_LENGTH + 1)
    with pytest.raises(RuleError) as refused:
        search_members(register.organization, too_long)
    assert refused.value.rule == "register.search-too-long"
    client = _admin(register)
    page = client.get(reverse("register", args=["test-union"]), {"q": too_long})
    assert page.status_code == 200
    assert "The search is 201 characters long; at most 200 are allowed." in page.text
    assert "Walter Ulbricht" not in page.text  # not the whole register instead
    answer = client.get(API, {"q": too_long})
    assert answer.status_code == 400
    assert answer.json()["rule"] == "register.search-too-long"
    # At the limit, it is an ordinary search.
    assert client.get(API, {"q": "x" * SEARCH_MAX_LENGTH}).json()["items"] == []


def test_a_bad_cursor_or_status_keeps_the_search(register):
    page = _admin(register).get(
        reverse("register", args=["test-union"]),
        {"q": "snieckus", "after": "x" * 40, "status": "expelled"},
    )
    assert page.status_code == 200
    assert "Antanas Sniečkus" in page.text
    assert "Walter Ulbricht" not in page.text


def test_the_import_keeps_the_search_key_of_new_and_changed_members(org):
    data = "number,name,unit\nLT-7,Antanas Sniečkus,Vilnius\n"
    import_members(actor=SYSTEM, organization=org.organization, rows=parse_register(data.encode()))
    assert _found(org, "snieckus") == ["LT-7"]
    changed = "number,name,unit\nLT-7,Antanas Sniečkus,Kaunas\n"
    import_members(
        actor=SYSTEM, organization=org.organization, rows=parse_register(changed.encode())
    )
    assert _found(org, "kaunas") == ["LT-7"]
    assert _found(org, "vilnius") == []
    # A file without the unit column leaves the unit, and the key keeps it.
    renamed = "number,name\nLT-7,Antanas Snieckus\n"
    import_members(
        actor=SYSTEM, organization=org.organization, rows=parse_register(renamed.encode())
    )
    assert _found(org, "kaunas") == ["LT-7"]


def test_the_migration_fills_the_keys_of_members_stored_before_them(register):
    Member.objects.update(search_key="", number_key="")
    migration = importlib.import_module("collegium.registry.migrations.0002_register_hardening")
    migration.fill_keys(apps, None)
    assert _found(register, "хрущёв") == ["CC-0042"]
    assert Member.objects.get(number="GR-1").number_key == "gr-1"
