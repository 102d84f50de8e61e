"""The ballot box at the close: rewritten in a random order, and its digest as published.

A secret ballot's box is rewritten in a random order before it is counted, so that
nothing in the rows (their order, the transaction that wrote them) follows the order of
casting; its digest is journaled, so that anyone shown the box can check it."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from collegium.voting.models import Ballot, Vote

# A ballot in the box: its receipt, what it says, and its weight (1 unless the seat's).
Boxed = tuple[str, str, Decimal]

_SHUFFLE = secrets.SystemRandom()


def weight_text(weight: Decimal) -> str:
    """A weight as the box publishes it: 2.5, not 2.500."""
    return format(weight.normalize(), "f")


def box_line(receipt: str, content: str, weight: Decimal) -> str:
    """A ballot as published: "RECEIPT CONTENT", and " WEIGHT" when its weight is not 1."""
    return f"{receipt} {content}" + ("" if weight == 1 else f" {weight_text(weight)}")


def box_digest(ballots: list[Boxed]) -> str:
    """SHA-256 of the box as published: one line per ballot (box_line), by receipt."""
    lines = "".join(box_line(*ballot) + "\n" for ballot in sorted(ballots))
    return hashlib.sha256(lines.encode()).hexdigest()


def sealed_box(vote: Vote) -> list[Boxed]:
    """The box's ballots, the box rewritten in a random order."""
    ballots = list(Ballot.objects.filter(vote=vote).values_list("receipt", "content", "weight"))
    _SHUFFLE.shuffle(ballots)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        [Ballot(receipt=r, vote=vote, content=c, weight=w) for r, c, w in ballots],
        batch_size=1000,
    )
    return ballots
