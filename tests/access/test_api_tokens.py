"""API tokens: issued and revoked through the API by their owner, journaled, stored hashed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from collegium.access.actions import issue_token
from collegium.access.models import ApiToken, token_digest
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError
from tests.journal.chains import INSTALLATION, latest_of


def test_signed_in_user_issues_lists_and_revokes_a_token(org) -> None:
    client = Client()
    client.force_login(org.secretary)
    issued = client.post("/api/tokens", {"name": "laptop"}, content_type="application/json")
    assert issued.status_code == 201
    secret = issued.json()["token"]
    assert secret.startswith("clg_") and len(secret) > 40
    stored = ApiToken.objects.get()
    assert stored.digest == token_digest(secret)
    assert secret not in str(stored.__dict__)
    entry = latest_of(INSTALLATION)
    assert entry.code == "access.token.issued"
    assert entry.payload == {
        "user": "sam",
        "name": "laptop",
        "prefix": secret[:8],
        "scope": "write",
        "days": 90,
    }

    script = Client()
    auth = {"Authorization": f"Bearer {secret}"}
    listed = script.get("/api/tokens", headers=auth).json()
    assert [(t["name"], t["revoked_at"]) for t in listed] == [("laptop", None)]
    assert "token" not in listed[0]

    revoked = script.post(f"/api/tokens/{stored.pk}/revoke", headers=auth)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert latest_of(INSTALLATION).code == "access.token.revoked"
    assert script.get("/api/tokens", headers=auth).status_code == 401


def test_tokens_need_a_signed_in_caller(org) -> None:
    assert (
        Client().post("/api/tokens", {"name": "x"}, content_type="application/json").status_code
        == 401
    )
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(org) -> None:
    token, _ = issue_token(actor=SYSTEM, user=org.admin, name="ada's script")
    client = Client()
    client.force_login(org.outsider)
    before = JournalEntry.objects.count()
    assert client.post(f"/api/tokens/{token.pk}/revoke").status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert JournalEntry.objects.count() == before


def test_token_needs_a_name(org) -> None:
    client = Client()
    client.force_login(org.admin)
    assert (
        client.post("/api/tokens", {"name": ""}, content_type="application/json").status_code == 422
    )
    blank = client.post("/api/tokens", {"name": "  "}, content_type="application/json")
    assert blank.status_code == 400
    assert blank.json()["rule"] == "token.name"


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_cannot_issue_tokens(org) -> None:
    _token, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
    refused = Client().post(
        "/api/tokens", {"name": "child"}, content_type="application/json", headers=_bearer(secret)
    )
    assert refused.status_code == 403
    assert "cannot issue tokens" in refused.json()["detail"]
    assert ApiToken.objects.count() == 1


def test_tokens_expire_after_the_default_or_the_days_asked_for(org, settings) -> None:
    settings.COLLEGIUM_TOKEN_DAYS = 30
    settings.COLLEGIUM_TOKEN_MAX_DAYS = 100
    client = Client()
    client.force_login(org.admin)
    default = client.post("/api/tokens", {"name": "a"}, content_type="application/json").json()
    expires = datetime.datetime.fromisoformat(default["expires_at"])
    assert abs(expires - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(
        minutes=1
    )
    week = client.post(
        "/api/tokens", {"name": "b", "days": 7}, content_type="application/json"
    ).json()
    expires = datetime.datetime.fromisoformat(week["expires_at"])
    assert abs(expires - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(
        minutes=1
    )
    too_long = client.post(
        "/api/tokens", {"name": "c", "days": 101}, content_type="application/json"
    )
    assert too_long.status_code == 400
    assert too_long.json()["rule"] == "token.days"
    with pytest.raises(RuleError, match="1 to 100 days"):
        issue_token(actor=SYSTEM, user=org.admin, name="d", days=0)


def test_an_expired_token_is_refused(org) -> None:
    token, secret = issue_token(actor=SYSTEM, user=org.admin, name="old", days=1)
    url = "/api/organizations/test-union/members"
    assert Client().get(url, headers=_bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    refused = Client().get(url, headers=_bearer(secret))
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]


def test_last_use_is_written_at_most_once_a_minute(org) -> None:
    token, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
    assert token.last_used_at is None
    url = "/api/tokens"
    assert Client().get(url, headers=_bearer(secret)).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert Client().get(url, headers=_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    assert Client().get(url, headers=_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first - datetime.timedelta(
        minutes=1
    )


def test_a_read_token_reads_but_may_not_write(org) -> None:
    token, secret = issue_token(actor=SYSTEM, user=org.admin, name="reader", scope="read")
    assert (
        Client().get("/api/organizations/test-union/members", headers=_bearer(secret)).status_code
        == 200
    )
    refused = Client().post(f"/api/tokens/{token.pk}/revoke", headers=_bearer(secret))
    assert refused.status_code == 403
    assert "may only read" in refused.json()["detail"]
    assert ApiToken.objects.get().revoked_at is None
    with pytest.raises(RuleError) as wrong:
        issue_token(actor=SYSTEM, user=org.admin, name="x", scope="admin")
    assert wrong.value.rule == "token.scope"


def test_the_session_issues_a_read_token(org) -> None:
    client = Client()
    client.force_login(org.admin)
    issued = client.post(
        "/api/tokens", {"name": "r", "scope": "read"}, content_type="application/json"
    )
    assert issued.status_code == 201
    assert issued.json()["scope"] == "read"
    assert ApiToken.objects.get().scope == "read"


def _write_operations() -> list[tuple[str, str]]:
    import re

    from collegium.api import api

    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                concrete = re.sub(r"\{slug\}", "test-union", path)
                found.append((method.upper(), re.sub(r"\{[^}]+\}", "1", concrete)))
    return found


def test_a_read_token_is_refused_on_every_write_endpoint_naming_the_rule(org) -> None:
    _token, secret = issue_token(actor=SYSTEM, user=org.admin, name="reader", scope="read")
    operations = _write_operations()
    assert len(operations) > 5
    before = JournalEntry.objects.count()
    for method, path in operations:
        refused = Client().generic(method, path, "{}", "application/json", headers=_bearer(secret))
        assert refused.status_code == 403, (method, path, refused.content)
        assert refused.json()["rule"] == "token.scope", (method, path)
    assert JournalEntry.objects.count() == before


def test_unusable_tokens_and_no_credentials_name_their_rule(org) -> None:
    token, secret = issue_token(actor=SYSTEM, user=org.admin, name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    for url in ("/api/organizations/test-union", "/api/organizations/test-union/members"):
        refused = Client().get(url, headers=_bearer(secret))
        assert (refused.status_code, refused.json()["rule"]) == (401, "token.expired")
    unknown = Client().get("/api/tokens", headers=_bearer("clg_nonsense"))
    assert (unknown.status_code, unknown.json()["rule"]) == (401, "token.unknown")
    anonymous = Client().post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert (anonymous.status_code, anonymous.json()["rule"]) == (401, "auth.required")


def test_the_same_token_revoked_twice_is_refused_the_second_time(org) -> None:
    client = Client()
    client.force_login(org.admin)
    token, _secret = issue_token(actor=SYSTEM, user=org.admin, name="twice")
    assert client.post(f"/api/tokens/{token.pk}/revoke").status_code == 200
    again = client.post(f"/api/tokens/{token.pk}/revoke")
    assert (again.status_code, again.json()["rule"]) == (400, "token.revoked")
    revocations = JournalEntry.objects.filter(code="access.token.revoked")
    assert revocations.count() == 1
