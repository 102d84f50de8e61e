"""Convening, opening, postponing, cancelling and closing a sitting, and the agenda: every
rule refuses with its id and changes nothing (rows and journal entries counted)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import AgendaItem, SittingStatus
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting
from tests.meetings.unchanged import refused


def _opened(m: Meeting, present: int = 5) -> None:
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:present]])
    actions.open_sitting(actor=m.chair, sitting=m.sitting)


def _adopted(m: Meeting) -> None:
    _opened(m)
    actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)


def test_opening_below_quorum_is_refused_with_the_exact_sentence(org: Org) -> None:
    m = meeting(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:3]])
    refusal = refused(
        "sitting.quorum", lambda: actions.open_sitting(actor=m.chair, sitting=m.sitting)
    )
    assert str(refusal) == "Quorum not reached: 3 of 7 full members present, 4 needed."


def test_quorum_in_a_large_body_names_the_figures(org: Org) -> None:
    m = meeting(org, full_seats=133)
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:61]])
    refusal = refused(
        "sitting.quorum", lambda: actions.open_sitting(actor=m.chair, sitting=m.sitting)
    )
    assert str(refusal) == "Quorum not reached: 61 of 133 full members present, 67 needed."


def test_a_decision_without_quorum_is_refused(org: Org) -> None:
    m = meeting(org)
    _opened(m, present=4)
    actions.check_out(actor=m.chair, sitting=m.sitting, seats=[m.full[0].pk])
    refusal = refused(
        "sitting.quorum",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=3, no=0),
    )
    assert str(refusal) == "Quorum not reached: 3 of 7 full members present, 4 needed."


def test_more_hands_than_voters_present_or_negative_hands_are_refused(org: Org) -> None:
    m = meeting(org)
    _opened(m)
    refusal = refused(
        "sitting.hands",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=1),
    )
    assert str(refusal) == "6 hands were counted, but only 5 voters are present."
    refused(
        "sitting.hands",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=-1, no=0),
    )


def test_status_rules(org: Org) -> None:
    m = meeting(org)
    refused(
        "sitting.not-open",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=1, no=0),
    )
    refused("sitting.status", lambda: actions.close_sitting(actor=m.chair, sitting=m.sitting))
    _opened(m)
    refused("sitting.status", lambda: actions.open_sitting(actor=m.chair, sitting=m.sitting))
    refused(
        "sitting.status",
        lambda: actions.cancel_sitting(actor=m.chair, sitting=m.sitting, reason="Late"),
    )
    actions.close_sitting(actor=m.chair, sitting=m.sitting)
    refused(
        "sitting.status",
        lambda: actions.check_in(actor=m.chair, sitting=m.sitting, seats=[m.full[6].pk]),
    )


def test_a_stale_form_and_a_start_out_of_range_are_refused(org: Org) -> None:
    m = meeting(org)
    later = timezone.now() + datetime.timedelta(days=2)
    refused(
        "sitting.stale-form",
        lambda: actions.postpone_sitting(
            actor=m.chair, sitting=m.sitting, starts_at=later, reason="Snow", revision=3
        ),
    )
    far = timezone.now() + datetime.timedelta(days=365 * 11)
    refused(
        "sitting.starts-at",
        lambda: actions.postpone_sitting(
            actor=m.chair, sitting=m.sitting, starts_at=far, reason="Snow"
        ),
    )
    refused(
        "sitting.starts-at",
        lambda: actions.convene_sitting(
            actor=m.chair, body=m.sitting.body, title="Far", starts_at=far
        ),
    )
    refused(
        "sitting.reason",
        lambda: actions.cancel_sitting(actor=m.chair, sitting=m.sitting, reason="  "),
    )
    postponed = actions.postpone_sitting(
        actor=m.chair, sitting=m.sitting, starts_at=later, reason="Snow", revision=0
    )
    assert (postponed.status, postponed.revision) == (SittingStatus.POSTPONED, 1)
    # The form made before the postponement is stale now.
    refused(
        "sitting.stale-form",
        lambda: actions.cancel_sitting(actor=m.chair, sitting=m.sitting, reason="x", revision=0),
    )


def test_huge_texts_are_refused(org: Org) -> None:
    m = meeting(org)
    refused(
        "sitting.text-length",
        lambda: actions.convene_sitting(
            actor=m.chair, body=m.sitting.body, title="x" * 5000, starts_at=timezone.now()
        ),
    )
    refused(
        "sitting.text-length",
        lambda: actions.add_item(actor=m.chair, sitting=m.sitting, title="x" * 301, kind="other"),
    )
    refused(
        "sitting.text-length",
        lambda: actions.cancel_sitting(actor=m.chair, sitting=m.sitting, reason="x" * 501),
    )


def test_agenda_rules(org: Org) -> None:
    m = meeting(org)
    refused(
        "sitting.item-kind",
        lambda: actions.add_item(actor=m.chair, sitting=m.sitting, title="X", kind="party"),
    )
    one = actions.add_item(
        actor=m.chair, sitting=m.sitting, title="A", kind="other", parent=m.item("2")
    )
    two = actions.add_item(actor=m.chair, sitting=m.sitting, title="B", kind="other", parent=one)
    assert (one.number, two.number) == ("2.1", "2.1.1")
    refused(
        "sitting.item-depth",
        lambda: actions.add_item(
            actor=m.chair, sitting=m.sitting, title="C", kind="other", parent=two
        ),
    )
    other = actions.convene_sitting(
        actor=m.chair,
        body=m.sitting.body,
        title="Other",
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    refused(
        "sitting.item-parent",
        lambda: actions.add_item(
            actor=m.chair, sitting=other, title="C", kind="other", parent=m.item("1")
        ),
    )
    # The other sitting has no items: its agenda cannot be adopted.
    actions.check_in(actor=m.chair, sitting=other, seats=[s.pk for s in m.full[:5]])
    actions.open_sitting(actor=m.chair, sitting=other)
    refused(
        "sitting.agenda-empty",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=other, yes=5, no=0),
    )


def test_items_open_only_once_the_agenda_is_adopted_and_it_is_then_fixed(org: Org) -> None:
    m = meeting(org)
    _opened(m)
    refused(
        "sitting.agenda-not-adopted",
        lambda: actions.open_item(actor=m.chair, item=m.item("1")),
    )
    rejected = actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=1, no=4)
    assert not rejected.adopted
    assert JournalEntry.objects.filter(code="sitting.agenda.decided").count() == 1
    actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    refused(
        "sitting.agenda-adopted",
        lambda: actions.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0),
    )
    refused(
        "sitting.agenda-adopted",
        lambda: actions.add_item(actor=m.chair, sitting=m.sitting, title="Late", kind="other"),
    )
    actions.open_item(actor=m.chair, item=m.item("1"))
    refused("sitting.item-open", lambda: actions.open_item(actor=m.chair, item=m.item("1")))
    # Opening the next item closes the one open before.
    actions.open_item(actor=m.chair, item=m.item("2"))
    assert list(AgendaItem.objects.order_by("number").values_list("number", "state")) == [
        ("1", "closed"),
        ("2", "open"),
        ("3", "pending"),
    ]
    refused("sitting.item-not-open", lambda: actions.close_item(actor=m.chair, item=m.item("3")))
