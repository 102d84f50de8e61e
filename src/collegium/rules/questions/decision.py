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

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import MajorityRule, PartResult, evaluate
from collegium.rules.questions.quorum import QuorumResult, QuorumRule, check_quorum
from collegium.rules.questions.tally import Base, Measure, Tally
from collegium.rules.text import _, figure, gettext_noop, ngettext
from collegium.rules.ties import Lot, LotDraw


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


# The figures a part was judged on. A base other than yes+no is counted in heads (singular
# and plural, after the size of the base) or in weight.
_YES_NO_FIGURES = {
    Measure.HEADS: gettext_noop("%(yes)s yes, %(no)s no (yes+no base %(base)s)"),
    Measure.WEIGHT: gettext_noop("%(yes)s yes, %(no)s no by weight (yes+no base %(base)s)"),
}
# (Plural pairs are written out as ngettext calls, so that makemessages finds them as pairs.)
_HEADS_FIGURES: dict[Base, Callable[[int], str]] = {
    Base.VALID: lambda n: ngettext(
        "%(yes)s yes of %(base)s valid vote", "%(yes)s yes of %(base)s valid votes", n
    ),
    Base.CAST: lambda n: ngettext(
        "%(yes)s yes of %(base)s vote cast", "%(yes)s yes of %(base)s votes cast", n
    ),
    Base.PRESENT: lambda n: ngettext(
        "%(yes)s yes of %(base)s member present", "%(yes)s yes of %(base)s members present", n
    ),
    Base.ENTITLED: lambda n: ngettext(
        "%(yes)s yes of %(base)s full member", "%(yes)s yes of %(base)s full members", n
    ),
}
_WEIGHT_FIGURES = {
    Base.VALID: gettext_noop("%(yes)s yes by weight of %(base)s valid weight"),
    Base.CAST: gettext_noop("%(yes)s yes by weight of %(base)s weight cast"),
    Base.PRESENT: gettext_noop("%(yes)s yes by weight of %(base)s weight present"),
    Base.ENTITLED: gettext_noop("%(yes)s yes by weight of %(base)s weight of all full members"),
}
# The lot on a tie draws between these two stable keys (never translated: the draw hashes
# them, so anyone holding the seed can re-draw it).
LOT_ADOPTED = "adopted"
LOT_NOT_ADOPTED = "not adopted"


def _figures(result: PartResult) -> str:
    """ "700 yes, 300 no (yes+no base 1,000)" or "801 yes of 1,203 valid votes"."""
    values = {
        "yes": figure(result.yes),
        "no": figure(result.no),
        "base": figure(result.base_size),
    }
    base, measure = result.part.base, result.part.measure
    if base is Base.YES_NO:
        return _(_YES_NO_FIGURES[measure]) % values
    if measure is Measure.WEIGHT:
        return _(_WEIGHT_FIGURES[base]) % values
    # A head count is a whole number; ngettext picks the form for it.
    return _HEADS_FIGURES[base](int(result.base_size)) % values


def _clause(result: PartResult, *, compound: bool) -> str:
    values = {
        "figures": _figures(result),
        "threshold": result.part.label(),
        "needed": figure(result.needed),
    }
    if result.base_size == 0:
        return _("%(figures)s; the base is zero, so %(threshold)s cannot be reached") % values
    if not compound:
        return _("%(figures)s; %(threshold)s needed %(needed)s") % values
    if result.met:
        return _("%(figures)s, %(threshold)s needed %(needed)s (met)") % values
    return _("%(figures)s, %(threshold)s needed %(needed)s (not met)") % values


def majority_sentence(results: tuple[PartResult, ...]) -> str:
    compound = len(results) > 1
    text = _clause(results[0], compound=compound)
    for result in results[1:]:
        # Translators: the next part of a compound majority, each with its figures.
        text = _("%(parts)s; and %(part)s") % {
            "parts": text,
            "part": _clause(result, compound=compound),
        }
    return text


def _with_tie(sentence: str, tie_rule: TieRule, adopted: bool, seed: str) -> str:
    values = {"majority": sentence, "seed": repr(seed)}
    if tie_rule is TieRule.FAIL:
        return _("%(majority)s; tied, and a tie fails") % values
    if tie_rule is TieRule.CASTING_VOTE:
        if adopted:
            return _("%(majority)s; tied, and the chair's casting vote was yes") % values
        return _("%(majority)s; tied, and the chair's casting vote was no") % values
    if adopted:
        return _("%(majority)s; tied, and the lot drawn from seed %(seed)s chose adopted") % values
    return _("%(majority)s; tied, and the lot drawn from seed %(seed)s chose not adopted") % values


def decide(
    tally: Tally,
    rule: MajorityRule,
    *,
    quorum: QuorumRule | None = None,
    present_at_opening: int | None = None,
    tie_rule: TieRule = TieRule.FAIL,
    casting_vote: bool | None = None,
    seed: str = "",
    subject: str = "",
) -> Decision:
    """Decide a question. `casting_vote` is the chair's (True = yes), asked for only on a tie.

    `seed` is the recorded seed for a lot; `subject` names the question in the lot's record.
    Raises CastingVoteRequired when the tie rule needs the chair's vote and none is given.
    """
    spec = rule.spec()
    quorum_result: QuorumResult | None = None
    if quorum is not None:
        if tally.entitled is None:
            raise RuleError(
                _("a quorum needs the number of full seats"), rule="quorum.full-seats-missing"
            )
        quorum_result = check_quorum(
            quorum,
            full_seats=tally.entitled,
            present_at_opening=present_at_opening,
            present_at_vote=tally.present,
            voting=tally.cast,
            yes=tally.yes,
        )
        if not quorum_result.reached and not quorum_result.approval:
            sentence = _("Not decided: %(quorum)s.") % {"quorum": quorum_result.sentence()}
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
                    _("Tied: %(majority)s; the chair's casting vote decides.")
                    % {"majority": majority_sentence(results)},
                    rule="tie.casting-vote",
                )
            adopted = used_casting_vote = casting_vote
        elif tie_rule is TieRule.LOT:
            if not seed:
                raise RuleError(_("a lot needs a recorded seed"), rule="tie.lot-seed")
            drawer = Lot(seed)
            if subject:
                purpose = _("tie on %(subject)s") % {"subject": subject}
            else:
                purpose = _("tie on the question")
            chosen = drawer.draw([LOT_ADOPTED, LOT_NOT_ADOPTED], purpose)
            adopted = chosen == LOT_ADOPTED
            lot = drawer.draws[-1]

    sentence = majority_sentence(results)
    if tied:
        sentence = _with_tie(sentence, tie_rule, adopted, seed)
    if adopted and quorum_result is not None and not quorum_result.reached:
        adopted = False
        sentence = _("%(majority)s, but %(quorum)s") % {
            "majority": sentence,
            "quorum": quorum_result.sentence(),
        }
    outcome = Outcome.ADOPTED if adopted else Outcome.NOT_ADOPTED
    if adopted:
        sentence = _("Adopted: %(reasons)s.") % {"reasons": sentence}
    else:
        sentence = _("Not adopted: %(reasons)s.") % {"reasons": sentence}
    return Decision(
        outcome,
        sentence,
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
