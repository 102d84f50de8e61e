"""The life of a motion (a draft resolution) from draft to decision, as pure checks.

    draft ──table──▶ tabled ──refer──▶ referred ──recommend──▶ recommended
      │                │                                           │
      │                └──────────── put to the vote ◀─────────────┘
      │                                   │
      │                                 voting ──▶ adopted | rejected
      └──withdraw (from any state before the vote)──▶ withdrawn

A step not allowed from the motion's state is refused as `motion.step`, naming both.
Tabling needs as many supporters as the orders ask and must come before their deadline
(`motion.supporters`, `motion.deadline`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.text import _, figure, gettext_noop, ngettext


class State(StrEnum):
    DRAFT = "draft"
    TABLED = "tabled"
    REFERRED = "referred"
    RECOMMENDED = "recommended"
    VOTING = "voting"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATE_WORDS: Mapping[State, str] = {
    State.DRAFT: gettext_noop("draft"),
    State.TABLED: gettext_noop("tabled"),
    State.REFERRED: gettext_noop("referred to a commission"),
    State.RECOMMENDED: gettext_noop("recommended by the commission"),
    State.VOTING: gettext_noop("being voted on"),
    State.ADOPTED: gettext_noop("adopted"),
    State.REJECTED: gettext_noop("rejected"),
    State.WITHDRAWN: gettext_noop("withdrawn"),
}


class Step(StrEnum):
    TABLE = "table"
    REFER = "refer"
    RECOMMEND = "recommend"
    VOTE = "vote"
    ADOPT = "adopt"
    REJECT = "reject"
    WITHDRAW = "withdraw"


STEP_WORDS: Mapping[Step, str] = {
    Step.TABLE: gettext_noop("table it"),
    Step.REFER: gettext_noop("refer it to a commission"),
    Step.RECOMMEND: gettext_noop("recommend on it"),
    Step.VOTE: gettext_noop("put it to the vote"),
    Step.ADOPT: gettext_noop("record it adopted"),
    Step.REJECT: gettext_noop("record it rejected"),
    Step.WITHDRAW: gettext_noop("withdraw it"),
}

# From which states each step may be taken, and the state it leads to.
STEPS: Mapping[Step, tuple[frozenset[State], State]] = {
    Step.TABLE: (frozenset({State.DRAFT}), State.TABLED),
    Step.REFER: (frozenset({State.TABLED}), State.REFERRED),
    Step.RECOMMEND: (frozenset({State.REFERRED}), State.RECOMMENDED),
    Step.VOTE: (frozenset({State.TABLED, State.RECOMMENDED}), State.VOTING),
    Step.ADOPT: (frozenset({State.VOTING}), State.ADOPTED),
    Step.REJECT: (frozenset({State.VOTING}), State.REJECTED),
    Step.WITHDRAW: (
        frozenset({State.DRAFT, State.TABLED, State.REFERRED, State.RECOMMENDED}),
        State.WITHDRAWN,
    ),
}


def after(state: State, step: Step) -> State:
    """The state `step` leads to from `state`; refused as `motion.step`."""
    allowed, leads_to = STEPS[step]
    if state not in allowed:
        raise RuleError(
            _("A motion that is %(state)s cannot be taken further this way: %(step)s.")
            % {"state": _(STATE_WORDS[state]), "step": _(STEP_WORDS[step])},
            rule="motion.step",
        )
    return leads_to


@dataclass(frozen=True)
class MotionRules:
    """What the standing orders say of motions: supporters needed to table one (the
    submitters count among them), and how many days before the sitting opens tabling
    closes (None: until the sitting closes)."""

    supporters: int = 0
    deadline_days: int | None = None

    def to_document(self) -> dict[str, object]:
        return {"supporters": self.supporters, "deadline_days": self.deadline_days}

    def describe(self) -> str:
        if self.supporters:
            sentence = ngettext(
                "A motion is tabled with %(count)s supporter.",
                "A motion is tabled with %(count)s supporters.",
                self.supporters,
            ) % {"count": figure(self.supporters)}
        else:
            sentence = _("A motion is tabled by its submitters alone.")
        if self.deadline_days is not None:
            sentence += " " + ngettext(
                "Tabling closes %(count)s day before the sitting opens.",
                "Tabling closes %(count)s days before the sitting opens.",
                self.deadline_days,
            ) % {"count": figure(self.deadline_days)}
        return sentence


def parse_motion_rules(value: object) -> MotionRules:
    """The orders' `motions`: {"supporters": N, "deadline_days": N or null}."""
    if value is None:
        return MotionRules()
    problem = _(
        'motions takes "supporters" (a whole number, 0 or more) and "deadline_days" (a whole '
        "number of days, or null)."
    )
    if not isinstance(value, Mapping) or set(value) - {"supporters", "deadline_days"}:
        raise RuleError(problem, rule="orders.motions")
    supporters, days = value.get("supporters", 0), value.get("deadline_days")
    if (
        isinstance(supporters, bool)
        or not isinstance(supporters, int)
        or not 0 <= supporters <= 100_000
        or (days is not None and (isinstance(days, bool) or not isinstance(days, int)))
        or (days is not None and not 0 <= days <= 365)
    ):
        raise RuleError(problem, rule="orders.motions")
    return MotionRules(supporters=supporters, deadline_days=days)


def check_tabling(
    rules: MotionRules,
    *,
    supporters: int,
    now: datetime.datetime,
    sitting_starts: datetime.datetime | None,
) -> None:
    """A draft may be tabled: enough supporters, before the deadline."""
    if supporters < rules.supporters:
        raise RuleError(
            ngettext(
                "A motion needs %(needed)s supporter to be tabled; it has %(count)s.",
                "A motion needs %(needed)s supporters to be tabled; it has %(count)s.",
                rules.supporters,
            )
            % {"needed": figure(rules.supporters), "count": figure(supporters)},
            rule="motion.supporters",
        )
    if rules.deadline_days is not None and sitting_starts is not None:
        deadline = sitting_starts - datetime.timedelta(days=rules.deadline_days)
        if now > deadline:
            raise RuleError(
                ngettext(
                    "Tabling closed %(count)s day before the sitting.",
                    "Tabling closed %(count)s days before the sitting.",
                    rules.deadline_days,
                )
                % {"count": figure(rules.deadline_days)},
                rule="motion.deadline",
            )
