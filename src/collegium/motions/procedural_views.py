"""The procedural motions page of a sitting and its steps: moving a motion, seconding it,
withdrawing it, putting the question on top to the vote, the chair's ruling. Every POST
runs one action of motions.actions: done, it answers with a redirect to the page;
refused, with the page again, status 400, the rule's message above it and the form as
sent (a stale form too: the action refuses what the stack no longer allows). A refusal
of permission leaves the view (RefusalMiddleware: the 403 page, or the sign-in page)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.meetings.models import Sitting
from collegium.motions import actions
from collegium.motions.forms import MoveProceduralForm
from collegium.motions.page import Place, members_numbered, own_member, place_of
from collegium.motions.procedural_page import (
    Bound,
    move_form,
    page_url,
    procedural_context,
    procedural_or_404,
    sitting_or_404,
    step_form,
)
from collegium.motions.procedural_reading import read_procedural
from collegium.registry.models import Member
from collegium.rules.errors import RuleError

TEMPLATE = "motions/procedural.html"


def _sitting_of(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> tuple[Place, Sitting]:
    place = place_of(request, org_slug, body_slug)
    return place, sitting_or_404(place, number)


def _member(place: Place, number: str) -> Member:
    """The member a secretariat's form names, else the reader's own."""
    number = number.strip()
    return members_numbered(place, [number])[0] if number else own_member(place)


def _run(
    request: HttpRequest,
    place: Place,
    sitting: Sitting,
    call: Callable[[], object],
    bound: Bound | None = None,
) -> HttpResponse:
    """Run the step's action: done, back to the page; refused, the page again (400)."""
    refusal: RuleError | str | None = None
    if bound is not None and not bound[2].is_valid():
        refusal = form_state.problems(bound[2])
    else:
        outcome = attempt(call)
        if outcome.refused is None:
            return form_state.see_other(page_url(place, sitting))
        refusal = outcome.refused
    context = procedural_context(place, sitting, bound, refusal)
    return render(request, TEMPLATE, context, status=400)


@require_GET
def procedural_page(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    place, sitting = _sitting_of(request, org_slug, body_slug, number)
    return render(request, TEMPLATE, procedural_context(place, sitting))


@require_POST
def move(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, sitting = _sitting_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: MoveProceduralForm = move_form(place, read_procedural(sitting), request.POST)

    def call() -> object:
        data = form.cleaned_data
        return actions.move_procedural(
            actor=actor,
            sitting=sitting,
            key=data["key"],
            member=_member(place, data.get("member", "")),
            detail=data["detail"],
        )

    return _run(request, place, sitting, call, ("move", None, form))


def _step(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, motion: int, step: str
) -> HttpResponse:
    place, sitting = _sitting_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    found = procedural_or_404(sitting, motion)
    form = step_form(place, step, found.number, request.POST)

    def call() -> object:
        data = form.cleaned_data if form is not None else {}
        if step == "second":
            member = _member(place, data.get("member", ""))
            return actions.second_procedural(actor=actor, motion=found, member=member)
        if step == "vote":
            return actions.put_procedural_to_vote(
                actor=actor, motion=found, form=data["form"] or None
            )
        if step == "rule":
            return actions.rule_on_procedural(
                actor=actor, motion=found, upheld=data["upheld"], ruling=data["ruling"]
            )
        return actions.withdraw_procedural(actor=actor, motion=found)

    bound = (step, found.number, form) if form is not None else None
    return _run(request, place, sitting, call, bound)


@require_POST
def second(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, motion: int
) -> HttpResponse:
    return _step(request, org_slug, body_slug, number, motion, "second")


@require_POST
def withdraw(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, motion: int
) -> HttpResponse:
    return _step(request, org_slug, body_slug, number, motion, "withdraw")


@require_POST
def put_to_vote(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, motion: int
) -> HttpResponse:
    return _step(request, org_slug, body_slug, number, motion, "vote")


@require_POST
def rule(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, motion: int
) -> HttpResponse:
    return _step(request, org_slug, body_slug, number, motion, "rule")
