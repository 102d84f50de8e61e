"""The API's view of votes (voting/api.py): typed schemas, and a vote as a reader may see
it. While a vote is open only the turnout is shown (how many, never what); after the
close the outcome, and the tally with the sentence naming the rule to whom the body's
transparency settings publish tallies."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from collegium.access.visibility import ReaderScope
from collegium.meetings.queries import published_to, rules_or_none
from collegium.voting.actions.casting import receipt_text
from collegium.voting.models import Vote, VoteState
from collegium.voting.queries import has_voted, turnout, voter_for

FormName = Literal["show-of-hands", "named", "secret"]
MAX_HANDS = 1_000_000


class OpenVoteIn(Schema):
    subject: str = Field(min_length=1, max_length=300)
    kind: str = Field(
        "",
        max_length=60,
        description='The kind of decision whose majority the orders give ("" '
        "for the default majority), e.g. amend-standing-orders.",
    )
    form: FormName | None = Field(None, description="None: the standing orders' default form.")
    item: str | None = Field(None, max_length=40, description="The agenda item's number, if any.")
    secret_requested_by: int = Field(
        0, ge=0, le=MAX_HANDS, description="How many full members ask for a secret ballot."
    )


class CastIn(Schema):
    choice: str = Field(
        max_length=4000,
        description="yes, no or abstain; in an election, the ballot as written: candidates' "
        'numbers on the paper in order of preference ("3 1 2"), the numbers marked ("1 3"), '
        'or y/n/a per candidate ("y n a"), as the method asks (docs/voting.md).',
    )
    replacing: str = Field(
        "", max_length=64, description="To change a secret ballot: the receipt it replaces."
    )
    for_member: str | None = Field(
        None,
        max_length=32,
        description="The member number of the absent member whose proxy you cast this for.",
    )


class CastOut(Schema):
    receipt: str = Field(description='A secret ballot\'s receipt code ("" for a named vote).')
    changed: bool


class CloseIn(Schema):
    yes: int | None = Field(None, ge=0, le=MAX_HANDS, description="Show of hands only.")
    no: int | None = Field(None, ge=0, le=MAX_HANDS, description="Show of hands only.")
    abstain: int | None = Field(None, ge=0, le=MAX_HANDS, description="Show of hands only.")
    casting_vote: bool | None = Field(None, description="The chair's, on a tie when asked.")


class ResultOut(Schema):
    outcome: Literal["adopted", "not-adopted", "not-decided", "counted"] = Field(
        description="\"counted\" for an election's ballot (its result is the election's)."
    )
    adopted: bool
    yes: int | None = Field(description="None where the orders do not publish tallies to you.")
    no: int | None
    abstain: int | None
    rule: str | None
    explanation: str | None = Field(description="Which rule decided it, with what numbers.")


class MineOut(Schema):
    voter: bool = Field(description="You are among the voters fixed at opening.")
    voted: bool


class VoteOut(Schema):
    number: int
    subject: str
    kind: str
    item: str | None
    form: FormName
    state: Literal["open", "closed"]
    ballot_change: bool
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    present: int = Field(description="Voters present at opening (the quorum's count).")
    entitled: int = Field(description="The body's full seats.")
    voters: int = Field(description="Voters fixed at opening.")
    turnout: int = Field(description="How many have voted (never what).")
    result: ResultOut | None
    box_digest: str = Field(description="SHA-256 of the published ballot box (secret ballots).")
    mine: MineOut
    election: int | None = Field(description="The number of the election this is the ballot of.")


class BallotOut(Schema):
    receipt: str
    content: str
    weight: str = Field(description='As published: "1" unless the seat carries a vote weight.')


class BoxOut(Schema):
    digest: str
    ballots: list[BallotOut]


class ReceiptIn(Schema):
    receipt: str = Field(max_length=64, description="As shown to the voter (dashes optional).")


class ReceiptOut(Schema):
    receipt: str
    found: bool
    content: str | None = Field(description="What the ballot says, as counted.")


def vote_out(vote: Vote, scope: ReaderScope, user_id: int | None) -> VoteOut:
    result = None
    if vote.state == VoteState.CLOSED:
        rules = rules_or_none(vote.sitting)
        tallies = rules is not None and scope.may_see(
            published_to(rules, "tallies"), vote.sitting.body_id
        )
        result = ResultOut(
            outcome=vote.outcome,  # type: ignore[arg-type]
            adopted=vote.outcome == "adopted",
            yes=vote.yes if tallies else None,
            no=vote.no if tallies else None,
            abstain=vote.abstain if tallies else None,
            rule=vote.rule if tallies else None,
            explanation=vote.explanation if tallies else None,
        )
    voter = voter_for(vote, user_id)
    return VoteOut(
        number=vote.number,
        subject=vote.subject,
        kind=vote.kind,
        item=vote.item.number if vote.item is not None else None,
        form=vote.form,  # type: ignore[arg-type]
        state=vote.state,  # type: ignore[arg-type]
        ballot_change=vote.ballot_change,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
        present=vote.present,
        entitled=vote.entitled,
        voters=vote.voters,
        turnout=turnout(vote),
        result=result,
        box_digest=vote.box_digest,
        election=election.number if (election := vote.election_or_none()) else None,
        mine=MineOut(voter=voter is not None, voted=voter is not None and has_voted(voter)),
    )


def cast_out(receipt: str, changed: bool) -> CastOut:
    return CastOut(receipt=receipt_text(receipt) if receipt else "", changed=changed)
