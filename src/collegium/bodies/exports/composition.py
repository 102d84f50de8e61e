"""A body's current composition as a file: CSV for spreadsheets and scripts, PDF for a
printable delegate list. Both hold what the body page shows anyone who may view the body
(name, member number, seat kind, rank, origin and its detail, since when), no more."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF

from collegium.bodies.models import Seat, SeatOrigin, SeatRole
from collegium.bodies.queries import Composition

COLUMNS = ["member_number", "name", "role", "rank", "origin", "origin_detail", "since"]
FONTS = Path(__file__).resolve().parent.parent / "fonts"
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _seats(found: Composition) -> Iterator[Seat]:
    yield from found.full
    yield from found.alternates
    yield from found.consultative
    yield from found.guests


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def composition_csv(found: Composition) -> str:
    """One row a seat, full members first, alternates in rank order; a guest has a name
    and no number. Values are the stable codes the API uses (full, elected …)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for seat in _seats(found):
        writer.writerow(
            [
                _cell(seat.member.number) if seat.member is not None else "",
                _cell(seat.holder_name),
                seat.role,
                seat.rank if seat.rank is not None else "",
                seat.origin,
                _cell(seat.origin_detail),
                seat.term_start.isoformat() if seat.term_start else "",
            ]
        )
    return out.getvalue()


def _headings() -> list[tuple[SeatRole, str]]:
    return [
        (SeatRole.FULL, _("Full members")),
        (SeatRole.ALTERNATE, _("Alternate members, in the order they step up")),
        (SeatRole.CONSULTATIVE, _("Consultative delegates")),
        (SeatRole.GUEST, _("Guests")),
    ]


def composition_pdf(found: Composition, organization: str, today: datetime.date) -> bytes:
    """A delegate list: title, body, organization and date, then one table a seat kind
    (rank, name, member number, origin), in a Unicode font so every alphabet prints."""
    pdf = FPDF(format="A4")
    pdf.set_title(_("Delegate list: %(body)s") % {"body": found.body.name})
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, _("Delegate list"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, found.body.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        6,
        _("%(organization)s · as of %(date)s") % {"organization": organization, "date": today},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    origins = {value: str(capfirst(label)) for value, label in SeatOrigin.choices}
    by_role = {
        SeatRole.FULL: found.full,
        SeatRole.ALTERNATE: found.alternates,
        SeatRole.CONSULTATIVE: found.consultative,
        SeatRole.GUEST: found.guests,
    }
    for role, heading in _headings():
        seats = by_role[role]
        if not seats:
            continue
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, f"{heading} ({len(seats)})", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        with pdf.table(
            col_widths=(10, 60, 25, 65),
            first_row_as_headings=True,
            line_height=5,
        ) as table:
            table.row([_("No."), _("Name"), _("Member number"), _("Origin")])
            for place, seat in enumerate(seats, start=1):
                origin = origins.get(seat.origin, seat.origin)
                if seat.origin_detail:
                    origin = f"{origin}: {seat.origin_detail}"
                number = seat.rank if seat.rank is not None else place
                member = seat.member.number if seat.member is not None else "—"
                table.row([str(number), seat.holder_name, member, origin])
    return bytes(pdf.output())
