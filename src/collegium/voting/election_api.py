"""API for elections and recalls at a sitting: the chair calls an election, records
nominations and opens the ballot (cast and closed as any vote, voting/api.py); a nominee
consents; the chair declares the result. Every change is an action of voting.actions,
refused with the rule named."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import P, PathEx

from collegium.access.visibility import ReaderScope
from collegium.bodies.models import Body, Office, OfficeTerm
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings.api_lookup import sitting_and_scope
from collegium.meetings.models import Sitting
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.voting import actions
from collegium.voting.api_schemas import VoteOut, vote_out
from collegium.voting.election_api_schemas import (
    CallElectionIn,
    ConsentIn,
    ElectionOut,
    NominateIn,
    OpenBallotIn,
    RecallIn,
    election_out,
)
from collegium.voting.models import Candidate, Election

router = Router(tags=["elections"])

SITTING = "/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}"
ELECTIONS = SITTING + "/elections"
ELECTION = ELECTIONS + "/{election_number}"
ROW_NUMBER = P(ge=1, le=2_147_483_647)


def _election(
    request: HttpRequest, slug: str, body_slug: str, number: int, election: int
) -> tuple[Election, ReaderScope]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, number)
    found = (
        Election.objects.select_related("sitting__body", "body", "office__body", "vote")
        .filter(sitting=sitting, number=election)
        .first()
    )
    if found is None:
        raise NotFound(_("No such election."))
    return found, scope


def _out(election: Election, scope: ReaderScope) -> ElectionOut:
    fresh = Election.objects.select_related(
        "sitting__body", "sitting__orders", "body", "office__body", "vote"
    ).get(pk=election.pk)
    return election_out(fresh, scope)


def _office(sitting: Sitting, name: str) -> Office:
    body_slug, _sep, office_slug = name.partition("/")
    office = (
        Office.objects.select_related("body")
        .filter(
            body__organization_id=sitting.body.organization_id,
            body__slug=body_slug,
            slug=office_slug,
        )
        .first()
    )
    if office is None:
        raise NotFound(_("No such office."))
    return office


@router.get(
    ELECTIONS,
    response={200: list[ElectionOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_elections",
    summary="A sitting's elections (members and staff)",
)
def list_elections(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> list[ElectionOut]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, sitting_number)
    elections = Election.objects.filter(sitting=sitting).select_related(
        "sitting__body", "sitting__orders", "body", "office__body", "vote"
    )
    return [election_out(election, scope) for election in elections.order_by("number")]


@router.post(
    ELECTIONS,
    response={201: ElectionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="call_election",
    summary="Call an election to a body's seats or an office (secretariat)",
    description="The method and the seats come from the standing orders and the elected "
    "body. Rules election.target, election.elector, body.dissolved, sitting.not-open.",
)
def call_election(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    asked: CallElectionIn,
) -> Status[ElectionOut]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, sitting_number)
    body = None
    if asked.body is not None:
        body = Body.objects.filter(
            organization_id=sitting.body.organization_id, slug=asked.body
        ).first()
        if body is None:
            raise NotFound(_("No such body."))
    office = _office(sitting, asked.office) if asked.office is not None else None
    election = actions.call_election(
        actor=api_actor(request), sitting=sitting, body=body, office=office, places=asked.places
    )
    return Status(201, _out(election, scope))


@router.get(
    ELECTION,
    response={200: ElectionOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_election",
    summary="An election: candidates, state, and after the count who is elected",
    description="The count round by round (STV stages) is shown as the body's transparency "
    "settings publish tallies.",
)
def get_election(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    election_number: PathEx[int, ROW_NUMBER],
) -> ElectionOut:
    election, scope = _election(request, slug, body_slug, sitting_number, election_number)
    return _out(election, scope)


@router.post(
    ELECTION + "/candidates",
    response={201: ElectionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="nominate_candidate",
    summary="Record a nomination (secretariat)",
    description="Consent is asked of the nominee (given at once when they nominate "
    "themselves). Rules election.candidate, election.nominated, office.full-member, "
    "election.nominations-closed.",
)
def nominate(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    election_number: PathEx[int, ROW_NUMBER],
    nomination: NominateIn,
) -> Status[ElectionOut]:
    election, scope = _election(request, slug, body_slug, sitting_number, election_number)
    member = Member.objects.filter(
        organization_id=election.sitting.body.organization_id, number=nomination.member
    ).first()
    if member is None:
        raise RuleError(
            _("No member numbered %(number)s.") % {"number": nomination.member},
            rule="election.candidate",
        )
    actions.nominate(
        actor=api_actor(request),
        election=election,
        member=member,
        nominated_by=nomination.nominated_by,
    )
    return Status(201, _out(election, scope))


@router.post(
    ELECTION + "/candidates/{member}/consent",
    response={200: ElectionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="answer_nomination",
    summary="Consent to stand, or decline (the nominee; or the secretariat recording it)",
    description="Until the ballot opens. Rule election.nominations-closed.",
)
def consent(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    election_number: PathEx[int, ROW_NUMBER],
    member: str,
    answer: ConsentIn,
) -> ElectionOut:
    election, scope = _election(request, slug, body_slug, sitting_number, election_number)
    candidate = Candidate.objects.filter(election=election, member__number=member[:32]).first()
    if candidate is None:
        raise NotFound(_("No such candidate."))
    actions.answer_nomination(
        actor=api_actor(request), candidate=candidate, consents=answer.consents
    )
    return _out(election, scope)


@router.post(
    ELECTION + "/ballot",
    response={200: ElectionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="open_election_ballot",
    summary="Close nominations and open the ballot (secretariat)",
    description="Cast and close it as any vote (votes API); the ballot's vote number is in "
    "the answer. Rules election.candidates, election.form, vote.form-secret, vote.open.",
)
def open_ballot(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    election_number: PathEx[int, ROW_NUMBER],
    asked: OpenBallotIn,
) -> ElectionOut:
    election, scope = _election(request, slug, body_slug, sitting_number, election_number)
    actions.open_ballot(actor=api_actor(request), election=election, form=asked.form)
    return _out(election, scope)


@router.post(
    ELECTION + "/declare",
    response={200: ElectionOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="declare_election",
    summary="Declare the counted result: the elected take their seats or office",
    description="Ends the previous term's seats where the orders say so. Rules "
    "election.not-counted, election.nobody-elected, seat rules.",
)
def declare(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    election_number: PathEx[int, ROW_NUMBER],
) -> ElectionOut:
    election, scope = _election(request, slug, body_slug, sitting_number, election_number)
    actions.declare_election(actor=api_actor(request), election=election)
    return _out(election, scope)


@router.post(
    SITTING + "/recalls",
    response={201: VoteOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="open_recall",
    summary="Open a vote to recall an office holder (secretariat)",
    description="Decided by the majority the orders give a recall; adopted, it ends the "
    "term of office and the member keeps their seat. Rules recall.elector, "
    "office.term-ended, vote rules.",
)
def recall(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    asked: RecallIn,
) -> Status[VoteOut]:
    sitting, scope = sitting_and_scope(request, slug, body_slug, sitting_number)
    office = _office(sitting, asked.office)
    term = OfficeTerm.objects.filter(office=office, end__isnull=True).first()
    if term is None:
        raise RuleError(
            _("Nobody holds the %(office)s.") % {"office": office.title},
            rule="office.term-ended",
        )
    vote = actions.open_recall(
        actor=api_actor(request),
        sitting=sitting,
        term=term,
        form=asked.form,
        secret_requested_by=asked.secret_requested_by,
    )
    user = request.user.pk if request.user.is_authenticated else None
    return Status(201, vote_out(vote, scope, user))
