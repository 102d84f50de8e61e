"""A burst on a list of speakers, over HTTP against a live server (PostgreSQL only): 50
seat holders asking for the floor at once, and one holder asking 20 times at once. Each
is listed exactly once, every other answer is a rule's refusal, and the journal chain
verifies."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from collegium.access.actions import issue_token
from collegium.bodies.models import Seat
from collegium.journal.actors import SYSTEM
from collegium.meetings import actions
from collegium.meetings.models import FloorRequest, RequestState
from tests.concurrency.databases import postgres_only
from tests.concurrency.http import post_json
from tests.journal.chains import assert_all_intact
from tests.meetings.helpers import Meeting, meeting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only("a burst of connections is PostgreSQL's concern"),
]

HOLDERS = 50
SAME_HOLDER = 20
FLOOR = "/api/organizations/test-union/bodies/cc/sittings/1/items/1/floor"


def _post(url: str, token: str) -> tuple[int, dict[str, Any]]:
    return post_json(url, token, {"stance": "neutral"})


def _item_open(org: Any) -> Meeting:
    m = meeting(org, "lenin-era", full_seats=HOLDERS)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full])
    actions.open_sitting(actor=m.chair, sitting=m.sitting)
    actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=HOLDERS, no=0)
    actions.open_item(actor=m.chair, item=m.item("1"))
    return m


def _token(seat: Seat) -> str:
    assert seat.member is not None and seat.member.user is not None
    _row, secret = issue_token(actor=SYSTEM, user=seat.member.user, name="burst")
    return secret


def _at_once(url: str, tokens: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """POST every token's request from its own thread, all released together. The
    threads only speak HTTP: they hold no database connection of the test's pool."""
    start = threading.Barrier(len(tokens))

    def ask(token: str) -> tuple[int, dict[str, Any]]:
        start.wait(timeout=60)
        return _post(url, token)

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(ask, tokens))


def _waiting() -> list[int]:
    return list(
        FloorRequest.objects.filter(state=RequestState.WAITING).values_list("seat_id", flat=True)
    )


def test_fifty_holders_asking_at_once_are_each_listed_once(org: Any, live_server: Any) -> None:
    m = _item_open(org)
    url = live_server.url + FLOOR

    answers = _at_once(url, [_token(seat) for seat in m.full])

    assert [status for status, _ in answers] == [201] * HOLDERS, answers
    assert sorted(_waiting()) == sorted(s.pk for s in m.full)
    assert_all_intact()


def test_one_holder_asking_twenty_times_at_once_is_listed_once(org: Any, live_server: Any) -> None:
    m = _item_open(org)
    token = _token(m.full[0])

    answers = _at_once(live_server.url + FLOOR, [token] * SAME_HOLDER)

    assert sorted(status for status, _ in answers) == [201] + [400] * (SAME_HOLDER - 1)
    assert {body["rule"] for status, body in answers if status == 400} == {
        "speakers.already-listed"
    }
    assert _waiting() == [m.full[0].pk]
    assert_all_intact()
