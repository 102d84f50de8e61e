"""The pages of elections: a sitting's elections (the chair calls one), and an election's
page (nominations and consent, opening the ballot, the count round by round, declaring
the result). The ballot itself is cast on the delegate's ballot panel (views.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.bodies.models import Body, Office, OfficeTerm
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.errors import NotFound
from collegium.http.refusals import attempt
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.voting.actions import electing
from collegium.voting.actions.declaring import declare_election
from collegium.voting.actions.recalling import open_recall as open_recall_vote
from collegium.voting.election_forms import (
    CallElectionForm,
    NominateForm,
    OpenBallotForm,
    RecallForm,
)
from collegium.voting.models import Candidate, Election, ElectionState
from collegium.voting.places import Place, common_context, place_of
from collegium.voting.results import result_view


def _targets(place: Place) -> list[tuple[str, str]]:
    """What the sitting's body elects: the bodies it elects, and the offices of those
    bodies and of its own."""
    elected = list(
        Body.objects.filter(elected_by=place.body, dissolved_on__isnull=True).order_by("pk")
    )
    targets = [(f"body:{body.slug}", body.name) for body in elected]
    offices = Office.objects.filter(body__in=[place.body, *elected]).select_related("body")
    targets += [
        (f"office:{o.body.slug}/{o.slug}", f"{o.title} ({o.body.name})")
        for o in offices.order_by("body_id", "pk")
    ]
    return targets


def _terms(place: Place) -> list[tuple[str, str]]:
    """The current terms of the offices the sitting's body fills (its own offices and
    those of the bodies it elects): whom it may recall."""
    terms = OfficeTerm.objects.filter(
        Q(office__body=place.body) | Q(office__body__elected_by=place.body), end__isnull=True
    ).select_related("office__body", "holder")
    return [
        (str(t.pk), f"{t.holder.name}, {t.office.title} ({t.office.body.name})")
        for t in terms.order_by("office__body_id", "office_id")
    ]


def _target(place: Place, value: str) -> tuple[Body | None, Office | None]:
    kind, _sep, name = value.partition(":")
    if kind == "body":
        return Body.objects.filter(organization=place.organization, slug=name).first(), None
    body_slug, _sep, office_slug = name.partition("/")
    office = Office.objects.filter(
        body__organization=place.organization, body__slug=body_slug, slug=office_slug
    ).first()
    return None, office


def _election_or_404(place: Place, number: int) -> Election:
    found = (
        Election.objects.select_related("sitting__body__organization", "body", "office", "vote")
        .filter(sitting=place.sitting, number=number)
        .first()
    )
    if found is None:
        raise NotFound(_("No such election."))
    return found


def _election_url(place: Place, election: Election, name: str = "sitting-election") -> str:
    args = (place.organization.slug, place.body.slug, place.sitting.number, election.number)
    return reverse(name, args=args)


def _list_url(place: Place) -> str:
    args = (place.organization.slug, place.body.slug, place.sitting.number)
    return reverse("sitting-elections", args=args)


@require_GET
def elections_page(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    where = f"elections:{place.sitting.pk}"
    kept = form_state.take(request, where)
    form = CallElectionForm(prefix="call", targets=_targets(place))
    if kept is not None:
        form = form_state.rebound(
            CallElectionForm(kept.data, prefix="call", targets=_targets(place)), kept
        )
    elections = [
        (election, _election_url(place, election))
        for election in Election.objects.filter(sitting=place.sitting).order_by("number")
    ]
    recall = RecallForm(prefix="recall", terms=_terms(place))
    if kept is not None and any(key.startswith("recall-") for key in kept.data):
        recall = form_state.rebound(
            RecallForm(kept.data, prefix="recall", terms=_terms(place)), kept
        )
        form = CallElectionForm(prefix="call", targets=_targets(place))
    context = common_context(place) | {
        "call_form": form,
        "recall_form": recall,
        "elections": elections,
    }
    return render(request, "voting/elections.html", context)


@require_POST
def open_recall(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    """The recall is a vote like any other: once opened it is closed on the votes page."""
    place = place_of(request, org_slug, body_slug, number)
    form = RecallForm(request.POST, prefix="recall", terms=_terms(place))
    where = f"elections:{place.sitting.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
        return form_state.see_other(_list_url(place))
    data = form.cleaned_data
    term = OfficeTerm.objects.get(pk=int(data["term"]))
    outcome = attempt(
        lambda: open_recall_vote(
            actor=page_actor(request),
            sitting=place.sitting,
            term=term,
            form=data["form"] or None,
            secret_requested_by=data["secret_requested_by"] or 0,
        )
    )
    if outcome.refused is not None:
        form_state.keep(request, form, where, outcome.refused)
        return form_state.see_other(_list_url(place))
    return form_state.see_other(common_context(place)["urls"]["votes"])


@require_POST
def call_election(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    form = CallElectionForm(request.POST, prefix="call", targets=_targets(place))
    where = f"elections:{place.sitting.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
        return form_state.see_other(_list_url(place))
    body, office = _target(place, form.cleaned_data["target"])
    outcome = attempt(
        lambda: electing.call_election(
            actor=page_actor(request),
            sitting=place.sitting,
            body=body,
            office=office,
            places=form.cleaned_data["places"],
        )
    )
    if outcome.refused is not None or outcome.result is None:
        form_state.keep(request, form, where, outcome.refused)
        return form_state.see_other(_list_url(place))
    return form_state.see_other(_election_url(place, outcome.result))


def _election_context(request: HttpRequest, place: Place, election: Election) -> dict[str, Any]:
    where = f"election:{election.pk}"
    kept = form_state.take(request, where)
    nominate = NominateForm(prefix="nominate")
    opening = OpenBallotForm(prefix="ballot")
    refusal = None
    if kept is not None:
        refusal = kept.refusal
        if any(key.startswith("nominate-") for key in kept.data):
            nominate = form_state.rebound(NominateForm(kept.data, prefix="nominate"), kept)
            refusal = None
        elif any(key.startswith("ballot-") for key in kept.data):
            opening = form_state.rebound(OpenBallotForm(kept.data, prefix="ballot"), kept)
            refusal = None
    user_id = request.user.pk if request.user.is_authenticated else None
    candidates = list(
        Candidate.objects.filter(election=election)
        .select_related("member")
        .order_by("number", "name", "pk")
    )
    vote = election.vote
    vote_url = ""
    if vote is not None:
        args = (place.organization.slug, place.body.slug, place.sitting.number, vote.number)
        vote_url = reverse("sitting-vote", args=args)
    return common_context(place) | {
        "election": election,
        "candidates": [
            (c, c.member.user_id == user_id and user_id is not None) for c in candidates
        ],
        "nominating": election.state == ElectionState.NOMINATING,
        "nominate_form": nominate,
        "ballot_form": opening,
        "refusal": refusal,
        "vote_url": vote_url,
        "result": result_view(vote, place.reader.scope) if vote is not None else None,
        "election_urls": {
            name: _election_url(place, election, f"sitting-election-{name}")
            for name in ("nominate", "consent", "ballot", "declare")
        },
        "list_url": _list_url(place),
    }


@require_GET
def election_page(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, election_number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    election = _election_or_404(place, election_number)
    return render(request, "voting/election.html", _election_context(request, place, election))


@require_POST
def nominate(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, election_number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    election = _election_or_404(place, election_number)
    form = NominateForm(request.POST, prefix="nominate")
    where = f"election:{election.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
        return form_state.see_other(_election_url(place, election))
    member_number = form.cleaned_data["member"].strip()

    def call() -> Candidate:
        member = Member.objects.filter(
            organization=place.organization, number=member_number
        ).first()
        if member is None:
            raise RuleError(
                _("No member numbered %(number)s.") % {"number": member_number},
                rule="election.candidate",
            )
        return electing.nominate(
            actor=page_actor(request),
            election=election,
            member=member,
            nominated_by=form.cleaned_data["nominated_by"],
        )

    outcome = attempt(call)
    if outcome.refused is not None:
        form_state.keep(request, form, where, outcome.refused, {"election.candidate": "member"})
    return form_state.see_other(_election_url(place, election))


@require_POST
def consent(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, election_number: int
) -> HttpResponse:
    """A nominee's answer (theirs, or recorded by the chair): `candidate` is the member
    number, `answer` yes or no."""
    place = place_of(request, org_slug, body_slug, number)
    election = _election_or_404(place, election_number)
    candidate = Candidate.objects.filter(
        election=election, member__number=request.POST.get("candidate", "")[:32]
    ).first()
    if candidate is None:
        raise NotFound(_("No such candidate."))
    outcome = attempt(
        lambda: electing.answer_nomination(
            actor=page_actor(request),
            candidate=candidate,
            consents=request.POST.get("answer") == "yes",
        )
    )
    if outcome.refused is not None:
        form_state.keep(
            request, NominateForm(prefix="consent"), f"election:{election.pk}", outcome.refused
        )
    return form_state.see_other(_election_url(place, election))


@require_POST
def open_ballot(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, election_number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    election = _election_or_404(place, election_number)
    form = OpenBallotForm(request.POST, prefix="ballot")
    where = f"election:{election.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
    else:
        outcome = attempt(
            lambda: electing.open_ballot(
                actor=page_actor(request), election=election, form=form.cleaned_data["form"] or None
            )
        )
        if outcome.refused is not None:
            form_state.keep(request, form, where, outcome.refused)
    return form_state.see_other(_election_url(place, election))


@require_POST
def declare(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, election_number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    election = _election_or_404(place, election_number)
    outcome = attempt(lambda: declare_election(actor=page_actor(request), election=election))
    if outcome.refused is not None:
        form_state.keep(
            request, NominateForm(prefix="declare"), f"election:{election.pk}", outcome.refused
        )
    return form_state.see_other(_election_url(place, election))
