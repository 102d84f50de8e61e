"""The journal page: the entries of an organization's chain that the reader may see,
newest first; the chain's head as a checkpoint to keep; a check of the chain on request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.visibility import ReaderScope, reader_scope
from collegium.audit import labels
from collegium.audit.checks import check
from collegium.audit.exports import export_response
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import Checkpoint, chain_of, entries_for, head_of
from collegium.journal.queries import Verification as ChainCheck
from collegium.registry.models import Organization

PAGE_SIZE = 50
LONG_VALUE = 120


@dataclass(frozen=True)
class JournalPage:
    """One page of entries, newest first. Paged by sequence (keyset), so a page deep in a
    long journal costs the same as the first one."""

    entries: list[JournalEntry]
    newer_than: int | None  # link to the newer page: ?after=<this>
    older_than: int | None  # link to the older page: ?before=<this>


@dataclass(frozen=True)
class Verification:
    """A chain check as the page shows it."""

    result: ChainCheck | None
    checkpoint: Checkpoint | None = None
    refused: str = ""  # a checkpoint that could not be read

    @property
    def intact(self) -> bool:
        return self.result is not None and self.result.broken is None

    @property
    def message(self) -> str:
        if self.result is None:
            return self.refused
        broken = self.result.broken
        if broken is not None:
            return _("Chain broken at entry %(sequence)d: %(reason)s.") % {
                "sequence": broken.sequence,
                "reason": broken.reason,
            }
        if self.checkpoint is not None:
            return _(
                "Chain intact up to entry %(head)s, and it passes through your "
                "checkpoint at entry %(sequence)s."
            ) % {"head": intcomma(self.result.head.sequence), "sequence": self.checkpoint.sequence}
        return _("Chain intact: %(count)s entries verified.") % {
            "count": intcomma(self.result.checked)
        }


def _sequence(text: str | None) -> int | None:
    # ASCII digits only: str.isdigit() also accepts "²", which int() cannot read.
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    return int(text)


def journal_slice(
    chain: JournalChain, scope: ReaderScope, *, before: int | None, after: int | None
) -> JournalPage:
    entries = entries_for(chain, scope.entry_filter())
    if after is not None:
        rows = list(entries.filter(sequence__gt=after).order_by("sequence")[: PAGE_SIZE + 1])
        more_newer = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        more_older = bool(rows) and entries.filter(sequence__lt=rows[-1].sequence).exists()
    else:
        if before is not None:
            entries = entries.filter(sequence__lt=before)
        rows = list(entries[: PAGE_SIZE + 1])
        more_older = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        more_newer = before is not None and bool(rows)
    return JournalPage(
        entries=rows,
        newer_than=rows[0].sequence if rows and more_newer else None,
        older_than=rows[-1].sequence if rows and more_older else None,
    )


@dataclass(frozen=True)
class PayloadItem:
    key: str
    text: str

    @property
    def is_long(self) -> bool:
        """Long values (a standing-orders document) are folded on the page."""
        return len(self.text) > LONG_VALUE


def readable_payload(payload: Any) -> list[PayloadItem]:
    """Top-level keys with their values as text, in the reader's language (labels.py);
    nested values as compact JSON."""
    if not isinstance(payload, dict):
        return [PayloadItem("", json.dumps(payload, ensure_ascii=False))]
    items = []
    for key, value in payload.items():
        if value is None or value == "":
            text = "—"
        elif isinstance(value, str):
            text = labels.value_text(str(key), value)
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        items.append(PayloadItem(labels.field_label(str(key)), text))
    return items


def _render_journal(
    request: HttpRequest,
    organization: Organization,
    chain: JournalChain,
    scope: ReaderScope,
) -> HttpResponse:
    page = journal_slice(
        chain,
        scope,
        before=_sequence(request.GET.get("before")),
        after=_sequence(request.GET.get("after")),
    )
    rows = [(entry, readable_payload(entry.payload)) for entry in page.entries]
    context = {
        "organization": organization,
        "page": page,
        "rows": rows,
        "head": head_of(chain),
        # The live stream tells this page of entries after the head it was rendered at.
        "live_head": chain.last_sequence,
        "is_staff": scope.is_staff,
    }
    return render(request, "journal/journal.html", context)


def _reader(request: HttpRequest, org_slug: str) -> tuple[Organization, JournalChain, ReaderScope]:
    organization = get_object_or_404(Organization, slug=org_slug)
    return organization, chain_of(organization.pk), reader_scope(request.user, organization)


@require_GET
def journal_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Open to everyone: each reader sees the entries of their audiences (public entries
    for a visitor; the composition of bodies for members; everything for staff)."""
    organization, chain, scope = _reader(request, org_slug)
    return _render_journal(request, organization, chain, scope)


@require_GET
def journal_export(request: HttpRequest, org_slug: str) -> StreamingHttpResponse:
    """The chain as JSON lines for `collegium verify --file`: everything for who reads
    everything; for others the entries they may read, the rest withheld to their hashes
    (journal/exported.py), so that every link can still be checked."""
    organization, chain, scope = _reader(request, org_slug)
    return export_response(request, organization.slug, chain, scope)


@require_POST
def verify(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Check the organization's chain, optionally through a checkpoint the reader kept.
    Staff get a fresh check; others the check of the current head (audit/checks.py).
    htmx swaps the result into the page; a plain form submission is redirected to the
    journal page, which shows the result once as a message (kept in a cookie, so an
    anonymous check writes nothing to the database; reloading checks nothing again)."""
    organization, chain, scope = _reader(request, org_slug)
    verification = _verification(request, chain, fresh=scope.is_staff)
    if request.headers.get("HX-Request") == "true":
        return render(request, "journal/verification.html", {"verification": verification})
    show = messages.success if verification.intact else messages.error
    show(request, verification.message)
    target = reverse("journal", args=[organization.slug])
    paging = {k: v for k, v in request.GET.items() if k in ("before", "after")}
    return HttpResponseRedirect(f"{target}?{urlencode(paging)}" if paging else target)


def _verification(request: HttpRequest, chain: JournalChain, *, fresh: bool) -> Verification:
    text = request.POST.get("checkpoint", "").strip()
    checkpoint = None
    if text:
        try:
            checkpoint = Checkpoint.parse(text)
        except ValueError as refusal:
            return Verification(result=None, refused=str(refusal))
    only_after = checkpoint is not None and request.POST.get("only_after") == "1"
    result = check(chain, fresh=fresh, checkpoint=checkpoint, only_after=only_after)
    return Verification(result=result, checkpoint=checkpoint)
