"""The body page links a seat holder's name to their register entry only for a reader who
may open it (member.view): staff every entry, a member their own (and all when the
register is open to members); a visitor sees names without links, so no link leads to a
404."""

from __future__ import annotations

import pytest
from django.test import Client

from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member, set_register_open_to_members

pytestmark = pytest.mark.django_db

PAGE = "/o/test-union/bodies/cc/"
OWN = 'href="/o/test-union/members/M-1/"'
OTHER = 'href="/o/test-union/members/M-2/"'


@pytest.fixture
def seated(org):
    other = register_member(actor=SYSTEM, organization=org.organization, number="M-2", name="Olga")
    for member in (org.member, other):
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        )
    return org


def _page(user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(PAGE).content.decode()


def test_staff_get_a_link_for_every_holder(seated) -> None:
    for user in (seated.admin, seated.secretary):
        page = _page(user)
        assert OWN in page and OTHER in page


def test_a_member_gets_a_link_to_their_own_entry_only(seated) -> None:
    page = _page(seated.member_user)
    assert OWN in page
    assert OTHER not in page
    assert "Olga" in page
    set_register_open_to_members(
        actor=SYSTEM, organization=seated.organization, open_to_members=True
    )
    assert OTHER in _page(seated.member_user)


def test_a_visitor_or_outsider_sees_names_without_links(seated) -> None:
    for user in (None, seated.outsider):
        page = _page(user)
        assert "Olga" in page and "Mia Member" in page
        assert OWN not in page and OTHER not in page
