"""Who may do what: the role × action matrix (docs/permissions.md shows it as a table).

A user's roles are derived, never stored here:
- organization admin: in Organization.admins;
- secretary of a body: in Body.secretaries (for that body only);
- member: linked (Member.user) to an active member of the organization;
- public: everyone, signed in or not.
Actions check permission themselves (`require`), so the API, the pages and the CLI are
held to the same matrix; the system actor (None) is the operator and may do anything.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from collegium.rules.errors import RuleError

if TYPE_CHECKING:
    from collegium.bodies.models import Body
    from collegium.registry.models import Organization


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    MEMBER = "member"
    PUBLIC = "public"


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


_ALL = frozenset(Role)
_STAFF = frozenset({Role.ADMIN, Role.SECRETARY})

# For each permission, the roles that hold it. A secretary's body permissions apply to the
# bodies they are secretary of; for the register they apply to the whole organization,
# because a secretariat has to look up members to seat them.
MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_ORGANIZATION: _ALL,
    Permission.VIEW_BODY: _ALL,
    Permission.VIEW_REGISTER: _STAFF,
    Permission.VIEW_MEMBER: frozenset({Role.ADMIN, Role.SECRETARY, Role.MEMBER}),
    Permission.VIEW_JOURNAL: frozenset({Role.ADMIN, Role.SECRETARY, Role.MEMBER}),
    Permission.IMPORT_MEMBERS: frozenset({Role.ADMIN}),
    Permission.CHANGE_MEMBER_STATUS: frozenset({Role.ADMIN}),
    Permission.MANAGE_BODIES: frozenset({Role.ADMIN}),
    Permission.MANAGE_SEATS: _STAFF,
    Permission.MANAGE_OFFICES: _STAFF,
    Permission.CHANGE_STANDING_ORDERS: _STAFF,
}

# Permissions whose secretary role is limited to the secretary's own bodies.
_BODY_SCOPED = frozenset(
    {Permission.MANAGE_SEATS, Permission.MANAGE_OFFICES, Permission.CHANGE_STANDING_ORDERS}
)


class NotPermitted(RuleError):
    def __init__(self, message: str) -> None:
        super().__init__(message, rule="permissions")


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


def has_permission(
    user: User | AnonymousUser | None,
    permission: Permission,
    organization: Organization,
    body: Body | None = None,
) -> bool:
    """`user=None` is the system actor (the operator), who may do anything."""
    if user is None:
        return True
    if permission in _BODY_SCOPED and body is None:
        raise ValueError(f"{permission} is decided per body; pass the body")
    scope_body = body if permission in _BODY_SCOPED else None
    return bool(roles_of(user, organization, scope_body) & MATRIX[permission])


def require(
    user: User | AnonymousUser | None,
    permission: Permission,
    organization: Organization,
    body: Body | None = None,
) -> None:
    if not has_permission(user, permission, organization, body):
        allowed = ", ".join(sorted(r.value for r in MATRIX[permission]))
        raise NotPermitted(
            _("Not permitted: %(permission)s needs one of the roles %(roles)s.")
            % {"permission": permission.value, "roles": allowed}
        )
