"""The motion book: a PDF of every motion with its numbered text, the commission's
recommendation and draft, and each amendment with its change; in the reader's language,
for the members and the staff only."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.test import Client

from collegium.bodies.models import Body
from collegium.motions import actions
from collegium.motions.book import motion_book_pdf
from collegium.motions.models import Motion
from collegium.registry.models import Member
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for
from tests.motions.test_api import MOTIONS, TEXT, motions_open, vote_on

pytestmark = pytest.mark.django_db

BOOK = MOTIONS + "/book.pdf"


def _text(document: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(document)).pages
    return "\n".join(page.extract_text() for page in pages)


def _member(m: Meeting, index: int) -> Member:
    member = m.full[index - 1].member
    assert member is not None
    return member


def _motions(m: Meeting) -> tuple[Motion, Motion]:
    """Motion 1 amended, recommended and adopted; motion 2 referred, with the commission's
    draft, and an amendment to the draft pending."""
    first = actions.submit_motion(
        actor=m.chair,
        body=m.org.committee,
        title="On the congress",
        text=TEXT,
        submitters=[_member(m, 1), _member(m, 2)],
        sitting=m.sitting,
    )
    first = actions.table_motion(actor=m.chair, motion=first)
    actions.propose_amendment(
        actor=m.chair,
        motion=first,
        member=_member(m, 4),
        first_line=3,
        last_line=3,
        text="to prepare the extraordinary congress",
        reason="The statutes ask for one.",
    )
    actions.propose_amendment(
        actor=m.chair,
        motion=first,
        member=_member(m, 5),
        first_line=5,
        last_line=5,
        text="",
    )
    drafting = Body.objects.get(organization=m.org.organization, slug="drafting")
    actions.refer_motion(actor=m.chair, motion=first, commission=drafting)
    actions.recommend(
        actor=m.chair,
        motion=first,
        recommendation="adopt-as-amended",
        amendments={1: "adopt", 2: "reject"},
    )
    for number, yes in ((1, 5), (2, 1)):
        actions.put_amendment_to_vote(actor=m.chair, motion=first, sitting=m.sitting)
        vote_on(m, number, yes)
    actions.put_motion_to_vote(actor=m.chair, motion=first, sitting=m.sitting)
    vote_on(m, 3, 6)

    second = actions.submit_motion(
        actor=m.chair,
        body=m.org.committee,
        title="Über die Presse",
        text="Die Zeitung erscheint täglich.\nSie kostet nichts.",
        submitters=[_member(m, 3)],
    )
    second = actions.table_motion(actor=m.chair, motion=second)
    actions.refer_motion(actor=m.chair, motion=second, commission=drafting)
    actions.recommend(
        actor=m.chair,
        motion=second,
        recommendation="adopt-as-amended",
        draft="Die Zeitung erscheint wöchentlich.",
    )
    actions.propose_amendment(
        actor=m.chair,
        motion=second,
        member=_member(m, 4),
        first_line=2,
        last_line=1,
        text="Sie druckt Leserbriefe.",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_the_book_holds_every_motion_its_lines_and_its_amendments(org: Org) -> None:
    m = motions_open(org, supporters=0)
    first, second = _motions(m)
    assert first.state == "adopted" and second.state == "recommended"

    answer = client_for(_member(m, 6).user).get(BOOK)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith('attachment; filename="cc-motions-')
    assert answer.content.startswith(b"%PDF")
    text = _text(answer.content)
    assert "Central Committee" in text and "Test Union" in text
    assert "Motion 1: On the congress" in text and "Motion 2: Über die Presse" in text
    assert "Full Member 1, Full Member 2" in text
    # The text with its line numbers, as amendments cite them.
    for number, line in (
        (1, "The Committee approves the report."),
        (3, "to prepare the congress"),
        (5, "It thanks the delegates."),
    ):
        assert re.search(rf"\b{number}\s*{re.escape(line)}", text), line
    # The amendments: place, mover, reason, state, recommendation, the change.
    assert "Amendment 1/1, line 3" in text and "Amendment 1/2, line 5" in text
    assert "The statutes ask for one." in text
    assert re.search(r"−\s*to prepare the congress", text)
    assert re.search(r"\+\s*to prepare the extraordinary congress", text)
    assert "adopt as amended" in text and "rejected" in text
    # The adopted text, and the commission's draft with an amendment citing its lines.
    adopted = text.split("Text adopted")[1]
    assert re.search(r"3\s*to prepare the extraordinary congress\s*4\s*and to report", adopted)
    assert re.search(r"1\s*Die Zeitung erscheint wöchentlich\.", text)
    assert "Amendment 2/1, after line 1" in text
    assert re.search(r"\+\s*Sie druckt Leserbriefe\.", text)
    assert motion_book_pdf(org.committee).startswith(b"%PDF")


def test_a_german_reader_gets_german_headings(org: Org) -> None:
    m = motions_open(org, supporters=0)
    _motions(m)
    answer = client_for(org.secretary).get(BOOK, HTTP_ACCEPT_LANGUAGE="de")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    text = _text(answer.content)
    assert "Anträge" in text and "Antrag 1: On the congress" in text
    assert "Empfehlung der Kommission" in text and "geändert annehmen" in text
    assert "Zeile 3" in text and "angenommen" in text
    assert "Motion 1" not in text


def test_an_empty_book_and_who_may_read_it(org: Org) -> None:
    document = motion_book_pdf(org.committee)
    assert document.startswith(b"%PDF")
    assert "No motions have been submitted." in _text(document)
    assert client_for(org.member_user).get(BOOK).status_code == 200
    assert client_for(org.outsider).get(BOOK).status_code == 403
    assert Client().get(BOOK).status_code == 403
