"""What the tests of the meeting actions share: a refusal that names its rule and leaves
every table of sittings and the journal as they were."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

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


def snapshot() -> dict[str, Any]:
    """Every row of the sittings' tables, field by field, and the journal's length."""
    state: dict[str, Any] = {
        model.__name__: sorted(model.objects.values_list(), key=repr) for model in TABLES
    }
    state["journal"] = JournalEntry.objects.count()
    return state


@contextmanager
def changes_nothing() -> Iterator[None]:
    before = snapshot()
    yield
    assert snapshot() == before


def refused(rule: str, attempt: Callable[[], object]) -> RuleError:
    """Run `attempt`: it must be refused by `rule` and change nothing."""
    with changes_nothing(), pytest.raises(RuleError) as refusal:
        attempt()
    assert refusal.value.rule == rule, str(refusal.value)
    return refusal.value
