"""Reads of votes that more than one caller needs: a sitting's votes, the turnout (how
many, never what), the published ballot box and a receipt's ballot."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from collegium.http.errors import NotFound
from collegium.meetings.models import Sitting
from collegium.voting.actions.casting import receipt_key
from collegium.voting.models import Ballot, Participation, Vote, Voter, VoteState


def votes_of(sitting: Sitting) -> QuerySet[Vote]:
    return Vote.objects.filter(sitting=sitting).order_by("number")


def vote_or_404(sitting: Sitting, number: int) -> Vote:
    found = (
        Vote.objects.select_related("sitting__body__organization", "sitting__orders")
        .filter(sitting=sitting, number=number)
        .first()
    )
    if found is None:
        raise NotFound(_("No such vote."))
    return found


def open_vote_of(sitting: Sitting) -> Vote | None:
    return Vote.objects.filter(sitting=sitting, state=VoteState.OPEN).first()


def turnout(vote: Vote) -> int:
    """How many voters have voted: what the chair sees while the vote is open."""
    return Participation.objects.filter(vote=vote).count()


def voter_for(vote: Vote, user_id: int | None) -> Voter | None:
    """The login's vote for their own seat (not those they cast by proxy)."""
    if user_id is None:
        return None
    return Voter.objects.filter(vote=vote, user_id=user_id, proxy_for__isnull=True).first()


def proxy_ballots(vote: Vote, user_id: int | None) -> list[tuple[Voter, bool]]:
    """The votes the login casts by proxy in this vote, each with whether it is cast."""
    if user_id is None:
        return []
    voters = (
        Voter.objects.filter(vote=vote, user_id=user_id, proxy_for__isnull=False)
        .select_related("proxy_for")
        .order_by("pk")
    )
    cast = set(Participation.objects.filter(voter__in=voters).values_list("voter_id", flat=True))
    return [(voter, voter.pk in cast) for voter in voters]


def has_voted(voter: Voter) -> bool:
    return Participation.objects.filter(voter=voter).exists()


def published_box(vote: Vote) -> list[tuple[str, str, Decimal]]:
    """A closed secret ballot's box as published: (receipt, content, weight) by receipt."""
    if vote.state != VoteState.CLOSED:
        return []
    return list(
        Ballot.objects.filter(vote=vote)
        .order_by("receipt")
        .values_list("receipt", "content", "weight")
    )


def ballot_of_receipt(vote: Vote, receipt: str) -> str | None:
    """What the ballot with this receipt says, once the vote is closed (None: no such
    ballot in the box, or the vote still open)."""
    if vote.state != VoteState.CLOSED:
        return None
    return (
        Ballot.objects.filter(vote=vote, receipt=receipt_key(receipt))
        .values_list("content", flat=True)
        .first()
    )
