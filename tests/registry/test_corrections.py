"""Correcting a member's name, email and unit: journaled field by field with the old and
the new value; refusals name their rule and change nothing; a stale form is refused; the
member's page carries the form for admins only and answers every POST with a redirect."""

from __future__ import annotations

import pytest
from django.test import Client

from collegium.access.permissions import NotPermitted
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import correct_member
from collegium.registry.queries import details_version, search_members
from collegium.rules.errors import RuleError

PAGE = "/o/test-union/members/M-1/"
API = "/api/organizations/test-union/members/M-1/correct"


def _entries() -> int:
    return JournalEntry.objects.count()


def test_a_correction_journals_each_changed_field_with_old_and_new(org):
    changed = correct_member(
        actor=Actor.page(org.admin),
        member=org.member,
        name="Mia Müller",
        email="mia@example.org",
        unit="North",
    )
    assert changed == ["name", "email"]
    org.member.refresh_from_db()
    assert (org.member.name, org.member.email, org.member.unit) == (
        "Mia Müller",
        "mia@example.org",
        "North",
    )
    corrections = JournalEntry.objects.filter(code="register.member.corrected").order_by("sequence")
    assert [entry.payload for entry in corrections] == [
        {"number": "M-1", "field": "name", "old": "Mia Member", "new": "Mia Müller"},
        {"number": "M-1", "field": "email", "old": "", "new": "mia@example.org"},
    ]
    assert {entry.actor for entry in corrections} == {"ada"}
    # The search finds the new name, folded, and no longer the old one.
    assert list(search_members(org.organization, "muller")) == [org.member]
    assert not search_members(org.organization, "member").exists()


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({}, "register.correction-unchanged"),
        ({"name": " "}, "register.name-missing"),
        ({"email": "mia@"}, "register.email"),
        ({"unit": "North\nSouth"}, "register.line-break"),
        ({"unit": "u" * 201}, "register.too-long"),
    ],
)
def test_a_refused_correction_names_its_rule_and_changes_nothing(org, changes, rule):
    before = _entries()
    values = {"name": "Mia Member", "email": "", "unit": "North", **changes}
    with pytest.raises(RuleError) as refused:
        correct_member(actor=Actor.page(org.admin), member=org.member, **values)
    assert refused.value.rule == rule
    org.member.refresh_from_db()
    assert (org.member.name, org.member.email, org.member.unit) == ("Mia Member", "", "North")
    assert _entries() == before


def test_a_correction_made_from_an_older_version_is_refused(org):
    old = details_version(org.member)
    correct_member(actor=SYSTEM, member=org.member, name="Mia M.", email="", unit="North")
    before = _entries()
    with pytest.raises(RuleError) as refused:
        correct_member(
            actor=SYSTEM, member=org.member, name="Mia X", email="", unit="North", version=old
        )
    assert refused.value.rule == "register.stale-form"
    org.member.refresh_from_db()
    assert org.member.name == "Mia M."
    assert _entries() == before


@pytest.mark.parametrize("who", ["secretary", "member_user", "outsider"])
def test_only_admins_correct(org, who):
    with pytest.raises(NotPermitted):
        correct_member(
            actor=Actor.page(getattr(org, who)),
            member=org.member,
            name="X",
            email="",
            unit="",
        )


def _admin() -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="ada"))
    return client


def _form(client: Client) -> dict[str, str]:
    form = client.get(PAGE).context["correction_form"]
    return {"form": "correct", **{name: str(value) for name, value in form.initial.items()}}


def test_the_member_page_corrects_and_redirects(org):
    admin = _admin()
    posted = admin.post(PAGE, {**_form(admin), "unit": "South"})
    assert posted.status_code == 303
    assert posted["Location"] == PAGE + "#correct-heading"
    page = admin.get(posted["Location"])
    assert "The entry of Mia Member has been corrected." in page.text
    org.member.refresh_from_db()
    assert org.member.unit == "South"


def test_a_refused_correction_shows_the_reason_beside_the_field_as_typed(org):
    admin = _admin()
    posted = admin.post(PAGE, {**_form(admin), "email": "mia@"})
    assert posted.status_code == 303
    form = admin.get(posted["Location"]).context["correction_form"]
    assert form["email"].value() == "mia@"
    assert "Email 'mia@' is not a valid address." in form.errors["email"][0]
    # Shown once: reloading gives the fresh form.
    assert not admin.get(PAGE).context["correction_form"].is_bound


def test_a_stale_correction_form_replays_nothing(org):
    admin = _admin()
    stale = _form(admin)
    admin.post(PAGE, {**stale, "unit": "South"})
    before = _entries()
    replay = admin.post(PAGE, {**stale, "unit": "East"})
    page = admin.get(replay["Location"])
    assert "has changed since this form was opened; nothing was changed." in page.text
    org.member.refresh_from_db()
    assert org.member.unit == "South"
    assert _entries() == before


@pytest.mark.parametrize(
    ("who", "form_shown", "post_status"),
    [("admin", True, 303), ("secretary", False, 403), ("member_user", False, 403)],
)
def test_the_correction_form_is_for_admins(org, who, form_shown, post_status):
    client = Client()
    client.force_login(getattr(org, who))
    page = client.get(PAGE)
    assert ("correct-heading" in page.text) is form_shown
    version = details_version(org.member)
    posted = client.post(
        PAGE, {"form": "correct", "name": "X", "email": "", "unit": "", "version": version}
    )
    assert posted.status_code == post_status
    org.member.refresh_from_db()
    assert org.member.name == ("X" if form_shown else "Mia Member")


def test_anonymous_correction_is_sent_to_sign_in(org):
    posted = Client().post(PAGE, {"form": "correct", "name": "X", "email": "", "unit": ""})
    assert posted.status_code == 302 and "/login/" in posted["Location"]


def test_the_api_corrects_with_a_version_and_refuses_a_stale_one(org):
    admin = _admin()
    version = admin.get("/api/organizations/test-union/members/M-1").json()["version"]
    answer = admin.post(API, {"email": "mia@example.org", "version": version}, "application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["email"] == "mia@example.org"
    assert answer.json()["name"] == "Mia Member"  # omitted: kept
    stale = admin.post(API, {"unit": "East", "version": version}, "application/json")
    assert stale.status_code == 400
    assert stale.json()["rule"] == "register.stale-form"


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("outsider", 403), ("member_user", 403), ("secretary", 403)],
)
def test_the_api_correction_is_for_admins(org, who, status):
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(org, who))
    answer = client.post(API, {"name": "X"}, "application/json")
    assert answer.status_code == status
    # A number that does not exist is refused alike: the refusal comes first.
    assert client.post(API.replace("M-1", "NOPE"), {}, "application/json").status_code == status
