"""The minutes as an HTML document of their own (inline style, no site navigation, no
reader's name in it), so the bytes signed are the bytes every reader downloads."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from collegium.meetings.minutes.record import SittingRecord


@dataclass(frozen=True)
class Signing:
    """Who signed the minutes, and when (written out like the record's times)."""

    by: str
    at: str


def context(record: SittingRecord, signing: Signing | None, generated_at: str) -> dict[str, object]:
    return {
        "record": record,
        "signing": signing,
        "generated_at": generated_at,
        "language": get_language() or "en",
        "totals_tables": [
            (_("Per speaker"), record.speakers),
            (_("Per group"), record.groups),
        ],
    }


def minutes_html(record: SittingRecord, signing: Signing | None, generated_at: str) -> str:
    """The whole document; a draft (no `signing`) says so at its head."""
    return render_to_string(
        "meetings/minutes/document.html", context(record, signing, generated_at)
    )
