"""What the tests of the meeting actions share: a refusal that names its rule and leaves
every table of sittings and the journal as they were."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.models import Model

from collegium.journal.models import JournalEntry
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    FloorRequest,
    Presence,
    Report,
    Signature,
    Sitting,
    StandingIn,
)
from collegium.rules.errors import RuleError

TABLES = (Sitting, Presence, StandingIn, AgendaItem, Report, Signature, FloorRequest, Decision)


def snapshot(tables: Iterable[type[Model]] = TABLES) -> dict[str, Any]:
    """Every row of the sittings' tables (or of `tables`), field by field, and the
    journal's length."""
    state: dict[str, Any] = {
        model.__name__: sorted(model._default_manager.values_list(), key=repr) for model in tables
    }
    state["journal"] = JournalEntry.objects.count()
    return state


@contextmanager
def changes_nothing(tables: Iterable[type[Model]] = TABLES) -> Iterator[None]:
    before = snapshot(tables)
    yield
    assert snapshot(tables) == before


def refused(
    rule: str, attempt: Callable[[], object], tables: Iterable[type[Model]] = TABLES
) -> RuleError:
    """Run `attempt`: it must be refused by `rule` and change nothing."""
    with changes_nothing(tables), pytest.raises(RuleError) as refusal:
        attempt()
    assert refusal.value.rule == rule, str(refusal.value)
    return refusal.value
