"""What the tests of sittings share: a committee of 7 full members and 2 alternates under
orders from a preset, with a login for every seat holder, and a sitting convened."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders, seat_member
from collegium.bodies.models import Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.meetings import actions
from collegium.meetings.models import AgendaItem, Sitting
from collegium.registry.actions import link_login, register_member
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD, Org


@dataclass
class Meeting:
    org: Org
    sitting: Sitting
    full: list[Seat]  # seat holders 1..7, each with a login "full1".. "full7"
    alternates: list[Seat]  # ranks 1, 2, logins "alt1", "alt2"
    guest: Seat
    chair: Actor  # the body's secretary

    def actor(self, seat: Seat) -> Actor:
        assert seat.member is not None and seat.member.user is not None
        return Actor.page(seat.member.user)

    def item(self, number: str) -> AgendaItem:
        return AgendaItem.objects.get(sitting=self.sitting, number=number)


def meeting(org: Org, preset: str = "lenin-era", full_seats: int = 7) -> Meeting:
    """The committee (grown to `full_seats` full seats) under `preset`, a sitting convened
    with three items: a report, a procedural item and an election."""
    body = org.committee
    body.full_seats = full_seats
    body.save(update_fields=["full_seats"])
    document = dict(PRESETS[preset])
    # The committee takes a guest here, so the tests can give a guest the floor.
    document["guest_seats"] = ["congress", "committee"]
    adopt_standing_orders(
        actor=SYSTEM,
        body=body,
        title=str(document["title"]),
        document=document,
    )
    full, alternates = [], []
    for index in range(1, full_seats + 1):
        full.append(_seat(org, f"full{index}", f"Full Member {index}", SeatRole.FULL, None, index))
    for rank in (1, 2):
        alternates.append(
            _seat(org, f"alt{rank}", f"Alternate {rank}", SeatRole.ALTERNATE, rank, 0)
        )
    guest = seat_member(
        actor=SYSTEM,
        body=body,
        role=SeatRole.GUEST,
        origin=SeatOrigin.INVITED,
        guest_name="Visiting Delegate",
        origin_detail="Fraternal delegation",
    )
    sitting = actions.convene_sitting(
        actor=SYSTEM,
        body=body,
        title="First sitting",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        place="Great Kremlin Palace",
        agenda=[
            ("Report of the Central Committee", "report"),
            ("Rules of procedure", "procedural"),
            ("Elections", "election"),
        ],
    )
    return Meeting(org, sitting, full, alternates, guest, Actor.page(org.secretary))


def _seat(org: Org, login: str, name: str, role: SeatRole, rank: int | None, n: int) -> Seat:
    member = register_member(
        actor=SYSTEM,
        organization=org.organization,
        number=f"S-{login}",
        name=name,
        unit="North" if n % 2 else "South",
    )
    User.objects.create_user(login, password=PASSWORD)
    link_login(actor=SYSTEM, member=member, username=login)
    seat = seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=role,
        origin=SeatOrigin.ELECTED,
        member=member,
        rank=rank,
        origin_detail=member.unit,
    )
    return Seat.objects.select_related("member__user").get(pk=seat.pk)
