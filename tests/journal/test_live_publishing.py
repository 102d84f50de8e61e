"""What `@action` hands to the live bus: after commit, one batch per action with the
entries it recorded (chain, sequence, code, audience, body); nothing when the action or
the transaction around it rolls back; nothing of a nested action that failed. The bus
itself (delivery, Redis) is tested in tests/live."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import transaction

from collegium.bodies.actions import seat_member, vacate_seat
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actions import LIVE_EVENTS_PER_ACTION, action, organization_of, record
from collegium.journal.actors import SYSTEM
from collegium.live.events import LiveEvent
from collegium.registry.actions import (
    create_organization,
    import_members,
    register_member,
)
from collegium.registry.importing import parse_register
from collegium.registry.models import Organization
from collegium.rules.errors import RuleError
from tests.journal.chains import INSTALLATION, ORG, assert_all_intact, entries_of

pytestmark = pytest.mark.django_db(transaction=True)


class Abandoned(Exception):
    pass


@pytest.fixture
def published() -> Iterator[list[list[LiveEvent]]]:
    """Every batch handed to collegium.live.bus.publish, in order."""
    batches: list[list[LiveEvent]] = []
    with mock.patch("collegium.live.bus.publish", lambda events: batches.append(list(events))):
        yield batches


def _register(org, number: str):
    return register_member(actor=SYSTEM, organization=org.organization, number=number, name=number)


def _as_recorded(events: list[LiveEvent]) -> list[tuple[str, int, str, str, int | None]]:
    return [(e.chain, e.sequence, e.code, e.audience, e.body_id) for e in events]


def test_one_batch_per_committed_action_with_its_entries(org, published) -> None:
    member = _register(org, "N-1")
    entry = entries_of(ORG).last()
    assert entry is not None
    assert published == [
        [
            LiveEvent(
                chain=ORG,
                organization_id=org.organization.pk,
                sequence=entry.sequence,
                code="register.member.added",
                audience="organization-staff",
                body_id=None,
                object_type="registry.member",
                object_id=str(member.pk),
            )
        ]
    ]


def test_an_action_recording_two_entries_publishes_them_together(org, published) -> None:
    seated = seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
    )
    alternate = _register(org, "A-1")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.ALTERNATE,
        origin=SeatOrigin.ELECTED,
        member=alternate,
        rank=1,
    )
    published.clear()
    vacate_seat(actor=SYSTEM, seat=seated, reason="resigned")
    (batch,) = published
    last = entries_of(ORG).last()
    assert last is not None
    assert _as_recorded(batch) == [
        (ORG, last.sequence - 1, "body.seat.vacated", "members", org.committee.pk),
        (ORG, last.sequence, "body.alternate.stepped_up", "members", org.committee.pk),
    ]


def test_installation_actions_publish_on_the_installation_chain(db, published) -> None:
    organization = create_organization(actor=SYSTEM, name="New Union", slug="new")
    (batch,) = published
    assert _as_recorded(batch) == [(INSTALLATION, 1, "organization.created", "public", None)]
    assert batch[0].organization_id is None
    assert batch[0].object_id == str(organization.pk)


def test_nothing_is_published_before_the_commit(org, published) -> None:
    with transaction.atomic():
        _register(org, "N-1")
        _register(org, "N-2")
        assert published == []
    # Each action is one batch, published when the transaction around both commits.
    assert [[e.code for e in batch] for batch in published] == [
        ["register.member.added"],
        ["register.member.added"],
    ]


def test_nothing_is_published_when_the_action_refuses(org, published) -> None:
    with pytest.raises(RuleError, match="already in the register"):
        register_member(actor=SYSTEM, organization=org.organization, number="M-1", name="Twice")
    assert published == []


def _register_two_then_abandon(org) -> None:
    with transaction.atomic():
        _register(org, "N-1")
        _register(org, "N-2")
        raise Abandoned


def test_nothing_is_published_when_the_transaction_around_it_rolls_back(org, published) -> None:
    with pytest.raises(Abandoned):
        _register_two_then_abandon(org)
    assert published == []
    assert not entries_of(ORG).filter(payload__number="N-1").exists()
    _register(org, "N-3")
    assert [[e.sequence for e in batch] for batch in published] == [[entries_of(ORG).count()]]


@action(chain=organization_of("organization"))
def _record_then_refuse(*, organization: Organization) -> None:
    """An action that journals and then refuses (its savepoint rolls back)."""
    record(
        "register.member.added",
        actor=SYSTEM,
        organization=organization,
        payload={"number": "Z-1", "name": "Refused", "unit": ""},
    )
    raise RuleError("refused after recording", rule="test.refused")


@action(chain=organization_of("organization"))
def _register_two_of_three(*, organization: Organization) -> None:
    """An action calling others: the middle one fails and is caught."""
    register_member(actor=SYSTEM, organization=organization, number="X-1", name="First")
    with contextlib.suppress(RuleError):
        _record_then_refuse(organization=organization)
    register_member(actor=SYSTEM, organization=organization, number="X-2", name="Second")


def test_a_failed_nested_action_leaves_no_events(org, published) -> None:
    _register_two_of_three(organization=org.organization)
    (batch,) = published
    added = list(entries_of(ORG).filter(payload__number__in=["X-1", "X-2"]))
    assert [(e.code, e.sequence) for e in batch] == [
        ("register.member.added", added[0].sequence),
        ("register.member.added", added[1].sequence),
    ]
    assert added[1].sequence == added[0].sequence + 1  # the refused entry is gone
    assert not entries_of(ORG).filter(payload__number="Z-1").exists()
    assert_all_intact()


def test_a_failed_outer_action_drops_its_nested_actions_events(org, published) -> None:
    @action(chain=organization_of("organization"))
    def register_then_refuse(*, organization: Organization) -> None:
        register_member(actor=SYSTEM, organization=organization, number="Y-1", name="Nested")
        raise RuleError("refused at the end", rule="test.refused")

    with pytest.raises(RuleError):
        register_then_refuse(organization=org.organization)
    assert published == []
    _register(org, "Y-2")
    assert [[e.code for e in batch] for batch in published] == [["register.member.added"]]


def test_an_action_after_a_refused_one_publishes_normally(org, published) -> None:
    with pytest.raises(RuleError):
        _record_then_refuse(organization=org.organization)
    _register(org, "N-1")
    (batch,) = published
    assert [e.sequence for e in batch] == [entries_of(ORG).count()]


def test_a_large_action_is_folded_into_one_event_per_code(org, published) -> None:
    count = LIVE_EVENTS_PER_ACTION + 10
    lines = "\n".join(f"F-{i},Member {i},suspended,dues" for i in range(count))
    import_members(
        actor=SYSTEM,
        organization=org.organization,
        rows=parse_register(f"number,name,status,status_reason\n{lines}\n".encode()),
    )
    (batch,) = published
    assert [(e.code, e.count) for e in batch] == [
        ("register.import", 1),
        ("register.member.status_changed", count),
    ]
    last = entries_of(ORG).last()
    assert last is not None and batch[-1].sequence == last.sequence
    assert batch[-1].object_id == ""
