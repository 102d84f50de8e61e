"""Elections where each candidate is voted on by marks, not by rankings.

yes/no/abstain per candidate: each candidate's tally is judged by a majority rule
(rules.questions.majority; by default "simple": more yes than no, abstentions not
counted). Candidates who meet it fill the seats in order of yes votes; those who meet it
but find no seat are the alternates, in the same order. A candidate who fails the rule is neither.

Marked ballots (approval, block, limited, cumulative): every ballot gives votes to
candidates, and candidates with the most votes take the seats; alternates follow in order of
votes. A candidate needs at least one vote to be placed.
    approval     mark any number of candidates, one vote each
    block        up to as many marks as there are seats, one vote each
    limited      up to `votes_per_ballot` marks, fewer than the seats, one vote each
    cumulative   `votes_per_ballot` votes to spread, several on one candidate allowed
                 (up to `most_per_candidate`)
A ballot is invalid, with its reason recorded, when it names an unknown candidate, marks a
candidate twice (except cumulative), gives more marks or votes than allowed, or gives a
candidate fewer than one vote. A ballot without any mark is blank: neither valid nor invalid.

Ties: a tie that decides the last seat or the order of alternates is drawn by lot from the
seed (rules.ties); a tie wholly among elected candidates lists them by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from collegium.rules.elections import phrases
from collegium.rules.elections.ordering import (
    check_places,
    groups_by_votes,
    order_places,
    split_places,
)
from collegium.rules.elections.results import CountRound, ElectionResult
from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import SIMPLE, MajorityRule, evaluate
from collegium.rules.questions.tally import Tally
from collegium.rules.text import _, comma_list, semicolon_list
from collegium.rules.ties import Lot


def yes_no_abstain(
    tallies: Mapping[str, Tally],
    *,
    seats: int = 1,
    alternates: int = 0,
    rule: MajorityRule = SIMPLE,
    seed: str = "",
) -> ElectionResult:
    """Each candidate elected by the majority rule; seats go to the most yes votes."""
    check_places(seats, alternates)
    lot = Lot(seed)
    rounds: list[CountRound] = []
    passed: dict[str, int] = {}
    for name, tally in tallies.items():
        results = evaluate(rule, tally)
        met = all(part.met for part in results)
        needed = semicolon_list(
            [
                _("%(threshold)s needs %(needed)s")
                % {"threshold": part.part.label(), "needed": part.needed}
                for part in results
            ]
        )
        if met:
            passed[name] = tally.yes
        rounds.append(
            CountRound(
                number=len(rounds) + 1,
                action=_("vote on %(name)s") % {"name": name},
                votes={
                    "yes": Decimal(tally.yes),
                    "no": Decimal(tally.no),
                    "abstain": Decimal(tally.abstain),
                },
                note=(_("%(needed)s: met") if met else _("%(needed)s: not met"))
                % {"needed": needed},
            )
        )
    # Every candidate who met the rule has at least one yes vote (a part needs one or more).
    ordered = order_places(
        groups_by_votes(passed),
        seats=seats,
        places=seats + alternates,
        lot=lot,
        purpose=_("yes/no/abstain: equal yes votes"),
    )
    elected, runners_up = split_places(ordered, seats)
    values = {
        "rule": rule.describe(),
        "met": phrases.of_candidates(len(passed), len(tallies)),
        "seats": phrases.seats(seats),
        "elected": comma_list(
            [_("%(name)s (%(yes)d yes)") % {"name": name, "yes": passed[name]} for name in elected]
        ),
    }
    rounds.append(
        CountRound(
            number=len(rounds) + 1,
            action=_("ranking by yes votes"),
            votes={name: Decimal(v) for name, v in passed.items()},
            elected=elected,
            note=_("%(met)s met the rule (%(rule)s)") % values,
        )
    )
    if elected:
        explanation = (
            _(
                "Yes/no/abstain per candidate (%(rule)s): %(met)s met the rule; elected "
                "%(elected)s to %(seats)s."
            )
            % values
        )
    else:
        explanation = (
            _(
                "Yes/no/abstain per candidate (%(rule)s): %(met)s met the rule; elected nobody "
                "to %(seats)s."
            )
            % values
        )
    return ElectionResult(
        method="yes-no-abstain",
        elected=elected,
        alternates=runners_up,
        rounds=tuple(rounds),
        lots=tuple(lot.draws),
        explanation=explanation,
    )


@dataclass(frozen=True)
class InvalidBallot:
    """A ballot set aside: its 1-based position in the input and why."""

    number: int
    reason: str


@dataclass(frozen=True)
class MarkCount:
    """A count of marked ballots: the election result and what happened to each ballot."""

    result: ElectionResult
    votes: Mapping[str, int]
    valid: int
    blank: int
    invalid: tuple[InvalidBallot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "result": self.result.to_json(),
            "votes": dict(self.votes),
            "valid": self.valid,
            "blank": self.blank,
            "invalid": [{"number": b.number, "reason": b.reason} for b in self.invalid],
        }


def _problem(
    marks: Mapping[str, int], known: set[str], most_votes: int, most_per_candidate: int
) -> str:
    """Why a ballot is invalid, or "" when it is valid."""
    for name, given in marks.items():
        values = {"name": name, "given": given, "most": most_per_candidate}
        if name not in known:
            return _("names an unknown candidate %(name)s") % {"name": repr(name)}
        if given < 1:
            return _("gives %(name)s %(given)d votes; at least 1 is needed") % values
        if given > most_per_candidate:
            if most_per_candidate == 1:
                return _("marks %(name)s %(given)d times") % values
            return _("gives %(name)s %(given)d votes; at most %(most)d allowed") % values
    total = sum(marks.values())
    if total > most_votes:
        values = {"total": total, "most": most_votes}
        if most_per_candidate == 1:
            return _("gives %(total)d marks; at most %(most)d allowed") % values
        return _("gives %(total)d votes; at most %(most)d allowed") % values
    return ""


def _count(
    method: str,
    title: str,
    candidates: Sequence[str],
    ballots: Iterable[Mapping[str, int]],
    *,
    seats: int,
    alternates: int,
    most_votes: int,
    most_per_candidate: int,
    seed: str,
) -> MarkCount:
    check_places(seats, alternates)
    if len(set(candidates)) != len(candidates):
        raise RuleError(_("a candidate is listed twice"), rule="election.candidates")
    known = set(candidates)
    votes = dict.fromkeys(candidates, 0)
    valid = blank = 0
    invalid: list[InvalidBallot] = []
    for number, marks in enumerate(ballots, start=1):
        if not marks:
            blank += 1
            continue
        reason = _problem(marks, known, most_votes, most_per_candidate)
        if reason:
            invalid.append(InvalidBallot(number, reason))
            continue
        valid += 1
        for name, given in marks.items():
            votes[name] += given
    lot = Lot(seed)
    ordered = order_places(
        groups_by_votes(votes),
        seats=seats,
        places=seats + alternates,
        lot=lot,
        purpose=_("%(method)s: equal votes") % {"method": method},
    )
    elected, runners_up = split_places(ordered, seats)
    values = {
        "method": title,
        "elected": comma_list([f"{name} ({votes[name]})" for name in elected]),
        "seats": phrases.seats(seats),
        "valid": valid,
        "valid_ballots": phrases.valid_ballots(valid),
        "blank": blank,
        "invalid": len(invalid),
    }
    count_round = CountRound(
        number=1,
        action=_("votes"),
        votes={name: Decimal(v) for name, v in votes.items()},
        elected=elected,
        note=_("%(valid)d valid, %(blank)d blank, %(invalid)d invalid ballots") % values,
    )
    if elected:
        explanation = (
            _(
                "%(method)s: elected %(elected)s to %(seats)s from %(valid_ballots)s "
                "(%(invalid)d invalid, %(blank)d blank)."
            )
            % values
        )
    else:
        explanation = (
            _(
                "%(method)s: elected nobody to %(seats)s from %(valid_ballots)s "
                "(%(invalid)d invalid, %(blank)d blank)."
            )
            % values
        )
    result = ElectionResult(
        method=method,
        elected=elected,
        alternates=runners_up,
        rounds=(count_round,),
        lots=tuple(lot.draws),
        explanation=explanation,
    )
    return MarkCount(result, votes, valid, blank, tuple(invalid))


def _as_marks(ballot: Sequence[str]) -> dict[str, int]:
    """One vote per mark; a name marked twice shows as 2 and is refused by the limit of 1."""
    marks: dict[str, int] = {}
    for name in ballot:
        marks[name] = marks.get(name, 0) + 1
    return marks


def approval(
    candidates: Sequence[str],
    ballots: Iterable[Sequence[str]],
    *,
    seats: int = 1,
    alternates: int = 0,
    seed: str = "",
) -> MarkCount:
    """Approval voting: mark any number of candidates; most approvals win."""
    return _count(
        "approval",
        _("Approval vote"),
        candidates,
        (_as_marks(b) for b in ballots),
        seats=seats,
        alternates=alternates,
        most_votes=len(candidates),
        most_per_candidate=1,
        seed=seed,
    )


def block_vote(
    candidates: Sequence[str],
    ballots: Iterable[Sequence[str]],
    *,
    seats: int,
    alternates: int = 0,
    seed: str = "",
) -> MarkCount:
    """Block vote: up to one mark per seat."""
    return _count(
        "block",
        _("Block vote (up to %(marks)d marks)") % {"marks": seats},
        candidates,
        (_as_marks(b) for b in ballots),
        seats=seats,
        alternates=alternates,
        most_votes=seats,
        most_per_candidate=1,
        seed=seed,
    )


def limited_vote(
    candidates: Sequence[str],
    ballots: Iterable[Sequence[str]],
    *,
    seats: int,
    votes_per_ballot: int,
    alternates: int = 0,
    seed: str = "",
) -> MarkCount:
    """Limited vote: fewer marks than seats, so that a minority can win some seats."""
    if not 1 <= votes_per_ballot < seats:
        raise RuleError(
            _("a limited vote gives fewer marks than seats: %(marks)d marks for %(seats)d seats")
            % {"marks": votes_per_ballot, "seats": seats},
            rule="election.limited-marks",
        )
    return _count(
        "limited",
        _("Limited vote (up to %(marks)d marks)") % {"marks": votes_per_ballot},
        candidates,
        (_as_marks(b) for b in ballots),
        seats=seats,
        alternates=alternates,
        most_votes=votes_per_ballot,
        most_per_candidate=1,
        seed=seed,
    )


def cumulative_vote(
    candidates: Sequence[str],
    ballots: Iterable[Mapping[str, int]],
    *,
    seats: int,
    votes_per_ballot: int,
    most_per_candidate: int | None = None,
    alternates: int = 0,
    seed: str = "",
) -> MarkCount:
    """Cumulative vote: spread up to `votes_per_ballot` votes, stacking allowed."""
    cap = votes_per_ballot if most_per_candidate is None else most_per_candidate
    if votes_per_ballot < 1 or cap < 1:
        raise RuleError(
            _("a cumulative vote gives each voter at least 1 vote"),
            rule="election.cumulative-votes",
        )
    return _count(
        "cumulative",
        _("Cumulative vote (%(votes)d votes, up to %(most)d on one candidate)")
        % {"votes": votes_per_ballot, "most": cap},
        candidates,
        ballots,
        seats=seats,
        alternates=alternates,
        most_votes=votes_per_ballot,
        most_per_candidate=cap,
        seed=seed,
    )
