"""The register under simultaneous actions (both databases): decisions entered from six
threads at once get six numbers in their body and year; one member's dissent sent six
times is attached once; procedural motions moved at once get distinct numbers."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from collegium.bodies.actions import adopt_standing_orders
from collegium.journal.actors import SYSTEM
from collegium.motions import actions
from collegium.motions.models import ProceduralMotion
from collegium.register.actions import attach_dissent
from collegium.register.models import Decision, DecisionKind, Dissent
from collegium.rules.standing_orders.presets import PRESETS
from tests.concurrency.conftest import errors_of, refusals_of, simultaneously, successes_of
from tests.journal.chains import assert_all_intact
from tests.motions.test_motions import _member, _open
from tests.motions.test_procedural import _main
from tests.register.test_register import FOR, _adopted

pytestmark = pytest.mark.django_db(transaction=True)


def _orders(org: Any, title: str) -> None:
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title=title, document=PRESETS["lenin-era"]
    )


def test_six_decisions_at_once_get_six_numbers(org: Any) -> None:
    before = Decision.objects.filter(body=org.committee).count()
    outcomes = simultaneously([functools.partial(_orders, org, f"Orders {i}") for i in range(6)])
    assert errors_of(outcomes) == []
    numbers = sorted(
        Decision.objects.filter(body=org.committee, kind=DecisionKind.ORDERS).values_list(
            "number", flat=True
        )
    )
    assert numbers == list(range(1, before + 7))
    assert_all_intact()


def test_one_dissent_sent_six_times_is_attached_once(org: Any) -> None:
    m = _open(org, supporters=0)
    _adopted(m, "On the archive", "The archive stays closed.", FOR)
    decision = Decision.objects.get(kind=DecisionKind.RESOLUTION)
    dissenter = _member(m, 5)  # voted no
    outcomes = simultaneously(
        [
            functools.partial(
                attach_dissent, actor=m.chair, decision=decision, member=dissenter, text="No."
            )
        ]
        * 6
    )
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert {rule for rule, _sentence in refusals_of(outcomes)} == {"dissent.given"}
    assert Dissent.objects.count() == 1
    assert_all_intact()


def test_procedural_motions_moved_at_once_get_distinct_numbers(org: Any) -> None:
    m = _open(org, supporters=0)
    _main(m)  # points of order arise out of the pending question
    outcomes = simultaneously(
        [
            functools.partial(
                actions.move_procedural,
                actor=m.chair,
                sitting=m.sitting,
                key="point-of-order",
                member=_member(m, index),
            )
            for index in range(1, 5)
        ]
    )
    assert errors_of(outcomes) == []
    assert sorted(ProceduralMotion.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert_all_intact()
