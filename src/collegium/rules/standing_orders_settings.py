"""The settings a standing-orders document is made of, each able to describe itself.

The document format is described in rules.standing_orders, which parses into these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction


class SecretWhen(StrEnum):
    NEVER = "never"
    ELECTIONS = "elections"
    ALWAYS = "always"


class CounterReportRight(StrEnum):
    NOBODY = "nobody"
    ANY_FULL_MEMBER = "any-full-member"
    MINORITY = "minority"


@dataclass(frozen=True)
class MemberShare:
    """At least `members` full members, or at least `share` of the full seats."""

    members: int | None = None
    share: Fraction | None = None

    def needed(self, full_seats: int) -> int:
        if self.members is not None:
            return self.members
        assert self.share is not None
        return max(1, math.ceil(self.share * full_seats))

    def describe(self) -> str:
        if self.members is not None:
            return f"at least {self.members:,} full member{'s' if self.members != 1 else ''}"
        assert self.share is not None
        return f"at least {self.share.numerator}/{self.share.denominator} of the full members"

    def to_document(self) -> dict[str, object]:
        if self.members is not None:
            return {"members": self.members}
        assert self.share is not None
        return {"fraction": f"{self.share.numerator}/{self.share.denominator}"}


@dataclass(frozen=True)
class SecretBallot:
    when: SecretWhen
    on_request: MemberShare | None = None

    def is_secret(self, *, election: bool, requested_by: int = 0, full_seats: int = 0) -> bool:
        if self.when is SecretWhen.ALWAYS or (election and self.when is SecretWhen.ELECTIONS):
            return True
        return self.on_request is not None and requested_by >= self.on_request.needed(full_seats)

    def describe(self) -> str:
        base = {
            SecretWhen.NEVER: "Votes are open",
            SecretWhen.ELECTIONS: "Elections are by secret ballot, other votes open",
            SecretWhen.ALWAYS: "Every vote is by secret ballot",
        }[self.when]
        if self.on_request is None:
            return base + "."
        return f"{base}; any vote is secret if {self.on_request.describe()} ask for it."


@dataclass(frozen=True)
class CounterReport:
    who: CounterReportRight
    minority: MemberShare | None = None

    def allowed(self, *, supporters: int, full_seats: int) -> bool:
        """May a counter-report backed by `supporters` full members be given?"""
        if self.who is CounterReportRight.NOBODY:
            return False
        if self.who is CounterReportRight.ANY_FULL_MEMBER:
            return supporters >= 1
        assert self.minority is not None
        return supporters >= self.minority.needed(full_seats)

    def describe(self) -> str:
        if self.who is CounterReportRight.NOBODY:
            return "No counter-report may be given."
        if self.who is CounterReportRight.ANY_FULL_MEMBER:
            return "Any full member may give a counter-report."
        assert self.minority is not None
        return f"A minority of {self.minority.describe()} may give a counter-report."

    def to_document(self) -> dict[str, object]:
        minority = {} if self.minority is None else self.minority.to_document()
        return {"who": str(self.who), **minority}


@dataclass(frozen=True)
class SpeakingTime:
    report: int
    counter_report: int
    contribution: int
    contributions_per_item: int

    def describe(self) -> str:
        per = self.contributions_per_item
        return (
            f"Speaking time: report {_duration(self.report)}, counter-report "
            f"{_duration(self.counter_report)}, contribution {_duration(self.contribution)}; "
            f"at most {per} contribution{'s' if per != 1 else ''} per speaker per item."
        )


VISIBLE_THINGS = {
    "tallies": "tallies",
    "roll_calls": "roll calls (who voted how)",
    "counter_reports": "counter-reports",
    "dissenting_opinions": "dissenting opinions",
    "minutes": "minutes",
}


@dataclass(frozen=True)
class Visibility:
    tallies: bool
    roll_calls: bool
    counter_reports: bool
    dissenting_opinions: bool
    minutes: bool

    def shown(self) -> list[str]:
        return [name for name in VISIBLE_THINGS if getattr(self, name)]

    def describe(self, audience_sees: str) -> str:
        """`audience_sees` is e.g. "Members see" or "The public sees"."""
        shown = [VISIBLE_THINGS[name] for name in self.shown()]
        if not shown:
            things = "tallies, roll calls, counter-reports, dissenting opinions or minutes"
            return f"{audience_sees} none of the {things}."
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f"{audience_sees} the {listed}."


@dataclass(frozen=True)
class Transparency:
    members: Visibility
    public: Visibility

    def to_document(self) -> dict[str, dict[str, bool]]:
        return {
            audience: {f.name: getattr(getattr(self, audience), f.name) for f in fields(Visibility)}
            for audience in ("members", "public")
        }


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest or not minutes:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
