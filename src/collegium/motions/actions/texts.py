"""A motion's texts as the amendments make them (reads only; rules.motions.amendments
does the work): an amendment's text with its adopted sub-amendments, the motion's text
with its adopted amendments, and the order the pending amendments are voted in."""

from __future__ import annotations

from collegium.motions.models import Amendment, AmendmentState, Motion
from collegium.rules.motions.amendments import Change, apply, conflicts, lines_of, voting_order


def cited_text(amendment: Amendment) -> str:
    """The text whose lines the amendment cites: the amendment it amends, the
    commission's draft (tabled after it framed one), or the motion as submitted."""
    if amendment.amends is not None:
        return amendment.amends.text
    return amendment.motion.draft if amendment.cites_draft else amendment.motion.text


def cited_lines(amendment: Amendment) -> str:
    """The lines the amendment replaces (none for an insertion)."""
    lines = lines_of(cited_text(amendment))
    return "\n".join(lines[amendment.first_line - 1 : amendment.last_line])


def change_of(amendment: Amendment, subs: list[Amendment] | None = None) -> Change:
    """The amendment as a change, its text as its adopted sub-amendments leave it."""
    adopted = [
        Change(s.first_line, s.last_line, s.text)
        for s in (subs if subs is not None else list(amendment.sub_amendments.all()))
        if s.state == AmendmentState.ADOPTED
    ]
    text = apply(amendment.text, adopted) if adopted else amendment.text
    return Change(amendment.first_line, amendment.last_line, text)


def resulting_text(motion: Motion) -> str:
    """The voted text with the adopted amendments made."""
    amendments = list(Amendment.objects.filter(motion=motion).order_by("number"))
    subs: dict[int, list[Amendment]] = {}
    for a in amendments:
        if a.amends_id is not None:
            subs.setdefault(a.amends_id, []).append(a)
    changes = [
        change_of(a, subs.get(a.pk, []))
        for a in amendments
        if a.amends_id is None and a.state == AmendmentState.ADOPTED
    ]
    return apply(motion.voted_text, changes)


def next_to_vote(motion: Motion) -> Amendment | None:
    """The pending amendment to vote on next: amendments in the order the rules give
    (rules.motions.amendments.voting_order: by place, the one departing furthest from
    the text first), each right after its own pending sub-amendments, as Robert's Rules
    vote a secondary amendment before the amendment it amends."""
    pending = list(
        Amendment.objects.filter(motion=motion, state=AmendmentState.TABLED).order_by("number")
    )
    top = [a for a in pending if a.amends_id is None]
    if not top:
        return None
    order = voting_order(motion.voted_text, [(str(a.pk), _change(a)) for a in top])
    first = next(a for a in top if str(a.pk) == order[0])
    subs = [a for a in pending if a.amends_id == first.pk]
    if not subs:
        return first
    order = voting_order(first.text, [(str(s.pk), _change(s)) for s in subs])
    return next(s for s in subs if str(s.pk) == order[0])


def _change(amendment: Amendment) -> Change:
    return Change(amendment.first_line, amendment.last_line, amendment.text)


def conflicting(motion: Motion) -> set[tuple[int, int]]:
    """Pairs of numbers of the motion's pending amendments that touch the same text."""
    pending = list(
        Amendment.objects.filter(
            motion=motion, state=AmendmentState.TABLED, amends__isnull=True
        ).order_by("number")
    )
    return {
        (a.number, b.number)
        for i, a in enumerate(pending)
        for b in pending[i + 1 :]
        if conflicts(_change(a), _change(b))
    }
