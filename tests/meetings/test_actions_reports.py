"""Reports and counter-reports, checked against the orders: each refusal names its rule
and changes nothing."""

from __future__ import annotations

from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import Report, Signature
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting
from tests.meetings.unchanged import refused


def _reported(m: Meeting) -> None:
    actions.register_report(
        actor=m.chair, item=m.item("1"), rapporteur=m.full[0].pk, title="Report of the CC"
    )


def _counter(m: Meeting, signers: list[int]) -> Report:
    return actions.register_counter_report(
        actor=m.chair,
        item=m.item("1"),
        rapporteur=m.full[1].pk,
        title="Minority report",
        signatures=signers,
    )


def test_report_rules(org: Org) -> None:
    m = meeting(org)
    refused(
        "report.item-kind",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("2"), rapporteur=m.full[0].pk, title="R"
        ),
    )
    refused(
        "report.rapporteur",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("1"), rapporteur=m.guest.pk, title="R"
        ),
    )
    refused(
        "report.title",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("1"), rapporteur=m.full[0].pk, title=" "
        ),
    )
    refused(
        "report.text-length",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("1"), rapporteur=m.full[0].pk, title="R", text="x" * 200_001
        ),
    )
    refused(
        "sitting.unknown-seat",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("1"), rapporteur=10**9, title="R"
        ),
    )
    refused("counter-report.no-report", lambda: _counter(m, [m.full[1].pk]))
    _reported(m)
    refused(
        "report.one-per-item",
        lambda: actions.register_report(
            actor=m.chair, item=m.item("1"), rapporteur=m.full[2].pk, title="Again"
        ),
    )


def test_counter_reports_are_forbidden_under_1956_practice(org: Org) -> None:
    m = meeting(org, "1956-practice")
    _reported(m)
    refusal = refused("counter-report.forbidden", lambda: _counter(m, [s.pk for s in m.full[:4]]))
    assert str(refusal) == (
        "The standing orders in force (1956 practice) allow no counter-report: "
        "No counter-report may be given."
    )


def test_a_counter_report_needs_a_twentieth_of_the_full_members_under_lenin_era(
    org: Org,
) -> None:
    m = meeting(org, "lenin-era", full_seats=41)  # 41 / 20 = 2.05: 3 signatures needed
    _reported(m)
    refusal = refused(
        "counter-report.signatures", lambda: _counter(m, [m.full[1].pk, m.full[2].pk])
    )
    assert str(refusal) == (
        "A minority of at least 1/20 of the full members may give a counter-report. "
        "This one has 2 signatures; 3 are needed."
    )
    refusal = refused(
        "counter-report.signer",
        lambda: _counter(m, [m.full[1].pk, m.full[2].pk, m.alternates[0].pk]),
    )
    assert str(refusal) == "Only full members sign a counter-report; Alternate 1 is not one."
    counter = _counter(m, [s.pk for s in m.full[1:4]])
    assert counter.counter
    assert Signature.objects.filter(report=counter).count() == 3
    entry = JournalEntry.objects.filter(code="sitting.report.registered").order_by("-sequence")[0]
    assert (entry.payload["counter"], entry.payload["signatures"], entry.payload["needed"]) == (
        True,
        3,
        3,
    )
    # Members read counter-reports under these orders: the entry is theirs.
    assert entry.audience == "members"
