"""Every change to organizations and the membership register. One function per change;
each runs in one transaction and journals itself (ARCHITECTURE.md, "one actions layer")."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.actors import Actor
from collegium.access.permissions import Permission, require
from collegium.journal.actions import record
from collegium.registry.models import Member, MemberStatus, MemberStatusChange, Organization
from collegium.rules.errors import RuleError


@transaction.atomic
def create_organization(
    *, actor: Actor, name: str, slug: str, description: str = ""
) -> Organization:
    if actor is not None and not actor.is_superuser:
        raise RuleError(_("Only the operator can create an organization."), rule="permissions")
    if Organization.objects.filter(slug=slug).exists():
        raise RuleError(_("An organization named %(slug)s exists already.") % {"slug": slug})
    organization = Organization.objects.create(name=name, slug=slug, description=description)
    record(
        "organization.created",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"name": name, "slug": slug},
    )
    return organization


@transaction.atomic
def add_admin(*, actor: Actor, organization: Organization, username: str) -> None:
    from django.contrib.auth.models import User

    require(actor, Permission.MANAGE_BODIES, organization)
    user = User.objects.get(username=username)
    organization.admins.add(user)
    record(
        "organization.admin.added",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"username": username},
    )


@transaction.atomic
def register_member(
    *,
    actor: Actor,
    organization: Organization,
    number: str,
    name: str,
    email: str = "",
    unit: str = "",
    joined_on: datetime.date | None = None,
) -> Member:
    require(actor, Permission.IMPORT_MEMBERS, organization)
    if Member.objects.filter(organization=organization, number=number).exists():
        raise RuleError(
            _("Member number %(number)s is already in the register.") % {"number": number},
            rule="register.unique-number",
        )
    member = Member.objects.create(
        organization=organization,
        number=number,
        name=name,
        email=email,
        unit=unit,
        joined_on=joined_on,
    )
    MemberStatusChange.objects.create(
        member=member,
        previous_status="",
        status=MemberStatus.ACTIVE,
        reason=_("admitted"),
        effective_on=joined_on or timezone.localdate(),
    )
    record(
        "register.member.added",
        actor=actor,
        organization=organization,
        obj=member,
        payload={"number": number, "name": name, "unit": unit},
    )
    return member


@transaction.atomic
def change_member_status(
    *,
    actor: Actor,
    member: Member,
    status: MemberStatus,
    reason: str,
    effective_on: datetime.date | None = None,
) -> MemberStatusChange:
    """Suspend, reinstate or record that a member has left; the reason is required."""
    require(actor, Permission.CHANGE_MEMBER_STATUS, member.organization)
    if not reason.strip():
        raise RuleError(_("A change of status needs a reason."), rule="register.status-reason")
    if member.status == status:
        raise RuleError(
            _("%(name)s is already %(status)s.")
            % {"name": member.name, "status": MemberStatus(status).label},
            rule="register.status-unchanged",
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    change = MemberStatusChange.objects.create(
        member=member,
        previous_status=member.status,
        status=status,
        reason=reason.strip(),
        effective_on=effective_on or timezone.localdate(),
    )
    previous = member.status
    member.status = status
    member.save(update_fields=["status"])
    record(
        "register.member.status_changed",
        actor=actor,
        organization=member.organization,
        obj=member,
        payload={
            "number": member.number,
            "from": previous,
            "to": str(status),
            "reason": change.reason,
            "effective_on": change.effective_on.isoformat(),
        },
    )
    return change


@transaction.atomic
def link_login(*, actor: Actor, member: Member, username: str) -> Member:
    """Give a register entry its login, so the person acts as that member."""
    from django.contrib.auth.models import User

    require(actor, Permission.CHANGE_MEMBER_STATUS, member.organization)
    user = User.objects.get(username=username)
    member.user = user
    member.save(update_fields=["user"])
    record(
        "register.member.login_linked",
        actor=actor,
        organization=member.organization,
        obj=member,
        payload={"number": member.number, "username": username},
    )
    return member
