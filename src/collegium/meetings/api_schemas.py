"""The API's view of sittings (meetings/api.py): typed schemas, and the state of a sitting
as the chair's screen sees it (roll, quorum, stand-ins, agenda, the current item's list
of speakers with the clock), built from meetings.queries. Reads only."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema

from collegium.access.visibility import ReaderScope
from collegium.bodies.models import SeatRole
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    FloorRequest,
    Report,
    Sitting,
    StandingIn,
)
from collegium.meetings.queries import (
    RollState,
    SpeakersList,
    agenda_of,
    published_to,
    roll_state,
    rules_or_none,
    speakers_list,
    spoken_seconds,
)
from collegium.rules.errors import RuleError

StatusName = Literal["convened", "open", "closed", "postponed", "cancelled"]
ItemKindName = Literal["report", "motion", "election", "procedural", "other"]
ItemStateName = Literal["pending", "open", "closed"]
RequestKindName = Literal["contribution", "point-of-order", "question", "reply"]
StanceName = Literal["for", "against", "neutral"]
RequestStateName = Literal["waiting", "speaking", "done", "withdrawn"]
RoleName = Literal["full", "alternate", "consultative", "guest"]

# Counts and ids sent in a body: larger ones exist in no table (and overflow its column).
MAX_ROW_ID = 2_147_483_647
MAX_HANDS = 10_000_000
# A bulk check-in names at most this many seats or numbers (a congress is ~1,400); a
# list this long stays well under the request body limit.
MAX_BULK = 2_000

# A report's text over the API: one character more, escaped as JSON, still fits the
# request body limit (1 MB), so an overlong text is refused as such, not as too large.
REPORT_TEXT = 60_000

SeatId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
MemberNumber = Annotated[str, Field(max_length=32)]


# Input --------------------------------------------------------------------------------


class AgendaLineIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    kind: ItemKindName


class ConveneIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    starts_at: datetime.datetime = Field(
        description="When it starts; without a zone offset, in the organization's time zone."
    )
    place: str = Field("", max_length=300)
    online: bool = False
    agenda: list[AgendaLineIn] = Field(
        [], max_length=200, description="The draft agenda, numbered 1, 2, … in this order."
    )


class RevisionField(Schema):
    revision: int | None = Field(
        None,
        ge=0,
        le=MAX_ROW_ID,
        description="The sitting's `revision` as read; refused (`sitting.stale-form`) when it "
        "has changed since. Left out, nothing is compared.",
    )


class PostponeIn(RevisionField):
    starts_at: datetime.datetime
    reason: str = Field(min_length=1, max_length=500)


class CancelIn(RevisionField):
    reason: str = Field(min_length=1, max_length=500)


class RollIn(Schema):
    seats: list[SeatId] = Field(
        [], max_length=MAX_BULK, description="Seat ids (a name picked at the door)."
    )
    numbers: list[MemberNumber] = Field(
        [],
        max_length=MAX_BULK,
        description="Member numbers, one per line of a pasted or scanned list; the first "
        "that holds no seat in the body refuses the whole list (`sitting.unknown-number`).",
    )


class ItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    kind: ItemKindName
    parent: str | None = Field(
        None, max_length=40, description='The number of the item to nest under ("2").'
    )


class HandsIn(Schema):
    """A counted show of hands, as the secretary records it."""

    yes: int = Field(ge=0, le=MAX_HANDS)
    no: int = Field(ge=0, le=MAX_HANDS)
    abstain: int = Field(0, ge=0, le=MAX_HANDS)


class ReportIn(Schema):
    rapporteur: int = Field(ge=1, le=MAX_ROW_ID, description="The rapporteur's seat id.")
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(
        "",
        max_length=REPORT_TEXT,
        description="Longer texts (the action takes 200,000 characters) go through the pages.",
    )


class CounterReportIn(ReportIn):
    signatures: list[SeatId] = Field(
        [], max_length=MAX_BULK, description="Seat ids of the full members who sign."
    )
    numbers: list[MemberNumber] = Field(
        [], max_length=MAX_BULK, description="Member numbers of signers (with or instead of ids)."
    )


class FloorIn(Schema):
    kind: RequestKindName = "contribution"
    stance: StanceName = "neutral"


class GiveFloorIn(FloorIn):
    seat: int = Field(ge=1, le=MAX_ROW_ID, description="The seat id of the speaker.")


# Output -------------------------------------------------------------------------------


class SittingSummaryOut(Schema):
    number: int
    title: str
    starts_at: datetime.datetime
    place: str
    online: bool
    status: StatusName
    status_reason: str = Field(description="Why it was postponed or cancelled.")
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    agenda_adopted: bool
    revision: int = Field(description="Moves on with every change to the convening details.")


class SittingPageOut(Schema):
    items: list[SittingSummaryOut] = Field(description="Newest (highest number) first.")
    next_before: int | None = Field(description="`before` for the next page; null at the end.")


class RoleCountOut(Schema):
    role: RoleName
    present: int
    seated: int


class QuorumOut(Schema):
    met: bool
    present: int = Field(description="Full members present and alternates stepping in.")
    stepping_in: int
    full_seats: int
    needed: int
    sentence: str


class StandInOut(Schema):
    full_seat: int
    full_member: str
    alternate_seat: int
    alternate: str
    since: datetime.datetime


class ReportOut(Schema):
    id: int
    counter: bool
    title: str
    text: str
    rapporteur_seat: int
    rapporteur: str
    signatures: int
    registered_at: datetime.datetime
    document: str = Field(
        description="The file name of the PDF given with the report on the sitting's page "
        '(documents are uploaded and downloaded there), or "".'
    )
    document_sha256: str = Field(description='The document\'s SHA-256, or "".')


class ItemOut(Schema):
    number: str
    title: str
    kind: ItemKindName
    state: ItemStateName
    parent: str | None
    list_closed: bool
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    reports: list[ReportOut] = Field(
        description="The report, then the counter-reports the reader may see."
    )


class FloorRequestOut(Schema):
    id: int
    item: str
    seat: int
    name: str
    kind: RequestKindName
    stance: StanceName
    state: RequestStateName
    group: str
    given_by_chair: bool
    asked_at: datetime.datetime


class SpeechOut(FloorRequestOut):
    """A request once called: the clock's figures (seconds) at the moment of answering."""

    called_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    allowed_seconds: int | None = Field(description="Null: no limit.")
    spoken_seconds: int = Field(description="The running clock included.")
    remaining_seconds: int | None = Field(description="Negative once over time.")
    clock_running: bool


class WaitingOut(Schema):
    position: int
    request: FloorRequestOut
    explanation: str = Field(description="Why this place, as the chair's screen says it.")


class GroupTimeOut(Schema):
    group: str
    seconds_left: int


class SpeakersOut(Schema):
    item: str
    list_closed: bool
    speaking: SpeechOut | None
    waiting: list[WaitingOut] = Field(description="In speaking order.")
    spoken: list[SpeechOut] = Field(description="In the order heard.")
    group_budget: int | None = Field(description="Seconds per group per item; null: none.")
    groups: list[GroupTimeOut]


class SittingOut(SittingSummaryOut):
    orders_version: int | None = Field(description="The orders bound at opening.")
    roll: list[RoleCountOut]
    quorum: QuorumOut | None = Field(description="Null while the body has no orders.")
    stand_ins: list[StandInOut]
    agenda: list[ItemOut] = Field(description="In agenda order.")
    current_item: str | None
    speakers: SpeakersOut | None = Field(description="The current item's list of speakers.")


class DecisionOut(Schema):
    subject: str
    yes: int
    no: int
    abstain: int
    present: int
    adopted: bool
    rule: str
    explanation: str
    decided_at: datetime.datetime


class RollChangeOut(Schema):
    changed: int = Field(description="Seat holders checked in (or out) now.")
    quorum: QuorumOut | None


class WithdrawnOut(Schema):
    withdrawn: int


# Builders -----------------------------------------------------------------------------


def summary_out(sitting: Sitting) -> SittingSummaryOut:
    return SittingSummaryOut(
        number=sitting.number,
        title=sitting.title,
        starts_at=sitting.starts_at,
        place=sitting.place,
        online=sitting.online,
        status=sitting.status,  # type: ignore[arg-type]  # a SittingStatus value
        status_reason=sitting.status_reason,
        opened_at=sitting.opened_at,
        closed_at=sitting.closed_at,
        agenda_adopted=sitting.agenda_adopted,
        revision=sitting.revision,
    )


def quorum_out(state: RollState) -> QuorumOut:
    q = state.quorum
    return QuorumOut(
        met=q.met,
        present=q.present,
        stepping_in=q.stepping_in,
        full_seats=q.full_seats,
        needed=q.needed,
        sentence=q.sentence,
    )


def quorum_of(sitting: Sitting) -> QuorumOut | None:
    try:
        return quorum_out(roll_state(sitting))
    except RuleError:  # no orders in force: no quorum to speak of
        return None


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        id=report.pk,
        counter=report.counter,
        title=report.title,
        text=report.text,
        rapporteur_seat=report.rapporteur_id,
        rapporteur=report.rapporteur.holder_name,
        signatures=report.signatures.count(),
        registered_at=report.registered_at,
        document=report.document_name,
        document_sha256=report.document_sha256,
    )


def item_out(item: AgendaItem, show_counter_reports: bool = True) -> ItemOut:
    reports = item.reports.select_related("rapporteur__member").order_by(
        "counter", "registered_at", "pk"
    )
    parent = None
    if item.parent_id is not None:
        parent = AgendaItem.objects.values_list("number", flat=True).get(pk=item.parent_id)
    return ItemOut(
        number=item.number,
        title=item.title,
        kind=item.kind,  # type: ignore[arg-type]  # an ItemKind value
        state=item.state,  # type: ignore[arg-type]  # an ItemState value
        parent=parent,
        list_closed=item.list_closed,
        opened_at=item.opened_at,
        closed_at=item.closed_at,
        reports=[report_out(r) for r in reports if show_counter_reports or not r.counter],
    )


def request_out(request: FloorRequest, item: AgendaItem) -> FloorRequestOut:
    return FloorRequestOut(
        id=request.pk,
        item=item.number,
        seat=request.seat_id,
        name=request.seat.holder_name,
        kind=request.kind,  # type: ignore[arg-type]  # a FloorKind value
        stance=request.stance,  # type: ignore[arg-type]  # a FloorStance value
        state=request.state,  # type: ignore[arg-type]  # a RequestState value
        group=request.group,
        given_by_chair=request.given_by_chair,
        asked_at=request.asked_at,
    )


def speech_out(request: FloorRequest, item: AgendaItem) -> SpeechOut:
    spoken = spoken_seconds(request, timezone.now())
    allowed = request.allowed_seconds
    return SpeechOut(
        **request_out(request, item).model_dump(),
        called_at=request.called_at,
        ended_at=request.ended_at,
        allowed_seconds=allowed,
        spoken_seconds=spoken,
        remaining_seconds=None if allowed is None else allowed - spoken,
        clock_running=request.clock_since is not None,
    )


def speakers_out(listing: SpeakersList) -> SpeakersOut:
    item = listing.item
    return SpeakersOut(
        item=item.number,
        list_closed=item.list_closed,
        speaking=speech_out(listing.speaking, item) if listing.speaking else None,
        waiting=[
            WaitingOut(
                position=place,
                request=request_out(listing.request(entry), item),
                explanation=entry.explanation,
            )
            for place, entry in enumerate(listing.entries, start=1)
        ],
        spoken=[speech_out(r, item) for r in listing.spoken],
        group_budget=listing.group_budget,
        groups=[
            GroupTimeOut(group=name, seconds_left=left)
            for name, left in sorted(listing.group_left.items())
        ],
    )


def decision_out(decision: Decision) -> DecisionOut:
    return DecisionOut(
        subject=decision.subject,
        yes=decision.yes,
        no=decision.no,
        abstain=decision.abstain,
        present=decision.present,
        adopted=decision.adopted,
        rule=decision.rule,
        explanation=decision.explanation,
        decided_at=decision.decided_at,
    )


def _stand_ins(sitting: Sitting) -> list[StandInOut]:
    rows = StandingIn.objects.filter(sitting=sitting, until__isnull=True).select_related(
        "full_seat__member", "alternate_seat__member"
    )
    return [
        StandInOut(
            full_seat=row.full_seat_id,
            full_member=row.full_seat.holder_name,
            alternate_seat=row.alternate_seat_id,
            alternate=row.alternate_seat.holder_name,
            since=row.since,
        )
        for row in rows
    ]


def sitting_out(sitting: Sitting, reader: ReaderScope) -> SittingOut:
    """The whole state of the sitting, as `reader` may see it (counter-reports under the
    body's transparency settings)."""
    rules = rules_or_none(sitting)
    state = roll_state(sitting, rules) if rules is not None else None
    show_counter = rules is not None and reader.may_see(
        published_to(rules, "counter_reports"), sitting.body_id
    )
    current = sitting.current_item
    return SittingOut(
        **summary_out(sitting).model_dump(),
        orders_version=sitting.orders.version if sitting.orders is not None else None,
        roll=[
            RoleCountOut(role=role.value, present=state.count(role)[0], seated=state.count(role)[1])  # type: ignore[arg-type]
            for role in SeatRole
        ]
        if state is not None
        else [],
        quorum=quorum_out(state) if state is not None else None,
        stand_ins=_stand_ins(sitting),
        agenda=[item_out(item, show_counter) for item in agenda_of(sitting)],
        current_item=current.number if current is not None else None,
        speakers=speakers_out(speakers_list(current, rules))
        if current is not None and rules is not None
        else None,
    )


def speech_after(item: AgendaItem, request: FloorRequest) -> SpeechOut:
    fresh = FloorRequest.objects.select_related("seat__member").get(pk=request.pk)
    return speech_out(fresh, item)
