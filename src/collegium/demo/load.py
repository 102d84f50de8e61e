"""Load the Twentieth Congress twice: under the 1956 practice and under Lenin-era rules.

Sizes follow the brief: 1,349 delegates with a deciding vote and 81 with a consultative
vote, 55 guest delegations; a Central Committee of 133 full and 122 alternate members; a
Praesidium of 11 (and 6 alternates); a Central Auditing Commission of 63. Loading goes
through the actions, so the journal records it like any other work, and is idempotent:
an organization that exists already is left as it is. Once the bodies and their orders
are in place, the Congress holds its sittings (demo.sittings).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from collegium.access.actions import create_account
from collegium.bodies.actions import (
    add_secretary,
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    seat_member,
)
from collegium.bodies.models import Body, BodyKind, SeatOrigin, SeatRole
from collegium.demo.delegations import delegation_name
from collegium.demo.elections import elect, first_plenum
from collegium.demo.names import admission_date, generated_people
from collegium.demo.resolutions import COMMISSION_SEATS, Resolutions
from collegium.demo.sittings import CounterReportAttempt, hold_congress
from collegium.journal.actors import SYSTEM
from collegium.meetings.models import AgendaItem, Sitting
from collegium.registry.actions import add_admin, create_organization, link_login, register_member
from collegium.registry.models import Member, Organization
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting.actions.electing import ALTERNATES, FULL

DEMO_PASSWORD = "collegium-demo"
DEMO_USERS = {
    "secretariat": "administers both demo organizations and is secretary of every body",
    "khrushchev": "N. S. Khrushchev, First Secretary, a member",
}

CONGRESS_OPENS = datetime.date(1956, 2, 14)
CC_ELECTED = datetime.date(1956, 2, 25)
PRAESIDIUM_ELECTED = datetime.date(1956, 2, 27)

# The Praesidium elected on 27 February 1956: full members, then alternates (candidates).
PRAESIDIUM = [
    "Nikita Khrushchev",
    "Nikolai Bulganin",
    "Kliment Voroshilov",
    "Lazar Kaganovich",
    "Aleksei Kirichenko",
    "Georgy Malenkov",
    "Anastas Mikoyan",
    "Vyacheslav Molotov",
    "Mikhail Pervukhin",
    "Maksim Saburov",
    "Mikhail Suslov",
]
PRAESIDIUM_ALTERNATES = [
    "Georgy Zhukov",
    "Leonid Brezhnev",
    "Nuritdin Mukhitdinov",
    "Dmitri Shepilov",
    "Yekaterina Furtseva",
    "Nikolai Shvernik",
]
AUDIT_CHAIR = "Pyotr Moskatov"

FULL_DELEGATES, CONSULTATIVE_DELEGATES, GUEST_DELEGATIONS = 1349, 81, 55
CC_FULL, CC_ALTERNATES = 133, 122
AUDIT_MEMBERS = 63


@dataclass(frozen=True)
class Variant:
    slug: str
    name: str
    preset: str
    orders_title: str


VARIANTS = [
    Variant(
        "cpsu-1956",
        "CPSU — Twentieth Congress (1956 practice)",
        "1956-practice",
        "Standing orders: 1956 practice",
    ),
    Variant(
        "cpsu-lenin",
        "CPSU — Twentieth Congress under Lenin-era rules",
        "lenin-era",
        "Standing orders: Lenin-era rules",
    ),
]

Progress = Callable[[str], None]


def load_demo(progress: Progress = lambda _: None) -> list[Organization]:
    """Create the demo users and both organizations (those missing); return them all."""
    users = _demo_users()
    loaded = []
    for variant in VARIANTS:
        existing = Organization.objects.filter(slug=variant.slug).first()
        if existing is not None:
            progress(f"{variant.name}: already loaded")
            loaded.append(existing)
            continue
        progress(f"{variant.name}: loading")
        loaded.append(_load_variant(variant, users, progress))
    return loaded


def _demo_users() -> dict[str, User]:
    users = {}
    for username in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_account(actor=SYSTEM, username=username, password=DEMO_PASSWORD)
        users[username] = user
    return users


@transaction.atomic
def _load_variant(variant: Variant, users: dict[str, User], progress: Progress) -> Organization:
    organization = create_organization(
        actor=SYSTEM,
        name=variant.name,
        slug=variant.slug,
        description=(
            "The Twentieth Congress of the Communist Party of the Soviet Union, "
            "14–25 February 1956, rebuilt as an example."
        ),
        time_zone="Europe/Moscow",
    )
    add_admin(actor=SYSTEM, organization=organization, username="secretariat")
    members = _register_delegates(organization)
    link_login(actor=SYSTEM, member=members["Nikita Khrushchev"], username="khrushchev")
    delegates = list(members.values())
    leaders = PRAESIDIUM + PRAESIDIUM_ALTERNATES
    # Delegates not named in the brief, from whom the other seats are filled.
    generated = delegates[len(leaders) + 1 :]

    congress = create_body(
        actor=SYSTEM,
        organization=organization,
        name="Twentieth Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=FULL_DELEGATES,
        term_start=CONGRESS_OPENS,
        term_end=datetime.date(1956, 2, 25),
        description="1,349 delegates with a deciding vote and 81 with a consultative vote.",
    )
    for member in delegates[:FULL_DELEGATES]:
        seat_member(
            actor=SYSTEM,
            body=congress,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.DELEGATED,
            origin_detail=member.unit,
        )
    for member in delegates[FULL_DELEGATES:]:
        seat_member(
            actor=SYSTEM,
            body=congress,
            member=member,
            role=SeatRole.CONSULTATIVE,
            origin=SeatOrigin.DELEGATED,
            origin_detail=member.unit,
        )
    for number in range(1, GUEST_DELEGATIONS + 1):
        seat_member(
            actor=SYSTEM,
            body=congress,
            guest_name=delegation_name(number),
            role=SeatRole.GUEST,
            origin=SeatOrigin.APPOINTED,
            origin_detail="invited by the Central Committee",
        )

    committee = _elected_body(
        organization,
        congress,
        name="Central Committee",
        slug="central-committee",
        kind=BodyKind.COMMITTEE,
        full=CC_FULL,
        alternates=CC_ALTERNATES,
        on=CC_ELECTED,
    )
    praesidium = _elected_body(
        organization,
        committee,
        name="Praesidium of the Central Committee",
        slug="praesidium",
        kind=BodyKind.EXECUTIVE,
        full=len(PRAESIDIUM),
        alternates=len(PRAESIDIUM_ALTERNATES),
        on=PRAESIDIUM_ELECTED,
    )
    audit = _elected_body(
        organization,
        congress,
        name="Central Auditing Commission",
        slug="auditing-commission",
        kind=BodyKind.COMMISSION,
        full=AUDIT_MEMBERS,
        alternates=0,
        on=CC_ELECTED,
    )
    # The commission the Congress elects to frame its resolution on the report.
    commission = create_body(
        actor=SYSTEM,
        organization=organization,
        name="Commission on the resolution on the Central Committee's report",
        slug="resolution-commission",
        kind=BodyKind.COMMISSION,
        full_seats=COMMISSION_SEATS,
        elected_by=congress,
        term_start=CONGRESS_OPENS,
        term_end=datetime.date(1956, 2, 25),
    )
    first_secretary = create_office(
        actor=SYSTEM, body=committee, title="First Secretary", slug="first-secretary"
    )
    audit_chair = create_office(actor=SYSTEM, body=audit, title="Chair", slug="chair")
    for body in (congress, committee, praesidium, audit, commission):
        add_secretary(actor=SYSTEM, body=body, username="secretariat")
        adopt_standing_orders(
            actor=SYSTEM,
            body=body,
            title=variant.orders_title,
            document=PRESETS[variant.preset],
            note="loaded with the demo",
        )

    # The official lists the Congress votes on, as in 1956: the leaders first.
    cc_full = [members[n] for n in leaders] + generated[: CC_FULL - len(leaders)]
    cc_alternates = generated[CC_FULL - len(leaders) : CC_FULL - len(leaders) + CC_ALTERNATES]
    audit_start = CC_FULL - len(leaders) + CC_ALTERNATES
    auditors = [members[AUDIT_CHAIR], *generated[audit_start : audit_start + AUDIT_MEMBERS - 1]]

    def congress_elections(sitting: Sitting, attempt: CounterReportAttempt) -> None:
        progress(f"{variant.name}: the Congress elects the Central Committee")
        elect(
            sitting,
            cc_full,
            body=committee,
            places=FULL,
            favoured_by=attempt.signers if attempt.registered else frozenset(),
            favourite=members["Anastas Mikoyan"],
        )
        elect(sitting, cc_alternates, body=committee, places=ALTERNATES)
        elect(sitting, auditors, body=audit, places=FULL)

    # The sittings need the orders in force: they decide quorum, speakers, the
    # counter-report and the elections.
    resolutions = Resolutions(members, commission, generated[-COMMISSION_SEATS:])

    def on_report(sitting: Sitting, item: AgendaItem, attempt: CounterReportAttempt) -> None:
        progress(f"{variant.name}: a commission frames the resolution on the report")
        resolutions.on_the_report(
            sitting, item, attempt.signers if attempt.registered else frozenset()
        )

    attempt = hold_congress(congress, congress_elections, on_report, resolutions.in_closed_session)
    framed = resolutions.framed
    if framed is not None:
        decision = framed.decision
        progress(
            f"{variant.name}: the resolution is {framed.motion.state}"
            + (f" as decision {decision.reference}" if decision is not None else "")
            + (
                f"; a motion of three is refused ({framed.refused_motion})"
                if framed.refused_motion
                else ""
            )
        )
    progress(f"{variant.name}: the Central Committee elects the Praesidium")
    first_plenum(
        committee,
        praesidium,
        first_secretary,
        [members[n] for n in PRAESIDIUM],
        [members[n] for n in PRAESIDIUM_ALTERNATES],
        members["Nikita Khrushchev"],
    )
    # The Commission chose its chair at its own first sitting; the demo appoints him.
    appoint_to_office(actor=SYSTEM, office=audit_chair, member=members[AUDIT_CHAIR])
    if attempt.registered:
        progress(
            f"{variant.name}: the counter-report of the group around Mikoyan is registered "
            f"({attempt.signatures} signatures) and heard"
        )
    else:
        progress(
            f"{variant.name}: the counter-report is refused ({attempt.rule}): {attempt.sentence}"
        )
    return organization


def _register_delegates(organization: Organization) -> dict[str, Member]:
    """All 1,430 delegates, the named leaders among the first; keyed by name."""
    named = [*PRAESIDIUM, *PRAESIDIUM_ALTERNATES, AUDIT_CHAIR]
    total = FULL_DELEGATES + CONSULTATIVE_DELEGATES
    people = [(name, "Moscow city organization") for name in named]
    people += generated_people(total - len(people), seed=20, taken=set(named))
    # Admission dates spread over the decades, the same on every load.
    joined = random.Random(1956)
    members: dict[str, Member] = {}
    for index, (name, unit) in enumerate(people, start=1):
        members[name] = register_member(
            actor=SYSTEM,
            organization=organization,
            number=f"D-{index:04d}",
            name=name,
            unit=unit,
            joined_on=admission_date(joined),
        )
    return members


def _elected_body(
    organization: Organization,
    parent: Body,
    *,
    name: str,
    slug: str,
    kind: BodyKind,
    full: int,
    alternates: int,
    on: datetime.date,
) -> Body:
    """A body the `parent` elects, its seats empty until the election is declared."""
    return create_body(
        actor=SYSTEM,
        organization=organization,
        name=name,
        slug=slug,
        kind=kind,
        full_seats=full,
        alternate_seats=alternates,
        elected_by=parent,
        term_start=on,
    )
