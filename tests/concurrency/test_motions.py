"""Motions under simultaneous actions (both databases): motions submitted from six threads
at once get six numbers; one member's support sent six times counts once; a motion put to
the vote from six threads opens one vote."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from collegium.motions import actions
from collegium.motions.models import Motion, Support
from collegium.voting.models import Vote
from tests.concurrency.conftest import errors_of, refusals_of, simultaneously, successes_of
from tests.journal.chains import assert_all_intact
from tests.motions.test_motions import _open
from tests.voting.helpers import sitting_open

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(m: Any, title: str) -> Motion:
    member = m.full[0].member
    return actions.submit_motion(
        actor=m.chair, body=m.org.committee, title=title, text="It resolves.", submitters=[member]
    )


def test_six_motions_at_once_get_six_numbers_and_one_support_counts_once(org: Any) -> None:
    m = sitting_open(org)
    outcomes = simultaneously([functools.partial(_submit, m, f"Motion {i}") for i in range(6)])
    assert errors_of(outcomes) == []
    assert sorted(Motion.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    motion = Motion.objects.get(number=1)
    supporter = m.full[1].member
    assert supporter is not None
    supports = simultaneously(
        [lambda: actions.support_motion(actor=m.chair, motion=motion, member=supporter)] * 6
    )
    assert errors_of(supports) == []
    assert len(successes_of(supports)) == 1
    assert {rule for rule, _sentence in refusals_of(supports)} == {"motion.supported"}
    assert Support.objects.filter(motion=motion).count() == 2
    assert_all_intact()


def test_a_motion_put_to_the_vote_six_times_at_once_opens_one_vote(org: Any) -> None:
    m = _open(org, supporters=0)  # the Lenin-era rules ask ten supporters
    motion = actions.table_motion(actor=m.chair, motion=_submit(m, "On the congress"))
    outcomes = simultaneously(
        [lambda: actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)] * 6
    )
    assert errors_of(outcomes) == []
    assert len(successes_of(outcomes)) == 1
    assert {rule for rule, _sentence in refusals_of(outcomes)} == {"motion.step"}
    assert Vote.objects.count() == 1
    assert_all_intact()
