"""A closed vote's result as a page shows it: the outcome, and — where the body's
transparency settings publish tallies to the reader — the numbers, the sentence naming
the rule, and a chart: bars of yes, no and abstain against the line the yes bar had to
reach (the first part of the majority rule, from collegium.rules)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from collegium.access.visibility import ReaderScope
from collegium.meetings.queries import published_to, rules_or_none
from collegium.rules.questions.majority import evaluate
from collegium.rules.questions.tally import Tally
from collegium.voting.actions.counting import places_of
from collegium.voting.models import Election, ElectionState, Vote, VoteState


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float  # of the chart's width
    kind: str  # yes, no, abstain (the bar's class)
    y: int  # where the chart draws it (its rows are 12 units apart)


@dataclass(frozen=True)
class ResultView:
    outcome: str
    outcome_label: str
    adopted: bool
    tallies: bool  # the reader sees the numbers
    explanation: str
    bars: tuple[Bar, ...] = ()
    needed: int | None = None  # yes votes the first part of the rule needed
    needed_percent: float | None = None
    election: ElectionView | None = None


@dataclass(frozen=True)
class CountStage:
    """One round of an election's count as a table row: each candidate's votes (in the
    paper's order), who was elected or excluded, and what happened."""

    number: int
    action: str
    votes: tuple[str, ...]
    elected: tuple[str, ...]
    excluded: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class ElectionView:
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    declared: bool
    candidates: tuple[str, ...] = ()  # the columns of the stages (tallies only)
    stages: tuple[CountStage, ...] = ()
    quota: str | None = None


def _labels() -> dict[str, str]:
    return {
        "adopted": _("Adopted"),
        "not-adopted": _("Not adopted"),
        "not-decided": _("Not decided (no quorum)"),
    }


def result_view(vote: Vote, scope: ReaderScope) -> ResultView | None:
    """None while the vote is open: nothing of the result is shown before the close."""
    if vote.state != VoteState.CLOSED:
        return None
    rules = rules_or_none(vote.sitting)
    tallies = rules is not None and scope.may_see(
        published_to(rules, "tallies"), vote.sitting.body_id
    )
    election = vote.election_or_none()
    if election is not None:
        return ResultView(
            outcome=vote.outcome,
            outcome_label=_("Elected")
            if election.state == ElectionState.DECLARED
            else _("Counted"),
            adopted=True,
            tallies=tallies,
            explanation=vote.explanation if tallies else "",
            election=election_view(election, tallies),
        )
    view = ResultView(
        outcome=vote.outcome,
        outcome_label=_labels().get(vote.outcome, vote.outcome),
        adopted=vote.outcome == "adopted",
        tallies=tallies,
        explanation=vote.explanation if tallies else "",
    )
    if not tallies or rules is None or vote.yes is None or vote.no is None:
        return view
    abstain = vote.abstain or 0
    tally = Tally(
        yes=vote.yes, no=vote.no, abstain=abstain, present=vote.present, entitled=vote.entitled
    )
    parts = evaluate(rules.majority_for(vote.kind), tally)
    needed = int(parts[0].needed) if parts and isinstance(parts[0].needed, int | Decimal) else None
    scale = max(vote.yes, vote.no, abstain, needed or 0, 1)
    rows = (
        (_("yes"), vote.yes, "yes"),
        (_("no"), vote.no, "no"),
        (_("abstain"), abstain, "abstain"),
    )
    bars = tuple(
        Bar(label, count, round(100 * count / scale, 1), kind, 12 * index + 1)
        for index, (label, count, kind) in enumerate(rows)
    )
    return ResultView(
        outcome=view.outcome,
        outcome_label=view.outcome_label,
        adopted=view.adopted,
        tallies=True,
        explanation=view.explanation,
        bars=bars,
        needed=needed,
        needed_percent=round(100 * needed / scale, 1) if needed is not None else None,
    )


def election_view(election: Election, tallies: bool) -> ElectionView | None:
    """Who the count elected (every member may know), and where tallies are published to
    the reader, the count round by round."""
    if election.result is None:
        return None
    full, alternates = places_of(election)
    declared = election.state == ElectionState.DECLARED
    if not tallies:
        return ElectionView(full, alternates, declared)
    result = election.result
    names: list[str] = []
    for stage in result.get("rounds", ()):
        names.extend(name for name in stage["votes"] if name not in names)
    stages = tuple(
        CountStage(
            number=stage["number"],
            action=stage["action"],
            votes=tuple(_figure(stage["votes"].get(name)) for name in names),
            elected=tuple(stage["elected"]),
            excluded=tuple(stage["excluded"]),
            note=stage["note"],
        )
        for stage in result.get("rounds", ())
    )
    return ElectionView(full, alternates, declared, tuple(names), stages, result.get("quota"))


def _figure(value: str | None) -> str:
    """A count's exact decimal as a table shows it: whole numbers without decimals."""
    if value is None:
        return ""
    number = Decimal(value)
    return str(number.quantize(Decimal(1))) if number == number.to_integral() else str(number)
