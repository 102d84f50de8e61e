"""API for votes at a sitting: the chair opens and closes; a voter casts; readers follow
the turnout and, after the close, the result and the ballot box. Every change is an action
of voting.actions, refused with the rule named; the schemas are in voting/api_schemas.py."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import P, PathEx

from collegium.access.permissions import NotPermitted, Permission
from collegium.access.visibility import ReaderScope
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.meetings.api_lookup import sitting_and_scope
from collegium.meetings.queries import item_or_404, published_to, rules_of
from collegium.registry.models import Member
from collegium.voting import actions
from collegium.voting.actions.box import weight_text
from collegium.voting.actions.casting import receipt_key, receipt_text
from collegium.voting.api_schemas import (
    BallotOut,
    BoxOut,
    CastIn,
    CastOut,
    CloseIn,
    OpenVoteIn,
    ReceiptIn,
    ReceiptOut,
    VoteOut,
    cast_out,
    vote_out,
)
from collegium.voting.models import Vote, VoteForm, VoteState
from collegium.voting.queries import ballot_of_receipt, published_box, vote_or_404, votes_of

router = Router(tags=["votes"])

VOTES = "/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes"
VOTE = VOTES + "/{vote_number}"
ROW_NUMBER = P(ge=1, le=2_147_483_647)


def _user_id(request: HttpRequest) -> int | None:
    user = caller(request)
    return int(user.pk) if user.is_authenticated else None


def _vote(
    request: HttpRequest, slug: str, body_slug: str, number: int, vote: int
) -> tuple[Vote, ReaderScope]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, number)
    return vote_or_404(sitting, vote), scope


def _out(request: HttpRequest, vote: Vote, scope: ReaderScope) -> VoteOut:
    fresh = Vote.objects.select_related("sitting__body__organization", "sitting__orders", "item")
    return vote_out(fresh.get(pk=vote.pk), scope, _user_id(request))


@router.get(
    VOTES,
    response={200: list[VoteOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_votes",
    summary="A sitting's votes (members and staff)",
)
def list_votes(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> list[VoteOut]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, sitting_number)
    user = _user_id(request)
    votes = votes_of(sitting).select_related(
        "sitting__body__organization", "sitting__orders", "item"
    )
    return [vote_out(vote, scope, user) for vote in votes]


@router.post(
    VOTES,
    response={201: VoteOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="open_vote",
    summary="Open a vote on a question (secretariat)",
    description="The form comes from the standing orders. Rules vote.form, vote.form-secret, "
    "vote.open, vote.subject, vote.kind, vote.item, sitting.not-open.",
)
def open_vote(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote: OpenVoteIn,
) -> Status[VoteOut]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, sitting_number)
    item = item_or_404(sitting, vote.item) if vote.item else None
    opened = actions.open_vote(
        actor=api_actor(request),
        sitting=sitting,
        subject=vote.subject,
        kind=vote.kind,
        form=vote.form,
        item=item,
        secret_requested_by=vote.secret_requested_by,
    )
    return Status(201, _out(request, opened, scope))


@router.get(
    VOTE,
    response={200: VoteOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_vote",
    summary="A vote: its turnout while open; its result once closed",
    description="Intermediate results are never shown. The tally and the sentence naming "
    "the rule are shown as the body's transparency settings publish tallies.",
)
def get_vote(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote_number: PathEx[int, ROW_NUMBER],
) -> VoteOut:
    vote, scope = _vote(request, slug, body_slug, sitting_number, vote_number)
    return _out(request, vote, scope)


@router.post(
    VOTE + "/ballot",
    response={201: CastOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="cast_ballot",
    summary="Cast your ballot (a voter fixed at opening)",
    description="Answered only once the ballot is committed. A secret ballot's answer "
    "carries its receipt code: keep it to find the ballot in the box published after the "
    "close (and, where the orders allow a change, to replace it). Rules vote.not-eligible, "
    "vote.already-voted, vote.closed, vote.show-of-hands, vote.receipt, vote.no-proxy "
    "(for_member: a ballot cast by proxy), election.ballot.",
)
def cast(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote_number: PathEx[int, ROW_NUMBER],
    ballot: CastIn,
) -> Status[CastOut]:
    vote, _scope = _vote(request, slug, body_slug, sitting_number, vote_number)
    for_member = None
    if ballot.for_member is not None:
        # An unknown number names nobody: refused as no such proxy (vote.no-proxy).
        found = Member.objects.filter(
            organization_id=vote.sitting.body.organization_id, number=ballot.for_member
        ).values_list("pk", flat=True)
        for_member = found.first() or -1
    result = actions.cast_ballot(
        actor=api_actor(request),
        vote=vote,
        choice=ballot.choice,
        replacing=ballot.replacing,
        for_member=for_member,
    )
    return Status(201, cast_out(result.receipt, result.changed))


@router.post(
    VOTE + "/close",
    response={200: VoteOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="close_vote",
    summary="Close a vote: counted and decided under the orders (secretariat)",
    description="A show of hands takes the tellers' counts. Rules vote.hands, vote.closed, "
    "tie.casting-vote, quorum rules.",
)
def close(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote_number: PathEx[int, ROW_NUMBER],
    counts: CloseIn,
) -> VoteOut:
    vote, scope = _vote(request, slug, body_slug, sitting_number, vote_number)
    closed = actions.close_vote(
        actor=api_actor(request),
        vote=vote,
        yes=counts.yes,
        no=counts.no,
        abstain=counts.abstain,
        casting_vote=counts.casting_vote,
    )
    return _out(request, closed, scope)


@router.get(
    VOTE + "/box",
    response={200: BoxOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_ballot_box",
    summary="A closed secret ballot's box: every ballot by receipt, with the digest",
    description="To whom the body's transparency settings publish tallies (the box shows "
    "the tally). Empty while the vote is open.",
)
def box(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote_number: PathEx[int, ROW_NUMBER],
) -> BoxOut:
    vote, scope = _vote(request, slug, body_slug, sitting_number, vote_number)
    if not scope.may_see(published_to(rules_of(vote.sitting), "tallies"), vote.sitting.body_id):
        raise NotPermitted(
            _("Not permitted: the standing orders do not publish this body's tallies to you."),
            permission=Permission.VIEW_BODY,
            organization=vote.sitting.body.organization,
        )
    ballots = [
        BallotOut(receipt=receipt_text(receipt), content=content, weight=weight_text(weight))
        for receipt, content, weight in published_box(vote)
    ]
    return BoxOut(digest=vote.box_digest, ballots=ballots)


@router.post(
    VOTE + "/receipt",
    response={200: ReceiptOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="check_receipt",
    summary="Check a receipt: is this ballot in the closed box, and what does it say?",
    description="Members and staff; found only once the vote is closed. A POST, so that "
    "the receipt is in no address that a proxy or a log keeps: with the published box it "
    "would tell who voted how.",
)
def check_receipt(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    vote_number: PathEx[int, ROW_NUMBER],
    asked: ReceiptIn,
) -> ReceiptOut:
    vote, _scope = _vote(request, slug, body_slug, sitting_number, vote_number)
    content = (
        ballot_of_receipt(vote, asked.receipt)
        if vote.form == VoteForm.SECRET and vote.state == VoteState.CLOSED
        else None
    )
    return ReceiptOut(
        receipt=receipt_text(receipt_key(asked.receipt)), found=content is not None, content=content
    )
