"""Who may read which journal entries and live events. An entry's audience is fixed when
it is recorded (journal.codes); a reader's scope is what they hold in one organization.
The journal page, the journal API and the live stream all filter through here."""

from __future__ import annotations

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


def reader_scope(user: User | AnonymousUser | None, organization: Organization) -> ReaderScope:
    """The reader's scope in `organization`'s chain. Derived from the same roles as the
    permission matrix: admins read everything; a secretary reads register entries (a
    secretariat looks members up to seat them) and their own bodies' staff entries; an
    active member reads what members may; everyone reads public entries."""
    if user is None or not user.is_authenticated:
        return PUBLIC_SCOPE
    audiences = {Audience.PUBLIC}
    if organization.admins.filter(pk=user.pk).exists():
        every = {Audience.MEMBERS, Audience.BODY_STAFF, Audience.ORGANIZATION_STAFF}
        return ReaderScope(frozenset(audiences | every), frozenset())
    bodies = frozenset(
        user.bodies_as_secretary.filter(organization=organization).values_list("pk", flat=True)
    )
    if bodies:
        audiences |= {Audience.MEMBERS, Audience.ORGANIZATION_STAFF}
    elif organization.members.filter(user=user, status="active").exists():
        audiences.add(Audience.MEMBERS)
    return ReaderScope(frozenset(audiences), bodies)


def installation_scope(user: User | AnonymousUser | None) -> ReaderScope:
    """The installation chain (accounts, organizations created): operators read it all."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return ReaderScope(frozenset({Audience.PUBLIC, Audience.OPERATORS}), frozenset())
    return PUBLIC_SCOPE
