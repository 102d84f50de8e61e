"""The pages of votes: the chair's votes page (open a vote, watch the turnout, close it),
the ballot panel of a delegate's screen (cast; the result after the close), a vote's
page (result, chart, the published box, checking a receipt) and the projector's result.

Panels re-fetch on the body's vote events (voting's codes): a delegate's panel on the
opening and the close only, the chair's on every batch of ballots (the turnout). A
ballot is answered with its receipt in the answer itself, never kept in the session: the
server keeps nothing that ties a receipt to a voter."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.meetings.models import Sitting
from collegium.meetings.queries import agenda_of, published_to, rules_or_none
from collegium.registry.models import Member
from collegium.voting import actions
from collegium.voting.actions.box import weight_text
from collegium.voting.actions.casting import receipt_text
from collegium.voting.actions.electing import paper_of
from collegium.voting.election_ballots import content_of, paper_view
from collegium.voting.forms import BallotForm, CloseVoteForm, OpenVoteForm
from collegium.voting.models import Vote, VoteForm, VoteState
from collegium.voting.places import Place, common_context, place_of, urls_of
from collegium.voting.queries import (
    ballot_of_receipt,
    has_voted,
    open_vote_of,
    proxy_ballots,
    published_box,
    turnout,
    vote_or_404,
    voter_for,
    votes_of,
)
from collegium.voting.results import result_view


def _vote_urls(place: Place, vote: Vote) -> dict[str, str]:
    args = (place.organization.slug, place.body.slug, place.sitting.number, vote.number)
    return {
        "page": reverse("sitting-vote", args=args),
        "cast": reverse("sitting-vote-cast", args=args),
        "close": reverse("sitting-vote-close", args=args),
    }


def _vote_context(place: Place, vote: Vote | None, user_id: int | None) -> dict[str, Any]:
    if vote is None:
        return {"vote": None}
    voter = voter_for(vote, user_id)
    election = vote.election_or_none()
    return {
        "paper": paper_view(election) if election is not None else None,
        "vote": vote,
        "vote_urls": _vote_urls(place, vote),
        "turnout": turnout(vote),
        "voter": voter,
        "voted": voter is not None and has_voted(voter),
        "proxies": proxy_ballots(vote, user_id) if vote.state == VoteState.OPEN else [],
        "result": result_view(vote, place.reader.scope),
        "secret": vote.form == VoteForm.SECRET,
        "hands": vote.form == VoteForm.SHOW_OF_HANDS,
    }


def _current(sitting: Sitting) -> Vote | None:
    """The vote open now, else the last one closed."""
    return open_vote_of(sitting) or votes_of(sitting).order_by("-number").first()


def _user(request: HttpRequest) -> int | None:
    return int(request.user.pk) if request.user.is_authenticated else None


# The chair's votes page ------------------------------------------------------------------


def _items(sitting: Sitting) -> list[tuple[str, str]]:
    return [(item.number, f"{item.number}. {item.title}") for item in agenda_of(sitting)]


def _chair_context(request: HttpRequest, place: Place) -> dict[str, Any]:
    kept = form_state.take(request, f"votes:{place.sitting.pk}")
    opening = OpenVoteForm(prefix="open", items=_items(place.sitting))
    closing = CloseVoteForm(prefix="close")
    refusal = None
    if kept is not None:
        refusal = kept.refusal
        if any(key.startswith("open-") for key in kept.data):
            opening = form_state.rebound(
                OpenVoteForm(kept.data, prefix="open", items=_items(place.sitting)), kept
            )
        else:
            closing = form_state.rebound(CloseVoteForm(kept.data, prefix="close"), kept)
    current = open_vote_of(place.sitting)
    votes = [
        (vote, _vote_urls(place, vote), result_view(vote, place.reader.scope))
        for vote in votes_of(place.sitting).select_related("sitting__body", "sitting__orders")
    ]
    return (
        common_context(place)
        | _vote_context(place, current, _user(request))
        | {
            "open_form": opening,
            "close_form": closing,
            "refusal": refusal,
            "votes": votes,
        }
    )


@require_GET
def votes_page(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    return render(request, "voting/votes.html", _chair_context(request, place))


@require_GET
def votes_live(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    return render(request, "voting/_votes_live.html", _chair_context(request, place))


@require_POST
def open_vote(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form = OpenVoteForm(request.POST, prefix="open", items=_items(place.sitting))
    where = f"votes:{place.sitting.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
    else:
        data = form.cleaned_data
        item = next((i for i in agenda_of(place.sitting) if i.number == data["item"]), None)
        outcome = attempt(
            lambda: actions.open_vote(
                actor=actor,
                sitting=place.sitting,
                subject=data["subject"],
                kind=data["kind"].strip(),
                form=data["form"] or None,
                item=item,
                secret_requested_by=data["secret_requested_by"] or 0,
            )
        )
        if outcome.refused is not None:
            form_state.keep(request, form, where, outcome.refused, {"vote.subject": "subject"})
    return form_state.see_other(urls_of(place)["votes"])


@require_POST
def close_vote(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, vote_number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    vote = vote_or_404(place.sitting, vote_number)
    actor = page_actor(request)
    form = CloseVoteForm(request.POST, prefix="close")
    where = f"votes:{place.sitting.pk}"
    if not form.is_valid():
        form_state.keep(request, form, where, form_state.problems(form))
    else:
        data = form.cleaned_data
        casting = {"yes": True, "no": False}.get(data["casting_vote"])
        outcome = attempt(
            lambda: actions.close_vote(
                actor=actor,
                vote=vote,
                yes=data["yes"],
                no=data["no"],
                abstain=data["abstain"],
                casting_vote=casting,
            )
        )
        if outcome.refused is not None:
            form_state.keep(request, form, where, outcome.refused)
    return form_state.see_other(urls_of(place)["votes"])


# A delegate's ballot panel ------------------------------------------------------------


def _panel(
    request: HttpRequest, place: Place, *, receipt: str = "", refusal: str = "", status: int = 200
) -> HttpResponse:
    context = common_context(place) | _vote_context(place, _current(place.sitting), _user(request))
    context |= {"receipt": receipt_text(receipt) if receipt else "", "refusal": refusal}
    if request.headers.get("HX-Request") == "true":
        # htmx swaps only 2xx answers: the panel, refusal included, answers 200.
        return render(request, "voting/_ballot_panel.html", context)
    return render(request, "voting/ballot.html", context, status=status)


@require_GET
def ballot_panel(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _panel(request, place_of(request, org_slug, body_slug, number))


@require_POST
def cast(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, vote_number: int
) -> HttpResponse:
    """A ballot from the panel. The answer is the panel itself (or, without JavaScript, a
    page) with the receipt: not a redirect, which would have to keep the receipt."""
    place = place_of(request, org_slug, body_slug, number)
    vote = vote_or_404(place.sitting, vote_number)
    actor = page_actor(request)
    election = vote.election_or_none()
    replacing = request.POST.get("replacing", "")[:64]
    for_member = _proxy_giver(place, request.POST.get("for_member", ""))
    if election is not None:
        # An election's paper: ranks, marks or yes/no/abstain per candidate.
        outcome = attempt(
            lambda: actions.cast_ballot(
                actor=actor,
                vote=vote,
                choice=content_of(paper_of(election), request.POST),
                replacing=replacing,
                for_member=for_member,
            )
        )
    else:
        form = BallotForm(request.POST)
        if not form.is_valid():
            return _panel(request, place, refusal=form_state.problems(form), status=400)
        outcome = attempt(
            lambda: actions.cast_ballot(
                actor=actor,
                vote=vote,
                choice=form.cleaned_data["choice"],
                replacing=form.cleaned_data["replacing"],
                for_member=for_member,
            )
        )
    if outcome.refusal is not None or outcome.result is None:
        return _panel(request, place, refusal=outcome.refusal or "", status=400)
    return _panel(request, place, receipt=outcome.result.receipt)


def _proxy_giver(place: Place, number: str) -> int | None:
    """The member a ballot is cast for by proxy (their member number in the form); an
    unknown number names nobody, and the cast is refused as such (`vote.no-proxy`)."""
    if not number:
        return None
    found = (
        Member.objects.filter(organization=place.organization, number=number[:32].strip())
        .values_list("pk", flat=True)
        .first()
    )
    return found if found is not None else -1


# A vote's page and the projector --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vote_page(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, vote_number: int
) -> HttpResponse:
    """The vote's page; a POST checks a receipt (never a GET: an address with a receipt
    ends up in logs, and with the published box it would tell who voted how)."""
    place = place_of(request, org_slug, body_slug, number)
    vote = vote_or_404(place.sitting, vote_number)
    context = common_context(place) | _vote_context(place, vote, _user(request))
    rules = rules_or_none(place.sitting)
    box_visible = (
        vote.form == VoteForm.SECRET
        and vote.state == VoteState.CLOSED
        and rules is not None
        and place.reader.scope.may_see(published_to(rules, "tallies"), place.body.pk)
    )
    asked = (
        request.POST.get("receipt", "")[:64].replace("\x00", "") if request.method == "POST" else ""
    )
    context |= {
        "box": (
            [
                (receipt_text(r), c, weight_text(w) if w != 1 else "")
                for r, c, w in published_box(vote)
            ]
            if box_visible
            else None
        ),
        "asked": asked,
        "found": ballot_of_receipt(vote, asked) if asked else None,
    }
    return render(request, "voting/vote.html", context)


@require_GET
def vote_projector(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    context = common_context(place) | _vote_context(place, _current(place.sitting), None)
    return render(request, "voting/projector.html", context)


@require_GET
def vote_projector_live(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    place = place_of(request, org_slug, body_slug, number)
    context = common_context(place) | _vote_context(place, _current(place.sitting), None)
    return render(request, "voting/_projector_live.html", context)
