"""Who reads a sitting's minutes. A draft is the secretariat's (it runs the sitting);
signed minutes are read by the audience their journal entry was given when they were
signed (the body's transparency settings): staff always, active members when the orders
open minutes to members or the public, everyone when to the public."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from collegium.access.permissions import Context, NotPermitted, Permission, has_permission
from collegium.access.visibility import reader_scope
from collegium.journal.codes import Audience
from collegium.journal.models import JournalEntry
from collegium.meetings.models import Minutes, Sitting

Reader = User | AnonymousUser


def runs_sittings(user: Reader, sitting: Sitting) -> bool:
    return has_permission(user, Permission.RUN_SITTINGS, Context.of_body(sitting.body))


def signed_minutes(sitting: Sitting) -> Minutes | None:
    return Minutes.objects.filter(sitting=sitting).first()


def signing_entry(minutes: Minutes) -> JournalEntry | None:
    """The journal entry that fixed the minutes' digests."""
    return (
        JournalEntry.objects.filter(
            chain__organization_id=minutes.sitting.body.organization_id,
            code="sitting.minutes.signed",
            object_type="meetings.minutes",
            object_id=str(minutes.pk),
        )
        .order_by("sequence")
        .first()
    )


def _audience(entry: JournalEntry | None) -> str:
    return entry.audience if entry is not None else Audience.BODY_STAFF.value


def require_draft_reader(user: Reader, sitting: Sitting) -> None:
    if not runs_sittings(user, sitting):
        raise NotPermitted(
            _("Not permitted: minutes not yet signed are a draft for the secretariat."),
            permission=Permission.RUN_SITTINGS,
            organization=sitting.body.organization,
        )


def require_reader(user: Reader, minutes: Minutes, entry: JournalEntry | None) -> None:
    """Refused (403) unless the reader may read the signing entry's audience."""
    sitting = minutes.sitting
    scope = reader_scope(user, sitting.body.organization)
    if scope.may_see(_audience(entry), sitting.body_id) or runs_sittings(user, sitting):
        return
    readers = {
        Audience.MEMBERS.value: _("the organization's members"),
        Audience.PUBLIC.value: _("everyone"),
    }.get(_audience(entry), _("the body's secretariat"))
    raise NotPermitted(
        _("Not permitted: the body's standing orders publish these minutes to %(readers)s.")
        % {"readers": readers},
        organization=sitting.body.organization,
    )


def may_read_minutes(user: Reader, sitting: Sitting) -> bool:
    """Whether a link to the sitting's minutes leads somewhere for this reader: the
    draft for the secretariat, the signed minutes for their audience."""
    if runs_sittings(user, sitting):
        return True
    stored = signed_minutes(sitting)
    if stored is None:
        return False
    scope = reader_scope(user, sitting.body.organization)
    return scope.may_see(_audience(signing_entry(stored)), sitting.body_id)


@dataclass(frozen=True)
class Seal:
    """The stored minutes against the journal: their digests now, and whether they are
    the ones journaled when they were signed."""

    html_sha256: str
    pdf_sha256: str
    entry: JournalEntry | None

    @property
    def matches(self) -> bool:
        if self.entry is None:
            return False
        payload = self.entry.payload
        return bool(
            payload.get("html_sha256") == self.html_sha256
            and payload.get("pdf_sha256") == self.pdf_sha256
        )


def seal_of(minutes: Minutes, entry: JournalEntry | None) -> Seal:
    return Seal(
        hashlib.sha256(minutes.html.encode("utf-8")).hexdigest(),
        hashlib.sha256(bytes(minutes.pdf)).hexdigest(),
        entry,
    )
