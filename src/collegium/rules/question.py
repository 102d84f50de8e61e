"""Deciding a yes/no/abstain question: tally, quorum, majority and tie rule give a Decision.

Order of judgement:
1. A presence or participation quorum not reached: the question is not decided.
2. The majority rule: every part must hold.
3. A tie: when the only failing parts sit exactly on a "more than" boundary (for the simple
   majority: yes == no), the tie rule decides — the question fails, the chair's casting
   vote decides, or a lot drawn from a recorded seed does. An "at least" part cannot tie:
   reaching its boundary meets it.
4. An approval quorum (a minimum of yes votes) not reached: not adopted.

The Decision explains itself in one sentence with the rule and the numbers, e.g.
"Adopted: 700 yes, 300 no (yes+no base 1,000); more than half needed 501."
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.majority import MajorityRule, PartResult, evaluate
from collegium.rules.quorum import QuorumResult, QuorumRule, check_quorum
from collegium.rules.results import LotDraw
from collegium.rules.ties import Lot
from collegium.rules.vote_tally import Amount, Base, Measure, Tally


class Outcome(StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not-adopted"
    NOT_DECIDED = "not-decided"  # quorum not reached: the question stays open


class TieRule(StrEnum):
    FAIL = "fail"
    CASTING_VOTE = "casting-vote"
    LOT = "lot"


class CastingVoteRequired(RuleError):
    """The vote is tied and the standing orders give the chair a casting vote: ask for it."""


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    sentence: str
    rule: str  # the majority rule's short spec
    parts: tuple[PartResult, ...] = ()
    quorum: QuorumResult | None = None
    tied: bool = False
    tie_rule: TieRule = TieRule.FAIL
    casting_vote: bool | None = None
    lot: LotDraw | None = None
    lot_seed: str = ""
    tally: Tally | None = field(default=None, compare=False)

    @property
    def adopted(self) -> bool:
        return self.outcome is Outcome.ADOPTED

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": str(self.outcome),
            "adopted": self.adopted,
            "sentence": self.sentence,
            "rule": self.rule,
            "parts": [part.to_json() for part in self.parts],
            "quorum": None if self.quorum is None else self.quorum.to_json(),
            "tied": self.tied,
            "tie_rule": str(self.tie_rule),
            "casting_vote": self.casting_vote,
            "lot": None
            if self.lot is None
            else {"seed": self.lot_seed, "tied": list(self.lot.tied), "chosen": self.lot.chosen},
        }


def _amount(value: Amount) -> str:
    """Thousands separators; weights exactly as counted, without exponent or trailing zeros."""
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _count(value: Amount, noun: str, nouns: str) -> str:
    return f"{_amount(value)} {noun if value == 1 else nouns}"


def _figures(result: PartResult) -> str:
    """ "700 yes, 300 no (yes+no base 1,000)" or "801 yes of 1,203 valid votes"."""
    yes, base = _amount(result.yes), result.base_size
    if result.part.measure is Measure.WEIGHT:
        if result.part.base is Base.YES_NO:
            return f"{yes} yes, {_amount(result.no)} no by weight (yes+no base {_amount(base)})"
        noun = {
            Base.VALID: "valid weight",
            Base.CAST: "weight cast",
            Base.PRESENT: "weight present",
            Base.ENTITLED: "weight of all full members",
        }[result.part.base]
        return f"{yes} yes by weight of {_amount(base)} {noun}"
    if result.part.base is Base.YES_NO:
        return f"{yes} yes, {_amount(result.no)} no (yes+no base {_amount(base)})"
    of = {
        Base.VALID: _count(base, "valid vote", "valid votes"),
        Base.CAST: _count(base, "vote cast", "votes cast"),
        Base.PRESENT: _count(base, "member present", "members present"),
        Base.ENTITLED: _count(base, "full member", "full members"),
    }[result.part.base]
    return f"{yes} yes of {of}"


def _clause(result: PartResult, *, compound: bool) -> str:
    figures = _figures(result)
    if result.base_size == 0:
        return f"{figures}; the base is zero, so {result.part.label()} cannot be reached"
    needed = f"{result.part.label()} needed {_amount(result.needed)}"
    if not compound:
        return f"{figures}; {needed}"
    return f"{figures}, {needed} ({'met' if result.met else 'not met'})"


def majority_sentence(results: tuple[PartResult, ...]) -> str:
    compound = len(results) > 1
    return "; and ".join(_clause(result, compound=compound) for result in results)


def _tie_words(tie_rule: TieRule, adopted: bool, seed: str) -> str:
    if tie_rule is TieRule.FAIL:
        return "tied, and a tie fails"
    if tie_rule is TieRule.CASTING_VOTE:
        return f"tied, and the chair's casting vote was {'yes' if adopted else 'no'}"
    chosen = "adopted" if adopted else "not adopted"
    return f"tied, and the lot drawn from seed {seed!r} chose {chosen}"


def decide(
    tally: Tally,
    rule: MajorityRule,
    *,
    quorum: QuorumRule | None = None,
    present_at_opening: int | None = None,
    tie_rule: TieRule = TieRule.FAIL,
    casting_vote: bool | None = None,
    seed: str = "",
    subject: str = "question",
) -> Decision:
    """Decide a question. `casting_vote` is the chair's (True = yes), asked for only on a tie.

    `seed` is the recorded seed for a lot; `subject` names the question in the lot's record.
    Raises CastingVoteRequired when the tie rule needs the chair's vote and none is given.
    """
    spec = rule.spec()
    quorum_result: QuorumResult | None = None
    if quorum is not None:
        if tally.entitled is None:
            raise RuleError("a quorum needs the number of full seats", rule="quorum")
        quorum_result = check_quorum(
            quorum,
            full_seats=tally.entitled,
            present_at_opening=present_at_opening,
            present_at_vote=tally.present,
            voting=tally.cast,
            yes=tally.yes,
        )
        if not quorum_result.reached and not quorum_result.approval:
            sentence = f"Not decided: {quorum_result.sentence()}."
            return Decision(Outcome.NOT_DECIDED, sentence, spec, quorum=quorum_result, tally=tally)

    results = evaluate(rule, tally)
    failing = [result for result in results if not result.met]
    tied = bool(failing) and all(result.tied for result in failing)
    adopted = not failing
    lot: LotDraw | None = None
    used_casting_vote: bool | None = None
    if tied:
        if tie_rule is TieRule.CASTING_VOTE:
            if casting_vote is None:
                raise CastingVoteRequired(
                    f"Tied: {majority_sentence(results)}; the chair's casting vote decides.",
                    rule=spec,
                )
            adopted = used_casting_vote = casting_vote
        elif tie_rule is TieRule.LOT:
            if not seed:
                raise RuleError("a lot needs a recorded seed", rule=spec)
            drawer = Lot(seed)
            adopted = drawer.draw(["adopted", "not adopted"], f"tie on {subject}") == "adopted"
            lot = drawer.draws[-1]

    sentence = majority_sentence(results)
    if tied:
        sentence += f"; {_tie_words(tie_rule, adopted, seed)}"
    if adopted and quorum_result is not None and not quorum_result.reached:
        adopted = False
        sentence += f", but {quorum_result.sentence()}"
    outcome = Outcome.ADOPTED if adopted else Outcome.NOT_ADOPTED
    prefix = "Adopted" if adopted else "Not adopted"
    return Decision(
        outcome,
        f"{prefix}: {sentence}.",
        spec,
        results,
        quorum_result,
        tied,
        tie_rule,
        used_casting_vote,
        lot,
        seed if lot is not None else "",
        tally,
    )
