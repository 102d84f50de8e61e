"""Every cell of the role × action matrix, and that the actions enforce it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.access.permissions import (
    LIMITED,
    MATRIX,
    PERMISSION_NAMES,
    Context,
    NotPermitted,
    Permission,
    Role,
    has_permission,
    refusal,
    roles_of,
)
from collegium.bodies.actions import (
    add_secretary,
    adopt_standing_orders,
    create_body,
    create_office,
    remove_secretary,
    seat_member,
)
from collegium.bodies.models import BodyKind, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import (
    add_admin,
    change_member_status,
    correct_member,
    register_member,
    set_register_open_to_members,
)
from collegium.registry.models import MemberStatus
from collegium.rules.standing_orders.presets import PRESETS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _user(org, role: Role):
    return {
        Role.ADMIN: org.admin,
        Role.SECRETARY: org.secretary,
        Role.MEMBER: org.member_user,
        Role.PUBLIC: org.outsider,
    }[role]


def test_roles_are_derived_from_register_and_bodies(org):
    assert roles_of(org.admin, org.organization) == {Role.ADMIN, Role.PUBLIC}
    assert roles_of(org.secretary, org.organization, org.committee) == {
        Role.SECRETARY,
        Role.PUBLIC,
    }
    assert roles_of(org.member_user, org.organization) == {Role.MEMBER, Role.PUBLIC}
    assert roles_of(org.outsider, org.organization) == {Role.PUBLIC}
    assert roles_of(AnonymousUser(), org.organization) == {Role.PUBLIC}


def test_a_suspended_member_has_only_the_public_role(org):
    change_member_status(
        actor=SYSTEM, member=org.member, status=MemberStatus.SUSPENDED, reason="dues"
    )
    assert roles_of(org.member_user, org.organization) == {Role.PUBLIC}


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_matrix_cell(org, permission: Permission, role: Role):
    # A limited cell (member.view for a member) is not held without the rule's context: here
    # no entry is named and the register is closed (the default).
    allowed = role in MATRIX[permission] and role not in LIMITED.get(permission, frozenset())
    assert has_permission(_user(org, role), permission, Context.of_body(org.committee)) is allowed


@pytest.mark.parametrize(
    ("role", "own", "other", "open_own", "open_other"),
    [
        (Role.ADMIN, True, True, True, True),
        (Role.SECRETARY, True, True, True, True),
        # A member sees their own entry; others' only when the register is open to members.
        (Role.MEMBER, True, False, True, True),
        (Role.PUBLIC, False, False, False, False),
    ],
)
def test_member_view_cells_per_entry_and_setting(
    org, role: Role, own: bool, other: bool, open_own: bool, open_other: bool
):
    stranger = register_member(
        actor=SYSTEM, organization=org.organization, number="S-1", name="Stranger"
    )
    user = _user(org, role)

    def sees(member) -> bool:
        return has_permission(user, Permission.VIEW_MEMBER, Context.of_member(member))

    assert (sees(org.member), sees(stranger)) == (own, other)
    set_register_open_to_members(actor=SYSTEM, organization=org.organization, open_to_members=True)
    org.member.organization.refresh_from_db()
    stranger.organization.refresh_from_db()
    assert (sees(org.member), sees(stranger)) == (open_own, open_other)


def test_a_suspended_member_sees_not_even_their_own_entry(org):
    change_member_status(
        actor=SYSTEM, member=org.member, status=MemberStatus.SUSPENDED, reason="dues"
    )
    assert not has_permission(
        org.member_user, Permission.VIEW_MEMBER, Context.of_member(org.member)
    )


def test_opening_the_register_is_an_admins_journaled_change(org):
    with pytest.raises(NotPermitted):
        set_register_open_to_members(
            actor=Actor.page(org.member_user), organization=org.organization, open_to_members=True
        )
    set_register_open_to_members(
        actor=Actor.page(org.admin), organization=org.organization, open_to_members=True
    )
    org.organization.refresh_from_db()
    assert org.organization.register_open_to_members is True
    entry = JournalEntry.objects.order_by("-pk").first()
    assert entry is not None and entry.code == "organization.register_access.changed"


def test_secretary_rights_stop_at_their_own_body(org):
    other = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Commission",
        slug="commission",
        kind=BodyKind.COMMISSION,
        full_seats=3,
    )
    for permission in (Permission.MANAGE_SEATS, Permission.CHANGE_STANDING_ORDERS):
        assert has_permission(org.secretary, permission, Context.of_body(org.committee))
        assert not has_permission(org.secretary, permission, Context.of_body(other))


def _attempts(org):
    """One real write per permission that guards a write."""
    return {
        Permission.IMPORT_MEMBERS: lambda actor: register_member(
            actor=actor, organization=org.organization, number="N-9", name="New"
        ),
        Permission.CHANGE_MEMBER_STATUS: lambda actor: change_member_status(
            actor=actor, member=org.member, status=MemberStatus.LEFT, reason="moved"
        ),
        Permission.MANAGE_BODIES: lambda actor: create_body(
            actor=actor,
            organization=org.organization,
            name="New body",
            slug="new-body",
            kind=BodyKind.ASSEMBLY,
            full_seats=5,
        ),
        Permission.MANAGE_SEATS: lambda actor: seat_member(
            actor=actor,
            body=org.committee,
            member=org.member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        ),
        Permission.MANAGE_OFFICES: lambda actor: create_office(
            actor=actor, body=org.committee, title="Chair", slug="chair"
        ),
        Permission.CHANGE_STANDING_ORDERS: lambda actor: adopt_standing_orders(
            actor=actor, body=org.committee, title="1956", document=PRESETS["1956-practice"]
        ),
        Permission.CORRECT_MEMBER: lambda actor: correct_member(
            actor=actor, member=org.member, name="Mia M.", email="", unit="North"
        ),
        Permission.MANAGE_ADMINS: lambda actor: add_admin(
            actor=actor, organization=org.organization, username="otto"
        ),
    }


@pytest.mark.parametrize(
    "permission",
    [
        Permission.IMPORT_MEMBERS,
        Permission.CHANGE_MEMBER_STATUS,
        Permission.MANAGE_BODIES,
        Permission.MANAGE_SEATS,
        Permission.MANAGE_OFFICES,
        Permission.CHANGE_STANDING_ORDERS,
        Permission.CORRECT_MEMBER,
        Permission.MANAGE_ADMINS,
    ],
)
@pytest.mark.parametrize("role", list(Role))
def test_actions_enforce_the_matrix(org, permission: Permission, role: Role):
    attempt = _attempts(org)[permission]
    before = JournalEntry.objects.count()
    if role in MATRIX[permission]:
        attempt(Actor.page(_user(org, role)))
        assert JournalEntry.objects.count() > before
    else:
        with pytest.raises(NotPermitted, match=re.escape(permission.label)) as refused:
            attempt(Actor.page(_user(org, role)))
        assert (refused.value.rule, refused.value.permission) == ("permissions", permission)
        assert JournalEntry.objects.count() == before


@pytest.mark.parametrize("name", ["add", "remove"])
@pytest.mark.parametrize("role", list(Role))
def test_naming_and_removing_secretaries_is_body_manage(org, name: str, role: Role):
    """Secretaries are named (and removed) under body.manage: an admin's act, not one of
    the secretaries themselves, whose rights it would let them hand on."""
    if name == "add":

        def attempt(actor: Actor) -> object:
            return add_secretary(actor=actor, body=org.committee, username="otto")
    else:
        add_secretary(actor=SYSTEM, body=org.committee, username="otto")

        def attempt(actor: Actor) -> object:
            return remove_secretary(actor=actor, body=org.committee, username="otto")

    named_before = set(org.committee.secretaries.values_list("username", flat=True))
    before = JournalEntry.objects.count()
    if role in MATRIX[Permission.MANAGE_BODIES]:
        attempt(Actor.page(_user(org, role)))
        assert JournalEntry.objects.count() == before + 1
        assert ("otto" in org.committee.secretaries.values_list("username", flat=True)) == (
            name == "add"
        )
    else:
        with pytest.raises(NotPermitted) as refused:
            attempt(Actor.page(_user(org, role)))
        assert refused.value.permission == Permission.MANAGE_BODIES
        assert JournalEntry.objects.count() == before
        assert set(org.committee.secretaries.values_list("username", flat=True)) == named_before


def test_the_documented_matrix_is_the_enforced_one():
    """docs/permissions.md shows the matrix as a table; it must not drift from the code."""
    rows, limited = {}, {}
    for line in DOCS.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 1 + len(Role) and cells[0].startswith("`"):
            held = dict(zip(Role, cells[1:], strict=True))
            rows[cells[0].strip("`")] = {role for role, cell in held.items() if cell != "no"}
            limited[cells[0].strip("`")] = {
                role for role, cell in held.items() if cell not in ("yes", "no")
            }
    assert rows == {p.value: set(MATRIX[p]) for p in Permission}
    assert limited == {p.value: set(LIMITED.get(p, ())) for p in Permission}


def test_a_refusal_names_the_permission_and_the_roles_as_people_say_them():
    refused = refusal(Permission.VIEW_REGISTER)
    assert str(refused) == (
        "Not permitted: viewing the membership register needs one of the roles admin, secretary."
    )
    assert (refused.rule, refused.permission) == ("permissions", Permission.VIEW_REGISTER)


def test_every_permission_has_its_own_human_name_and_the_docs_show_it():
    names = {permission: permission.label for permission in Permission}
    assert set(PERMISSION_NAMES) == set(Permission)
    assert len(set(names.values())) == len(names)
    documented = {}
    for line in DOCS.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            documented[cells[0].strip("`")] = cells[1]
    assert documented == {permission.value: name for permission, name in names.items()}
