"""What the motion actions share: the chain they lock, reading a motion inside the
action, the orders in force for the body, and who may act for a member."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from collegium.access.permissions import Context, Permission, has_permission
from collegium.access.permissions import refusal as not_permitted
from collegium.bodies.models import Body, Seat, SeatRole
from collegium.bodies.orders import orders_in_force
from collegium.journal.actors import Actor
from collegium.motions.models import Motion
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.motions.procedural import ProceduralRules
from collegium.rules.motions.workflow import MotionRules, State, Step, after


def of_motion(argument: str) -> Any:
    """The chain of the organization whose motion (or amendment's motion) `argument` is."""

    def chain_of(arguments: Mapping[str, Any]) -> int:
        value = arguments[argument]
        motion: Motion = getattr(value, "motion", value)
        return int(motion.body.organization_id)

    return chain_of


def fresh_motion(motion: Motion) -> Motion:
    """The motion as committed, read inside the action (the chain is locked)."""
    return Motion.objects.select_related("body__organization", "sitting", "commission", "vote").get(
        pk=motion.pk
    )


def motion_rules(body: Body) -> tuple[MotionRules, ProceduralRules]:
    """The orders in force for the body's motions; the defaults where it has none."""
    in_force = orders_in_force(body)
    rules = in_force.rules if in_force is not None else None
    if rules is None:
        return MotionRules(), ProceduralRules()
    return rules.motions, rules.procedural_motions


def step(motion: Motion, taken: Step) -> None:
    """Move the motion on by `taken`, refused (`motion.step`) from a state that does not
    allow it."""
    motion.state = after(State(motion.state), taken).value


def runs_body(actor: Actor, body: Body) -> bool:
    return has_permission(actor, Permission.RUN_SITTINGS, Context.of_body(body))


def require_secretariat(actor: Actor, body: Body) -> None:
    if not runs_body(actor, body):
        raise not_permitted(Permission.RUN_SITTINGS, Context.of_body(body))


def voice_in(body: Body, member: Member) -> Seat:
    """The member's current seat in the body that lets them move and support motions (any
    but a guest's); refused as `motion.not-member`."""
    seat = (
        Seat.objects.filter(body=body, member=member, vacated_on__isnull=True)
        .exclude(role=SeatRole.GUEST)
        .first()
    )
    if seat is None or member.status != MemberStatus.ACTIVE:
        raise RuleError(
            _("%(name)s holds no seat in %(body)s: only its members move or support motions.")
            % {"name": member.name, "body": body.name},
            rule="motion.not-member",
        )
    return seat


def acts_for(actor: Actor, body: Body, member: Member) -> None:
    """A member acts for themself; the secretariat records what a member handed in."""
    if actor.user is not None and member.user_id == actor.user.pk:
        return
    require_secretariat(actor, body)
