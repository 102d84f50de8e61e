"""API for the journal: the entries of an organization's chain the caller may see, newest
first; the chain's head (a checkpoint to keep); the chain check."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Router, Schema
from ninja.params import P, QueryEx

from collegium.access.visibility import installation_scope, reader_scope
from collegium.audit.checks import check
from collegium.audit.exports import CONTENT_TYPE, export_response
from collegium.http.api_auth import OPTIONAL_AUTH, READ, caller
from collegium.http.api_errors import READ_ERRORS, ErrorOut
from collegium.journal.queries import Checkpoint, Verification, chain_of, entries_for, head_of
from collegium.registry.queries import organization_or_404
from collegium.rules.errors import RuleError

router = Router(tags=["journal"])


class JournalEntryOut(Schema):
    chain: str = Field(description="The organization's slug, or @installation.")
    sequence: int
    recorded_at: datetime.datetime
    actor: str
    code: str
    audience: str = Field(
        description="Who may read the entry: public, members, body-staff, "
        "organization-staff or operators."
    )
    body_id: int | None
    object_type: str
    object_id: str
    payload: dict[str, Any]
    previous_hash: str
    hash: str


class JournalPageOut(Schema):
    items: list[JournalEntryOut]
    next_before: int | None = Field(description="Pass as `before` for the next (older) page.")


class ChainCheckOut(Schema):
    chain: str
    intact: bool
    entries: int = Field(description="Entries hashed by this check.")
    head: str = Field(description="The chain's head when checked, as SEQUENCE:HASH.")
    first_broken_sequence: int | None
    reason: str | None = Field(description="Why the first broken entry does not verify.")


class HeadOut(Schema):
    chain: str
    sequence: int
    hash: str
    checkpoint: str = Field(description="SEQUENCE:HASH: keep it, and check through it later.")


def _check_out(result: Verification) -> ChainCheckOut:
    broken = result.broken
    return ChainCheckOut(
        chain=result.chain,
        intact=broken is None,
        entries=result.checked,
        head=str(result.head),
        first_broken_sequence=broken.sequence if broken else None,
        reason=broken.reason if broken else None,
    )


@router.get(
    "/organizations/{slug}/journal",
    response={200: JournalPageOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_journal",
    summary="The entries of an organization's journal the caller may see, newest first",
    description="A visitor sees public entries; a member also the composition of bodies; "
    "the organization's staff everything, register data included.",
)
def list_journal(
    request: HttpRequest,
    slug: str,
    before: QueryEx[int | None, P(ge=1, description="Only entries with a lower sequence.")] = None,
    code: QueryEx[str, P(description="Only entries with this code, e.g. body.seat.vacated.")] = "",
    limit: QueryEx[int, P(ge=1, le=500)] = 50,
) -> JournalPageOut:
    organization = organization_or_404(slug)
    chain = chain_of(organization.pk)
    entries = entries_for(chain, reader_scope(caller(request), organization).entry_filter())
    if before is not None:
        entries = entries.filter(sequence__lt=before)
    if code:
        entries = entries.filter(code=code)
    rows = list(entries[: limit + 1])
    return JournalPageOut(
        items=[
            JournalEntryOut(
                chain=chain.key,
                sequence=e.sequence,
                recorded_at=e.recorded_at,
                actor=e.actor,
                code=e.code,
                audience=e.audience,
                body_id=e.body_id,
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
    "/organizations/{slug}/journal/head",
    response={200: HeadOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="journal_head",
    summary="The head of an organization's chain, as a checkpoint to keep",
)
def journal_head(request: HttpRequest, slug: str) -> HeadOut:
    head = head_of(chain_of(organization_or_404(slug).pk))
    return HeadOut(chain=slug, sequence=head.sequence, hash=head.hash, checkpoint=str(head))


@router.get(
    "/organizations/{slug}/journal/export",
    response={200: None, **READ_ERRORS},
    auth=READ,
    openapi_extra={
        **OPTIONAL_AUTH,
        "responses": {
            "200": {
                "description": "The chain as JSON lines (docs/operations.md): a header, then "
                "one entry per line; entries the caller may not read are withheld to "
                "their sequence and hashes.",
                "content": {CONTENT_TYPE.split(";")[0]: {"schema": {"type": "string"}}},
            }
        },
    },
    operation_id="export_journal",
    summary="An organization's chain as a file that `collegium verify --file` checks offline",
)
def export_journal(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    organization = organization_or_404(slug)
    scope = reader_scope(caller(request), organization)
    return export_response(request, organization.slug, chain_of(organization.pk), scope)


@router.get(
    "/organizations/{slug}/journal/verify",
    response={200: ChainCheckOut, 400: ErrorOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="verify_organization_journal",
    summary="Check an organization's chain, optionally through a kept checkpoint",
    description="The organization's staff get a fresh check, and with `only_after` one "
    "that hashes only the entries after the checkpoint. Others get the check of the "
    "current head, made at most once per head: the answer reveals only counts.",
)
def verify_organization_journal(
    request: HttpRequest,
    slug: str,
    checkpoint: QueryEx[str, P(max_length=100, description="SEQUENCE:HASH, as kept.")] = "",
    only_after: QueryEx[bool, P(description="Hash only the entries after it (staff).")] = False,
) -> ChainCheckOut:
    organization = organization_or_404(slug)
    staff = reader_scope(caller(request), organization).is_staff
    kept = _checkpoint(checkpoint)
    result = check(
        chain_of(organization.pk),
        fresh=staff,
        checkpoint=kept,
        only_after=staff and only_after and kept is not None,
    )
    return _check_out(result)


@router.get(
    "/journal/verify",
    response={200: ChainCheckOut, 400: ErrorOut},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="verify_journal",
    summary="Check the installation's chain (accounts, tokens, organizations created)",
    description="Operators get a fresh check; others the check of the current head.",
)
def verify_journal(
    request: HttpRequest,
    checkpoint: QueryEx[str, P(max_length=100, description="SEQUENCE:HASH, as kept.")] = "",
) -> ChainCheckOut:
    staff = installation_scope(caller(request)).is_staff
    return _check_out(check(chain_of(None), fresh=staff, checkpoint=_checkpoint(checkpoint)))


def _checkpoint(text: str) -> Checkpoint | None:
    if not text:
        return None
    try:
        return Checkpoint.parse(text)
    except ValueError as refusal:
        raise RuleError(str(refusal), rule="journal.checkpoint") from None
