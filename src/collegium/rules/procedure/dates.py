"""Which dates a record may be given: the rules the actions check a date against the record
it changes with (registry.actions.change_member_status, bodies.actions.seat_member,
vacate_seat, appoint_to_office, end_office_term, create_body) and the register import.

Every date must lie in the sane window: from EARLIEST (1 January 1900) to YEARS_AHEAD
(10) years after today. Beyond that, each check is given its own rule id by the caller:

    check_window(day, today, rule)            the sane window
    check_not_future(day, today, rule)        an event that has happened: no later than today
    check_not_before(day, earliest, rule)     no earlier than the record's own start
    check_period(start, end, today, rule)     both in the window, and start <= end

A refusal is a RuleError carrying the rule id it was given.
"""

from __future__ import annotations

import datetime

from collegium.rules import text
from collegium.rules.errors import RuleError
from collegium.rules.text import _

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest(today: datetime.date) -> datetime.date:
    """The last day of the sane window: YEARS_AHEAD years after today."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_window(day: datetime.date, today: datetime.date, rule: str) -> None:
    if not EARLIEST <= day <= latest(today):
        raise RuleError(
            _(
                "The date %(date)s is out of range: dates from %(earliest)s to %(latest)s "
                "are accepted."
            )
            % {
                "date": text.day(day),
                "earliest": text.day(EARLIEST),
                "latest": text.day(latest(today)),
            },
            rule=rule,
        )


def check_not_future(day: datetime.date, today: datetime.date, rule: str) -> None:
    check_window(day, today, rule)
    if day > today:
        raise RuleError(
            _("The date %(date)s is in the future; it can be recorded on the day, not before.")
            % {"date": text.day(day)},
            rule=rule,
        )


def check_not_before(
    day: datetime.date, earliest: datetime.date | None, what: str, rule: str
) -> None:
    """`what` names the earlier date in the refusal (e.g. "the member's admission")."""
    if earliest is not None and day < earliest:
        raise RuleError(
            _("The date %(date)s is before %(what)s (%(earliest)s).")
            % {"date": text.day(day), "what": what, "earliest": text.day(earliest)},
            rule=rule,
        )


def check_period(
    start: datetime.date | None, end: datetime.date | None, today: datetime.date, rule: str
) -> None:
    for day in (start, end):
        if day is not None:
            check_window(day, today, rule)
    if start is not None and end is not None and end < start:
        raise RuleError(
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"start": text.day(start), "end": text.day(end)},
            rule=rule,
        )
