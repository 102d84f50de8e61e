"""The ballot box at the close: rewritten in a random order, and its digest as published.

A secret ballot's box is rewritten in a random order before it is counted, so that
nothing in the rows (their order, the transaction that wrote them) follows the order of
casting; its digest is journaled, so that anyone shown the box can check it."""

from __future__ import annotations

import hashlib
import secrets

from collegium.voting.models import Ballot, Vote

_SHUFFLE = secrets.SystemRandom()


def box_digest(ballots: list[tuple[str, str]]) -> str:
    """SHA-256 of the box as published: one line "RECEIPT CONTENT" per ballot, by receipt."""
    lines = "".join(f"{receipt} {content}\n" for receipt, content in sorted(ballots))
    return hashlib.sha256(lines.encode()).hexdigest()


def sealed_box(vote: Vote) -> list[tuple[str, str]]:
    """The box's ballots, the box rewritten in a random order."""
    ballots = list(Ballot.objects.filter(vote=vote).values_list("receipt", "content"))
    _SHUFFLE.shuffle(ballots)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        [Ballot(receipt=r, vote=vote, content=c) for r, c in ballots], batch_size=1000
    )
    return ballots
