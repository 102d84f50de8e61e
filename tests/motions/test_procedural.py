"""Procedural motions at a sitting: in order only when they outrank what is pending; a
second where the 1915 table asks one; decided by the vote they need (two-thirds for the
previous question) or by the chair's ruling; the orders switch the set off or change a
vote; refusals name the rule and change nothing."""

from __future__ import annotations

import functools

import pytest

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import adopt_standing_orders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.meetings import actions as meeting
from collegium.motions import actions
from collegium.motions.models import Motion, ProceduralMotion
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions as voting
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee
from tests.motions.test_motions import _member, _open, _voters

pytestmark = pytest.mark.django_db

TABLES = (*unchanged.TABLES, Motion, ProceduralMotion, Vote)


def _main(m: Meeting) -> Motion:
    """A main motion tabled at the sitting: the bottom of the stack."""
    motion = actions.submit_motion(
        actor=m.chair,
        body=m.org.committee,
        title="On the congress",
        text="The Committee convenes the congress.",
        submitters=[_member(m, 1)],
        sitting=m.sitting,
    )
    return actions.table_motion(actor=m.chair, motion=motion)


def _vote(m: Meeting, vote: Vote | None, choices: list[str]) -> Vote:
    assert vote is not None
    for actor, choice in zip(_voters(m), choices, strict=True):
        voting.cast_ballot(actor=actor, vote=vote, choice=choice)
    return voting.close_vote(actor=m.chair, vote=vote)


def test_precedence_second_and_two_thirds(org: Org) -> None:
    m = _open(org, supporters=0)
    move = functools.partial(actions.move_procedural, actor=m.chair, sitting=m.sitting)
    # Nothing pending: a subsidiary motion applies to nothing.
    unchanged.refused(
        "motion.nothing-pending",
        functools.partial(move, key="previous-question", member=_member(m, 2)),
        TABLES,
    )
    _main(m)
    refer = move(key="refer", member=_member(m, 2), detail="to the drafting commission")
    assert (refer.number, refer.state, refer.needs) == (1, "pending", "majority")
    # Postponing indefinitely ranks below referring: out of order while it is pending.
    refusal = unchanged.refused(
        "motion.out-of-order",
        functools.partial(move, key="postpone-indefinitely", member=_member(m, 3)),
        TABLES,
    )
    assert "does not outrank" in str(refusal)
    previous = move(key="previous-question", member=_member(m, 3))
    assert previous.needs == "two-thirds"
    # Only the question on top is taken up, and only once seconded.
    unchanged.refused(
        "procedural.not-on-top",
        functools.partial(actions.put_procedural_to_vote, actor=m.chair, motion=refer),
        TABLES,
    )
    unchanged.refused(
        "procedural.not-seconded",
        functools.partial(actions.put_procedural_to_vote, actor=m.chair, motion=previous),
        TABLES,
    )
    unchanged.refused(
        "procedural.second",
        functools.partial(
            actions.second_procedural, actor=m.chair, motion=previous, member=_member(m, 3)
        ),
        TABLES,
    )
    actions.second_procedural(actor=m.chair, motion=previous, member=_member(m, 4))
    previous = actions.put_procedural_to_vote(actor=m.chair, motion=previous)
    assert previous.vote is not None and previous.vote.kind == "procedural-motion-previous-question"
    # Four of six is two-thirds exactly: adopted; three of six would not be.
    closed = _vote(m, previous.vote, ["yes", "yes", "yes", "yes", "no", "no"])
    assert closed.outcome == "adopted" and "two-thirds" in closed.explanation
    previous.refresh_from_db()
    assert previous.state == "adopted" and previous.decided_at is not None
    # The referral is on top again; three for and three against: rejected by a majority.
    actions.second_procedural(actor=m.chair, motion=refer, member=_member(m, 5))
    refer = actions.put_procedural_to_vote(actor=m.chair, motion=refer)
    _vote(m, refer.vote, ["yes", "yes", "yes", "no", "no", "no"])
    refer.refresh_from_db()
    assert refer.state == "rejected"
    codes = list(
        JournalEntry.objects.filter(code__startswith="procedural.").values_list("code", flat=True)
    )
    assert codes.count("procedural.moved") == 2 and codes.count("procedural.decided") == 2


def test_the_chair_rules_on_a_point_of_order(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    point = actions.move_procedural(
        actor=m.actor(m.full[1]),
        sitting=m.sitting,
        key="point-of-order",
        member=_member(m, 2),
        detail="The speaker is not on the question.",
    )
    assert point.needs == "chair"
    unchanged.refused(
        "procedural.chair-rules",
        functools.partial(actions.put_procedural_to_vote, actor=m.chair, motion=point),
        TABLES,
    )
    with pytest.raises(NotPermitted):
        actions.rule_on_procedural(actor=m.actor(m.full[2]), motion=point, upheld=True)
    ruled = actions.rule_on_procedural(
        actor=m.chair, motion=point, upheld=True, ruling="Well taken."
    )
    assert (ruled.state, ruled.upheld, ruled.ruling) == ("ruled", True, "Well taken.")
    unchanged.refused(
        "procedural.state",
        functools.partial(actions.withdraw_procedural, actor=m.chair, motion=ruled),
        TABLES,
    )


def _under(org: Org, procedural: dict[str, object]) -> Meeting:
    m = committee(org)
    document = dict(PRESETS["lenin-era"])
    document["procedural_motions"] = procedural
    document["motions"] = {"supporters": 0, "deadline_days": None}
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="Orders", document=document)
    seats = [s.pk for s in m.full[:5]] + [m.alternates[0].pk]
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=seats)
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    _main(m)
    return m


def test_the_orders_change_the_vote_a_motion_needs(org: Org) -> None:
    m = _under(org, {"enabled": True, "votes": {"previous-question": "majority"}})
    previous = actions.move_procedural(
        actor=m.chair, sitting=m.sitting, key="previous-question", member=_member(m, 2)
    )
    assert previous.needs == "majority"
    actions.second_procedural(actor=m.chair, motion=previous, member=_member(m, 3))
    previous = actions.put_procedural_to_vote(actor=m.chair, motion=previous)
    # Three of six is no two-thirds, but more yes than no: the orders ask a majority here.
    closed = _vote(m, previous.vote, ["yes", "yes", "yes", "no", "no", "abstain"])
    assert closed.outcome == "adopted"


def test_the_orders_switch_the_set_off(org: Org) -> None:
    m = _under(org, {"enabled": False, "votes": {}})
    unchanged.refused(
        "motion.procedural-off",
        functools.partial(
            actions.move_procedural,
            actor=m.chair,
            sitting=m.sitting,
            key="recess",
            member=_member(m, 2),
        ),
        TABLES,
    )


def test_bad_input_and_outsiders_change_nothing(org: Org) -> None:
    m = _open(org, supporters=0)
    _main(m)
    move = functools.partial(actions.move_procedural, actor=m.chair, sitting=m.sitting)
    for key, rule in (("no-such-motion", "motion.unknown"), ("main", "motion.unknown")):
        unchanged.refused(rule, functools.partial(move, key=key, member=_member(m, 2)), TABLES)
    for detail in ("a\x00b", "x" * 501):
        unchanged.refused(
            "procedural.detail",
            functools.partial(move, key="recess", member=_member(m, 2), detail=detail),
            TABLES,
        )
    # A member moves only for themself.
    with pytest.raises(NotPermitted):
        actions.move_procedural(
            actor=m.actor(m.full[2]), sitting=m.sitting, key="recess", member=_member(m, 2)
        )
    meeting.close_sitting(actor=m.chair, sitting=m.sitting)
    unchanged.refused(
        "sitting.not-open",
        functools.partial(move, key="recess", member=_member(m, 2)),
        TABLES,
    )
