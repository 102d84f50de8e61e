"""Quorum: how many full members must take part (or approve) for a vote to count.

A quorum is either a fixed number of full members or a share of the full seats ("more
than" or "at least" p/q), counted as one of:

    opening    full members present when the sitting opened
    vote       full members present at the vote (the default)
    voting     ballots cast, invalid ones included (a participation quorum)
    yes        yes votes (an approval quorum: a proposal failing it is not adopted)

Short string form: AMOUNT[:COUNTED], AMOUNT being "more-than-half", "two-thirds",
"more-than:P/Q", "at-least:P/Q" or a whole number ("50" means at least 50):
"more-than-half", "at-least:1/3:opening", "50:voting", "at-least:1/4:yes".

Dict form (JSON, as stored in standing orders): {"counted": "vote", "comparison":
"more-than", "fraction": "1/2"} or {"counted": "voting", "number": 50}.
Quorums count heads, never weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from collegium.rules.errors import RuleError
from collegium.rules.majority import (
    HALF,
    Comparison,
    SpecInvalid,
    needed_units,
    parse_fraction,
    share_words,
)
from collegium.rules.text import _


class Counted(StrEnum):
    OPENING = "opening"
    VOTE = "vote"
    VOTING = "voting"
    YES = "yes"


_NAMED = {
    "more-than-half": (Comparison.MORE_THAN, HALF),
    "two-thirds": (Comparison.AT_LEAST, Fraction(2, 3)),
}
_KEYS = {"counted", "comparison", "fraction", "number"}


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 full member", "1,203 full members"."""
    word = noun if count == 1 else (nouns or noun + "s")
    return f"{count:,} {word}"


@dataclass(frozen=True)
class QuorumRule:
    """Exactly one of `number` and `share` is set."""

    counted: Counted = Counted.VOTE
    number: int | None = None
    share: Fraction | None = None
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        if (self.number is None) == (self.share is None):
            raise RuleError("a quorum is either a number or a fraction", rule="quorum")
        if self.number is not None and self.number < 1:
            raise RuleError("a quorum number must be at least 1", rule="quorum")
        if self.share is not None and not 0 < self.share <= 1:
            raise RuleError("a quorum fraction must be above 0 and up to 1", rule="quorum")

    def needed(self, full_seats: int) -> int:
        if self.number is not None:
            return self.number
        assert self.share is not None
        return needed_units(self.share, self.comparison, full_seats)

    def spec(self) -> str:
        if self.number is not None:
            amount = str(self.number)
        else:
            assert self.share is not None
            named = [name for name, rule in _NAMED.items() if rule == (self.comparison, self.share)]
            share = f"{self.share.numerator}/{self.share.denominator}"
            amount = named[0] if named else f"{self.comparison}:{share}"
        return amount if self.counted is Counted.VOTE else f"{amount}:{self.counted}"

    def to_document(self) -> dict[str, object]:
        if self.number is not None:
            return {"counted": str(self.counted), "number": self.number}
        assert self.share is not None
        return {
            "counted": str(self.counted),
            "comparison": str(self.comparison),
            "fraction": f"{self.share.numerator}/{self.share.denominator}",
        }

    def amount_words(self) -> str:
        if self.number is not None:
            return _("at least %(count)s") % {"count": f"{self.number:,}"}
        assert self.share is not None
        if self.comparison is Comparison.AT_LEAST:
            return _("at least %(share)s of the") % {"share": share_words(self.share)}
        return _("more than %(share)s of the") % {"share": share_words(self.share)}

    def describe(self) -> str:
        """ "more than half of the full members present at the vote"."""
        amount = self.amount_words()
        counted = {
            Counted.OPENING: _("full members present at the opening"),
            Counted.VOTE: _("full members present at the vote"),
            Counted.VOTING: _("full members voting"),
            Counted.YES: _("full members voting yes (an approval quorum)"),
        }[self.counted]
        return _("%(amount)s %(counted)s") % {"amount": amount, "counted": counted}


@dataclass(frozen=True)
class QuorumResult:
    rule: QuorumRule
    count: int
    full_seats: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.count >= self.needed

    @property
    def approval(self) -> bool:
        return self.rule.counted is Counted.YES

    def sentence(self) -> str:
        """ "quorum not reached: 61 of 133 full members present, 67 needed"."""
        kind = "approval quorum" if self.approval else "quorum"
        state = "reached" if self.reached else "not reached"
        of = plural(self.full_seats, "full member")
        counted = {
            Counted.OPENING: f"{self.count:,} of {of} present at the opening",
            Counted.VOTE: f"{self.count:,} of {of} present",
            Counted.VOTING: f"{self.count:,} of {of} voted",
            Counted.YES: f"{self.count:,} yes of {of}",
        }[self.rule.counted]
        return f"{kind} {state}: {counted}, {self.needed:,} needed"

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule.spec(),
            "counted": str(self.rule.counted),
            "count": self.count,
            "full_seats": self.full_seats,
            "needed": self.needed,
            "reached": self.reached,
            "sentence": self.sentence(),
        }


def check_quorum(
    rule: QuorumRule,
    *,
    full_seats: int,
    present_at_opening: int | None = None,
    present_at_vote: int | None = None,
    voting: int | None = None,
    yes: int | None = None,
) -> QuorumResult:
    """Measure the figure the rule counts; the others may be left out."""
    figures = {
        Counted.OPENING: present_at_opening,
        Counted.VOTE: present_at_vote,
        Counted.VOTING: voting,
        Counted.YES: yes,
    }
    count = figures[rule.counted]
    if count is None:
        raise RuleError(
            f"the quorum counts {rule.describe()}, but that was not recorded", rule="quorum"
        )
    if count < 0 or full_seats < 0:
        raise RuleError("quorum figures cannot be negative", rule="quorum")
    if count > full_seats:
        raise RuleError(f"{count:,} counted but only {full_seats:,} full seats", rule="quorum")
    return QuorumResult(rule, count, full_seats, rule.needed(full_seats))


def _from_string(text: str) -> QuorumRule:
    tokens = text.strip().split(":")
    counted = Counted.VOTE
    if len(tokens) > 1 and tokens[-1] in set(Counted):
        counted = Counted(tokens.pop())
    name, rest = tokens[0], tokens[1:]
    if name.isdigit() and not rest:
        return QuorumRule(counted, number=int(name))
    if name in _NAMED and not rest:
        comparison, share = _NAMED[name]
        return QuorumRule(counted, share=share, comparison=comparison)
    if name in set(Comparison) and len(rest) == 1:
        return QuorumRule(counted, share=parse_fraction(rest[0]), comparison=Comparison(name))
    raise ValueError(
        f"unknown quorum {text!r}; write e.g. 'more-than-half', 'at-least:1/3:opening' or '50'"
    )


def _from_dict(value: Mapping[str, object]) -> QuorumRule:
    problems: list[tuple[str, str]] = []
    for key in sorted(set(value) - _KEYS):
        problems.append((key, "unknown key"))
    counted_value = value.get("counted", "vote")
    if counted_value not in set(Counted):
        known = ", ".join(Counted)
        problems.append(("counted", f"unknown {counted_value!r}; known: {known}"))
    comparison_value = value.get("comparison", "more-than")
    if comparison_value not in set(Comparison):
        problems.append(("comparison", f"unknown {comparison_value!r}; known: more-than, at-least"))
    number, share = value.get("number"), None
    if "number" in value and "comparison" in value:
        problems.append(("comparison", "applies only to a fraction; a number means at least"))
    if ("number" in value) == ("fraction" in value):
        problems.append(("", "give either 'number' or 'fraction'"))
    elif "number" in value and (not isinstance(number, int) or isinstance(number, bool)):
        problems.append(("number", f"must be a whole number, not {number!r}"))
    elif isinstance(number, int) and number < 1:
        problems.append(("number", f"{number} is below 1"))
    elif "fraction" in value:
        try:
            share = parse_fraction(value["fraction"])
        except ValueError as error:
            problems.append(("fraction", str(error)))
    if problems:
        raise SpecInvalid(problems, rule="quorum")
    return QuorumRule(
        Counted(str(counted_value)),
        number=number if isinstance(number, int) else None,
        share=share,
        comparison=Comparison(str(comparison_value)),
    )


def parse_quorum(value: object) -> QuorumRule:
    """A quorum from its short string or its dict form; SpecInvalid names each bad field."""
    if isinstance(value, Mapping):
        return _from_dict(value)
    if isinstance(value, str):
        try:
            return _from_string(value)
        except (ValueError, RuleError) as error:
            raise SpecInvalid([("", str(error))], rule="quorum") from None
    raise SpecInvalid([("", f"must be a string or an object, not {value!r}")], rule="quorum")
