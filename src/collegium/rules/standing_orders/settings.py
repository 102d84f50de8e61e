"""The settings a standing-orders document is made of, each able to describe itself.

The document format is described in rules.standing_orders.document, which parses into these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction

from collegium.rules.text import _, and_list, figure, gettext_noop, ngettext


class SecretWhen(StrEnum):
    NEVER = "never"
    ELECTIONS = "elections"
    ALWAYS = "always"


class BodyKind(StrEnum):
    """The kinds of body; the values are those bodies.models.BodyKind stores."""

    CONGRESS = "congress"
    COMMITTEE = "committee"
    EXECUTIVE = "executive"
    COMMISSION = "commission"
    ASSEMBLY = "assembly"


# How sentences name a kind: the same words as the model's labels.
KIND_WORDS = {
    BodyKind.CONGRESS: gettext_noop("congress"),
    BodyKind.COMMITTEE: gettext_noop("committee"),
    BodyKind.EXECUTIVE: gettext_noop("executive"),
    BodyKind.COMMISSION: gettext_noop("commission"),
    BodyKind.ASSEMBLY: gettext_noop("assembly"),
}


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
            return ngettext(
                "at least %(count)s full member", "at least %(count)s full members", self.members
            ) % {"count": figure(self.members)}
        assert self.share is not None
        return _("at least %(share)s of the full members") % {
            "share": f"{self.share.numerator}/{self.share.denominator}"
        }

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
        if self.on_request is None or self.when is SecretWhen.ALWAYS:
            return {
                SecretWhen.NEVER: _("Votes are open."),
                SecretWhen.ELECTIONS: _("Elections are by secret ballot, other votes open."),
                SecretWhen.ALWAYS: _("Every vote is by secret ballot."),
            }[self.when]
        who = {"who": self.on_request.describe()}
        if self.when is SecretWhen.NEVER:
            return _("Votes are open; any vote is secret if %(who)s ask for it.") % who
        return (
            _(
                "Elections are by secret ballot, other votes open; "
                "any vote is secret if %(who)s ask for it."
            )
            % who
        )


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
            return _("No counter-report may be given.")
        if self.who is CounterReportRight.ANY_FULL_MEMBER:
            return _("Any full member may give a counter-report.")
        assert self.minority is not None
        return _("A minority of %(who)s may give a counter-report.") % {
            "who": self.minority.describe()
        }

    def to_document(self) -> dict[str, object]:
        minority = {} if self.minority is None else self.minority.to_document()
        return {"who": str(self.who), **minority}


@dataclass(frozen=True)
class GuestSeats:
    """The kinds of body that give guest seats (a foreign party's delegation at a
    congress); a body of another kind seats only members of the register. Documents that
    do not say (older ones) leave every kind open, as before the setting existed."""

    kinds: frozenset[BodyKind] = frozenset(BodyKind)

    def admits(self, kind: BodyKind) -> bool:
        return kind in self.kinds

    def listed(self) -> list[BodyKind]:
        """The kinds in their canonical order."""
        return [kind for kind in BodyKind if kind in self.kinds]

    def describe(self) -> str:
        if not self.kinds:
            return _("No body gives guest seats.")
        return _("Guest seats are given in bodies of these kinds: %(kinds)s.") % {
            "kinds": ", ".join(_(KIND_WORDS[kind]) for kind in self.listed())
        }

    def to_document(self) -> list[str]:
        return [str(kind) for kind in self.listed()]


@dataclass(frozen=True)
class Suspension:
    """Whether suspending a member vacates the seats they hold (alternates stepping up to
    the full ones). A member who leaves the organization loses their seats whatever the
    orders say, since a non-member holds no seat; documents that do not say (older ones)
    keep a suspended member's seats, as before the setting existed."""

    vacates_seats: bool = False

    def describe(self) -> str:
        if self.vacates_seats:
            return _(
                "A suspended member loses their seats, and alternates step up; so does a "
                "member who leaves."
            )
        return _(
            "A suspended member keeps their seats; a member who leaves loses them, and "
            "alternates step up."
        )

    def to_document(self) -> dict[str, bool]:
        return {"vacates_seats": self.vacates_seats}


@dataclass(frozen=True)
class SpeakingTime:
    report: int
    counter_report: int
    contribution: int
    contributions_per_item: int

    def describe(self) -> str:
        per = self.contributions_per_item
        return ngettext(
            "Speaking time: report %(report)s, counter-report %(counter_report)s, "
            "contribution %(contribution)s; at most %(count)d contribution per speaker per item.",
            "Speaking time: report %(report)s, counter-report %(counter_report)s, "
            "contribution %(contribution)s; at most %(count)d contributions per speaker per item.",
            per,
        ) % {
            "report": _duration(self.report),
            "counter_report": _duration(self.counter_report),
            "contribution": _duration(self.contribution),
            "count": per,
        }


class SpeakerOrder(StrEnum):
    """How lists of speakers are ordered (points of order always first): the values of
    rules.procedure.speakers.OrderingRule, which this package may not import (procedure
    imports standing_orders); the caller builds OrderingRule(orders.speakers.order)."""

    ASKED = "asked"
    FIRST_TIME = "first-time"
    LEAST_TIME = "least-time"
    QUOTA = "quota"


SPEAKER_ORDER_WORDS = {
    SpeakerOrder.ASKED: gettext_noop("in the order asked"),
    SpeakerOrder.FIRST_TIME: gettext_noop("first-time speakers on the item first"),
    SpeakerOrder.LEAST_TIME: gettext_noop("least speaking time in the sitting first"),
    SpeakerOrder.QUOTA: gettext_noop("one request from each group in turn"),
}


@dataclass(frozen=True)
class Speakers:
    """How lists of speakers are ordered, and whether speeches for and against alternate
    (rules.procedure.speakers.SpeakingOrders' rule and alternate_stances); the speaking
    time each group (delegation) has per agenda item (None: no budget), and the seconds
    for a point of order, an interposed question and the reply to a question or
    intervention (rules.procedure.speakers.TimeLimits and the budgets of remaining_time).
    Documents that do not say (older ones) keep the order asked without alternation, no
    group budget, and 60, 60 and 120 seconds."""

    order: SpeakerOrder = SpeakerOrder.ASKED
    alternate_for_against: bool = False
    group_budget: int | None = None
    point_of_order: int = 60
    question: int = 60
    reply: int = 120

    def describe(self) -> str:
        words = {"order": _(SPEAKER_ORDER_WORDS[self.order])}
        if self.alternate_for_against:
            sentences = [
                _("Lists of speakers: %(order)s; speeches for and against alternate.") % words
            ]
        else:
            sentences = [_("Lists of speakers: %(order)s.") % words]
        if self.group_budget is not None:
            sentences.append(
                _("Each group has %(budget)s per item.") % {"budget": _duration(self.group_budget)}
            )
        sentences.append(
            _("Points of order %(point_of_order)s, questions %(question)s, replies %(reply)s.")
            % {
                "point_of_order": _duration(self.point_of_order),
                "question": _duration(self.question),
                "reply": _duration(self.reply),
            }
        )
        return " ".join(sentences)

    def to_document(self) -> dict[str, object]:
        return {
            "order": str(self.order),
            "alternate_for_against": self.alternate_for_against,
            "group_budget": self.group_budget,
            "point_of_order": self.point_of_order,
            "question": self.question,
            "reply": self.reply,
        }


@dataclass(frozen=True)
class Sitting:
    """Whether alternates present at a sitting step in for absent full members (the
    `alternates_step_in` of rules.procedure.attendance.seat_votes). Documents that do not
    say (older ones) let only full members vote, as before the setting existed."""

    alternates_step_in: bool = False

    def describe(self) -> str:
        if self.alternates_step_in:
            return _("At a sitting, alternates present step in for absent full members, by rank.")
        return _("At a sitting, only full members vote; alternates do not step in.")

    def to_document(self) -> dict[str, bool]:
        return {"alternates_step_in": self.alternates_step_in}


class VoteForm(StrEnum):
    """How a question is put to the vote: hands counted by tellers, or electronically,
    by name (a roll call) or by secret ballot."""

    SHOW_OF_HANDS = "show-of-hands"
    NAMED = "named"
    SECRET = "secret"


VOTE_FORM_WORDS = {
    VoteForm.SHOW_OF_HANDS: gettext_noop("a counted show of hands"),
    VoteForm.NAMED: gettext_noop("a named electronic vote"),
    VoteForm.SECRET: gettext_noop("a secret electronic ballot"),
}


@dataclass(frozen=True)
class Votes:
    """The forms the chair may put a question in, the one a vote takes when the chair
    names none, and whether a voter may change their ballot until the vote closes.
    Documents that do not say allow every form, named by default, ballots final, and no
    proxies."""

    forms: tuple[VoteForm, ...] = tuple(VoteForm)
    default: VoteForm = VoteForm.NAMED
    ballot_change: bool = False
    # The most proxies one full member may carry; 0: no proxies.
    proxies: int = 0

    def describe(self) -> str:
        words = [_(VOTE_FORM_WORDS[form]) for form in self.forms]
        forms = (
            _("%(some)s or %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}
            if len(words) > 1
            else words[0]
        )
        sentence = _("Votes may be taken by %(forms)s; by default, by %(default)s.") % {
            "forms": forms,
            "default": _(VOTE_FORM_WORDS[self.default]),
        }
        if self.ballot_change:
            sentence += " " + _("A voter may change their ballot until the vote closes.")
        else:
            sentence += " " + _("A ballot once cast is final.")
        if self.proxies:
            sentence += " " + ngettext(
                "An absent full member's proxy lets another full member vote for them; one "
                "member carries at most %(count)s proxy.",
                "An absent full member's proxy lets another full member vote for them; one "
                "member carries at most %(count)s proxies.",
                self.proxies,
            ) % {"count": figure(self.proxies)}
        return sentence

    def to_document(self) -> dict[str, object]:
        return {
            "forms": [str(form) for form in self.forms],
            "default": str(self.default),
            "ballot_change": self.ballot_change,
            "proxies": self.proxies,
        }


# How sentences name the election methods (rules.elections.methods.ELECTION_METHODS).
ELECTION_METHOD_WORDS = {
    "scottish-stv": gettext_noop("the single transferable vote (Scottish rules)"),
    "meek-stv": gettext_noop("the single transferable vote (Meek's method)"),
    "irv": gettext_noop("instant-runoff voting"),
    "plurality": gettext_noop("plurality (most first preferences)"),
    "two-round": gettext_noop("two rounds, the top two in a run-off"),
    "schulze": gettext_noop("the Schulze method"),
    "ranked-pairs": gettext_noop("ranked pairs"),
    "yes-no-abstain": gettext_noop("yes, no or abstain on each candidate"),
    "approval": gettext_noop("approval voting"),
    "block": gettext_noop("the block vote (one mark per seat)"),
    "limited": gettext_noop("the limited vote"),
    "cumulative": gettext_noop("the cumulative vote"),
}


@dataclass(frozen=True)
class Elections:
    """How a body elects: the method for the seats of the bodies it elects, the method
    for its offices, the marks (votes) per ballot for a limited or cumulative vote, and
    whether an election ends the previous term's seats. Documents that do not say elect
    bodies by Scottish STV and offices by instant-runoff, and end the previous term."""

    method: str = "scottish-stv"
    office_method: str = "irv"
    marks: int | None = None
    end_previous_term: bool = True

    def describe(self) -> str:
        sentence = _("Bodies are elected by %(method)s; offices by %(office)s.") % {
            "method": _(ELECTION_METHOD_WORDS[self.method]),
            "office": _(ELECTION_METHOD_WORDS[self.office_method]),
        }
        if self.marks is not None:
            sentence += " " + ngettext(
                "A ballot gives %(count)s mark (vote).",
                "A ballot gives up to %(count)s marks (votes).",
                self.marks,
            ) % {"count": figure(self.marks)}
        if self.end_previous_term:
            return sentence + " " + _("An election ends the previous term's seats.")
        return sentence + " " + _("An election fills seats beside those held.")

    def to_document(self) -> dict[str, object]:
        return {
            "method": self.method,
            "office_method": self.office_method,
            "marks": self.marks,
            "end_previous_term": self.end_previous_term,
        }


VISIBLE_THINGS = {
    "tallies": gettext_noop("tallies"),
    "roll_calls": gettext_noop("roll calls (who voted how)"),
    "counter_reports": gettext_noop("counter-reports"),
    "dissenting_opinions": gettext_noop("dissenting opinions"),
    "minutes": gettext_noop("minutes"),
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

    def describe(self, *, public: bool) -> str:
        """What members (or, with `public`, the public) see, as one sentence."""
        shown = [_(VISIBLE_THINGS[name]) for name in self.shown()]
        if not shown:
            if public:
                return _(
                    "The public sees none of the tallies, roll calls, counter-reports, "
                    "dissenting opinions or minutes."
                )
            return _(
                "Members see none of the tallies, roll calls, counter-reports, "
                "dissenting opinions or minutes."
            )
        listed = and_list(shown)
        if public:
            return _("The public sees the %(things)s.") % {"things": listed}
        return _("Members see the %(things)s.") % {"things": listed}


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
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
