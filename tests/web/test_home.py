"""The home page tells a newcomer what Collegium is and what to do next, and "my page"
shows a member their entries, seats and offices."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.test import Client

from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_office,
    seat_member,
)
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import create_organization, register_member
from collegium.rules.standing_orders.presets import PRESETS


def _as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_signed_out_the_home_page_explains_and_lists_what_exists(org):
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")
    page = _as(None).get("/").text
    assert "Collegium runs the congresses, committees and member ballots" in page
    assert 'href="/o/test-union/"' in page and 'href="/o/guild/"' in page
    assert 'href="/login/?next=/"' in page
    assert "Waiting for you" not in page


def test_an_admin_sees_their_organization_and_what_is_waiting(org):
    register_member(
        actor=SYSTEM, organization=org.organization, number="E-1", name="Eva", email="e@x.org"
    )
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")
    page = _as(org.admin).get("/").text
    yours, others = page.split("Also set up on this site")
    assert 'href="/o/test-union/"' in yours and "(admin)" in yours
    assert 'href="/o/guild/"' in others and 'href="/o/guild/"' not in yours
    assert "1 member has an email address and no login yet: invite them to sign in." in yours
    assert 'href="/o/test-union/members/invite/"' in yours
    assert "Central Committee has no standing orders in force: adopt them." in yours
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="1956", document=PRESETS["1956-practice"]
    )
    assert "has no standing orders in force" not in _as(org.admin).get("/").text


def test_a_secretary_is_told_of_vacant_full_seats(org):
    page = _as(org.secretary).get("/").text
    assert "(secretary)" in page
    assert "Central Committee: 3 of 3 full seats are vacant." in page
    assert 'href="/o/test-union/bodies/cc/"' in page
    # Not the admin's tasks.
    assert "no standing orders in force" not in page


def test_a_member_sees_their_bodies_and_my_page(org):
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=org.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        term_start=datetime.date(2024, 5, 1),
    )
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    appoint_to_office(actor=SYSTEM, office=office, member=org.member)
    home = _as(org.member_user).get("/").text
    assert "(member)" in home and "Your bodies:" in home and "Central Committee" in home
    assert 'href="/me/"' in home
    mine = _as(org.member_user).get("/me/")
    assert mine.status_code == 200
    assert "M-1" in mine.text and "Mia Member" in mine.text
    seats = mine.text.split("Your seats")[1].split("Your offices")[0]
    assert "Central Committee" in seats and "Full" in seats
    assert "Chair, Central Committee, since" in mine.text.split("Your offices")[1]


def test_a_login_without_an_entry_has_an_empty_my_page_and_no_role_at_home(org):
    assert "You hold no role in any organization here yet." in _as(org.outsider).get("/").text
    mine = _as(org.outsider).get("/me/").text
    assert "Your login is not linked to an entry of any membership register." in mine
    assert "Mia Member" not in mine


def test_my_page_needs_a_sign_in(db):
    answer = Client().get("/me/")
    assert answer.status_code == 302 and "/login/" in answer["Location"]
