"""The operator's page and API for a new organization, and the page and API that add one
member: reasons beside the fields, a redirect after every POST, permission per role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.timezone import localdate

from collegium.journal.models import JournalEntry
from collegium.registry.models import Member, Organization
from tests.conftest import PASSWORD

NEW_ORG = "/organizations/new/"
NEW_MEMBER = "/o/test-union/members/new/"


@pytest.fixture
def operator(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    return client


def _as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_operator_creates_an_organization_and_names_its_admin(operator, org):
    page = operator.get(NEW_ORG)
    assert page.status_code == 200
    assert '<option value="Europe/Berlin">' in page.text  # the zone list to pick from
    posted = operator.post(
        NEW_ORG,
        {
            "name": "Metal Workers",
            "slug": "metal",
            "default_language": "de",
            "other_languages": ["en", "de"],
            "time_zone": "Europe/Berlin",
            "admin": "ada",
        },
    )
    assert posted.status_code == 303
    assert posted["Location"] == "/o/metal/"
    organization = Organization.objects.get(slug="metal")
    assert (organization.languages, organization.time_zone) == (["de", "en"], "Europe/Berlin")
    assert list(organization.admins.values_list("username", flat=True)) == ["ada"]
    assert "Metal Workers has been set up." in operator.get(posted["Location"]).text


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"slug": "Metal Workers"}, "slug", "may hold only lower-case letters"),
        ({"slug": "test-union"}, "slug", "exists already"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "is not a time zone"),
        ({"admin": "nobody"}, "admin", "There is no login named 'nobody'."),
        ({"name": ""}, "name", "An organization needs a name."),
        ({"default_language": "xx"}, "default_language", "Select a valid choice."),
    ],
)
def test_a_refused_organization_shows_the_reason_beside_its_field(
    operator, org, changes, field, reason
):
    before = (Organization.objects.count(), JournalEntry.objects.count())
    data = {"name": "Metal", "slug": "metal", "default_language": "en", **changes}
    posted = operator.post(NEW_ORG, data)
    assert posted.status_code == 303
    assert posted["Location"] == NEW_ORG
    form = operator.get(NEW_ORG).context["form"]
    assert reason in " ".join(form.errors[field])
    assert form["name"].value() == data["name"]  # what was typed is kept
    assert (Organization.objects.count(), JournalEntry.objects.count()) == before


@pytest.mark.parametrize("who", ["admin", "secretary", "member_user", "outsider"])
def test_only_the_operator_opens_the_new_organization_page(org, who):
    client = _as(getattr(org, who))
    assert client.get(NEW_ORG).status_code == 403
    assert client.post(NEW_ORG, {"name": "X", "slug": "x"}).status_code == 403
    assert not Organization.objects.filter(slug="x").exists()


def test_a_visitor_is_sent_to_sign_in_for_a_new_organization(db):
    answer = Client().get(NEW_ORG)
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_home_page_links_the_new_organization_page_for_operators_only(operator, org):
    assert NEW_ORG in operator.get("/").text
    assert NEW_ORG not in _as(org.admin).get("/").text


def test_the_api_creates_an_organization_for_operators_only(operator, org):
    body = {"name": "Metal", "slug": "metal", "languages": ["de"], "admin": "ada"}
    for user, status in [(None, 401), (org.admin, 403), (org.outsider, 403)]:
        assert _as(user).post("/api/organizations", body, "application/json").status_code == (
            status
        )
    created = operator.post("/api/organizations", body, "application/json")
    assert created.status_code == 201, created.content
    assert created.json() == {
        "slug": "metal",
        "name": "Metal",
        "description": "",
        "languages": ["de"],
        "time_zone": "UTC",
    }
    again = operator.post("/api/organizations", body, "application/json")
    assert (again.status_code, again.json()["rule"]) == (400, "organization.unique-name")
    zone = operator.post(
        "/api/organizations", {"name": "Z", "slug": "z", "time_zone": "Nowhere"}, "application/json"
    )
    assert (zone.status_code, zone.json()["rule"]) == (400, "organization.time-zone")


def test_an_admin_adds_a_member_and_lands_on_its_page(org):
    admin = _as(org.admin)
    assert admin.get(NEW_MEMBER).status_code == 200
    posted = admin.post(
        NEW_MEMBER, {"number": "Ｍ-7", "name": "Nadia", "email": "n@example.org", "unit": "East"}
    )
    assert posted.status_code == 303
    assert posted["Location"] == "/o/test-union/members/M-7/"
    page = admin.get(posted["Location"])
    assert "Nadia (M-7) is now in the register." in page.text
    member = Member.objects.get(number="M-7")
    assert (member.email, member.unit) == ("n@example.org", "East")
    register = admin.get("/o/test-union/members/").text
    assert 'href="/o/test-union/members/M-7/"' in register
    assert 'href="/o/test-union/members/new/"' in register


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"number": "M-1"}, "number", "already in the register"),
        ({"number": "М-1"}, "number", "looks like"),
        ({"number": "a/../b"}, "number", "cannot be part of a page address"),
        ({"number": "new"}, "number", "names a page of the register"),
        ({"name": ""}, "name", "A member needs a name."),
        ({"email": "x@"}, "email", "is not a valid address"),
        ({"joined_on": "2999-01-01"}, "joined_on", "out of range"),
        (
            {"joined_on": (localdate() + timedelta(days=1)).isoformat()},
            "joined_on",
            "in the future",
        ),
        ({"joined_on": "someday"}, "joined_on", "Enter a valid date."),
    ],
)
def test_a_refused_member_shows_the_reason_beside_its_field(org, changes, field, reason):
    admin = _as(org.admin)
    before = (Member.objects.count(), JournalEntry.objects.count())
    data = {"number": "M-8", "name": "Nadia", **changes}
    posted = admin.post(NEW_MEMBER, data)
    assert (posted.status_code, posted["Location"]) == (303, NEW_MEMBER)
    form = admin.get(NEW_MEMBER).context["form"]
    assert reason in " ".join(form.errors[field])
    assert form["number"].value() == data["number"]
    assert (Member.objects.count(), JournalEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("who", "status"), [("secretary", 403), ("member_user", 403), ("outsider", 403)]
)
def test_only_admins_add_members(org, who, status):
    client = _as(getattr(org, who))
    assert client.get(NEW_MEMBER).status_code == status
    assert client.post(NEW_MEMBER, {"number": "M-9", "name": "X"}).status_code == status
    assert not Member.objects.filter(number="M-9").exists()


def test_the_api_adds_a_member(org):
    url = "/api/organizations/test-union/members"
    body = {"number": "M-9", "name": "Nina", "email": "nina@example.org"}
    for user, status in [(None, 401), (org.member_user, 403), (org.secretary, 403)]:
        assert _as(user).post(url, body, "application/json").status_code == status
    added = _as(org.admin).post(url, body, "application/json")
    assert added.status_code == 201, added.content
    assert added.json() == {
        "number": "M-9",
        "name": "Nina",
        "unit": "",
        "status": "active",
        "email": "nina@example.org",
    }
    twin = _as(org.admin).post(url, body, "application/json")
    assert (twin.status_code, twin.json()["rule"]) == (400, "register.unique-number")
