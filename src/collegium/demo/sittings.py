"""The Congress's sittings of 14–25 February 1956, held through meetings.actions by the
secretariat (the SYSTEM actor), the same way under both variants; only the standing
orders differ, and with them the fate of the counter-report a group around Mikoyan asks
to give on the Central Committee's report.

An agenda item belongs to one sitting, so the open sittings of 14–24 February, which
heard and debated the three reports, are recorded as one sitting; the closed session of
the night of 24/25 February (the "secret speech", without the foreign delegations) and
the closing sitting of 25 February (the elections, demo.elections) are sittings of their
own. Every
sitting is left closed, so its minutes can be signed. The actions stamp check-in, speech
and registration times with the moment the demo is loaded, not with 1956."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from collegium.bodies.models import Body, Seat, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.meetings import actions
from collegium.meetings.comparison.compared import COUNTER_REPORT_SIGNATURES
from collegium.meetings.models import AgendaItem, RequestState, Sitting
from collegium.meetings.queries import agenda_of, current_seats
from collegium.rules.errors import RuleError
from collegium.voting.actions import close_vote, open_vote

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
PLACE = "Great Kremlin Palace, Moscow"

CC_REPORT = "Report of the Central Committee of the CPSU"
AUDIT_REPORT = "Report of the Central Auditing Commission of the CPSU"
DIRECTIVES = "Directives of the Twentieth Congress for the sixth Five-Year Plan, 1956–1960"
ELECTIONS = "Elections of the central bodies of the Party"
CULT = "On the cult of personality and its consequences"
CLOSED_SESSION_VOTE = (
    "To hear the report on the cult of personality in closed session, without the foreign "
    "delegations"
)

# Summaries written for the demo: what each report argued, in a few sentences.
REPORTS = {
    CC_REPORT: (
        "Nikita Khrushchev",
        "Report of the Central Committee",
        "The international situation: peaceful coexistence of states with different social "
        "systems, and different roads to socialism. The economy since the Nineteenth "
        "Congress: industry, the virgin lands, housing. The Party: collective leadership "
        "restored, the Leninist norms of Party life to be observed.",
    ),
    AUDIT_REPORT: (
        "Pyotr Moskatov",
        "Report of the Central Auditing Commission",
        "The Party's finances and the handling of its affairs since the Nineteenth "
        "Congress: membership dues, the Party press and publishing houses, letters and "
        "complaints from members.",
    ),
    DIRECTIVES: (
        "Nikolai Bulganin",
        "Directives for the sixth Five-Year Plan",
        "Industrial output to grow by about two thirds in five years; heavy industry, "
        "power stations and the eastern regions first; more grain and livestock; a "
        "shorter working day and more housing.",
    ),
    CULT: (
        "Nikita Khrushchev",
        "On the cult of personality and its consequences",
        "Read to the delegates in closed session: the cult of Stalin's person and the "
        "violations of legality it led to; Lenin's testament; a return to collective "
        "leadership.",
    ),
}

COUNTER_REPORT = (
    "Counter-report of a group of delegates on the report of the Central Committee",
    "A group around Anastas Mikoyan answers the report: the Congress should examine "
    "openly, and not in a closed session afterwards, how the Leninist norms of Party "
    "life came to be broken, and name the practices to end.",
)

# Who spoke in the debate on the Central Committee's report, and for or against it.
DEBATE = [
    ("Mikhail Suslov", "for"),
    ("Anastas Mikoyan", "for"),
    ("Vyacheslav Molotov", "for"),
    ("Georgy Malenkov", "for"),
    ("Lazar Kaganovich", "for"),
]


@dataclass(frozen=True)
class CounterReportAttempt:
    """What the secretariat's attempt to register the counter-report answered."""

    registered: bool
    signatures: int
    rule: str
    sentence: str
    signers: frozenset[int] = frozenset()  # the signers' member ids


# The elections of the closing sitting (demo.elections), held while its item is open.
Elections = Callable[[Sitting, CounterReportAttempt], None]
# The resolutions (demo.resolutions): on the report after its debate, and the revision
# of the record in the closed session, each held while its item is open.
OnReport = Callable[[Sitting, AgendaItem, CounterReportAttempt], None]
InClosedSession = Callable[[Sitting, AgendaItem], None]


def hold_congress(
    congress: Body,
    elections: Elections,
    on_report: OnReport | None = None,
    in_closed_session: InClosedSession | None = None,
) -> CounterReportAttempt:
    """Hold the Congress's three sittings, the last with its `elections`, the resolution
    on the report after its debate (`on_report`) and its revision in the closed session
    (`in_closed_session`); return what became of the counter-report."""
    seats = list(current_seats(congress))
    named = {seat.member.name: seat for seat in seats if seat.member is not None}
    everyone = [seat.pk for seat in seats]
    delegates = [seat.pk for seat in seats if seat.role != SeatRole.GUEST]

    first = _convene(
        congress,
        "Open sittings of 14–24 February 1956",
        datetime.datetime(1956, 2, 14, 10, 0, tzinfo=MOSCOW),
        [(CC_REPORT, "report"), (AUDIT_REPORT, "report"), (DIRECTIVES, "report")],
        everyone,
    )
    report, audit, directives = agenda_of(first)
    for item in (report, audit, directives):
        _register(item, named)
    actions.open_item(actor=SYSTEM, item=report)
    attempt = _counter_report(report, seats, named)
    if attempt.registered:
        # Mikoyan gives the counter-report from the rostrum, against the report.
        actions.give_floor(
            actor=SYSTEM, item=report, seat=named["Anastas Mikoyan"].pk, stance="against"
        )
    for name, stance in DEBATE:
        if attempt.registered and name == "Anastas Mikoyan":
            continue  # he spoke already, giving the counter-report
        actions.give_floor(actor=SYSTEM, item=report, seat=named[name].pk, stance=stance)
    _hear_everyone(report)
    _vote_on_closed_session(first, report, attempt)
    if on_report is not None:
        on_report(first, report, attempt)
    for item in (audit, directives):
        actions.open_item(actor=SYSTEM, item=item)
        actions.close_item(actor=SYSTEM, item=item)
    actions.close_sitting(actor=SYSTEM, sitting=first)

    # The foreign delegations were not admitted to the closed session.
    closed = _convene(
        congress,
        "Closed session, night of 24/25 February 1956",
        datetime.datetime(1956, 2, 25, 0, 30, tzinfo=MOSCOW),
        [(CULT, "report")],
        delegates,
    )
    (cult,) = agenda_of(closed)
    _register(cult, named)
    actions.open_item(actor=SYSTEM, item=cult)
    if in_closed_session is not None:
        in_closed_session(closed, cult)
    actions.close_item(actor=SYSTEM, item=cult)
    actions.close_sitting(actor=SYSTEM, sitting=closed)

    closing = _convene(
        congress,
        "Closing sitting, 25 February 1956",
        datetime.datetime(1956, 2, 25, 12, 0, tzinfo=MOSCOW),
        [(ELECTIONS, "election")],
        everyone,
    )
    (elections_item,) = agenda_of(closing)
    actions.open_item(actor=SYSTEM, item=elections_item)
    elections(closing, attempt)
    actions.close_item(actor=SYSTEM, item=elections_item)
    actions.close_sitting(actor=SYSTEM, sitting=closing)
    return attempt


def _convene(
    congress: Body,
    title: str,
    starts_at: datetime.datetime,
    agenda: list[tuple[str, str]],
    present: list[int],
) -> Sitting:
    """Convene, check in at the door in bulk, open, and adopt the agenda unanimously by
    a counted show of hands of every full delegate present."""
    sitting = actions.convene_sitting(
        actor=SYSTEM, body=congress, title=title, starts_at=starts_at, place=PLACE, agenda=agenda
    )
    actions.check_in(actor=SYSTEM, sitting=sitting, seats=present)
    actions.open_sitting(actor=SYSTEM, sitting=sitting)
    voters = Seat.objects.filter(pk__in=present, role=SeatRole.FULL).count()
    actions.adopt_agenda(actor=SYSTEM, sitting=sitting, yes=voters, no=0, abstain=0)
    return sitting


def _vote_on_closed_session(
    sitting: Sitting, item: AgendaItem, attempt: CounterReportAttempt
) -> None:
    """The Congress votes, by a counted show of hands, to hear the report on the cult of
    personality in closed session. Under "1956 practice" every hand is raised for it, as
    at every vote of the Congress; where the counter-report was heard, its signers, who
    asked for the matter to be examined openly, vote against."""
    vote = open_vote(
        actor=SYSTEM,
        sitting=sitting,
        subject=CLOSED_SESSION_VOTE,
        kind="procedural",
        form="show-of-hands",
        item=item,
    )
    against = attempt.signatures if attempt.registered else 0
    close_vote(actor=SYSTEM, vote=vote, yes=vote.present - against, no=against, abstain=0)


def _register(item: AgendaItem, named: dict[str, Seat]) -> None:
    rapporteur, title, text = REPORTS[item.title]
    actions.register_report(
        actor=SYSTEM, item=item, rapporteur=named[rapporteur].pk, title=title, text=text
    )


def _counter_report(
    item: AgendaItem, seats: list[Seat], named: dict[str, Seat]
) -> CounterReportAttempt:
    """Mikoyan and the delegates seated last (none of the leadership, who were
    registered first) sign, as many as the comparison page counts; the orders decide
    whether the counter-report is registered."""
    mikoyan = named["Anastas Mikoyan"]
    full = [seat.pk for seat in seats if seat.role == SeatRole.FULL]
    signers = [mikoyan.pk, *full[-(COUNTER_REPORT_SIGNATURES - 1) :]]
    members = frozenset(
        seat.member_id for seat in seats if seat.pk in signers and seat.member_id is not None
    )
    title, text = COUNTER_REPORT
    try:
        actions.register_counter_report(
            actor=SYSTEM,
            item=item,
            rapporteur=mikoyan.pk,
            title=title,
            text=text,
            signatures=signers,
        )
    except RuleError as refused:
        return CounterReportAttempt(False, len(signers), refused.rule, str(refused), members)
    return CounterReportAttempt(True, len(signers), "", "", members)


def _hear_everyone(item: AgendaItem) -> None:
    """Call each speaker on the list in the order the orders give, and end each speech."""
    while item.requests.filter(state=RequestState.WAITING).exists():
        actions.call_next_speaker(actor=SYSTEM, item=item)
        actions.end_speech(actor=SYSTEM, item=item)
