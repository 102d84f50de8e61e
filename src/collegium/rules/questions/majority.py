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
from collegium.rules.questions.tally import Amount, Base, Measure, Tally
from collegium.rules.text import _, gettext_noop, semicolon_list


class Comparison(StrEnum):
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"


HALF = Fraction(1, 2)
_NAMED: dict[str, tuple[Comparison, Fraction]] = {
    "more-than-half": (Comparison.MORE_THAN, HALF),
    "two-thirds": (Comparison.AT_LEAST, Fraction(2, 3)),
    "three-quarters": (Comparison.AT_LEAST, Fraction(3, 4)),
}
# How a threshold reads when its share has a name; any other share is written p/q.
_THRESHOLD_WORDS = {
    (Comparison.MORE_THAN, HALF): gettext_noop("more than half"),
    (Comparison.AT_LEAST, HALF): gettext_noop("at least half"),
    (Comparison.MORE_THAN, Fraction(2, 3)): gettext_noop("more than two-thirds"),
    (Comparison.AT_LEAST, Fraction(2, 3)): gettext_noop("two-thirds"),
    (Comparison.MORE_THAN, Fraction(3, 4)): gettext_noop("more than three-quarters"),
    (Comparison.AT_LEAST, Fraction(3, 4)): gettext_noop("three-quarters"),
}
# Part.describe: what the threshold is a share of, per base, counted by heads or by weight.
_OF_BASE = {
    (Base.YES_NO, Measure.HEADS): gettext_noop(
        "%(share)s of the yes and no votes (abstentions not counted)"
    ),
    (Base.VALID, Measure.HEADS): gettext_noop("%(share)s of the valid votes (abstentions counted)"),
    (Base.CAST, Measure.HEADS): gettext_noop(
        "%(share)s of the votes cast (abstentions and invalid ballots counted)"
    ),
    (Base.PRESENT, Measure.HEADS): gettext_noop("%(share)s of the full members present"),
    (Base.ENTITLED, Measure.HEADS): gettext_noop("%(share)s of all full members"),
    (Base.YES_NO, Measure.WEIGHT): gettext_noop(
        "%(share)s of the yes and no votes (abstentions not counted) by weight"
    ),
    (Base.VALID, Measure.WEIGHT): gettext_noop(
        "%(share)s of the valid votes (abstentions counted) by weight"
    ),
    (Base.CAST, Measure.WEIGHT): gettext_noop(
        "%(share)s of the votes cast (abstentions and invalid ballots counted) by weight"
    ),
    (Base.PRESENT, Measure.WEIGHT): gettext_noop("%(share)s of the full members present by weight"),
    (Base.ENTITLED, Measure.WEIGHT): gettext_noop("%(share)s of all full members by weight"),
}


class SpecInvalid(RuleError):
    """A rule spec is malformed. `problems` are (field path, message); path "" is the whole."""

    def __init__(self, problems: Sequence[tuple[str, str]], *, rule: str) -> None:
        self.problems = tuple(problems)
        text = semicolon_list(
            [
                _("%(path)s: %(problem)s") % {"path": path, "problem": msg} if path else msg
                for path, msg in self.problems
            ]
        )
        super().__init__(text, rule=rule)


def parse_fraction(value: object, *, allow_one: bool = True) -> Fraction:
    """A share written "p/q" (or a whole "1"); raises ValueError with a plain message."""
    if not isinstance(value, str):
        raise ValueError(
            _("must be a fraction written like '2/3', not %(value)s") % {"value": repr(value)}
        )
    top, slash, bottom = value.strip().partition("/")
    if not top.isdigit() or (slash and not bottom.isdigit()):
        raise ValueError(
            _("%(value)s is not a fraction written like '2/3'") % {"value": repr(value)}
        )
    if slash and int(bottom) == 0:
        raise ValueError(_("%(value)s divides by zero") % {"value": value})
    share = Fraction(int(top), int(bottom) if slash else 1)
    if share <= 0:
        raise ValueError(_("%(value)s is not more than 0") % {"value": value})
    if share > 1:
        raise ValueError(_("%(value)s is more than 1") % {"value": value})
    if share == 1 and not allow_one:
        raise ValueError(_("%(value)s must be below 1") % {"value": value})
    return share


def fraction_text(share: Fraction) -> str:
    """A share as written in rules and sentences: "2/3"."""
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
                _("a majority must be a share above 0 and up to 1, not %(share)s")
                % {"share": self.share},
                rule="majority.share",
            )
        if self.share == 1 and self.comparison is Comparison.MORE_THAN:
            raise RuleError(
                _("more than all of the base can never be reached"), rule="majority.share"
            )

    @property
    def more_than_half(self) -> bool:
        return self.comparison is Comparison.MORE_THAN and self.share == HALF

    @property
    def simple(self) -> bool:
        """The simple majority: more yes than no (by heads or by weight)."""
        return self.more_than_half and self.base is Base.YES_NO

    def spec(self) -> str:
        weight = ":weight" if self.measure is Measure.WEIGHT else ""
        if self.simple:
            return "simple" + weight
        if self.more_than_half and self.base is Base.ENTITLED:
            return "absolute" + weight
        for name, (comparison, share) in _NAMED.items():
            if (comparison, share) == (self.comparison, self.share):
                return f"{name}:{self.base}{weight}"
        return (
            f"{self.comparison}:{self.share.numerator}/{self.share.denominator}:{self.base}{weight}"
        )

    def label(self) -> str:
        """How the sentence names the threshold: "more than half", "two-thirds", "at least 3/5"."""
        words = _THRESHOLD_WORDS.get((self.comparison, self.share))
        if words is not None:
            return _(words)
        values = {"share": fraction_text(self.share)}
        if self.comparison is Comparison.AT_LEAST:
            return _("at least %(share)s") % values
        return _("more than %(share)s") % values

    def describe(self) -> str:
        weighted = self.measure is Measure.WEIGHT
        if self.simple:
            if weighted:
                return _("more yes than no by weight (abstentions not counted)")
            return _("more yes than no (abstentions not counted)")
        return _(_OF_BASE[self.base, self.measure]) % {"share": self.label()}

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
            raise RuleError(_("a majority rule needs at least one part"), rule="majority.parts")

    def spec(self) -> str:
        return "+".join(part.spec() for part in self.parts)

    def describe(self) -> str:
        """Each part's description; a compound rule's parts must all hold."""
        text = self.parts[0].describe()
        for part in self.parts[1:]:
            # Translators: two conditions of a majority rule that must both hold.
            text = _("%(first)s and %(second)s") % {"first": text, "second": part.describe()}
        return text

    def to_dict(self) -> dict[str, list[dict[str, str]]]:
        return {"parts": [part.to_dict() for part in self.parts]}

    def to_document(self) -> str | list[str]:
        """The short form as stored in standing orders: a string, or a list when compound."""
        specs = [part.spec() for part in self.parts]
        return specs[0] if len(specs) == 1 else specs


SIMPLE = MajorityRule((Part(HALF),))


_UNKNOWN = {
    Base: gettext_noop("unknown base %(value)s; known: %(known)s"),
    Measure: gettext_noop("unknown measure %(value)s; known: %(known)s"),
    Comparison: gettext_noop("unknown comparison %(value)s; known: %(known)s"),
}


def _enum(kind: type[Base] | type[Measure] | type[Comparison], value: object) -> str:
    known = [str(member) for member in kind]
    if value not in known:
        raise ValueError(_(_UNKNOWN[kind]) % {"value": repr(value), "known": ", ".join(known)})
    return str(value)


def _parse_part(text: str) -> Part:
    tokens = text.strip().split(":")
    measure = Measure.HEADS
    if len(tokens) > 1 and tokens[-1] in (Measure.WEIGHT, Measure.HEADS):
        measure = Measure(tokens.pop())
    name, rest = tokens[0], tokens[1:]
    if name in ("simple", "absolute"):
        if rest:
            raise ValueError(
                _("%(name)s has a fixed base; write '%(spec)s'")
                % {"name": repr(name), "spec": f"more-than-half:{rest[0]}"}
            )
        base = Base.YES_NO if name == "simple" else Base.ENTITLED
        return Part(HALF, Comparison.MORE_THAN, base, measure)
    if name in _NAMED:
        comparison, share = _NAMED[name]
    elif name in (Comparison.MORE_THAN, Comparison.AT_LEAST):
        if not rest:
            raise ValueError(
                _("%(name)s needs a fraction, e.g. '%(example)s'")
                % {"name": repr(name), "example": f"{name}:3/5"}
            )
        comparison, share = Comparison(name), parse_fraction(rest.pop(0))
    else:
        known = (
            "simple, absolute, more-than-half, two-thirds, three-quarters, "
            "more-than:P/Q, at-least:P/Q"
        )
        raise ValueError(
            _("unknown majority %(name)s; known: %(known)s") % {"name": repr(name), "known": known}
        )
    if len(rest) > 1:
        raise ValueError(_("too many parts in %(spec)s") % {"spec": repr(text)})
    base = Base(_enum(Base, rest[0])) if rest else Base.YES_NO
    return Part(share, comparison, base, measure)


def _part_from_dict(value: object) -> Part:
    if not isinstance(value, Mapping):
        raise ValueError(
            _("a part must be an object or a short string, not %(value)s") % {"value": repr(value)}
        )
    unknown = sorted(set(value) - {"comparison", "fraction", "base", "measure"})
    if unknown:
        raise ValueError(_("unknown key %(key)s") % {"key": repr(unknown[0])})
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
            raise SpecInvalid([("parts", _("must be a list of parts"))], rule="majority.spec")
    items: list[object]
    if isinstance(value, str):
        items = list(value.split("+"))
    elif isinstance(value, list) and value:
        items = list(value)
    else:
        raise SpecInvalid(
            [
                (
                    "",
                    _("a majority rule must be a name such as 'simple', not %(value)s")
                    % {"value": repr(value)},
                )
            ],
            rule="majority.spec",
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
        raise SpecInvalid(problems, rule="majority.spec")
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
    _sign, digits, exponent = value.as_tuple()
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
