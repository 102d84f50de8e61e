"""Every change to organizations and the membership register. One function per change;
each runs in one transaction and journals itself (ARCHITECTURE.md, "one actions layer")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.permissions import Context, NotPermitted, Permission, is_operator, require
from collegium.bulk import batches, insert_many, update_many
from collegium.journal.actions import (
    action,
    installation,
    open_chain,
    organization_of,
    record,
    record_many,
)
from collegium.journal.actors import Actor
from collegium.registry.importing import (
    RegisteredMember,
    RegisterFile,
    RegisterRow,
    plan_import,
)
from collegium.registry.models import Member, MemberStatus, MemberStatusChange, Organization
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates


@action(chain=installation)
def create_organization(
    *, actor: Actor, name: str, slug: str, description: str = ""
) -> Organization:
    if not is_operator(actor):
        raise NotPermitted(_("Not permitted: only an operator can create an organization."))
    if Organization.objects.filter(slug=slug).exists():
        raise RuleError(
            _("An organization named %(slug)s exists already.") % {"slug": slug},
            rule="organization.unique-name",
        )
    organization = Organization.objects.create(name=name, slug=slug, description=description)
    open_chain(organization)
    record(
        "organization.created",
        actor=actor,
        organization=None,
        obj=organization,
        payload={"name": name, "slug": slug},
    )
    return organization


@action(chain=organization_of("organization"))
def add_admin(*, actor: Actor, organization: Organization, username: str) -> None:
    from django.contrib.auth.models import User

    require(actor, Permission.MANAGE_BODIES, Context(organization))
    user = User.objects.get(username=username)
    organization.admins.add(user)
    record(
        "organization.admin.added",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"username": username},
    )


@action(chain=organization_of("organization"))
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
    require(actor, Permission.IMPORT_MEMBERS, Context(organization))
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


@action(chain=organization_of("member"))
def change_member_status(
    *,
    actor: Actor,
    member: Member,
    status: MemberStatus,
    reason: str,
    effective_on: datetime.date | None = None,
) -> MemberStatusChange:
    """Suspend, reinstate or record that a member has left; the reason is required."""
    require(actor, Permission.CHANGE_MEMBER_STATUS, Context(member.organization))
    if not reason.strip():
        raise RuleError(_("A change of status needs a reason."), rule="register.status-reason")
    given, member = member, Member.objects.select_for_update().get(pk=member.pk)
    if member.status == status:
        raise RuleError(
            _("%(name)s is already %(status)s.")
            % {"name": member.name, "status": MemberStatus(status).label},
            rule="register.status-unchanged",
        )
    today = timezone.localdate()
    effective_on = effective_on or today
    dates.check_not_future(effective_on, today, "register.status-date")
    dates.check_not_before(
        effective_on, member.joined_on, _("the member's admission"), "register.status-date"
    )
    # The entry made on registering (no previous status) is dated the day of entry, not of
    # admission: joined_on is the admission. Later changes must not go back before it.
    last = (
        MemberStatusChange.objects.filter(member=member)
        .exclude(previous_status="")
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    dates.check_not_before(
        effective_on, last, _("the member's last change of status"), "register.status-date"
    )
    change = MemberStatusChange.objects.create(
        member=member,
        previous_status=member.status,
        status=status,
        reason=reason.strip(),
        effective_on=effective_on,
    )
    previous = member.status
    member.status = status
    member.save(update_fields=["status"])
    given.status = status  # the caller's copy shows the change too
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


@action(chain=organization_of("member"))
def link_login(*, actor: Actor, member: Member, username: str) -> Member:
    """Give a register entry its login, so the person acts as that member."""
    from django.contrib.auth.models import User

    require(actor, Permission.CHANGE_MEMBER_STATUS, Context(member.organization))
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


# Importing the register from a file (the file is read and checked in registry/importing.py).

# Rows per batch: the unit of progress reports.
IMPORT_BATCH = 2000


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int  # name, email, unit or joined_on changed
    status_changed: int  # includes new members admitted with another status than active
    unchanged: int
    not_in_file: int = 0  # members the file does not list; kept, never removed


@action(chain=organization_of("organization"))
def import_members(
    *,
    actor: Actor,
    organization: Organization,
    rows: RegisterFile,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Add and update members from a checked register file, all or nothing.

    Journaled as one `register.import` entry (counts and the file's SHA-256) plus one
    `register.member.status_changed` entry per status change. `progress(done, total)`
    is called after each batch, counting rows of the file.

    Rows are written as plain tuples (multi-row INSERT, COPY on PostgreSQL; UPDATE with
    executemany) rather than model instances: building 200,000 model objects costs more
    than the database work, and 100,000 members must import in seconds.
    """
    require(actor, Permission.IMPORT_MEMBERS, Context(organization))
    # Two imports into one organization run one after the other (PostgreSQL row lock;
    # SQLite's IMMEDIATE transactions serialise writers anyway).
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    register = {
        number: RegisteredMember(pk, name, email, unit, status, joined_on)
        for pk, number, name, email, unit, status, joined_on in Member.objects.filter(
            organization=organization
        ).values_list("pk", "number", "name", "email", "unit", "status", "joined_on")
    }
    plan = plan_import(rows, register)
    summary = ImportSummary(
        added=len(plan.new),
        updated=len(plan.updated),
        status_changed=len(plan.status_changes),
        unchanged=plan.unchanged,
        not_in_file=plan.not_in_file,
    )
    record(
        "register.import",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={**asdict(summary), "rows": len(rows), "sha256": rows.sha256},
    )
    total, done = len(rows), plan.unchanged
    if progress is not None:
        progress(done, total)
    ops = connection.ops
    today = timezone.localdate()
    now = ops.adapt_datetimefield_value(timezone.now())
    pk_of = {number: member.pk for number, member in register.items()}
    admitted = _("admitted")

    with connection.cursor() as cursor:
        for new_rows in batches(plan.new, IMPORT_BATCH):
            insert_many(
                cursor,
                Member,
                MEMBER_COLUMNS,
                [
                    (
                        organization.pk,
                        row.number,
                        row.name,
                        row.email or "",
                        row.unit or "",
                        row.status or MemberStatus.ACTIVE.value,
                        ops.adapt_datefield_value(row.joined_on),
                    )
                    for row in new_rows
                ],
            )
            done += len(new_rows)
            if progress is not None:
                progress(done, total)
        if plan.new:
            pk_of = dict(
                Member.objects.filter(organization=organization).values_list("number", "pk")
            )
        admissions = [
            (
                pk_of[row.number],
                "",
                MemberStatus.ACTIVE.value,
                admitted,
                # Admitted no later than any status change the file gives.
                ops.adapt_datefield_value(row.joined_on or min(today, row.status_date or today)),
                now,
            )
            for row in plan.new
        ]
        changes = [
            (
                pk_of[change.row.number],
                change.previous.value,
                change.status.value,
                change.row.status_reason,
                ops.adapt_datefield_value(change.row.status_date or today),
                now,
            )
            for change in plan.status_changes
        ]
        insert_many(cursor, MemberStatusChange, HISTORY_COLUMNS, admissions + changes)

        updated_numbers = {row.number for _pk, row in plan.updated}
        status_numbers = {change.row.number for change in plan.status_changes}
        changed_existing = [
            row
            for row in rows
            if row.number in register
            and (row.number in updated_numbers or row.number in status_numbers)
        ]
        for changed_rows in batches(changed_existing, IMPORT_BATCH):
            update_many(
                cursor,
                Member,
                MEMBER_UPDATE_COLUMNS,
                [_updated_values(register[row.number], row) for row in changed_rows],
            )
            done += len(changed_rows)
            if progress is not None:
                progress(done, total)
    record_many(
        "register.member.status_changed",
        actor=actor,
        organization=organization,
        entries=[
            (
                Member(pk=pk_of[change.row.number]),
                {
                    "number": change.row.number,
                    "from": change.previous.value,
                    "to": change.status.value,
                    "reason": change.row.status_reason,
                    "effective_on": (change.row.status_date or today).isoformat(),
                    "import_sha256": rows.sha256,
                },
            )
            for change in plan.status_changes
        ],
    )
    return summary


MEMBER_COLUMNS = ("organization", "number", "name", "email", "unit", "status", "joined_on")
MEMBER_UPDATE_COLUMNS = ("name", "email", "unit", "status", "joined_on")
HISTORY_COLUMNS = ("member", "previous_status", "status", "reason", "effective_on", "recorded_at")


def _updated_values(current: RegisteredMember, row: RegisterRow) -> tuple[Any, ...]:
    """MEMBER_UPDATE_COLUMNS and the pk, as the row leaves the member; a column absent
    from the file keeps its value."""
    return (
        row.name,
        current.email if row.email is None else row.email,
        current.unit if row.unit is None else row.unit,
        row.status or current.status,
        connection.ops.adapt_datefield_value(
            row.joined_on if row.has_joined_on else current.joined_on
        ),
        current.pk,
    )
