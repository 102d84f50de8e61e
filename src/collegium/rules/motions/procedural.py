"""Procedural motions, their rank and attributes, after the public-domain 1915 edition of
Robert's Rules of Order (Revised), §§ 6–37 and its table of rules relating to motions.

Motions pending before a meeting form a stack: the main motion at the bottom, then the
subsidiary motions applied to it, then privileged ones. A new motion is in order only
if it outranks the motion immediately pending (§ 6: "takes precedence of"), with three
exceptions the book makes and that are kept here:

- incidental motions (point of order, appeal, suspend the rules, …) have no rank among
  themselves: they arise out of the pending question and may be made whenever something
  is pending, yielding only to privileged motions;
- a main motion, and the motions that bring a question back (take from the table,
  rescind), are in order only when nothing is pending;
- the motion to reconsider may be *made* while anything is pending (§ 36), though it is
  taken up later; it is in order at any time here.

Each motion carries what the table of rules gives: whether it needs a second, whether it
is debatable and amendable, the vote it needs ("majority", "two-thirds", or "chair": the
chair rules or it is granted on demand), and whether it can be reconsidered.

Standing orders may switch the set off (organizations that follow other rules) or
change the vote a motion needs (`ProceduralRules`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.text import _, gettext_noop, semicolon_list


class Family(StrEnum):
    MAIN = "main"
    PRIVILEGED = "privileged"
    SUBSIDIARY = "subsidiary"
    INCIDENTAL = "incidental"
    # Take from the table, reconsider, rescind: they bring a question again before the
    # meeting.
    RENEWAL = "renewal"


class Needs(StrEnum):
    """The vote a motion needs."""

    MAJORITY = "majority"  # more yes than no
    TWO_THIRDS = "two-thirds"  # at least two-thirds of the votes cast
    CHAIR = "chair"  # no vote: the chair rules, or it is granted on demand


@dataclass(frozen=True)
class Motion:
    key: str
    name: str  # English, marked for translation
    family: Family
    rank: int  # higher outranks lower; 0 for incidental and renewal motions
    second: bool
    debatable: bool
    amendable: bool
    needs: Needs
    reconsider: bool
    section: str  # where the 1915 edition treats it

    @property
    def title(self) -> str:
        return _(self.name)


def _m(
    key: str,
    name: str,
    family: Family,
    rank: int,
    *,
    second: bool = True,
    debatable: bool = False,
    amendable: bool = False,
    needs: Needs = Needs.MAJORITY,
    reconsider: bool = False,
    section: str,
) -> Motion:
    return Motion(key, name, family, rank, second, debatable, amendable, needs, reconsider, section)


PRI, SUB, INC, REN = Family.PRIVILEGED, Family.SUBSIDIARY, Family.INCIDENTAL, Family.RENEWAL
# Highest rank first; the 1915 edition's order of precedence (§ 7 and § 12).
MOTIONS: tuple[Motion, ...] = (
    _m(
        "fix-time-to-adjourn",
        gettext_noop("Fix the time to which to adjourn"),
        PRI,
        13,
        amendable=True,
        reconsider=True,
        section="§ 16",
    ),
    _m("adjourn", gettext_noop("Adjourn"), PRI, 12, section="§ 17"),
    _m("recess", gettext_noop("Take a recess"), PRI, 11, amendable=True, section="§ 18"),
    _m(
        "question-of-privilege",
        gettext_noop("Raise a question of privilege"),
        PRI,
        10,
        second=False,
        needs=Needs.CHAIR,
        section="§ 19",
    ),
    _m(
        "orders-of-the-day",
        gettext_noop("Call for the orders of the day"),
        PRI,
        9,
        second=False,
        needs=Needs.CHAIR,
        section="§ 20",
    ),
    _m("lay-on-the-table", gettext_noop("Lay on the table"), SUB, 8, section="§ 28"),
    _m(
        "previous-question",
        gettext_noop("Previous question (close debate)"),
        SUB,
        7,
        needs=Needs.TWO_THIRDS,
        reconsider=True,
        section="§ 29",
    ),
    _m(
        "limit-debate",
        gettext_noop("Limit or extend the limits of debate"),
        SUB,
        6,
        amendable=True,
        needs=Needs.TWO_THIRDS,
        reconsider=True,
        section="§ 30",
    ),
    _m(
        "postpone-to-time",
        gettext_noop("Postpone to a certain time"),
        SUB,
        5,
        debatable=True,
        amendable=True,
        reconsider=True,
        section="§ 31",
    ),
    _m(
        "refer",
        gettext_noop("Refer to a commission"),
        SUB,
        4,
        debatable=True,
        amendable=True,
        reconsider=True,
        section="§ 32",
    ),
    _m(
        "amend",
        gettext_noop("Amend"),
        SUB,
        3,
        debatable=True,
        amendable=True,
        reconsider=True,
        section="§ 33",
    ),
    _m(
        "postpone-indefinitely",
        gettext_noop("Postpone indefinitely"),
        SUB,
        2,
        debatable=True,
        reconsider=True,
        section="§ 34",
    ),
    _m(
        "main",
        gettext_noop("Main motion"),
        Family.MAIN,
        1,
        debatable=True,
        amendable=True,
        reconsider=True,
        section="§ 10",
    ),
    _m(
        "point-of-order",
        gettext_noop("Point of order"),
        INC,
        0,
        second=False,
        needs=Needs.CHAIR,
        section="§ 21",
    ),
    _m(
        "appeal",
        gettext_noop("Appeal from the decision of the chair"),
        INC,
        0,
        debatable=True,
        reconsider=True,
        section="§ 21",
    ),
    _m(
        "suspend-the-rules",
        gettext_noop("Suspend the rules"),
        INC,
        0,
        needs=Needs.TWO_THIRDS,
        section="§ 22",
    ),
    _m(
        "objection-to-consideration",
        gettext_noop("Objection to the consideration of a question"),
        INC,
        0,
        second=False,
        needs=Needs.TWO_THIRDS,
        reconsider=True,
        section="§ 23",
    ),
    _m(
        "division-of-the-assembly",
        gettext_noop("Division of the assembly"),
        INC,
        0,
        second=False,
        needs=Needs.CHAIR,
        section="§ 25",
    ),
    _m(
        "division-of-the-question",
        gettext_noop("Division of the question"),
        INC,
        0,
        amendable=True,
        section="§ 24",
    ),
    _m("take-from-the-table", gettext_noop("Take from the table"), REN, 0, section="§ 35"),
    _m("reconsider", gettext_noop("Reconsider"), REN, 0, debatable=True, section="§ 36"),
    _m(
        "rescind",
        gettext_noop("Rescind"),
        REN,
        0,
        debatable=True,
        amendable=True,
        needs=Needs.TWO_THIRDS,
        reconsider=True,
        section="§ 37",
    ),
)
BY_KEY: Mapping[str, Motion] = {motion.key: motion for motion in MOTIONS}
# Made only when nothing is pending (§ 10, § 35, § 37).
ONLY_ALONE = frozenset({"main", "take-from-the-table", "rescind"})


@dataclass(frozen=True)
class ProceduralRules:
    """What the standing orders say of procedural motions: whether the meeting uses the
    set at all, and the votes they change (motion key to Needs)."""

    enabled: bool = True
    needs: Mapping[str, Needs] = field(default_factory=dict)

    def motion(self, key: str) -> Motion:
        """The motion as these orders have it; refused as `motion.unknown`."""
        found = BY_KEY.get(key)
        if found is None:
            raise RuleError(
                _("There is no procedural motion %(key)s.") % {"key": repr(key[:60])},
                rule="motion.unknown",
            )
        if not self.enabled and found.key != "main":
            raise RuleError(
                _("The standing orders do not use procedural motions: %(motion)s is not in order.")
                % {"motion": found.title},
                rule="motion.procedural-off",
            )
        needs = self.needs.get(key)
        return found if needs is None else replace(found, needs=needs)

    def to_document(self) -> dict[str, object]:
        return {"enabled": self.enabled, "votes": {k: v.value for k, v in self.needs.items()}}

    def describe(self) -> str:
        if not self.enabled:
            return _("Procedural motions are not used: only main motions are moved.")
        sentence = _(
            "Procedural motions follow Robert's Rules of Order (1915): their rank decides "
            "which is in order."
        )
        words = {
            Needs.MAJORITY: _("a majority"),
            Needs.TWO_THIRDS: _("two thirds"),
            Needs.CHAIR: _("the chair's ruling"),
        }
        changed = [
            _("%(motion)s needs %(vote)s") % {"motion": BY_KEY[key].title, "vote": words[needs]}
            for key, needs in sorted(self.needs.items())
        ]
        if changed:
            sentence += " " + _("Changed: %(changes)s.") % {"changes": semicolon_list(changed)}
        return sentence


def parse_procedural(value: object) -> ProceduralRules:
    """The orders' `procedural_motions`: {"enabled": bool, "votes": {key: needs}}; absent
    means the 1915 set as the book has it."""
    if value is None:
        return ProceduralRules()
    if not isinstance(value, Mapping) or set(value) - {"enabled", "votes"}:
        raise RuleError(
            _('procedural_motions takes "enabled" (true or false) and "votes".'),
            rule="orders.procedural-motions",
        )
    enabled = value.get("enabled", True)
    votes = value.get("votes", {})
    if not isinstance(enabled, bool) or not isinstance(votes, Mapping):
        raise RuleError(
            _('procedural_motions: "enabled" is true or false and "votes" maps motions to votes.'),
            rule="orders.procedural-motions",
        )
    needs: dict[str, Needs] = {}
    for key, vote in votes.items():
        if key not in BY_KEY:
            raise RuleError(
                _("procedural_motions: there is no motion %(key)s.") % {"key": repr(str(key))},
                rule="orders.procedural-motions",
            )
        try:
            needs[str(key)] = Needs(vote)
        except ValueError:
            raise RuleError(
                _("procedural_motions: %(key)s needs majority, two-thirds or chair, not %(vote)s.")
                % {"key": key, "vote": repr(vote)},
                rule="orders.procedural-motions",
            ) from None
    return ProceduralRules(enabled=enabled, needs=needs)


def in_order(new: Motion, pending: Sequence[Motion]) -> None:
    """Whether `new` may be made while `pending` (bottom first) is before the meeting;
    refused as `motion.out-of-order` with the motion it does not outrank."""
    top = pending[-1] if pending else None
    if new.key == "reconsider":
        return  # it may be made at any time, and is taken up when it can be (§ 36)
    if top is None:
        if new.key in ONLY_ALONE or new.family in (Family.PRIVILEGED, Family.RENEWAL):
            return
        raise RuleError(
            _("%(motion)s applies to a pending question, and none is pending.")
            % {"motion": new.title},
            rule="motion.nothing-pending",
        )
    if new.key in ONLY_ALONE:
        raise RuleError(
            _("%(motion)s is made only when no question is pending; %(pending)s is.")
            % {"motion": new.title, "pending": top.title},
            rule="motion.out-of-order",
        )
    if new.family == Family.INCIDENTAL:
        # They arise out of the pending business and yield only to privileged motions;
        # a point of order is in order even then (§ 21).
        if top.family != Family.PRIVILEGED or new.key == "point-of-order":
            return
    elif new.rank > _rank(top):
        return
    raise RuleError(
        _("%(motion)s is not in order: it does not outrank %(pending)s, which is pending.")
        % {"motion": new.title, "pending": top.title},
        rule="motion.out-of-order",
    )


def _rank(motion: Motion) -> int:
    """An incidental or renewal motion pending takes the rank of the main motion's level
    of business: only privileged and subsidiary motions outrank it."""
    return motion.rank if motion.rank else 1


# The kind of decision (voting's Vote.kind) of the vote on procedural motion KEY is
# PROCEDURAL_KIND + KEY: the orders decide it by the vote the motion needs.
PROCEDURAL_KIND = "procedural-motion-"


def majority_of(needs: Needs) -> str | None:
    """The majority rule (questions.majority's short form) for a vote `needs`; None when
    the chair rules."""
    return {Needs.MAJORITY: "simple", Needs.TWO_THIRDS: "two-thirds"}.get(needs)
