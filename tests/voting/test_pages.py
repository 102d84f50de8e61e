"""The vote pages: the chair opens and closes a vote on the votes page, a delegate casts
from the ballot panel and gets the receipt in the answer, the result shows with its chart
and sentence as the transparency settings say, and a voter checks the receipt."""

from __future__ import annotations

import re

from django.test import Client

from tests.conftest import Org
from tests.meetings.test_api import client_for, login
from tests.voting.helpers import sitting_open

SITTING = "/o/test-union/bodies/cc/sittings/1/"
VOTES = SITTING + "votes/"
HX = {"HX-Request": "true"}


def _open(chair: Client, **fields: str) -> None:
    data = {"open-subject": "Send greetings", "open-form": "", "open-item": "", "open-kind": ""}
    data |= {f"open-{key}": value for key, value in fields.items()}
    answer = chair.post(VOTES + "open/", data)
    assert answer.status_code == 303


def test_a_vote_from_the_pages(org: Org) -> None:
    m = sitting_open(org)
    chair = client_for(org.secretary)
    assert "Open a vote" in chair.get(VOTES).content.decode()
    _open(chair, form="secret", item="1")
    page = chair.get(VOTES).content.decode()
    assert "Vote 1 is open: Send greetings" in page
    assert "0 of 6 voters have voted." in page

    delegate = login(m, 0)
    panel = delegate.get(SITTING + "ballot/", headers=HX).content.decode()
    assert 'value="yes"' in panel and "Secret ballot" in panel
    cast = delegate.post(VOTES + "1/ballot/", {"choice": "yes"}, headers=HX)
    assert cast.status_code == 200
    receipt = re.search(r'data-receipt="([A-Z0-9-]+)"', cast.content.decode())
    assert receipt is not None
    again = delegate.post(VOTES + "1/ballot/", {"choice": "no"}, headers=HX)
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()
    assert "final" in again.content.decode()
    assert login(m, 0).post(VOTES + "1/ballot/", {"choice": "no"}).status_code == 400
    # Without JavaScript the answer is a page with the receipt, not a redirect.
    other = login(m, 1).post(VOTES + "1/ballot/", {"choice": "no"})
    assert other.status_code == 200 and "Your receipt:" in other.content.decode()
    assert "2 of 6 voters have voted." in chair.get(VOTES + "live/").content.decode()
    # Nothing of the result before the close, even on the vote's page.
    assert "nothing of the result is shown" in delegate.get(VOTES + "1/").content.decode()

    closed = chair.post(VOTES + "1/close/", {"close-casting_vote": ""})
    assert closed.status_code == 303
    result = delegate.get(SITTING + "ballot/", headers=HX).content.decode()
    assert "Not adopted" in result
    assert "Not adopted: 1 yes, 1 no" in result  # the sentence naming the rule
    assert 'class="threshold"' in result
    # A receipt is checked by POST: an address with it would end up in logs.
    by_address = delegate.get(VOTES + "1/?receipt=" + receipt.group(1)).content.decode()
    assert "data-found" not in by_address and "No ballot with this receipt" not in by_address
    page = delegate.post(VOTES + "1/", {"receipt": receipt.group(1)}).content.decode()
    assert "counted as “yes”" in page
    assert receipt.group(1) in page  # the box, published to members under these orders


def test_a_show_of_hands_is_closed_with_the_counts_and_a_refusal_is_shown(org: Org) -> None:
    sitting_open(org)
    chair = client_for(org.secretary)
    _open(chair, form="show-of-hands")
    refused = chair.post(VOTES + "1/close/", {"close-yes": "9", "close-no": "0"})
    assert refused.status_code == 303
    assert (
        "9 hands were counted, but only 6 voters were present." in chair.get(VOTES).content.decode()
    )
    chair.post(VOTES + "1/close/", {"close-yes": "4", "close-no": "1", "close-abstain": "1"})
    assert "Adopted: 4 yes, 1 no" in chair.get(VOTES + "1/").content.decode()


def test_under_1956_practice_a_member_sees_the_outcome_only(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    chair = client_for(org.secretary)
    _open(chair, form="secret")
    login(m, 0).post(VOTES + "1/ballot/", {"choice": "yes"}, headers=HX)
    chair.post(VOTES + "1/close/", {})
    seen = login(m, 0).get(VOTES + "1/").content.decode()
    assert "Adopted" in seen and "do not publish this body's tallies to you" in seen
    assert "The ballot box" not in seen
    assert "Adopted: 1 yes" in chair.get(VOTES + "1/").content.decode()


def test_who_may_not_read_the_sitting_sees_no_vote(org: Org) -> None:
    sitting_open(org)
    _open(client_for(org.secretary))
    assert client_for(org.outsider).get(VOTES).status_code == 403
    assert Client().get(VOTES + "1/").status_code in (302, 403)
    member = client_for(org.member_user)
    assert "Open a vote" not in member.get(VOTES).content.decode()
    assert member.post(VOTES + "open/", {"open-subject": "Mine"}).status_code == 403
