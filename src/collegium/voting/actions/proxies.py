"""Proxies: a full member lets another full member of the body vote for them while they
are absent, where the orders allow it (`votes.proxies`: the most one member may carry).
A proxy stands until revoked; a vote uses those in force when it opens, so revoking it
before the opening is what counts (rules.procedure.voting)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.permissions import Context, Permission, has_permission
from collegium.access.permissions import refusal as not_permitted
from collegium.bodies.actions import check_not_dissolved
from collegium.bodies.models import Body, Seat
from collegium.bodies.orders import orders_in_force
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.registry.models import MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.procedure.voting import check_proxy
from collegium.voting.models import Proxy


def _own_or_staff(actor: Actor, seat: Seat, body: Body) -> None:
    """The seat's holder acts for themself; the secretariat records a written proxy."""
    member = seat.member
    if member is not None and actor.user is not None and member.user_id == actor.user.pk:
        return
    if not has_permission(actor, Permission.MANAGE_SEATS, Context.of_body(body)):
        raise not_permitted(Permission.MANAGE_SEATS, Context.of_body(body))


def _role(seat: Seat) -> SeatRole | None:
    if seat.vacated_on is not None or seat.member is None:
        return None
    if seat.member.status != MemberStatus.ACTIVE:
        return None
    return SeatRole(seat.role)


@action(chain=lambda kw: kw["giver"].body.organization_id)
def give_proxy(*, actor: Actor, giver: Seat, holder: Seat) -> Proxy:
    """The holder of full seat `giver` gives their proxy to the holder of full seat
    `holder` of the same body. Refused where the orders allow no proxies
    (`proxy.not-allowed`), between seats that are not current full seats of active
    members (`proxy.full-members`), when the giver has one in force (`proxy.given`), when
    the holder gave theirs away (`proxy.chain`) or carries the most allowed
    (`proxy.too-many`)."""
    body = Body.objects.select_for_update().get(pk=giver.body_id)
    giver = Seat.objects.select_related("member").get(pk=giver.pk)
    holder = Seat.objects.select_related("member").get(pk=holder.pk)
    _own_or_staff(actor, giver, body)
    check_not_dissolved(body)
    if holder.body_id != body.pk:
        raise RuleError(
            _("A proxy is given within one body: the holder sits in another."),
            rule="proxy.full-members",
        )
    in_force = orders_in_force(body)
    most = in_force.rules.votes.proxies if in_force is not None and in_force.rules else 0
    standing = Proxy.objects.filter(body=body, revoked_at__isnull=True)
    check_proxy(
        most=most,
        giver_role=_role(giver),
        holder_role=_role(holder),
        same_seat=giver.pk == holder.pk,
        giver_has_one=standing.filter(giver=giver).exists(),
        holder_gave_one=standing.filter(giver=holder).exists(),
        holder_carries=standing.filter(holder=holder).count(),
    )
    proxy = Proxy.objects.create(body=body, giver=giver, holder=holder, given_at=timezone.now())
    assert giver.member is not None
    assert holder.member is not None
    record(
        "proxy.given",
        actor=actor,
        organization=body.organization,
        obj=proxy,
        body_id=body.pk,
        payload={"body": body.slug, "giver": giver.member.number, "holder": holder.member.number},
    )
    return proxy


@action(chain=lambda kw: kw["proxy"].body.organization_id)
def revoke_proxy(*, actor: Actor, proxy: Proxy) -> Proxy:
    """The giver (or the secretariat) revokes a proxy; votes opened from now on do not
    use it."""
    proxy = Proxy.objects.select_related(
        "body__organization", "giver__member", "holder__member"
    ).get(pk=proxy.pk)
    _own_or_staff(actor, proxy.giver, proxy.body)
    if proxy.revoked_at is not None:
        raise RuleError(_("This proxy was revoked already."), rule="proxy.revoked")
    proxy.revoked_at = timezone.now()
    proxy.save(update_fields=["revoked_at"])
    assert proxy.giver.member is not None
    assert proxy.holder.member is not None
    record(
        "proxy.revoked",
        actor=actor,
        organization=proxy.body.organization,
        obj=proxy,
        body_id=proxy.body_id,
        payload={
            "body": proxy.body.slug,
            "giver": proxy.giver.member.number,
            "holder": proxy.holder.member.number,
        },
    )
    return proxy
