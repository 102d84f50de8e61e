"""The API's view of elections (voting/election_api.py): who stands, the state, and after
the count who is elected — with the count round by round to whom the body's transparency
settings publish tallies."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from collegium.access.visibility import ReaderScope
from collegium.meetings.queries import published_to, rules_or_none
from collegium.voting.actions.counting import places_of
from collegium.voting.models import Candidate, Election

PlacesName = Literal["both", "full", "alternates"]
StateName = Literal["nominating", "ballot", "counted", "declared"]
ConsentName = Literal["asked", "given", "declined"]


class CallElectionIn(Schema):
    body: str | None = Field(
        None, max_length=60, description="The short name of a body the sitting's body elects."
    )
    office: str | None = Field(
        None,
        max_length=130,
        description='An office as "BODY/OFFICE" (short names): of the sitting\'s body or of a '
        "body it elects.",
    )
    places: PlacesName = Field("both", description="For a body: which seats are elected.")


class NominateIn(Schema):
    member: str = Field(min_length=1, max_length=32, description="The member number.")
    nominated_by: str = Field("", max_length=300)


class ConsentIn(Schema):
    consents: bool


class OpenBallotIn(Schema):
    form: Literal["named", "secret"] | None = Field(
        None, description="None: the standing orders' default form."
    )


class RecallIn(Schema):
    office: str = Field(
        min_length=3, max_length=130, description='The office as "BODY/OFFICE" (short names).'
    )
    form: Literal["show-of-hands", "named", "secret"] | None = None
    secret_requested_by: int = Field(0, ge=0, le=1_000_000)


class CandidateOut(Schema):
    member: str = Field(description="The member number.")
    name: str
    nominated_by: str
    consent: ConsentName
    number: int | None = Field(description="The number on the ballot paper, once it opens.")


class CountOut(Schema):
    explanation: str
    quota: str | None
    rounds: list[dict[str, Any]] = Field(
        description="Each round: action, votes and transfers per candidate, elected, excluded."
    )


class ElectionOut(Schema):
    number: int
    title: str
    body: str | None
    office: str | None
    seats: int
    alternates: int
    method: str
    end_previous_term: bool
    state: StateName
    vote: int | None = Field(description="The number of the ballot's vote, once it opens.")
    candidates: list[CandidateOut]
    elected: list[str] = Field(description="After the count, in order of election.")
    elected_alternates: list[str] = Field(description="After the count, in rank order.")
    count: CountOut | None = Field(
        description="None before the count, and where the orders do not publish tallies to you."
    )


def election_out(election: Election, scope: ReaderScope) -> ElectionOut:
    candidates = Candidate.objects.filter(election=election).select_related("member")
    full, alternates = places_of(election)
    count = None
    if election.result is not None:
        rules = rules_or_none(election.sitting)
        if rules is not None and scope.may_see(
            published_to(rules, "tallies"), election.sitting.body_id
        ):
            count = CountOut(
                explanation=election.explanation,
                quota=election.result.get("quota"),
                rounds=list(election.result.get("rounds", ())),
            )
    return ElectionOut(
        number=election.number,
        title=election.title,
        body=election.body.slug if election.body is not None else None,
        office=(
            f"{election.office.body.slug}/{election.office.slug}"
            if election.office is not None
            else None
        ),
        seats=election.seats,
        alternates=election.alternates,
        method=election.method,
        end_previous_term=election.end_previous_term,
        state=election.state,  # type: ignore[arg-type]
        vote=election.vote.number if election.vote is not None else None,
        candidates=[
            CandidateOut(
                member=c.member.number,
                name=c.name,
                nominated_by=c.nominated_by,
                consent=c.consent,  # type: ignore[arg-type]
                number=c.number,
            )
            for c in candidates.order_by("number", "name", "pk")
        ],
        elected=list(full),
        elected_alternates=list(alternates),
        count=count,
    )
