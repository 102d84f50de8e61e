"""The roll: seat holders checked in and out (themselves, or by the secretariat at the
door or in bulk), and alternates stepping in for absent full members as the orders say
(rules.procedure.attendance.seat_votes decides; this stores and journals)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.bodies.models import Seat
from collegium.journal.actions import action, record, record_many
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import (
    check_status,
    fresh,
    of_sitting,
    own_seat,
    require_chair,
)
from collegium.meetings.models import Presence, Sitting, SittingStatus, StandingIn
from collegium.meetings.queries import current_seats, present_seats, roll_of, rules_of, standing_in
from collegium.registry.numbers import normalize_number
from collegium.rules.errors import RuleError
from collegium.rules.procedure import attendance

# Check-in is possible at the door before the sitting opens, and while it runs.
CHECK_IN = (SittingStatus.CONVENED, SittingStatus.POSTPONED, SittingStatus.OPEN)


def seats_by_numbers(sitting: Sitting, numbers: Sequence[str]) -> list[Seat]:
    """The current seats of the holders of these member numbers (one per line of a
    pasted or scanned list); refused naming the first line whose number holds no seat in
    the body (`sitting.unknown-number`), so a bulk check-in is all or nothing."""
    wanted = [normalize_number(n) for n in numbers]
    seats = {
        seat.member.number: seat
        for seat in current_seats(sitting.body).filter(member__number__in=set(wanted))
        if seat.member is not None
    }
    found: list[Seat] = []
    for line, number in enumerate(wanted, start=1):
        if not number:
            continue
        if number not in seats:
            raise RuleError(
                _("Line %(line)d: %(number)s holds no seat in %(body)s.")
                % {"line": line, "number": number, "body": sitting.body.name},
                rule="sitting.unknown-number",
            )
        found.append(seats[number])
    return found


def _payload(sitting: Sitting, seats: list[Seat], by: str) -> dict[str, object]:
    return {
        "sitting": sitting.number,
        "seats": len(seats),
        "members": [s.member.number if s.member else s.guest_name for s in seats],
        "by": by,
    }


@action(chain=of_sitting("sitting"))
def check_in(
    *, actor: Actor, sitting: Sitting, seats: Iterable[int] = (), numbers: Sequence[str] = ()
) -> int:
    """The secretariat checks seat holders in, by seat (a name picked at the door) or by
    member number (one or many). Those present already are left as they are. Returns how
    many were checked in now."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *CHECK_IN)
    chosen = {seat.pk: seat for seat in seats_by_numbers(sitting, numbers)}
    wanted_ids = set(seats) - set(chosen)
    if wanted_ids:
        found = {s.pk: s for s in current_seats(sitting.body).filter(pk__in=wanted_ids)}
        missing = wanted_ids - set(found)
        if missing:
            raise RuleError(
                _("Seat %(seat)s is not a current seat of %(body)s.")
                % {"seat": min(missing), "body": sitting.body.name},
                rule="sitting.unknown-seat",
            )
        chosen.update(found)
    return _arrive(actor, sitting, list(chosen.values()), "secretariat")


@action(chain=of_sitting("sitting"))
def check_in_self(*, actor: Actor, sitting: Sitting) -> int:
    """A seat holder checks themselves in (from their own screen)."""
    sitting = fresh(sitting)
    check_status(sitting, *CHECK_IN)
    return _arrive(actor, sitting, [own_seat(actor, sitting)], "self")


def _arrive(actor: Actor, sitting: Sitting, seats: list[Seat], by: str) -> int:
    present = present_seats(sitting)
    new = [seat for seat in seats if seat.pk not in present]
    if not new:
        return 0
    now = timezone.now()
    Presence.objects.bulk_create(
        [Presence(sitting=sitting, seat=seat, arrived_at=now) for seat in new], batch_size=2000
    )
    record(
        "sitting.checked_in",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload=_payload(sitting, new, by),
    )
    refresh_stand_ins(actor, sitting, now)
    return len(new)


@action(chain=of_sitting("sitting"))
def check_out(
    *, actor: Actor, sitting: Sitting, seats: Iterable[int] = (), numbers: Sequence[str] = ()
) -> int:
    """The secretariat checks seat holders out (they left the hall)."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *CHECK_IN)
    ids = set(seats) | {seat.pk for seat in seats_by_numbers(sitting, numbers)}
    return _leave(actor, sitting, ids, "secretariat")


@action(chain=of_sitting("sitting"))
def check_out_self(*, actor: Actor, sitting: Sitting) -> int:
    sitting = fresh(sitting)
    check_status(sitting, *CHECK_IN)
    return _leave(actor, sitting, {own_seat(actor, sitting).pk}, "self")


def _leave(actor: Actor, sitting: Sitting, ids: set[int], by: str) -> int:
    now = timezone.now()
    leaving = list(
        Presence.objects.filter(sitting=sitting, left_at__isnull=True, seat_id__in=ids)
        .select_related("seat__member")
        .order_by("pk")
    )
    if not leaving:
        return 0
    Presence.objects.filter(pk__in=[p.pk for p in leaving]).update(left_at=now)
    record(
        "sitting.checked_out",
        actor=actor,
        organization=sitting.body.organization,
        obj=sitting,
        body_id=sitting.body_id,
        payload=_payload(sitting, [p.seat for p in leaving], by),
    )
    refresh_stand_ins(actor, sitting, now)
    return len(leaving)


def refresh_stand_ins(actor: Actor, sitting: Sitting, now: datetime.datetime) -> None:
    """Store who stands in for whom after a change of the roll, as
    attendance.seat_votes says, and journal each alternate stepping in or back."""
    rules = rules_of(sitting)
    roll = roll_of(sitting)
    votes = attendance.seat_votes(
        roll, standing_in(sitting), alternates_step_in=rules.sitting.alternates_step_in
    )
    for change, code in ((votes.stepped_back, "back"), (votes.stepped_in, "in")):
        if not change:
            continue
        if code == "back":
            for stand_in in change:
                StandingIn.objects.filter(
                    sitting=sitting,
                    full_seat_id=stand_in.full_seat,
                    alternate_seat_id=stand_in.alternate_seat,
                    until__isnull=True,
                ).update(until=now)
        else:
            StandingIn.objects.bulk_create(
                [
                    StandingIn(
                        sitting=sitting,
                        full_seat_id=s.full_seat,
                        alternate_seat_id=s.alternate_seat,
                        since=now,
                    )
                    for s in change
                ]
            )
        record_many(
            f"sitting.alternate.stepped_{code}",
            actor=actor,
            organization=sitting.body.organization,
            body_id=sitting.body_id,
            entries=[(sitting, _stand_in_payload(sitting, roll, s, code)) for s in change],
        )


def _stand_in_payload(
    sitting: Sitting, roll: attendance.Roll, stand_in: attendance.StandIn, code: str
) -> dict[str, object]:
    alternate = roll.seat(stand_in.alternate_seat)
    full = roll.seat(stand_in.full_seat)
    alternate_name = alternate.name if alternate else str(stand_in.alternate_seat)
    full_name = full.name if full else str(stand_in.full_seat)
    if code == "in":
        reason = _("%(alternate)s votes for %(member)s, who is absent.")
    else:
        reason = _("%(alternate)s no longer votes for %(member)s.")
    return {
        "sitting": sitting.number,
        "alternate": alternate_name,
        "for_member": full_name,
        "reason": reason % {"alternate": alternate_name, "member": full_name},
    }


def checked_in_sentence(count: int) -> str:
    return ngettext(
        "%(count)d seat holder checked in.", "%(count)d seat holders checked in.", count
    ) % {"count": count}
