"""The journal's hash chain never forks, however many actions run at once.

Every action appends through `journal.actions.record`, which reads the chain's head and
writes the next entry. Two writers that both read the same head would link to the same
predecessor (a fork). The lock that prevents it: the `JournalHead` row is taken with
SELECT ... FOR UPDATE on PostgreSQL; on SQLite every transaction begins IMMEDIATE
(settings.py), taking the database's write lock before the head is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from collegium.journal import actions as journal_actions
from collegium.journal.chain import entry_hash
from collegium.journal.models import JournalEntry, JournalHead
from collegium.journal.queries import verify_chain
from collegium.registry.actions import create_organization, register_member
from collegium.registry.models import Member, Organization
from tests.concurrency.conftest import (
    RENDEZVOUS_SECONDS,
    Rendezvous,
    errors_of,
    journal_lock_removed,
    refusals_of,
    simultaneously,
)

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ACTIONS_PER_THREAD = 5


def _registering(organization: Organization, thread: int) -> Callable[[], list[Member]]:
    def register_several() -> list[Member]:
        return [
            register_member(
                actor=None,
                organization=organization,
                number=f"C-{thread}-{i}",
                name=f"Member {thread}/{i}",
            )
            for i in range(ACTIONS_PER_THREAD)
        ]

    return register_several


def test_concurrent_actions_keep_one_gapless_chain() -> None:
    organization = create_organization(actor=None, name="Busy Union", slug="busy")
    before, broken = verify_chain()
    assert broken is None

    outcomes = simultaneously([_registering(organization, t) for t in range(THREADS)])

    assert errors_of(outcomes) == []
    assert refusals_of(outcomes) == []
    expected = before + THREADS * ACTIONS_PER_THREAD
    assert verify_chain() == (expected, None)
    sequences = list(JournalEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, expected + 1))
    shared_links = (
        JournalEntry.objects.values("previous_hash").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert list(shared_links) == []
    assert JournalHead.objects.get().last_sequence == expected
    # Every action that succeeded left its change and its entry; none left one without
    # the other.
    added = JournalEntry.objects.filter(code="register.member.added", organization=organization)
    assert sorted(added.values_list("payload__number", flat=True)) == sorted(
        f"C-{t}-{i}" for t in range(THREADS) for i in range(ACTIONS_PER_THREAD)
    )
    assert Member.objects.filter(organization=organization).count() == expected - before


def _meeting_in_record(rendezvous: Rendezvous) -> Any:
    """Between `record` reading the head and writing the entry (`entry_hash` is computed
    in between), wait at the rendezvous."""

    def hashing(**fields: Any) -> str:
        rendezvous.wait()
        return entry_hash(**fields)

    return mock.patch("collegium.journal.actions.entry_hash", hashing)


def _append_entry(code: str) -> Callable[[], int]:
    def append() -> int:
        with transaction.atomic():
            return journal_actions.record(code, actor=None, organization=None).sequence

    return append


def _journal_started() -> int:
    """Make sure the head row exists, as migration 0002 leaves it: a transactional test's
    flush deletes it, and then two first writers would race to create it instead."""
    _append_entry("test.start")()
    count, broken = verify_chain()
    assert broken is None
    return count


def test_a_writer_holds_the_head_from_reading_it_to_writing_the_entry() -> None:
    """With the lock, a second writer cannot read the head while the first is between
    reading it and writing: the two never meet there, and both entries are appended."""
    before = _journal_started()
    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with _meeting_in_record(rendezvous):
        outcomes = simultaneously([_append_entry("test.first"), _append_entry("test.second")])

    assert errors_of(outcomes) == []
    assert rendezvous.met == [False, False]
    assert sorted(o.result for o in outcomes if o.result is not None) == [
        before + 1,
        before + 2,
    ]
    assert verify_chain() == (before + 2, None)


def test_without_the_lock_two_writers_read_the_same_head() -> None:
    """The control for the test above: take the lock away and the two writers both read
    the same head; only the unique sequence number (PostgreSQL) or SQLite's refusal to
    commit a stale write saves the chain, and one action fails with a database error.
    This shows that the rendezvous notices a missing lock."""
    before = _journal_started()
    # Here the two are expected to meet, which ends the wait at once: wait long, so that
    # a slow machine does not make them miss each other.
    rendezvous = Rendezvous(timeout=30.0)
    with (
        journal_lock_removed() as prepare,
        _meeting_in_record(rendezvous),
    ):
        outcomes = simultaneously(
            [_append_entry("test.first"), _append_entry("test.second")], prepare=prepare
        )

    assert rendezvous.met == [True, True]
    assert [o.result for o in outcomes if o.succeeded] == [before + 1]
    failures = [o.error for o in outcomes if o.error is not None]
    assert len(failures) == 1 and isinstance(failures[0], DatabaseError), errors_of(outcomes)
    if connection.vendor == "sqlite":
        assert "database is locked" in str(failures[0])
    else:
        assert "duplicate key" in str(failures[0])
    assert verify_chain() == (before + 1, None)
