"""Majority rules: which base a vote is measured against, and what share of it is needed.

A rule is one or more *parts*; all parts must hold (a compound majority such as "two-thirds
of votes cast and more than half of all full members"). A part is a fraction p/q with a
comparison ("more than" or "at least"), a base and a measure (heads or weight).

Bases (figures from a `Tally`):
    yes-no     yes + no (abstentions and invalid ballots ignored)
    valid      yes + no + abstain
    cast       valid + invalid
    present    full members present at the vote
    entitled   all full seats

Short string form (standing orders and the CLI), one part:
    simple                     more than half of yes-no (more yes than no)
    absolute                   more than half of entitled
    more-than-half[:BASE]      more than 1/2
    two-thirds[:BASE]          at least 2/3
    three-quarters[:BASE]      at least 3/4
    more-than:P/Q[:BASE]       more than P/Q
    at-least:P/Q[:BASE]        at least P/Q
BASE defaults to yes-no. A trailing ":weight" measures weights instead of heads
("more-than-half:valid:weight"). Compound rules are a list of parts, or parts joined
by "+" in one string ("two-thirds:cast+absolute").

Dict form (JSON): {"parts": [{"comparison": "at-least", "fraction": "2/3",
"base": "cast", "measure": "heads"}, ...]}, or one part's dict alone. Missing keys
default to more-than, yes-no and heads; the fraction is required.

Every comparison is made in integers: yes·q against p·base. Weights are exact Decimals,
scaled by a power of ten to integers first; the "needed" figure is the smallest count (or
weight, at the finest decimal place the tally uses) that satisfies the part. A part never
needs fewer than one vote (or one unit of weight), so a zero base cannot adopt anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from collegium.rules.errors import RuleError
from collegium.rules.text import _, gettext_noop
from collegium.rules.vote_tally import Amount, Base, Measure, Tally


class Comparison(StrEnum):
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"


HALF = Fraction(1, 2)
_NAMED: dict[str, tuple[Comparison, Fraction]] = {
    "more-than-half": (Comparison.MORE_THAN, HALF),
    "two-thirds": (Comparison.AT_LEAST, Fraction(2, 3)),
    "three-quarters": (Comparison.AT_LEAST, Fraction(3, 4)),
}
_FRACTION_WORDS = {
    HALF: gettext_noop("half"),
    Fraction(2, 3): gettext_noop("two-thirds"),
    Fraction(3, 4): gettext_noop("three-quarters"),
}


class SpecInvalid(RuleError):
    """A rule spec is malformed. `problems` are (field path, message); path "" is the whole."""

    def __init__(self, problems: Sequence[tuple[str, str]], *, rule: str) -> None:
        self.problems = tuple(problems)
        text = "; ".join(f"{path}: {msg}" if path else msg for path, msg in self.problems)
        super().__init__(text, rule=rule)


def parse_fraction(value: object, *, allow_one: bool = True) -> Fraction:
    """A share written "p/q" (or a whole "1"); raises ValueError with a plain message."""
    if not isinstance(value, str):
        raise ValueError(f"must be a fraction written like '2/3', not {value!r}")
    top, slash, bottom = value.strip().partition("/")
    if not top.isdigit() or (slash and not bottom.isdigit()):
        raise ValueError(f"{value!r} is not a fraction written like '2/3'")
    if slash and int(bottom) == 0:
        raise ValueError(f"{value} divides by zero")
    share = Fraction(int(top), int(bottom) if slash else 1)
    if share <= 0:
        raise ValueError(f"{value} is not more than 0")
    if share > 1 or (share == 1 and not allow_one):
        raise ValueError(f"{value} is more than 1" if share > 1 else f"{value} must be below 1")
    return share


def share_words(share: Fraction) -> str:
    if share in _FRACTION_WORDS:
        return _(_FRACTION_WORDS[share])
    return f"{share.numerator}/{share.denominator}"


@dataclass(frozen=True)
class Part:
    """One condition: yes must be more than (or at least) `share` of `base`."""

    share: Fraction
    comparison: Comparison = Comparison.MORE_THAN
    base: Base = Base.YES_NO
    measure: Measure = Measure.HEADS

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise RuleError(
                f"a majority must be a share above 0 and up to 1, not {self.share}", rule="majority"
            )
        if self.share == 1 and self.comparison is Comparison.MORE_THAN:
            raise RuleError("more than all of the base can never be reached", rule=self.spec())

    def spec(self) -> str:
        weight = ":weight" if self.measure is Measure.WEIGHT else ""
        if self.comparison is Comparison.MORE_THAN and self.share == HALF:
            if self.base is Base.YES_NO:
                return "simple" + weight
            if self.base is Base.ENTITLED:
                return "absolute" + weight
        for name, (comparison, share) in _NAMED.items():
            if (comparison, share) == (self.comparison, self.share):
                return f"{name}:{self.base}{weight}"
        return (
            f"{self.comparison}:{self.share.numerator}/{self.share.denominator}:{self.base}{weight}"
        )

    def label(self) -> str:
        """How the sentence names the threshold: "more than half", "two-thirds", "at least 3/5"."""
        named = (self.comparison, self.share) in _NAMED.values()
        words = share_words(self.share)
        if named and self.comparison is Comparison.AT_LEAST:
            return words
        if self.comparison is Comparison.AT_LEAST:
            return _("at least %(share)s") % {"share": words}
        return _("more than %(share)s") % {"share": words}

    def describe(self) -> str:
        weighted = self.measure is Measure.WEIGHT
        if self.spec().startswith("simple"):
            if weighted:
                return _("more yes than no by weight (abstentions not counted)")
            return _("more yes than no (abstentions not counted)")
        nouns = {
            Base.YES_NO: _("the yes and no votes (abstentions not counted)"),
            Base.VALID: _("the valid votes (abstentions counted)"),
            Base.CAST: _("the votes cast (abstentions and invalid ballots counted)"),
            Base.PRESENT: _("the full members present"),
            Base.ENTITLED: _("all full members"),
        }
        values = {"share": self.label(), "base": nouns[self.base]}
        if weighted:
            return _("%(share)s of %(base)s by weight") % values
        return _("%(share)s of %(base)s") % values

    def to_dict(self) -> dict[str, str]:
        return {
            "comparison": str(self.comparison),
            "fraction": f"{self.share.numerator}/{self.share.denominator}",
            "base": str(self.base),
            "measure": str(self.measure),
        }


@dataclass(frozen=True)
class MajorityRule:
    """All parts must hold for a question to be adopted."""

    parts: tuple[Part, ...]

    def __post_init__(self) -> None:
        if not self.parts:
            raise RuleError("a majority rule needs at least one part", rule="majority")

    def spec(self) -> str:
        return "+".join(part.spec() for part in self.parts)

    def describe(self) -> str:
        return _(" and ").join(part.describe() for part in self.parts)

    def to_dict(self) -> dict[str, list[dict[str, str]]]:
        return {"parts": [part.to_dict() for part in self.parts]}

    def to_document(self) -> str | list[str]:
        """The short form as stored in standing orders: a string, or a list when compound."""
        specs = [part.spec() for part in self.parts]
        return specs[0] if len(specs) == 1 else specs


SIMPLE = MajorityRule((Part(HALF),))


def _enum(kind: type[Base] | type[Measure] | type[Comparison], value: object) -> str:
    known = [str(member) for member in kind]
    if value not in known:
        raise ValueError(f"unknown {kind.__name__.lower()} {value!r}; known: {', '.join(known)}")
    return str(value)


def _parse_part(text: str) -> Part:
    tokens = text.strip().split(":")
    measure = Measure.HEADS
    if len(tokens) > 1 and tokens[-1] in (Measure.WEIGHT, Measure.HEADS):
        measure = Measure(tokens.pop())
    name, rest = tokens[0], tokens[1:]
    if name in ("simple", "absolute"):
        if rest:
            raise ValueError(f"{name!r} has a fixed base; write 'more-than-half:{rest[0]}'")
        base = Base.YES_NO if name == "simple" else Base.ENTITLED
        return Part(HALF, Comparison.MORE_THAN, base, measure)
    if name in _NAMED:
        comparison, share = _NAMED[name]
    elif name in (Comparison.MORE_THAN, Comparison.AT_LEAST):
        if not rest:
            raise ValueError(f"{name!r} needs a fraction, e.g. '{name}:3/5'")
        comparison, share = Comparison(name), parse_fraction(rest.pop(0))
    else:
        raise ValueError(
            f"unknown majority {name!r}; known: simple, absolute, more-than-half, "
            "two-thirds, three-quarters, more-than:P/Q, at-least:P/Q"
        )
    if len(rest) > 1:
        raise ValueError(f"too many parts in {text!r}")
    base = Base(_enum(Base, rest[0])) if rest else Base.YES_NO
    return Part(share, comparison, base, measure)


def _part_from_dict(value: object) -> Part:
    if not isinstance(value, Mapping):
        raise ValueError(f"a part must be an object or a short string, not {value!r}")
    unknown = sorted(set(value) - {"comparison", "fraction", "base", "measure"})
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    return Part(
        parse_fraction(value.get("fraction")),
        Comparison(_enum(Comparison, value.get("comparison", "more-than"))),
        Base(_enum(Base, value.get("base", "yes-no"))),
        Measure(_enum(Measure, value.get("measure", "heads"))),
    )


def parse_majority(value: object) -> MajorityRule:
    """A rule from its short string, a list of short strings or parts, or its dict form."""
    if isinstance(value, Mapping):
        value = value["parts"] if set(value) == {"parts"} else [value]
        if not isinstance(value, list):
            raise SpecInvalid([("parts", "must be a list of parts")], rule="majority")
    items: list[object]
    if isinstance(value, str):
        items = list(value.split("+"))
    elif isinstance(value, list) and value:
        items = list(value)
    else:
        raise SpecInvalid(
            [("", f"a majority rule must be a name such as 'simple', not {value!r}")],
            rule="majority",
        )
    parts: list[Part] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(items):
        where = f"[{index}]" if len(items) > 1 and not isinstance(value, str) else ""
        try:
            parts.append(_parse_part(item) if isinstance(item, str) else _part_from_dict(item))
        except (ValueError, RuleError) as error:
            problems.append((where, str(error)))
    if problems:
        raise SpecInvalid(problems, rule="majority")
    return MajorityRule(tuple(parts))


@dataclass(frozen=True)
class PartResult:
    """How one part fared, with the numbers a page shows."""

    part: Part
    yes: Amount
    no: Amount
    base_size: Amount
    needed: Amount
    met: bool
    tied: bool  # yes sits exactly on a "more than" boundary (for simple: yes == no)

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.part.spec(),
            "label": self.part.label(),
            "base": str(self.part.base),
            "measure": str(self.part.measure),
            "yes": str(self.yes),
            "no": str(self.no),
            "base_size": str(self.base_size),
            "needed": str(self.needed),
            "met": self.met,
            "tied": self.tied,
        }


def _places(tally: Tally) -> int:
    """Decimal places needed to write every weight of the tally as a whole number."""
    weights = tally.weights
    if weights is None:
        return 0
    return max([0, *(_decimal_places(weight) for weight in weights.figures())])


def _decimal_places(value: Decimal) -> int:
    # Read the digits rather than normalize(), which would round to the context precision.
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: Tally refuses NaN and infinity
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return -(exponent + trailing_zeros) if any(digits) else 0


def needed_units(share: Fraction, comparison: Comparison, base: int) -> int:
    """Smallest whole number of units that satisfies the comparison against share·base."""
    p, q = share.numerator, share.denominator
    if comparison is Comparison.MORE_THAN:
        needed = p * base // q + 1
    else:
        needed = -(-p * base // q)
    return max(needed, 1)


def evaluate_part(part: Part, tally: Tally) -> PartResult:
    """Judge one part in integers: scale weights by 10**places, compare yes·q with p·base."""
    yes, no, base_size = (
        tally.figure("yes", part.measure),
        tally.figure("no", part.measure),
        tally.base(part.base, part.measure),
    )
    places = _places(tally) if part.measure is Measure.WEIGHT else 0
    scale = 10**places
    # Fraction makes the scaling exact; Decimal multiplication would round to 28 digits.
    yes_units, base_units = int(Fraction(yes) * scale), int(Fraction(base_size) * scale)
    p, q = part.share.numerator, part.share.denominator
    needed = needed_units(part.share, part.comparison, base_units)
    tied = (
        part.comparison is Comparison.MORE_THAN
        and base_units > 0
        and yes_units * q == p * base_units
    )
    needed_amount: Amount = (
        Decimal(f"{needed}E-{places}") if part.measure is Measure.WEIGHT else needed
    )
    return PartResult(part, yes, no, base_size, needed_amount, yes_units >= needed, tied)


def evaluate(rule: MajorityRule, tally: Tally) -> tuple[PartResult, ...]:
    return tuple(evaluate_part(part, tally) for part in rule.parts)
