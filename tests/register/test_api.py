"""The register API: a member reads a resolution with its tally and every version after
an amendment, searched as on the page; a visitor reads nothing of a members-only register
(the same 404 for a decision they may not read as for one that does not exist) and may not
write; dissenting opinions only from those who voted against or abstained, a refusal
changing nothing; input that cannot be read is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from collegium.register.models import Decision, DecisionKind
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login, post
from tests.motions.test_motions import _member, _open
from tests.register.test_register import FOR, TABLES, _adopted

pytestmark = pytest.mark.django_db

REGISTER = "/api/organizations/test-union/bodies/cc/register"


def _decision_url(reference: str) -> str:
    return f"{REGISTER}/{reference}"


def _resolution(m: Meeting) -> Decision:
    _adopted(m, "On the report", "The Committee approves the report.", FOR)
    return Decision.objects.get(body=m.org.committee, kind=DecisionKind.RESOLUTION)


def _amended(org: Org) -> tuple[Meeting, Decision, Decision]:
    """A resolution on the archive, then the resolution amending it."""
    m = _open(org, supporters=0)
    _adopted(m, "On the archive", "The archive stays closed.", FOR)
    original = Decision.objects.get(body=org.committee, kind=DecisionKind.RESOLUTION)
    _adopted(
        m,
        "Opening the archive",
        "The archive is opened to historians.",
        FOR,
        revises=original,
        revision="amend",
    )
    amender = Decision.objects.filter(body=org.committee).order_by("-number").first()
    assert amender is not None and amender != original
    return m, original, amender


def test_a_member_reads_a_resolution_with_its_tally_and_every_version(org: Org) -> None:
    m, original, amender = _amended(org)
    client = login(m, 6)  # full member 7: absent from the sitting, a member all the same
    answer = client.get(_decision_url(original.reference))
    assert answer.status_code == 200, answer.json()
    shown = answer.json()
    year = original.year
    assert (shown["reference"], shown["year"], shown["number"]) == (
        f"{year}/{original.number}",
        year,
        original.number,
    )
    assert (shown["kind"], shown["title"], shown["status"]) == (
        "resolution",
        "On the archive",
        "amended",
    )
    assert shown["text"] == "The archive is opened to historians."
    assert [(v["number"], v["text"], v["rescinded"], v["made_by"]) for v in shown["versions"]] == [
        (1, "The archive stays closed.", False, None),
        (2, "The archive is opened to historians.", False, amender.reference),
    ]
    assert all(len(v["text_sha256"]) == 64 for v in shown["versions"])
    # The Lenin-era orders publish tallies and dissenting opinions to members.
    assert shown["tally"] == {
        "voters": 6,
        "yes": 4,
        "no": 1,
        "abstain": 1,
        "cast": None,
        "blank": None,
    }
    assert shown["rule"] == original.rule and shown["explanation"] == original.explanation
    assert shown["dissents"] == []
    assert shown["sitting"] == m.sitting.number and shown["revises"] == []
    # Dated by its sitting, as the minutes are.
    assert shown["dated"] == timezone.localtime(m.sitting.starts_at).date().isoformat()
    assert shown["journal"] == {"sequence": original.entry_sequence, "hash": original.entry_hash}

    listed = client.get(REGISTER).json()
    everything = Decision.objects.filter(body=org.committee).order_by("-year", "-number")
    assert [d["reference"] for d in listed] == [d.reference for d in everything]
    assert len(listed) == 4  # two orders, the resolution and the one amending it
    assert listed[0]["revises"] == [original.reference] and listed[0]["status"] == "in-force"
    assert listed[0]["reference"] == amender.reference and listed[1] == shown

    def references(**query: Any) -> list[str]:
        found = client.get(REGISTER, query)
        assert found.status_code == 200, found.json()
        return [d["reference"] for d in found.json()]

    # Words in any version's text, kind, year and status, as on the page.
    assert references(q="historians") == [amender.reference, original.reference]
    assert references(q="stays closed") == [original.reference]
    orders = everything.filter(kind=DecisionKind.ORDERS)
    assert references(kind="orders") == [d.reference for d in orders]
    assert references(status="amended") == [original.reference]
    assert references(year=1999) == []
    for bad in ({"status": "repealed"}, {"kind": "law"}, {"year": 0}, {"q": "x" * 201}):
        assert client.get(REGISTER, bad).status_code == 422
    missing = client.get(_decision_url(f"{year}/99"))
    assert missing.status_code == 404 and missing.json()["rule"] == "api.not-found"
    assert client.get(_decision_url("0/1")).status_code == 422
    elsewhere = "/api/organizations/test-union/bodies/nope/register"
    assert client.get(elsewhere).status_code == 404


def test_a_visitor_reads_nothing_of_a_members_only_register(org: Org) -> None:
    m = _open(org, supporters=0)
    decision = _resolution(m)
    missing = login(m, 0).get(_decision_url(f"{decision.year}/99")).json()
    for visitor in (Client(), client_for(org.outsider)):
        assert visitor.get(REGISTER).json() == []
        hidden = visitor.get(_decision_url(decision.reference))
        # The same answer as for a decision that does not exist: nothing leaks.
        assert hidden.status_code == 404 and hidden.json() == missing
    url = _decision_url(decision.reference) + "/dissents"
    with unchanged.changes_nothing(TABLES):
        anonymous = post(Client(), url, {"text": "No.", "member": _member(m, 5).number})
        assert anonymous.status_code == 401
        assert anonymous.json()["rule"] == "auth.required"
        # A login that may not read the decision is told it is not there.
        assert post(client_for(org.outsider), url, {"text": "No."}).status_code == 404


def test_a_dissent_only_from_a_member_who_voted_against_or_abstained(org: Org) -> None:
    m = _open(org, supporters=0)
    decision = _resolution(m)
    url = _decision_url(decision.reference) + "/dissents"
    with unchanged.changes_nothing(TABLES):
        # Full member 1 voted yes in this named vote: the roll call says so.
        voted_for = post(login(m, 0), url, {"text": "I object."})
        assert voted_for.status_code == 400 and voted_for.json()["rule"] == "dissent.voted-for"
        refusals = [
            (login(m, 4), "{not json", "api.unreadable-body"),
            (login(m, 4), {"text": "a\x00b"}, "input.nul-byte"),
            (login(m, 4), {"text": "   "}, "dissent.text"),
            (
                client_for(org.secretary),
                {"text": "No.", "member": "NOPE"},
                "register.unknown-number",
            ),
            (client_for(org.secretary), {"text": "No."}, "dissent.not-member"),
        ]
        for client, body, rule in refusals:
            refused = client.post(url, body, content_type="application/json")
            assert refused.status_code == 400, (body, refused.json())
            assert refused.json()["rule"] == rule, body
        assert post(login(m, 4), url, {}).status_code == 422
        assert post(login(m, 4), url, {"text": "x" * 20_001}).status_code == 422
        # Member 2 may not speak for member 5.
        other = post(login(m, 1), url, {"text": "No.", "member": _member(m, 5).number})
        assert other.status_code == 403

    given = post(login(m, 4), url, {"text": "The report hides the truth."})
    assert given.status_code == 201, given.json()
    member = _member(m, 5)
    assert given.json()["member"] == {"number": member.number, "name": member.name}
    assert given.json()["text"] == "The report hides the truth."
    again = post(login(m, 4), url, {"text": "Again."})
    assert again.status_code == 400 and again.json()["rule"] == "dissent.given"
    # The secretariat records the opinion the abstaining alternate handed in.
    abstainer = m.alternates[0].member
    assert abstainer is not None
    recorded = post(
        client_for(org.secretary), url, {"text": "I abstained.", "member": abstainer.number}
    )
    assert recorded.status_code == 201, recorded.json()
    dissents = login(m, 6).get(_decision_url(decision.reference)).json()["dissents"]
    assert [(d["member"]["number"], d["text"]) for d in dissents] == [
        (member.number, "The report hides the truth."),
        (abstainer.number, "I abstained."),
    ]
