"""Running actions at the same moment from several threads, each on its own connection.

SQLite: pytest-django's default SQLite test database is in memory, shared between a
process's connections through SQLite's shared cache. Shared-cache locks fail at once
("database table is locked") instead of waiting, and WAL does not apply, so writers
cannot queue there as they do on the real, file-based database. These tests therefore
need a file. The test database is created once per session, before the first test, so
the choice must be made before then: it is made here, when this conftest is imported at
collection, by giving the SQLite test database a file name (unless COLLEGIUM_TEST_SQLITE
already names one). The whole session then runs on that file, which behaves like the
production database. Each session gets its own temporary directory, so concurrent
pytest runs never share a file, and under xdist pytest-django appends the worker id
("_gw0") to the name, so each worker gets its own file too.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from unittest import mock

from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.models import Model, QuerySet

from collegium.rules.errors import RuleError

_default: dict[str, Any] = settings.DATABASES["default"]
if _default["ENGINE"] == "django.db.backends.sqlite3" and not _default.get("TEST", {}).get("NAME"):
    _directory = tempfile.mkdtemp(prefix="collegium-concurrency-")
    atexit.register(shutil.rmtree, _directory, ignore_errors=True)
    _default.setdefault("TEST", {})["NAME"] = f"{_directory}/test.sqlite3"

POSTGRESQL = _default["ENGINE"] == "django.db.backends.postgresql"


# Generous: the machine may be busy, and a waiting SQLite writer retries for 20 s.
JOIN_TIMEOUT = 180.0

_Result = TypeVar("_Result")


@dataclass
class Outcome(Generic[_Result]):
    """What one thread's action came to: a result, a rule's refusal, or anything else
    (a database error), which a correctly locked action never gives."""

    result: _Result | None = None
    refusal: RuleError | None = None
    error: BaseException | None = None

    @property
    def succeeded(self) -> bool:
        return self.refusal is None and self.error is None


# How long a thread waits at a rendezvous for a second one. Long enough for a thread that
# is not held back to get there on a busy machine; short, since with a lock the wait
# always runs out.
RENDEZVOUS_SECONDS = 3.0


class Rendezvous:
    """A meeting point for two threads inside an action: `wait()` says whether another
    thread arrived within the timeout. Placed between an action's check and its write, it
    tells whether two actions were ever there at once (the lock should prevent it) and,
    without a lock, it holds the first until the second has checked too, so that a race
    which is only likely becomes certain. Once a wait has run out, later waits return at
    once."""

    def __init__(self, timeout: float) -> None:
        self.barrier = threading.Barrier(2)
        self.timeout = timeout
        self.met: list[bool] = []

    def wait(self) -> bool:
        try:
            self.barrier.wait(timeout=self.timeout)
            met = True
        except threading.BrokenBarrierError:
            met = False
        self.met.append(met)
        return met


@contextmanager
def meeting_before_saving(model: type[Model], rendezvous: Rendezvous) -> Iterator[None]:
    """Every save of `model` (an action's insert) first waits at the rendezvous."""
    original = model.save

    def save(self: Model, *args: Any, **kwargs: Any) -> None:
        rendezvous.wait()
        original(self, *args, **kwargs)

    with mock.patch.object(model, "save", save):
        yield


def on_file_database() -> None:
    if connection.vendor == "sqlite" and cast(SQLiteWrapper, connection).is_in_memory_db():
        raise RuntimeError(
            "the concurrency tests need a file-based SQLite test database "
            "(see tests/concurrency/conftest.py)"
        )


def simultaneously(
    tasks: list[Callable[[], _Result]],
    *,
    prepare: Callable[[], None] | None = None,
) -> list[Outcome[_Result]]:
    """Run each task in its own thread, all released at once by a barrier after each
    has opened its own connection (and run `prepare`, if given). Returns the outcomes
    in the order of `tasks`; fails if a thread is still running after JOIN_TIMEOUT."""
    on_file_database()
    outcomes: list[Outcome[_Result]] = [Outcome() for _ in tasks]
    start = threading.Barrier(len(tasks))

    def run(index: int, task: Callable[[], _Result]) -> None:
        outcome = outcomes[index]
        try:
            # Connect before the barrier so that connecting does not stagger the start.
            connection.ensure_connection()
            if prepare is not None:
                prepare()
            start.wait(timeout=JOIN_TIMEOUT)
            outcome.result = task()
        except RuleError as refusal:
            outcome.refusal = refusal
        except BaseException as error:
            outcome.error = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, task), name=f"concurrent-{i}")
        for i, task in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {JOIN_TIMEOUT} s: {stuck}"
    return outcomes


def errors_of(outcomes: list[Outcome[_Result]]) -> list[str]:
    """Every outcome that is neither success nor a rule's refusal, for assert messages."""
    return [repr(o.error) for o in outcomes if o.error is not None]


def refusals_of(outcomes: list[Outcome[_Result]]) -> list[tuple[str, str]]:
    return [(o.refusal.rule, str(o.refusal)) for o in outcomes if o.refusal is not None]


def successes_of(outcomes: list[Outcome[_Result]]) -> list[_Result]:
    return [o.result for o in outcomes if o.succeeded and o.result is not None]


def deferred_transactions() -> None:
    """SQLite, run in a thread after connecting: begin this connection's transactions
    DEFERRED (SQLite's default), as if settings.py did not ask for IMMEDIATE."""
    connection.transaction_mode = None  # type: ignore[attr-defined]


@contextmanager
def journal_lock_removed() -> Iterator[Callable[[], None] | None]:
    """Take away what serialises journal writers on this database: yields the `prepare`
    for `simultaneously` (SQLite) or patches the row lock away (PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield deferred_transactions
    else:
        # PostgreSQL: `select_for_update()` becomes a no-op, as if the actions took no
        # row locks (process-wide, which is what the test wants while it runs).
        with mock.patch.object(QuerySet, "select_for_update", lambda self, *a, **k: self):
            yield None
