"""The journal API: an organization's entries as each caller may see them, paging, the
chain's head, and the chain checks (per organization, and the installation's)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.journal.queries import head_of
from collegium.registry.actions import create_organization, register_member
from tests.conftest import PASSWORD
from tests.journal.chains import INSTALLATION, ORG, chain, entries_of
from tests.journal.conftest import Rehashes

JOURNAL = f"/api/organizations/{ORG}/journal"
HEAD = JOURNAL + "/head"
VERIFY = JOURNAL + "/verify"
INSTALLATION_VERIFY = "/api/journal/verify"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["anonymous", "otto", "mia", "sam", "ada"])
def test_the_journal_is_open_to_everyone_filtered_per_reader(org, who) -> None:
    user = {
        "anonymous": None,
        "otto": org.outsider,
        "mia": org.member_user,
        "sam": org.secretary,
        "ada": org.admin,
    }[who]
    response = client_for(user).get(JOURNAL)
    assert response.status_code == 200
    codes = [e["code"] for e in response.json()["items"]]
    if who in ("anonymous", "otto", "mia"):
        # Of the fixture's entries only the committee's creation is for everyone.
        assert codes == ["body.created"]
    else:
        # Secretaries read the register and their own body's staff entries; admins all.
        assert codes == [e.code for e in entries_of(ORG).order_by("-sequence")]


def test_an_unknown_organization_is_404(db) -> None:
    for url in (
        "/api/organizations/nowhere/journal",
        "/api/organizations/nowhere/journal/head",
        "/api/organizations/nowhere/journal/verify",
    ):
        response = Client().get(url)
        assert response.status_code == 404, url
        assert "nowhere" in response.json()["detail"]


def test_journal_pages_newest_first_and_only_this_organization(org) -> None:
    other = create_organization(actor=SYSTEM, name="Other", slug="other")
    register_member(actor=SYSTEM, organization=other, number="O-1", name="Not Ours")
    for i in range(7):
        register_member(actor=SYSTEM, organization=org.organization, number=f"N-{i}", name=f"N {i}")
    ours = list(entries_of(ORG).order_by("-sequence").values_list("sequence", flat=True))
    client = client_for(org.admin)
    seen: list[int] = []
    before = None
    while True:
        query = {"limit": 4} | ({"before": before} if before else {})
        page = client.get(JOURNAL, query).json()
        assert {e["chain"] for e in page["items"]} <= {ORG}
        seen += [e["sequence"] for e in page["items"]]
        before = page["next_before"]
        if before is None:
            break
    assert seen == ours
    assert len(ours) == 5 + 7  # the fixture's five entries and the seven members
    newest = client.get(JOURNAL, {"limit": 1}).json()["items"][0]
    assert newest["code"] == "register.member.added"
    assert newest["payload"]["number"] == "N-6"
    assert newest["audience"] == "organization-staff"
    assert newest["body_id"] is None
    assert len(newest["hash"]) == 64
    # The other organization's entry has a sequence of its own chain: 1, like ours.
    theirs = JournalEntry.objects.get(chain__key="other")
    assert theirs.sequence == 1
    listed = client.get(JOURNAL, {"limit": 500}).json()["items"]
    assert theirs.hash not in {e["hash"] for e in listed}


def test_journal_filters_by_code(org) -> None:
    page = client_for(org.admin).get(JOURNAL, {"code": "body.created"}).json()
    assert [e["payload"]["name"] for e in page["items"]] == ["Central Committee"]
    assert page["items"][0]["body_id"] == org.committee.pk
    # A member asking for register entries gets none: the filter applies first.
    member = client_for(org.member_user).get(JOURNAL, {"code": "register.member.added"})
    assert member.status_code == 200
    assert member.json() == {"items": [], "next_before": None}


def test_bad_paging_is_422(org) -> None:
    client = client_for(org.admin)
    assert client.get(JOURNAL, {"limit": 0}).status_code == 422
    assert client.get(JOURNAL, {"limit": 501}).status_code == 422
    assert client.get(JOURNAL, {"before": "latest"}).status_code == 422


def test_the_head_is_a_checkpoint_for_anyone(org) -> None:
    head = head_of(chain())
    answer = Client().get(HEAD)
    assert answer.status_code == 200
    assert answer.json() == {
        "chain": ORG,
        "sequence": head.sequence,
        "hash": head.hash,
        "checkpoint": f"{head.sequence}:{head.hash}",
    }


def test_verify_reports_an_intact_chain_to_anyone(org) -> None:
    head = head_of(chain())
    response = Client().get(VERIFY)
    assert response.status_code == 200
    assert response.json() == {
        "chain": ORG,
        "intact": True,
        "entries": entries_of(ORG).count(),
        "head": str(head),
        "first_broken_sequence": None,
        "reason": None,
    }


def test_verify_the_installation_chain(org) -> None:
    response = Client().get(INSTALLATION_VERIFY)
    assert response.status_code == 200
    result = response.json()
    assert (result["chain"], result["intact"]) == (INSTALLATION, True)
    assert result["entries"] == entries_of(INSTALLATION).count() == 1
    assert result["head"] == str(head_of(chain(INSTALLATION)))


def test_verify_finds_the_first_tampered_entry(org) -> None:
    victim = JournalEntry.objects.get(code="register.member.added")
    # Tampering behind the actions' back, as an attacker with database access would.
    JournalEntry.objects.filter(pk=victim.pk).update(payload={"number": "M-1", "name": "Forged"})
    result = Client().get(VERIFY).json()
    assert result["intact"] is False
    assert result["first_broken_sequence"] == victim.sequence
    assert "content" in result["reason"]


def test_visitors_get_the_check_of_the_head_staff_a_fresh_one(org, rehashes: Rehashes) -> None:
    assert Client().get(VERIFY).json()["intact"] is True
    victim = JournalEntry.objects.get(code="register.member.added")
    JournalEntry.objects.filter(pk=victim.pk).update(payload={"number": "M-1", "name": "Forged"})
    # The same head: visitors and members are answered from the check already made.
    assert Client().get(VERIFY).json()["intact"] is True
    assert client_for(org.member_user).get(VERIFY).json()["intact"] is True
    assert len(rehashes) == 1
    for staff in (org.admin, org.secretary):
        fresh = client_for(staff).get(VERIFY).json()
        assert (fresh["intact"], fresh["first_broken_sequence"]) == (False, victim.sequence)
    assert len(rehashes) == 3


def test_verify_through_a_checkpoint(org, rehashes: Rehashes) -> None:
    kept = str(head_of(chain()))
    for i in range(3):
        register_member(actor=SYSTEM, organization=org.organization, number=f"N-{i}", name="N")
    total = entries_of(ORG).count()

    visitor = Client().get(VERIFY, {"checkpoint": kept, "only_after": "true"}).json()
    # Only staff may have the check start at the checkpoint; visitors get the full one.
    assert (visitor["intact"], visitor["entries"]) == (True, total)
    staff = client_for(org.admin)
    assert staff.get(VERIFY, {"checkpoint": kept}).json()["entries"] == total
    after = staff.get(VERIFY, {"checkpoint": kept, "only_after": "true"}).json()
    assert (after["intact"], after["entries"]) == (True, 3)
    assert rehashes.calls[-1][1]["only_after"] is True

    missed = f"{kept.split(':')[0]}:{'e' * 64}"
    for client in (Client(), staff):
        result = client.get(VERIFY, {"checkpoint": missed}).json()
        assert result["intact"] is False
        assert result["first_broken_sequence"] == int(kept.split(":")[0])
        assert "no longer passes through the checkpoint" in result["reason"]


@pytest.mark.parametrize("url", [VERIFY, INSTALLATION_VERIFY])
def test_a_malformed_checkpoint_is_400_naming_its_rule(org, url, rehashes: Rehashes) -> None:
    response = Client().get(url, {"checkpoint": "12:abc"})
    assert response.status_code == 400
    assert response.json()["rule"] == "journal.checkpoint"
    assert "SEQUENCE:HASH" in response.json()["detail"]
    assert len(rehashes) == 0


def test_operators_get_a_fresh_check_of_the_installation_chain(org, rehashes: Rehashes) -> None:
    operator = User.objects.create_superuser("root", password=PASSWORD)
    for _ in range(2):
        assert Client().get(INSTALLATION_VERIFY).json()["intact"] is True
        assert client_for(org.admin).get(INSTALLATION_VERIFY).json()["intact"] is True
    assert len(rehashes) == 1
    for _ in range(2):
        assert client_for(operator).get(INSTALLATION_VERIFY).json()["intact"] is True
    assert len(rehashes) == 3
    assert {key for key, _ in rehashes.calls} == {INSTALLATION}
