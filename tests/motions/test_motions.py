"""Motions from draft to decision: supporters and tabling under the orders, amendments
cited by line, referral to a commission and its recommendation, the votes (amendments in
the rules' order, then the motion) and the text adopted; refusals name the rule and change
nothing."""

from __future__ import annotations

import functools

import pytest

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import adopt_standing_orders, create_body
from collegium.bodies.models import Body, BodyKind
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.meetings import actions as meeting
from collegium.motions import actions
from collegium.motions.actions.texts import conflicting, next_to_vote, resulting_text
from collegium.motions.models import (
    Amendment,
    AmendmentState,
    Motion,
    MotionState,
    Submitter,
    Support,
)
from collegium.registry.models import Member
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee

pytestmark = pytest.mark.django_db

TABLES = (*unchanged.TABLES, Motion, Submitter, Support, Amendment, Vote)

TEXT = """The Committee approves the report.

It instructs the Secretariat
to prepare the congress
and to report in a month.

It thanks the delegates."""


def _open(org: Org, supporters: int = 3) -> Meeting:
    """The committee under Lenin-era rules asking `supporters` for a motion, its sitting
    open with full members 1–5 and alternate 1 present."""
    m = committee(org)
    document = dict(PRESETS["lenin-era"])
    document["motions"] = {"supporters": supporters, "deadline_days": None}
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="Motions", document=document)
    seats = [s.pk for s in m.full[:5]] + [m.alternates[0].pk]
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=seats)
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    meeting.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    return m


def _member(m: Meeting, index: int) -> Member:
    member = m.full[index - 1].member
    assert member is not None
    return member


def _voters(m: Meeting) -> list[Actor]:
    return [m.actor(seat) for seat in m.full[:5]] + [m.actor(m.alternates[0])]


def _vote(m: Meeting, vote: Vote | None, yes: int) -> None:
    """The six voters vote: `yes` of them yes, the rest no; the chair closes."""
    assert vote is not None
    for index, actor in enumerate(_voters(m)):
        voting.cast_ballot(actor=actor, vote=vote, choice="yes" if index < yes else "no")
    voting.close_vote(actor=m.chair, vote=vote)


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


def _submit(m: Meeting) -> Motion:
    return actions.submit_motion(
        actor=m.actor(m.full[0]),
        body=m.org.committee,
        title="On the congress",
        text=TEXT,
        submitters=[_member(m, 1), _member(m, 2)],
        sitting=m.sitting,
    )


def test_a_motion_is_tabled_amended_recommended_and_adopted_with_its_amendments(
    org: Org,
) -> None:
    m = _open(org)
    motion = _submit(m)
    assert (motion.number, motion.state) == (1, "draft")
    assert Support.objects.filter(motion=motion).count() == 2  # the submitters
    refusal = unchanged.refused(
        "motion.supporters",
        lambda: actions.table_motion(actor=m.actor(m.full[0]), motion=motion),
        TABLES,
    )
    assert str(refusal) == "A motion needs 3 supporters to be tabled; it has 2."
    actions.support_motion(actor=m.actor(m.full[2]), motion=motion, member=_member(m, 3))
    motion = actions.table_motion(actor=m.actor(m.full[1]), motion=motion)
    assert motion.state == "tabled" and motion.tabled_at is not None

    # Two amendments to the same lines (one departs further), one insertion, and an
    # amendment to that insertion.
    reword = actions.propose_amendment(
        actor=m.actor(m.full[3]),
        motion=motion,
        member=_member(m, 4),
        first_line=3,
        last_line=3,
        text="to prepare the extraordinary congress",
    )
    replace = actions.propose_amendment(
        actor=m.actor(m.full[4]),
        motion=motion,
        member=_member(m, 5),
        first_line=2,
        last_line=4,
        text="It instructs the Praesidium to convene the congress at once.",
    )
    insert = actions.propose_amendment(
        actor=m.chair,
        motion=motion,
        member=_member(m, 3),
        first_line=5,
        last_line=4,
        text="It publishes the report.",
    )
    sub = actions.propose_amendment(
        actor=m.chair,
        motion=motion,
        member=_member(m, 3),
        first_line=1,
        last_line=1,
        text="It publishes the report and the counter-report.",
        amends=insert,
    )
    assert [a.number for a in (reword, replace, insert, sub)] == [1, 2, 3, 4]
    assert conflicting(motion) == {(1, 2)}

    commission = _commission(org)
    actions.refer_motion(actor=m.chair, motion=motion, commission=commission)
    motion = actions.recommend(
        actor=m.chair,
        motion=motion,
        recommendation="adopt-as-amended",
        amendments={1: "adopt", 2: "reject", 3: "adopt"},
    )
    assert motion.state == "recommended"
    assert Amendment.objects.get(pk=replace.pk).recommendation == "reject"

    # The amendment that departs furthest from lines 2-4 first; it fails.
    assert next_to_vote(motion) == replace
    pending = unchanged.refused(
        "motion.amendments-pending",
        lambda: actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting),
        TABLES,
    )
    assert str(pending).startswith("Amendment 2 to motion 1 is pending")
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert voted == replace
    assert voted.vote is not None and "Amendment 1/2" in voted.vote.subject
    _vote(m, voted.vote, yes=2)
    assert Amendment.objects.get(pk=replace.pk).state == "rejected"
    # Then the rewording, adopted.
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert voted == reword
    _vote(m, voted.vote, yes=5)
    # The insertion's own amendment before it, both adopted.
    for expected in (sub, insert):
        voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
        assert voted == expected
        _vote(m, voted.vote, yes=4)
    unchanged.refused(
        "amendment.none-pending",
        lambda: actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting),
        TABLES,
    )

    motion = actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert motion.state == "voting"
    _vote(m, motion.vote, yes=6)
    motion.refresh_from_db()
    assert motion.state == "adopted" and motion.decided_at is not None
    assert motion.final_text == (
        "The Committee approves the report.\n\n"
        "It instructs the Secretariat\n"
        "to prepare the extraordinary congress\n"
        "and to report in a month.\n"
        "It publishes the report and the counter-report.\n\n"
        "It thanks the delegates."
    )
    assert resulting_text(motion) == motion.final_text
    decided = JournalEntry.objects.filter(code="motion.decided").order_by("sequence")
    assert [e.payload["outcome"] for e in decided] == [
        "rejected",
        "adopted",
        "adopted",
        "adopted",
        "adopted",
    ]
    last = decided.last()
    assert last is not None and len(last.payload["text_sha256"]) == 64
    codes = set(
        JournalEntry.objects.filter(code__startswith="motion.").values_list("code", flat=True)
    )
    assert codes == {
        "motion.submitted",
        "motion.supported",
        "motion.tabled",
        "motion.referred",
        "motion.recommended",
        "motion.put_to_vote",
        "motion.decided",
    }


def test_an_adopted_amendment_lapses_those_touching_its_text(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = actions.table_motion(actor=m.chair, motion=_submit(m))
    wide = actions.propose_amendment(
        actor=m.chair, motion=motion, member=_member(m, 4), first_line=2, last_line=4, text="x"
    )
    narrow = actions.propose_amendment(
        actor=m.chair, motion=motion, member=_member(m, 5), first_line=3, last_line=3, text="y"
    )
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert voted == wide
    _vote(m, voted.vote, yes=6)
    assert Amendment.objects.get(pk=narrow.pk).state == AmendmentState.LAPSED
    assert next_to_vote(motion) is None
    motion = actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    _vote(m, motion.vote, yes=1)
    motion.refresh_from_db()
    assert motion.state == MotionState.REJECTED and motion.final_text == ""


def test_steps_out_of_turn_and_outsiders_are_refused_and_change_nothing(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = _submit(m)

    def refused(rule: str, attempt: object) -> str:
        return str(unchanged.refused(rule, attempt, TABLES))  # type: ignore[arg-type]

    # Only a tabled motion is put to the vote or amended.
    refused(
        "motion.step",
        lambda: actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting),
    )
    refused(
        "amendment.closed",
        lambda: actions.propose_amendment(
            actor=m.chair, motion=motion, member=_member(m, 4), first_line=1, last_line=1, text="x"
        ),
    )
    # Another member cannot table it; the guest holds no seat to move motions with.
    with pytest.raises(NotPermitted):
        actions.table_motion(actor=m.actor(m.full[4]), motion=motion)
    guest = m.guest.member
    assert guest is None  # a guest seat has no member: submit by a non-member instead
    outsider = Member.objects.exclude(
        pk__in=[s.member_id for s in (*m.full, *m.alternates) if s.member_id]
    ).first()
    assert outsider is not None
    refused(
        "motion.not-member",
        lambda: actions.submit_motion(
            actor=m.chair, body=org.committee, title="T", text="x", submitters=[outsider]
        ),
    )
    refused(
        "motion.text",
        lambda: actions.submit_motion(
            actor=m.chair, body=org.committee, title="T\x00", text="x", submitters=[_member(m, 1)]
        ),
    )
    # A submitter supports their motion already.
    refused(
        "motion.supported",
        lambda: actions.support_motion(actor=m.chair, motion=motion, member=_member(m, 1)),
    )
    motion = actions.table_motion(actor=m.actor(m.full[0]), motion=motion)
    text = refused(
        "amendment.lines",
        lambda: actions.propose_amendment(
            actor=m.chair, motion=motion, member=_member(m, 4), first_line=9, last_line=9, text="x"
        ),
    )
    assert "the text has lines 1 to 5" in text
    refused(
        "motion.step",
        lambda: actions.support_motion(actor=m.chair, motion=motion, member=_member(m, 3)),
    )
    refused(
        "motion.commission",
        lambda: actions.refer_motion(actor=m.chair, motion=motion, commission=org.committee),
    )
    actions.withdraw_motion(actor=m.actor(m.full[1]), motion=motion)
    refused("motion.step", lambda: actions.withdraw_motion(actor=m.chair, motion=motion))


def test_a_commissions_draft_takes_the_place_of_the_amendments_it_consolidates(
    org: Org,
) -> None:
    m = _open(org, supporters=0)
    motion = actions.table_motion(actor=m.chair, motion=_submit(m))
    cited = actions.propose_amendment(
        actor=m.chair, motion=motion, member=_member(m, 4), first_line=5, last_line=5, text="x"
    )
    actions.refer_motion(actor=m.chair, motion=motion, commission=_commission(org))
    draft = "The Committee approves the report.\nIt convenes the congress."
    unchanged.refused(
        "motion.recommendation",
        lambda: actions.recommend(
            actor=m.chair,
            motion=motion,
            recommendation="adopt-as-amended",
            draft=draft,
            amendments={1: "adopt"},
        ),
        TABLES,
    )
    motion = actions.recommend(
        actor=m.chair, motion=motion, recommendation="adopt-as-amended", draft=draft
    )
    assert Amendment.objects.get(pk=cited.pk).state == AmendmentState.LAPSED
    # New amendments cite the draft's two lines.
    unchanged.refused(
        "amendment.lines",
        lambda: actions.propose_amendment(
            actor=m.chair, motion=motion, member=_member(m, 4), first_line=5, last_line=5, text="x"
        ),
        TABLES,
    )
    actions.propose_amendment(
        actor=m.chair,
        motion=motion,
        member=_member(m, 4),
        first_line=2,
        last_line=2,
        text="It convenes the congress in May.",
    )
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert voted.vote is not None and voted.vote.subject.endswith("(line 2)")
    _vote(m, voted.vote, yes=6)
    motion = actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    _vote(m, motion.vote, yes=6)
    motion.refresh_from_db()
    assert (
        motion.final_text == "The Committee approves the report.\nIt convenes the congress in May."
    )


def test_bad_bytes_and_huge_fields_in_an_amendment_are_refused(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = actions.table_motion(actor=m.chair, motion=_submit(m))
    for text, reason, rule in (
        ("x\x00", "", "amendment.text"),
        ("x", "why\x00", "amendment.text"),
        ("x", "w" * 10_001, "amendment.text"),
        ("x" * 200_001, "", "amendment.length"),
    ):
        unchanged.refused(
            rule,
            functools.partial(
                actions.propose_amendment,
                actor=m.chair,
                motion=motion,
                member=_member(m, 4),
                first_line=1,
                last_line=1,
                text=text,
                reason=reason,
            ),
            TABLES,
        )


def test_no_draft_of_its_own_after_the_meeting_adopted_an_amendment(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = _submit(m)
    motion = actions.table_motion(actor=m.actor(m.full[0]), motion=motion)
    actions.propose_amendment(
        actor=m.actor(m.full[3]),
        motion=motion,
        member=_member(m, 4),
        first_line=1,
        last_line=1,
        text="The Committee rejects the report.",
    )
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    _vote(m, voted.vote, yes=6)
    commission = _commission(org)
    actions.refer_motion(actor=m.chair, motion=motion, commission=commission)
    refusal = unchanged.refused(
        "motion.recommendation",
        functools.partial(
            actions.recommend,
            actor=m.chair,
            motion=motion,
            recommendation="adopt-as-amended",
            draft="A wholly new text.",
        ),
        TABLES,
    )
    assert "adopted amendment 1" in str(refusal)
    # Recommending on the text as amended is still open, and the text stays computable.
    actions.recommend(actor=m.chair, motion=motion, recommendation="adopt")
    assert resulting_text(Motion.objects.get(pk=motion.pk)).startswith("The Committee rejects")


def test_the_commission_recommends_a_change_the_meeting_accepts(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = actions.table_motion(actor=m.actor(m.full[0]), motion=_submit(m))
    # Not with a commission yet: no change recommendation.
    unchanged.refused(
        "motion.step",
        functools.partial(
            actions.recommend_change,
            actor=m.chair,
            motion=motion,
            first_line=1,
            last_line=1,
            text="The Committee approves the report unanimously.",
        ),
        TABLES,
    )
    actions.refer_motion(actor=m.chair, motion=motion, commission=_commission(org))
    # A delegate is not the commission.
    with pytest.raises(NotPermitted):
        actions.recommend_change(
            actor=m.actor(m.full[3]), motion=motion, first_line=1, last_line=1, text="x"
        )
    change = actions.recommend_change(
        actor=m.chair,
        motion=motion,
        first_line=1,
        last_line=1,
        text="The Committee approves the report unanimously.",
        reason="Drafting.",
    )
    assert change.from_commission and change.submitted_by is None
    assert change.recommendation == "adopt"
    entry = JournalEntry.objects.filter(code="amendment.submitted").latest("sequence")
    assert entry.payload["commission"] == "drafting" and entry.payload["member"] is None
    actions.recommend(actor=m.chair, motion=motion, recommendation="adopt-as-amended")
    voted = actions.put_amendment_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    _vote(m, voted.vote, yes=4)
    motion = actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    _vote(m, motion.vote, yes=6)
    motion.refresh_from_db()
    assert motion.final_text.startswith("The Committee approves the report unanimously.")
