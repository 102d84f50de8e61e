"""The procedural motions page of a sitting: the stack of pending questions and those
decided, the motions in order offered to move; moving, seconding, putting to the vote,
the chair's ruling and withdrawing from the page's forms through the actions; refusals
shown with their rule (status 400) changing nothing, and the page refused to who may not
read it."""

from __future__ import annotations

import pytest
from django.test import Client

from collegium.motions.models import Motion, ProceduralMotion
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login
from tests.motions.test_motions import _open, _voters
from tests.motions.test_procedural import _main

pytestmark = pytest.mark.django_db

BODY = "/o/test-union/bodies/cc/"
PAGE = BODY + "sittings/1/procedural/"
MOVE = PAGE + "move/"
TABLES = (*unchanged.TABLES, Motion, ProceduralMotion, Vote)


def _see(client: Client, url: str = PAGE) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def _done(client: Client, url: str, data: dict[str, str] | None = None) -> None:
    answer = client.post(url, data or {})
    assert answer.status_code == 303, answer.content.decode()[:3000]
    assert answer["Location"] == PAGE


def _refused(client: Client, url: str, rule: str, data: dict[str, str] | None = None) -> str:
    """A POST refused by `rule`: the page again, status 400, the rule named, nothing
    changed in the motions', the votes', the sittings' tables nor the journal."""
    with unchanged.changes_nothing(TABLES):
        answer = client.post(url, data or {})
    page = answer.content.decode()
    assert answer.status_code == 400, page[:3000]
    assert f'data-rule="{rule}"' in page, page[:5000]
    return page


def _step(number: int, step: str) -> str:
    return PAGE + f"{number}/{step}/"


def _state(number: int) -> str:
    return str(ProceduralMotion.objects.get(number=number).state)


def _vote_all(m: Meeting, choices: list[str]) -> Vote:
    vote = Vote.objects.get(procedural_motion__isnull=False, closed_at__isnull=True)
    for actor, choice in zip(_voters(m), choices, strict=True):
        voting.cast_ballot(actor=actor, vote=vote, choice=choice)
    return voting.close_vote(actor=m.chair, vote=vote)


def test_moved_seconded_voted_and_withdrawn_from_the_page(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    second, third, fourth = login(m, 1), login(m, 2), login(m, 3)
    chair = client_for(org.secretary)
    page = _see(second)
    assert 'data-main="1"' in page and "On the congress" in page
    # Nothing but the main motion pending: referring it is in order, a main motion is not.
    assert 'value="refer"' in page and 'value="main"' not in page
    _done(second, MOVE, {"move-key": "refer", "move-detail": "to the drafting commission"})
    page = _see(third)
    assert 'data-procedural="1"' in page and "Refer to a commission" in page
    assert "to the drafting commission" in page and "Full Member 2 (S-full2)" in page
    assert 'data-needs="majority"' in page and 'data-family="subsidiary"' in page
    # Only what outranks the referral is offered; moving another is refused all the same.
    assert 'value="previous-question"' in page and 'value="postpone-indefinitely"' not in page
    refusal = _refused(third, MOVE, "motion.out-of-order", {"move-key": "postpone-indefinitely"})
    assert "does not outrank" in refusal
    _done(third, MOVE, {"move-key": "previous-question"})
    assert 'data-needs="two-thirds"' in _see(third)
    # The mover does not second; another member does. Only the top is put to the vote.
    _refused(third, _step(2, "second"), "procedural.second")
    _done(fourth, _step(2, "second"))
    _refused(chair, _step(1, "vote"), "procedural.not-on-top")
    page = _see(chair)
    assert page.count('class="card narrow vote-form"') == 1
    _done(chair, _step(2, "vote"), {"vote-form": ""})
    assert _state(2) == "voting"
    # Four of six: two-thirds, adopted; the vote is linked from the decided motion.
    _vote_all(m, ["yes", "yes", "yes", "yes", "no", "no"])
    page = _see(second)
    vote = ProceduralMotion.objects.get(number=2).vote
    assert vote is not None and _state(2) == "adopted"
    assert f'href="{BODY}sittings/1/votes/{vote.number}/"' in page
    # The referral is on top again; its mover withdraws it.
    _done(second, _step(1, "withdraw"))
    assert _state(1) == "withdrawn"
    page = _see(second)
    assert 'id="procedural-decided"' in page and page.count('data-state="withdrawn"') == 1
    _refused(chair, _step(1, "withdraw"), "procedural.state")


def test_the_chair_rules_and_the_secretariat_moves_for_a_member(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    chair = client_for(org.secretary)
    # The secretariat names the member who rose to a point of order.
    assert 'name="move-member"' in _see(chair)
    assert 'name="move-member"' not in _see(login(m, 1))
    _done(
        chair,
        MOVE,
        {
            "move-key": "point-of-order",
            "move-detail": "Off the question.",
            "move-member": "S-full3",
        },
    )
    point = ProceduralMotion.objects.get(number=1)
    assert point.moved_by.number == "S-full3" and point.needs == "chair"
    page = _see(chair)
    assert 'class="card narrow rule-form"' in page and 'class="card narrow vote-form"' not in page
    _refused(chair, _step(1, "vote"), "procedural.chair-rules")
    # A member is no chair: the 403 page.
    with unchanged.changes_nothing(TABLES):
        assert login(m, 1).post(_step(1, "rule"), {"rule-upheld": "yes"}).status_code == 403
    _done(chair, _step(1, "rule"), {"rule-upheld": "no", "rule-ruling": "The speaker is in order."})
    point.refresh_from_db()
    assert (point.state, point.upheld) == ("ruled", False)
    page = _see(login(m, 4))
    assert "Not upheld by the chair" in page and "The speaker is in order." in page
    # An unknown member number is refused by its rule.
    _refused(
        chair, MOVE, "register.unknown-number", {"move-key": "recess", "move-member": "nobody"}
    )


def test_bad_input_and_outsiders_change_nothing(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    second = login(m, 1)
    # A NUL character is refused before any view.
    with unchanged.changes_nothing(TABLES):
        answer = second.post(MOVE, {"move-key": "recess", "move-detail": "a\x00b"})
    assert answer.status_code == 400
    # A motion the 1915 table does not have: the form's error.
    with unchanged.changes_nothing(TABLES):
        answer = second.post(MOVE, {"move-key": "no-such-motion"})
    assert answer.status_code == 400 and "Select a valid choice" in answer.content.decode()
    _refused(second, MOVE, "motion.unknown", {"move-key": "main"})
    _done(second, MOVE, {"move-key": "recess"})
    # Signed out: sent to sign in, nothing written.
    visitor = Client()
    for url in (MOVE, _step(1, "second"), _step(1, "withdraw"), _step(1, "vote"), _step(1, "rule")):
        with unchanged.changes_nothing(TABLES):
            answer = visitor.post(url, {"move-key": "adjourn"})
        assert answer.status_code == 302 and "/login/" in answer["Location"]
    # Who may not read the sittings may not read the page; unknown numbers are 404.
    assert client_for(org.outsider).get(PAGE).status_code == 403
    assert visitor.get(PAGE).status_code == 302
    assert second.get(BODY + "sittings/9/procedural/").status_code == 404
    assert second.post(_step(9, "second")).status_code == 404
    assert second.post(BODY + "sittings/1/procedural/99999999999/second/").status_code == 404


def test_the_motions_page_links_to_the_open_sitting(org: Org) -> None:
    m = _open(org, supporters=0)
    page = _see(login(m, 0), BODY + "motions/")
    assert f'href="{PAGE}"' in page and "Procedural motions" in page
