"""The figures of one yes/no/abstain vote: head counts, and weights when votes are weighted.

Weights are exact Decimals, never floats. A weighted vote keeps its head count too, so a
rule can ask for a majority of weight and of heads at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_PREC, Context, Decimal
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.text import _, gettext_noop

Amount = int | Decimal
# A figure a rule needs but the tally does not hold, by its name.
_NOT_RECORDED = {
    "present": gettext_noop("this rule needs the number present (not recorded)"),
    "entitled": gettext_noop("this rule needs the number entitled (not recorded)"),
}


class Base(StrEnum):
    YES_NO = "yes-no"
    VALID = "valid"
    CAST = "cast"
    PRESENT = "present"
    ENTITLED = "entitled"


class Measure(StrEnum):
    HEADS = "heads"
    WEIGHT = "weight"


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    INVALID = "invalid"


@dataclass(frozen=True)
class Weights:
    """The same figures as a Tally, summed over vote weights (exact decimals)."""

    yes: Decimal
    no: Decimal
    abstain: Decimal = Decimal(0)
    invalid: Decimal = Decimal(0)
    present: Decimal | None = None
    entitled: Decimal | None = None

    def figures(self) -> list[Decimal]:
        named = [self.yes, self.no, self.abstain, self.invalid, self.present, self.entitled]
        return [figure for figure in named if figure is not None]


@dataclass(frozen=True)
class Tally:
    """Head counts of one vote; `weights` too when votes are weighted.

    present: full members present at the vote; entitled: all full seats. Both are needed
    only by rules (and quorums) that count them.
    """

    yes: int
    no: int
    abstain: int = 0
    invalid: int = 0
    present: int | None = None
    entitled: int | None = None
    weights: Weights | None = None

    def __post_init__(self) -> None:
        _check_figures(self.yes, self.no, self.abstain, self.invalid, self.present, self.entitled)
        if self.weights is not None:
            w = self.weights
            for figure in w.figures():
                if not isinstance(figure, Decimal) or not figure.is_finite():
                    raise RuleError(
                        _("weights must be exact decimals, not %(value)s")
                        % {"value": repr(figure)},
                        rule="tally.exact-weights",
                    )
            _check_figures(w.yes, w.no, w.abstain, w.invalid, w.present, w.entitled)

    @property
    def valid(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def cast(self) -> int:
        return self.valid + self.invalid

    def figure(self, name: str, measure: Measure) -> Amount:
        source = self if measure is Measure.HEADS else self.weights
        if source is None:
            raise RuleError(
                _("this rule counts weights, but the vote has none"), rule="tally.weights-missing"
            )
        value: Amount | None = getattr(source, name)
        if value is None:
            raise RuleError(_(_NOT_RECORDED[name]), rule="tally.figure-missing")
        return value

    def base(self, base: Base, measure: Measure) -> Amount:
        if base in (Base.PRESENT, Base.ENTITLED):
            return self.figure(str(base), measure)
        names = {Base.YES_NO: 2, Base.VALID: 3, Base.CAST: 4}[base]
        figures = [self.figure(name, measure) for name in ("yes", "no", "abstain", "invalid")]
        return exact_sum(figures[:names])


# Sums of weights must not round, however many digits they carry.
_EXACT = Context(prec=MAX_PREC)


def exact_sum(amounts: Iterable[Amount]) -> Amount:
    """A sum of head counts (int) or of weights (Decimal), without rounding."""
    total: Amount = 0
    for amount in amounts:
        if isinstance(amount, int) and isinstance(total, int):
            total += amount
        else:
            total = _EXACT.add(Decimal(total), Decimal(amount))
    return total


def _check_figures(
    yes: Amount,
    no: Amount,
    abstain: Amount,
    invalid: Amount,
    present: Amount | None,
    entitled: Amount | None,
) -> None:
    if min(yes, no, abstain, invalid, *(f for f in (present, entitled) if f is not None)) < 0:
        raise RuleError(_("a tally cannot hold negative figures"), rule="tally.negative")
    cast = exact_sum([yes, no, abstain, invalid])
    if present is not None and present < cast:
        raise RuleError(
            _("%(cast)s ballots cast but only %(present)s present")
            % {"cast": cast, "present": present},
            rule="tally.cast-over-present",
        )
    if entitled is not None and max(cast, present or 0) > entitled:
        raise RuleError(
            _("more ballots or members present than the %(entitled)s full seats")
            % {"entitled": entitled},
            rule="tally.over-entitled",
        )


def count_ballots(
    choices: Iterable[str],
    weights: Iterable[Decimal] | None = None,
    *,
    present: int | None = None,
    entitled: int | None = None,
    present_weight: Decimal | None = None,
    entitled_weight: Decimal | None = None,
) -> Tally:
    """Count ballots ("yes", "no", "abstain", "invalid"), with one weight per ballot if given."""
    heads: Counter[Choice] = Counter()
    summed = {choice: Decimal(0) for choice in Choice}
    weight_list = None if weights is None else list(weights)
    for index, raw in enumerate(choices):
        try:
            choice = Choice(raw)
        except ValueError:
            raise RuleError(
                _("ballot %(number)d: unknown choice %(choice)s")
                % {"number": index + 1, "choice": repr(raw)},
                rule="tally.choice",
            ) from None
        heads[choice] += 1
        if weight_list is not None:
            if index >= len(weight_list):
                raise RuleError(_("fewer weights than ballots"), rule="tally.weights-count")
            summed[choice] = _EXACT.add(summed[choice], weight_list[index])
    if weight_list is not None and len(weight_list) != heads.total():
        raise RuleError(_("more weights than ballots"), rule="tally.weights-count")
    weighted = None
    if weight_list is not None:
        weighted = Weights(
            summed[Choice.YES],
            summed[Choice.NO],
            summed[Choice.ABSTAIN],
            summed[Choice.INVALID],
            present_weight,
            entitled_weight,
        )
    return Tally(
        heads[Choice.YES],
        heads[Choice.NO],
        heads[Choice.ABSTAIN],
        heads[Choice.INVALID],
        present,
        entitled,
        weighted,
    )
