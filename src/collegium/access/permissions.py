"""Who may do what: the role × action matrix (docs/permissions.md shows it as a table).

A user's roles are derived, never stored here:
- organization admin: in Organization.admins;
- secretary of a body: in Body.secretaries (for that body only);
- member: linked (Member.user) to an active member of the organization;
- public: everyone, signed in or not.
Actions check permission themselves (`require`), so the API, the pages and the CLI are
held to the same matrix; the system actor (`Actor.system()`: the demo loader, the
operator's command) may do anything. A permission is asked in a `Context`: the
organization, and the body when it is decided per body.

Roles and permissions have codes, which stay stable (the API, the journal and the tests use
them), and human names (`label`, translated) for refusals: "Not permitted: viewing the
membership register needs one of the roles admin, secretary."
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.journal.actors import Actor
from collegium.rules.errors import RuleError

if TYPE_CHECKING:
    from collegium.bodies.models import Body
    from collegium.registry.models import Member, Organization


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    MEMBER = "member"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        """The role's name for people (translated)."""
        return str(ROLE_NAMES[self])


class Permission(StrEnum):
    VIEW_ORGANIZATION = "organization.view"
    VIEW_BODY = "body.view"
    VIEW_REGISTER = "register.view"
    VIEW_MEMBER = "member.view"
    VIEW_JOURNAL = "journal.view"
    IMPORT_MEMBERS = "register.import"
    CHANGE_MEMBER_STATUS = "member.status.change"
    MANAGE_BODIES = "body.manage"
    MANAGE_SEATS = "seat.manage"
    MANAGE_OFFICES = "office.manage"
    CHANGE_STANDING_ORDERS = "orders.change"
    MANAGE_ACCOUNTS = "accounts.manage"
    CORRECT_MEMBER = "member.correct"
    EXPORT_REGISTER = "register.export"
    MANAGE_ADMINS = "organization.admins.manage"
    RUN_SITTINGS = "sitting.run"

    @property
    def label(self) -> str:
        """What the permission allows, as people say it (translated): it completes the
        sentence "Not permitted: … needs one of the roles …". Falls back to the code."""
        name = PERMISSION_NAMES.get(self)
        return self.value if name is None else str(name)


ROLE_NAMES: dict[Role, Promise] = {
    Role.ADMIN: gettext_lazy("admin"),
    Role.SECRETARY: gettext_lazy("secretary"),
    Role.MEMBER: gettext_lazy("member"),
    Role.PUBLIC: gettext_lazy("public"),
}

# docs/permissions.md lists these beside the codes.
PERMISSION_NAMES: dict[Permission, Promise] = {
    Permission.VIEW_ORGANIZATION: gettext_lazy("viewing the organization"),
    Permission.VIEW_BODY: gettext_lazy("viewing a body"),
    Permission.VIEW_REGISTER: gettext_lazy("viewing the membership register"),
    Permission.VIEW_MEMBER: gettext_lazy("viewing a member's entry"),
    Permission.VIEW_JOURNAL: gettext_lazy("reading the journal"),
    Permission.IMPORT_MEMBERS: gettext_lazy("adding members to the register"),
    Permission.CHANGE_MEMBER_STATUS: gettext_lazy("changing a member's status"),
    Permission.MANAGE_BODIES: gettext_lazy("setting up bodies"),
    Permission.MANAGE_SEATS: gettext_lazy("seating members and vacating seats"),
    Permission.MANAGE_OFFICES: gettext_lazy("filling and ending offices"),
    Permission.CHANGE_STANDING_ORDERS: gettext_lazy("adopting standing orders"),
    Permission.MANAGE_ACCOUNTS: gettext_lazy("inviting members to sign in"),
    Permission.CORRECT_MEMBER: gettext_lazy("correcting a member's name, email or unit"),
    Permission.EXPORT_REGISTER: gettext_lazy("exporting the membership register"),
    Permission.MANAGE_ADMINS: gettext_lazy("naming and removing administrators"),
    Permission.RUN_SITTINGS: gettext_lazy("convening and running sittings"),
}


_ALL = frozenset(Role)
_STAFF = frozenset({Role.ADMIN, Role.SECRETARY})

# For each permission, the roles that hold it. A secretary's body permissions apply to the
# bodies they are secretary of; for the register they apply to the whole organization,
# because a secretariat has to look up members to seat them.
MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_ORGANIZATION: _ALL,
    Permission.VIEW_BODY: _ALL,
    Permission.VIEW_REGISTER: _STAFF,
    # A member holds it only for their own entry, or for all when the organization opens
    # the register to its members (`_member_may_view`); the staff for every entry.
    Permission.VIEW_MEMBER: frozenset({Role.ADMIN, Role.SECRETARY, Role.MEMBER}),
    # Everyone reads the journal; each reader is shown only the entries of their
    # audiences (access/visibility.py), so register data stays with the staff.
    Permission.VIEW_JOURNAL: _ALL,
    Permission.IMPORT_MEMBERS: frozenset({Role.ADMIN}),
    Permission.CHANGE_MEMBER_STATUS: frozenset({Role.ADMIN}),
    Permission.MANAGE_BODIES: frozenset({Role.ADMIN}),
    Permission.MANAGE_SEATS: _STAFF,
    Permission.MANAGE_OFFICES: _STAFF,
    Permission.CHANGE_STANDING_ORDERS: _STAFF,
    Permission.MANAGE_ACCOUNTS: frozenset({Role.ADMIN}),
    Permission.CORRECT_MEMBER: frozenset({Role.ADMIN}),
    # The staff see every entry already; the export is the same data in one file.
    Permission.EXPORT_REGISTER: _STAFF,
    Permission.MANAGE_ADMINS: frozenset({Role.ADMIN}),
    # The secretariat convenes, keeps the roll and works the chair's screen.
    Permission.RUN_SITTINGS: _STAFF,
}

# Cells of the matrix a rule narrows: these roles hold the permission only where the rule
# allows it (docs/permissions.md marks them). A member sees their own entry, and all
# entries only where the organization opens the register to members.
LIMITED: dict[Permission, frozenset[Role]] = {Permission.VIEW_MEMBER: frozenset({Role.MEMBER})}

# Permissions whose secretary role is limited to the secretary's own bodies.
_BODY_SCOPED = frozenset(
    {
        Permission.MANAGE_SEATS,
        Permission.MANAGE_OFFICES,
        Permission.CHANGE_STANDING_ORDERS,
        Permission.RUN_SITTINGS,
    }
)


@dataclass(frozen=True)
class Context:
    """Where a permission is asked. Meetings will add the sitting, who chairs it, who
    holds the floor and who is present; a permission's rule reads what it needs."""

    organization: Organization
    body: Body | None = None
    member: Member | None = None  # the register entry asked about (member.view)

    @classmethod
    def of_body(cls, body: Body) -> Context:
        return cls(body.organization, body)

    @classmethod
    def of_member(cls, member: Member) -> Context:
        return cls(member.organization, member=member)


class NotPermitted(RuleError):
    """A refusal for want of a role: the API answers 403 and pages show the 403 page,
    never a rule's 400. `rule` is always "permissions"; `permission` is the one missing,
    and `organization` where it was asked, when the refusal is about one."""

    def __init__(
        self,
        message: str,
        *,
        permission: Permission | None = None,
        organization: Organization | None = None,
    ) -> None:
        super().__init__(message, rule="permissions")
        self.permission = permission
        self.organization = organization


def refusal(permission: Permission, context: Context | None = None) -> NotPermitted:
    """The refusal for one who lacks `permission`, naming it and the roles that hold it
    by their human names."""
    roles = ", ".join(role.label for role in Role if role in MATRIX[permission])
    return NotPermitted(
        _("Not permitted: %(permission)s needs one of the roles %(roles)s.")
        % {"permission": permission.label, "roles": roles},
        permission=permission,
        organization=context.organization if context is not None else None,
    )


# Who asks: an action's actor, or a page's or the API's user (anonymous included).
Who: TypeAlias = Actor | User | AnonymousUser


def roles_of(
    user: User | AnonymousUser | None, organization: Organization, body: Body | None = None
) -> frozenset[Role]:
    roles = {Role.PUBLIC}
    if user is None or not user.is_authenticated:
        return frozenset(roles)
    if organization.admins.filter(pk=user.pk).exists():
        roles.add(Role.ADMIN)
    secretary_of = user.bodies_as_secretary.filter(organization=organization)
    if body is not None:
        secretary_of = secretary_of.filter(pk=body.pk)
    if secretary_of.exists():
        roles.add(Role.SECRETARY)
    if organization.members.filter(user=user, status="active").exists():
        roles.add(Role.MEMBER)
    return frozenset(roles)


def has_permission(who: Who, permission: Permission, context: Context) -> bool:
    """The system actor may do anything; anyone else by their roles in the context."""
    if isinstance(who, Actor):
        if who.user is None:
            return True
        who = who.user
    if permission in _BODY_SCOPED and context.body is None:
        raise ValueError(f"{permission} is decided per body; give the body in the context")
    scope_body = context.body if permission in _BODY_SCOPED else None
    roles = roles_of(who, context.organization, scope_body) & MATRIX[permission]
    if permission is Permission.VIEW_MEMBER and roles and roles <= LIMITED[permission]:
        return _member_may_view(who, context)
    return bool(roles)


def _member_may_view(user: User | AnonymousUser, context: Context) -> bool:
    """A member (and no more) sees their own entry, and others' only when the register
    is open to members; asked without an entry, whether they may see every entry."""
    if context.organization.register_open_to_members:
        return True
    return context.member is not None and context.member.user_id == user.pk


def is_operator(actor: Actor) -> bool:
    """The system (the `collegium` command, the demo loader) or an operator's login
    (a Django superuser): only they create accounts and organizations, and manage anyone's
    API tokens."""
    return actor.is_system or (actor.user is not None and actor.user.is_superuser)


def require(who: Who, permission: Permission, context: Context) -> None:
    if not has_permission(who, permission, context):
        raise refusal(permission, context)
