"""The journal API: an organization's entries per role, paging, and the chain check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from collegium.journal.models import JournalEntry
from collegium.registry.actions import create_organization, register_member

JOURNAL = "/api/organizations/test-union/journal"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 403), ("otto", 403), ("mia", 200), ("sam", 200), ("ada", 200)],
)
def test_journal_is_for_members_and_staff(org, who, status) -> None:
    user = {
        "anonymous": None,
        "otto": org.outsider,
        "mia": org.member_user,
        "sam": org.secretary,
        "ada": org.admin,
    }[who]
    response = client_for(user).get(JOURNAL)
    assert response.status_code == status
    if status == 403:
        assert "journal.view" in response.json()["detail"]


def test_journal_pages_newest_first_and_only_this_organization(org) -> None:
    other = create_organization(actor=None, name="Other", slug="other")
    register_member(actor=None, organization=other, number="O-1", name="Not Ours")
    for i in range(7):
        register_member(actor=None, organization=org.organization, number=f"N-{i}", name=f"N {i}")
    ours = list(
        JournalEntry.objects.filter(organization=org.organization)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
    client = client_for(org.member_user)
    seen: list[int] = []
    before = None
    while True:
        query = {"limit": 4} | ({"before": before} if before else {})
        page = client.get(JOURNAL, query).json()
        seen += [e["sequence"] for e in page["items"]]
        before = page["next_before"]
        if before is None:
            break
    assert seen == ours
    assert len(ours) == 6 + 7  # the fixture's six entries and the seven members
    newest = client.get(JOURNAL, {"limit": 1}).json()["items"][0]
    assert newest["code"] == "register.member.added"
    assert newest["payload"]["number"] == "N-6"
    assert len(newest["hash"]) == 64


def test_journal_filters_by_code(org) -> None:
    page = client_for(org.admin).get(JOURNAL, {"code": "body.created"}).json()
    assert [e["payload"]["name"] for e in page["items"]] == ["Central Committee"]


def test_bad_paging_is_422(org) -> None:
    client = client_for(org.admin)
    assert client.get(JOURNAL, {"limit": 0}).status_code == 422
    assert client.get(JOURNAL, {"before": "latest"}).status_code == 422


def test_verify_reports_an_intact_chain_to_anyone(org) -> None:
    response = Client().get("/api/journal/verify")
    assert response.status_code == 200
    assert response.json() == {
        "intact": True,
        "entries": JournalEntry.objects.count(),
        "first_broken_sequence": None,
        "reason": None,
    }


def test_verify_finds_the_first_tampered_entry(org) -> None:
    victim = JournalEntry.objects.get(code="register.member.added")
    # Tampering behind the actions' back, as an attacker with database access would.
    JournalEntry.objects.filter(pk=victim.pk).update(payload={"number": "M-1", "name": "Forged"})
    result = Client().get("/api/journal/verify").json()
    assert result["intact"] is False
    assert result["first_broken_sequence"] == victim.sequence
    assert "content" in result["reason"]
