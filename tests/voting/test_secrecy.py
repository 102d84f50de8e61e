"""A secret ballot read as an insider would: after a vote of 300 delegates, the database
(the rows in the order the database returns them without ORDER BY, and on PostgreSQL the
transaction that wrote each row and its physical place), the journal and the logs give no
way to tie a ballot to its voter better than chance.

The insider knows the order in which the delegates voted (participation ids, the journal's
entries) and tries to line the ballots up with it. A box kept in the order of casting
would give every voter's choice away (the test fails so when closing.py's shuffle is taken
out); the sealed box must give no more than a random guess does."""

from __future__ import annotations

import logging
import random
from collections import Counter

import pytest
from django.db import connection

from collegium.journal.models import JournalEntry
from collegium.registry.models import Member
from collegium.voting import actions
from collegium.voting.actions import Cast
from collegium.voting.models import Ballot, Participation
from tests.conftest import Org
from tests.voting.congress import congress

VOTERS = 300
CHOICES = ["yes"] * 5 + ["no"] * 3 + ["abstain"] * 2


def _chance(truth: list[str]) -> float:
    """What lining up with a random order gets right, on average: the sum of the squared
    shares of each choice."""
    counts = Counter(truth)
    return sum((n / len(truth)) ** 2 for n in counts.values())


def _accuracy(guess: list[str], truth: list[str]) -> float:
    return sum(g == t for g, t in zip(guess, truth, strict=True)) / len(truth)


def test_no_ballot_can_be_tied_to_its_voter(org: Org, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = congress(org, VOTERS)
    vote = actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q", form="secret")
    rng = random.Random(1956)
    order = list(range(VOTERS))
    rng.shuffle(order)
    chosen = {index: rng.choice(CHOICES) for index in order}
    receipts: list[str] = []
    # The first hundred vote one by one, the others in batches of 1 to 25.
    position = 0
    while position < VOTERS:
        size = 1 if position < 100 else rng.randint(1, 25)
        batch = order[position : position + size]
        results = actions.cast_ballots(
            actor=c.chair,
            vote=vote,
            casts=[Cast(c.users[i].pk, chosen[i]) for i in batch],
        )
        assert all(r.accepted for r in results)
        receipts += [r.receipt for r in results]
        position += size
    closed = actions.close_vote(actor=c.chair, vote=vote)
    assert (closed.yes, closed.no, closed.abstain) != (None, None, None)
    assert sum(n or 0 for n in (closed.yes, closed.no, closed.abstain)) == VOTERS

    # The insider's view of who voted when: participations by id (their insertion order).
    user_of_member = dict(Member.objects.values_list("pk", "user_id"))
    index_of_user = {u.pk: i for i, u in enumerate(c.users)}
    voted_in_order = [
        index_of_user[user_of_member[member]]
        for member in Participation.objects.filter(vote=vote)
        .order_by("pk")
        .values_list("voter__member_id", flat=True)
    ]
    assert voted_in_order == order  # the insider knows this much
    truth = [chosen[i] for i in voted_in_order]
    chance = _chance(truth)
    margin = 0.12  # four standard deviations of a random guess's accuracy at 300 voters

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM voting_ballot WHERE vote_id = %s", [vote.pk])
        as_returned = [row[0] for row in cursor.fetchall()]
        orders = {"as returned": as_returned}
        if connection.vendor == "postgresql":
            for name, key in (("by transaction", "xmin::text::bigint, ctid"), ("by place", "ctid")):
                cursor.execute(
                    f"SELECT content FROM voting_ballot WHERE vote_id = %s ORDER BY {key}",
                    [vote.pk],
                )
                orders[name] = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT count(DISTINCT xmin::text) FROM voting_ballot WHERE vote_id = %s",
                [vote.pk],
            )
            assert cursor.fetchone()[0] == 1  # the whole box was written by the close
        else:
            cursor.execute(
                "SELECT content FROM voting_ballot WHERE vote_id = %s ORDER BY rowid", [vote.pk]
            )
            orders["by rowid"] = [row[0] for row in cursor.fetchall()]
    for name, guess in orders.items():
        accuracy = _accuracy(guess, truth)
        assert accuracy <= chance + margin, (name, accuracy, chance)

    # Nothing in a ballot's row names a voter or a time.
    # The weight is the seat's vote weight (1 here, as for every unweighted seat): the
    # box publishes it; a weighted ballot is only as secret as its weight is common.
    assert {f.name for f in Ballot._meta.get_fields()} == {"receipt", "vote", "content", "weight"}
    assert set(Ballot.objects.values_list("weight", flat=True)) == {1}
    # The journal holds who voted, never a receipt or a choice per voter.
    journal = " ".join(str(p) for p in JournalEntry.objects.values_list("payload", flat=True))
    logs = " ".join(record.getMessage() for record in caplog.records)
    for receipt in receipts:
        assert receipt not in journal and receipt not in logs
