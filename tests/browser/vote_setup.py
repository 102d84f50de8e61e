"""The committee the votes browser test votes in, made through the project's actions in
a subprocess with the servers' environment (bench/live_fanout.py's `prepare` made the
organization; its servers share the database).

Five full seats and one alternate under the "Lenin-era rules" (tallies published to the
members), and a Political Bureau (2 full seats, 1 alternate) the committee elects; three
full members and the alternate have logins; the secretary runs the sitting. All five full
members and the alternate are checked in and the sitting is open with its agenda adopted,
so the alternate does not step in: present, but no vote."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.live_fanout import Setup

ROOT = Path(__file__).resolve().parents[2]
BODY = "central-committee"
ELECTED = "political-bureau"
CHAIR = "secretary"
VOTERS = ("rosa", "karl", "clara")  # logins of full members 1–3
ALTERNATE = "leo"
FULL = ("Rosa Luxemburg", "Karl Liebknecht", "Clara Zetkin", "Franz Mehring", "Leo Jogiches")


def fill_votes(setup: Setup, password: str, timeout: float = 120.0) -> None:
    filled = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.browser.vote_setup",
            json.dumps({"slug": setup.slug, "password": password}),
        ],
        env=setup.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if filled.returncode != 0:
        raise RuntimeError(f"setting up the committee failed: {filled.stderr}")


def _fill(options: dict[str, Any]) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.utils import timezone

    from collegium.bodies.actions import (
        add_secretary,
        adopt_standing_orders,
        create_body,
        seat_member,
    )
    from collegium.bodies.models import BodyKind, SeatOrigin, SeatRole
    from collegium.journal.actors import SYSTEM
    from collegium.meetings import actions
    from collegium.registry.actions import link_login, register_member
    from collegium.registry.models import Organization
    from collegium.rules.standing_orders.presets import PRESETS

    password = str(options["password"])
    organization = Organization.objects.get(slug=str(options["slug"]))
    body = create_body(
        actor=SYSTEM,
        organization=organization,
        name="Central Committee",
        slug=BODY,
        kind=BodyKind.COMMITTEE,
        full_seats=len(FULL),
        alternate_seats=1,
    )
    adopt_standing_orders(
        actor=SYSTEM, body=body, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    User.objects.create_user(CHAIR, password=password)
    add_secretary(actor=SYSTEM, body=body, username=CHAIR)
    seats = []
    people = [
        (name, VOTERS[i] if i < len(VOTERS) else None, SeatRole.FULL) for i, name in enumerate(FULL)
    ]
    people.append(("Paul Levi", ALTERNATE, SeatRole.ALTERNATE))
    for index, (name, login, role) in enumerate(people, start=1):
        member = register_member(
            actor=SYSTEM, organization=organization, number=f"CC-{index}", name=name
        )
        if login is not None:
            User.objects.create_user(login, password=password)
            link_login(actor=SYSTEM, member=member, username=login)
        seat = seat_member(
            actor=SYSTEM,
            body=body,
            member=member,
            role=role,
            origin=SeatOrigin.ELECTED,
            rank=1 if role == SeatRole.ALTERNATE else None,
        )
        seats.append(seat.pk)
    sitting = actions.convene_sitting(
        actor=SYSTEM,
        body=body,
        title="Plenum",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        agenda=[("Greetings to the congress", "procedural")],
    )
    actions.check_in(actor=SYSTEM, sitting=sitting, seats=seats)
    actions.open_sitting(actor=SYSTEM, sitting=sitting)
    actions.adopt_agenda(actor=SYSTEM, sitting=sitting, yes=len(FULL), no=0)
    # The body the committee elects, for the election's browser test: empty until then.
    create_body(
        actor=SYSTEM,
        organization=organization,
        name="Political Bureau",
        slug=ELECTED,
        kind=BodyKind.EXECUTIVE,
        full_seats=2,
        alternate_seats=1,
        elected_by=body,
    )


if __name__ == "__main__":
    _fill(json.loads(sys.argv[1]))
