"""The motions API: a motion driven over HTTP from draft to adoption with its amendments
voted in the rules' order, refusals with their rule, who may read motions (members and
the staff, not the public), and a commission's draft whose lines new amendments cite."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from collegium.bodies.actions import create_body
from collegium.bodies.models import Body, BodyKind
from collegium.journal.actors import SYSTEM, Actor
from collegium.motions.models import Amendment, Motion
from collegium.register.models import Decision, DecisionKind
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login, post
from tests.meetings.unchanged import changes_nothing
from tests.motions.test_motions import _open
from tests.register.test_register import FOR, _adopted

pytestmark = pytest.mark.django_db

MOTIONS = "/api/organizations/test-union/bodies/cc/motions"
M1 = MOTIONS + "/1"

TEXT = """The Committee approves the report.

It instructs the Secretariat
to prepare the congress
and to report in a month.

It thanks the delegates."""


def motions_open(org: Org, supporters: int = 3) -> Meeting:
    """The committee under Lenin-era rules asking `supporters` for a motion, its sitting
    open with full members 1–5 and alternate 1 present, and a drafting commission."""
    m = _open(org, supporters)
    commission(org)
    return m


def commission(org: Org) -> Body:
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


def vote_on(m: Meeting, number: int, yes: int) -> None:
    """The six present voters vote on vote `number`: `yes` of them yes; the chair closes."""
    vote = Vote.objects.get(sitting=m.sitting, number=number)
    voters: list[Actor] = [m.actor(seat) for seat in (*m.full[:5], m.alternates[0])]
    for index, actor in enumerate(voters):
        voting.cast_ballot(actor=actor, vote=vote, choice="yes" if index < yes else "no")
    voting.close_vote(actor=m.chair, vote=vote)


def submitted(m: Meeting, client: Client | None = None) -> Any:
    answer = post(
        client or login(m, 0),
        MOTIONS,
        {
            "title": "On the congress",
            "text": TEXT,
            "submitters": ["S-full1", "S-full2"],
            "sitting": 1,
        },
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def amend(client: Client, **change: Any) -> Any:
    return post(client, M1 + "/amendments", change)


def test_a_motion_over_the_api_from_draft_to_adoption(org: Org) -> None:
    m = motions_open(org)
    chair = client_for(org.secretary)
    motion = submitted(m)
    assert (motion["number"], motion["state"], motion["sitting"]) == (1, "draft", 1)
    assert [s["number"] for s in motion["submitters"]] == ["S-full1", "S-full2"]
    assert (motion["supporters"], motion["supporters_needed"]) == (2, 3)
    assert motion["lines"][:3] == [
        {"number": 1, "text": "The Committee approves the report."},
        {"number": None, "text": ""},
        {"number": 2, "text": "It instructs the Secretariat"},
    ]
    assert [line["number"] for line in motion["lines"] if line["number"]] == [1, 2, 3, 4, 5]

    short = post(login(m, 0), M1 + "/table")
    assert short.status_code == 400 and short.json()["rule"] == "motion.supporters"
    supported = post(login(m, 2), M1 + "/support")
    assert supported.status_code == 200 and supported.json()["supporters"] == 3
    again = post(login(m, 2), M1 + "/support")
    assert again.status_code == 400 and again.json()["rule"] == "motion.supported"
    assert post(login(m, 4), M1 + "/table").status_code == 403  # not a submitter
    tabled = post(login(m, 1), M1 + "/table")
    assert tabled.status_code == 200 and tabled.json()["state"] == "tabled"

    reword = amend(login(m, 3), first_line=3, last_line=3, text="to prepare the big congress")
    assert reword.status_code == 201, reword.json()
    assert (
        reword.json()["place"] == "line 3" and reword.json()["submitted_by"]["number"] == "S-full4"
    )
    assert reword.json()["changes"] == [
        {"kind": "removed", "text": "to prepare the congress"},
        {"kind": "added", "text": "to prepare the big congress"},
    ]
    replace = amend(
        login(m, 4),
        first_line=2,
        last_line=4,
        text="It instructs the Praesidium to convene the congress at once.",
        reason="Faster.",
    )
    assert replace.json()["conflicts_with"] == [1] and replace.json()["place"] == "lines 2–4"
    insert = amend(
        chair, first_line=5, last_line=4, text="It publishes the report.", member="S-full3"
    )
    assert insert.status_code == 201 and insert.json()["place"] == "after line 4"
    sub = amend(
        chair,
        first_line=1,
        last_line=1,
        text="It publishes the report and the counter-report.",
        member="S-full3",
        amends=3,
    )
    assert sub.status_code == 201 and sub.json()["amends"] == 3
    seen = login(m, 6).get(M1).json()
    assert [(a["number"], a["conflicts_with"]) for a in seen["amendments"]] == [
        (1, [2]),
        (2, [1]),
        (3, []),
        (4, []),
    ]
    assert seen["next_to_vote"] == 2  # the one departing furthest from lines 2–4

    assert post(login(m, 0), M1 + "/refer", {"commission": "drafting"}).status_code == 403
    nowhere = post(chair, M1 + "/refer", {"commission": "nowhere"})
    assert nowhere.status_code == 404
    referred = post(chair, M1 + "/refer", {"commission": "drafting"})
    assert referred.status_code == 200 and referred.json()["commission"] == "drafting"
    recommended = post(
        chair,
        M1 + "/recommend",
        {
            "recommendation": "adopt-as-amended",
            "amendments": [
                {"amendment": 1, "recommendation": "adopt"},
                {"amendment": 2, "recommendation": "reject"},
                {"amendment": 3, "recommendation": "adopt"},
            ],
        },
    )
    assert recommended.status_code == 200, recommended.json()
    assert recommended.json()["recommendation"] == "adopt-as-amended"
    assert [a["recommendation"] for a in recommended.json()["amendments"]] == [
        "adopt",
        "reject",
        "adopt",
        None,
    ]

    early = post(chair, M1 + "/vote", {"sitting": 1})
    assert early.status_code == 400 and early.json()["rule"] == "motion.amendments-pending"
    assert post(login(m, 0), M1 + "/amendments/vote", {"sitting": 1}).status_code == 403
    for expected, yes in ((2, 2), (1, 5), (4, 4), (3, 4)):
        voted = post(chair, M1 + "/amendments/vote", {"sitting": 1})
        assert voted.status_code == 200, voted.json()
        assert voted.json()["number"] == expected and voted.json()["state"] == "voting"
        vote_on(m, voted.json()["vote"]["number"], yes)
    states = [a["state"] for a in chair.get(M1).json()["amendments"]]
    assert states == ["adopted", "rejected", "adopted", "adopted"]
    none = post(chair, M1 + "/amendments/vote", {"sitting": 1})
    assert none.status_code == 400 and none.json()["rule"] == "amendment.none-pending"

    put = post(chair, M1 + "/vote", {"sitting": 1, "form": "named"})
    assert put.status_code == 200 and put.json()["state"] == "voting"
    assert put.json()["vote"] == {"sitting": 1, "number": 5}
    vote_on(m, 5, yes=6)
    adopted = login(m, 0).get(M1).json()
    assert adopted["state"] == "adopted" and adopted["decided_at"] is not None
    assert (
        adopted["final_text"]
        == adopted["resulting_text"]
        == (
            "The Committee approves the report.\n\n"
            "It instructs the Secretariat\n"
            "to prepare the big congress\n"
            "and to report in a month.\n"
            "It publishes the report and the counter-report.\n\n"
            "It thanks the delegates."
        )
    )
    listed = client_for(org.member_user).get(MOTIONS).json()
    assert [(x["number"], x["state"], x["supporters"]) for x in listed] == [(1, "adopted", 3)]


def test_who_reads_motions_and_what_is_refused(org: Org) -> None:
    m = motions_open(org, supporters=0)
    submitted(m)
    # Members (with a seat or without) and the staff read motions; the public does not.
    for user in (org.member_user, org.secretary, org.admin):
        assert client_for(user).get(M1).status_code == 200
    for client in (client_for(org.outsider), Client()):
        assert client.get(MOTIONS).status_code == 403
        assert client.get(M1).status_code == 403
        assert client.get(MOTIONS + "/book.pdf").status_code == 403
    assert Client().post(MOTIONS, {}, content_type="application/json").status_code == 401
    assert login(m, 0).get(MOTIONS + "/9").status_code == 404
    assert login(m, 0).get("/api/organizations/test-union/bodies/nope/motions").status_code == 404

    # A member without a seat moves nothing; the secretariat names the members.
    seatless = post(client_for(org.member_user), MOTIONS, {"title": "T", "text": "x"})
    assert seatless.status_code == 400 and seatless.json()["rule"] == "motion.not-member"
    chair = client_for(org.secretary)
    nameless = post(chair, MOTIONS, {"title": "T", "text": "x"})
    assert nameless.status_code == 400 and nameless.json()["rule"] == "motion.not-member"
    unknown = post(chair, MOTIONS, {"title": "T", "text": "x", "submitters": ["NOPE"]})
    assert unknown.status_code == 400 and unknown.json()["rule"] == "register.unknown-number"
    no_sitting = post(
        chair, MOTIONS, {"title": "T", "text": "x", "submitters": ["S-full1"], "sitting": 9}
    )
    assert no_sitting.status_code == 404
    assert post(chair, MOTIONS, {"title": "", "text": "x"}).status_code == 422
    for_another = post(login(m, 0), MOTIONS, {"title": "T", "text": "x", "submitters": ["S-full2"]})
    assert for_another.status_code == 403
    assert Motion.objects.count() == 1

    not_yet = amend(login(m, 3), first_line=1, last_line=1, text="x")
    assert not_yet.status_code == 400 and not_yet.json()["rule"] == "amendment.closed"
    assert post(login(m, 0), M1 + "/table").status_code == 200
    beyond = amend(login(m, 3), first_line=9, last_line=9, text="x")
    assert beyond.status_code == 400 and beyond.json()["rule"] == "amendment.lines"
    assert amend(login(m, 3), first_line=1, last_line=1, text="x", amends=7).status_code == 404
    first = amend(login(m, 3), first_line=1, last_line=1, text="The report is approved.")
    assert first.status_code == 201
    amend(login(m, 4), first_line=1, last_line=1, text="Approved.", amends=1)
    assert post(login(m, 4), M1 + "/amendments/1/withdraw").status_code == 403
    assert post(login(m, 3), M1 + "/amendments/9/withdraw").status_code == 404
    withdrawn = post(login(m, 3), M1 + "/amendments/1/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    states = [a["state"] for a in login(m, 3).get(M1).json()["amendments"]]
    assert states == ["withdrawn", "withdrawn"]  # its amendment went with it
    again = post(login(m, 3), M1 + "/amendments/1/withdraw")
    assert again.status_code == 400 and again.json()["rule"] == "amendment.closed"
    wrong = post(chair, M1 + "/vote", {"sitting": 1, "form": "acclamation"})
    assert wrong.status_code == 422
    elsewhere = post(chair, M1 + "/vote", {"sitting": 7})
    assert elsewhere.status_code == 404
    gone = post(login(m, 1), M1 + "/withdraw")
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"
    step = post(chair, M1 + "/withdraw")
    assert step.status_code == 400 and step.json()["rule"] == "motion.step"


def test_a_commissions_draft_is_numbered_and_cited_by_new_amendments(org: Org) -> None:
    m = motions_open(org, supporters=0)
    submitted(m)
    chair = client_for(org.secretary)
    post(chair, M1 + "/table")
    old = amend(login(m, 3), first_line=5, last_line=5, text="It thanks everyone.")
    assert old.status_code == 201
    post(chair, M1 + "/refer", {"commission": "drafting"})
    both = post(
        chair,
        M1 + "/recommend",
        {
            "recommendation": "adopt-as-amended",
            "draft": "x",
            "amendments": [{"amendment": 1, "recommendation": "adopt"}],
        },
    )
    assert both.status_code == 400 and both.json()["rule"] == "motion.recommendation"
    twice = post(
        chair,
        M1 + "/recommend",
        {
            "recommendation": "adopt",
            "amendments": [
                {"amendment": 1, "recommendation": "adopt"},
                {"amendment": 1, "recommendation": "reject"},
            ],
        },
    )
    assert twice.status_code == 400 and twice.json()["rule"] == "motion.recommendation"
    draft = "The Committee approves the report.\nIt convenes the congress."
    framed = post(chair, M1 + "/recommend", {"recommendation": "adopt-as-amended", "draft": draft})
    assert framed.status_code == 200, framed.json()
    shown = framed.json()
    assert shown["draft"] == draft and shown["text"] == TEXT
    assert shown["lines"] == [
        {"number": 1, "text": "The Committee approves the report."},
        {"number": 2, "text": "It convenes the congress."},
    ]
    lapsed = shown["amendments"][0]
    assert lapsed["state"] == "lapsed"
    # It still shows the line it cited, of the text as tabled.
    assert lapsed["changes"][0] == {"kind": "removed", "text": "It thanks the delegates."}
    new = amend(login(m, 3), first_line=2, last_line=2, text="It convenes the congress in May.")
    assert new.status_code == 201
    assert new.json()["changes"][0] == {"kind": "removed", "text": "It convenes the congress."}
    assert Amendment.objects.count() == 2


def test_no_draft_of_its_own_after_an_amendment_was_adopted(org: Org) -> None:
    # An amendment adopted while the motion is tabled cites the text as tabled; a draft
    # would leave it nowhere to apply, so the commission recommends on the amended text.
    m = motions_open(org, supporters=0)
    submitted(m)
    chair = client_for(org.secretary)
    post(chair, M1 + "/table")
    amend(login(m, 3), first_line=5, last_line=5, text="It thanks everyone.")
    voted = post(chair, M1 + "/amendments/vote", {"sitting": 1})
    vote_on(m, voted.json()["vote"]["number"], yes=6)
    post(chair, M1 + "/refer", {"commission": "drafting"})
    framed = post(chair, M1 + "/recommend", {"recommendation": "adopt", "draft": "One line."})
    assert framed.status_code == 400 and framed.json()["rule"] == "motion.recommendation"
    recommended = post(chair, M1 + "/recommend", {"recommendation": "adopt"})
    assert recommended.status_code == 200, recommended.json()
    assert "It thanks everyone." in recommended.json()["resulting_text"]
    assert login(m, 0).get(MOTIONS + "/book.pdf").status_code == 200


def test_a_motion_amends_or_rescinds_a_decision_of_the_register(org: Org) -> None:
    m = motions_open(org, supporters=0)
    _adopted(m, "On the archive", "The archive stays closed.", FOR)  # motion 1
    original = Decision.objects.get(body=org.committee, kind=DecisionKind.RESOLUTION)
    orders = Decision.objects.filter(body=org.committee, kind=DecisionKind.ORDERS).first()
    assert orders is not None
    chair = client_for(org.secretary)
    motion: dict[str, Any] = {
        "title": "Opening the archive",
        "text": "The archive is opened to historians.",
        "submitters": ["S-full1"],
    }
    with changes_nothing((Motion, Decision)):
        for revises, revision, rule in (
            ("1999/1", "amend", "motion.revises"),  # no such decision
            (f"{original.year}/99", "rescind", "motion.revises"),
            (orders.reference, "amend", "motion.revises"),  # not a resolution
            (original.reference, None, "motion.revises"),  # which revision?
        ):
            refused = post(chair, MOTIONS, {**motion, "revises": revises, "revision": revision})
            assert refused.status_code == 400, refused.json()
            assert refused.json()["rule"] == rule, revises
        for bad in ({"revises": "the archive"}, {"revises": "2025/1", "revision": "repeal"}):
            assert post(chair, MOTIONS, {**motion, **bad}).status_code == 422
        # Another body's register has no such decision.
        elsewhere = "/api/organizations/test-union/bodies/drafting/motions"
        wrong_body = post(
            chair, elsewhere, {**motion, "revises": original.reference, "revision": "amend"}
        )
        assert wrong_body.status_code == 400, wrong_body.json()
        assert wrong_body.json()["rule"] == "motion.revises"

    amending = post(chair, MOTIONS, {**motion, "revises": original.reference, "revision": "amend"})
    assert amending.status_code == 201, amending.json()
    assert (amending.json()["revises"], amending.json()["revision"]) == (
        original.reference,
        "amend",
    )
    shown = login(m, 0).get(MOTIONS + "/2").json()
    assert (shown["revises"], shown["revision"]) == (original.reference, "amend")
    plain = login(m, 0).get(M1).json()
    assert (plain["revises"], plain["revision"]) == (None, None)
    stored = Motion.objects.get(body=org.committee, number=2)
    assert (stored.revises, stored.revision) == (original, "amend")
