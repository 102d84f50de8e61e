"""Fixtures for the journal's tests: the chain checks the web and the API run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from collegium.journal.models import JournalChain
from collegium.journal.queries import Verification, verify_chain


@pytest.fixture(autouse=True)
def _no_cached_checks() -> Iterator[None]:
    """Checks for non-staff readers are cached per chain head (audit/checks.py); a test
    starts with none, whatever an earlier test left in the process's cache."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Rehashes:
    """Every chain re-hash the web and the API asked for: (chain key, keyword arguments)."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.calls)

    @property
    def last(self) -> dict[str, Any]:
        return self.calls[-1][1]


@pytest.fixture
def rehashes(monkeypatch: pytest.MonkeyPatch) -> Rehashes:
    """Count the calls of verify_chain made by audit/checks.py (the real check runs)."""
    counted = Rehashes()
    real = verify_chain  # what audit/checks.py imported

    def counting(chain: JournalChain, **kwargs: Any) -> Verification:
        counted.calls.append((chain.key, kwargs))
        return real(chain, **kwargs)

    monkeypatch.setattr("collegium.audit.checks.verify_chain", counting)
    return counted
