"""The bundled demo has the sizes and people the brief names."""

from __future__ import annotations

import pytest

from collegium.bodies.models import Body, OfficeTerm, SeatRole, StandingOrders
from collegium.bodies.queries import composition
from collegium.demo.load import load_demo
from collegium.registry.models import Organization
from tests.journal.chains import assert_all_intact

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        yield
        # Module-scoped data outside a test transaction: remove it for the next modules.
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _sizes(org_slug: str, body_slug: str) -> dict[str, int]:
    body = Body.objects.get(organization__slug=org_slug, slug=body_slug)
    now = composition(body)
    return {
        "full": len(now.full),
        "alternate": len(now.alternates),
        "consultative": len(now.consultative),
        "guest": len(now.guests),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("org_slug", ["cpsu-1956", "cpsu-lenin"])
def test_bodies_have_the_sizes_of_1956(demo, org_slug):
    assert _sizes(org_slug, "congress") == {
        "full": 1349,
        "alternate": 0,
        "consultative": 81,
        "guest": 55,
    }
    assert _sizes(org_slug, "central-committee") == {
        "full": 133,
        "alternate": 122,
        "consultative": 0,
        "guest": 0,
    }
    assert _sizes(org_slug, "praesidium")["full"] == 11
    assert _sizes(org_slug, "auditing-commission")["full"] == 63
    cc = Body.objects.get(organization__slug=org_slug, slug="central-committee")
    assert cc.elected_by is not None and cc.elected_by.slug == "congress"
    praesidium = Body.objects.get(organization__slug=org_slug, slug="praesidium")
    assert praesidium.elected_by == cc


@pytest.mark.django_db
def test_leaders_and_the_first_secretary(demo):
    org = Organization.objects.get(slug="cpsu-1956")
    names = set(org.members.values_list("name", flat=True))
    for leader in ("Khrushchev", "Mikoyan", "Malenkov", "Kaganovich", "Bulganin", "Molotov"):
        assert any(name.endswith(leader) for name in names), leader
    assert "Kliment Voroshilov" in names
    term = OfficeTerm.objects.get(
        office__body__organization=org, office__slug="first-secretary", end__isnull=True
    )
    assert term.holder.name == "Nikita Khrushchev"
    praesidium = Body.objects.get(organization=org, slug="praesidium")
    assert all(s.role == SeatRole.FULL for s in composition(praesidium).full)


@pytest.mark.django_db
def test_the_two_organizations_differ_in_their_standing_orders(demo):
    titles = {
        o.body.organization.slug: o.document
        for o in StandingOrders.objects.filter(body__slug="central-committee")
    }
    assert titles["cpsu-1956"] != titles["cpsu-lenin"]
    checked = assert_all_intact()
    assert {"@installation", "cpsu-1956", "cpsu-lenin"} <= {result.chain for result in checked}


@pytest.mark.django_db
def test_demo_logins_are_created_through_an_action(demo):
    from collegium.journal.models import JournalEntry

    created = set(
        JournalEntry.objects.filter(code="access.account.created").values_list(
            "payload__username", flat=True
        )
    )
    assert created == {"secretariat", "khrushchev"}
