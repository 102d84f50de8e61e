"""Two processes' batches of ballots overlap (PostgreSQL only): a batch takes the chain's
lock only for its journal entry (voting/actions/casting.py). Each test stops a batch at
that point, with its rows inserted but not committed, lets another action overtake it,
and shows that the batch is then taken again in turn: nothing acknowledged is lost,
nothing refused is counted, no voter has two ballots."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections

from collegium.journal.actions import hold_chain
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import change_member_status
from collegium.registry.models import Member, MemberStatus
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions
from collegium.voting.actions import Cast, CastResult, casting
from collegium.voting.models import Ballot, Participation, Vote
from tests.concurrency.databases import postgres_only
from tests.journal.chains import assert_all_intact
from tests.voting.congress import congress

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only("on SQLite a transaction holds the write lock from its start: nothing overlaps"),
]


class Held:
    """A batch cast in a thread of its own, stopped where it would take the chain's lock
    the first time (`reached`) until `go` is set."""

    def __init__(self, vote: Vote, casts: list[Cast]) -> None:
        self.reached = threading.Event()
        self.go = threading.Event()
        self.results: list[CastResult] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(vote, casts))

    def _run(self, vote: Vote, casts: list[Cast]) -> None:
        try:
            self.results = actions.cast_ballots(actor=SYSTEM, vote=vote, casts=casts)
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()

    def hold(self, organization_id: int | None) -> None:
        if threading.current_thread() is self.thread and not self.reached.is_set():
            self.reached.set()
            assert self.go.wait(timeout=30)
        real_hold(organization_id)


real_hold = hold_chain


@contextmanager
def held(vote: Vote, casts: list[Cast]) -> Iterator[Held]:
    batch = Held(vote, casts)
    with mock.patch.object(casting, "hold_chain", batch.hold):
        batch.thread.start()
        try:
            assert batch.reached.wait(timeout=30), "the batch never reached the lock"
            yield batch
        finally:
            batch.go.set()
            batch.thread.join(timeout=60)
    assert batch.error is None, batch.error


def _rules(results: list[CastResult]) -> list[str]:
    return [r.refusal.rule if r.refusal is not None else "accepted" for r in results]


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return int(cursor.fetchone()[0])


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_batch_overtaken_by_the_close_is_refused_and_not_counted(org: Any) -> None:
    c = congress(org, 6)
    vote = actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q", form="secret")
    early = actions.cast_ballots(actor=SYSTEM, vote=vote, casts=[Cast(c.users[0].pk, "no")])
    assert _rules(early) == ["accepted"]

    with held(vote, [Cast(u.pk, "yes") for u in c.users[1:4]]) as batch:
        # Its rows are inserted, not committed: the close neither waits for them nor
        # sees them.
        closed = actions.close_vote(actor=c.chair, vote=vote)
    assert (closed.yes, closed.no) == (0, 1)

    assert _rules(batch.results) == ["vote.closed"] * 3
    assert Participation.objects.filter(vote=vote).count() == 1
    assert list(Ballot.objects.filter(vote=vote).values_list("content", flat=True)) == ["no"]
    assert_all_intact()


def test_a_caster_suspended_while_the_batch_ran_has_lost_the_vote(org: Any) -> None:
    c = congress(org, 4)
    vote = actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q", form="secret")
    suspended = Member.objects.get(user=c.users[1])

    with held(vote, [Cast(u.pk, "yes") for u in c.users[:3]]) as batch:
        change_member_status(
            actor=SYSTEM, member=suspended, status=MemberStatus.SUSPENDED, reason="Dues unpaid"
        )

    assert _rules(batch.results) == ["accepted", "vote.not-eligible", "accepted"]
    assert Participation.objects.filter(vote=vote).count() == 2
    assert Ballot.objects.filter(vote=vote).count() == 2
    assert_all_intact()


def test_one_voter_in_two_overlapping_batches_has_one_ballot(org: Any) -> None:
    c = congress(org, 4)
    vote = actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q", form="secret")
    other: list[CastResult] = []

    def second() -> None:
        try:
            other.extend(
                actions.cast_ballots(
                    actor=SYSTEM,
                    vote=vote,
                    casts=[Cast(c.users[2].pk, "no"), Cast(c.users[0].pk, "no")],
                )
            )
        finally:
            connections.close_all()

    with held(vote, [Cast(c.users[0].pk, "yes"), Cast(c.users[1].pk, "yes")]) as batch:
        racing = threading.Thread(target=second)
        racing.start()
        # The second batch waits on the first's uncommitted participation (the unique
        # constraint); when the first commits, it is taken again in turn.
        _until(lambda: _waiting_on_a_lock() >= 1)
    racing.join(timeout=60)

    assert _rules(batch.results) == ["accepted", "accepted"]
    assert _rules(other) == ["accepted", "vote.already-voted"]
    assert Participation.objects.filter(vote=vote).count() == 3
    assert sorted(Ballot.objects.filter(vote=vote).values_list("content", flat=True)) == [
        "no",
        "yes",
        "yes",
    ]
    assert_all_intact()


def test_a_change_of_a_ballot_overtaken_by_the_close_is_refused(org: Any) -> None:
    """A change of a committed ballot takes the lock before its UPDATE, in the middle of
    the batch: the vote it read open before may have closed by then."""
    changeable = {
        **PRESETS["lenin-era"],
        "votes": {"forms": ["named", "secret"], "default": "named", "ballot_change": True},
    }
    with mock.patch.dict(PRESETS, {"changeable": changeable}):
        c = congress(org, 3, preset="changeable")
    vote = actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q")
    assert vote.form == "named" and vote.ballot_change
    first = actions.cast_ballots(actor=SYSTEM, vote=vote, casts=[Cast(c.users[0].pk, "yes")])
    assert _rules(first) == ["accepted"]

    with held(vote, [Cast(c.users[0].pk, "no")]) as batch:
        closed = actions.close_vote(actor=c.chair, vote=vote)
    assert (closed.yes, closed.no) == (1, 0)

    assert _rules(batch.results) == ["vote.closed"]
    assert list(Participation.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"]
    assert_all_intact()
