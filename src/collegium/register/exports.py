"""The register as a reader may read it, exported: JSON (everything, every version), CSV
(one row a decision, as it reads now) and PDF (for the papers). A tally, rule or dissent
the orders do not publish to the reader is left out (null in JSON, empty in CSV)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from collegium.register.queries import Shown

FONTS = Path(__file__).resolve().parent.parent / "bodies" / "fonts"
CSV_COLUMNS = [
    "reference",
    "year",
    "number",
    "kind",
    "title",
    "decided_at",
    "status",
    "version",
    "voters",
    "yes",
    "no",
    "abstain",
    "rule",
    "explanation",
    "text",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def as_data(one: Shown) -> dict[str, Any]:
    decision = one.decision
    return {
        "reference": decision.reference,
        "year": decision.year,
        "number": decision.number,
        "kind": decision.kind,
        "title": decision.title,
        "dated": decision.dated.date().isoformat(),
        "decided_at": decision.decided_at.isoformat(),
        "status": one.status,
        "text": one.current.text,
        "versions": [
            {
                "version": v.number,
                "text": v.text,
                "text_sha256": v.text_sha256,
                "rescinded": v.rescinded,
                "made_at": v.made_at.isoformat(),
                "made_by": v.made_by.reference if v.made_by is not None else None,
            }
            for v in one.versions
        ],
        "revises": [v.decision.reference for v in one.revised],
        "sitting": decision.sitting.title if decision.sitting is not None else None,
        "commission": decision.commission.name if decision.commission is not None else None,
        "tally": decision.tally if one.tally_shown else None,
        "rule": decision.rule if one.tally_shown else None,
        "explanation": decision.explanation if one.tally_shown else None,
        "dissents": None
        if one.dissents is None
        else [
            {"member": d.member.name, "text": d.text, "given_at": d.given_at.isoformat()}
            for d in one.dissents
        ],
        "journal": {"sequence": decision.entry_sequence, "hash": decision.entry_hash},
    }


def register_json(body_name: str, decisions: list[Shown]) -> bytes:
    document = {"body": body_name, "decisions": [as_data(one) for one in decisions]}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def register_csv(decisions: list[Shown]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for one in decisions:
        d = one.decision
        tally = d.tally if one.tally_shown else {}
        writer.writerow(
            [
                d.reference,
                d.year,
                d.number,
                d.kind,
                _cell(d.title),
                d.decided_at.isoformat(),
                one.status,
                one.current.number,
                *(
                    tally.get(k, "") if tally.get(k) is not None else ""
                    for k in ("voters", "yes", "no", "abstain")
                ),
                d.rule if one.tally_shown else "",
                _cell(d.explanation) if one.tally_shown else "",
                _cell(one.current.text),
            ]
        )
    return out.getvalue()


def _tally_line(one: Shown) -> str:
    tally = one.decision.tally
    if not one.tally_shown:
        return _("The standing orders do not publish the tally.")
    if "yes" in tally:
        return _("Yes %(yes)s, no %(no)s, abstentions %(abstain)s, of %(voters)s voters.") % {
            k: tally.get(k) if tally.get(k) is not None else "—"
            for k in ("yes", "no", "abstain", "voters")
        }
    if "cast" in tally:
        return _("%(cast)s ballots cast, %(blank)s blank, of %(voters)s voters.") % {
            k: tally.get(k) if tally.get(k) is not None else "—"
            for k in ("cast", "blank", "voters")
        }
    return ""


def register_pdf(body_name: str, organization: str, decisions: list[Shown]) -> bytes:
    """Title, then per decision: number, title, date, status, every version's text (the
    older ones marked as such), tally and rule where published, dissenting opinions."""
    pdf = FPDF(format="A4")
    pdf.set_title(_("Decision register: %(body)s") % {"body": body_name})
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", height: float = 5) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    line(_("Decision register"), 16, "B", 8)
    line(body_name, 13, "B", 7)
    line(
        _("%(organization)s · as of %(date)s")
        % {"organization": organization, "date": timezone.localdate().isoformat()}
    )
    for one in decisions:
        d = one.decision
        pdf.ln(4)
        line(f"{d.reference} · {d.title}", 12, "B", 6)
        line(
            f"{d.get_kind_display()} · {timezone.localtime(d.dated):%Y-%m-%d} · {one.status_label}"
        )
        for version in one.versions:
            heading = _("Version %(number)s") % {"number": version.number}
            if version.made_by is not None:
                heading += " · " + _("made by decision %(reference)s") % {
                    "reference": version.made_by.reference
                }
            if version.rescinded:
                heading += " · " + _("rescinded")
            elif version is not one.current:
                heading += " · " + _("superseded")
            line(heading, 9, "B")
            line(version.text, 10)
        tally = _tally_line(one)
        if tally:
            line(tally, 9)
        if one.tally_shown and d.explanation:
            line(d.explanation, 9)
        for dissent in one.dissents or []:
            line(_("Dissenting opinion of %(name)s") % {"name": dissent.member.name}, 9, "B")
            line(dissent.text, 9)
    return bytes(pdf.output())
