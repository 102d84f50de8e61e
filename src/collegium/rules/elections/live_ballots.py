"""Ballots of an election held at a sitting: how one is written, whether it is valid, and
the count of a whole box by the method the standing orders name.

A ballot is stored as a short text, so that the box keeps one column for a question's
ballots and an election's alike (and an encrypted ballot can take its place later).
Candidates are numbered 1, 2, … in the order the ballot paper lists them:

    ranked methods        the numbers in order of preference, "3 1 2"; "" is blank
    approval, block,      the numbers marked, "1 3"; "" is blank
      limited
    cumulative            one number per vote given, repeated to stack, "1 1 3"
    yes-no-abstain        one letter per candidate in ballot order, "y n a"

`problem` says why a ballot is not valid ("" when it is); a ballot is refused at casting
with that reason (rule `election.ballot`), so the box holds valid and blank ballots only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from collegium.rules.elections import candidate_votes
from collegium.rules.elections.methods import MARK_METHODS, RANKED_METHODS, ranked_method
from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.results import ElectionResult
from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import SIMPLE, MajorityRule
from collegium.rules.questions.tally import Tally
from collegium.rules.text import _

YES_NO_ABSTAIN = {"y": "yes", "n": "no", "a": "abstain"}
# A ballot is at most this long: a yes/no/abstain paper of the largest body's candidates.
MAX_BALLOT = 4000


@dataclass(frozen=True)
class Paper:
    """What a ballot paper offers: the method, the candidates in ballot order, the seats
    to fill and, for limited and cumulative votes, the marks (votes) per ballot."""

    method: str
    candidates: tuple[str, ...]
    seats: int
    marks: int | None = None

    @property
    def ranked(self) -> bool:
        return self.method in RANKED_METHODS

    @property
    def most_marks(self) -> int:
        """How many marks (or votes) one ballot may give."""
        if self.method == "block":
            return self.seats
        if self.method in ("limited", "cumulative"):
            return self.marks or 1
        return len(self.candidates)


def check_paper(paper: Paper) -> None:
    """Refuse an election the method cannot hold (rule `election.method`, `election.marks`)."""
    if paper.method not in RANKED_METHODS and paper.method not in MARK_METHODS:
        raise RuleError(
            _("unknown election method %(name)s") % {"name": repr(paper.method)},
            rule="election.method",
        )
    if not paper.candidates:
        raise RuleError(_("an election needs at least one candidate"), rule="election.candidates")
    if paper.method == "limited" and not (paper.marks and 1 <= paper.marks < paper.seats):
        raise RuleError(
            _("a limited vote gives fewer marks than seats: %(marks)s marks for %(seats)d seats")
            % {"marks": paper.marks or 0, "seats": paper.seats},
            rule="election.marks",
        )
    if paper.method == "cumulative" and not paper.marks:
        raise RuleError(
            _("a cumulative vote needs the number of votes per ballot"), rule="election.marks"
        )


def _numbers(text: str, count: int) -> list[int] | None:
    parts = text.split()
    if not all(part.isdigit() and len(part) <= 6 for part in parts):
        return None
    numbers = [int(part) for part in parts]
    return numbers if all(1 <= n <= count for n in numbers) else None


def problem(paper: Paper, content: str) -> str:
    """Why `content` is not a valid ballot of this paper, or "" when it is."""
    count = len(paper.candidates)
    if len(content) > MAX_BALLOT or "\x00" in content:
        return _("a ballot is at most %(limit)d characters of text") % {"limit": MAX_BALLOT}
    if paper.method == "yes-no-abstain":
        letters = content.split()
        if len(letters) != count or any(letter not in YES_NO_ABSTAIN for letter in letters):
            return _(
                "a ballot says y (yes), n (no) or a (abstain) for each of the %(count)d "
                "candidates, in ballot order"
            ) % {"count": count}
        return ""
    numbers = _numbers(content, count)
    if numbers is None:
        return _(
            "a ballot names candidates by their numbers on the ballot paper, 1 to %(count)d"
        ) % {"count": count}
    if paper.ranked:
        if len(set(numbers)) != len(numbers):
            return _("a ranked ballot names each candidate at most once")
        return ""
    given = Counter(numbers)
    if paper.method != "cumulative" and max(given.values(), default=0) > 1:
        return _("a ballot marks each candidate at most once")
    if len(numbers) > paper.most_marks:
        return _("a ballot gives at most %(most)d marks; this one gives %(given)d") % {
            "most": paper.most_marks,
            "given": len(numbers),
        }
    return ""


def count_box(
    paper: Paper,
    contents: Sequence[str],
    *,
    alternates: int = 0,
    seed: str = "",
    majority: MajorityRule = SIMPLE,
    present: int | None = None,
) -> ElectionResult:
    """Count a box of valid and blank ballots by the paper's method: who takes the
    `paper.seats` seats and who the `alternates` places, in rank order."""
    check_paper(paper)
    names = paper.candidates
    if paper.method == "yes-no-abstain":
        tallies = {name: Counter[str]() for name in names}
        for content in contents:
            for name, letter in zip(names, content.split(), strict=True):
                tallies[name][YES_NO_ABSTAIN[letter]] += 1
        return candidate_votes.yes_no_abstain(
            {
                name: Tally(yes=t["yes"], no=t["no"], abstain=t["abstain"], present=present)
                for name, t in tallies.items()
            },
            seats=paper.seats,
            alternates=alternates,
            rule=majority,
            seed=seed,
        )
    ballots = [[names[n - 1] for n in map(int, content.split())] for content in contents]
    if paper.ranked:
        profile = RankedBallots.from_lists(
            names, [ballot for ballot in ballots if ballot], seats=paper.seats
        ).grouped()
        return ranked_method(paper.method)(
            profile, seats=paper.seats, alternates=alternates, seed=seed
        )
    if paper.method == "cumulative":
        return candidate_votes.cumulative_vote(
            names,
            [Counter(ballot) for ballot in ballots],
            seats=paper.seats,
            votes_per_ballot=paper.most_marks,
            alternates=alternates,
            seed=seed,
        ).result
    if paper.method == "limited":
        return candidate_votes.limited_vote(
            names,
            ballots,
            seats=paper.seats,
            votes_per_ballot=paper.most_marks,
            alternates=alternates,
            seed=seed,
        ).result
    counter = candidate_votes.approval if paper.method == "approval" else candidate_votes.block_vote
    return counter(names, ballots, seats=paper.seats, alternates=alternates, seed=seed).result
