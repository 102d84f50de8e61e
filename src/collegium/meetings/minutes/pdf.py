"""The minutes as a PDF (fpdf2, with the DejaVu fonts the body exports vendor, so every
alphabet prints). The same record always gives the same bytes: the creation date is the
moment of signing (or of the draft), so the digest journaled means something."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from collegium.bodies.exports.composition import FONTS
from collegium.meetings.minutes.document import Signing
from collegium.meetings.minutes.record import DecisionEntry, SittingRecord

FONT = "DejaVu"


class _Minutes(FPDF):
    def __init__(self, mark: str) -> None:
        super().__init__(format="A4")
        self.mark = mark  # printed at the head of every page: the draft mark, or "signed"

    def header(self) -> None:
        self.set_font(FONT, "B", 8)
        self.set_text_color(160, 0, 0)
        self.cell(0, 5, self.mark, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="C")


def _heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)


def _line(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: FPDF, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
) -> None:
    pdf.set_font(FONT, "", 8)
    with pdf.table(col_widths=tuple(widths), first_row_as_headings=True, line_height=4.5) as table:
        table.row(list(head))
        for row in rows:
            table.row(list(row))
    pdf.ln(1)


def _decision(pdf: FPDF, decision: DecisionEntry) -> None:
    number = f"{decision.item}. " if decision.item else ""
    _line(pdf, f"{number}{decision.subject} ({decision.decided_at}): {decision.outcome}.")
    _line(pdf, f"{decision.how} {decision.tally}")
    if decision.explanation:
        rule = f" ({_('rule')} {decision.rule})" if decision.rule else ""
        _line(pdf, f"{decision.explanation}{rule}")
    pdf.ln(1)


def _header(pdf: FPDF, record: SittingRecord) -> None:
    _line(pdf, f"{record.organization} · {record.body}")
    _heading(
        pdf,
        _("Minutes of sitting %(number)s: %(title)s")
        % {"number": record.number, "title": record.title},
        14,
    )
    place = record.place
    if record.online:
        place = f"{place} · {_('online')}" if place else _("online")
    for label, value in (
        (_("Convened for"), record.starts_at),
        (_("Place"), place or "—"),
        (_("Opened"), record.opened_at),
        (_("Closed"), record.closed_at),
        (_("Standing orders"), record.orders or "—"),
        (_("Time zone"), record.time_zone),
    ):
        _line(pdf, f"{label}: {value}")


def _attendance(pdf: FPDF, record: SittingRecord) -> None:
    _heading(pdf, _("Attendance"), 12)
    _line(pdf, f"{_('Quorum at opening:')} {record.quorum or _('The sitting was not opened.')}")
    for group in record.attendance:
        _heading(pdf, group.role, 10)
        if group.present:
            rows = [
                (
                    p.name,
                    p.number or "—",
                    p.group or "—",
                    ", ".join(f"{a}–{b}" for a, b in p.periods),
                )
                for p in group.present
            ]
            head = (_("Name"), _("Member number"), _("Group"), _("Present"))
            _table(pdf, head, rows, (55, 30, 45, 50))
        if group.absent:
            _line(pdf, f"{_('Absent:')} {', '.join(group.absent)}")
    if record.stand_ins:
        _heading(pdf, _("Alternates standing in"), 10)
        for row in record.stand_ins:
            _line(
                pdf,
                _("%(alternate)s for %(member)s, %(since)s–%(until)s")
                % {
                    "alternate": row.alternate,
                    "member": row.for_member,
                    "since": row.since,
                    "until": row.until,
                },
            )


def _agenda(pdf: FPDF, record: SittingRecord) -> None:
    _heading(pdf, _("Agenda"), 12)
    for item in record.agenda:
        _heading(pdf, f"{item.number}. {item.title}", 10)
        _line(
            pdf,
            f"{item.kind.capitalize()} · {item.state} · {_('opened')} {item.opened_at}"
            f" · {_('closed')} {item.closed_at}",
        )
        for report in item.reports:
            kind = _("Counter-report") if report.counter else _("Report")
            text = f"{kind}: {report.title} — " + _("rapporteur %(name)s") % {
                "name": report.rapporteur
            }
            if report.counter:
                count = len(report.signers)
                signed = ngettext("%(counter)s signature", "%(counter)s signatures", count) % {
                    "counter": count
                }
                text += f"; {signed}: {', '.join(report.signers)}"
            _line(pdf, text)
            if report.text:
                _line(pdf, report.text)
            if report.document:
                _line(
                    pdf,
                    _("Document %(name)s, SHA-256 %(digest)s")
                    % {"name": report.document, "digest": report.document_sha256},
                )
        if item.speeches:
            rows = [
                (
                    str(place),
                    s.name,
                    s.group or "—",
                    s.kind,
                    s.stance,
                    s.spoken_text,
                    s.allowed_text,
                )
                for place, s in enumerate(item.speeches, start=1)
            ]
            head = (
                "#",
                _("Speaker"),
                _("Group"),
                _("Kind"),
                _("Stance"),
                _("Spoken (min:s)"),
                _("Allowed (min:s)"),
            )
            _table(pdf, head, rows, (8, 42, 32, 30, 20, 24, 24))
        for decision in item.decisions:
            _decision(pdf, decision)


def _rest(pdf: FPDF, record: SittingRecord) -> None:
    _heading(pdf, _("Decisions"), 12)
    for decision in record.decisions:
        _decision(pdf, decision)
    if not record.decisions:
        _line(pdf, _("No decisions were taken."))
    _heading(pdf, _("Speaking time over the sitting"), 12)
    if not record.speakers:
        _line(pdf, _("Nobody spoke."))
    for caption, totals in ((_("Per speaker"), record.speakers), (_("Per group"), record.groups)):
        if totals:
            _heading(pdf, caption, 10)
            head = (_("Name"), _("Speeches"), _("Time (min:s)"))
            _table(
                pdf, head, [(t.name, str(t.speeches), t.time_text) for t in totals], (110, 30, 40)
            )


def minutes_pdf(
    record: SittingRecord,
    signing: Signing | None,
    generated_at: str,
    created: datetime.datetime,
) -> bytes:
    if signing is None:
        mark = _("Draft — generated on %(at)s, not signed") % {"at": generated_at}
    else:
        mark = _("Signed by %(name)s on %(at)s.") % {"name": signing.by, "at": signing.at}
    pdf = _Minutes(mark)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(
        _("Minutes of sitting %(number)s: %(title)s")
        % {"number": record.number, "title": record.title}
    )
    pdf.set_subject(record.body)
    pdf.set_creation_date(created)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _header(pdf, record)
    _attendance(pdf, record)
    _agenda(pdf, record)
    _rest(pdf, record)
    return bytes(pdf.output())
