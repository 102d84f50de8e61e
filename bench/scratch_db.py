"""Scratch PostgreSQL databases for the benchmarks that run against a real database."""

from __future__ import annotations

import sys
from typing import Any


def _admin(url: str, **extra: Any) -> Any:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
        **extra,
    )


def scratch_postgres(url: str, suffix: str) -> str | None:
    """Create a fresh database named after the one in `url` plus `suffix`; return its URL,
    or None when the server is unreachable."""
    import dj_database_url
    import psycopg

    name = f"{dj_database_url.parse(url)['NAME']}_{suffix}"
    try:
        with _admin(url, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable ({error}); skipped", file=sys.stderr)
        return None
    return url.rsplit("/", 1)[0] + "/" + name


def drop_postgres(url: str) -> None:
    import dj_database_url

    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{dj_database_url.parse(url)["NAME"]}"')
