"""What every count returns: who is elected, the alternates, and the rounds that show why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from collegium.rules.ties import LotDraw


@dataclass(frozen=True)
class CountRound:
    """One stage of a count.

    votes: each candidate's votes at the end of the stage (exact decimals, never floats).
    transfers: votes moved in this stage, per candidate (negative for the giver).
    """

    number: int
    action: str  # e.g. "first preferences", "surplus of A", "exclusion of B", "run-off"
    votes: Mapping[str, Decimal] = field(default_factory=dict)
    transfers: Mapping[str, Decimal] = field(default_factory=dict)
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    exhausted: Decimal = Decimal(0)
    note: str = ""
    # Votes lost to rounding so far (Scottish STV truncates transfer values to 5 places).
    loss: Decimal = Decimal(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "action": self.action,
            "votes": {k: str(v) for k, v in self.votes.items()},
            "transfers": {k: str(v) for k, v in self.transfers.items()},
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "exhausted": str(self.exhausted),
            "note": self.note,
            "loss": str(self.loss),
        }


@dataclass(frozen=True)
class ElectionResult:
    """The outcome of an election count.

    elected: in order of election. alternates: in rank order (first steps up first).
    explanation: one sentence naming the method and the deciding numbers.
    """

    method: str
    elected: tuple[str, ...]
    alternates: tuple[str, ...] = ()
    rounds: tuple[CountRound, ...] = ()
    quota: Decimal | None = None
    lots: tuple[LotDraw, ...] = ()
    explanation: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "elected": list(self.elected),
            "alternates": list(self.alternates),
            "quota": None if self.quota is None else str(self.quota),
            "rounds": [r.to_json() for r in self.rounds],
            "lots": [
                {"purpose": d.purpose, "tied": list(d.tied), "chosen": d.chosen} for d in self.lots
            ],
            "explanation": self.explanation,
        }
