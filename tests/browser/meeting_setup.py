"""The congress the whole-sitting browser test holds its sitting in, made through the
project's actions in a subprocess with the servers' environment (bench/live_fanout.py's
`prepare` made the organization; its servers share the database).

Nine full seats under the "Lenin-era rules", changed so that a counter-report needs the
signatures of three full members; a secretary who runs the sitting, one seat holder
with a login (the delegate's phone) and a member without a seat (the projector), each
with a password, so that the test signs in through the login page."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.live_fanout import Setup

ROOT = Path(__file__).resolve().parents[2]

BODY = "party-congress"
BODY_NAME = "Party Congress"
ORDERS_TITLE = "Rules of the Party Congress"
# A counter-report needs this many full members' signatures (the preset says 1/20).
SIGNATURES = 3


@dataclass(frozen=True)
class Delegate:
    number: str
    name: str
    delegation: str


# The full seats, in the order of the register; the first holds the delegate's login.
DELEGATES = (
    Delegate("PC-01", "Vera Figner", "Moscow"),
    Delegate("PC-02", "Nikita Khrushchev", "Moscow"),
    Delegate("PC-03", "Anastas Mikoyan", "Transcaucasia"),
    Delegate("PC-04", "Grigory Petrovsky", "Ukraine"),
    Delegate("PC-05", "Alexandra Kollontai", "Leningrad"),
    Delegate("PC-06", "Ivan Konev", "Leningrad"),
    Delegate("PC-07", "Nina Popova", "Ukraine"),
    Delegate("PC-08", "Pavel Yudin", "Transcaucasia"),
    Delegate("PC-09", "Yekaterina Furtseva", "Moscow"),
)
CHAIR = ("chair", "Nadezhda", "Krupskaya")  # login, first and last name: the secretary
DELEGATE_LOGIN = "vera"  # DELEGATES[0]
WATCHER = ("hall", "HALL-1", "Hall Steward")  # login, number, name: a member, no seat


def fill_meeting(setup: Setup, password: str, timeout: float = 120.0) -> None:
    """Make the congress in the prepared database (see the module's docstring)."""
    filled = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.browser.meeting_setup",
            json.dumps({"slug": setup.slug, "password": password}),
        ],
        env=setup.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if filled.returncode != 0:
        raise RuntimeError(f"setting up the congress failed: {filled.stderr}")


def _fill(options: dict[str, Any]) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User

    from collegium.bodies.actions import (
        add_secretary,
        adopt_standing_orders,
        create_body,
        seat_member,
    )
    from collegium.bodies.models import BodyKind, SeatOrigin, SeatRole
    from collegium.journal.actors import SYSTEM
    from collegium.registry.actions import link_login, register_member
    from collegium.registry.models import Organization
    from collegium.rules.standing_orders.presets import PRESETS

    password = str(options["password"])
    organization = Organization.objects.get(slug=str(options["slug"]))
    body = create_body(
        actor=SYSTEM,
        organization=organization,
        name=BODY_NAME,
        slug=BODY,
        kind=BodyKind.CONGRESS,
        full_seats=len(DELEGATES),
    )
    document = dict(PRESETS["lenin-era"])
    document["title"] = ORDERS_TITLE
    document["counter_report"] = {"who": "minority", "members": SIGNATURES}
    adopt_standing_orders(actor=SYSTEM, body=body, title=ORDERS_TITLE, document=document)

    login, first, last = CHAIR
    User.objects.create_user(login, password=password, first_name=first, last_name=last)
    add_secretary(actor=SYSTEM, body=body, username=login)

    for index, delegate in enumerate(DELEGATES):
        member = register_member(
            actor=SYSTEM,
            organization=organization,
            number=delegate.number,
            name=delegate.name,
            unit=delegate.delegation,
        )
        if index == 0:
            User.objects.create_user(DELEGATE_LOGIN, password=password)
            link_login(actor=SYSTEM, member=member, username=DELEGATE_LOGIN)
        seat_member(
            actor=SYSTEM,
            body=body,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.DELEGATED,
            origin_detail=delegate.delegation,
        )

    login, number, name = WATCHER
    watcher = register_member(actor=SYSTEM, organization=organization, number=number, name=name)
    User.objects.create_user(login, password=password)
    link_login(actor=SYSTEM, member=watcher, username=login)


if __name__ == "__main__":
    _fill(json.loads(sys.argv[1]))
