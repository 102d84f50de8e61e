"""Logins under simultaneous requests: one invitation link used twice at once sets the
password once; an invitation and a first single sign-on of the same member, at once,
give the member one login (both take the installation's chain first, then the
organization's, so neither waits for the other in a circle)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.registry.invitations import invite_members
from collegium.registry.logins import choose_password
from collegium.registry.models import Member
from collegium.registry.sign_in import sign_in_by_identity
from tests.concurrency.conftest import errors_of, refusals_of, simultaneously, successes_of
from tests.journal.chains import assert_all_intact

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


def test_one_link_used_twice_at_once_sets_the_password_once(org) -> None:
    register_member(
        actor=SYSTEM, organization=org.organization, number="M-7", name="Vera", email="v@x.org"
    )
    invited = invite_members(
        actor=Actor.page(org.admin), organization=org.organization, numbers=["M-7"]
    )
    token = invited.sent[0].token
    outcomes = simultaneously(
        [
            lambda: choose_password(token=token, password=PASSWORD),
            lambda: choose_password(token=token, password=PASSWORD + " too"),
        ]
    )
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert [rule for rule, _message in refusals_of(outcomes)] == ["account.link-invalid"]
    assert JournalEntry.objects.filter(code="access.account.password_chosen").count() == 1
    assert_all_intact()


def test_an_invitation_and_a_first_sign_on_at_once_give_one_login(org) -> None:
    register_member(
        actor=SYSTEM, organization=org.organization, number="M-7", name="Vera", email="v@x.org"
    )
    outcomes = simultaneously(
        [
            lambda: invite_members(
                actor=Actor.page(org.admin), organization=org.organization, numbers=["M-7"]
            ),
            lambda: sign_in_by_identity(
                issuer="https://id.example", subject="s-1", email="v@x.org", verified=True
            ),
        ]
    )
    assert errors_of(outcomes) == []
    member = Member.objects.get(number="M-7")
    assert member.user is not None
    assert User.objects.filter(email__iexact="v@x.org").count() == 1
    assert_all_intact()
