"""The journal's hash chains never fork, however many actions run at once; and actions of
two organizations, which append to two chains, do not wait for each other.

Every action appends through `journal.actions.record`, which reads its chain's head and
writes the next entry. Two writers that both read the same head would link to the same
predecessor (a fork). The lock that prevents it: the chain's `JournalChain` row, taken
with SELECT ... FOR UPDATE by `@action` before the action's first read (PostgreSQL); on
SQLite every transaction begins IMMEDIATE (settings.py), taking the database's write lock
before the head is read, so there writers of all organizations queue behind each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Count

from collegium.journal import actions as journal_actions
from collegium.journal.actors import SYSTEM
from collegium.journal.chain import INSTALLATION, entry_hash
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import Verification, verify_chain
from collegium.registry.actions import create_organization, register_member
from collegium.registry.models import Member, Organization
from tests.concurrency.conftest import (
    JOIN_TIMEOUT,
    POSTGRESQL,
    RENDEZVOUS_SECONDS,
    Outcome,
    Rendezvous,
    errors_of,
    journal_lock_removed,
    on_file_database,
    refusals_of,
    simultaneously,
)

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ACTIONS_PER_THREAD = 5


def _verified(key: str) -> Verification:
    return verify_chain(JournalChain.objects.get(key=key))


def _registering(organization: Organization, thread: int) -> Callable[[], list[Member]]:
    def register_several() -> list[Member]:
        return [
            register_member(
                actor=SYSTEM,
                organization=organization,
                number=f"C-{thread}-{i}",
                name=f"Member {thread}/{i}",
            )
            for i in range(ACTIONS_PER_THREAD)
        ]

    return register_several


def _assert_gapless(key: str, expected: int) -> None:
    result = _verified(key)
    assert (result.checked, result.broken) == (expected, None)
    entries = JournalEntry.objects.filter(chain__key=key)
    sequences = list(entries.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, expected + 1))
    shared_links = entries.values("previous_hash").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(shared_links) == []
    assert JournalChain.objects.get(key=key).last_sequence == expected


def test_concurrent_actions_keep_one_gapless_chain() -> None:
    organization = create_organization(actor=SYSTEM, name="Busy Union", slug="busy")
    before = _verified("busy")
    assert (before.checked, before.broken) == (0, None)

    outcomes = simultaneously([_registering(organization, t) for t in range(THREADS)])

    assert errors_of(outcomes) == []
    assert refusals_of(outcomes) == []
    expected = THREADS * ACTIONS_PER_THREAD
    _assert_gapless("busy", expected)
    # Every action that succeeded left its change and its entry; none left one without
    # the other.
    added = JournalEntry.objects.filter(code="register.member.added", chain__key="busy")
    assert sorted(added.values_list("payload__number", flat=True)) == sorted(
        f"C-{t}-{i}" for t in range(THREADS) for i in range(ACTIONS_PER_THREAD)
    )
    assert Member.objects.filter(organization=organization).count() == expected


def test_concurrent_actions_of_two_organizations_keep_both_chains_gapless() -> None:
    busy = create_organization(actor=SYSTEM, name="Busy Union", slug="busy")
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")

    outcomes = simultaneously([_registering(busy if t % 2 else other, t) for t in range(THREADS)])

    assert errors_of(outcomes) == []
    half = THREADS // 2 * ACTIONS_PER_THREAD
    _assert_gapless("busy", half)
    _assert_gapless("other", half)
    assert _verified(INSTALLATION).broken is None


def _meeting_in_record(rendezvous: Rendezvous) -> Any:
    """Between `record` reading the head and writing the entry (`entry_hash` is computed
    in between), wait at the rendezvous."""

    def hashing(**fields: Any) -> str:
        rendezvous.wait()
        return entry_hash(**fields)

    return mock.patch("collegium.journal.actions.entry_hash", hashing)


def _append_entry(organization: Organization | None = None) -> Callable[[], int]:
    """Append one entry as an action does (a declared code, in a transaction), to the
    organization's chain or, with None, to the installation's."""

    def append() -> int:
        with transaction.atomic():
            payload = {"name": "x", "slug": "x"} if organization is None else {"username": "x"}
            code = "organization.created" if organization is None else "organization.admin.added"
            entry = journal_actions.record(
                code, actor=SYSTEM, organization=organization, payload=payload
            )
            return entry.sequence

    return append


def _journal_started() -> int:
    """Make sure the installation's chain row exists, as migration 0005 leaves it: a
    transactional test's flush deletes it, and then two first writers would race to
    create it instead."""
    _append_entry()()
    result = _verified(INSTALLATION)
    assert result.broken is None
    return result.checked


def test_a_writer_holds_the_head_from_reading_it_to_writing_the_entry() -> None:
    """With the lock, a second writer cannot read the head while the first is between
    reading it and writing: the two never meet there, and both entries are appended."""
    before = _journal_started()
    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with _meeting_in_record(rendezvous):
        outcomes = simultaneously([_append_entry(), _append_entry()])

    assert errors_of(outcomes) == []
    assert rendezvous.met == [False, False]
    assert sorted(o.result for o in outcomes if o.result is not None) == [
        before + 1,
        before + 2,
    ]
    result = _verified(INSTALLATION)
    assert (result.checked, result.broken) == (before + 2, None)


def test_without_the_lock_two_writers_read_the_same_head() -> None:
    """The control for the test above: take the lock away and the two writers both read
    the same head; only the unique sequence number per chain (PostgreSQL) or SQLite's
    refusal to commit a stale write saves the chain, and one action fails with a database
    error. This shows that the rendezvous notices a missing lock."""
    before = _journal_started()
    # Here the two are expected to meet, which ends the wait at once: wait long, so that
    # a slow machine does not make them miss each other.
    rendezvous = Rendezvous(timeout=30.0)
    with (
        journal_lock_removed() as prepare,
        _meeting_in_record(rendezvous),
    ):
        outcomes = simultaneously([_append_entry(), _append_entry()], prepare=prepare)

    assert rendezvous.met == [True, True]
    assert [o.result for o in outcomes if o.succeeded] == [before + 1]
    failures = [o.error for o in outcomes if o.error is not None]
    assert len(failures) == 1 and isinstance(failures[0], DatabaseError), errors_of(outcomes)
    if connection.vendor == "sqlite":
        assert "database is locked" in str(failures[0])
    else:
        assert "duplicate key" in str(failures[0])
    result = _verified(INSTALLATION)
    assert (result.checked, result.broken) == (before + 1, None)


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite runs one writer at a time (IMMEDIATE)")
def test_writers_of_two_organizations_are_in_record_at_once() -> None:
    """Two organizations, two chains, two locks: on PostgreSQL both writers are between
    reading their heads and writing at the same moment (they meet at the rendezvous),
    and both chains stay intact."""
    alpha = create_organization(actor=SYSTEM, name="Alpha", slug="alpha")
    beta = create_organization(actor=SYSTEM, name="Beta", slug="beta")
    rendezvous = Rendezvous(timeout=30.0)
    with _meeting_in_record(rendezvous):
        outcomes = simultaneously([_append_entry(alpha), _append_entry(beta)])

    assert errors_of(outcomes) == []
    assert rendezvous.met == [True, True]
    assert [o.result for o in outcomes] == [1, 1]
    _assert_gapless("alpha", 1)
    _assert_gapless("beta", 1)


# One organization's chain held by a long transaction: what waits, and what does not.

# How long an action that should not wait may take, and how long one that should wait is
# watched to see that it does.
FINISHES_WITHIN = 30.0
STILL_WAITING_AFTER = 1.5


class Background:
    """One action in a thread of its own, with its own connection."""

    def __init__(self, task: Callable[[], Any]) -> None:
        self.outcome: Outcome[Any] = Outcome()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(task,), name="background")
        self.thread.start()

    def _run(self, task: Callable[[], Any]) -> None:
        try:
            self.outcome.result = task()
        except BaseException as error:
            self.outcome.error = error
        finally:
            connections.close_all()
            self.done.set()


@contextmanager
def chain_held(key: str) -> Iterator[None]:
    """Hold a chain's row lock (PostgreSQL; on SQLite the transaction's write lock) in
    another thread until the block ends."""
    on_file_database()
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            JournalChain.objects.select_for_update().get(key=key)
            locked.set()
            release.wait(timeout=JOIN_TIMEOUT)

    holder = Background(hold)
    try:
        assert locked.wait(timeout=FINISHES_WITHIN), holder.outcome.error
        yield
    finally:
        release.set()
        holder.thread.join(timeout=JOIN_TIMEOUT)
        assert holder.done.is_set()
        assert holder.outcome.error is None, holder.outcome.error


def _registers(organization: Organization, number: str) -> Callable[[], Member]:
    return lambda: register_member(
        actor=SYSTEM, organization=organization, number=number, name=number
    )


@pytest.mark.skipif(not POSTGRESQL, reason="on SQLite every writer waits for every other")
def test_a_held_chain_holds_back_its_own_organization_only() -> None:
    alpha = create_organization(actor=SYSTEM, name="Alpha", slug="alpha")
    beta = create_organization(actor=SYSTEM, name="Beta", slug="beta")

    with chain_held("alpha"):
        elsewhere = Background(_registers(beta, "B-1"))
        assert elsewhere.done.wait(timeout=FINISHES_WITHIN), "beta waited for alpha's lock"
        assert elsewhere.outcome.succeeded, elsewhere.outcome.error
        same = Background(_registers(alpha, "A-1"))
        assert not same.done.wait(timeout=STILL_WAITING_AFTER), "alpha's lock was not held"
        assert not Member.objects.filter(number="A-1").exists()
    same.thread.join(timeout=JOIN_TIMEOUT)
    assert same.done.is_set() and same.outcome.succeeded, same.outcome.error

    _assert_gapless("alpha", 1)
    _assert_gapless("beta", 1)


@pytest.mark.skipif(not POSTGRESQL, reason="on SQLite every writer waits for every other")
def test_a_held_organization_chain_does_not_hold_back_the_installation() -> None:
    alpha = create_organization(actor=SYSTEM, name="Alpha", slug="alpha")
    with chain_held("alpha"):
        created = Background(lambda: create_organization(actor=SYSTEM, name="Gamma", slug="gamma"))
        assert created.done.wait(timeout=FINISHES_WITHIN), "the installation chain waited"
        assert created.outcome.succeeded, created.outcome.error
        same = Background(_registers(alpha, "A-1"))
        assert not same.done.wait(timeout=STILL_WAITING_AFTER)
    same.thread.join(timeout=JOIN_TIMEOUT)
    assert same.outcome.succeeded, same.outcome.error
    assert _verified(INSTALLATION).broken is None


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL locks per chain (the tests above)")
def test_on_sqlite_writers_of_every_organization_queue_behind_one_transaction() -> None:
    """SQLite has one write lock for the whole database: a transaction holding it (every
    transaction begins IMMEDIATE) holds back actions of every organization until it
    ends; they then complete, in turn."""
    alpha = create_organization(actor=SYSTEM, name="Alpha", slug="alpha")
    beta = create_organization(actor=SYSTEM, name="Beta", slug="beta")
    with chain_held("alpha"):
        elsewhere = Background(_registers(beta, "B-1"))
        assert not elsewhere.done.wait(timeout=STILL_WAITING_AFTER)
    elsewhere.thread.join(timeout=JOIN_TIMEOUT)
    assert elsewhere.outcome.succeeded, elsewhere.outcome.error
    assert register_member(actor=SYSTEM, organization=alpha, number="A-1", name="A")
    _assert_gapless("alpha", 1)
    _assert_gapless("beta", 1)
