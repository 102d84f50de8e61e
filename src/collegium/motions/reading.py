"""A body's motions as their readers see them, for the API and the motion book: each
motion with its submitters, its supporters against those the orders ask, and its
amendments, each with its place, the pending amendments it conflicts with and its change
as removed and added lines. Reads only (the rules do the work: rules.motions.amendments)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from collegium.bodies.models import Body
from collegium.motions.actions.common import motion_rules
from collegium.motions.actions.texts import (
    cited_lines,
    conflicting,
    next_to_vote,
    resulting_text,
)
from collegium.motions.models import Amendment, Motion, Support
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.rules.motions.amendments import Change, DiffLine, diff


@dataclass(frozen=True)
class ShownAmendment:
    amendment: Amendment
    place: str  # "line 3", "lines 2–4", "after line 4", by the lines of the text it cites
    conflicts_with: tuple[int, ...]  # numbers of the pending amendments touching its text
    changes: tuple[DiffLine, ...]  # the cited lines removed, the new ones added


@dataclass(frozen=True)
class ShownMotion:
    motion: Motion
    submitters: tuple[Member, ...]
    supporters: int
    needed: int  # supporters the orders in force ask for tabling
    amendments: tuple[ShownAmendment, ...]
    next_to_vote: int | None  # the number of the amendment put to the vote next
    # The voted text with the adopted amendments made; None where they cannot be made to
    # it (an amendment adopted before the commission framed its draft cites other lines).
    resulting_text: str | None


def motions_of(body: Body) -> QuerySet[Motion]:
    """The body's motions in their order, with what a summary shows."""
    return (
        Motion.objects.filter(body=body)
        .select_related("body__organization", "sitting", "item", "commission", "vote__sitting")
        .prefetch_related("submitters__member")
        .order_by("number")
    )


def supporters_of(body: Body) -> Counter[int]:
    """Supporters (the submitters among them) by motion id, in one query."""
    return Counter(Support.objects.filter(motion__body=body).values_list("motion_id", flat=True))


def submitters(motion: Motion) -> tuple[Member, ...]:
    return tuple(
        sorted((s.member for s in motion.submitters.all()), key=lambda member: member.number)
    )


def supporters_needed(body: Body) -> int:
    """Supporters the orders in force ask to table a motion."""
    rules, _procedural = motion_rules(body)
    return rules.supporters


def shown(motion: Motion, supporters: int | None = None, needed: int | None = None) -> ShownMotion:
    """One motion (read with `motions_of`) with its amendments as readers see them; the
    supporters and those needed are read when not given (a list gives them once)."""
    if supporters is None:
        supporters = Support.objects.filter(motion=motion).count()
    if needed is None:
        needed = supporters_needed(motion.body)
    amendments = list(
        Amendment.objects.filter(motion=motion)
        .select_related("submitted_by", "vote__sitting", "amends")
        .order_by("number")
    )
    pairs = conflicting(motion)
    following = next_to_vote(motion)
    try:
        result: str | None = resulting_text(motion)
    except RuleError:
        result = None
    return ShownMotion(
        motion=motion,
        submitters=submitters(motion),
        supporters=supporters,
        needed=needed,
        amendments=tuple(
            ShownAmendment(
                amendment=a,
                place=_change(a).place(),
                conflicts_with=tuple(
                    sorted(
                        {one for one, other in pairs if other == a.number}
                        | {other for one, other in pairs if one == a.number}
                    )
                ),
                changes=tuple(diff(cited_lines(a), a.text)),
            )
            for a in amendments
        ),
        next_to_vote=following.number if following is not None else None,
        resulting_text=result,
    )


def _change(amendment: Amendment) -> Change:
    return Change(amendment.first_line, amendment.last_line, amendment.text)
