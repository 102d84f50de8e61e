"""The motion pages: a body's motions and the form to submit one, a motion's page with its
numbered text, amendments (place, diff, conflicts), the commission's draft and the texts
that result; every step from its form through the action, refusals shown with their rule
(status 400) changing nothing, and the pages refused to who may not read them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from collegium.bodies.actions import create_body
from collegium.bodies.models import Body, BodyKind
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.meetings import actions as meeting
from collegium.motions import actions
from collegium.motions.models import Amendment, Motion, Submitter, Support
from collegium.registry.models import Member
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login
from tests.motions.test_motions import _member, _open

pytestmark = pytest.mark.django_db

BODY = "/o/test-union/bodies/cc/"
MOTIONS = BODY + "motions/"
M1 = MOTIONS + "1/"
TABLES = (*unchanged.TABLES, Motion, Submitter, Support, Amendment, Vote)

TEXT = """The Committee approves the report.

It instructs the Secretariat
to prepare the congress
and to report in a month.

It thanks the delegates."""


def _see(client: Client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def _done(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    """A POST that succeeds: 303 to the page it names."""
    answer = client.post(url, data or {})
    assert answer.status_code == 303, answer.content.decode()[:2000]
    return str(answer["Location"])


def _refused(client: Client, url: str, rule: str, data: dict[str, str] | None = None) -> str:
    """A POST refused by `rule`: the page again, status 400, the rule's message shown, and
    nothing changed in the motions', the votes' and the sittings' tables nor the journal."""
    with unchanged.changes_nothing(TABLES):
        answer = client.post(url, data or {})
    page = answer.content.decode()
    assert answer.status_code == 400, page[:2000]
    assert f'data-rule="{rule}"' in page, page[:4000]
    return page


def _submitted(m: Meeting, title: str = "On the congress") -> Motion:
    return actions.submit_motion(
        actor=m.actor(m.full[0]),
        body=m.org.committee,
        title=title,
        text=TEXT,
        submitters=[_member(m, 1), _member(m, 2)],
        sitting=m.sitting,
    )


def _tabled(m: Meeting) -> Motion:
    motion = _submitted(m)
    actions.support_motion(actor=m.actor(m.full[2]), motion=motion, member=_member(m, 3))
    return actions.table_motion(actor=m.actor(m.full[0]), motion=motion)


def _commission(org: Org) -> Body:
    return create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Drafting Commission",
        slug="drafting",
        kind=BodyKind.COMMISSION,
        full_seats=3,
        alternate_seats=0,
        elected_by=org.committee,
    )


def _close(m: Meeting, vote: Vote | None, yes: int) -> None:
    """The six present vote, `yes` of them yes; the chair closes the vote."""
    assert vote is not None
    voters: list[Actor] = [m.actor(seat) for seat in m.full[:5]] + [m.actor(m.alternates[0])]
    for index, actor in enumerate(voters):
        voting.cast_ballot(actor=actor, vote=vote, choice="yes" if index < yes else "no")
    voting.close_vote(actor=m.chair, vote=vote)


# Who reads the pages -------------------------------------------------------------------


def test_members_and_staff_read_the_motions_and_nobody_else(org: Org) -> None:
    m = _open(org)
    _submitted(m)
    readers = [client_for(u) for u in (org.secretary, org.admin, org.member_user)]
    for client in [*readers, login(m, 6)]:
        listing = _see(client, MOTIONS)
        assert 'data-motion="1"' in listing and "On the congress" in listing
        assert "Full Member 1 (S-full1), Full Member 2 (S-full2)" in listing
        assert "It instructs the Secretariat" in _see(client, M1)
    outsider = client_for(org.outsider)
    assert outsider.get(MOTIONS).status_code == 403
    assert outsider.get(M1).status_code == 403
    # A visitor is sent to sign in, as on the sitting pages.
    for url in (MOTIONS, M1):
        answer = Client().get(url)
        assert answer.status_code == 302 and "/login/" in answer["Location"]
    secretary = client_for(org.secretary)
    assert secretary.get(MOTIONS + "2/").status_code == 404
    assert secretary.get(MOTIONS + "99999999999/").status_code == 404
    assert secretary.get("/o/test-union/bodies/nope/motions/").status_code == 404
    # The body page links to its motions.
    assert 'href="/o/test-union/bodies/cc/motions/"' in _see(secretary, BODY)


def test_the_forms_show_only_to_those_allowed(org: Org) -> None:
    m = _open(org)
    _submitted(m)
    # A member of the organization without a seat in the body: no form to submit.
    member = client_for(org.member_user)
    assert "Submit a motion" not in _see(member, MOTIONS)
    page = _see(member, M1)
    for button in ("Support the motion", "Table the motion", "Withdraw the motion"):
        assert button not in page
    # A seat holder submits for themself; the secretariat may name the submitters.
    delegate = login(m, 3)
    assert "Submit a motion" in _see(delegate, MOTIONS)
    assert "submit-submitters" not in _see(delegate, MOTIONS)
    assert "submit-submitters" in _see(client_for(org.secretary), MOTIONS)
    page = _see(delegate, M1)
    assert "Support the motion" in page and "Table the motion" not in page
    # A submitter supports already (the submitters count among the supporters).
    page = _see(login(m, 0), M1)
    assert "Support the motion" not in page
    assert "Table the motion" in page and "Withdraw the motion" in page
    # A draft takes no amendments; the secretariat tables and withdraws, refers nothing yet.
    page = _see(client_for(org.secretary), M1)
    assert "Table the motion" in page and "Propose an amendment" not in page
    assert "Refer to a commission" not in page and "Put to the vote" not in page


# Submitting, supporting and tabling -------------------------------------------------------


def test_a_motion_is_submitted_supported_and_tabled_from_the_pages(org: Org) -> None:
    m = _open(org)
    first = login(m, 0)
    where = _done(
        first,
        MOTIONS + "submit/",
        {"submit-title": "On the congress", "submit-text": TEXT, "submit-sitting": "1"},
    )
    assert where == M1
    motion = Motion.objects.get()
    assert (motion.number, motion.state, motion.sitting) == (1, "draft", m.sitting)
    assert [s.member for s in Submitter.objects.filter(motion=motion)] == [_member(m, 1)]
    page = _see(first, M1)
    # The text with its line numbers: blank lines are not numbered.
    assert re.search(r'data-line="2">.*?>2<.*?It instructs the Secretariat', page)
    assert 'data-line="5"' in page and 'data-line="6"' not in page
    assert 'data-supporters="1"' in page and "the standing orders ask 3 to table it" in page

    # Too few supporters: the rule's sentence on the page, nothing changed.
    refused = _refused(first, M1 + "table/", "motion.supporters")
    assert "A motion needs 3 supporters to be tabled; it has 1." in refused
    _done(login(m, 1), M1 + "support/")
    _done(login(m, 2), M1 + "support/")
    # Twice is refused.
    _refused(login(m, 2), M1 + "support/", "motion.supported")
    assert _done(first, M1 + "table/") == M1
    motion.refresh_from_db()
    assert motion.state == "tabled" and motion.tabled_at is not None
    # A stale form: supporting once it is tabled.
    stale = _refused(login(m, 3), M1 + "support/", "motion.step")
    assert "Only a draft gathers supporters; this motion is tabled." in stale
    assert JournalEntry.objects.filter(code="motion.tabled").count() == 1


def test_the_secretariat_records_a_motion_handed_in(org: Org) -> None:
    _open(org)
    chair = client_for(org.secretary)
    data = {"submit-title": "Handed in", "submit-text": "One line.", "submit-sitting": ""}
    # The secretariat is no member: it names the submitters.
    _refused(chair, MOTIONS + "submit/", "motion.not-member", data)
    unknown = _refused(
        chair, MOTIONS + "submit/", "register.unknown-number", data | {"submit-submitters": "X-9"}
    )
    assert "No member numbered X-9 is in the register." in unknown
    # A member of the organization without a seat in the body moves nothing.
    _refused(chair, MOTIONS + "submit/", "motion.not-member", data | {"submit-submitters": "M-1"})
    _done(chair, MOTIONS + "submit/", data | {"submit-submitters": "S-full4, S-full5"})
    motion = Motion.objects.get()
    assert sorted(s.member.number for s in Submitter.objects.filter(motion=motion)) == [
        "S-full4",
        "S-full5",
    ]
    # A seat holder cannot name others as submitters: the field is not theirs.
    _done(login_of(org, "full6"), MOTIONS + "submit/", data | {"submit-submitters": "S-full7"})
    second = Motion.objects.get(number=2)
    assert [s.member.number for s in Submitter.objects.filter(motion=second)] == ["S-full6"]


def login_of(org: Org, username: str) -> Client:
    return client_for(Member.objects.get(user__username=username).user)


def test_bad_input_is_refused_cleanly(org: Org) -> None:
    m = _open(org)
    first = login(m, 0)
    # A form that is not filled in: the page again with the fields' errors.
    with unchanged.changes_nothing(TABLES):
        answer = first.post(MOTIONS + "submit/", {"submit-title": "", "submit-text": TEXT})
    assert answer.status_code == 400 and "This field is required." in answer.content.decode()
    # A text of blanks: the action's rule.
    _refused(first, MOTIONS + "submit/", "motion.text", {"submit-title": "T", "submit-text": "  "})
    # A NUL character is refused before any view, and nothing is written.
    with unchanged.changes_nothing(TABLES):
        answer = first.post(MOTIONS + "submit/", {"submit-title": "A\x00", "submit-text": TEXT})
    assert answer.status_code == 400 and "NUL character" in answer.content.decode()
    _submitted(m)
    with unchanged.changes_nothing(TABLES):
        answer = first.post(
            M1 + "amendments/",
            {"amend-first_line": "1", "amend-last_line": "1", "amend-text": "new\x00"},
        )
    assert answer.status_code == 400
    # A sitting that is not offered, a number too large for any line.
    with unchanged.changes_nothing(TABLES):
        answer = first.post(
            MOTIONS + "submit/", {"submit-title": "T", "submit-text": "x", "submit-sitting": "9"}
        )
    assert answer.status_code == 400 and "Select a valid choice" in answer.content.decode()


def test_nobody_signed_out_or_without_the_right_changes_anything(org: Org) -> None:
    m = _open(org)
    _submitted(m)
    visitor = Client()
    for url in (MOTIONS + "submit/", M1 + "support/", M1 + "table/", M1 + "withdraw/"):
        with unchanged.changes_nothing(TABLES):
            answer = visitor.post(url, {"submit-title": "T", "submit-text": "x"})
        assert answer.status_code == 302 and "/login/" in answer["Location"]
    outsider = client_for(org.outsider)
    with unchanged.changes_nothing(TABLES):
        assert outsider.post(M1 + "table/").status_code == 403
    # Only a submitter or the secretariat tables or withdraws.
    with unchanged.changes_nothing(TABLES):
        assert login(m, 4).post(M1 + "withdraw/").status_code == 403
    # A page answers GET only for the steps.
    assert login(m, 0).get(M1 + "table/").status_code == 405


def test_a_submitter_withdraws_the_motion(org: Org) -> None:
    m = _open(org)
    _submitted(m)
    _done(login(m, 1), M1 + "withdraw/")
    assert Motion.objects.get().state == "withdrawn"
    page = _see(login(m, 1), M1)
    assert 'data-state="withdrawn"' in page and "Withdraw the motion" not in page
    _refused(login(m, 1), M1 + "withdraw/", "motion.step")


# Amendments, the commission and the votes -----------------------------------------------------


def _amend(client: Client, first: int, last: int, text: str, **more: str) -> str:
    data = {"amend-first_line": str(first), "amend-last_line": str(last), "amend-text": text}
    return _done(client, M1 + "amendments/", data | {f"amend-{k}": v for k, v in more.items()})


def test_amendments_are_tabled_recommended_and_voted_from_the_pages(org: Org) -> None:
    m = _open(org)
    motion = _tabled(m)
    delegate = login(m, 3)
    assert "Propose an amendment" in _see(delegate, M1)
    _amend(delegate, 3, 3, "to prepare the extraordinary congress", reason="Urgent.")
    _amend(login(m, 4), 2, 4, "It instructs the Praesidium to convene the congress at once.")
    _amend(delegate, 5, 4, "It publishes the report.")
    # The secretariat records an amendment a member handed in, to amendment 3.
    chair = client_for(org.secretary)
    _amend(
        chair, 1, 1, "It publishes the report and the counter-report.", amends="3", member="S-full3"
    )
    assert Amendment.objects.get(number=4).amends == Amendment.objects.get(number=3)
    # Lines the text does not have.
    lines = _refused(
        delegate,
        M1 + "amendments/",
        "amendment.lines",
        {"amend-first_line": "9", "amend-last_line": "9", "amend-text": "x"},
    )
    assert "the text has lines 1 to 5" in lines
    assert 'value="9"' in lines  # the form as sent

    page = _see(delegate, M1)
    assert "Amendment 1, line 3" in page and "Amendment 2, lines 2–4" in page
    assert "Amendment 3, after line 4" in page
    assert "Amendment 4 to amendment 3, line 1" in page
    # The diff: the lines struck out and the new ones.
    assert "<del>to prepare the congress</del>" in page
    assert "<ins>to prepare the extraordinary congress</ins>" in page
    assert "<ins>It publishes the report.</ins>" in page
    # Amendments 1 and 2 touch the same lines: both are flagged.
    assert 'data-conflicts="2"' in page and 'data-conflicts="1"' in page
    # The mover (and the secretariat) may withdraw an amendment; others may not.
    assert page.count("Withdraw the amendment") == 2  # 1 and 3, moved by full4
    _amend(login(m, 4), 5, 5, "It thanks the delegates warmly.")
    with unchanged.changes_nothing(TABLES):
        assert delegate.post(M1 + "amendments/5/withdraw/").status_code == 403
    _done(login(m, 4), M1 + "amendments/5/withdraw/")
    assert Amendment.objects.get(number=5).state == "withdrawn"
    _refused(login(m, 4), M1 + "amendments/5/withdraw/", "amendment.closed")
    assert client_for(org.secretary).post(M1 + "amendments/99/withdraw/").status_code == 404

    # Referral to a commission the body elects, and its recommendation.
    commission = _commission(org)
    page = _see(chair, M1)
    assert "Refer to a commission" in page and "Drafting Commission" in page
    _done(chair, M1 + "refer/", {"refer-commission": "drafting"})
    motion.refresh_from_db()
    assert motion.state == "referred" and motion.commission == commission
    page = _see(chair, M1)
    assert "recommend-amendment_4" in page and "recommend-amendment_5" not in page
    both = _refused(
        chair,
        M1 + "recommend/",
        "motion.recommendation",
        {
            "recommend-recommendation": "adopt-as-amended",
            "recommend-draft": "A draft of its own.",
            "recommend-amendment_1": "adopt",
        },
    )
    assert "consolidates the amendments" in both
    _done(
        chair,
        M1 + "recommend/",
        {
            "recommend-recommendation": "adopt-as-amended",
            "recommend-amendment_1": "adopt",
            "recommend-amendment_2": "reject",
            "recommend-amendment_3": "adopt",
        },
    )
    motion.refresh_from_db()
    assert motion.state == "recommended" and motion.recommendation == "adopt-as-amended"
    assert Amendment.objects.get(number=2).recommendation == "reject"
    assert 'data-recommendation="adopt-as-amended"' in _see(delegate, M1)

    # The votes: the motion waits for its amendments.
    page = _see(chair, M1)
    assert "Put amendment 2 to the vote" in page
    _refused(chair, M1 + "vote/", "motion.amendments-pending", {"vote-sitting": "1"})
    assert _done(chair, M1 + "amendments/vote/", {"vote-sitting": "1", "vote-form": ""}) == M1
    voted = Amendment.objects.select_related("vote__sitting").get(number=2)
    assert voted.state == "voting" and voted.vote is not None
    page = _see(delegate, M1)
    assert f'href="{BODY}sittings/1/votes/{voted.vote.number}/"' in page
    # While one is being voted on, no other is put to the vote.
    assert "Put amendment" not in _see(chair, M1)
    _close(m, voted.vote, yes=2)
    for yes in (5, 4, 4):  # 1 adopted; 4 (to 3) then 3 adopted
        _done(chair, M1 + "amendments/vote/", {"vote-sitting": "1"})
        _close(m, Amendment.objects.get(state="voting").vote, yes=yes)
    page = _see(delegate, M1)
    assert "The text with the amendments adopted so far" in page
    assert "It publishes the report and the counter-report." in page
    _refused(chair, M1 + "amendments/vote/", "amendment.none-pending", {"vote-sitting": "1"})
    # A stale amendment form once the motion is being voted on.
    _done(chair, M1 + "vote/", {"vote-sitting": "1"})
    motion.refresh_from_db()
    assert motion.state == "voting"
    _refused(
        delegate,
        M1 + "amendments/",
        "amendment.closed",
        {"amend-first_line": "1", "amend-last_line": "1", "amend-text": "Late."},
    )
    _close(m, motion.vote, yes=5)
    motion.refresh_from_db()
    assert motion.state == "adopted"
    page = _see(delegate, M1)
    assert "Text adopted" in page and 'id="motion-final"' in page
    assert "to prepare the extraordinary congress" in page
    assert "The text with the amendments adopted so far" not in page


def test_a_commission_frames_its_own_draft(org: Org) -> None:
    m = _open(org)
    _tabled(m)
    _amend(login(m, 3), 1, 1, "The Committee notes the report.")
    _commission(org)
    chair = client_for(org.secretary)
    _done(chair, M1 + "refer/", {"refer-commission": "drafting"})
    # A stale referral: the motion is referred already.
    _refused(chair, M1 + "refer/", "motion.step", {"refer-commission": "drafting"})
    _done(
        chair,
        M1 + "recommend/",
        {"recommend-recommendation": "adopt", "recommend-draft": "First line.\n\nSecond line."},
    )
    assert Amendment.objects.get().state == "lapsed"
    page = _see(login(m, 3), M1)
    assert 'id="draft-heading"' in page and 'id="motion-draft"' in page
    assert "Text as submitted" in page
    assert "<del>The Committee approves the report.</del>" in page  # cited the text tabled
    # New amendments cite the draft's lines.
    _refused(
        login(m, 3),
        M1 + "amendments/",
        "amendment.lines",
        {"amend-first_line": "3", "amend-last_line": "3", "amend-text": "x"},
    )
    _amend(login(m, 3), 2, 2, "Second line, amended.")
    assert "<del>Second line.</del>" in _see(login(m, 3), M1)


def test_a_commission_that_is_not_the_bodys_is_refused(org: Org) -> None:
    m = _open(org, supporters=0)
    _tabled(m)
    chair = client_for(org.secretary)
    # The form offers only the commissions the body elects.
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Other Commission",
        slug="other",
        kind=BodyKind.COMMISSION,
        full_seats=3,
        alternate_seats=0,
    )
    _commission(org)
    page = _see(chair, M1)
    assert "Other Commission" not in page
    with unchanged.changes_nothing(TABLES):
        answer = chair.post(M1 + "refer/", {"refer-commission": "other"})
    assert answer.status_code == 400 and "Select a valid choice" in answer.content.decode()
    # Only the secretariat refers.
    with unchanged.changes_nothing(TABLES):
        assert login(m, 0).post(M1 + "refer/", {"refer-commission": "drafting"}).status_code == 403


def test_putting_to_the_vote_needs_an_open_sitting(org: Org) -> None:
    m = _open(org, supporters=0)
    _tabled(m)
    chair = client_for(org.secretary)
    assert "Put the motion to the vote" in _see(chair, M1)
    meeting.close_sitting(actor=m.chair, sitting=m.sitting)
    assert "Put to the vote" not in _see(chair, M1)
    with unchanged.changes_nothing(TABLES):
        answer = chair.post(M1 + "vote/", {"vote-sitting": "1"})
    assert answer.status_code == 400


def test_a_refusal_is_the_page_in_the_readers_language(org: Org) -> None:
    m = _open(org)
    _submitted(m)
    answer = login(m, 0).post(M1 + "table/", headers={"Accept-Language": "de"})
    assert answer.status_code == 400
    assert 'data-rule="motion.supporters"' in answer.content.decode()


def test_the_motion_book_downloads_for_members_only(org: Org) -> None:
    m = _open(org)
    member = login(m, 1)
    page = member.get(MOTIONS)
    assert "book.pdf" in page.content.decode()
    book = member.get(MOTIONS + "book.pdf")
    assert book.status_code == 200 and book["Content-Type"] == "application/pdf"
    assert book.content.startswith(b"%PDF")
    assert client_for(org.outsider).get(MOTIONS + "book.pdf").status_code == 403


def test_the_commissions_change_recommendation_from_the_page(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = actions.submit_motion(
        actor=m.chair,
        body=org.committee,
        title="On the congress",
        text="The Committee approves the report.",
        submitters=[_member(m, 1)],
    )
    actions.table_motion(actor=m.chair, motion=motion)
    commission = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Drafting Commission",
        slug="drafting",
        kind=BodyKind.COMMISSION,
        full_seats=3,
        elected_by=org.committee,
    )
    chair = client_for(org.secretary)
    page = MOTIONS + "1/"
    assert "change-form" not in chair.get(page).content.decode()  # not referred yet
    actions.refer_motion(actor=m.chair, motion=motion, commission=commission)
    assert "change-form" in chair.get(page).content.decode()
    assert "change-form" not in login(m, 2).get(page).content.decode()
    change = {
        "change-first_line": "1",
        "change-last_line": "1",
        "change-text": "The Committee approves the report in full.",
    }
    assert login(m, 2).post(page + "changes/", change).status_code == 403
    assert chair.post(page + "changes/", change).status_code == 303
    (made,) = Amendment.objects.filter(motion=motion)
    assert made.from_commission and made.recommendation == "adopt"
    html = chair.get(page).content.decode()
    assert "Drafting Commission, as its change recommendation" in html
    bad = chair.post(page + "changes/", {**change, "change-first_line": "9"})
    assert bad.status_code == 400 and 'data-rule="amendment.lines"' in bad.content.decode()
    assert Amendment.objects.filter(motion=motion).count() == 1
