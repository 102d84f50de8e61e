"""Standing orders: one validated document per body, stored as JSON.

Document keys (all required except title, description, majorities, guest_seats, motions,
suspension, speakers, sitting and votes):

    title, description   plain text (title at most 200 characters, description at most
                         10,000)
    quorum               a quorum rule (rules.questions.quorum), e.g. {"counted":
                         "vote", "comparison": "more-than", "fraction": "1/2"}
    majority             the default majority rule (rules.questions.majority), e.g.
                         "simple"
    majorities           {kind of decision: rule}, e.g. {"amend-standing-orders":
                         "two-thirds:cast"}; kinds are lower-case words joined by hyphens
    tie                  "fail" | "casting-vote" | "lot"
    secret_ballot        {"when": "never" | "elections" | "always",
                          "on_request": null | MEMBERS}  (any vote, when enough ask)
    counter_report       {"who": "nobody" | "any-full-member"} or
                         {"who": "minority", "members": N} or {"who": "minority",
                         "fraction": "P/Q"} (at least that many full members support it)
    speaking_time        {"report": s, "counter_report": s, "contribution": s,
                          "contributions_per_item": n}  (seconds; per speaker per item)
    speakers             {"order": "asked" | "first-time" | "least-time" | "quota",
                          "alternate_for_against": true | false,
                          "group_budget": null | s, "point_of_order": s,
                          "question": s, "reply": s}: how lists of speakers are
                         ordered, whether for and against alternate, the speaking time
                         each group (delegation) has per agenda item (60..86400; null:
                         no budget), and the seconds for a point of order, an interposed
                         question and the reply to a question or intervention (each
                         10..3600); each key optional: "asked", false, null, 60, 60 and
                         120 when left out
    sitting              {"alternates_step_in": true | false}: whether alternates present
                         at a sitting vote for absent full members (optional; false when
                         left out)
    votes                {"forms": [FORM, ...], "default": FORM, "ballot_change": bool,
                          "proxies": N}:
                         the forms a vote may take, FORM being "show-of-hands", "named" or
                         "secret"; the form when the chair names none; whether a voter may
                         change their ballot until the close; the most proxies one full
                         member may carry, 0..100, 0 for none (optional; every form,
                         "named", false, 0 when left out). A secret ballot the orders require
                         (secret_ballot) is taken even when "secret" is not listed.
    elections            {"method": METHOD, "office_method": METHOD, "marks": null | N,
                          "end_previous_term": bool}: how the body elects the seats of the
                         bodies it elects and its offices, METHOD being one of
                         rules.elections.methods.ELECTION_METHODS ("scottish-stv",
                         "meek-stv", "irv", "plurality", "two-round", "schulze",
                         "ranked-pairs", "yes-no-abstain", "approval", "block", "limited",
                         "cumulative"); the marks (votes) per ballot a limited or
                         cumulative vote gives (1..1000, needed by those); whether an
                         election ends the seats of the previous term (optional;
                         "scottish-stv", "irv", null, true when left out)
    transparency         {"members": VISIBILITY, "public": VISIBILITY}, VISIBILITY being
                         {"tallies", "roll_calls", "counter_reports",
                          "dissenting_opinions", "minutes"}: booleans
    guest_seats          the kinds of body that give guest seats, a list of "congress",
                         "committee", "executive", "commission", "assembly" (every kind
                         when left out)
    suspension           {"vacates_seats": true | false}: whether suspending a member
                         vacates their seats (false when left out); leaving always does
    motions              {"supporters": N, "deadline_days": null | N}: how many members
                         (the submitters among them) must support a motion for it to be
                         tabled, 0..100000, and how many days before the sitting opens
                         tabling closes, 0..365, null for no deadline (optional: 0, null)
    procedural_motions   {"enabled": bool, "votes": {MOTION: "majority" | "two-thirds" |
                          "chair"}}: whether the meeting uses the procedural motions of
                         Robert's Rules of Order (1915, rules.motions.procedural), and the
                         votes the orders change (optional: true, none changed)

MEMBERS is {"members": N} or {"fraction": "P/Q"}: at least N (or P/Q of the) full members.
Whatever the public sees, members must see too. A whole document is at most 200,000 bytes
as JSON (UTF-8).

`parse_standing_orders` lists every problem at once with its path, e.g.
"quorum.fraction: 3/2 is more than 1"; `StandingOrders.to_document` gives the canonical
document back, so that parse(to_document(x)) == x.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from collegium.rules.elections.methods import ELECTION_METHODS, NEEDS_MARKS
from collegium.rules.errors import RuleError
from collegium.rules.motions.procedural import (
    BY_KEY,
    PROCEDURAL_KIND,
    Needs,
    ProceduralRules,
    parse_procedural,
)
from collegium.rules.motions.workflow import MotionRules, parse_motion_rules
from collegium.rules.questions.decision import Decision, TieRule, decide
from collegium.rules.questions.majority import MajorityRule, parse_fraction, parse_majority
from collegium.rules.questions.quorum import QuorumRule, parse_quorum
from collegium.rules.questions.tally import Tally
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.reader import Reader
from collegium.rules.standing_orders.settings import (
    VISIBLE_THINGS,
    BodyKind,
    CounterReport,
    CounterReportRight,
    Elections,
    GuestSeats,
    MemberShare,
    SecretBallot,
    SecretWhen,
    Sitting,
    SpeakerOrder,
    Speakers,
    SpeakingTime,
    Suspension,
    Transparency,
    Visibility,
    VoteForm,
    Votes,
)
from collegium.rules.text import _, figure, gettext_noop, ngettext, semicolon_list


class StandingOrdersInvalid(RuleError):
    """Every problem of a standing-orders document, each as "path: message"; `located`
    has them as (path, message) pairs, the path "" for the document as a whole."""

    def __init__(self, problems: list[str], located: list[tuple[str, str]] | None = None) -> None:
        self.problems = tuple(problems)
        self.located = tuple(located or [])
        message = ngettext(
            "standing orders invalid (%(count)d problem): %(problems)s",
            "standing orders invalid (%(count)d problems): %(problems)s",
            len(problems),
        ) % {"count": len(problems), "problems": semicolon_list(problems)}
        super().__init__(message, rule="standing-orders.invalid")


@dataclass(frozen=True)
class StandingOrders:
    quorum: QuorumRule
    majority: MajorityRule
    tie: TieRule
    secret_ballot: SecretBallot
    counter_report: CounterReport
    speaking_time: SpeakingTime
    transparency: Transparency
    majorities: Mapping[str, MajorityRule] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    guest_seats: GuestSeats = field(default_factory=GuestSeats)
    suspension: Suspension = field(default_factory=Suspension)
    speakers: Speakers = field(default_factory=Speakers)
    sitting: Sitting = field(default_factory=Sitting)
    votes: Votes = field(default_factory=Votes)
    elections: Elections = field(default_factory=Elections)
    motions: MotionRules = field(default_factory=MotionRules)
    procedural_motions: ProceduralRules = field(default_factory=ProceduralRules)

    def majority_for(self, kind: str = "") -> MajorityRule:
        """The rule for a kind of decision, else the default majority. A procedural
        motion's kind (`procedural_kind`) takes the vote the motion needs: two-thirds
        where Robert's Rules or these orders' `procedural_motions` say so, else the
        default; a kind the orders name in `majorities` always takes theirs."""
        found = self.majorities.get(kind)
        if found is not None:
            return found
        key = kind.removeprefix(PROCEDURAL_KIND)
        if key != kind and key in BY_KEY:
            needs = self.procedural_motions.needs.get(key, BY_KEY[key].needs)
            if needs == Needs.TWO_THIRDS:
                return parse_majority("two-thirds")
        return self.majority

    def decide(
        self,
        tally: Tally,
        *,
        kind: str = "",
        present_at_opening: int | None = None,
        casting_vote: bool | None = None,
        seed: str = "",
        subject: str = "",
    ) -> Decision:
        """Decide a question under these orders: their quorum, majority for `kind`, tie rule."""
        return decide(
            tally,
            self.majority_for(kind),
            quorum=self.quorum,
            present_at_opening=present_at_opening,
            tie_rule=self.tie,
            casting_vote=casting_vote,
            seed=seed,
            subject=subject,
        )

    def describe(self) -> list[str]:
        """Short plain sentences, one per setting, for pages."""
        sentences = [
            _("Quorum: %(rule)s.") % {"rule": self.quorum.describe()},
            _("Majority: %(rule)s.") % {"rule": self.majority.describe()},
            *(
                _("Majority to %(kind)s: %(rule)s.")
                % {"kind": kind_words(kind), "rule": rule.describe()}
                for kind, rule in self.majorities.items()
            ),
            describe_tie(self.tie),
            self.secret_ballot.describe(),
            self.counter_report.describe(),
            self.speaking_time.describe(),
            self.speakers.describe(),
            self.sitting.describe(),
            self.votes.describe(),
            self.elections.describe(),
            self.motions.describe(),
            self.procedural_motions.describe(),
            self.transparency.members.describe(public=False),
            self.transparency.public.describe(public=True),
            self.suspension.describe(),
            self.guest_seats.describe(),
        ]
        return sentences

    def to_document(self) -> dict[str, object]:
        on_request = self.secret_ballot.on_request
        return {
            "title": self.title,
            "description": self.description,
            "quorum": self.quorum.to_document(),
            "majority": self.majority.to_document(),
            "majorities": {kind: rule.to_document() for kind, rule in self.majorities.items()},
            "tie": str(self.tie),
            "secret_ballot": {
                "when": str(self.secret_ballot.when),
                "on_request": None if on_request is None else on_request.to_document(),
            },
            "counter_report": self.counter_report.to_document(),
            "speaking_time": {
                f.name: getattr(self.speaking_time, f.name) for f in fields(SpeakingTime)
            },
            "transparency": self.transparency.to_document(),
            "guest_seats": self.guest_seats.to_document(),
            "suspension": self.suspension.to_document(),
            "speakers": self.speakers.to_document(),
            "sitting": self.sitting.to_document(),
            "votes": self.votes.to_document(),
            "elections": self.elections.to_document(),
            "motions": self.motions.to_document(),
            "procedural_motions": self.procedural_motions.to_document(),
        }


def describe_tie(tie: TieRule) -> str:
    return {
        TieRule.FAIL: _("A tied vote fails."),
        TieRule.CASTING_VOTE: _("On a tied vote the chair has a casting vote."),
        TieRule.LOT: _("A tied vote is decided by lot, drawn from a recorded seed."),
    }[tie]


# Kinds of decision the bundled documents name, and how a sentence names them ("majority
# to amend standing orders"). A document may name other kinds: they read as written, with
# spaces for hyphens.
KNOWN_KINDS = {"amend-standing-orders": gettext_noop("amend standing orders")}


def kind_words(kind: str) -> str:
    words = KNOWN_KINDS.get(kind)
    return _(words) if words is not None else kind.replace("-", " ")


_KIND = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_TOP = {
    "title": False,
    "description": False,
    "quorum": True,
    "majority": True,
    "majorities": False,
    "tie": True,
    "secret_ballot": True,
    "counter_report": True,
    "speaking_time": True,
    "transparency": True,
    "guest_seats": False,
    "suspension": False,
    "speakers": False,
    "sitting": False,
    "votes": False,
    "elections": False,
    "motions": False,
    "procedural_motions": False,
}
# What one document may hold: the orders are shown on public pages and in the journal, so
# a document is at most this many bytes as JSON, and its texts at most these characters.
MAX_DOCUMENT_BYTES = 200_000
MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
# The seconds a group's budget per item may be, and those of the short requests.
GROUP_BUDGET = (60, 24 * 3600)
_SPEAKER_SECONDS = {"point_of_order": (10, 3600), "question": (10, 3600), "reply": (10, 3600)}


def check_document_size(doc: Mapping[str, object]) -> None:
    """Raise RuleError (`standing-orders.size`) for a document above MAX_DOCUMENT_BYTES,
    before anything in it is read."""
    try:
        size = len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    except (TypeError, ValueError):
        return  # not JSON at all: the parser names what is wrong with it
    if size > MAX_DOCUMENT_BYTES:
        raise RuleError(
            _(
                "The standing-orders document is too large: %(size)s bytes; at most "
                "%(limit)s are accepted."
            )
            % {"size": figure(size), "limit": figure(MAX_DOCUMENT_BYTES)},
            rule="standing-orders.size",
        )


def _member_share(read: Reader, value: object, path: str) -> MemberShare | None:
    doc = read.mapping(value, path, {"members": False, "fraction": False})
    if doc is None:
        return None
    if ("members" in doc) == ("fraction" in doc):
        read.problem(path, _("give either 'members' or 'fraction'"))
        return None
    if "members" in doc:
        members = read.whole(doc["members"], f"{path}.members", low=1)
        return None if members is None else MemberShare(members=members)
    try:
        return MemberShare(share=parse_fraction(doc["fraction"]))
    except ValueError as error:
        read.problem(f"{path}.fraction", str(error))
        return None


def _counter_report(read: Reader, value: object) -> CounterReport | None:
    doc = read.mapping(value, "counter_report", {"who": True, "members": False, "fraction": False})
    if doc is None:
        return None
    who = read.choice(doc.get("who"), "counter_report.who", CounterReportRight)
    share_given = "members" in doc or "fraction" in doc
    if who is not CounterReportRight.MINORITY:
        if share_given and who is not None:
            read.problem(
                "counter_report",
                _("'members' and 'fraction' apply only to a minority, not to %(who)s")
                % {"who": who},
            )
        return None if who is None else CounterReport(who)
    minority = {k: v for k, v in doc.items() if k != "who"}
    share = _member_share(read, minority, "counter_report")
    return None if share is None else CounterReport(who, share)


def _secret_ballot(read: Reader, value: object) -> SecretBallot | None:
    doc = read.mapping(value, "secret_ballot", {"when": True, "on_request": False})
    if doc is None:
        return None
    when = read.choice(doc.get("when"), "secret_ballot.when", SecretWhen)
    on_request = None
    if doc.get("on_request") is not None:
        on_request = _member_share(read, doc["on_request"], "secret_ballot.on_request")
        if when is SecretWhen.ALWAYS:
            read.problem("secret_ballot.on_request", _("every vote is secret already"))
    return None if when is None else SecretBallot(when, on_request)


def _speaking_time(read: Reader, value: object) -> SpeakingTime | None:
    names = [f.name for f in fields(SpeakingTime)]
    doc = read.mapping(value, "speaking_time", dict.fromkeys(names, True))
    if doc is None:
        return None
    numbers = {
        name: read.whole(
            doc.get(name),
            f"speaking_time.{name}",
            low=1,
            high=100 if name == "contributions_per_item" else 24 * 3600,
        )
        for name in names
        if name in doc
    }
    values = [n for n in numbers.values() if n is not None]
    return SpeakingTime(*values) if len(values) == len(names) else None


def _visibility(read: Reader, value: object, path: str) -> Visibility | None:
    doc = read.mapping(value, path, dict.fromkeys(VISIBLE_THINGS, True))
    if doc is None:
        return None
    flags = [read.flag(doc.get(name), f"{path}.{name}") for name in VISIBLE_THINGS if name in doc]
    known = [flag for flag in flags if flag is not None]
    return Visibility(*known) if len(known) == len(VISIBLE_THINGS) else None


def _transparency(read: Reader, value: object) -> Transparency | None:
    doc = read.mapping(value, "transparency", {"members": True, "public": True})
    if doc is None:
        return None
    members = _visibility(read, doc.get("members"), "transparency.members")
    public = _visibility(read, doc.get("public"), "transparency.public")
    if members is None or public is None:
        return None
    for name in VISIBLE_THINGS:
        if getattr(public, name) and not getattr(members, name):
            read.problem(f"transparency.public.{name}", _("shown to the public but not to members"))
    return Transparency(members, public)


def _majorities(read: Reader, value: object) -> dict[str, MajorityRule]:
    if not isinstance(value, Mapping):
        read.problem(
            "majorities",
            _("must be an object of kind: rule, not %(value)s") % {"value": repr(value)},
        )
        return {}
    rules: dict[str, MajorityRule] = {}
    for kind, spec in value.items():
        if not isinstance(kind, str) or not _KIND.match(kind):
            read.problem(f"majorities.{kind}", _("a kind is lower-case words joined by hyphens"))
            continue
        rule = read.spec(parse_majority, spec, f"majorities.{kind}")
        if rule is not None:
            rules[kind] = rule
    return rules


def _guest_seats(read: Reader, value: object) -> GuestSeats | None:
    if not isinstance(value, list):
        read.problem(
            "guest_seats",
            _("must be a list of kinds of body, not %(value)s") % {"value": repr(value)},
        )
        return None
    kinds = [read.choice(kind, f"guest_seats[{i}]", BodyKind) for i, kind in enumerate(value)]
    known = [kind for kind in kinds if kind is not None]
    return GuestSeats(frozenset(known)) if len(known) == len(kinds) else None


def _suspension(read: Reader, value: object) -> Suspension | None:
    doc = read.mapping(value, "suspension", {"vacates_seats": True})
    if doc is None or "vacates_seats" not in doc:
        return None
    vacates = read.flag(doc["vacates_seats"], "suspension.vacates_seats")
    return None if vacates is None else Suspension(vacates)


def _speakers(read: Reader, value: object) -> Speakers | None:
    keys = ("order", "alternate_for_against", "group_budget", *_SPEAKER_SECONDS)
    doc = read.mapping(value, "speakers", dict.fromkeys(keys, False))
    if doc is None:
        return None
    order = (
        read.choice(doc["order"], "speakers.order", SpeakerOrder)
        if "order" in doc
        else SpeakerOrder.ASKED
    )
    alternate = (
        read.flag(doc["alternate_for_against"], "speakers.alternate_for_against")
        if "alternate_for_against" in doc
        else False
    )
    budget = doc.get("group_budget")
    group_budget = (
        None
        if budget is None
        else read.whole(budget, "speakers.group_budget", low=GROUP_BUDGET[0], high=GROUP_BUDGET[1])
    )
    seconds = {
        name: read.whole(doc[name], f"speakers.{name}", low=low, high=high)
        for name, (low, high) in _SPEAKER_SECONDS.items()
        if name in doc
    }
    if (
        order is None
        or alternate is None
        or (budget is not None and group_budget is None)
        or None in seconds.values()
    ):
        return None
    return Speakers(
        order, alternate, group_budget, **{k: v for k, v in seconds.items() if v is not None}
    )


def _sitting(read: Reader, value: object) -> Sitting | None:
    doc = read.mapping(value, "sitting", {"alternates_step_in": False})
    if doc is None:
        return None
    if "alternates_step_in" not in doc:
        return Sitting()
    step_in = read.flag(doc["alternates_step_in"], "sitting.alternates_step_in")
    return None if step_in is None else Sitting(step_in)


def _votes(read: Reader, value: object) -> Votes | None:
    doc = read.mapping(
        value,
        "votes",
        {"forms": False, "default": False, "ballot_change": False, "proxies": False},
    )
    if doc is None:
        return None
    forms: tuple[VoteForm, ...] | None = Votes().forms
    if "forms" in doc:
        listed = doc["forms"]
        if not isinstance(listed, list) or not listed:
            read.problem("votes.forms", _("must be a list of one form or more"))
            forms = None
        else:
            chosen = [
                read.choice(form, f"votes.forms[{i}]", VoteForm) for i, form in enumerate(listed)
            ]
            known = [form for form in chosen if form is not None]
            if len(set(known)) != len(known):
                read.problem("votes.forms", _("a form is listed twice"))
            forms = (
                tuple(known)
                if len(known) == len(chosen) and len(set(known)) == len(known)
                else None
            )
    default = (
        read.choice(doc["default"], "votes.default", VoteForm)
        if "default" in doc
        else VoteForm.NAMED
    )
    change = (
        read.flag(doc["ballot_change"], "votes.ballot_change") if "ballot_change" in doc else False
    )
    proxies = doc.get("proxies", 0)
    if isinstance(proxies, bool) or not isinstance(proxies, int) or not 0 <= proxies <= 100:
        read.problem("votes.proxies", _("must be a whole number from 0 to 100"))
        return None
    if forms is None or default is None or change is None:
        return None
    if default not in forms:
        read.problem(
            "votes.default", _("%(form)s is not one of the forms listed") % {"form": default}
        )
        return None
    return Votes(forms, default, change, proxies)


def _elections(read: Reader, value: object) -> Elections | None:
    doc = read.mapping(
        value,
        "elections",
        {"method": False, "office_method": False, "marks": False, "end_previous_term": False},
    )
    if doc is None:
        return None
    default = Elections()
    method = _method(read, doc.get("method", default.method), "elections.method")
    office = _method(
        read, doc.get("office_method", default.office_method), "elections.office_method"
    )
    marks = doc.get("marks")
    if marks is not None and (
        isinstance(marks, bool) or not isinstance(marks, int) or not 1 <= marks <= 1000
    ):
        read.problem("elections.marks", _("must be null or a whole number from 1 to 1000"))
        return None
    end = (
        read.flag(doc["end_previous_term"], "elections.end_previous_term")
        if "end_previous_term" in doc
        else True
    )
    if method is None or office is None or end is None:
        return None
    for name in (method, office):
        if name in NEEDS_MARKS and marks is None:
            read.problem(
                "elections.marks", _("%(method)s needs the marks per ballot") % {"method": name}
            )
            return None
    return Elections(method, office, marks, end)


def _method(read: Reader, value: object, path: str) -> str | None:
    if not isinstance(value, str) or value not in ELECTION_METHODS:
        read.problem(
            path,
            _("must be one of %(known)s") % {"known": ", ".join(ELECTION_METHODS)},
        )
        return None
    return value


def parse_standing_orders(doc: Mapping[str, object]) -> StandingOrders:
    """Validate a document; StandingOrdersInvalid lists every problem with its path."""
    read = Reader()
    top = read.mapping(doc, "", _TOP)
    if top is None:
        raise StandingOrdersInvalid(read.problems, read.located)
    title = read.text(top.get("title", ""), "title", limit=MAX_TITLE)
    description = read.text(top.get("description", ""), "description", limit=MAX_DESCRIPTION)
    quorum = read.spec(parse_quorum, top.get("quorum"), "quorum") if "quorum" in top else None
    majority = (
        read.spec(parse_majority, top.get("majority"), "majority") if "majority" in top else None
    )
    majorities = _majorities(read, top.get("majorities", {}))
    tie = read.choice(top.get("tie"), "tie", TieRule) if "tie" in top else None
    secret = _secret_ballot(read, top.get("secret_ballot")) if "secret_ballot" in top else None
    counter = _counter_report(read, top.get("counter_report")) if "counter_report" in top else None
    speaking = _speaking_time(read, top.get("speaking_time")) if "speaking_time" in top else None
    transparency = _transparency(read, top.get("transparency")) if "transparency" in top else None
    guests = _guest_seats(read, top["guest_seats"]) if "guest_seats" in top else GuestSeats()
    suspension = _suspension(read, top["suspension"]) if "suspension" in top else Suspension()
    speakers = _speakers(read, top["speakers"]) if "speakers" in top else Speakers()
    sitting = _sitting(read, top["sitting"]) if "sitting" in top else Sitting()
    votes = _votes(read, top["votes"]) if "votes" in top else Votes()
    elections = _elections(read, top["elections"]) if "elections" in top else Elections()
    motions = read.spec(parse_motion_rules, top.get("motions"), "motions")
    procedural = read.spec(parse_procedural, top.get("procedural_motions"), "procedural_motions")
    if (
        read.problems
        or quorum is None
        or majority is None
        or tie is None
        or secret is None
        or counter is None
        or speaking is None
        or transparency is None
        or guests is None
        or suspension is None
        or speakers is None
        or sitting is None
        or votes is None
        or elections is None
        or motions is None
        or procedural is None
    ):
        raise StandingOrdersInvalid(read.problems, read.located)
    return StandingOrders(
        quorum,
        majority,
        tie,
        secret,
        counter,
        speaking,
        transparency,
        majorities,
        title or "",
        description or "",
        guests,
        suspension,
        speakers,
        sitting,
        votes,
        elections,
        motions,
        procedural,
    )


def preset(name: str) -> StandingOrders:
    try:
        return parse_standing_orders(PRESETS[name])
    except KeyError:
        raise RuleError(
            _("unknown preset %(name)s; known: %(known)s")
            % {"name": repr(name), "known": ", ".join(PRESETS)},
            rule="standing-orders.preset",
        ) from None
