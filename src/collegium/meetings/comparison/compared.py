"""What the rules change: the two bundled presets side by side for one congress.

Everything here is computed from the presets by name and from the rules' own sentences,
so the page shows both columns even when an organization has adopted only one of them.
The case both columns decide is the demo's: a group around Mikoyan asks to give a
counter-report to the Central Committee's report, signed by COUNTER_REPORT_SIGNATURES
full delegates of the Congress."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.bodies.models import Body, BodyKind
from collegium.meetings.models import Sitting
from collegium.registry.models import Organization
from collegium.rules.standing_orders.diff import describe_changes
from collegium.rules.standing_orders.document import StandingOrders, preset
from collegium.rules.standing_orders.settings import CounterReportRight
from collegium.rules.text import figure

# The presets compared, in the order of the columns: what was, what the analysis asks for.
PRESETS = ("1956-practice", "lenin-era")
# Mikoyan and 69 delegates of the Congress: more than the 1/20 of its 1,349 full seats
# (68) the Lenin-era rules ask for, and still a small minority.
COUNTER_REPORT_SIGNATURES = 70


@dataclass(frozen=True)
class Outcome:
    """Whether a counter-report is admitted, the rule that decides, and its sentence."""

    admitted: bool
    rule: str
    sentence: str


@dataclass(frozen=True)
class Column:
    preset: str
    orders: StandingOrders
    counter_report: Outcome
    who_votes: str
    speakers: str
    members_see: str
    public_sees: str
    rules: list[str]


def counter_report_outcome(orders: StandingOrders, supporters: int, full_seats: int) -> Outcome:
    """What registering a counter-report signed by `supporters` full members would answer
    under `orders`: the rule and sentence meetings.actions.register_counter_report refuses
    with, or the sentence admitting it."""
    right = orders.counter_report
    if right.who is CounterReportRight.NOBODY:
        return Outcome(
            False,
            "counter-report.forbidden",
            _("The standing orders in force (%(title)s) allow no counter-report: %(rule)s")
            % {"title": orders.title or _("untitled"), "rule": right.describe()},
        )
    needed = 1 if right.minority is None else right.minority.needed(full_seats)
    words = {"rule": right.describe(), "count": figure(supporters), "needed": figure(needed)}
    if not right.allowed(supporters=supporters, full_seats=full_seats):
        return Outcome(
            False,
            "counter-report.signatures",
            ngettext(
                "%(rule)s This one has %(count)s signature; %(needed)s are needed.",
                "%(rule)s This one has %(count)s signatures; %(needed)s are needed.",
                supporters,
            )
            % words,
        )
    return Outcome(
        True,
        "counter-report.admitted",
        ngettext(
            "%(rule)s This one has %(count)s signature; %(needed)s are needed: it is heard.",
            "%(rule)s This one has %(count)s signatures; %(needed)s are needed: it is heard.",
            supporters,
        )
        % words,
    )


def columns(full_seats: int, supporters: int = COUNTER_REPORT_SIGNATURES) -> list[Column]:
    """One column per preset, for a congress of `full_seats` full seats."""
    found = []
    for name in PRESETS:
        orders = preset(name)
        found.append(
            Column(
                preset=name,
                orders=orders,
                counter_report=counter_report_outcome(orders, supporters, full_seats),
                who_votes=orders.sitting.describe(),
                speakers=orders.speakers.describe(),
                members_see=orders.transparency.members.describe(public=False),
                public_sees=orders.transparency.public.describe(public=True),
                rules=orders.describe(),
            )
        )
    return found


def changes() -> list[str]:
    """What the second preset changes against the first, one sentence per setting."""
    return describe_changes(preset(PRESETS[0]), preset(PRESETS[1]))


def congress_of(organization: Organization) -> Body | None:
    """The organization's congress (its first, if several), else its largest body: the
    body whose full seats the counter-report's signatures are counted against."""
    bodies = Body.objects.filter(organization=organization)
    congress = bodies.filter(kind=BodyKind.CONGRESS).order_by("term_start", "pk").first()
    return congress or bodies.order_by("-full_seats", "pk").first()


def sittings_held(body: Body) -> list[Sitting]:
    return list(Sitting.objects.filter(body=body).order_by("starts_at", "number"))
