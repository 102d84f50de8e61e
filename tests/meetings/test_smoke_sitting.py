"""A whole sitting through the actions, end to end."""

from __future__ import annotations

import pytest

from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import FloorRequest, RequestState
from collegium.rules.errors import RuleError
from tests.conftest import Org
from tests.meetings.helpers import meeting


def test_a_whole_sitting(org: Org) -> None:
    m = meeting(org)
    chair = m.chair
    actions.check_in(actor=chair, sitting=m.sitting, seats=[s.pk for s in m.full[:3]])
    with pytest.raises(RuleError) as refused:
        actions.open_sitting(actor=chair, sitting=m.sitting)
    assert refused.value.rule == "sitting.quorum"
    assert "3 of 7 full members present" in str(refused.value)
    actions.check_in(actor=chair, sitting=m.sitting, numbers=["S-full4", "S-alt1"])
    # alt1 steps in for an absent full member: 5 votes
    opened = actions.open_sitting(actor=chair, sitting=m.sitting)
    assert opened.status == "open"
    decision = actions.adopt_agenda(actor=chair, sitting=m.sitting, yes=5, no=0)
    assert decision.adopted, decision.explanation
    report = m.item("1")
    actions.open_item(actor=chair, item=report)
    actions.register_report(
        actor=chair, item=report, rapporteur=m.full[0].pk, title="Report", text="..."
    )
    with pytest.raises(RuleError) as short:
        actions.register_counter_report(
            actor=chair, item=report, rapporteur=m.full[1].pk, title="Minority", signatures=[]
        )
    assert short.value.rule == "counter-report.signatures"
    counter = actions.register_counter_report(
        actor=chair,
        item=report,
        rapporteur=m.full[1].pk,
        title="Minority",
        signatures=[m.full[1].pk],
    )
    assert counter.counter
    actions.ask_for_floor(actor=m.actor(m.full[2]), item=report, stance="for")
    actions.ask_for_floor(actor=m.actor(m.full[3]), item=report, stance="against")
    actions.ask_for_floor(actor=m.actor(m.full[0]), item=report, kind="point-of-order")
    first = actions.call_next_speaker(actor=chair, item=report)
    assert first.seat_id == m.full[0].pk  # the point of order first
    actions.pause_clock(actor=chair, item=report)
    actions.start_clock(actor=chair, item=report)
    second = actions.call_next_speaker(actor=chair, item=report)
    assert second.seat_id == m.full[2].pk
    actions.end_speech(actor=chair, item=report)
    assert FloorRequest.objects.filter(state=RequestState.DONE).count() == 2
    actions.close_sitting(actor=chair, sitting=m.sitting)
    codes = set(JournalEntry.objects.values_list("code", flat=True))
    assert {"sitting.opened", "sitting.speaker.called", "sitting.closed"} <= codes
