"""API for the journal: an organization's entries, newest first, and the chain check."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.params import P, QueryEx

from collegium.access.permissions import Permission, require
from collegium.api_auth import OPTIONAL_AUTH, READ, caller
from collegium.api_errors import READ_ERRORS
from collegium.journal.queries import entries_for, verify_chain
from collegium.registry.api import organization_or_404

router = Router(tags=["journal"])


class JournalEntryOut(Schema):
    sequence: int
    recorded_at: datetime.datetime
    actor: str
    code: str
    object_type: str
    object_id: str
    payload: dict[str, Any]
    previous_hash: str
    hash: str


class JournalPageOut(Schema):
    items: list[JournalEntryOut]
    next_before: int | None = Field(description="Pass as `before` for the next (older) page.")


class ChainCheckOut(Schema):
    intact: bool
    entries: int = Field(description="Entries checked.")
    first_broken_sequence: int | None
    reason: str | None = Field(description="Why the first broken entry does not verify.")


@router.get(
    "/organizations/{slug}/journal",
    response={200: JournalPageOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_journal",
    summary="An organization's journal entries, newest first",
)
def list_journal(
    request: HttpRequest,
    slug: str,
    before: QueryEx[int | None, P(ge=1, description="Only entries with a lower sequence.")] = None,
    code: QueryEx[str, P(description="Only entries with this code, e.g. body.seat.vacated.")] = "",
    limit: QueryEx[int, P(ge=1, le=500)] = 50,
) -> JournalPageOut:
    organization = organization_or_404(slug)
    require(caller(request), Permission.VIEW_JOURNAL, organization)
    entries = entries_for(organization.pk)
    if before is not None:
        entries = entries.filter(sequence__lt=before)
    if code:
        entries = entries.filter(code=code)
    rows = list(entries[: limit + 1])
    return JournalPageOut(
        items=[
            JournalEntryOut(
                sequence=e.sequence,
                recorded_at=e.recorded_at,
                actor=e.actor,
                code=e.code,
                object_type=e.object_type,
                object_id=e.object_id,
                payload=e.payload,
                previous_hash=e.previous_hash,
                hash=e.hash,
            )
            for e in rows[:limit]
        ],
        next_before=rows[limit - 1].sequence if len(rows) > limit else None,
    )


@router.get(
    "/journal/verify",
    response=ChainCheckOut,
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="verify_journal",
    summary="Re-check the whole journal's hash chain",
    description="Open to everyone: the record is meant to be checkable by anyone, and "
    "the answer reveals only the number of entries.",
)
def verify_journal(request: HttpRequest) -> ChainCheckOut:
    count, broken = verify_chain()
    return ChainCheckOut(
        intact=broken is None,
        entries=count,
        first_broken_sequence=broken.sequence if broken else None,
        reason=broken.reason if broken else None,
    )
