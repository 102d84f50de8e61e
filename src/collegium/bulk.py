"""Bulk writes in plain SQL, for the few actions that write tens of thousands of rows at
once (a register import; the counting of a ballot). Rows are plain tuples, not model
instances: building 200,000 model objects costs more than the database work.

Only actions call this module, inside their transaction; it imports nothing but Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, models
from django.db.backends.utils import CursorWrapper

_Item = TypeVar("_Item")


def batches(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    """`items` in lists of `size` (the last one shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def columns(model: type[models.Model], fields: tuple[str, ...]) -> list[str]:
    """The quoted column names of `fields` of `model`, in order."""
    quoted = []
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        quoted.append(connection.ops.quote_name(str(field.column)))
    return quoted


def insert_many(
    cursor: CursorWrapper,
    model: type[models.Model],
    fields: tuple[str, ...],
    rows: list[tuple[Any, ...]],
) -> None:
    """Insert rows in bulk: COPY on PostgreSQL; elsewhere multi-row INSERT statements with
    as many rows each as the database's limit on parameters allows (999 on SQLite).
    Values must already be adapted for the database (`connection.ops.adapt_*`)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(columns(model, fields))
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path: several times faster than INSERT statements.
        # Django's wrapper: a broken constraint raises Django's IntegrityError, as the
        # INSERT below would.
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    row_placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 65535
    for chunk in batches(rows, max(1, min(500, limit // len(fields)))):
        values = ", ".join([row_placeholders] * len(chunk))
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {values}",
            [value for row in chunk for value in row],
        )


def update_sql(model: type[models.Model], fields: tuple[str, ...]) -> str:
    """An UPDATE of `fields` by primary key, for `cursor.executemany`: each row gives the
    values of `fields` and then the primary key."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in columns(model, fields))
    pk = connection.ops.quote_name(model._meta.pk.column)
    return f"UPDATE {table} SET {assignments} WHERE {pk} = %s"


def update_many(
    cursor: CursorWrapper,
    model: type[models.Model],
    fields: tuple[str, ...],
    rows: list[tuple[Any, ...]],
) -> None:
    """Update rows by primary key; each row is the values of `fields`, then the pk."""
    if rows:
        cursor.executemany(update_sql(model, fields), rows)
