"""Fixtures shared by the whole suite: an organization with users in every role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from collegium.journal.actors import SYSTEM

if TYPE_CHECKING:
    from collegium.bodies.models import Body
    from collegium.registry.models import Member, Organization

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"

# PostgreSQL: the tests run with the connection pool on (settings.py), as the servers do,
# but with room for more connections than a server process's default 10: a concurrency
# test holds ten threads' connections at a barrier while the test keeps its own, and a
# thread waiting for the pool there would never be released. Set here, before the first
# connection opens the pool (the dict is the one the connection reads).
_pool = cast(dict[str, Any], django_settings.DATABASES["default"].get("OPTIONS") or {}).get("pool")
if isinstance(_pool, dict):
    _pool["max_size"] = max(int(_pool["max_size"]), 30)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The production hasher takes ~0.3 s a password by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    # A request in German (LocaleMiddleware activates its language for the thread, and
    # nothing deactivates it) must not make the next test's refusals German.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_sign_in_counts() -> None:
    # Sign-in throttling counts failures in the cache (collegium/access/login.py); every
    # test starts with none, whatever the tests before it got wrong.
    from django.core.cache import cache

    cache.clear()


@dataclass
class Org:
    """An organization with one user per role and a small committee."""

    organization: Organization
    admin: User
    secretary: User
    member_user: User
    outsider: User
    committee: Body
    member: Member


@pytest.fixture
def org(db: None) -> Org:
    from collegium.bodies.actions import add_secretary, create_body
    from collegium.bodies.models import BodyKind
    from collegium.registry.actions import (
        add_admin,
        create_organization,
        link_login,
        register_member,
    )

    admin = User.objects.create_user("ada", password=PASSWORD)
    secretary = User.objects.create_user("sam", password=PASSWORD)
    member_user = User.objects.create_user("mia", password=PASSWORD)
    outsider = User.objects.create_user("otto", password=PASSWORD)
    organization = create_organization(actor=SYSTEM, name="Test Union", slug="test-union")
    add_admin(actor=SYSTEM, organization=organization, username="ada")
    committee = create_body(
        actor=SYSTEM,
        organization=organization,
        name="Central Committee",
        slug="cc",
        kind=BodyKind.COMMITTEE,
        full_seats=3,
        alternate_seats=2,
    )
    add_secretary(actor=SYSTEM, body=committee, username="sam")
    member = register_member(
        actor=SYSTEM, organization=organization, number="M-1", name="Mia Member", unit="North"
    )
    link_login(actor=SYSTEM, member=member, username="mia")
    return Org(organization, admin, secretary, member_user, outsider, committee, member)
