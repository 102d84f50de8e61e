"""A report's document: a PDF given with a report or counter-report on the sitting's page,
checked (a PDF, at most 10 MB), kept with the report, its digest journaled and in the
minutes, downloaded by those who may read the report and nobody else."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from collegium.bodies.actions import adopt_standing_orders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.actions.reports import DOCUMENT_BYTES
from collegium.meetings.models import Report
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting
from tests.meetings.test_sitting_pages import _client, _sitting_url, _url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a report of the Central Committee\n%%EOF\n"


def _document_url(m: Meeting, report: Report) -> str:
    return _url(m, "sitting-report-document", "1", report.pk)


def test_a_report_keeps_its_document_and_journals_its_digest(org: Org) -> None:
    m = meeting(org)
    report = actions.register_report(
        actor=m.chair,
        item=m.item("1"),
        rapporteur=m.full[0].pk,
        title="The report",
        document=actions.Document(name="C:\\drafts/../Report\x00 of the CC", content=PDF),
    )
    stored = Report.objects.get(pk=report.pk)
    assert stored.document_name == "Report_ of the CC.pdf"
    assert bytes(stored.document or b"") == PDF
    assert stored.document_sha256 == hashlib.sha256(PDF).hexdigest()
    entry = JournalEntry.objects.get(code="sitting.report.registered")
    assert entry.payload["document"] == "Report_ of the CC.pdf"
    assert entry.payload["document_sha256"] == stored.document_sha256


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"PK\x03\x04 a word file", "is a PDF file; minutes is not one"),
        (b"%PDF-" + b"x" * DOCUMENT_BYTES, "is at most 10 MB; minutes is larger"),
        (b"", "is a PDF file"),
    ],
)
def test_a_document_that_is_no_pdf_or_too_large_is_refused(
    org: Org, content: bytes, sentence: str
) -> None:
    m = meeting(org)
    entries = JournalEntry.objects.count()
    with pytest.raises(RuleError, match=sentence) as refused:
        actions.register_report(
            actor=m.chair,
            item=m.item("1"),
            rapporteur=m.full[0].pk,
            title="The report",
            document=actions.Document(name="minutes", content=content),
        )
    assert refused.value.rule == "report.document"
    assert not Report.objects.exists()
    assert JournalEntry.objects.count() == entries


def _upload(m: Meeting, name: str, content: bytes) -> Client:
    client = _client(m, "secretary")
    prefix = f"report-{m.item('1').pk}"
    client.post(
        _url(m, "sitting-report", "1"),
        {
            f"{prefix}-rapporteur": str(m.full[0].pk),
            f"{prefix}-title": "Report of the Central Committee",
            f"{prefix}-text": "",
            f"{prefix}-document": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    return client


def test_the_page_takes_the_document_and_members_download_it(org: Org) -> None:
    m = meeting(org)
    secretary = _upload(m, "report.pdf", PDF)
    report = Report.objects.get()
    page = secretary.get(_sitting_url(m)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'href="{_document_url(m, report)}" download>report.pdf</a>' in page
    assert report.document_sha256 in page
    for role in ("seated", "unseated", "secretary", "admin"):
        answer = _client(m, role).get(_document_url(m, report))
        assert answer.status_code == 200, role
        assert answer["Content-Type"] == "application/pdf"
        assert answer["Content-Disposition"] == 'attachment; filename="report.pdf"'
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert b"".join(answer) == PDF
    assert _client(m, "visitor").get(_document_url(m, report)).status_code == 403
    assert _client(m, "anonymous").get(_document_url(m, report)).status_code == 302
    # A report without a document, an unknown report: nothing to download.
    assert _client(m, "seated").get(_url(m, "sitting-report-document", "1", 999)).status_code == 404


def test_the_page_refuses_a_file_that_is_no_pdf(org: Org) -> None:
    m = meeting(org)
    secretary = _upload(m, "report.docx", b"PK\x03\x04")
    assert not Report.objects.exists()
    page = secretary.get(_sitting_url(m)).content.decode()
    assert "A report&#x27;s document is a PDF file; report.docx is not one." in page


def test_a_withheld_counter_reports_document_is_withheld_too(org: Org) -> None:
    m = meeting(org)
    actions.register_report(
        actor=m.chair, item=m.item("1"), rapporteur=m.full[0].pk, title="The report"
    )
    counter = actions.register_counter_report(
        actor=m.chair,
        item=m.item("1"),
        rapporteur=m.full[1].pk,
        title="The minority's view",
        numbers=["S-full2"],
        document=actions.Document(name="minority.pdf", content=PDF),
    )
    assert _client(m, "seated").get(_document_url(m, counter)).status_code == 200
    closed = dict(PRESETS["lenin-era"])
    closed["transparency"] = {
        "members": {**closed["transparency"]["members"], "counter_reports": False},  # type: ignore[index]
        "public": closed["transparency"]["public"],  # type: ignore[index]
    }
    closed["guest_seats"] = ["congress", "committee"]
    adopt_standing_orders(actor=SYSTEM, body=m.sitting.body, title="Closed", document=closed)
    assert _client(m, "seated").get(_document_url(m, counter)).status_code == 403
    assert _client(m, "secretary").get(_document_url(m, counter)).status_code == 200


def test_the_minutes_name_the_document_and_its_digest(org: Org) -> None:
    m = meeting(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:5]])
    actions.open_sitting(actor=m.chair, sitting=m.sitting)
    actions.register_report(
        actor=m.chair,
        item=m.item("1"),
        rapporteur=m.full[0].pk,
        title="The report",
        document=actions.Document(name="report.pdf", content=PDF),
    )
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    minutes = _client(m, "secretary").get(_url(m, "sitting-minutes")).content.decode()
    digest = hashlib.sha256(PDF).hexdigest()
    assert f"Document report.pdf, SHA-256 <code>{digest}</code>" in minutes
