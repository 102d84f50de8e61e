"""The motion book: every motion of a body with its amendments and the commission's
recommendations, for the delegates' papers. A PDF (fpdf2, with the DejaVu fonts the body
exports vendor, as the minutes use, so every alphabet prints): a title page with the body
and the date and the list of motions, then each motion on pages of its own — its text
with the line numbers amendments cite, the recommendation and the commission's draft, and
each amendment with its place, mover, reason, state, recommendation and its change as
removed and added lines. Headings are in the reader's language (gettext)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF

from collegium.bodies.exports.composition import FONTS
from collegium.bodies.models import Body
from collegium.motions.models import Amendment, MotionState
from collegium.motions.reading import (
    ShownAmendment,
    ShownMotion,
    motions_of,
    shown,
    supporters_needed,
    supporters_of,
)
from collegium.rules.motions.amendments import NumberedLine, numbered

FONT = "DejaVu"
GREY = (110, 110, 110)
RED = (160, 0, 0)
GREEN = (0, 110, 0)
BLACK = (0, 0, 0)
# How a line of a change is marked, beside its colour: a reader of a black-and-white
# copy still tells what is struck out from what is added.
MARKS = {"removed": "−", "added": "+", "same": " "}
NUMBER_WIDTH = 11


class _Book(FPDF):
    def __init__(self, running_title: str) -> None:
        super().__init__(format="A4")
        self.running_title = running_title

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.running_title} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(*BLACK)


def mover_name(amendment: Amendment) -> str:
    """Who moved it: the member, or the commission for its change recommendation."""
    if amendment.submitted_by is not None:
        return amendment.submitted_by.name
    commission = amendment.motion.commission
    return commission.name if commission is not None else ""


def motion_book_pdf(body: Body) -> bytes:
    """The motion book of `body` as PDF bytes, in the active language. The caller checks
    that the reader may read the body's motions (its members and the staff)."""
    organization = body.organization
    supporters, needed = supporters_of(body), supporters_needed(body)
    motions = [shown(motion, supporters[motion.pk], needed) for motion in motions_of(body)]
    today = date_format(timezone.localdate())
    pdf = _Book(f"{body.name} · {_('Motions')}")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{_('Motions')}: {body.name}")
    pdf.set_subject(organization.name)
    pdf.set_auto_page_break(auto=True, margin=18)
    _title_page(pdf, body, today, motions)
    for motion in motions:
        pdf.add_page()
        _motion(pdf, motion)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)


def _line(pdf: FPDF, text: str, size: int = 10) -> None:
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _field(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font(FONT, "B", 10)
    pdf.cell(pdf.get_string_width(f"{label}: ") + 1, 5, f"{label}:")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")


def _title_page(pdf: FPDF, body: Body, today: str, motions: list[ShownMotion]) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 12, _("Motions"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, body.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(
        0,
        6,
        _("%(organization)s · as of %(date)s")
        % {"organization": body.organization.name, "date": today},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(12)
    if not motions:
        _line(pdf, _("No motions have been submitted."))
        return
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=(12, 118, 50), first_row_as_headings=True, line_height=5) as table:
        table.row([_("No."), capfirst(_("title")), _("State")])
        for item in motions:
            motion = item.motion
            table.row([str(motion.number), motion.title, str(motion.get_state_display())])


def _numbered(pdf: FPDF, lines: Iterable[NumberedLine]) -> None:
    """The text as amendments cite it: each line with its number in the margin."""
    pdf.set_font(FONT, "", 10)
    for line in lines:
        if line.number is None:
            pdf.ln(2.5)
            continue
        pdf.set_text_color(*GREY)
        pdf.set_font(FONT, "", 8)
        pdf.cell(NUMBER_WIDTH - 2, 5, str(line.number), align="R")
        pdf.cell(2, 5, "")
        pdf.set_text_color(*BLACK)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, line.text, new_x="LMARGIN", new_y="NEXT")


def _motion(pdf: FPDF, item: ShownMotion) -> None:
    motion = item.motion
    _heading(
        pdf,
        _("Motion %(number)s: %(title)s") % {"number": motion.number, "title": motion.title},
        14,
    )
    pdf.ln(1)
    _field(pdf, capfirst(_("submitters")), ", ".join(m.name for m in item.submitters))
    _field(pdf, _("State"), str(motion.get_state_display()))
    count = str(item.supporters)
    if item.needed:
        count = _("%(count)s (tabling needs %(needed)s)") % {
            "count": count,
            "needed": item.needed,
        }
    _field(pdf, capfirst(_("supporters")), count)
    if motion.commission is not None:
        _field(pdf, _("Commission"), motion.commission.name)
    if motion.recommendation:
        _field(pdf, _("Commission's recommendation"), str(motion.get_recommendation_display()))
    _heading(pdf, _("Text"), 11)
    _numbered(pdf, numbered(motion.text))
    if motion.draft:
        _heading(pdf, capfirst(_("the commission's draft")), 11)
        _line(pdf, _("The meeting votes on this draft; amendments tabled since cite its lines."), 9)
        _numbered(pdf, numbered(motion.draft))
    if item.amendments:
        _heading(pdf, capfirst(_("amendments")), 12)
        for amendment in item.amendments:
            _amendment(pdf, motion.number, amendment)
    if motion.state == MotionState.ADOPTED and motion.final_text:
        _heading(pdf, capfirst(_("text adopted")), 11)
        _numbered(pdf, numbered(motion.final_text))


def _amendment(pdf: FPDF, motion_number: int, item: ShownAmendment) -> None:
    a = item.amendment
    heading = _("Amendment %(motion)s/%(number)s, %(place)s") % {
        "motion": motion_number,
        "number": a.number,
        "place": item.place,
    }
    if a.amends is not None:
        heading += " " + _("(to amendment %(number)s)") % {"number": a.amends.number}
    _heading(pdf, heading, 10)
    _field(pdf, _("Moved by"), mover_name(a))
    _field(pdf, _("State"), str(a.get_state_display()))
    if a.recommendation:
        _field(pdf, _("Commission's recommendation"), str(a.get_recommendation_display()))
    if item.conflicts_with:
        _field(
            pdf,
            _("Conflicts with"),
            ", ".join(f"{motion_number}/{number}" for number in item.conflicts_with),
        )
    if a.reason:
        _field(pdf, _("Reason"), a.reason)
    pdf.ln(1)
    for change in item.changes:
        colour = RED if change.kind == "removed" else GREEN if change.kind == "added" else GREY
        pdf.set_text_color(*colour)
        pdf.set_font(FONT, "B" if change.kind != "same" else "", 10)
        pdf.cell(NUMBER_WIDTH, 5, MARKS[change.kind], align="C")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, change.text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*BLACK)
    pdf.ln(1)
