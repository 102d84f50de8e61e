"""A sitting's procedural motions as their readers see them (the page, procedural_page.py,
and the API, procedural_api.py): the stack of pending questions, bottom first (the main
motions before the sitting, then the procedural motions pending in the order moved),
those decided, and the motions in order now: those the stack lets be moved
(rules.motions.procedural.in_order), none while the sitting is not open."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from collegium.meetings.models import Sitting, SittingStatus
from collegium.meetings.queries import rules_of
from collegium.motions.actions.procedural import MAIN_PENDING, PENDING, pending_stack
from collegium.motions.models import Motion, ProceduralMotion, ProceduralState
from collegium.rules.errors import RuleError
from collegium.rules.motions.procedural import BY_KEY, MOTIONS, Family, Needs, in_order
from collegium.rules.motions.procedural import Motion as Kind


@dataclass(frozen=True)
class ProceduralReading:
    main_motions: list[Motion]  # the main motions pending at the sitting
    pending: list[ProceduralMotion]  # bottom first; the last is the question on top
    decided: list[ProceduralMotion]  # in the order moved
    in_order: list[Kind]  # what may be moved now, highest rank first
    enabled: bool  # whether the orders use procedural motions at all


def read_procedural(sitting: Sitting) -> ProceduralReading:
    motions = list(
        ProceduralMotion.objects.filter(sitting=sitting)
        .select_related("moved_by", "seconded_by", "vote__sitting")
        .order_by("number")
    )
    main = list(Motion.objects.filter(sitting=sitting, state__in=MAIN_PENDING).order_by("number"))
    allowed: list[Kind] = []
    enabled = True
    try:
        stack = [kind for kind, _row in pending_stack(sitting)]
        rules = rules_of(sitting).procedural_motions
    except RuleError:  # the body has no standing orders: nothing is moved
        stack, rules, enabled = [], None, False
    if rules is not None:
        enabled = rules.enabled
        if sitting.status == SittingStatus.OPEN:
            for kind in MOTIONS:
                if kind.key == "main":
                    continue
                try:
                    ordered = rules.motion(kind.key)
                    in_order(ordered, stack)
                except RuleError:
                    continue
                allowed.append(ordered)
    return ProceduralReading(
        main_motions=main,
        pending=[m for m in motions if m.state in PENDING],
        decided=[m for m in motions if m.state not in PENDING],
        in_order=allowed,
        enabled=enabled,
    )


def kind_of(motion: ProceduralMotion) -> Kind:
    """The motion's attributes under the 1915 table, with the vote it needed at moving."""
    kind = BY_KEY[motion.key]
    try:
        needs = Needs(motion.needs)
    except ValueError:
        return kind
    return kind if kind.needs == needs else replace(kind, needs=needs)


def needs_label(needs: str) -> str:
    words: dict[str, str] = {
        Needs.MAJORITY: _("a majority"),
        Needs.TWO_THIRDS: _("two thirds"),
        Needs.CHAIR: _("the chair's ruling"),
    }
    return words.get(needs, needs)


def family_label(family: Family) -> str:
    return {
        Family.MAIN: _("main motion"),
        Family.PRIVILEGED: _("privileged"),
        Family.SUBSIDIARY: _("subsidiary"),
        Family.INCIDENTAL: _("incidental"),
        Family.RENEWAL: _("brings a question back"),
    }[family]


def outcome_label(motion: ProceduralMotion) -> str:
    """What became of a decided motion, in words."""
    if motion.state == ProceduralState.RULED:
        return _("upheld by the chair") if motion.upheld else _("not upheld by the chair")
    return str(motion.get_state_display())
