"""The register as CSV, in the columns the import reads (registry/importing.py,
docs/members-csv.md), so that a file exported and imported back changes nothing.

Streamed a batch of members at a time, never the whole register in memory: 100,000
members are read in keyset batches by primary key, each with the status change that gave
the member their current status (its reason and date fill `status_reason` and
`status_date`; the import ignores them while the status stays the same, and a register
rebuilt from the file gets them as the members' history)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse

from collegium.registry.importing import COLUMNS
from collegium.registry.models import Member, MemberStatusChange, Organization

BATCH = 2000

Row = tuple[str, ...]


def _batch(organization: Organization, after: int) -> tuple[list[Row], int | None]:
    """The rows of up to BATCH members after primary key `after`, and the last key read
    (None at the end)."""
    members = list(
        Member.objects.filter(organization=organization, pk__gt=after)
        .order_by("pk")
        .values_list("pk", "number", "name", "email", "unit", "status", "joined_on")[:BATCH]
    )
    if not members:
        return [], None
    last_change: dict[int, tuple[str, str]] = {}
    changes = (
        MemberStatusChange.objects.filter(member_id__in=[m[0] for m in members])
        .order_by("member_id", "pk")
        .values_list("member_id", "reason", "effective_on")
    )
    for member_id, reason, effective_on in changes:
        last_change[member_id] = (reason, effective_on.isoformat())  # the latest wins
    rows: list[Row] = [
        (
            number,
            name,
            email,
            unit,
            status,
            *last_change.get(pk, ("", "")),
            joined_on.isoformat() if joined_on else "",
        )
        for pk, number, name, email, unit, status, joined_on in members
    ]
    return rows, members[-1][0]


def _text(rows: list[Row]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def register_csv(organization: Organization) -> Iterator[str]:
    """The file, a header line and then one piece per batch of members."""
    yield _text([COLUMNS])
    after: int | None = 0
    while after is not None:
        rows, after = _batch(organization, after)
        if rows:
            yield _text(rows)


async def register_csv_async(organization: Organization) -> AsyncIterator[str]:
    """The same file for an ASGI server, each batch read in a worker thread: a
    synchronous iterator would be read whole into memory before the first byte left."""
    yield _text([COLUMNS])
    after: int | None = 0
    while after is not None:
        rows, after = await sync_to_async(_batch)(organization, after)
        if rows:
            yield _text(rows)


def file_name(organization: Organization) -> str:
    return f"{organization.slug}-members.csv"


def register_csv_response(
    request: HttpRequest, organization: Organization
) -> StreamingHttpResponse:
    """The download, streamed the way the server serves it (ASGI or not); the caller has
    checked the permission."""
    content = (
        register_csv_async(organization)
        if isinstance(request, ASGIRequest)
        else register_csv(organization)
    )
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(organization)}"'
    # Personal data: not for shared caches, nor kept by the browser's.
    response["Cache-Control"] = "no-store"
    return response
