"""What the tests of the body set-up, office, orders and export pages share: a client per
role, including the secretary of another body."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from collegium.bodies.actions import add_secretary, create_body
from collegium.bodies.models import BodyKind
from collegium.journal.actors import SYSTEM
from tests.conftest import PASSWORD, Org

ROLES = ["admin", "secretary", "other-secretary", "member", "visitor"]


def other_secretary(org: Org) -> User:
    """The secretary of another body of the organization (the auditing commission)."""
    existing = User.objects.filter(username="olga").first()
    if existing is not None:
        return existing
    user = User.objects.create_user("olga", password=PASSWORD)
    commission = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Auditing Commission",
        slug="cac",
        kind=BodyKind.COMMISSION,
        full_seats=3,
    )
    add_secretary(actor=SYSTEM, body=commission, username="olga")
    return user


def client_as(org: Org, role: str) -> Client:
    users = {
        "admin": org.admin,
        "secretary": org.secretary,
        "member": org.member_user,
        "visitor": None,
    }
    user = other_secretary(org) if role == "other-secretary" else users[role]
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client
