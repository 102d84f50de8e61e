"""Every change to organizations and the membership register. One function per change;
each runs in one transaction and journals itself (ARCHITECTURE.md, "one actions layer")."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models import Field
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
from collegium.registry.limits import ORGANIZATION_DESCRIPTION_MAX_LENGTH, check_lengths
from collegium.registry.models import Member, MemberStatus, MemberStatusChange, Organization
from collegium.registry.numbers import check_number, search_key, skeleton
from collegium.registry.organizations import check_languages, check_slug, check_time_zone
from collegium.registry.queries import details_version, status_version
from collegium.registry.signals import StatusChange, member_status_changed
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates


@action(chain=installation)
def create_organization(
    *,
    actor: Actor,
    name: str,
    slug: str,
    description: str = "",
    register_open_to_members: bool = False,
    languages: Sequence[str] = (),
    time_zone: str = "",
    admin: str = "",
) -> Organization:
    """A new organization, its journal chain and, when `admin` names a login, its first
    administrator. `languages` are codes of settings.LANGUAGES, the default first (none:
    the site's default); `time_zone` an IANA name (none: the site's)."""
    if not is_operator(actor):
        raise NotPermitted(_("Not permitted: only an operator can create an organization."))
    name, slug = name.strip(), slug.strip()
    check_lengths(
        Organization,
        {"name": name, "slug": slug, "description": description},
        {"description": ORGANIZATION_DESCRIPTION_MAX_LENGTH},
    )
    if not name:
        raise RuleError(_("An organization needs a name."), rule="organization.name-missing")
    check_slug(slug)
    chosen = check_languages(languages)
    zone = check_time_zone(time_zone or settings.TIME_ZONE)
    first_admin = _login_named(admin) if admin.strip() else None
    if Organization.objects.filter(slug=slug).exists():
        raise RuleError(
            _("An organization named %(slug)s exists already.") % {"slug": slug},
            rule="organization.unique-name",
        )
    organization = Organization.objects.create(
        name=name,
        slug=slug,
        description=description,
        register_open_to_members=register_open_to_members,
        languages=chosen,
        time_zone=zone,
    )
    open_chain(organization)
    record(
        "organization.created",
        actor=actor,
        organization=None,
        obj=organization,
        payload={"name": name, "slug": slug, "languages": " ".join(chosen), "time_zone": zone},
    )
    if first_admin is not None:
        # The operator names the first admin: no role of the new organization exists yet.
        _name_admin(actor, organization, first_admin)
    return organization


@action(chain=organization_of("organization"))
def add_admin(*, actor: Actor, organization: Organization, username: str) -> None:
    # The operator may name and remove admins too: an organization set up without one
    # needs one, and an admin who may not stay must be removable.
    if not is_operator(actor):
        require(actor, Permission.MANAGE_ADMINS, Context(organization))
    user = _login_named(username)
    if organization.admins.filter(pk=user.pk).exists():
        raise RuleError(
            _("%(username)s is already an administrator of %(organization)s.")
            % {"username": user.username, "organization": organization.name},
            rule="organization.admin-already",
        )
    _name_admin(actor, organization, user)


@action(chain=organization_of("organization"))
def remove_admin(*, actor: Actor, organization: Organization, username: str) -> None:
    """Take a login off the administrators; never the last one, who alone could name
    another in the organization."""
    if not is_operator(actor):
        require(actor, Permission.MANAGE_ADMINS, Context(organization))
    user = organization.admins.filter(username=username).first()
    if user is None:
        raise RuleError(
            _("%(username)s is not an administrator of %(organization)s.")
            % {"username": username, "organization": organization.name},
            rule="organization.not-admin",
        )
    # The chain's lock (@action) makes this count and the removal one step.
    if organization.admins.count() == 1:
        raise RuleError(
            _(
                "%(username)s is the last administrator of %(organization)s and cannot be "
                "removed; name another administrator first."
            )
            % {"username": username, "organization": organization.name},
            rule="organization.last-admin",
        )
    organization.admins.remove(user)
    record(
        "organization.admin.removed",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"username": user.username},
    )


def _login_named(username: str) -> User:
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise RuleError(
            _("There is no login named %(username)s.") % {"username": repr(username.strip())},
            rule="organization.admin-unknown",
        )
    return user


def _name_admin(actor: Actor, organization: Organization, user: User) -> None:
    organization.admins.add(user)
    record(
        "organization.admin.added",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"username": user.username},
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
    number = check_number(number)
    name, email, unit = _checked_details(name, email, unit)
    if joined_on is not None:
        dates.check_not_future(joined_on, timezone.localdate(), "register.joined-date")
    key = skeleton(number)
    twin = (
        Member.objects.filter(organization=organization, number_key=key)
        .values_list("number", flat=True)
        .first()
    )
    if twin == number:
        raise RuleError(
            _("Member number %(number)s is already in the register.") % {"number": number},
            rule="register.unique-number",
        )
    if twin is not None:
        raise RuleError(
            _(
                "Member number %(number)s looks like %(other)s, which is already in the "
                "register; use a number that cannot be mistaken for it."
            )
            % {"number": ascii(number), "other": ascii(twin)},
            rule="register.confusable-number",
        )
    member = Member.objects.create(
        organization=organization,
        number=number,
        name=name,
        email=email,
        unit=unit,
        joined_on=joined_on,
        number_key=key,
        search_key=search_key(number, name, unit),
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


def _checked_details(name: str, email: str, unit: str) -> tuple[str, str, str]:
    """A member's name, email and unit as stored, or the rule they break."""
    name, email, unit = name.strip(), email.strip(), unit.strip()
    check_lengths(Member, {"name": name, "email": email, "unit": unit})
    if not name:
        raise RuleError(_("A member needs a name."), rule="register.name-missing")
    # As in a register file, where a line break would end the row.
    for field, value in (("name", name), ("email", email), ("unit", unit)):
        if "\n" in value or "\r" in value:
            column = Member._meta.get_field(field)
            assert isinstance(column, Field), field
            raise RuleError(
                _("The %(field)s contains a line break; give it on one line.")
                % {"field": column.verbose_name},
                rule="register.line-break",
            )
    if email:
        try:
            validate_email(email)
        except ValidationError as invalid:
            raise RuleError(
                _("Email %(email)s is not a valid address.") % {"email": repr(email)},
                rule="register.email",
            ) from invalid
    return name, email, unit


# The fields a correction may change; the number never changes (it is the entry's
# identity in files, links and the journal).
CORRECTABLE = ("name", "email", "unit")


@action(chain=organization_of("member"))
def correct_member(
    *,
    actor: Actor,
    member: Member,
    name: str,
    email: str,
    unit: str,
    version: str | None = None,
) -> list[str]:
    """Correct a member's name, email and unit; journaled as one entry per changed field
    with its old and new value. Returns the fields changed.

    `version` is the member's `details_version` when the caller's form was made: a form
    made before another correction is refused rather than undoing it."""
    require(actor, Permission.CORRECT_MEMBER, Context(member.organization))
    given, member = member, Member.objects.select_for_update().get(pk=member.pk)
    if version is not None and version != details_version(member):
        raise RuleError(
            _(
                "The entry of %(name)s has changed since this form was opened; nothing was "
                "changed. Check the entry now shown and submit again if still needed."
            )
            % {"name": member.name},
            rule="register.stale-form",
        )
    wanted = dict(zip(CORRECTABLE, _checked_details(name, email, unit), strict=True))
    changed = [field for field in CORRECTABLE if getattr(member, field) != wanted[field]]
    if not changed:
        raise RuleError(
            _("Nothing to correct: the name, email and unit of %(name)s are as given.")
            % {"name": member.name},
            rule="register.correction-unchanged",
        )
    old = {field: getattr(member, field) for field in changed}
    for field in changed:
        setattr(member, field, wanted[field])
        setattr(given, field, wanted[field])  # the caller's copy shows the change too
    member.search_key = given.search_key = search_key(member.number, member.name, member.unit)
    member.save(update_fields=[*changed, "search_key"])
    record_many(
        "register.member.corrected",
        actor=actor,
        organization=member.organization,
        entries=[
            (
                member,
                {"number": member.number, "field": field, "old": old[field], "new": wanted[field]},
            )
            for field in changed
        ],
    )
    return changed


@action(chain=organization_of("member"))
def change_member_status(
    *,
    actor: Actor,
    member: Member,
    status: MemberStatus,
    reason: str,
    effective_on: datetime.date | None = None,
    version: str | None = None,
) -> MemberStatusChange:
    """Suspend, reinstate or record that a member has left; the reason is required.

    `version` is the member's `status_version` when the caller's form was made: a form
    made before another change (one kept in the browser's history, say) is refused
    rather than applied to a record its author did not see."""
    require(actor, Permission.CHANGE_MEMBER_STATUS, Context(member.organization))
    if not reason.strip():
        raise RuleError(_("A change of status needs a reason."), rule="register.status-reason")
    check_lengths(MemberStatusChange, {"reason": reason.strip()})
    given, member = member, Member.objects.select_for_update().get(pk=member.pk)
    if version is not None and version != status_version(member):
        raise RuleError(
            _(
                "The status of %(name)s has changed since this form was opened; nothing was "
                "changed. Check the status now shown and submit again if still needed."
            )
            % {"name": member.name},
            rule="register.stale-form",
        )
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
    # Inside this transaction: what the features above do about it (seats vacated) is
    # journaled after this entry, and a refusal there undoes the change.
    member_status_changed.send(
        Organization,
        actor=actor,
        organization=member.organization,
        changes=[
            StatusChange(member.pk, MemberStatus(previous), MemberStatus(status), effective_on)
        ],
    )
    return change


@action(chain=organization_of("member"))
def link_login(*, actor: Actor, member: Member, username: str) -> Member:
    """Give a register entry its login, so the person acts as that member."""
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
        number: RegisteredMember(pk, name, email, unit, status, joined_on, key)
        for pk, number, name, email, unit, status, joined_on, key in Member.objects.filter(
            organization=organization
        ).values_list("pk", "number", "name", "email", "unit", "status", "joined_on", "number_key")
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
                        skeleton(row.number),
                        search_key(row.number, row.name, row.unit or ""),
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
    if plan.status_changes:
        member_status_changed.send(
            Organization,
            actor=actor,
            organization=organization,
            changes=[
                StatusChange(
                    pk_of[change.row.number],
                    MemberStatus(change.previous),
                    MemberStatus(change.status),
                    change.row.status_date or today,
                )
                for change in plan.status_changes
            ],
        )
    return summary


MEMBER_COLUMNS = (
    "organization",
    "number",
    "name",
    "email",
    "unit",
    "status",
    "joined_on",
    "number_key",
    "search_key",
)
MEMBER_UPDATE_COLUMNS = ("name", "email", "unit", "status", "joined_on", "search_key")
HISTORY_COLUMNS = ("member", "previous_status", "status", "reason", "effective_on", "recorded_at")


def _updated_values(current: RegisteredMember, row: RegisterRow) -> tuple[Any, ...]:
    """MEMBER_UPDATE_COLUMNS and the pk, as the row leaves the member; a column absent
    from the file keeps its value."""
    unit = current.unit if row.unit is None else row.unit
    return (
        row.name,
        current.email if row.email is None else row.email,
        unit,
        row.status or current.status,
        connection.ops.adapt_datefield_value(
            row.joined_on if row.has_joined_on else current.joined_on
        ),
        search_key(row.number, row.name, unit),
        current.pk,
    )


@action(chain=organization_of("organization"))
def set_register_open_to_members(
    *, actor: Actor, organization: Organization, open_to_members: bool
) -> Organization:
    """Let active members open every member's page, or only their own (the default)."""
    require(actor, Permission.MANAGE_BODIES, Context(organization))
    organization.register_open_to_members = open_to_members
    organization.save(update_fields=["register_open_to_members"])
    record(
        "organization.register_access.changed",
        actor=actor,
        organization=organization,
        obj=organization,
        payload={"open_to_members": open_to_members},
    )
    return organization
