"""Events leave only with a commit: the journal's `@action` publishes on commit, and
nothing at all when the action's transaction rolls back or the action refuses."""

from __future__ import annotations

import pytest
from django.db import transaction

from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.live.events import LiveEvent
from collegium.registry.actions import register_member
from collegium.registry.models import Member
from collegium.rules.errors import RuleError

pytestmark = pytest.mark.django_db(transaction=True)


class Abandoned(Exception):
    pass


def _abandon(work) -> None:
    """Do `work` in a transaction that then rolls back."""
    with transaction.atomic():
        work()
        raise Abandoned


def _seat_guest(org, name: str):
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.GUEST,
        origin=SeatOrigin.APPOINTED,
        guest_name=name,
    )


def _seat_full(org, member: Member):
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=member,
    )


def test_a_committed_action_is_published_once_after_its_commit(org, memory_bus, listen):
    with listen(org.organization.slug) as heard:
        with transaction.atomic():  # the caller's transaction: commit comes later
            seat = _seat_guest(org, "Gina Guest")
            assert heard.quiet_for(0.3) == []
        (published,) = heard.wait_for(1)
        assert heard.quiet_for(0.2) == [published]
    entry = JournalEntry.objects.get(code="body.seat.assigned", object_id=str(seat.pk))
    assert published == LiveEvent(
        chain=org.organization.slug,
        organization_id=org.organization.pk,
        sequence=entry.sequence,
        code="body.seat.assigned",
        audience="members",
        body_id=org.committee.pk,
        object_type="bodies.seat",
        object_id=str(seat.pk),
    )


def test_nothing_is_published_when_the_transaction_rolls_back(org, memory_bus, listen):
    members = [
        register_member(
            actor=SYSTEM, organization=org.organization, number=f"F-{n}", name=f"Full {n}"
        )
        for n in range(4)
    ]
    with listen(org.organization.slug) as heard:
        with pytest.raises(Abandoned):
            _abandon(lambda: _seat_guest(org, "Rolled Back"))
        assert heard.quiet_for(0.3) == []
        for member in members[:3]:  # fill the committee's three full seats
            _seat_full(org, member)
        with pytest.raises(RuleError, match="No full seat is free"):
            _seat_full(org, members[3])
        events = heard.wait_for(3)
        assert heard.quiet_for(0.3) == events  # the refused action published nothing
    assert [e.code for e in events] == ["body.seat.assigned"] * 3
    committed = list(
        JournalEntry.objects.filter(code="body.seat.assigned").values_list("sequence", flat=True)
    )
    assert [e.sequence for e in events] == committed[-3:]
    assert not JournalEntry.objects.filter(payload__guest="Rolled Back").exists()


def test_publishing_by_hand_on_commit(memory_bus, listen):
    """The pattern the journal uses, without it: publish in `on_commit`."""
    from collegium.live import bus

    sent = LiveEvent("test-union", None, 1, "body.created", "public", None, "", "")
    with listen("test-union") as heard:
        with pytest.raises(Abandoned):
            _abandon(lambda: transaction.on_commit(lambda: bus.publish([sent])))
        with transaction.atomic():
            transaction.on_commit(lambda: bus.publish([sent]))
        assert heard.wait_for(1) == [sent]
        assert heard.quiet_for(0.2) == [sent]
