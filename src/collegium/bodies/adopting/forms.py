"""The standing-orders document as a form: one field per setting of
collegium.rules.standing_orders (written out: the settings are dataclasses with rules of
their own, not declarations a form could be generated from), nested parts as fieldsets.

The form turns its fields into a document and has the rules validate it; every problem
the rules report comes back beside the field its path names ("quorum.fraction: 3/2 is
more than 1" beside the quorum's share)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.rules.questions.decision import TieRule
from collegium.rules.questions.majority import Comparison
from collegium.rules.questions.quorum import Counted
from collegium.rules.standing_orders.document import (
    GROUP_BUDGET,
    MAX_DESCRIPTION,
    MAX_TITLE,
    StandingOrders,
    StandingOrdersInvalid,
    parse_standing_orders,
)
from collegium.rules.standing_orders.settings import (
    ELECTION_METHOD_WORDS,
    VISIBLE_THINGS,
    BodyKind,
    CounterReportRight,
    SecretWhen,
    SpeakerOrder,
    VoteForm,
)

_SHARE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_NUMBER = re.compile(r"^\s*(\d+)\s*$")
# Labels of the choices, as a secretariat reads them.
_COUNTED = {
    Counted.VOTE: gettext_lazy("full members present at the vote"),
    Counted.OPENING: gettext_lazy("full members present at the opening"),
    Counted.VOTING: gettext_lazy("full members voting"),
    Counted.YES: gettext_lazy("full members voting yes"),
}
_COMPARISON = {
    Comparison.MORE_THAN: gettext_lazy("more than"),
    Comparison.AT_LEAST: gettext_lazy("at least"),
}
_TIE = {
    TieRule.FAIL: gettext_lazy("A tied vote fails"),
    TieRule.CASTING_VOTE: gettext_lazy("The chair has a casting vote"),
    TieRule.LOT: gettext_lazy("Decided by lot"),
}
_SECRET = {
    SecretWhen.NEVER: gettext_lazy("Never (open votes)"),
    SecretWhen.ELECTIONS: gettext_lazy("In elections"),
    SecretWhen.ALWAYS: gettext_lazy("In every vote"),
}
_COUNTER = {
    CounterReportRight.NOBODY: gettext_lazy("Nobody"),
    CounterReportRight.ANY_FULL_MEMBER: gettext_lazy("Any full member"),
    CounterReportRight.MINORITY: gettext_lazy("A minority of the full members"),
}
_KINDS = {
    BodyKind.CONGRESS: gettext_lazy("Congress"),
    BodyKind.COMMITTEE: gettext_lazy("Committee"),
    BodyKind.EXECUTIVE: gettext_lazy("Executive"),
    BodyKind.COMMISSION: gettext_lazy("Commission"),
    BodyKind.ASSEMBLY: gettext_lazy("Assembly"),
}
_SPEAKER_ORDER = {
    SpeakerOrder.ASKED: gettext_lazy("In the order asked"),
    SpeakerOrder.FIRST_TIME: gettext_lazy("First-time speakers on the item first"),
    SpeakerOrder.LEAST_TIME: gettext_lazy("Least speaking time in the sitting first"),
    SpeakerOrder.QUOTA: gettext_lazy("One request from each group in turn"),
}
_VOTE_FORMS = {
    VoteForm.SHOW_OF_HANDS: gettext_lazy("Counted show of hands"),
    VoteForm.NAMED: gettext_lazy("Named electronic vote"),
    VoteForm.SECRET: gettext_lazy("Secret electronic ballot"),
}
# The election methods, named as the orders' sentences name them.
_METHODS = [(method, gettext_lazy(words)) for method, words in ELECTION_METHOD_WORDS.items()]
_SHARE_HELP = gettext_lazy("A number of full members (e.g. 7) or a share of them (e.g. 1/10).")
_SECONDS = gettext_lazy("seconds")
# The short requests' seconds (speakers_<name> in the form, speakers.<name> in the document).
_SHORT_REQUESTS = ("point_of_order", "question", "reply")


def _choices(labels: dict[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(value), label) for value, label in labels.items()]


# Where each problem path of the rules is shown: the field it names (the longest path that
# is the problem's path or a prefix of it).
PATHS = {
    "title": "title",
    "description": "description",
    "quorum": "quorum_share",
    "quorum.counted": "quorum_counted",
    "quorum.comparison": "quorum_comparison",
    "quorum.fraction": "quorum_share",
    "quorum.number": "quorum_share",
    "majority": "majority",
    "majorities": "majorities",
    "tie": "tie",
    "secret_ballot": "secret_when",
    "secret_ballot.when": "secret_when",
    "secret_ballot.on_request": "secret_on_request",
    "counter_report": "counter_who",
    "counter_report.who": "counter_who",
    "counter_report.members": "counter_minority",
    "counter_report.fraction": "counter_minority",
    "speaking_time": "speaking_report",
    **{
        f"speaking_time.{name}": f"speaking_{name}"
        for name in ("report", "counter_report", "contribution", "contributions_per_item")
    },
    **{
        f"transparency.{audience}.{thing}": f"{audience}_{thing}"
        for audience in ("members", "public")
        for thing in VISIBLE_THINGS
    },
    "guest_seats": "guest_seats",
    "suspension": "suspension_vacates_seats",
    "suspension.vacates_seats": "suspension_vacates_seats",
    "speakers": "speakers_order",
    "speakers.order": "speakers_order",
    "speakers.alternate_for_against": "speakers_alternate_for_against",
    "speakers.group_budget": "speakers_group_budget",
    **{f"speakers.{name}": f"speakers_{name}" for name in _SHORT_REQUESTS},
    "sitting": "sitting_alternates_step_in",
    "sitting.alternates_step_in": "sitting_alternates_step_in",
    "votes": "votes_forms",
    "votes.forms": "votes_forms",
    "votes.default": "votes_default",
    "votes.ballot_change": "votes_ballot_change",
    "votes.proxies": "votes_proxies",
    "elections": "elections_method",
    "elections.method": "elections_method",
    "elections.office_method": "elections_office_method",
    "elections.marks": "elections_marks",
    "elections.end_previous_term": "elections_end_previous_term",
    "motions": "motions_supporters",
    "procedural_motions": "procedural_votes",
}


def field_for(path: str) -> str | None:
    """The form field a problem's path belongs to; None for the document as a whole."""
    while path:
        if path in PATHS:
            return PATHS[path]
        path = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path) if ("." in path or "[" in path) else ""
    return None


@dataclass(frozen=True)
class Fieldset:
    legend: str
    fields: list[forms.BoundField]


class OrdersForm(forms.Form):
    prefix = "orders"
    title = forms.CharField(label=gettext_lazy("Title"), max_length=MAX_TITLE)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    quorum_counted = forms.ChoiceField(
        label=gettext_lazy("Counted among"), choices=_choices(_COUNTED)
    )
    quorum_comparison = forms.ChoiceField(
        label=gettext_lazy("Comparison (for a share)"), choices=_choices(_COMPARISON)
    )
    quorum_share = forms.CharField(label=gettext_lazy("Share or number"), help_text=_SHARE_HELP)
    majority = forms.CharField(
        label=gettext_lazy("Default majority"),
        help_text=gettext_lazy("e.g. simple, absolute, two-thirds:cast, at-least:3/5:valid"),
    )
    majorities = forms.CharField(
        label=gettext_lazy("Majorities for kinds of decision"),
        help_text=gettext_lazy(
            "One a line: kind = majority, e.g. amend-standing-orders = two-thirds:valid"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tie = forms.ChoiceField(label=gettext_lazy("Tie"), choices=_choices(_TIE))
    secret_when = forms.ChoiceField(label=gettext_lazy("Secret ballot"), choices=_choices(_SECRET))
    secret_on_request = forms.CharField(
        label=gettext_lazy("Any vote secret when asked by (empty: never on request)"),
        help_text=_SHARE_HELP,
        required=False,
    )
    counter_who = forms.ChoiceField(
        label=gettext_lazy("Who may give a counter-report"), choices=_choices(_COUNTER)
    )
    counter_minority = forms.CharField(
        label=gettext_lazy("Minority needed (a minority only)"),
        help_text=_SHARE_HELP,
        required=False,
    )
    speaking_report = forms.IntegerField(label=gettext_lazy("Report"), help_text=_SECONDS)
    speaking_counter_report = forms.IntegerField(
        label=gettext_lazy("Counter-report"), help_text=_SECONDS
    )
    speaking_contribution = forms.IntegerField(
        label=gettext_lazy("Contribution"), help_text=_SECONDS
    )
    speaking_contributions_per_item = forms.IntegerField(
        label=gettext_lazy("Contributions per speaker per item")
    )
    speakers_order = forms.ChoiceField(
        label=gettext_lazy("Order of the list of speakers"), choices=_choices(_SPEAKER_ORDER)
    )
    speakers_alternate_for_against = forms.BooleanField(
        label=gettext_lazy("Speeches for and against alternate"), required=False
    )
    # In whole minutes here, in seconds in the document (a budget of 90 seconds, possible
    # in a document, shows rounded to the minute).
    speakers_group_budget = forms.IntegerField(
        label=gettext_lazy("Speaking time of each group per item"),
        # Not "minutes" alone: that msgid is already the minutes of a sitting (Protokolle).
        help_text=gettext_lazy("minutes (empty: no budget)"),
        required=False,
        min_value=GROUP_BUDGET[0] // 60,
        max_value=GROUP_BUDGET[1] // 60,
    )
    speakers_point_of_order = forms.IntegerField(
        label=gettext_lazy("Point of order"), help_text=_SECONDS
    )
    speakers_question = forms.IntegerField(
        label=gettext_lazy("Interposed question"), help_text=_SECONDS
    )
    speakers_reply = forms.IntegerField(
        label=gettext_lazy("Reply to a question or intervention"), help_text=_SECONDS
    )
    sitting_alternates_step_in = forms.BooleanField(
        label=gettext_lazy("Alternates present at a sitting step in for absent full members"),
        required=False,
    )
    votes_forms = forms.MultipleChoiceField(
        label=gettext_lazy("Forms a vote may take"),
        choices=_choices(_VOTE_FORMS),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A secret ballot the settings above require is taken even when not ticked."
        ),
    )
    votes_default = forms.ChoiceField(
        label=gettext_lazy("Form when the chair names none"), choices=_choices(_VOTE_FORMS)
    )
    votes_ballot_change = forms.BooleanField(
        label=gettext_lazy("A voter may change their ballot until the vote closes"),
        required=False,
    )
    votes_proxies = forms.IntegerField(
        label=gettext_lazy("Proxies one full member may carry (0: no proxies)"),
        min_value=0,
        max_value=100,
        initial=0,
    )
    elections_method = forms.ChoiceField(
        label=gettext_lazy("Method for the seats of the bodies it elects"), choices=_METHODS
    )
    elections_office_method = forms.ChoiceField(
        label=gettext_lazy("Method for its offices"), choices=_METHODS
    )
    elections_marks = forms.IntegerField(
        label=gettext_lazy("Marks (votes) per ballot"),
        required=False,
        help_text=gettext_lazy("Needed by the limited and the cumulative vote; else empty."),
    )
    elections_end_previous_term = forms.BooleanField(
        label=gettext_lazy("An election ends the previous term's seats"), required=False
    )
    motions_supporters = forms.IntegerField(
        label=gettext_lazy("Supporters a motion needs to be tabled (its submitters count)"),
        min_value=0,
        max_value=100_000,
        initial=0,
    )
    motions_deadline_days = forms.IntegerField(
        label=gettext_lazy("Tabling closes this many days before the sitting"),
        min_value=0,
        max_value=365,
        required=False,
        help_text=gettext_lazy("Empty: motions may be tabled until the sitting closes."),
    )
    procedural_enabled = forms.BooleanField(
        label=gettext_lazy("The procedural motions of Robert's Rules of Order (1915) are used"),
        required=False,
        initial=True,
    )
    procedural_votes = forms.CharField(
        label=gettext_lazy("Votes the orders change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            'One per line, e.g. "previous-question = majority"; a vote is majority, '
            "two-thirds or chair."
        ),
    )
    guest_seats = forms.MultipleChoiceField(
        label=gettext_lazy("Bodies that give guest seats"),
        choices=_choices(_KINDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suspension_vacates_seats = forms.BooleanField(
        label=gettext_lazy("Suspending a member vacates their seats (leaving always does)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        things = {
            "tallies": gettext_lazy("Tallies"),
            "roll_calls": gettext_lazy("Roll calls (who voted how)"),
            "counter_reports": gettext_lazy("Counter-reports"),
            "dissenting_opinions": gettext_lazy("Dissenting opinions"),
            "minutes": gettext_lazy("Minutes"),
        }
        for audience in ("members", "public"):
            for thing in VISIBLE_THINGS:
                self.fields[f"{audience}_{thing}"] = forms.BooleanField(
                    label=things[thing], required=False
                )
        self.rules: StandingOrders | None = None

    def fieldsets(self) -> list[Fieldset]:
        groups = [
            (_("The orders"), ["title", "description"]),
            (_("Quorum"), ["quorum_share", "quorum_comparison", "quorum_counted"]),
            (_("Majorities"), ["majority", "majorities", "tie"]),
            (_("Secret ballot"), ["secret_when", "secret_on_request"]),
            (_("Counter-reports"), ["counter_who", "counter_minority"]),
            (
                _("Speaking time"),
                [
                    "speaking_report",
                    "speaking_counter_report",
                    "speaking_contribution",
                    "speaking_contributions_per_item",
                ],
            ),
            (
                _("Lists of speakers"),
                [
                    "speakers_order",
                    "speakers_alternate_for_against",
                    "speakers_group_budget",
                    *(f"speakers_{name}" for name in _SHORT_REQUESTS),
                ],
            ),
            (_("Sittings"), ["sitting_alternates_step_in"]),
            (
                _("Votes"),
                ["votes_forms", "votes_default", "votes_ballot_change", "votes_proxies"],
            ),
            (
                _("Elections"),
                [
                    "elections_method",
                    "elections_office_method",
                    "elections_marks",
                    "elections_end_previous_term",
                ],
            ),
            (_("Motions"), ["motions_supporters", "motions_deadline_days"]),
            (_("Procedural motions"), ["procedural_enabled", "procedural_votes"]),
            (_("What members see"), [f"members_{thing}" for thing in VISIBLE_THINGS]),
            (_("What the public sees"), [f"public_{thing}" for thing in VISIBLE_THINGS]),
            (_("Suspension"), ["suspension_vacates_seats"]),
            (_("Guest seats"), ["guest_seats"]),
        ]
        return [Fieldset(legend, [self[name] for name in names]) for legend, names in groups]

    def document(self) -> dict[str, object]:
        """The document the cleaned fields make (the rules have not judged it yet)."""
        data = self.cleaned_data
        share = data["quorum_share"]
        quorum: dict[str, object] = {"counted": data["quorum_counted"]}
        if _NUMBER.match(share):
            quorum["number"] = int(share)
        else:
            quorum |= {"comparison": data["quorum_comparison"], "fraction": share.strip()}
        counter: dict[str, object] = {"who": data["counter_who"]}
        if data["counter_minority"].strip():
            counter |= _member_share(data["counter_minority"])
        on_request = data["secret_on_request"].strip()
        budget = data["speakers_group_budget"]
        return {
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "quorum": quorum,
            "majority": _majority(data["majority"]),
            "majorities": {
                kind.strip(): _majority(rule)
                for kind, _sep, rule in (
                    line.partition("=") for line in data["majorities"].splitlines() if line.strip()
                )
            },
            "tie": data["tie"],
            "secret_ballot": {
                "when": data["secret_when"],
                "on_request": _member_share(on_request) if on_request else None,
            },
            "counter_report": counter,
            "speaking_time": {
                name: data[f"speaking_{name}"]
                for name in ("report", "counter_report", "contribution", "contributions_per_item")
            },
            "transparency": {
                audience: {thing: data[f"{audience}_{thing}"] for thing in VISIBLE_THINGS}
                for audience in ("members", "public")
            },
            "guest_seats": list(data["guest_seats"]),
            "suspension": {"vacates_seats": data["suspension_vacates_seats"]},
            "speakers": {
                "order": data["speakers_order"],
                "alternate_for_against": data["speakers_alternate_for_against"],
                "group_budget": None if budget is None else budget * 60,
                **{name: data[f"speakers_{name}"] for name in _SHORT_REQUESTS},
            },
            "sitting": {"alternates_step_in": data["sitting_alternates_step_in"]},
            "votes": {
                "forms": list(data["votes_forms"]),
                "default": data["votes_default"],
                "ballot_change": data["votes_ballot_change"],
                "proxies": data["votes_proxies"],
            },
            "elections": {
                "method": data["elections_method"],
                "office_method": data["elections_office_method"],
                "marks": data["elections_marks"],
                "end_previous_term": data["elections_end_previous_term"],
            },
            "motions": {
                "supporters": data["motions_supporters"],
                "deadline_days": data["motions_deadline_days"],
            },
            "procedural_motions": {
                "enabled": data["procedural_enabled"],
                "votes": {
                    motion.strip(): vote.strip()
                    for motion, _sep, vote in (
                        line.partition("=")
                        for line in data["procedural_votes"].splitlines()
                        if line.strip()
                    )
                },
            },
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.rules = parse_standing_orders(self.document())
        except StandingOrdersInvalid as invalid:
            for path, message in invalid.located:
                field = field_for(path)
                shown = f"{path}: {message}" if path else message
                if field is not None and field in self.fields:
                    self.add_error(field, shown)
                else:
                    self.add_error(None, shown)
        return data


def _majority(text: str) -> str | list[str]:
    parts = [part.strip() for part in text.split("+")]
    return parts[0] if len(parts) == 1 else parts


def _member_share(text: str) -> dict[str, object]:
    """ "7" is seven full members, "1/10" a tenth of them; anything else goes to the rules
    as a share, so that they name what is wrong with it."""
    number = _NUMBER.match(text)
    if number:
        return {"members": int(number.group(1))}
    return {"fraction": text.strip()}


def initial_from(rules: StandingOrders) -> dict[str, object]:
    """The form's fields as `rules` set them."""
    quorum = rules.quorum
    share = rules.secret_ballot.on_request
    minority = rules.counter_report.minority
    initial: dict[str, object] = {
        "title": rules.title,
        "description": rules.description,
        "quorum_counted": str(quorum.counted),
        "quorum_comparison": str(quorum.comparison),
        "quorum_share": str(quorum.number)
        if quorum.number is not None
        else f"{quorum.share.numerator}/{quorum.share.denominator}"
        if quorum.share is not None
        else "",
        "majority": rules.majority.spec(),
        "majorities": "\n".join(
            f"{kind} = {rule.spec()}" for kind, rule in rules.majorities.items()
        ),
        "tie": str(rules.tie),
        "secret_when": str(rules.secret_ballot.when),
        "secret_on_request": _share_text(share),
        "counter_who": str(rules.counter_report.who),
        "counter_minority": _share_text(minority),
        "guest_seats": rules.guest_seats.to_document(),
        "suspension_vacates_seats": rules.suspension.vacates_seats,
        "speakers_order": str(rules.speakers.order),
        "speakers_alternate_for_against": rules.speakers.alternate_for_against,
        "speakers_group_budget": _minutes(rules.speakers.group_budget),
        "sitting_alternates_step_in": rules.sitting.alternates_step_in,
        "votes_forms": [str(form) for form in rules.votes.forms],
        "votes_default": str(rules.votes.default),
        "votes_ballot_change": rules.votes.ballot_change,
        "votes_proxies": rules.votes.proxies,
        "elections_method": rules.elections.method,
        "elections_office_method": rules.elections.office_method,
        "elections_marks": rules.elections.marks,
        "elections_end_previous_term": rules.elections.end_previous_term,
        "motions_supporters": rules.motions.supporters,
        "motions_deadline_days": rules.motions.deadline_days,
        "procedural_enabled": rules.procedural_motions.enabled,
        "procedural_votes": "\n".join(
            f"{motion} = {needs}" for motion, needs in rules.procedural_motions.needs.items()
        ),
    }
    for field in ("report", "counter_report", "contribution", "contributions_per_item"):
        initial[f"speaking_{field}"] = getattr(rules.speaking_time, field)
    for name in _SHORT_REQUESTS:
        initial[f"speakers_{name}"] = getattr(rules.speakers, name)
    for audience in ("members", "public"):
        for thing in VISIBLE_THINGS:
            initial[f"{audience}_{thing}"] = getattr(getattr(rules.transparency, audience), thing)
    return initial


def _minutes(seconds: int | None) -> int | None:
    """A group's budget in the form's whole minutes (the nearest, at least one)."""
    return None if seconds is None else max(1, round(seconds / 60))


def _share_text(share: object) -> str:
    members = getattr(share, "members", None)
    fraction = getattr(share, "share", None)
    if members is not None:
        return str(members)
    if fraction is not None:
        return f"{fraction.numerator}/{fraction.denominator}"
    return ""
