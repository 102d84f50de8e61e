"""A congress of `size` delegates for tests at scale: every delegate a full seat with a
login ("d1", "d2", …), all checked in, the sitting open with its agenda adopted. Members
come through the register import; logins and seats are set up in bulk (setup only: what
the tests exercise goes through the actions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders, create_body
from collegium.bodies.models import BodyKind, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.meetings import actions as meeting
from collegium.meetings.models import Sitting
from collegium.registry.actions import import_members
from collegium.registry.importing import parse_register
from collegium.registry.models import Member
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD, Org


@dataclass
class Congress:
    sitting: Sitting
    users: list[User]  # in seat order
    chair: Actor


def congress(org: Org, size: int, preset: str = "lenin-era") -> Congress:
    body = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=size,
        alternate_seats=0,
    )
    adopt_standing_orders(actor=SYSTEM, body=body, title=preset, document=PRESETS[preset])
    lines = "\n".join(f"D-{n},Delegate {n}" for n in range(1, size + 1))
    import_members(
        actor=SYSTEM,
        organization=org.organization,
        rows=parse_register(f"number,name\n{lines}\n".encode()),
    )
    password = make_password(PASSWORD)
    User.objects.bulk_create(User(username=f"d{n}", password=password) for n in range(1, size + 1))
    users = {u.username: u for u in User.objects.filter(username__startswith="d")}
    delegates = list(Member.objects.filter(number__startswith="D-"))
    for delegate in delegates:
        delegate.user = users[f"d{delegate.number[2:]}"]
    Member.objects.bulk_update(delegates, ["user"])
    Seat.objects.bulk_create(
        Seat(body=body, member=d, role=SeatRole.FULL, origin=SeatOrigin.DELEGATED)
        for d in delegates
    )
    sitting = meeting.convene_sitting(
        actor=SYSTEM,
        body=body,
        title="Opening",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        agenda=[("Agenda", "procedural")],
    )
    chair = Actor.page(org.admin)
    meeting.check_in(
        actor=chair,
        sitting=sitting,
        seats=list(Seat.objects.filter(body=body).values_list("pk", flat=True)),
    )
    meeting.open_sitting(actor=chair, sitting=sitting)
    ordered = [users[f"d{n}"] for n in range(1, size + 1)]
    return Congress(sitting, ordered, chair)
