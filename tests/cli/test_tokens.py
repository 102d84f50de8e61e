"""`collegium token issue|revoke` and using the token against the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from collegium.cli import _register, app

pytestmark = pytest.mark.django_db(transaction=True)


def _invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_issue_use_and_revoke(org, client):
    issued = _invoke("token", "issue", "--user", "ada", "--name", "nightly export")
    assert issued.exit_code == 0, issued.output
    secret = issued.output.strip().splitlines()[-1]
    assert secret.startswith("clg_")
    url = "/api/organizations/test-union/members"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token_id = issued.output.split("Token ", 1)[1].split(" ", 1)[0]
    revoked = _invoke("token", "revoke", token_id)
    assert revoked.exit_code == 0, revoked.output
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    again = _invoke("token", "revoke", token_id)
    assert again.exit_code != 0
    assert "already revoked" in again.output


def test_issue_for_an_unknown_user_fails(db):
    assert not User.objects.filter(username="nobody").exists()
    result = _invoke("token", "issue", "--user", "nobody", "--name", "x")
    assert result.exit_code != 0
    assert "no user named 'nobody'" in result.output


def test_issue_a_read_token_for_a_week(org, client):
    from collegium.access.models import ApiToken

    issued = _invoke(
        "token", "issue", "--user", "ada", "--name", "report", "--days", "7", "--scope", "read"
    )
    assert issued.exit_code == 0, issued.output
    assert "read" in issued.output
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert token.expires_at is not None and token.created_at is not None
    assert (token.expires_at - token.created_at).days in (6, 7)
    wrong = _invoke("token", "issue", "--user", "ada", "--name", "x", "--scope", "admin")
    assert wrong.exit_code != 0
    assert "read or write" in wrong.output
    too_long = _invoke("token", "issue", "--user", "ada", "--name", "x", "--days", "5000")
    assert too_long.exit_code != 0
    assert "days" in too_long.output
