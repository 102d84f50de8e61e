"""The membership register under simultaneous actions.

`change_member_status` locks the member's row before reading the status (PostgreSQL,
SELECT ... FOR UPDATE); on SQLite every transaction begins IMMEDIATE and so runs alone.
The second action then sees what the first committed and is refused by the rule.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest

from collegium.bodies.actions import seat_member
from collegium.bodies.models import Seat, SeatOrigin, SeatRole
from collegium.journal.actions import record as journal_record
from collegium.journal.actors import SYSTEM
from collegium.journal.chain import entry_hash
from collegium.journal.models import JournalEntry
from collegium.registry.actions import (
    ImportSummary,
    change_member_status,
    import_members,
    register_member,
)
from collegium.registry.importing import parse_register, plan_import
from collegium.registry.models import Member, MemberStatus, MemberStatusChange
from tests.concurrency.conftest import (
    RENDEZVOUS_SECONDS,
    Rendezvous,
    errors_of,
    meeting_before_saving,
    refusals_of,
    simultaneously,
    successes_of,
)
from tests.journal.chains import assert_all_intact

pytestmark = pytest.mark.django_db(transaction=True)


def _suspending(member: Member) -> Callable[[], MemberStatusChange]:
    def suspend() -> MemberStatusChange:
        return change_member_status(
            actor=SYSTEM, member=member, status=MemberStatus.SUSPENDED, reason="dues unpaid"
        )

    return suspend


def test_the_same_suspension_twice_at_once_is_recorded_once(org: Any) -> None:
    outcomes = simultaneously([_suspending(org.member), _suspending(org.member)])

    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert refusals_of(outcomes) == [
        ("register.status-unchanged", "Mia Member is already suspended.")
    ]
    history = MemberStatusChange.objects.filter(member=org.member, status=MemberStatus.SUSPENDED)
    assert history.count() == 1
    changes = JournalEntry.objects.filter(
        code="register.member.status_changed", payload__number="M-1"
    )
    assert changes.count() == 1
    assert Member.objects.get(pk=org.member.pk).status == MemberStatus.SUSPENDED


def test_a_member_suspended_while_being_seated_is_never_seated_after(org: Any) -> None:
    """Seating locks the member's row, so it judges the status as committed: either the
    seat came first (and the suspension after it), or the seating is refused."""

    def seat() -> Seat:
        return seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            member=org.member,
        )

    outcomes: list[Any] = simultaneously([seat, _suspending(org.member)])

    assert errors_of(outcomes) == []
    seating, suspension = outcomes
    assert suspension.succeeded
    entries = dict(
        JournalEntry.objects.filter(
            code__in=["body.seat.assigned", "register.member.status_changed"]
        ).values_list("code", "sequence")
    )
    if seating.succeeded:
        assert entries["body.seat.assigned"] < entries["register.member.status_changed"]
    else:
        assert seating.refusal.rule == "seat.active-member"
        assert "body.seat.assigned" not in entries


def test_one_number_registered_from_four_threads_is_registered_once(org: Any) -> None:
    def registering(name: str) -> Callable[[], Member]:
        return lambda: register_member(
            actor=SYSTEM, organization=org.organization, number="N-1", name=name
        )

    rendezvous = Rendezvous(RENDEZVOUS_SECONDS)
    with meeting_before_saving(Member, rendezvous):
        outcomes = simultaneously([registering(f"Twin {i}") for i in range(4)])

    assert errors_of(outcomes) == []
    assert True not in rendezvous.met  # never two past the check at once
    assert len(successes_of(outcomes)) == 1
    assert (
        refusals_of(outcomes)
        == [("register.unique-number", "Member number N-1 is already in the register.")] * 3
    )
    assert Member.objects.filter(organization=org.organization, number="N-1").count() == 1


# An import and an ordinary action in the same organization at the same time. Events
# line the two up in the order that makes their locks cross, if they can cross; when
# the locks make one wait for the other instead, the wait for the event runs out and
# the two simply run one after the other.
LINE_UP_SECONDS = 5.0


def _importing(org: Any, csv: str) -> Callable[[], ImportSummary]:
    return lambda: import_members(
        actor=SYSTEM, organization=org.organization, rows=parse_register(csv.encode())
    )


def _after(event: threading.Event, action: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        event.wait(timeout=LINE_UP_SECONDS)
        return action()

    return run


def test_an_import_and_a_status_change_elsewhere_in_the_register_both_complete(
    org: Any,
) -> None:
    """The import locks the organization's row, then journals; the status change
    journals, and its journal entry refers to the organization. Lined up so that the
    status change holds the organization's journal chain when the import has locked the
    organization: neither may wait for the other in a circle (PostgreSQL would abort one
    as a deadlock)."""
    import_holds_organization = threading.Event()
    change_holds_head = threading.Event()

    def planning(*args: Any) -> Any:
        import_holds_organization.set()
        change_holds_head.wait(timeout=LINE_UP_SECONDS)
        return plan_import(*args)

    def hashing(**fields: Any) -> str:
        if fields["code"] == "register.member.status_changed":
            change_holds_head.set()
        return entry_hash(**fields)

    with (
        mock.patch("collegium.registry.actions.plan_import", planning),
        mock.patch("collegium.journal.actions.entry_hash", hashing),
    ):
        outcomes: list[Any] = simultaneously(
            [
                _importing(org, "number,name\nI-1,Imported One\n"),
                _after(import_holds_organization, _suspending(org.member)),
            ]
        )

    assert errors_of(outcomes) == []
    assert [o.succeeded for o in outcomes] == [True, True]
    assert Member.objects.get(pk=org.member.pk).status == MemberStatus.SUSPENDED
    assert Member.objects.filter(organization=org.organization, number="I-1").exists()
    assert_all_intact()


def test_an_import_and_a_status_change_of_a_member_it_lists_both_complete(org: Any) -> None:
    """The status change locks the member's row, then journals; the import journals,
    then writes that member's row. Lined up so that the import holds the organization's
    journal chain when the status change has locked the member."""
    change_holds_member = threading.Event()
    import_holds_head = threading.Event()
    real_record = journal_record

    def recording(code: str, **kwargs: Any) -> Any:
        if code == "register.member.status_changed":
            change_holds_member.set()
            import_holds_head.wait(timeout=LINE_UP_SECONDS)
        entry = real_record(code, **kwargs)
        if code == "register.import":
            import_holds_head.set()
        return entry

    def planning(*args: Any) -> Any:
        change_holds_member.wait(timeout=LINE_UP_SECONDS)
        return plan_import(*args)

    with (
        mock.patch("collegium.registry.actions.record", recording),
        mock.patch("collegium.registry.actions.plan_import", planning),
    ):
        outcomes: list[Any] = simultaneously(
            [
                _importing(org, "number,name,status,status_reason\nM-1,Mia Member,left,moved\n"),
                _suspending(org.member),
            ]
        )

    assert errors_of(outcomes) == []
    assert [o.succeeded for o in outcomes] == [True, True]
    # Whichever committed second decided the status.
    history = list(
        MemberStatusChange.objects.filter(member=org.member)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert history[0] == MemberStatus.ACTIVE and sorted(history[1:]) == ["left", "suspended"]
    assert Member.objects.get(pk=org.member.pk).status == history[-1]
    assert_all_intact()
