"""Lots drawn from a recorded seed, so that a tie broken by lot can be re-drawn by anyone.

Questions (a tie decided by lot) and elections (a tie for a seat or a place) draw alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from collegium.rules.text import _


@dataclass(frozen=True)
class LotDraw:
    """A tie broken by lot: who was tied, who the lot chose, and why a choice was needed."""

    purpose: str
    tied: tuple[str, ...]
    chosen: str


class Lot:
    """Draws among tied names reproducibly.

    Each draw hashes the seed, the draw's number and the sorted tied names, so the outcome
    depends only on the recorded seed and on what was tied, not on list order or on the
    Python version's random generator.
    """

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.draws: list[LotDraw] = []

    def draw(self, tied: Sequence[str], purpose: str) -> str:
        names = sorted(tied)
        if not names:
            raise ValueError("a lot needs at least one name")
        if len(names) == 1:
            return names[0]
        digest = hashlib.sha256(
            "\x1f".join([self.seed, str(len(self.draws)), *names]).encode()
        ).digest()
        chosen = names[int.from_bytes(digest[:8], "big") % len(names)]
        self.draws.append(LotDraw(purpose=purpose, tied=tuple(names), chosen=chosen))
        return chosen

    def order(self, tied: Sequence[str], purpose: str) -> list[str]:
        """A full order of the tied names, drawn one place at a time."""
        remaining = list(tied)
        ordered: list[str] = []
        while remaining:
            place = _("%(purpose)s (place %(place)d)") % {
                "purpose": purpose,
                "place": len(ordered) + 1,
            }
            chosen = self.draw(remaining, place)
            ordered.append(chosen)
            remaining.remove(chosen)
        return ordered
