"""What the register tells the features above it. The register sits below bodies and must
never import them, yet a member who is suspended or leaves may have to lose their seats:
the register announces its status changes here, inside the action's transaction, and
bodies listens (bodies/apps.py). A receiver that refuses rolls the status change back."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.dispatch import Signal

from collegium.registry.models import MemberStatus


@dataclass(frozen=True)
class StatusChange:
    """One member's change of status, as the register recorded it."""

    member_id: int
    previous: MemberStatus
    status: MemberStatus
    effective_on: datetime.date


# Sent by registry.actions.change_member_status (one change) and import_members (every
# change of the file at once, so that a receiver reads what it needs in a few queries),
# with `actor` (journal.actors.Actor), `organization` and `changes` (list[StatusChange]);
# the sender is the Organization class.
member_status_changed = Signal()
