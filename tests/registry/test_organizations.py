"""Setting up an organization (languages, time zone, first admin) and naming and removing
its administrators: every refusal names its rule and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from collegium.access.permissions import NotPermitted
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import add_admin, create_organization, remove_admin
from collegium.registry.models import Organization
from collegium.rules.errors import RuleError
from tests.conftest import PASSWORD


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser("root", password=PASSWORD)


def _entries() -> int:
    return JournalEntry.objects.count()


def test_an_operator_sets_up_an_organization_with_its_languages_zone_and_first_admin(operator, org):
    organization = create_organization(
        actor=Actor.page(operator),
        name="  Metal Workers  ",
        slug="metal",
        languages=["de", "en"],
        time_zone="Europe/Berlin",
        admin="ada",
    )
    organization.refresh_from_db()
    assert (organization.name, organization.languages, organization.time_zone) == (
        "Metal Workers",
        ["de", "en"],
        "Europe/Berlin",
    )
    assert list(organization.admins.values_list("username", flat=True)) == ["ada"]
    created = JournalEntry.objects.get(
        code="organization.created", chain__key="@installation", payload__slug="metal"
    )
    assert created.payload["languages"] == "de en"
    assert created.payload["time_zone"] == "Europe/Berlin"
    named = JournalEntry.objects.get(code="organization.admin.added", chain__key="metal")
    assert (named.payload, named.actor) == ({"username": "ada"}, "root")


def test_languages_and_time_zone_default_to_the_sites(db):
    organization = create_organization(actor=SYSTEM, name="Plain", slug="plain")
    assert (organization.languages, organization.time_zone) == (["en"], "UTC")
    assert not organization.admins.exists()


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"name": "  "}, "organization.name-missing"),
        ({"slug": "Metal Workers"}, "organization.slug"),
        ({"slug": "metal--workers"}, "organization.slug"),
        ({"slug": "-metal"}, "organization.slug"),
        ({"slug": "test-union"}, "organization.unique-name"),
        ({"languages": ["fr"]}, "organization.languages"),
        ({"languages": ["de", "de"]}, "organization.languages"),
        ({"time_zone": "Mars/Olympus"}, "organization.time-zone"),
        ({"time_zone": "../../etc/passwd"}, "organization.time-zone"),
        ({"admin": "nobody"}, "organization.admin-unknown"),
        ({"name": "x" * 201}, "register.too-long"),
    ],
)
def test_a_refused_set_up_names_its_rule_and_creates_nothing(org, changes, rule):
    before = (Organization.objects.count(), _entries())
    arguments = {"name": "Metal", "slug": "metal", **changes}
    with pytest.raises(RuleError) as refused:
        create_organization(actor=SYSTEM, **arguments)
    assert refused.value.rule == rule
    assert (Organization.objects.count(), _entries()) == before


@pytest.mark.parametrize("who", ["admin", "secretary", "member_user", "outsider"])
def test_only_an_operator_creates_an_organization(org, who):
    before = (Organization.objects.count(), _entries())
    with pytest.raises(NotPermitted):
        create_organization(actor=Actor.page(getattr(org, who)), name="Metal", slug="metal")
    assert (Organization.objects.count(), _entries()) == before


def test_an_admin_names_another_and_removes_one_but_never_the_last(org):
    ada = Actor.page(org.admin)
    add_admin(actor=ada, organization=org.organization, username="sam")
    assert set(org.organization.admins.values_list("username", flat=True)) == {"ada", "sam"}
    remove_admin(actor=ada, organization=org.organization, username="sam")
    removed = JournalEntry.objects.filter(code="organization.admin.removed").get()
    assert (removed.payload, removed.actor) == ({"username": "sam"}, "ada")
    before = _entries()
    with pytest.raises(RuleError) as refused:
        remove_admin(actor=ada, organization=org.organization, username="ada")
    assert refused.value.rule == "organization.last-admin"
    assert "last administrator" in str(refused.value)
    assert list(org.organization.admins.values_list("username", flat=True)) == ["ada"]
    assert _entries() == before


@pytest.mark.parametrize(
    ("call", "username", "rule"),
    [
        (add_admin, "nobody", "organization.admin-unknown"),
        (add_admin, "ada", "organization.admin-already"),
        (remove_admin, "mia", "organization.not-admin"),
    ],
)
def test_naming_and_removing_refusals_name_their_rule(org, call, username, rule):
    before = _entries()
    with pytest.raises(RuleError) as refused:
        call(actor=Actor.page(org.admin), organization=org.organization, username=username)
    assert refused.value.rule == rule
    assert _entries() == before


@pytest.mark.parametrize("who", ["secretary", "member_user", "outsider"])
@pytest.mark.parametrize("call", [add_admin, remove_admin])
def test_only_admins_name_and_remove_admins(org, who, call):
    User.objects.create_user("eve", password=PASSWORD)
    add_admin(actor=SYSTEM, organization=org.organization, username="eve")
    before = _entries()
    with pytest.raises(NotPermitted):
        call(actor=Actor.page(getattr(org, who)), organization=org.organization, username="eve")
    assert _entries() == before


def test_an_operator_names_and_removes_admins_without_being_one(operator, org):
    add_admin(actor=Actor.page(operator), organization=org.organization, username="otto")
    assert "otto" in org.organization.admins.values_list("username", flat=True)
    remove_admin(actor=Actor.page(operator), organization=org.organization, username="ada")
    assert list(org.organization.admins.values_list("username", flat=True)) == ["otto"]
    with pytest.raises(RuleError, match="last administrator"):
        remove_admin(actor=Actor.page(operator), organization=org.organization, username="otto")
