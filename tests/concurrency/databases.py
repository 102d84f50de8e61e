"""Which database the suite runs on, for the tests only PostgreSQL can show (row locks,
connection pools, bursts of connections)."""

from __future__ import annotations

import os

import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def postgres_only(reason: str) -> pytest.MarkDecorator:
    """Skip on SQLite, saying why."""
    return pytest.mark.skipif(not ON_POSTGRES, reason=reason)
