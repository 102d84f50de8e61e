"""The election pages: the chair calls an election, records nominations and opens the
ballot; a nominee consents from the page; delegates rank candidates on the ballot panel
(numbers typed per candidate, a gap refused); the count shows round by round as the
transparency settings allow; declaring seats the elected body. And a recall from the
page."""

from __future__ import annotations

import re

from django.test import Client

from collegium.bodies.actions import appoint_to_office, create_body, create_office
from collegium.bodies.models import BodyKind, OfficeTerm, Seat, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.voting.models import Candidate, Election, ElectionState
from tests.conftest import Org
from tests.meetings.test_api import client_for, login
from tests.voting.helpers import sitting_open

SITTING = "/o/test-union/bodies/cc/sittings/1/"
ELECTIONS = SITTING + "elections/"
HX = {"HX-Request": "true"}


def _see(client: Client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _post(client: Client, url: str, data: dict[str, str]) -> None:
    answer = client.post(url, data)
    assert answer.status_code == 303, answer.content.decode()[:500]


def test_an_stv_election_from_the_pages(org: Org) -> None:
    m = sitting_open(org)
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Presidium",
        slug="presidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=2,
        alternate_seats=1,
        elected_by=org.committee,
    )
    chair = client_for(org.secretary)
    page = _see(chair, ELECTIONS)
    assert "Call an election" in page and "Presidium" in page
    _post(chair, ELECTIONS + "call/", {"call-target": "body:presidium", "call-places": "both"})
    election = Election.objects.get()
    url = ELECTIONS + "1/"
    for index in (1, 2, 3):
        _post(chair, url + "nominate/", {"nominate-member": f"S-full{index}"})
    # An unknown number is refused beside the field, and nothing is added.
    _post(chair, url + "nominate/", {"nominate-member": "NOBODY"})
    assert "No member numbered NOBODY." in _see(chair, url)
    assert Candidate.objects.count() == 3
    # Nominees answer for themselves; the chair records one answer given aloud.
    for index in (1, 2):
        nominee = login(m, index - 1)
        assert "I consent" in _see(nominee, url)
        _post(nominee, url + "consent/", {"candidate": f"S-full{index}", "answer": "yes"})
    _post(chair, url + "consent/", {"candidate": "S-full3", "answer": "yes"})
    # Another delegate cannot answer for a nominee: 403.
    assert (
        login(m, 4).post(url + "consent/", {"candidate": "S-full1", "answer": "no"}).status_code
        == 403
    )
    _post(chair, url + "ballot/", {"ballot-form": ""})
    election.refresh_from_db()
    assert election.state == ElectionState.BALLOT

    delegate = login(m, 3)
    panel = _see(delegate, SITTING + "ballot/")
    assert 'name="rank-1"' in panel and "order of preference" in panel
    assert 'inputmode="numeric"' in panel  # a phone offers digits
    vote_url = SITTING + "votes/1/ballot/"
    # A gap in the ranks is refused, with the reason; nothing is cast.
    gap = delegate.post(vote_url, {"rank-1": "1", "rank-3": "3"}, headers=HX).content.decode()
    assert "without a gap" in gap
    ranked = [
        {"rank-1": "1", "rank-2": "2"},
        {"rank-1": "1", "rank-2": "2"},
        {"rank-2": "1", "rank-1": "2"},
        {"rank-3": "1", "rank-2": "2"},
        {"rank-1": "1"},
    ]
    for index, ranks in enumerate(ranked):
        answer = login(m, index).post(vote_url, ranks, headers=HX).content.decode()
        assert re.search(r'data-receipt="[A-Z0-9-]+"', answer), answer[:400]
    _post(chair, SITTING + "votes/1/close/", {"close-casting_vote": ""})
    result = _see(delegate, url)
    assert "Elected by the count" in result
    assert "data-stages" in result  # Lenin-era rules publish tallies to members
    assert "Scottish STV" in result
    assert _see(chair, url).count("Declare the result") == 1
    _post(chair, url + "declare/", {})
    seats = Seat.objects.filter(body__slug="presidium", vacated_on__isnull=True)
    assert seats.filter(role=SeatRole.FULL).count() == 2
    assert seats.filter(role=SeatRole.ALTERNATE).count() == 1
    assert "Declare the result" not in _see(chair, url)


def test_the_count_is_hidden_where_tallies_are_not_published(org: Org) -> None:
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
    _post(chair, ELECTIONS + "call/", {"call-target": "body:presidium", "call-places": "full"})
    url = ELECTIONS + "1/"
    _post(chair, url + "nominate/", {"nominate-member": "S-full1"})
    _post(chair, url + "consent/", {"candidate": "S-full1", "answer": "yes"})
    _post(chair, url + "ballot/", {"ballot-form": ""})
    panel = _see(login(m, 0), SITTING + "ballot/")
    assert 'name="yna-1"' in panel
    # A paper with a candidate left out is refused by name.
    missing = login(m, 0).post(SITTING + "votes/1/ballot/", {}, headers=HX).content.decode()
    assert "missing: Full Member 1" in missing
    for index in range(5):
        login(m, index).post(SITTING + "votes/1/ballot/", {"yna-1": "y"}, headers=HX)
    _post(chair, SITTING + "votes/1/close/", {"close-casting_vote": ""})
    result = _see(login(m, 2), url)
    assert "Full Member 1" in result and "data-elected" in result
    assert "data-stages" not in result and "do not publish" in result


def test_a_recall_from_the_elections_page(org: Org) -> None:
    m = sitting_open(org)
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    member = m.full[0].member
    assert member is not None
    term = appoint_to_office(actor=SYSTEM, office=office, member=member)
    chair = client_for(org.secretary)
    assert "Full Member 1, Chair" in _see(chair, ELECTIONS)
    _post(
        chair,
        ELECTIONS + "recall/",
        {"recall-term": str(term.pk), "recall-form": "named", "recall-secret_requested_by": ""},
    )
    assert "Recall of Full Member 1" in _see(chair, SITTING + "votes/")
    for index in range(4):
        login(m, index).post(SITTING + "votes/1/ballot/", {"choice": "yes"}, headers=HX)
    _post(chair, SITTING + "votes/1/close/", {"close-casting_vote": ""})
    assert OfficeTerm.objects.get(pk=term.pk).end is not None
