"""Closing a vote: count, decide under the orders (collegium.rules), and record.

The decision says which rule decided it and with what numbers. A secret ballot's box is
rewritten in a random order before it is counted, so that nothing in the rows (their
order, the transaction that wrote them) follows the order of casting, and its digest is
journaled: anyone who is shown the box can check it against the journal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import require_chair
from collegium.meetings.queries import published_to, rules_of
from collegium.rules.errors import RuleError
from collegium.rules.questions.tally import Tally, Weights
from collegium.rules.standing_orders.document import StandingOrders
from collegium.rules.text import figure
from collegium.voting.actions import recalling
from collegium.voting.actions.box import Boxed, box_digest, sealed_box
from collegium.voting.actions.common import (
    check_vote_open,
    fresh_vote,
    full_seats_weight,
    of_vote,
)
from collegium.voting.actions.counting import count_election
from collegium.voting.models import (
    Choice,
    Participation,
    Vote,
    VoteForm,
    Voter,
    VoteState,
)

# What packages built on voting do when one of their votes closes (motions: a motion or
# an amendment adopted or rejected), inside the close's transaction. They register from
# their AppConfig.ready; voting imports none of them.
Closed = Callable[[Actor, Vote], None]
_AFTER_CLOSE: list[Closed] = []


def after_close(hook: Closed) -> Closed:
    if hook not in _AFTER_CLOSE:
        _AFTER_CLOSE.append(hook)
    return hook


def _hands(vote: Vote, yes: int | None, no: int | None, abstain: int | None) -> Counter[str]:
    if yes is None or no is None:
        raise RuleError(
            _("A show of hands is closed with the tellers' counts of yes and no."),
            rule="vote.hands",
        )
    counts = (yes, no, abstain or 0)
    if min(counts) < 0:
        raise RuleError(_("Counts of hands are never negative."), rule="vote.hands")
    if sum(counts) > vote.present:
        raise RuleError(
            _("%(hands)s hands were counted, but only %(present)s voters were present.")
            % {"hands": figure(sum(counts)), "present": figure(vote.present)},
            rule="vote.hands",
        )
    return Counter({Choice.YES: yes, Choice.NO: no, Choice.ABSTAIN: abstain or 0})


@action(chain=of_vote("vote"))
def close_vote(
    *,
    actor: Actor,
    vote: Vote,
    yes: int | None = None,
    no: int | None = None,
    abstain: int | None = None,
    casting_vote: bool | None = None,
) -> Vote:
    """The chair closes the vote; it is counted and decided under the sitting's orders. A
    show of hands is closed with the tellers' counts (`vote.hands`); an electronic vote is
    counted from its ballots (counts given are refused). On a tie the orders may ask for
    the chair's casting vote (`tie.casting-vote`): close again with it."""
    vote = fresh_vote(vote)
    sitting = vote.sitting
    require_chair(actor, sitting)
    check_vote_open(vote)
    rules = rules_of(sitting)
    election = vote.election_or_none()
    if election is not None:
        if (yes, no, abstain, casting_vote) != (None, None, None, None):
            raise RuleError(
                _("An election is counted from its ballots, not from counts given."),
                rule="vote.hands",
            )
        closed = count_election(actor, vote, election, rules)
    else:
        closed = _decide(actor, vote, rules, (yes, no, abstain), casting_vote)
    for hook in _AFTER_CLOSE:
        hook(actor, closed)
    return closed


def _decide(
    actor: Actor,
    vote: Vote,
    rules: StandingOrders,
    hands: tuple[int | None, int | None, int | None],
    casting_vote: bool | None,
) -> Vote:
    """Count a question's vote and decide it under `rules`; journal the result."""
    sitting = vote.sitting
    yes, no, abstain = hands
    ballots: list[Boxed] = []
    roll_call: dict[str, list[int]] = {str(c): [] for c in Choice}
    weighed: dict[str, Decimal] = dict.fromkeys(Choice.values, Decimal(0))
    if vote.form == VoteForm.SHOW_OF_HANDS:
        counts = _hands(vote, yes, no, abstain)
    else:
        if (yes, no, abstain) != (None, None, None):
            raise RuleError(
                _("An electronic vote is counted from its ballots, not from counts given."),
                rule="vote.hands",
            )
        if vote.form == VoteForm.SECRET:
            ballots = sealed_box(vote)
            counts = Counter(content for _receipt, content, _weight in ballots)
            for _receipt, content, weight in ballots:
                weighed[content] += weight
        else:
            # By name of the seat's member: a proxy's ballot is the absent member's.
            for member, choice, weight in (
                Participation.objects.filter(vote=vote)
                .annotate(seat_member=Coalesce("voter__proxy_for_id", "voter__member_id"))
                .values_list("seat_member", "choice", "voter__weight")
            ):
                roll_call[choice].append(member)
                weighed[choice] += weight
            counts = Counter({choice: len(members) for choice, members in roll_call.items()})
    tally = Tally(
        yes=counts[Choice.YES],
        no=counts[Choice.NO],
        abstain=counts[Choice.ABSTAIN],
        present=vote.present,
        entitled=vote.entitled,
        # Tellers count heads; an electronic vote counts weights too, for the rules that
        # measure weight (":weight").
        weights=None if vote.form == VoteForm.SHOW_OF_HANDS else _weights(vote, weighed),
    )
    digest = box_digest(ballots) if vote.form == VoteForm.SECRET else ""
    decided = rules.decide(
        tally,
        kind=vote.kind,
        present_at_opening=vote.present,
        casting_vote=casting_vote,
        # A lot, if the orders draw one on a tie, is drawn from a seed fixed by the box.
        seed=f"vote {vote.pk} {digest}",
        subject=vote.subject,
    )
    vote.state = VoteState.CLOSED
    vote.closed_at = timezone.now()
    vote.yes, vote.no, vote.abstain = tally.yes, tally.no, tally.abstain
    vote.outcome = str(decided.outcome)
    vote.rule = decided.rule
    vote.explanation = decided.sentence
    vote.box_digest = digest
    vote.save()
    recalling.carry_out(vote)
    organization = sitting.body.organization
    base = {"sitting": sitting.number, "vote": vote.number}
    record(
        "vote.closed",
        actor=actor,
        organization=organization,
        obj=vote,
        body_id=sitting.body_id,
        payload={
            **base,
            "item": vote.item.number if vote.item is not None else "",
            "subject": vote.subject,
            "form": vote.form,
            "outcome": vote.outcome,
            "box_digest": digest,
        },
    )
    record(
        "vote.tally",
        actor=actor,
        organization=organization,
        obj=vote,
        body_id=sitting.body_id,
        audience=published_to(rules, "tallies"),
        payload={
            **base,
            "voters": vote.voters,
            "cast": tally.valid,
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "rule": vote.rule,
            "explanation": vote.explanation,
        },
    )
    if vote.form == VoteForm.NAMED:
        record(
            "vote.roll_call",
            actor=actor,
            organization=organization,
            obj=vote,
            body_id=sitting.body_id,
            audience=published_to(rules, "roll_calls"),
            payload={**base, **{c: sorted(m) for c, m in roll_call.items()}},
        )
    return vote


def _weights(vote: Vote, weighed: dict[str, Decimal]) -> Weights:
    """The tally by weight: each choice's ballots' weights; present, the weights of the
    voters fixed at opening for their own seats; entitled, those of every full seat at
    opening."""
    present = Voter.objects.filter(vote=vote, proxy_for__isnull=True).aggregate(
        total=Sum("weight")
    )["total"]
    entitled = (
        vote.entitled_weight
        if vote.entitled_weight is not None
        else full_seats_weight(vote.sitting.body_id)  # a vote opened before it was kept
    )
    return Weights(
        yes=weighed[Choice.YES],
        no=weighed[Choice.NO],
        abstain=weighed[Choice.ABSTAIN],
        present=present or Decimal(0),
        entitled=entitled or Decimal(0),
    )
