"""The motion pages: a body's motions (and the form to submit one), and a motion's page
with its numbered text, its amendments and the forms of every step. Every POST runs one
action: done, it answers with a redirect to the page; refused, with the page again,
status 400, the rule's message above it and the form as sent (a stale form too: the
action refuses a step the motion's state no longer allows). A refusal of permission
leaves the view (RefusalMiddleware: the 403 page, or the sign-in page)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.bodies.models import Body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.meetings.models import Sitting
from collegium.motions import actions
from collegium.motions.book import motion_book_pdf
from collegium.motions.forms import (
    AmendForm,
    ChangeForm,
    PutToVoteForm,
    RecommendForm,
    ReferForm,
    SubmitForm,
)
from collegium.motions.models import Amendment, Motion
from collegium.motions.motion_page import make_forms, motion_context
from collegium.motions.page import (
    Place,
    amendment_or_404,
    list_context,
    members_numbered,
    motion_or_404,
    motion_url,
    own_member,
    place_of,
    submit_form,
)
from collegium.register.models import Decision
from collegium.rules.errors import RuleError

Refusal = RuleError | str


def _decision(body: Body, reference: tuple[int, int] | None) -> Decision | None:
    """The body's decision named YEAR/NUMBER (`motion.revises` when it has none)."""
    if reference is None:
        return None
    year, number = reference
    found = Decision.objects.filter(body=body, year=year, number=number).first()
    if found is None:
        raise RuleError(
            _("%(body)s has no decision %(year)s/%(number)s in its register.")
            % {"body": body.name, "year": year, "number": number},
            rule="motion.revises",
        )
    return found


def _sitting(body: Body, number: str) -> Sitting | None:
    return Sitting.objects.filter(body=body, number=int(number)).first() if number else None


# A body's motions ------------------------------------------------------------------------


@require_GET
def motions_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    place = place_of(request, org_slug, body_slug)
    context = list_context(place)
    form = context.get("form")
    # From a decision's page: "move to amend or rescind it" fills these in.
    if form is not None:
        for name in ("revises", "revision"):
            if name in request.GET:
                form.initial[name] = request.GET[name][:20]
    return render(request, "motions/motions.html", context)


@require_GET
def motion_book(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    """The motion book (every motion with its amendments and recommendations) as a PDF,
    for the delegates' papers."""
    place = place_of(request, org_slug, body_slug)
    response = HttpResponse(motion_book_pdf(place.body), content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{place.body.slug}-motions-{day}.pdf"'
    return response


@require_POST
def submit(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    place = place_of(request, org_slug, body_slug)
    actor = page_actor(request)
    form = submit_form(place, request.POST)
    if not form.is_valid():
        return _list_refused(request, place, form, form_state.problems(form))
    data = form.cleaned_data

    def call() -> Motion:
        numbers: list[str] = data.get("submitters") or []
        return actions.submit_motion(
            actor=actor,
            body=place.body,
            title=data["title"],
            text=data["text"],
            submitters=members_numbered(place, numbers) if numbers else [own_member(place)],
            sitting=_sitting(place.body, data["sitting"]),
            revises=_decision(place.body, data["revises"]),
            revision=data["revision"],
        )

    outcome = attempt(call)
    if outcome.refused is not None or outcome.result is None:
        return _list_refused(request, place, form, outcome.refused or "")
    return form_state.see_other(motion_url(place, outcome.result))


def _list_refused(
    request: HttpRequest, place: Place, form: SubmitForm, refusal: Refusal
) -> HttpResponse:
    context = list_context(place, form, refusal)
    return render(request, "motions/motions.html", context, status=400)


# A motion's page and its steps -------------------------------------------------------------


def _motion_of(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> tuple[Place, Motion]:
    place = place_of(request, org_slug, body_slug)
    return place, motion_or_404(place.body, number)


@require_GET
def motion_page(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    return render(request, "motions/motion.html", motion_context(request, place, motion))


def _refused(
    request: HttpRequest,
    place: Place,
    motion: Motion,
    refusal: Refusal,
    form: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """The motion's page again, status 400: the refusal above it, the form as sent."""
    bound = dict([form]) if form is not None else None
    context = motion_context(request, place, motion, bound, refusal)
    return render(request, "motions/motion.html", context, status=400)


def _run(
    request: HttpRequest,
    place: Place,
    motion: Motion,
    call: Callable[[], object],
    form: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """Run the step's action: done, back to the motion's page; refused, the page again."""
    if form is not None and not form[1].is_valid():
        return _refused(request, place, motion, form_state.problems(form[1]), form)
    outcome = attempt(call)
    if outcome.refused is not None:
        return _refused(request, place, motion, outcome.refused, form)
    return form_state.see_other(motion_url(place, motion))


@require_POST
def support(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    return _run(
        request,
        place,
        motion,
        lambda: actions.support_motion(actor=actor, motion=motion, member=own_member(place)),
    )


@require_POST
def table(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    return _run(request, place, motion, lambda: actions.table_motion(actor=actor, motion=motion))


@require_POST
def withdraw(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    return _run(request, place, motion, lambda: actions.withdraw_motion(actor=actor, motion=motion))


@require_POST
def refer(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: ReferForm = make_forms(place, motion, request.POST)["refer"]  # type: ignore[assignment]

    def call() -> Motion:
        commission = Body.objects.get(
            organization=place.organization, slug=form.cleaned_data["commission"]
        )
        return actions.refer_motion(actor=actor, motion=motion, commission=commission)

    return _run(request, place, motion, call, ("refer", form))


@require_POST
def recommend(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: RecommendForm = make_forms(place, motion, request.POST)["recommend"]  # type: ignore[assignment]

    def call() -> Motion:
        data = form.cleaned_data
        return actions.recommend(
            actor=actor,
            motion=motion,
            recommendation=data["recommendation"],
            draft=data["draft"],
            amendments=form.on_amendments() or None,
        )

    return _run(request, place, motion, call, ("recommend", form))


@require_POST
def amend(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: AmendForm = make_forms(place, motion, request.POST)["amend"]  # type: ignore[assignment]

    def call() -> Amendment:
        data = form.cleaned_data
        mover = data.get("member", "").strip()
        amends = data["amends"]
        return actions.propose_amendment(
            actor=actor,
            motion=motion,
            member=members_numbered(place, [mover])[0] if mover else own_member(place),
            first_line=data["first_line"],
            last_line=data["last_line"],
            text=data["text"],
            reason=data["reason"],
            amends=amendment_or_404(motion, int(amends)) if amends else None,
        )

    return _run(request, place, motion, call, ("amend", form))


@require_POST
def recommend_change(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    """The commission's change recommendation (actions.recommend_change)."""
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: ChangeForm = make_forms(place, motion, request.POST)["change"]  # type: ignore[assignment]

    def call() -> Amendment:
        data = form.cleaned_data
        return actions.recommend_change(
            actor=actor,
            motion=motion,
            first_line=data["first_line"],
            last_line=data["last_line"],
            text=data["text"],
            reason=data["reason"],
        )

    return _run(request, place, motion, call, ("change", form))


@require_POST
def withdraw_amendment(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, amendment: int
) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    found = amendment_or_404(motion, amendment)
    return _run(
        request, place, motion, lambda: actions.withdraw_amendment(actor=actor, amendment=found)
    )


def _put_to_vote(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, *, amendment: bool
) -> HttpResponse:
    place, motion = _motion_of(request, org_slug, body_slug, number)
    actor = page_actor(request)
    form: PutToVoteForm = make_forms(place, motion, request.POST)["vote"]  # type: ignore[assignment]
    put = actions.put_amendment_to_vote if amendment else actions.put_motion_to_vote

    def call() -> object:
        sitting = _sitting(place.body, form.cleaned_data["sitting"])
        assert sitting is not None  # the form offers the body's open sittings only
        return put(
            actor=actor, motion=motion, sitting=sitting, form=form.cleaned_data["form"] or None
        )

    return _run(request, place, motion, call, ("vote", form))


@require_POST
def put_motion(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _put_to_vote(request, org_slug, body_slug, number, amendment=False)


@require_POST
def put_amendment(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    return _put_to_vote(request, org_slug, body_slug, number, amendment=True)
