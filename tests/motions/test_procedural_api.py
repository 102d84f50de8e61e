"""The procedural motions API: the stack of a sitting's pending questions driven over HTTP
(moved, seconded, put to the vote and decided by the vote it needs, ruled on by the chair,
withdrawn), refusals with their rule changing nothing, and who may read and do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from collegium.motions.models import Motion, ProceduralMotion
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login, post
from tests.motions.test_motions import _open, _voters
from tests.motions.test_procedural import _main

pytestmark = pytest.mark.django_db

STACK = "/api/organizations/test-union/bodies/cc/sittings/1/procedural"
TABLES = (*unchanged.TABLES, Motion, ProceduralMotion, Vote)


def _done(
    client: Client, url: str, payload: dict[str, Any] | None = None, status: int = 200
) -> Any:
    answer = post(client, url, payload)
    assert answer.status_code == status, answer.json()
    return answer.json()


def _refused(client: Client, url: str, rule: str, payload: dict[str, Any] | None = None) -> Any:
    with unchanged.changes_nothing(TABLES):
        answer = post(client, url, payload)
    assert (answer.status_code, answer.json()["rule"]) == (400, rule), answer.json()
    return answer.json()


def _vote_on(m: Meeting, number: int, choices: list[str]) -> None:
    vote = Vote.objects.get(sitting=m.sitting, number=number)
    for actor, choice in zip(_voters(m), choices, strict=True):
        voting.cast_ballot(actor=actor, vote=vote, choice=choice)
    voting.close_vote(actor=m.chair, vote=vote)


def test_the_stack_over_the_api(org: Org) -> None:
    m = _open(org, supporters=0)
    second, third, fourth = login(m, 1), login(m, 2), login(m, 3)
    chair = client_for(org.secretary)
    empty = second.get(STACK).json()
    assert empty["main_motions"] == [] and empty["pending"] == [] and empty["enabled"] is True
    # Nothing pending: privileged and renewal motions only.
    assert "recess" in [k["key"] for k in empty["in_order"]]
    assert "refer" not in [k["key"] for k in empty["in_order"]]
    _refused(second, STACK, "motion.nothing-pending", {"key": "refer"})
    _main(m)
    refer = _done(second, STACK, {"key": "refer", "detail": "to the drafting commission"}, 201)
    assert refer["number"] == 1 and refer["name"] == "Refer to a commission"
    assert (refer["needs"], refer["family"], refer["debatable"]) == ("majority", "subsidiary", True)
    assert refer["moved_by"] == {"number": "S-full2", "name": "Full Member 2"}
    refusal = _refused(third, STACK, "motion.out-of-order", {"key": "postpone-indefinitely"})
    assert "does not outrank" in refusal["detail"]
    previous = _done(third, STACK, {"key": "previous-question"}, 201)
    assert previous["needs"] == "two-thirds"
    stack = second.get(STACK).json()
    assert stack["main_motions"] == [{"number": 1, "title": "On the congress"}]
    assert [p["number"] for p in stack["pending"]] == [1, 2]
    assert "postpone-indefinitely" not in [k["key"] for k in stack["in_order"]]

    _refused(third, STACK + "/2/second", "procedural.second")
    _refused(chair, STACK + "/2/vote", "procedural.not-seconded")
    seconded = _done(fourth, STACK + "/2/second")
    assert seconded["seconded_by"]["number"] == "S-full4"
    _refused(chair, STACK + "/1/vote", "procedural.not-on-top")
    with unchanged.changes_nothing(TABLES):
        assert post(second, STACK + "/2/vote").status_code == 403
    voting_on = _done(chair, STACK + "/2/vote", {"form": "named"})
    assert voting_on["state"] == "voting" and voting_on["vote"]["sitting"] == 1
    _vote_on(m, voting_on["vote"]["number"], ["yes", "yes", "yes", "no", "no", "no"])
    stack = second.get(STACK).json()
    assert [p["number"] for p in stack["pending"]] == [1]
    (decided,) = stack["decided"]
    assert decided["state"] == "rejected" and decided["decided_at"] is not None

    # Its mover withdraws the referral; once decided, it is withdrawn no more.
    with unchanged.changes_nothing(TABLES):
        assert post(third, STACK + "/1/withdraw").status_code == 403
    assert _done(second, STACK + "/1/withdraw")["state"] == "withdrawn"
    _refused(chair, STACK + "/1/withdraw", "procedural.state")


def test_the_chair_rules_on_a_point_of_order(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    chair = client_for(org.secretary)
    point = _done(
        chair,
        STACK,
        {"key": "point-of-order", "detail": "Off the question.", "member": "S-full3"},
        201,
    )
    assert point["moved_by"]["number"] == "S-full3" and point["needs"] == "chair"
    assert point["second"] is False
    _refused(chair, STACK + "/1/vote", "procedural.chair-rules")
    _refused(login(m, 1), STACK + "/1/second", "procedural.second")
    with unchanged.changes_nothing(TABLES):
        assert post(login(m, 1), STACK + "/1/rule", {"upheld": True}).status_code == 403
    ruled = _done(chair, STACK + "/1/rule", {"upheld": True, "ruling": "Well taken."})
    assert (ruled["state"], ruled["upheld"], ruled["ruling"]) == ("ruled", True, "Well taken.")
    _refused(chair, STACK + "/1/rule", "procedural.state", {"upheld": False})


def test_bad_input_and_outsiders_change_nothing(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    second = login(m, 1)
    _refused(second, STACK, "motion.unknown", {"key": "no-such-motion"})
    _refused(second, STACK, "motion.unknown", {"key": "main"})
    _refused(second, STACK, "input.nul-byte", {"key": "recess", "detail": "a\x00b"})
    _refused(second, STACK, "register.unknown-number", {"key": "recess", "member": "nobody"})
    with unchanged.changes_nothing(TABLES):
        answer = post(second, STACK, {"key": "recess", "detail": "x" * 501})
    assert answer.status_code == 422
    _done(second, STACK, {"key": "recess"}, 201)
    # No credentials: 401 on every change.
    visitor = Client(enforce_csrf_checks=True)
    for url in (STACK, STACK + "/1/second", STACK + "/1/withdraw", STACK + "/1/vote"):
        with unchanged.changes_nothing(TABLES):
            answer = post(visitor, url, {"key": "adjourn"})
        assert (answer.status_code, answer.json()["rule"]) == (401, "auth.required")
    assert visitor.get(STACK).status_code == 403
    assert client_for(org.outsider).get(STACK).status_code == 403
    missing = "/api/organizations/test-union/bodies/cc/sittings/9/procedural"
    assert second.get(missing).status_code == 404
    assert post(second, STACK + "/9/second").status_code == 404
