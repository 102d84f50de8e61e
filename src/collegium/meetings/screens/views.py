"""The three live screens of a sitting: the chair's (the secretariat works the sitting
from it), a delegate's (phone-sized: ask for the floor, withdraw, check in) and the
projector's (the current speaker's countdown, readable from the back of the hall).

Each page holds a fragment that re-fetches itself on the body's live events; fragments
read the shared state of state.py, so 2,000 delegate screens cost one computation per
change. Every control is a form that posts here, runs one action and redirects back; a
refusal is kept across the redirect (http.form_state) and shown on the screen."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.permissions import (
    Context,
    NotPermitted,
    Permission,
    Role,
    require,
    roles_of,
)
from collegium.bodies.queries import organization_and_body
from collegium.http import form_state
from collegium.http.actors import page_actor
from collegium.http.errors import NotFound
from collegium.http.refusals import attempt
from collegium.journal.actors import Actor
from collegium.meetings import actions
from collegium.meetings.models import AgendaItem, Sitting
from collegium.meetings.queries import item_or_404, sitting_or_404
from collegium.meetings.screens.clock import clock_of, minutes
from collegium.meetings.screens.forms import (
    AskForm,
    GiveFloorForm,
    ItemForm,
    RequestForm,
    ShowOfHandsForm,
)
from collegium.meetings.screens.state import (
    Personal,
    ScreenState,
    item_kind_label,
    item_state_label,
    kind_label,
    open_item_of,
    role_label,
    screen_state,
    stance_label,
    status_label,
)

# The projector is for the organization's active members and the body's staff.
WATCHERS = frozenset({Role.ADMIN, Role.SECRETARY, Role.MEMBER})
# The projector's list: the next speakers after the one speaking.
PROJECTED = 5


def _group_left(state: ScreenState, now: datetime.datetime) -> list[tuple[str, int, bool]]:
    """Each group's seconds left at render: the state counted the running speech up to
    when it was computed, so the speaking group's time is brought up to now."""
    speech = state.speech
    rows = []
    for name, left in state.group_left:
        ticking = speech is not None and speech.running and speech.group == name
        if ticking and speech is not None:
            left = max(0, left - (speech.spoken_at(now) - speech.spoken_at(state.computed_at)))
        rows.append((name, left, ticking))
    return rows


def _urls(state: ScreenState, screen: str) -> dict[str, str]:
    args = (state.organization_slug, state.body_slug, state.number)
    return {
        "page": reverse(f"sitting-{screen}", args=args),
        "live": reverse(f"sitting-{screen}-live", args=args),
    }


def _labels() -> dict[str, Callable[[str], str]]:
    return {"kind_label": kind_label, "stance_label": stance_label, "role_label": role_label}


def _common(state: ScreenState, screen: str) -> dict[str, Any]:
    now = timezone.now()
    return {
        "state": state,
        "urls": _urls(state, screen),
        "clock": clock_of(state.speech, now),
        "group_left": [
            (name, minutes(left), left, ticking) for name, left, ticking in _group_left(state, now)
        ],
        "waiting": [(w, kind_label(w.kind), stance_label(w.stance)) for w in state.waiting],
        "agenda": [
            (row, item_kind_label(row.kind), item_state_label(row.state)) for row in state.agenda
        ],
        "status_label": status_label(state.status),
        "speech_kind": kind_label(state.speech.kind) if state.speech else "",
        "speech_stance": stance_label(state.speech.stance) if state.speech else "",
        "roles": [
            (role_label(c.role), c.present, c.seated)
            for c in (state.roll.counts if state.roll else ())
            if c.seated
        ],
        **_labels(),
    }


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A screen's page: its organization gives the live stream (base.html), the state's
    head tells live.js what the page shows already."""
    state: ScreenState = context["state"]
    organization, _body = organization_and_body(state.organization_slug, state.body_slug)
    context |= {"organization": organization, "live_head": state.head}
    return render(request, template, context)


def _do_url(state: ScreenState, screen: str, control: str) -> str:
    return reverse(
        f"sitting-{screen}-do",
        args=(state.organization_slug, state.body_slug, state.number, control),
    )


# The chair's screen ----------------------------------------------------------------------


def _chair_state(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> ScreenState:
    _organization, body = organization_and_body(org_slug, body_slug)
    require(request.user, Permission.RUN_SITTINGS, Context.of_body(body))
    return screen_state(org_slug, body_slug, number)


CHAIR_CONTROLS = (
    "open-item",
    "close-item",
    "next",
    "start",
    "pause",
    "end",
    "give-floor",
    "withdraw",
    "close-list",
)


def _chair_context(
    request: HttpRequest, state: ScreenState, kept: form_state.Kept | None = None
) -> dict[str, Any]:
    seats = [
        (holder.seat, f"{holder.name} ({role_label(holder.role)})")
        for holder in state.seats
        if holder.seat in state.present
    ]
    give = GiveFloorForm(seats=seats, prefix="give")
    hands = ShowOfHandsForm(prefix="hands")
    refusal = None
    if kept is not None:
        refusal = kept.refusal
        if any(key.startswith("give-") for key in kept.data):
            give = form_state.rebound(GiveFloorForm(kept.data, seats=seats, prefix="give"), kept)
        elif any(key.startswith("hands-") for key in kept.data):
            hands = form_state.rebound(ShowOfHandsForm(kept.data, prefix="hands"), kept)
    return _common(state, "chair") | {
        "do": {
            control.replace("-", "_"): _do_url(state, "chair", control)
            for control in CHAIR_CONTROLS
        },
        "give_form": give,
        "hands_form": hands,
        "refusal": refusal,
    }


def _kept(request: HttpRequest, state: ScreenState, screen: str) -> form_state.Kept | None:
    return form_state.take(request, f"{screen}:{state.sitting_id}")


@require_GET
def chair(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    state = _chair_state(request, org_slug, body_slug, number)
    context = _chair_context(request, state, _kept(request, state, "chair"))
    return _page(request, "meetings/screens/chair.html", context)


@require_GET
def chair_live(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    state = _chair_state(request, org_slug, body_slug, number)
    return render(request, "meetings/screens/chair_live.html", _chair_context(request, state))


@dataclass(frozen=True)
class Control:
    """One control of a screen: the form it posts (None: a bare button) and what it does
    with the actor, the sitting and the form's data; a sentence when it is done."""

    form: type[forms.Form] | None
    run: Callable[[Actor, Sitting, dict[str, Any]], str | None]


def _item(sitting: Sitting, data: dict[str, Any]) -> AgendaItem:
    item = item_or_404(sitting, str(data["item"]))
    item.sitting = sitting
    return item


def _called(actor: Actor, sitting: Sitting, _data: dict[str, Any]) -> str:
    speech = actions.call_next_speaker(actor=actor, item=open_item_of(sitting))
    return _("%(name)s has the floor.") % {"name": speech.seat.holder_name}


def _close_list(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    decision = actions.close_list(
        actor=actor,
        item=open_item_of(sitting),
        yes=data["yes"],
        no=data["no"],
        abstain=data.get("abstain") or 0,
    )
    return decision.explanation


def _give_floor(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> None:
    actions.give_floor(
        actor=actor,
        item=open_item_of(sitting),
        seat=data["seat"],
        kind=data["kind"],
        stance=data["stance"],
    )


def _on_current(call: Callable[..., object]) -> Callable[[Actor, Sitting, dict[str, Any]], None]:
    """A control acting on the open item (the clock, the speech)."""

    def run(actor: Actor, sitting: Sitting, _data: dict[str, Any]) -> None:
        call(actor=actor, item=open_item_of(sitting))

    return run


def _on_chosen(call: Callable[..., object]) -> Callable[[Actor, Sitting, dict[str, Any]], None]:
    """A control acting on the item its form names (opening and closing items)."""

    def run(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> None:
        call(actor=actor, item=_item(sitting, data))

    return run


def _withdraw_request(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> None:
    actions.withdraw_request(actor=actor, item=open_item_of(sitting), request=data["request"])


CHAIR: dict[str, Control] = {
    "open-item": Control(ItemForm, _on_chosen(actions.open_item)),
    "close-item": Control(ItemForm, _on_chosen(actions.close_item)),
    "next": Control(None, _called),
    "start": Control(None, _on_current(actions.start_clock)),
    "pause": Control(None, _on_current(actions.pause_clock)),
    "end": Control(None, _on_current(actions.end_speech)),
    "give-floor": Control(GiveFloorForm, _give_floor),
    "withdraw": Control(RequestForm, _withdraw_request),
    "close-list": Control(ShowOfHandsForm, _close_list),
}

PREFIXES = {GiveFloorForm: "give", ShowOfHandsForm: "hands"}


def _run(
    request: HttpRequest,
    actor: Actor,
    sitting: Sitting,
    control: Control,
    place: str,
    form_kwargs: dict[str, Any] | None = None,
) -> None:
    """Run one control's action; keep the form and the refusal when it is refused."""
    form = (control.form or forms.Form)(
        request.POST, prefix=PREFIXES.get(control.form or forms.Form), **(form_kwargs or {})
    )
    if not form.is_valid():
        form_state.keep(request, form, place, form_state.problems(form))
        return
    outcome = attempt(lambda: control.run(actor, sitting, form.cleaned_data))
    if outcome.refused is not None:
        form_state.keep(request, form, place, outcome.refused)
    elif outcome.result:
        messages.success(request, outcome.result)


def _sitting(org_slug: str, body_slug: str, number: int) -> Sitting:
    _organization, body = organization_and_body(org_slug, body_slug)
    return sitting_or_404(body, number)


@require_POST
def chair_do(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, control: str
) -> HttpResponse:
    found = CHAIR.get(control)
    if found is None:
        raise NotFound(_("No such control."))
    actor = page_actor(request)
    sitting = _sitting(org_slug, body_slug, number)
    require(actor, Permission.RUN_SITTINGS, Context.of_body(sitting.body))
    kwargs: dict[str, Any] = {}
    if found.form is GiveFloorForm:
        state = screen_state(org_slug, body_slug, number)
        kwargs["seats"] = [(h.seat, h.name) for h in state.seats if h.seat in state.present]
    _run(request, actor, sitting, found, f"chair:{sitting.pk}", kwargs)
    return form_state.see_other(reverse("sitting-chair", args=(org_slug, body_slug, number)))


# A delegate's screen ---------------------------------------------------------------------


def _not_a_delegate(org_slug: str, body_slug: str, state: ScreenState) -> NotPermitted:
    organization, _body = organization_and_body(org_slug, body_slug)
    return NotPermitted(
        _("Only holders of a seat in %(body)s have a delegate's screen.")
        % {"body": state.body_name},
        organization=organization,
    )


def _delegate(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> tuple[ScreenState, Personal]:
    state = screen_state(org_slug, body_slug, number)
    user_id = request.user.pk if request.user.is_authenticated else None
    personal = state.personal(user_id)
    if personal is None:
        raise _not_a_delegate(org_slug, body_slug, state)
    return state, personal


DELEGATE_CONTROLS = ("ask", "withdraw", "check-in")


def _delegate_context(
    state: ScreenState, personal: Personal, kept: form_state.Kept | None = None
) -> dict[str, Any]:
    ask = AskForm(prefix="ask")
    if kept is not None and any(key.startswith("ask-") for key in kept.data):
        ask = form_state.rebound(AskForm(kept.data, prefix="ask"), kept)
    return _common(state, "delegate") | {
        "me": personal,
        "me_speaking": state.speech is not None and state.speech.seat == personal.holder.seat,
        "my_requests": [(w, kind_label(w.kind)) for w in personal.requests],
        "do": {
            control.replace("-", "_"): _do_url(state, "delegate", control)
            for control in DELEGATE_CONTROLS
        },
        "ask_form": ask,
        "refusal": kept.refusal if kept is not None else None,
    }


@require_GET
def delegate(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    state, personal = _delegate(request, org_slug, body_slug, number)
    context = _delegate_context(state, personal, _kept(request, state, "delegate"))
    return _page(request, "meetings/screens/delegate.html", context)


@require_GET
def delegate_live(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    state, personal = _delegate(request, org_slug, body_slug, number)
    return render(
        request, "meetings/screens/delegate_live.html", _delegate_context(state, personal)
    )


def _ask(actor: Actor, sitting: Sitting, data: dict[str, Any]) -> str:
    actions.ask_for_floor(
        actor=actor, item=open_item_of(sitting), kind=data["kind"], stance=data["stance"]
    )
    return _("You are on the list of speakers.")


def _withdraw(actor: Actor, sitting: Sitting, _data: dict[str, Any]) -> str:
    actions.withdraw_own(actor=actor, item=open_item_of(sitting))
    return _("Your request for the floor is withdrawn.")


def _check_in(actor: Actor, sitting: Sitting, _data: dict[str, Any]) -> str:
    actions.check_in_self(actor=actor, sitting=sitting)
    return _("You are checked in.")


DELEGATE: dict[str, Control] = {
    "ask": Control(AskForm, _ask),
    "withdraw": Control(None, _withdraw),
    "check-in": Control(None, _check_in),
}


@require_POST
def delegate_do(
    request: HttpRequest, org_slug: str, body_slug: str, number: int, control: str
) -> HttpResponse:
    found = DELEGATE.get(control)
    if found is None:
        raise NotFound(_("No such control."))
    actor = page_actor(request)
    state, _personal = _delegate(request, org_slug, body_slug, number)
    sitting = _sitting(org_slug, body_slug, number)
    form_class = found.form or forms.Form
    form = form_class(request.POST, prefix="ask" if form_class is AskForm else None)
    place = f"delegate:{state.sitting_id}"
    if not form.is_valid():
        form_state.keep(request, form, place, form_state.problems(form))
    else:
        outcome = attempt(lambda: found.run(actor, sitting, form.cleaned_data))
        if outcome.refused is not None:
            form_state.keep(request, form, place, outcome.refused)
        elif outcome.result:
            messages.success(request, outcome.result)
    return form_state.see_other(reverse("sitting-delegate", args=(org_slug, body_slug, number)))


# The projector ---------------------------------------------------------------------------


def _projector_state(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> ScreenState:
    organization, body = organization_and_body(org_slug, body_slug)
    if not roles_of(request.user, organization, body) & WATCHERS:
        raise NotPermitted(
            _(
                "Not permitted: the projector screen is for the members of "
                "%(organization)s and the staff of %(body)s."
            )
            % {"organization": organization.name, "body": body.name},
            organization=organization,
        )
    return screen_state(org_slug, body_slug, number)


def _projector_context(state: ScreenState) -> dict[str, Any]:
    context = _common(state, "projector")
    context["waiting"] = context["waiting"][:PROJECTED]
    return context


@require_GET
def projector(request: HttpRequest, org_slug: str, body_slug: str, number: int) -> HttpResponse:
    state = _projector_state(request, org_slug, body_slug, number)
    return _page(request, "meetings/screens/projector.html", _projector_context(state))


@require_GET
def projector_live(
    request: HttpRequest, org_slug: str, body_slug: str, number: int
) -> HttpResponse:
    state = _projector_state(request, org_slug, body_slug, number)
    return render(request, "meetings/screens/projector_live.html", _projector_context(state))
