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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import (
    HALF,
    Comparison,
    SpecInvalid,
    fraction_text,
    needed_units,
    parse_fraction,
)
from collegium.rules.text import _, figure, gettext_noop, ngettext


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

# How a share of the full members reads; any other share is written p/q.
_SHARE_WORDS = {
    HALF: gettext_noop("half"),
    Fraction(2, 3): gettext_noop("two-thirds"),
    Fraction(3, 4): gettext_noop("three-quarters"),
}
# describe(): a number of full members, per what is counted. (Plural pairs are written out
# as ngettext calls, so that makemessages finds them as pairs.)
_AT_LEAST_NUMBER: dict[Counted, Callable[[int], str]] = {
    Counted.OPENING: lambda n: ngettext(
        "at least %(count)s full member present at the opening",
        "at least %(count)s full members present at the opening",
        n,
    ),
    Counted.VOTE: lambda n: ngettext(
        "at least %(count)s full member present at the vote",
        "at least %(count)s full members present at the vote",
        n,
    ),
    Counted.VOTING: lambda n: ngettext(
        "at least %(count)s full member voting", "at least %(count)s full members voting", n
    ),
    Counted.YES: lambda n: ngettext(
        "at least %(count)s full member voting yes (an approval quorum)",
        "at least %(count)s full members voting yes (an approval quorum)",
        n,
    ),
}
# describe(): a share of the full members, per comparison and what is counted.
_SHARE_OF = {
    (Comparison.MORE_THAN, Counted.OPENING): gettext_noop(
        "more than %(share)s of the full members present at the opening"
    ),
    (Comparison.MORE_THAN, Counted.VOTE): gettext_noop(
        "more than %(share)s of the full members present at the vote"
    ),
    (Comparison.MORE_THAN, Counted.VOTING): gettext_noop(
        "more than %(share)s of the full members voting"
    ),
    (Comparison.MORE_THAN, Counted.YES): gettext_noop(
        "more than %(share)s of the full members voting yes (an approval quorum)"
    ),
    (Comparison.AT_LEAST, Counted.OPENING): gettext_noop(
        "at least %(share)s of the full members present at the opening"
    ),
    (Comparison.AT_LEAST, Counted.VOTE): gettext_noop(
        "at least %(share)s of the full members present at the vote"
    ),
    (Comparison.AT_LEAST, Counted.VOTING): gettext_noop(
        "at least %(share)s of the full members voting"
    ),
    (Comparison.AT_LEAST, Counted.YES): gettext_noop(
        "at least %(share)s of the full members voting yes (an approval quorum)"
    ),
}
# QuorumResult.sentence(), per what is counted and whether it was reached; the plural
# follows the number of full seats.
_RESULT: dict[tuple[Counted, bool], Callable[[int], str]] = {
    (Counted.OPENING, True): lambda n: ngettext(
        "quorum reached: %(count)s of %(seats)s full member present at the opening, "
        "%(needed)s needed",
        "quorum reached: %(count)s of %(seats)s full members present at the opening, "
        "%(needed)s needed",
        n,
    ),
    (Counted.OPENING, False): lambda n: ngettext(
        "quorum not reached: %(count)s of %(seats)s full member present at the opening, "
        "%(needed)s needed",
        "quorum not reached: %(count)s of %(seats)s full members present at the opening, "
        "%(needed)s needed",
        n,
    ),
    (Counted.VOTE, True): lambda n: ngettext(
        "quorum reached: %(count)s of %(seats)s full member present, %(needed)s needed",
        "quorum reached: %(count)s of %(seats)s full members present, %(needed)s needed",
        n,
    ),
    (Counted.VOTE, False): lambda n: ngettext(
        "quorum not reached: %(count)s of %(seats)s full member present, %(needed)s needed",
        "quorum not reached: %(count)s of %(seats)s full members present, %(needed)s needed",
        n,
    ),
    (Counted.VOTING, True): lambda n: ngettext(
        "quorum reached: %(count)s of %(seats)s full member voted, %(needed)s needed",
        "quorum reached: %(count)s of %(seats)s full members voted, %(needed)s needed",
        n,
    ),
    (Counted.VOTING, False): lambda n: ngettext(
        "quorum not reached: %(count)s of %(seats)s full member voted, %(needed)s needed",
        "quorum not reached: %(count)s of %(seats)s full members voted, %(needed)s needed",
        n,
    ),
    (Counted.YES, True): lambda n: ngettext(
        "approval quorum reached: %(count)s yes of %(seats)s full member, %(needed)s needed",
        "approval quorum reached: %(count)s yes of %(seats)s full members, %(needed)s needed",
        n,
    ),
    (Counted.YES, False): lambda n: ngettext(
        "approval quorum not reached: %(count)s yes of %(seats)s full member, %(needed)s needed",
        "approval quorum not reached: %(count)s yes of %(seats)s full members, %(needed)s needed",
        n,
    ),
}


@dataclass(frozen=True)
class QuorumRule:
    """Exactly one of `number` and `share` is set."""

    counted: Counted = Counted.VOTE
    number: int | None = None
    share: Fraction | None = None
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        if (self.number is None) == (self.share is None):
            raise RuleError(
                _("a quorum is either a number or a fraction"), rule="quorum.number-or-fraction"
            )
        if self.number is not None and self.number < 1:
            raise RuleError(_("a quorum number must be at least 1"), rule="quorum.number")
        if self.share is not None and not 0 < self.share <= 1:
            raise RuleError(
                _("a quorum fraction must be above 0 and up to 1"), rule="quorum.fraction"
            )

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

    def describe(self) -> str:
        """ "more than half of the full members present at the vote"."""
        if self.number is not None:
            return _AT_LEAST_NUMBER[self.counted](self.number) % {"count": figure(self.number)}
        assert self.share is not None
        words = _SHARE_WORDS.get(self.share)
        share = _(words) if words is not None else fraction_text(self.share)
        return _(_SHARE_OF[self.comparison, self.counted]) % {"share": share}


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
        return _RESULT[self.rule.counted, self.reached](self.full_seats) % {
            "count": figure(self.count),
            "seats": figure(self.full_seats),
            "needed": figure(self.needed),
        }

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
            _("the quorum counts %(rule)s, but that was not recorded") % {"rule": rule.describe()},
            rule="quorum.figure-missing",
        )
    if count < 0 or full_seats < 0:
        raise RuleError(_("quorum figures cannot be negative"), rule="quorum.negative")
    if count > full_seats:
        raise RuleError(
            ngettext(
                "%(count)s counted but only %(seats)s full seat",
                "%(count)s counted but only %(seats)s full seats",
                full_seats,
            )
            % {"count": figure(count), "seats": figure(full_seats)},
            rule="quorum.over-full-seats",
        )
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
        _("unknown quorum %(spec)s; write e.g. 'more-than-half', 'at-least:1/3:opening' or '50'")
        % {"spec": repr(text)}
    )


def _from_dict(value: Mapping[str, object]) -> QuorumRule:
    problems: list[tuple[str, str]] = []
    for key in sorted(set(value) - _KEYS):
        problems.append((key, _("unknown key")))
    counted_value = value.get("counted", "vote")
    if counted_value not in set(Counted):
        known = ", ".join(Counted)
        problems.append(
            (
                "counted",
                _("unknown %(value)s; known: %(known)s")
                % {"value": repr(counted_value), "known": known},
            )
        )
    comparison_value = value.get("comparison", "more-than")
    if comparison_value not in set(Comparison):
        known = ", ".join(Comparison)
        problems.append(
            (
                "comparison",
                _("unknown %(value)s; known: %(known)s")
                % {"value": repr(comparison_value), "known": known},
            )
        )
    number, share = value.get("number"), None
    if "number" in value and "comparison" in value:
        problems.append(("comparison", _("applies only to a fraction; a number means at least")))
    if ("number" in value) == ("fraction" in value):
        problems.append(("", _("give either 'number' or 'fraction'")))
    elif "number" in value and (not isinstance(number, int) or isinstance(number, bool)):
        problems.append(
            ("number", _("must be a whole number, not %(value)s") % {"value": repr(number)})
        )
    elif isinstance(number, int) and number < 1:
        problems.append(("number", _("%(value)s is below %(low)s") % {"value": number, "low": 1}))
    elif "fraction" in value:
        try:
            share = parse_fraction(value["fraction"])
        except ValueError as error:
            problems.append(("fraction", str(error)))
    if problems:
        raise SpecInvalid(problems, rule="quorum.spec")
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
            raise SpecInvalid([("", str(error))], rule="quorum.spec") from None
    raise SpecInvalid(
        [("", _("must be a string or an object, not %(value)s") % {"value": repr(value)})],
        rule="quorum.spec",
    )
