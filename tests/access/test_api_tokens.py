"""API tokens: issued and revoked through the API by their owner, journaled, stored hashed."""

from __future__ import annotations

from django.test import Client

from collegium.access.actions import issue_token
from collegium.access.models import ApiToken, token_digest
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
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
    assert entry.payload == {"user": "sam", "name": "laptop", "prefix": secret[:8]}

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
