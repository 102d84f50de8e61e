"""The elections API: an election driven over HTTP from the call to the declaration, the
count shown as the transparency settings say, refusals with their rule, and a recall."""

from __future__ import annotations

from collegium.bodies.actions import appoint_to_office, create_body, create_office
from collegium.bodies.models import BodyKind, OfficeTerm, Seat
from collegium.journal.actors import SYSTEM
from tests.conftest import Org
from tests.meetings.test_api import client_for, login, post
from tests.voting.helpers import sitting_open

SITTING = "/api/organizations/test-union/bodies/cc/sittings/1"
ELECTIONS = SITTING + "/elections"
E1 = ELECTIONS + "/1"


def test_an_election_over_the_api(org: Org) -> None:
    m = sitting_open(org)
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=1,
        alternate_seats=1,
        elected_by=org.committee,
    )
    chair = client_for(org.secretary)
    called = post(chair, ELECTIONS, {"body": "presidium"})
    assert called.status_code == 201, called.json()
    assert called.json()["method"] == "scottish-stv" and called.json()["seats"] == 1
    nobody = post(chair, ELECTIONS, {"body": "presidium", "office": "cc/x"})
    assert nobody.status_code == 404  # no such office
    both = post(chair, ELECTIONS, {})
    assert both.status_code == 400 and both.json()["rule"] == "election.target"
    for number in ("S-full1", "S-full2", "S-full3"):
        assert post(chair, E1 + "/candidates", {"member": number}).status_code == 201
    unknown = post(chair, E1 + "/candidates", {"member": "NOPE"})
    assert unknown.status_code == 400 and unknown.json()["rule"] == "election.candidate"
    # Each nominee answers for themself; a delegate cannot answer for another (403).
    for index in (0, 1, 2):
        answer = post(
            login(m, index), E1 + f"/candidates/S-full{index + 1}/consent", {"consents": True}
        )
        assert answer.status_code == 200, answer.json()
    assert (
        post(login(m, 4), E1 + "/candidates/S-full1/consent", {"consents": False}).status_code
        == 403
    )
    opened = post(chair, E1 + "/ballot", {})
    assert opened.status_code == 200 and opened.json()["state"] == "ballot"
    vote = opened.json()["vote"]
    assert [c["number"] for c in opened.json()["candidates"]] == [1, 2, 3]
    ballot = SITTING + f"/votes/{vote}/ballot"
    for index, ranking in enumerate(["1 2", "1 3", "2 1", "3 2", "2"]):
        cast = post(login(m, index), ballot, {"choice": ranking})
        assert cast.status_code == 201, cast.json()
    bad = post(login(m, 5), ballot, {"choice": "1 1"})
    assert bad.status_code == 400 and bad.json()["rule"] == "election.ballot"
    assert post(chair, SITTING + f"/votes/{vote}/close", {}).status_code == 200
    counted = chair.get(E1).json()
    assert counted["state"] == "counted" and len(counted["elected"]) == 1
    assert counted["count"]["rounds"] and "Scottish STV" in counted["count"]["explanation"]
    declared = post(chair, E1 + "/declare", {})
    assert declared.status_code == 200 and declared.json()["state"] == "declared"
    assert Seat.objects.filter(body__slug="presidium", vacated_on__isnull=True).count() == 2
    again = post(chair, E1 + "/declare", {})
    assert again.status_code == 400 and again.json()["rule"] == "election.not-counted"
    listed = login(m, 3).get(ELECTIONS).json()
    assert [e["title"] for e in listed] == ["Election of the Presidium"]
    assert client_for(org.outsider).get(ELECTIONS).status_code == 403


def test_the_count_is_withheld_where_tallies_are_not_published(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=1,
        elected_by=org.committee,
    )
    chair = client_for(org.secretary)
    post(chair, ELECTIONS, {"body": "presidium", "places": "full"})
    post(chair, E1 + "/candidates", {"member": "S-full1"})
    post(chair, E1 + "/candidates/S-full1/consent", {"consents": True})
    vote = post(chair, E1 + "/ballot", {}).json()["vote"]
    for index in range(5):
        post(login(m, index), SITTING + f"/votes/{vote}/ballot", {"choice": "y"})
    post(chair, SITTING + f"/votes/{vote}/close", {})
    seen = login(m, 2).get(E1).json()
    assert seen["elected"] == ["Full Member 1"] and seen["count"] is None
    assert chair.get(E1).json()["count"] is not None  # the staff read the count


def test_a_recall_over_the_api(org: Org) -> None:
    m = sitting_open(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    member = m.full[0].member
    assert member is not None
    term = appoint_to_office(actor=SYSTEM, office=office, member=member)
    chair = client_for(org.secretary)
    opened = post(chair, SITTING + "/recalls", {"office": "cc/chair", "form": "named"})
    assert opened.status_code == 201, opened.json()
    vote = opened.json()["number"]
    for index in range(4):
        post(login(m, index), SITTING + f"/votes/{vote}/ballot", {"choice": "yes"})
    closed = post(chair, SITTING + f"/votes/{vote}/close", {})
    assert closed.json()["result"]["outcome"] == "adopted"
    assert OfficeTerm.objects.get(pk=term.pk).end is not None
    vacant = post(chair, SITTING + "/recalls", {"office": "cc/chair"})
    assert vacant.status_code == 400 and vacant.json()["rule"] == "office.term-ended"
