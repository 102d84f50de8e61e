"""Who may read which journal entries and live events. An entry's audience is fixed when
it is recorded (journal.codes); a reader's scope is what they hold in one organization.
The journal page, the journal API and the live stream all filter through here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from collegium.journal.codes import Audience

if TYPE_CHECKING:
    from collegium.registry.models import Organization


@dataclass(frozen=True)
class ReaderScope:
    """What one reader may see of one organization's chain (or of the installation's)."""

    audiences: frozenset[Audience]  # audiences they read in full
    staff_of_bodies: frozenset[int]  # bodies whose body-staff entries they read

    def may_see(self, audience: str, body_id: int | None) -> bool:
        if audience in self.audiences:
            return True
        return audience == Audience.BODY_STAFF and body_id in self.staff_of_bodies

    def entry_filter(self) -> Q:
        """The same test as `may_see`, as a filter on JournalEntry rows."""
        condition = Q(audience__in=[a.value for a in self.audiences])
        if self.staff_of_bodies and Audience.BODY_STAFF not in self.audiences:
            condition |= Q(audience=Audience.BODY_STAFF.value, body_id__in=self.staff_of_bodies)
        return condition

    @property
    def is_staff(self) -> bool:
        """Admins and secretaries: they may have the chain re-hashed at will."""
        return Audience.ORGANIZATION_STAFF in self.audiences or Audience.OPERATORS in self.audiences


PUBLIC_SCOPE = ReaderScope(frozenset({Audience.PUBLIC}), frozenset())
MEMBER_SCOPE = ReaderScope(frozenset({Audience.PUBLIC, Audience.MEMBERS}), frozenset())
ADMIN_SCOPE = ReaderScope(
    frozenset(
        {Audience.PUBLIC, Audience.MEMBERS, Audience.BODY_STAFF, Audience.ORGANIZATION_STAFF}
    ),
    frozenset(),
)
# A secretary reads the register's entries too, and the staff entries of their bodies.
_SECRETARY_AUDIENCES = frozenset({Audience.PUBLIC, Audience.MEMBERS, Audience.ORGANIZATION_STAFF})


def reader_scope(user: User | AnonymousUser | None, organization: Organization) -> ReaderScope:
    """The reader's scope in `organization`'s chain. Derived from the same roles as the
    permission matrix: admins read everything; a secretary reads register entries (a
    secretariat looks members up to seat them) and their own bodies' staff entries; an
    active member reads what members may; everyone reads public entries."""
    if user is None or not user.is_authenticated:
        return PUBLIC_SCOPE
    return reader_scopes([user.pk], organization)[user.pk]


def reader_scopes(user_ids: Collection[int], organization: Organization) -> dict[int, ReaderScope]:
    """`reader_scope` of many signed-in readers in three queries, whatever their number
    (the live streams of a congress check their readers' scopes together)."""
    admins = set(organization.admins.filter(pk__in=user_ids).values_list("pk", flat=True))
    bodies: dict[int, set[int]] = {}
    # The join the filter makes is the one the values read: this organization's bodies.
    for body_id, user_id in organization.bodies.filter(secretaries__in=user_ids).values_list(
        "pk", "secretaries"
    ):
        bodies.setdefault(user_id, set()).add(body_id)
    members = set(
        organization.members.filter(user_id__in=user_ids, status="active").values_list(
            "user_id", flat=True
        )
    )
    scopes: dict[int, ReaderScope] = {}
    for user_id in user_ids:
        if user_id in admins:
            scopes[user_id] = ADMIN_SCOPE
        elif user_id in bodies:
            scopes[user_id] = ReaderScope(_SECRETARY_AUDIENCES, frozenset(bodies[user_id]))
        elif user_id in members:
            scopes[user_id] = MEMBER_SCOPE
        else:
            scopes[user_id] = PUBLIC_SCOPE
    return scopes


OPERATOR_SCOPE = ReaderScope(frozenset({Audience.PUBLIC, Audience.OPERATORS}), frozenset())


def installation_scope(user: User | AnonymousUser | None) -> ReaderScope:
    """The installation chain (accounts, organizations created): operators read it all."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return OPERATOR_SCOPE
    return PUBLIC_SCOPE


def installation_scopes(user_ids: Collection[int]) -> dict[int, ReaderScope]:
    """`installation_scope` of many signed-in readers, in one query."""
    operators = set(
        User.objects.filter(pk__in=user_ids, is_superuser=True).values_list("pk", flat=True)
    )
    return {u: OPERATOR_SCOPE if u in operators else PUBLIC_SCOPE for u in user_ids}
