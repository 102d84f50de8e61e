"""Closing an election's ballot: the box (or, in a named election, the roll call) is
counted by the method fixed when the election was called, and the count is kept with every
round (STV stages) so that the record shows why each candidate was elected. Called by
closing.close_vote inside its action; declaring the result is a step of its own
(declaring.py)."""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.utils import timezone

from collegium.journal.actions import record
from collegium.journal.actors import Actor
from collegium.journal.codes import Audience
from collegium.meetings.queries import published_to
from collegium.rules.elections.live_ballots import count_box
from collegium.rules.standing_orders.document import StandingOrders as Rules
from collegium.voting.actions.box import Boxed, box_digest, sealed_box
from collegium.voting.actions.electing import paper_of
from collegium.voting.models import (
    Election,
    ElectionState,
    Participation,
    Vote,
    VoteForm,
    VoteState,
)

COUNTED = "counted"


def count_election(actor: Actor, vote: Vote, election: Election, rules: Rules) -> Vote:
    """Count the election's ballots and close its vote; the election is then counted,
    waiting for the chair to declare it."""
    sitting = vote.sitting
    ballots: list[Boxed] = []
    roll_call: dict[int, str] = {}
    if vote.form == VoteForm.SECRET:
        ballots = sealed_box(vote)
        contents = [content for _receipt, content, _weight in ballots]
    else:
        roll_call = dict(
            Participation.objects.filter(vote=vote)
            .annotate(seat_member=Coalesce("voter__proxy_for_id", "voter__member_id"))
            .values_list("seat_member", "choice")
        )
        contents = list(roll_call.values())
    digest = box_digest(ballots) if vote.form == VoteForm.SECRET else ""
    paper = paper_of(election)
    # Alternates only: the count ranks the alternates as it would rank the elected.
    result = count_box(
        paper,
        [content for content in contents if content or paper.method == "yes-no-abstain"],
        alternates=election.alternates if election.seats else 0,
        seed=f"election {election.pk} {digest}",
        majority=rules.majority,
        present=vote.present,
    )
    blank = sum(1 for content in contents if not content)
    vote.state = VoteState.CLOSED
    vote.closed_at = timezone.now()
    vote.outcome = COUNTED
    vote.rule = f"election.{election.method}"
    vote.explanation = result.explanation
    vote.box_digest = digest
    vote.save()
    election.result = result.to_json()
    election.explanation = result.explanation
    election.state = ElectionState.COUNTED
    election.save(update_fields=["result", "explanation", "state"])
    organization = sitting.body.organization
    record(
        "vote.closed",
        actor=actor,
        organization=organization,
        obj=vote,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "vote": vote.number,
            "item": vote.item.number if vote.item is not None else "",
            "subject": vote.subject,
            "form": vote.form,
            "outcome": vote.outcome,
            "box_digest": digest,
        },
    )
    base = {"sitting": sitting.number, "vote": vote.number, "election": election.number}
    elected, alternates = _places(election, result.elected, result.alternates)
    record(
        "election.counted",
        actor=actor,
        organization=organization,
        obj=election,
        body_id=sitting.body_id,
        audience=Audience.MEMBERS,
        payload={**base, "elected": list(elected), "alternates": list(alternates)},
    )
    # The numbers (every round of the count) go where the orders publish tallies.
    record(
        "election.count",
        actor=actor,
        organization=organization,
        obj=election,
        body_id=sitting.body_id,
        audience=published_to(rules, "tallies"),
        payload={
            **base,
            "cast": len(contents),
            "blank": blank,
            "method": election.method,
            "explanation": result.explanation,
            "rounds": [r.to_json() for r in result.rounds],
        },
    )
    if vote.form == VoteForm.NAMED:
        record(
            "election.roll_call",
            actor=actor,
            organization=organization,
            obj=vote,
            body_id=sitting.body_id,
            audience=published_to(rules, "roll_calls"),
            payload={**base, "ballots": {str(m): c for m, c in sorted(roll_call.items())}},
        )
    return vote


def _places(
    election: Election, elected: tuple[str, ...], runners_up: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Who takes full seats and who alternate places: in an election of alternates only,
    everyone the count elects is an alternate, in the count's order."""
    if election.seats == 0:
        return (), elected
    return elected, runners_up


def places_of(election: Election) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names the count gave full seats and alternate places (after the close)."""
    result = election.result or {}
    return _places(election, tuple(result.get("elected", ())), tuple(result.get("alternates", ())))
