"""The minutes of a sitting: a draft for the secretariat, generated from the record; signing
once, after closing; the signed HTML and PDF served byte for byte, their digests in the
journal, to readers as the transparency settings say."""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.actions.minutes import sign_minutes
from collegium.meetings.minutes.pdf import minutes_pdf
from collegium.meetings.minutes.record import duration, gather
from collegium.meetings.models import FloorRequest, Minutes, StandingIn
from collegium.rules.errors import RuleError
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting


class FakeClock:
    """timezone.now() under the test's control, so speeches last known seconds."""

    def __init__(self, start: datetime.datetime) -> None:
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    # 07:00 UTC today: 10:00 in Moscow, the organization's time zone below.
    start = datetime.datetime.combine(
        timezone.now().date(), datetime.time(7, 0), tzinfo=datetime.UTC
    )
    fake = FakeClock(start)
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@dataclass
class Held:
    m: Meeting
    urls: dict[str, str]


def _urls(m: Meeting) -> dict[str, str]:
    args = [m.org.organization.slug, m.org.committee.slug, m.sitting.number]
    return {
        name: reverse(f"sitting-{name}", args=args)
        for name in ("minutes", "minutes-pdf", "minutes-sign", "minutes-html")
    }


def hold_sitting(org: Org, clock: FakeClock, preset: str) -> Held:
    """A sitting run through the actions up to the last item closed; left open."""
    org.organization.time_zone = "Europe/Moscow"
    org.organization.save(update_fields=["time_zone"])
    m = meeting(org, preset)
    chair = m.chair
    if preset == "lenin-era":
        # Four full members and an alternate, who steps in for an absent full member.
        actions.check_in(actor=chair, sitting=m.sitting, seats=[s.pk for s in m.full[:4]])
        actions.check_in(actor=chair, sitting=m.sitting, numbers=["S-alt1"])
    else:
        actions.check_in(actor=chair, sitting=m.sitting, seats=[s.pk for s in m.full[:5]])
    clock.advance(60)
    actions.open_sitting(actor=chair, sitting=m.sitting)
    actions.adopt_agenda(actor=chair, sitting=m.sitting, yes=4, no=1)
    report = m.item("1")
    actions.open_item(actor=chair, item=report)
    actions.register_report(
        actor=chair,
        item=report,
        rapporteur=m.full[0].pk,
        title="Report of the CC",
        text="Comrades, the period under review.\n\nThe second paragraph.",
    )
    if preset == "lenin-era":
        actions.register_counter_report(
            actor=chair,
            item=report,
            rapporteur=m.full[1].pk,
            title="The minority's view",
            signatures=[m.full[1].pk, m.full[2].pk],
        )
    actions.ask_for_floor(actor=m.actor(m.full[2]), item=report, stance="for")
    actions.ask_for_floor(actor=m.actor(m.full[3]), item=report, stance="against")
    actions.ask_for_floor(actor=m.actor(m.full[0]), item=report, kind="point-of-order")
    actions.call_next_speaker(actor=chair, item=report)  # the point of order first
    clock.advance(30)
    actions.call_next_speaker(actor=chair, item=report)
    clock.advance(95)
    actions.end_speech(actor=chair, item=report)
    actions.call_next_speaker(actor=chair, item=report)
    clock.advance(40)
    actions.end_speech(actor=chair, item=report)
    actions.close_item(actor=chair, item=report)
    return Held(m, _urls(m))


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _user(seat: Any) -> Any:
    return seat.member.user


def test_the_draft_shows_the_record(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "lenin-era")
    m = held.m
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    page = _client(org.secretary).get(held.urls["minutes"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Draft" in text
    # Attendance, in Moscow time: checked in at 07:00 UTC, out at closing.
    for name in ("Full Member 1", "Full Member 4", "Alternate 1"):
        assert name in text
    assert "10:00–10:" in text
    assert "Absent:" in text and "Full Member 7" in text
    # The report's text as registered, its paragraphs kept.
    assert "<p>Comrades, the period under review.</p>\n\n<p>The second paragraph.</p>" in text
    stand_in = StandingIn.objects.select_related("full_seat__member", "alternate_seat__member").get(
        sitting=m.sitting
    )
    assert escape(f"Alternate 1 for {stand_in.full_seat.holder_name}") in text
    # The quorum sentence as journaled at opening.
    opened = JournalEntry.objects.get(code="sitting.opened")
    assert opened.payload["quorum"]
    assert escape(opened.payload["quorum"]) in text
    # Agenda, report and counter-report with its signers.
    assert "Report of the Central Committee" in text
    assert "Report of the CC" in text and "rapporteur Full Member 1" in text
    assert escape("The minority's view") in text
    assert "2 signatures: Full Member 2, Full Member 3" in text
    # Speakers with their seconds, in the order heard; allowed time from the orders.
    assert text.index("point of order") < text.index("1:35") < text.index("0:40")
    allowed = FloorRequest.objects.get(seat=m.full[2]).allowed_seconds
    assert allowed and duration(allowed) in text
    # Totals per speaker and per group (North: full 1 and 3; South: full 4).
    record = gather(m.sitting)
    assert [(t.name, t.speeches, t.seconds) for t in record.speakers] == [
        ("Full Member 3", 1, 95),
        ("Full Member 4", 1, 40),
        ("Full Member 1", 1, 30),
    ]
    assert [(t.name, t.speeches, t.seconds) for t in record.groups] == [
        ("North", 2, 125),
        ("South", 1, 40),
    ]
    assert "2:05" in text
    # The decision on the agenda with its tally and explanation.
    decision = m.sitting.decisions.get()
    assert escape(decision.explanation) in text
    assert decision.rule in text
    assert "Yes 4, no 1, abstentions 0" in text


def test_a_draft_is_for_the_secretariat(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "lenin-era")
    member = _client(_user(held.m.full[0]))
    assert member.get(held.urls["minutes"]).status_code == 403
    assert member.get(held.urls["minutes-pdf"]).status_code == 403
    assert member.get(held.urls["minutes-html"]).status_code == 403
    assert _client().get(held.urls["minutes"]).status_code == 302  # sign in first
    draft = _client(org.admin).get(held.urls["minutes-pdf"])
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    # A member cannot sign either.
    assert member.post(held.urls["minutes-sign"]).status_code == 403
    assert not Minutes.objects.exists()


def test_signing_refused_while_open_then_once(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "lenin-era")
    m = held.m
    secretary = _client(org.secretary)
    with pytest.raises(RuleError) as open_sitting:
        sign_minutes(actor=m.chair, sitting=m.sitting)
    assert open_sitting.value.rule == "minutes.not-closed"
    refused = secretary.post(held.urls["minutes-sign"], follow=True)
    assert refused.redirect_chain[0][1] == 303
    assert "only the minutes of a closed sitting are signed" in refused.content.decode()
    assert not Minutes.objects.exists()
    assert not JournalEntry.objects.filter(code="sitting.minutes.signed").exists()

    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    clock.advance(600)
    signed = secretary.post(held.urls["minutes-sign"], follow=True)
    assert signed.status_code == 200
    stored = Minutes.objects.get(sitting=m.sitting)
    entry = JournalEntry.objects.get(code="sitting.minutes.signed")
    assert entry.audience == "members"  # lenin-era: members read the minutes
    assert entry.payload["body"] == m.org.committee.slug
    assert entry.payload["sitting"] == m.sitting.number
    # The stored bytes are the journaled ones, and the page says so.
    document = secretary.get(held.urls["minutes-html"])
    assert hashlib.sha256(document.content).hexdigest() == entry.payload["html_sha256"]
    assert document.content == stored.html.encode()
    assert stored.html_sha256 == entry.payload["html_sha256"]
    text = signed.content.decode()
    assert entry.payload["html_sha256"] in text and entry.payload["pdf_sha256"] in text
    assert f"Both digests match the journal's entry no. {entry.sequence}." in text
    assert "Draft" not in stored.html
    assert "Signed by sam" in stored.html
    assert "Full Member 3" in stored.html

    with pytest.raises(RuleError) as again:
        sign_minutes(actor=m.chair, sitting=m.sitting)
    assert again.value.rule == "minutes.signed"
    secretary.post(held.urls["minutes-sign"])
    assert Minutes.objects.count() == 1
    assert JournalEntry.objects.filter(code="sitting.minutes.signed").count() == 1
    # The record changing later does not change the signed minutes.
    m.org.committee.name = "Renamed Committee"
    m.org.committee.save(update_fields=["name"])
    assert secretary.get(held.urls["minutes-html"]).content == document.content


def test_the_pdf_is_fixed_and_deterministic(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "lenin-era")
    m = held.m
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    record = gather(m.sitting)
    when = timezone.now()
    assert minutes_pdf(record, None, "x", when) == minutes_pdf(record, None, "x", when)
    stored = sign_minutes(actor=m.chair, sitting=m.sitting)
    entry = JournalEntry.objects.get(code="sitting.minutes.signed")
    reader = _client(_user(m.full[4]))
    first = reader.get(held.urls["minutes-pdf"])
    clock.advance(3600)
    second = reader.get(held.urls["minutes-pdf"])
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert first.content == second.content == bytes(stored.pdf)
    assert hashlib.sha256(first.content).hexdigest() == entry.payload["pdf_sha256"]
    pages = pypdf.PdfReader(io.BytesIO(first.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert "Full Member 3" in text and "Alternate 1" in text
    assert "Comrades, the period under review." in text


def test_lenin_era_members_read_the_signed_minutes(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "lenin-era")
    m = held.m
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    sign_minutes(actor=m.chair, sitting=m.sitting)
    for user in (org.secretary, org.admin, _user(m.full[6]), org.member_user):
        page = _client(user).get(held.urls["minutes"])
        assert page.status_code == 200, user
        assert "Signed minutes" in page.content.decode()
        assert _client(user).get(held.urls["minutes-pdf"]).status_code == 200
    assert _client(org.outsider).get(held.urls["minutes"]).status_code == 403
    assert _client(org.outsider).get(held.urls["minutes-pdf"]).status_code == 403
    assert _client().get(held.urls["minutes"]).status_code == 302


def test_1956_practice_keeps_the_minutes_from_members(org: Org, clock: FakeClock) -> None:
    held = hold_sitting(org, clock, "1956-practice")
    m = held.m
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    sign_minutes(actor=m.chair, sitting=m.sitting)
    entry = JournalEntry.objects.get(code="sitting.minutes.signed")
    assert entry.audience == "body-staff"
    for user in (org.secretary, org.admin):
        assert _client(user).get(held.urls["minutes"]).status_code == 200
        assert _client(user).get(held.urls["minutes-pdf"]).status_code == 200
    for user in (_user(m.full[0]), org.member_user, org.outsider):
        refused = _client(user).get(held.urls["minutes"])
        assert refused.status_code == 403
        assert "secretariat" in refused.content.decode()
        assert _client(user).get(held.urls["minutes-pdf"]).status_code == 403
        assert _client(user).get(held.urls["minutes-html"]).status_code == 403


def test_a_draft_before_opening_and_in_german(org: Org) -> None:
    m = meeting(org)
    urls = _urls(m)
    secretary = _client(org.secretary)
    page = secretary.get(urls["minutes"])
    assert page.status_code == 200
    assert "The sitting was not opened." in page.content.decode()
    german = secretary.get(urls["minutes-pdf"], HTTP_ACCEPT_LANGUAGE="de")
    assert german.status_code == 200 and german.content.startswith(b"%PDF")
