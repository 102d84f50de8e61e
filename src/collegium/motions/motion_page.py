"""A motion's page (reads only; views.py runs the actions): its numbered texts (as
submitted, the commission's draft, the text with the amendments adopted so far, the text
adopted), its amendments, each with its place, its diff and the pending amendments it
conflicts with, and the forms of the steps the reader may take."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.access.permissions import Permission, roles_of
from collegium.bodies.models import Body, BodyKind
from collegium.http.refusals import may
from collegium.meetings.models import SittingStatus
from collegium.motions.actions.amending import AMENDABLE
from collegium.motions.actions.common import motion_rules
from collegium.motions.actions.texts import (
    cited_lines,
    conflicting,
    next_to_vote,
    resulting_text,
)
from collegium.motions.forms import (
    AmendForm,
    ChangeForm,
    PutToVoteForm,
    RecommendForm,
    ReferForm,
)
from collegium.motions.models import (
    Amendment,
    AmendmentState,
    Motion,
    MotionState,
    Submitter,
    Support,
)
from collegium.motions.page import (
    WITHDRAWABLE,
    Place,
    base_context,
    has_voice,
    list_url,
    motion_url,
    sitting_choices,
)
from collegium.rules.errors import RuleError
from collegium.rules.motions.amendments import Change, DiffLine, diff, numbered
from collegium.voting.models import Vote


@dataclass
class AmendmentRow:
    amendment: Amendment
    place: str
    diff: list[DiffLine]
    conflicts: list[int]
    may_withdraw: bool
    vote_url: str
    withdraw_url: str
    sub: bool = False
    subs: list[AmendmentRow] = field(default_factory=list)


def vote_url(place: Place, vote: Vote | None) -> str:
    if vote is None:
        return ""
    args = (place.organization.slug, place.body.slug, vote.sitting.number, vote.number)
    return reverse("sitting-vote", args=args)


def amendment_rows(place: Place, motion: Motion) -> list[AmendmentRow]:
    amendments = list(
        Amendment.objects.filter(motion=motion)
        .select_related("submitted_by", "vote__sitting", "amends", "motion")
        .order_by("number")
    )
    pairs = conflicting(motion)
    rows: dict[int, AmendmentRow] = {}
    top: list[AmendmentRow] = []
    for a in amendments:
        row = AmendmentRow(
            amendment=a,
            place=Change(a.first_line, a.last_line, a.text).place(),
            diff=diff(cited_lines(a), a.text),
            conflicts=sorted(
                other for pair in pairs if a.number in pair for other in pair if other != a.number
            ),
            may_withdraw=a.state == AmendmentState.TABLED
            and (
                place.reader.may_run
                or (place.member is not None and a.submitted_by == place.member)
            ),
            vote_url=vote_url(place, a.vote),
            withdraw_url=reverse(
                "amendment-withdraw",
                args=(place.organization.slug, place.body.slug, motion.number, a.number),
            ),
            sub=a.amends_id is not None,
        )
        rows[a.pk] = row
        if a.amends_id is not None and a.amends_id in rows:
            rows[a.amends_id].subs.append(row)
        else:
            top.append(row)
    return top


def _commissions(body: Body) -> list[tuple[str, str]]:
    found = Body.objects.filter(
        kind=BodyKind.COMMISSION, elected_by=body, dissolved_on__isnull=True
    ).order_by("name")
    return [(b.slug, b.name) for b in found]


def _runs_commission(request: HttpRequest, place: Place, motion: Motion) -> bool:
    commission = motion.commission
    if commission is None:
        return False
    return may(roles_of(request.user, place.organization, commission), Permission.RUN_SITTINGS)


def pending_numbers(motion: Motion, *, top_only: bool = False) -> list[int]:
    pending = Amendment.objects.filter(motion=motion, state=AmendmentState.TABLED)
    if top_only:
        pending = pending.filter(amends__isnull=True)
    return list(pending.order_by("number").values_list("number", flat=True))


def make_forms(place: Place, motion: Motion, data: Any = None) -> dict[str, forms.Form]:
    """The motion page's forms, bound to `data` when given (a POST refused)."""
    amendable = [
        (str(n), _("Amendment %(number)s") % {"number": n})
        for n in pending_numbers(motion, top_only=True)
    ]
    return {
        "refer": ReferForm(data, prefix="refer", commissions=_commissions(place.body)),
        "recommend": RecommendForm(data, prefix="recommend", amendments=pending_numbers(motion)),
        "change": ChangeForm(data, prefix="change"),
        "amend": AmendForm(
            data, prefix="amend", amendments=amendable, secretariat=place.reader.may_run
        ),
        "vote": PutToVoteForm(
            data, prefix="vote", sittings=sitting_choices(place.body, (SittingStatus.OPEN,))
        ),
    }


def _numbered_or_none(text: str) -> list[Any]:
    return numbered(text) if text else []


def _resulting(motion: Motion) -> list[Any]:
    """The voted text with the amendments adopted so far, while the motion is pending."""
    if motion.state in (MotionState.ADOPTED, MotionState.REJECTED, MotionState.WITHDRAWN):
        return []
    adopted = Amendment.objects.filter(
        motion=motion, state=AmendmentState.ADOPTED, amends__isnull=True
    ).exists()
    if not adopted:
        return []
    try:
        return numbered(resulting_text(motion))
    except RuleError:
        return []


def motion_context(
    request: HttpRequest,
    place: Place,
    motion: Motion,
    bound: dict[str, forms.Form] | None = None,
    refusal: RuleError | str | None = None,
) -> dict[str, Any]:
    state = motion.state
    submitters = [
        s.member for s in Submitter.objects.filter(motion=motion).select_related("member")
    ]
    own = place.member
    is_submitter = own is not None and any(m.pk == own.pk for m in submitters)
    supported = own is not None and Support.objects.filter(motion=motion, member=own).exists()
    run = place.reader.may_run
    voting = Amendment.objects.filter(motion=motion, state=AmendmentState.VOTING).first()
    upcoming = (
        next_to_vote(motion) if state in (MotionState.TABLED, MotionState.RECOMMENDED) else None
    )
    made = make_forms(place, motion) | (bound or {})
    commissions = made["refer"].fields["commission"].choices  # type: ignore[attr-defined]
    open_sittings = made["vote"].fields["sitting"].choices  # type: ignore[attr-defined]
    rules, _procedural = motion_rules(place.body)
    allowed = {
        "support": state == MotionState.DRAFT and has_voice(place) and not supported,
        "table": state == MotionState.DRAFT and (is_submitter or run),
        "withdraw": state in WITHDRAWABLE and (is_submitter or run),
        "refer": state == MotionState.TABLED and run and bool(commissions),
        "recommend": state == MotionState.REFERRED
        and (run or _runs_commission(request, place, motion)),
        # The commission's own change to the text, while the motion is with it.
        "change": state == MotionState.REFERRED
        and (run or _runs_commission(request, place, motion)),
        "amend": state in AMENDABLE and (has_voice(place) or run),
        "vote": state in (MotionState.TABLED, MotionState.RECOMMENDED)
        and run
        and voting is None
        and bool(open_sittings),
    }
    return base_context(place, refusal) | {
        "motion": motion,
        "submitters": submitters,
        "supporters": Support.objects.filter(motion=motion).count(),
        "needed": rules.supporters,
        "supported": supported,
        "text_lines": numbered(motion.text),
        "draft_lines": _numbered_or_none(motion.draft),
        "resulting_lines": _resulting(motion),
        "final_lines": _numbered_or_none(motion.final_text) if state == MotionState.ADOPTED else [],
        "amendments": amendment_rows(place, motion),
        "voting_amendment": voting,
        "next_amendment": upcoming,
        "motion_vote_url": vote_url(place, motion.vote),
        "may": allowed,
        "forms": made,
        "urls": {
            name: motion_url(place, motion, f"motion-{name}")
            for name in (
                "support",
                "table",
                "withdraw",
                "refer",
                "recommend",
                "change",
                "amend",
                "vote",
            )
        }
        | {
            "page": motion_url(place, motion),
            "list": list_url(place),
            "amendment_vote": motion_url(place, motion, "amendment-vote"),
        },
    }
