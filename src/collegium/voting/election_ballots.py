"""An election's ballot paper as a page shows it, and the ballot a filled-in paper makes
(rules.elections.live_ballots writes it down; the rules judge it at casting)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from collegium.rules.elections.live_ballots import Paper
from collegium.rules.errors import RuleError
from collegium.voting.actions.electing import paper_of
from collegium.voting.models import Election

_FIELD = 12  # a figure typed in a field is at most this long


@dataclass(frozen=True)
class PaperView:
    method: str
    kind: str  # ranked, yes-no-abstain, cumulative, marks: which fields the paper has
    seats: int
    most_marks: int
    candidates: tuple[tuple[int, str], ...]  # (number on the paper, name)


def paper_view(election: Election) -> PaperView:
    paper = paper_of(election)
    if paper.ranked:
        kind = "ranked"
    elif paper.method in ("yes-no-abstain", "cumulative"):
        kind = paper.method
    else:
        kind = "marks"
    return PaperView(
        method=paper.method,
        kind=kind,
        seats=paper.seats,
        most_marks=paper.most_marks,
        candidates=tuple(enumerate(paper.candidates, start=1)),
    )


def _whole(text: str, name: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if len(text) > _FIELD or not text.isdigit():
        raise RuleError(
            _("%(name)s: %(text)s is not a whole number.") % {"name": name, "text": text[:_FIELD]},
            rule="election.ballot",
        )
    return int(text)


def content_of(paper: Paper, data: Mapping[str, str]) -> str:
    """The ballot the filled-in paper makes. Ranks must run 1, 2, 3 … without a gap or a
    repeat (`election.ballot`); what else is wrong the rules say at casting."""
    numbered = list(enumerate(paper.candidates, start=1))
    if paper.method == "yes-no-abstain":
        letters = [data.get(f"yna-{number}", "") for number, _name in numbered]
        missing = [name for (_n, name), letter in zip(numbered, letters, strict=True) if not letter]
        if missing:
            raise RuleError(
                _("Say yes, no or abstain for every candidate; missing: %(names)s.")
                % {"names": ", ".join(missing)},
                rule="election.ballot",
            )
        return " ".join(letters)
    if paper.ranked:
        ranks = {
            number: rank
            for number, name in numbered
            if (rank := _whole(data.get(f"rank-{number}", ""), name)) is not None
        }
        order = sorted(ranks, key=lambda number: ranks[number])
        if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
            raise RuleError(
                _(
                    "Number your preferences 1, 2, 3 … without a gap and without giving "
                    "two candidates the same number."
                ),
                rule="election.ballot",
            )
        return " ".join(str(number) for number in order)
    if paper.method == "cumulative":
        given: list[str] = []
        for number, name in numbered:
            votes = _whole(data.get(f"votes-{number}", ""), name) or 0
            if votes > paper.most_marks:
                raise RuleError(
                    _("%(name)s: at most %(most)d votes in all.")
                    % {"name": name, "most": paper.most_marks},
                    rule="election.ballot",
                )
            given.extend([str(number)] * votes)
        return " ".join(given)
    return " ".join(str(number) for number, _name in numbered if data.get(f"mark-{number}"))
