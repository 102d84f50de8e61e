"""The journal page: an organization's entries, newest first, and a check of the whole
hash chain on request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.permissions import NotPermitted, Permission, require
from collegium.journal.models import JournalEntry
from collegium.journal.queries import entries_for, verify_chain
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
    checked: int
    broken_at: int | None
    reason: str

    @property
    def message(self) -> str:
        if self.broken_at is None:
            return _("Chain intact: %(count)s entries verified.") % {
                "count": intcomma(self.checked)
            }
        return _("Chain broken at entry %(sequence)d: %(reason)s.") % {
            "sequence": self.broken_at,
            "reason": self.reason,
        }


def _sequence(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def journal_slice(
    organization: Organization, *, before: int | None, after: int | None
) -> JournalPage:
    entries = entries_for(organization.pk)
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
    """Top-level keys with their values as text; nested values as compact JSON."""
    if not isinstance(payload, dict):
        return [PayloadItem("", json.dumps(payload, ensure_ascii=False))]
    items = []
    for key, value in payload.items():
        if value is None or value == "":
            text = "—"
        elif isinstance(value, str):
            text = value
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        items.append(PayloadItem(str(key).replace("_", " "), text))
    return items


def _refuse_unless_reader(request: HttpRequest, organization: Organization) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        require(request.user, Permission.VIEW_JOURNAL, organization)
    except NotPermitted as refusal:
        return render(request, "collegium/forbidden.html", {"reason": str(refusal)}, status=403)
    return None


def _render_journal(
    request: HttpRequest, organization: Organization, verification: Verification | None = None
) -> HttpResponse:
    page = journal_slice(
        organization,
        before=_sequence(request.GET.get("before")),
        after=_sequence(request.GET.get("after")),
    )
    rows = [(entry, readable_payload(entry.payload)) for entry in page.entries]
    context = {
        "organization": organization,
        "page": page,
        "rows": rows,
        "verification": verification,
    }
    return render(request, "journal/journal.html", context)


@require_GET
def journal_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org_slug)
    refusal = _refuse_unless_reader(request, organization)
    return refusal or _render_journal(request, organization)


@require_POST
def verify(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Re-hash the whole chain (every organization's entries link into one chain)."""
    organization = get_object_or_404(Organization, slug=org_slug)
    refusal = _refuse_unless_reader(request, organization)
    if refusal is not None:
        return refusal
    checked, broken = verify_chain()
    verification = Verification(
        checked=checked,
        broken_at=broken.sequence if broken else None,
        reason=broken.reason if broken else "",
    )
    if request.headers.get("HX-Request") == "true":
        return render(request, "journal/verification.html", {"verification": verification})
    return _render_journal(request, organization, verification)
