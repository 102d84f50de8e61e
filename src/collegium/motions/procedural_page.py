"""The procedural motions of a sitting (reads only; procedural_views.py runs the actions):
the stack of pending questions, bottom first, each with the vote it needs, its family and
whether it is debated or amended; those decided; and the forms of the steps the reader
may take: moving one of the motions in order now (members with a seat in the body, and
the secretariat recording it for one), seconding (members, not the mover), withdrawing
(the mover or the secretariat), putting the question on top to the vote and ruling on
those the chair decides (the secretariat). Its readers are the motion pages'."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.http.errors import NotFound
from collegium.meetings.models import Sitting, SittingStatus
from collegium.motions.forms import (
    MoveProceduralForm,
    ProceduralVoteForm,
    RuleOnProceduralForm,
    SecondProceduralForm,
)
from collegium.motions.models import ProceduralMotion, ProceduralState
from collegium.motions.motion_page import vote_url
from collegium.motions.page import MAX_NUMBER, Place, base_context, has_voice, list_url
from collegium.motions.procedural_reading import (
    ProceduralReading,
    family_label,
    kind_of,
    needs_label,
    outcome_label,
    read_procedural,
)
from collegium.rules.errors import RuleError
from collegium.rules.motions.procedural import Motion as Kind
from collegium.rules.motions.procedural import Needs

STEPS = ("second", "withdraw", "vote", "rule")
# A refused step's form as sent: (step, the motion's number, the form).
Bound = tuple[str, int | None, forms.Form]


@dataclass
class ProceduralRow:
    motion: ProceduralMotion
    kind: Kind
    needs: str
    family: str
    outcome: str
    vote_url: str
    on_top: bool = False
    may: dict[str, bool] = field(default_factory=dict)
    forms: dict[str, forms.Form] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)


def sitting_or_404(place: Place, number: int) -> Sitting:
    found = (
        Sitting.objects.filter(body=place.body, number=number).first()
        if number <= MAX_NUMBER
        else None
    )
    if found is None:
        raise NotFound(_("No such sitting."))
    return found


def procedural_or_404(sitting: Sitting, number: int) -> ProceduralMotion:
    found = (
        ProceduralMotion.objects.filter(sitting=sitting, number=number).first()
        if number <= MAX_NUMBER
        else None
    )
    if found is None:
        raise NotFound(_("There is no procedural motion numbered %(number)s.") % {"number": number})
    return found


def page_url(place: Place, sitting: Sitting, name: str = "sitting-procedural") -> str:
    return reverse(name, args=(place.organization.slug, place.body.slug, sitting.number))


def step_url(place: Place, sitting: Sitting, motion: ProceduralMotion, step: str) -> str:
    args = (place.organization.slug, place.body.slug, sitting.number, motion.number)
    return reverse(f"sitting-procedural-{step}", args=args)


def move_form(place: Place, reading: ProceduralReading, data: Any = None) -> MoveProceduralForm:
    return MoveProceduralForm(
        data,
        prefix="move",
        motions=[(kind.key, kind.title) for kind in reading.in_order],
        secretariat=place.reader.may_run,
    )


def step_form(place: Place, step: str, number: int, data: Any = None) -> forms.Form | None:
    """The form of a step on motion `number`, bound to `data` when given; None for a
    button. Each motion's forms have their own element ids on the page."""
    auto_id = f"id_procedural{number}_%s"
    if step == "second":
        return SecondProceduralForm(
            data, prefix="second", auto_id=auto_id, secretariat=place.reader.may_run
        )
    if step == "vote":
        return ProceduralVoteForm(data, prefix="vote", auto_id=auto_id)
    if step == "rule":
        return RuleOnProceduralForm(data, prefix="rule", auto_id=auto_id)
    return None


def _row(
    place: Place,
    sitting: Sitting,
    motion: ProceduralMotion,
    bound: Bound | None,
    *,
    on_top: bool = False,
) -> ProceduralRow:
    kind = kind_of(motion)
    row = ProceduralRow(
        motion=motion,
        kind=kind,
        needs=needs_label(motion.needs),
        family=family_label(kind.family),
        outcome=outcome_label(motion),
        vote_url=vote_url(place, motion.vote),
        on_top=on_top,
    )
    if sitting.status != SittingStatus.OPEN or motion.state != ProceduralState.PENDING:
        row.may = dict.fromkeys(STEPS, False)
        return row
    own = place.member
    run = place.reader.may_run
    mover = own is not None and motion.moved_by_id == own.pk
    seconded = motion.seconded_by_id is not None
    chair = motion.needs == Needs.CHAIR
    row.may = {
        "second": kind.second and not seconded and (run or (has_voice(place) and not mover)),
        "withdraw": run or mover,
        "vote": run and on_top and not chair and (seconded or not kind.second),
        "rule": run and chair,
    }
    for step in STEPS:
        row.urls[step] = step_url(place, sitting, motion, step)
        made = step_form(place, step, motion.number)
        if bound is not None and bound[0] == step and bound[1] == motion.number:
            made = bound[2]
        if made is not None:
            row.forms[step] = made
    return row


def procedural_context(
    place: Place,
    sitting: Sitting,
    bound: Bound | None = None,
    refusal: RuleError | str | None = None,
) -> dict[str, Any]:
    reading = read_procedural(sitting)
    last = len(reading.pending) - 1
    pending = [
        _row(place, sitting, motion, bound, on_top=index == last)
        for index, motion in enumerate(reading.pending)
    ]
    may_move = (
        sitting.status == SittingStatus.OPEN
        and (has_voice(place) or place.reader.may_run)
        and bool(reading.in_order)
    )
    made = None
    if may_move:
        made = bound[2] if bound is not None and bound[0] == "move" else move_form(place, reading)
    org, body = place.organization.slug, place.body.slug
    return base_context(place, refusal) | {
        "sitting": sitting,
        "main_motions": [
            (motion, reverse("motion", args=(org, body, motion.number)))
            for motion in reading.main_motions
        ],
        "pending": pending,  # bottom first: the last is the question on top
        "decided": [_row(place, sitting, motion, None) for motion in reading.decided],
        "enabled": reading.enabled,
        "is_open": sitting.status == SittingStatus.OPEN,
        "move_form": made,
        "urls": {
            "page": page_url(place, sitting),
            "move": page_url(place, sitting, "sitting-procedural-move"),
            "sitting": page_url(place, sitting, "sitting"),
            "motions": list_url(place),
        },
    }
