"""The votes API: a secret ballot driven over HTTP, refusals with their rule, and what
each reader sees of the result as the transparency settings say."""

from __future__ import annotations

from collegium.voting.models import Ballot
from tests.conftest import Org
from tests.meetings.test_api import client_for, login, post
from tests.voting.helpers import sitting_open

VOTES = "/api/organizations/test-union/bodies/cc/sittings/1/votes"
V1 = VOTES + "/1"


def test_a_secret_ballot_over_the_api(org: Org) -> None:
    m = sitting_open(org)
    chair = client_for(org.secretary)
    opened = post(chair, VOTES, {"subject": "Send greetings", "form": "secret", "item": "1"})
    assert opened.status_code == 201, opened.json()
    assert opened.json()["form"] == "secret" and opened.json()["voters"] == 6
    assert opened.json()["item"] == "1" and opened.json()["result"] is None

    first = login(m, 0)
    cast = post(first, V1 + "/ballot", {"choice": "yes"})
    assert cast.status_code == 201
    receipt = cast.json()["receipt"]
    assert len(receipt) == 19 and receipt.count("-") == 3
    again = post(first, V1 + "/ballot", {"choice": "no"})
    assert again.status_code == 400 and again.json()["rule"] == "vote.already-voted"
    for index, choice in ((1, "no"), (2, "yes")):
        assert post(login(m, index), V1 + "/ballot", {"choice": choice}).status_code == 201
    outsider = post(client_for(org.outsider), V1 + "/ballot", {"choice": "yes"})
    assert outsider.status_code == 403  # who may not read the sitting
    seatless = post(client_for(org.member_user), V1 + "/ballot", {"choice": "yes"})
    assert seatless.status_code == 400 and seatless.json()["rule"] == "vote.not-eligible"
    # A choice is text (an election's ballot is too); the rules refuse what no ballot says.
    bad = post(first, V1 + "/ballot", {"choice": "maybe"})
    assert bad.status_code == 400 and bad.json()["rule"] == "vote.choice"

    during = first.get(V1).json()
    assert during["turnout"] == 3 and during["result"] is None
    assert during["mine"] == {"voter": True, "voted": True}
    assert first.get(V1 + "/box").json()["ballots"] == []
    assert post(first, V1 + "/receipt", {"receipt": receipt}).json()["found"] is False

    not_chair = post(first, V1 + "/close")
    assert not_chair.status_code == 403
    closed = post(chair, V1 + "/close")
    assert closed.status_code == 200, closed.json()
    result = closed.json()["result"]
    assert result["outcome"] == "adopted" and (result["yes"], result["no"]) == (2, 1)
    assert result["explanation"].startswith("Adopted: 2 yes, 1 no")

    box = first.get(V1 + "/box").json()
    assert box["digest"] == closed.json()["box_digest"] and len(box["ballots"]) == 3
    assert {"receipt": receipt, "content": "yes", "weight": "1"} in box["ballots"]
    mine = post(first, V1 + "/receipt", {"receipt": receipt.lower().replace("-", " ")}).json()
    assert mine == {"receipt": receipt, "found": True, "content": "yes"}
    assert len(client_for(org.member_user).get(VOTES).json()) == 1
    assert client_for(org.outsider).get(VOTES).status_code == 403


def test_under_1956_practice_members_see_the_outcome_but_not_the_tally(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    chair = client_for(org.secretary)
    assert post(chair, VOTES, {"subject": "Q", "form": "secret"}).status_code == 201
    receipt = post(login(m, 0), V1 + "/ballot", {"choice": "yes"}).json()["receipt"]
    post(chair, V1 + "/close")
    seen = login(m, 0).get(V1).json()["result"]
    assert seen["outcome"] == "adopted" and seen["yes"] is None and seen["explanation"] is None
    assert chair.get(V1).json()["result"]["yes"] == 1
    assert login(m, 0).get(V1 + "/box").status_code == 403
    # A voter can still check their own ballot: one ballot tells no tally.
    assert post(login(m, 0), V1 + "/receipt", {"receipt": receipt}).json()["content"] == "yes"
    assert Ballot.objects.count() == 1
