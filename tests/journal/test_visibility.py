"""Who reads which journal entries: the page and the API show each reader only the entries
of their audiences (access.visibility). Register data is for the organization's staff;
the composition of bodies for members; that a body exists and its standing orders for
everyone; who a body's secretary is for that body's staff."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from collegium.access.visibility import (
    PUBLIC_SCOPE,
    installation_scope,
    installation_scopes,
    reader_scope,
    reader_scopes,
)
from collegium.bodies.actions import add_secretary, adopt_standing_orders, create_body, seat_member
from collegium.bodies.models import Body, BodyKind, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.codes import Audience
from collegium.registry.actions import change_member_status, create_organization
from collegium.registry.models import MemberStatus
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD, Org
from tests.journal.chains import ORG, entries_of

PAGE = f"/o/{ORG}/journal/"
API = f"/api/organizations/{ORG}/journal"

# The entries of the chain below, by a name for each, in the order they are recorded.
LABELS = [
    "admin added",  # organization.admin.added
    "cc created",  # body.created
    "cc secretary",  # body.secretary.added (the committee's: sam)
    "member added",  # register.member.added
    "login linked",  # register.member.login_linked
    "audit created",  # body.created
    "audit secretary",  # body.secretary.added (the audit commission's: sue)
    "seat",  # body.seat.assigned
    "orders",  # body.orders.adopted
    "register",  # decision.entered (the orders, in the committee's register)
]
PUBLIC = {"cc created", "audit created", "orders"}
# The Lenin-era orders publish the minutes to members only: so is the register.
MEMBERS = PUBLIC | {"seat", "register"}
STAFF = set(LABELS) - {"cc secretary", "audit secretary"}
EXPECTED = {
    "anonymous": PUBLIC,
    "outsider": PUBLIC,
    "member": MEMBERS,
    "secretary": STAFF | {"cc secretary"},
    "audit secretary": STAFF | {"audit secretary"},
    "admin": set(LABELS),
}


@dataclass
class Journal:
    org: Org
    audit: Body
    sue: User
    sequences: dict[str, int]  # label → sequence

    def reader(self, who: str) -> User | None:
        return {
            "anonymous": None,
            "outsider": self.org.outsider,
            "member": self.org.member_user,
            "secretary": self.org.secretary,
            "audit secretary": self.sue,
            "admin": self.org.admin,
        }[who]

    def labels(self, sequences: list[int]) -> set[str]:
        by_sequence = {s: label for label, s in self.sequences.items()}
        return {by_sequence[s] for s in sequences}


@pytest.fixture
def journal(org: Org) -> Journal:
    sue = User.objects.create_user("sue", password=PASSWORD)
    audit = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Audit Commission",
        slug="audit",
        kind=BodyKind.COMMISSION,
        full_seats=3,
    )
    add_secretary(actor=SYSTEM, body=audit, username="sue")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
    )
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Rules", document=PRESETS["lenin-era"]
    )
    entries = list(entries_of(ORG))
    assert [e.code for e in entries] == [
        "organization.admin.added",
        "body.created",
        "body.secretary.added",
        "register.member.added",
        "register.member.login_linked",
        "body.created",
        "body.secretary.added",
        "body.seat.assigned",
        "body.orders.adopted",
        "decision.entered",
    ]
    assert entries[2].body_id == org.committee.pk and entries[6].body_id == audit.pk
    return Journal(
        org, audit, sue, {label: e.sequence for label, e in zip(LABELS, entries, strict=True)}
    )


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _page_sequences(client: Client) -> list[int]:
    response = client.get(PAGE)
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'<tr id="entry-(\d+)">', response.content.decode())]


def _api_items(client: Client, **query: str) -> list[dict[str, object]]:
    response = client.get(API, query)
    assert response.status_code == 200
    items: list[dict[str, object]] = response.json()["items"]
    return items


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_reader_sees_their_entries_on_the_page(journal: Journal, who: str) -> None:
    seen = _page_sequences(_client(journal.reader(who)))
    assert seen == sorted(seen, reverse=True)
    assert journal.labels(seen) == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_reader_sees_their_entries_in_the_api(journal: Journal, who: str) -> None:
    items = _api_items(_client(journal.reader(who)))
    seen = [int(str(item["sequence"])) for item in items]
    assert journal.labels(seen) == EXPECTED[who]
    assert {item["chain"] for item in items} == {ORG}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_register_entries_are_never_shown_to_members_or_visitors(
    journal: Journal, who: str
) -> None:
    client = _client(journal.reader(who))
    html = client.get(PAGE).content.decode()
    assert "register." not in html
    assert "organization.admin.added" not in html
    assert "Mia Member" not in html  # the register entry's payload
    for code in ("register.member.added", "register.member.login_linked"):
        assert _api_items(client, code=code) == []
    assert _api_items(client, code="body.secretary.added") == []


def test_the_composition_of_bodies_is_for_members(journal: Journal) -> None:
    member = _api_items(_client(journal.org.member_user), code="body.seat.assigned")
    assert [item["payload"] for item in member] == [
        {
            "body": "cc",
            "member": "M-1",
            "guest": None,
            "role": "full",
            "rank": None,
            "origin": "elected",
            "origin_detail": "",
        }
    ]
    assert _api_items(_client(None), code="body.seat.assigned") == []
    assert _api_items(_client(journal.org.outsider), code="body.seat.assigned") == []


def test_bodies_and_their_orders_are_public(journal: Journal) -> None:
    anonymous = _client(None)
    created = _api_items(anonymous, code="body.created")
    assert [item["payload"]["name"] for item in created] == [  # type: ignore[index]
        "Audit Commission",
        "Central Committee",
    ]
    adopted = _api_items(anonymous, code="body.orders.adopted")
    assert [item["audience"] for item in adopted] == ["public"]
    html = anonymous.get(PAGE).content.decode()
    assert "body.orders.adopted" in html and "body.created" in html


def test_a_bodys_secretary_is_shown_to_that_bodys_staff_and_admins_only(
    journal: Journal,
) -> None:
    def secretaries(user: User | None) -> list[object]:
        items = _api_items(_client(user), code="body.secretary.added")
        return [item["body_id"] for item in items]

    committee, audit = journal.org.committee.pk, journal.audit.pk
    assert secretaries(journal.org.secretary) == [committee]
    assert secretaries(journal.sue) == [audit]
    assert secretaries(journal.org.admin) == [audit, committee]
    assert secretaries(journal.org.member_user) == []
    assert secretaries(None) == []


def test_a_suspended_member_sees_only_public_entries(journal: Journal) -> None:
    change_member_status(
        actor=SYSTEM, member=journal.org.member, status=MemberStatus.SUSPENDED, reason="dues"
    )
    client = _client(journal.org.member_user)
    assert journal.labels(_page_sequences(client)) == PUBLIC
    items = _api_items(client)
    assert journal.labels([int(str(i["sequence"])) for i in items]) == PUBLIC
    assert _api_items(client, code="body.seat.assigned") == []


def test_a_member_who_left_sees_only_public_entries(journal: Journal) -> None:
    change_member_status(
        actor=SYSTEM, member=journal.org.member, status=MemberStatus.LEFT, reason="moved"
    )
    assert journal.labels(_page_sequences(_client(journal.org.member_user))) == PUBLIC


def test_membership_of_another_organization_gives_nothing_here(journal: Journal) -> None:
    from collegium.registry.actions import link_login, register_member

    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    member = register_member(actor=SYSTEM, organization=other, number="O-1", name="Otto")
    link_login(actor=SYSTEM, member=member, username="otto")
    assert journal.labels(_page_sequences(_client(journal.org.outsider))) == PUBLIC


def test_paging_skips_what_the_reader_may_not_see(journal: Journal) -> None:
    client = _client(journal.org.member_user)
    first = client.get(API, {"limit": 2}).json()
    assert journal.labels([i["sequence"] for i in first["items"]]) == {"register", "orders"}
    assert first["next_before"] == journal.sequences["orders"]
    second = client.get(API, {"limit": 2, "before": first["next_before"]}).json()
    assert journal.labels([i["sequence"] for i in second["items"]]) == {"seat", "audit created"}
    third = client.get(API, {"limit": 2, "before": second["next_before"]}).json()
    assert journal.labels([i["sequence"] for i in third["items"]]) == {"cc created"}
    assert third["next_before"] is None


# The scopes themselves (access.visibility), which the live stream filters through too.


def test_reader_scopes(journal: Journal) -> None:
    organization = journal.org.organization
    assert reader_scope(None, organization) == PUBLIC_SCOPE
    assert reader_scope(AnonymousUser(), organization) == PUBLIC_SCOPE
    assert reader_scope(journal.org.outsider, organization) == PUBLIC_SCOPE
    member = reader_scope(journal.org.member_user, organization)
    assert member.audiences == {Audience.PUBLIC, Audience.MEMBERS}
    assert not member.is_staff
    secretary = reader_scope(journal.org.secretary, organization)
    assert secretary.staff_of_bodies == {journal.org.committee.pk}
    assert secretary.is_staff
    assert secretary.may_see("body-staff", journal.org.committee.pk)
    assert not secretary.may_see("body-staff", journal.audit.pk)
    admin = reader_scope(journal.org.admin, organization)
    assert admin.is_staff and admin.may_see("body-staff", None)
    assert not admin.may_see("operators", None)


def test_scopes_in_bulk_are_the_scopes_one_by_one(journal: Journal) -> None:
    """The live streams compute their readers' scopes together (reader_scopes); each is
    what reader_scope gives alone. A secretary of bodies of two organizations reads the
    staff entries of this organization's only."""
    organization = journal.org.organization
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    elsewhere = create_body(
        actor=SYSTEM,
        organization=other,
        name="Board",
        slug="board",
        kind=BodyKind.COMMITTEE,
        full_seats=5,
    )
    add_secretary(actor=SYSTEM, body=elsewhere, username=journal.org.secretary.username)
    readers = [journal.reader(who) for who in ("outsider", "member", "secretary", "admin")]
    readers.append(journal.sue)
    ids = [user.pk for user in readers if user is not None]
    together = reader_scopes(ids, organization)
    assert together == {user.pk: reader_scope(user, organization) for user in readers if user}
    assert together[journal.org.secretary.pk].staff_of_bodies == {journal.org.committee.pk}
    assert reader_scopes([journal.org.secretary.pk], other)[
        journal.org.secretary.pk
    ].staff_of_bodies == {elsewhere.pk}
    operator = User.objects.create_superuser("root", password=PASSWORD)
    assert installation_scopes([operator.pk, journal.org.admin.pk]) == {
        operator.pk: installation_scope(operator),
        journal.org.admin.pk: PUBLIC_SCOPE,
    }


def test_the_installation_chain_is_for_operators(journal: Journal) -> None:
    operator = User.objects.create_superuser("root", password=PASSWORD)
    assert installation_scope(operator).is_staff
    assert installation_scope(operator).may_see("operators", None)
    assert installation_scope(journal.org.admin) == PUBLIC_SCOPE
    assert installation_scope(None) == PUBLIC_SCOPE
