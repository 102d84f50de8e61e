"""Passwords: Django's validators apply wherever an account gets one (the action, so the
`collegium createadmin` command too); the demo's fixed password passes them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from typer.testing import CliRunner

from collegium.access.actions import create_account
from collegium.cli import _register, app
from collegium.demo.load import DEMO_PASSWORD
from collegium.journal.actors import SYSTEM
from collegium.rules.errors import RuleError
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "too common"),
        ("12345678", "entirely numeric"),
        ("short", "too short"),
        ("newcomer", "too similar to the username"),
        ("newcomer@example.org", "too similar to the email address"),
    ],
)
def test_create_account_refuses_a_weak_password(db: None, password: str, reason: str) -> None:
    with pytest.raises(RuleError, match=reason) as refused:
        create_account(
            actor=SYSTEM, username="newcomer", email="newcomer@example.org", password=password
        )
    assert refused.value.rule == "account.password"
    assert not User.objects.filter(username="newcomer").exists()


def test_create_account_accepts_a_good_password(db: None) -> None:
    user = create_account(actor=SYSTEM, username="newcomer", password=PASSWORD)
    assert user.check_password(PASSWORD)


def test_the_demo_password_passes_the_validators(db: None) -> None:
    for username in ("secretariat", "khrushchev"):
        validate_password(DEMO_PASSWORD, user=User(username=username))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("password", "reason"),
    [("password", "too common"), ("12345678", "entirely numeric"), ("rootroot", "similar")],
)
def test_createadmin_refuses_a_weak_password(password: str, reason: str) -> None:
    _register()
    result = CliRunner().invoke(app, ["createadmin", "rootroot", "--password", password])
    assert result.exit_code != 0
    assert reason in result.output
    assert not User.objects.filter(username="rootroot").exists()
