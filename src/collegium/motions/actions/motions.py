"""A motion's way from draft to the vote: submitting, supporting, tabling, withdrawing,
referring to a commission and the commission's recommendation. Each is refused with the
rule named where the orders or the motion's state forbid it (rules.motions.workflow)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.actions import check_not_dissolved
from collegium.bodies.models import Body, BodyKind
from collegium.journal.actions import action, organization_of, record
from collegium.journal.actors import Actor
from collegium.meetings.models import AgendaItem, Sitting
from collegium.motions.actions.common import (
    acts_for,
    fresh_motion,
    motion_rules,
    of_motion,
    require_secretariat,
    runs_body,
    step,
    voice_in,
)
from collegium.motions.models import (
    Amendment,
    AmendmentState,
    Motion,
    MotionState,
    Recommendation,
    Revision,
    Submitter,
    Support,
)
from collegium.register.models import Decision, DecisionKind
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.rules.motions.amendments import MAX_TEXT
from collegium.rules.motions.workflow import Step, check_tabling
from collegium.rules.procedure.texts import check_length

TITLE_MAX = 300


def _check_text(title: str, text: str) -> tuple[str, str]:
    title, text = title.strip(), text.strip()
    if not title or "\x00" in title or "\x00" in text:
        raise RuleError(_("A motion needs a title, and no NUL characters."), rule="motion.text")
    check_length(title, TITLE_MAX, _("The title"), "motion.text")
    if not text:
        raise RuleError(_("A motion needs a text."), rule="motion.text")
    check_length(text, MAX_TEXT, _("The text"), "motion.text")
    return title, text


def _payload(motion: Motion, **more: object) -> dict[str, object]:
    return {"body": motion.body.slug, "motion": motion.number, **more}


@action(chain=organization_of("body"))
def submit_motion(
    *,
    actor: Actor,
    body: Body,
    title: str,
    text: str,
    submitters: Sequence[Member],
    sitting: Sitting | None = None,
    item: AgendaItem | None = None,
    revises: Decision | None = None,
    revision: str = "",
) -> Motion:
    """A draft motion of `body`, submitted by members holding seats in it (each a
    supporter too). The actor is one of the submitters, or the secretariat recording a
    motion handed in. A motion may amend (`revision="amend"`, its text being the
    decision's new text) or rescind a decision of the body's register (`revises`).
    Refused as `motion.text`, `motion.not-member`, `motion.submitters`, `motion.revises`."""
    body = Body.objects.select_related("organization").get(pk=body.pk)
    check_not_dissolved(body)
    title, text = _check_text(title, text)
    members = list({m.pk: m for m in submitters}.values())
    if not members:
        raise RuleError(_("A motion needs at least one submitter."), rule="motion.submitters")
    if actor.user is None or all(m.user_id != actor.user.pk for m in members):
        require_secretariat(actor, body)
    for member in members:
        voice_in(body, member)
    if sitting is not None and sitting.body_id != body.pk:
        raise RuleError(_("The sitting is not one of this body's."), rule="motion.sitting")
    if item is not None and (sitting is None or item.sitting_id != sitting.pk):
        raise RuleError(_("The agenda item is not one of the sitting's."), rule="motion.sitting")
    chosen = _revision(body, revises, revision)
    now = timezone.now()
    number = (Motion.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
    motion = Motion.objects.create(
        body=body,
        sitting=sitting,
        item=item,
        number=number,
        title=title,
        text=text,
        state=MotionState.DRAFT,
        submitted_at=now,
        revises=revises if chosen else None,
        revision=chosen.value,
    )
    Submitter.objects.bulk_create([Submitter(motion=motion, member=m) for m in members])
    Support.objects.bulk_create([Support(motion=motion, member=m, given_at=now) for m in members])
    record(
        "motion.submitted",
        actor=actor,
        organization=body.organization,
        obj=motion,
        body_id=body.pk,
        payload=_payload(
            motion,
            title=title,
            submitters=sorted(m.number for m in members),
            revises=revises.reference if revises is not None else "",
            revision=chosen.value,
        ),
    )
    return motion


@action(chain=of_motion("motion"))
def support_motion(*, actor: Actor, motion: Motion, member: Member) -> Support:
    """A member of the body supports a draft (`motion.step` once it is tabled;
    `motion.supported` a second time)."""
    motion = fresh_motion(motion)
    acts_for(actor, motion.body, member)
    voice_in(motion.body, member)
    if motion.state != MotionState.DRAFT:
        raise RuleError(
            _("Only a draft gathers supporters; this motion is %(state)s.")
            % {"state": motion.get_state_display()},
            rule="motion.step",
        )
    if Support.objects.filter(motion=motion, member=member).exists():
        raise RuleError(
            _("%(name)s supports this motion already.") % {"name": member.name},
            rule="motion.supported",
        )
    support = Support.objects.create(motion=motion, member=member, given_at=timezone.now())
    record(
        "motion.supported",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload=_payload(
            motion, member=member.number, supporters=Support.objects.filter(motion=motion).count()
        ),
    )
    return support


@action(chain=of_motion("motion"))
def table_motion(*, actor: Actor, motion: Motion) -> Motion:
    """A submitter (or the secretariat) tables the draft: it needs the supporters the
    orders ask (`motion.supporters`) before their deadline (`motion.deadline`)."""
    motion = fresh_motion(motion)
    _submitter_or_secretariat(actor, motion)
    step(motion, Step.TABLE)
    rules, _procedural = motion_rules(motion.body)
    supporters = Support.objects.filter(motion=motion).count()
    check_tabling(
        rules,
        supporters=supporters,
        now=timezone.now(),
        sitting_starts=motion.sitting.starts_at if motion.sitting is not None else None,
    )
    motion.tabled_at = timezone.now()
    motion.save(update_fields=["state", "tabled_at"])
    record(
        "motion.tabled",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload=_payload(motion, supporters=supporters, needed=rules.supporters),
    )
    return motion


@action(chain=of_motion("motion"))
def withdraw_motion(*, actor: Actor, motion: Motion) -> Motion:
    """A submitter (or the secretariat) withdraws the motion before its vote; its
    pending amendments go with it."""
    motion = fresh_motion(motion)
    _submitter_or_secretariat(actor, motion)
    step(motion, Step.WITHDRAW)
    motion.save(update_fields=["state"])
    Amendment.objects.filter(motion=motion, state=AmendmentState.TABLED).update(
        state=AmendmentState.WITHDRAWN
    )
    record(
        "motion.withdrawn",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload=_payload(motion),
    )
    return motion


@action(chain=of_motion("motion"))
def refer_motion(*, actor: Actor, motion: Motion, commission: Body) -> Motion:
    """The secretariat records the meeting's decision to refer a tabled motion to a
    commission of the body (one it elects, `motion.commission`)."""
    motion = fresh_motion(motion)
    require_secretariat(actor, motion.body)
    commission = Body.objects.get(pk=commission.pk)
    if commission.kind != BodyKind.COMMISSION or commission.elected_by_id != motion.body_id:
        raise RuleError(
            _("%(body)s is not a commission %(elector)s elects.")
            % {"body": commission.name, "elector": motion.body.name},
            rule="motion.commission",
        )
    check_not_dissolved(commission)
    step(motion, Step.REFER)
    motion.commission = commission
    motion.save(update_fields=["state", "commission"])
    record(
        "motion.referred",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload=_payload(motion, commission=commission.slug),
    )
    return motion


@action(chain=of_motion("motion"))
def recommend(
    *,
    actor: Actor,
    motion: Motion,
    recommendation: str,
    draft: str = "",
    amendments: Mapping[int, str] | None = None,
) -> Motion:
    """The commission's secretariat (or the body's) records its recommendation on the
    motion (adopt, reject, adopt as amended) and either a recommendation per pending
    amendment (by number) or its own draft of the text. A draft consolidates the
    amendments: those pending lapse, and the meeting then votes on and amends the draft,
    by its own line numbers (`motion.recommendation` refuses both at once)."""
    motion = fresh_motion(motion)
    commission = motion.commission
    if commission is None or not runs_body(actor, commission):
        require_secretariat(actor, motion.body)
    try:
        chosen = Recommendation(recommendation)
    except ValueError:
        raise RuleError(
            _("A commission recommends adopt, reject or adopt-as-amended, not %(value)s.")
            % {"value": repr(recommendation[:40])},
            rule="motion.recommendation",
        ) from None
    step(motion, Step.RECOMMEND)
    draft = draft.strip()
    if "\x00" in draft:
        raise RuleError(_("A text holds no NUL characters."), rule="motion.text")
    check_length(draft, MAX_TEXT, _("The draft"), "motion.text")
    if draft and amendments:
        raise RuleError(
            _(
                "A commission that frames its own draft consolidates the amendments into it: "
                "it recommends on amendments only to the text as tabled."
            ),
            rule="motion.recommendation",
        )
    adopted = Amendment.objects.filter(motion=motion, state=AmendmentState.ADOPTED).first()
    if draft and adopted is not None:
        # The adopted amendments cite the tabled text's lines: a new draft would leave
        # them nowhere to apply.
        raise RuleError(
            _(
                "The meeting adopted amendment %(number)s to the text as tabled: the commission "
                "recommends on that text as amended, and frames no draft of its own."
            )
            % {"number": adopted.number},
            rule="motion.recommendation",
        )
    by_number = {
        a.number: a for a in Amendment.objects.filter(motion=motion, state=AmendmentState.TABLED)
    }
    on_amendments: dict[str, str] = {}
    for number, value in (amendments or {}).items():
        amendment = by_number.get(number)
        if amendment is None or value not in (Recommendation.ADOPT, Recommendation.REJECT):
            raise RuleError(
                _("Amendment %(number)s: no such pending amendment, or not adopt or reject.")
                % {"number": number},
                rule="motion.recommendation",
            )
        amendment.recommendation = value
        amendment.save(update_fields=["recommendation"])
        on_amendments[str(amendment.number)] = value
    if draft:  # its draft takes the place of the text the amendments cite
        Amendment.objects.filter(motion=motion, state=AmendmentState.TABLED).update(
            state=AmendmentState.LAPSED
        )
    motion.recommendation = chosen.value
    motion.draft = draft
    motion.save(update_fields=["state", "recommendation", "draft"])
    record(
        "motion.recommended",
        actor=actor,
        organization=motion.body.organization,
        obj=motion,
        body_id=motion.body_id,
        payload=_payload(
            motion,
            commission=commission.slug if commission is not None else "",
            recommendation=chosen.value,
            draft=hashlib.sha256(draft.encode()).hexdigest() if draft else "",
            amendments=on_amendments,
        ),
    )
    return motion


def _revision(body: Body, revises: Decision | None, revision: str) -> Revision:
    """What the motion does to a decision of the register, checked (`motion.revises`)."""
    try:
        chosen = Revision(revision)
    except ValueError:
        raise RuleError(
            _("A motion amends or rescinds a decision, not %(value)s.")
            % {"value": repr(revision[:40])},
            rule="motion.revises",
        ) from None
    if (chosen == Revision.NONE) != (revises is None):
        raise RuleError(
            _("A motion that amends or rescinds names the decision, and only such a motion."),
            rule="motion.revises",
        )
    if revises is None:
        return chosen
    if revises.body_id != body.pk or revises.kind != DecisionKind.RESOLUTION:
        raise RuleError(
            _("%(body)s amends or rescinds only its own resolutions; %(decision)s is not one.")
            % {"body": body.name, "decision": revises.reference},
            rule="motion.revises",
        )
    last = revises.versions.order_by("-number").first()
    if last is not None and last.rescinded:
        raise RuleError(
            _("Decision %(decision)s was rescinded: there is nothing left to amend or rescind.")
            % {"decision": revises.reference},
            rule="motion.revises",
        )
    return chosen


def _submitter_or_secretariat(actor: Actor, motion: Motion) -> None:
    if (
        actor.user is not None
        and Submitter.objects.filter(motion=motion, member__user_id=actor.user.pk).exists()
    ):
        return
    require_secretariat(actor, motion.body)
