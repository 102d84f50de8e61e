"""API for sittings: convening, the roll, the agenda, reports and counter-reports, the
list of speakers and the clock. Every change is an action of meetings.actions, which
checks the permission (the secretariat runs sittings; seat holders act for themselves)
and refuses with the rule named; the schemas are in meetings/api_schemas.py."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params import P, PathEx, QueryEx

from collegium.access.permissions import Context, Permission, require
from collegium.access.visibility import reader_scope
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings import actions
from collegium.meetings.api_lookup import body_at, item_at, sitting_at, sitting_reader
from collegium.meetings.api_schemas import (
    CancelIn,
    ConveneIn,
    CounterReportIn,
    DecisionOut,
    FloorIn,
    FloorRequestOut,
    GiveFloorIn,
    HandsIn,
    ItemIn,
    ItemOut,
    PostponeIn,
    ReportIn,
    ReportOut,
    RollChangeOut,
    RollIn,
    SittingOut,
    SittingPageOut,
    SpeakersOut,
    SpeechOut,
    WithdrawnOut,
    decision_out,
    item_out,
    quorum_of,
    report_out,
    request_out,
    sitting_out,
    speakers_out,
    speech_after,
    summary_out,
)
from collegium.meetings.models import AgendaItem, Sitting
from collegium.meetings.queries import item_or_404, sitting_or_404, speakers_list
from collegium.rules.errors import RuleError

router = Router(tags=["sittings"])

SITTINGS = "/organizations/{slug}/bodies/{body_slug}/sittings"
SITTING = SITTINGS + "/{sitting_number}"
ITEM = SITTING + "/items/{item_number}"
# A number in a path that names a row: larger ones exist in no table (and overflow it).
ROW_NUMBER = P(ge=1, le=2_147_483_647)
ITEM_NUMBER = P(max_length=40, description='The item\'s number on the agenda ("2", "2.1").')

# Years a sitting's start may be given in at all; the action's own check
# (rules.procedure.dates, `sitting.starts-at`) then narrows them.
YEARS = range(1900, 9000)


def _moment(value: datetime.datetime) -> datetime.datetime:
    """A start as given: without an offset, in the organization's time zone."""
    if value.year not in YEARS:
        raise RuleError(
            _("A sitting starts between the years 1900 and 8999."), rule="sitting.starts-at"
        )
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# Sittings -----------------------------------------------------------------------------


@router.get(
    SITTINGS,
    response={200: SittingPageOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_sittings",
    summary="A body's sittings, newest first (members and staff)",
)
def list_sittings(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    before: QueryEx[
        int | None, P(ge=1, le=2_147_483_647, description="Only sittings numbered lower.")
    ] = None,
    limit: QueryEx[int, P(ge=1, le=500)] = 50,
) -> SittingPageOut:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    sittings = Sitting.objects.filter(body=body).order_by("-number")
    if before is not None:
        sittings = sittings.filter(number__lt=before)
    rows = list(sittings[: limit + 1])
    return SittingPageOut(
        items=[summary_out(s) for s in rows[:limit]],
        next_before=rows[limit - 1].number if len(rows) > limit else None,
    )


@router.post(
    SITTINGS,
    response={201: SittingOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="convene_sitting",
    summary="Convene a sitting with its draft agenda (secretariat)",
    description="Rules sitting.title, sitting.starts-at, sitting.text-length, "
    "sitting.item-kind, body.dissolved.",
)
def convene(
    request: HttpRequest, slug: str, body_slug: str, sitting: ConveneIn
) -> Status[SittingOut]:
    body = body_at(slug, body_slug)
    actor = api_actor(request)
    require(actor, Permission.RUN_SITTINGS, Context.of_body(body))
    convened = actions.convene_sitting(
        actor=actor,
        body=body,
        title=sitting.title,
        starts_at=_moment(sitting.starts_at),
        place=sitting.place,
        online=sitting.online,
        agenda=[(line.title, line.kind) for line in sitting.agenda],
    )
    return Status(201, _state(request, convened))


def _state(request: HttpRequest, sitting: Sitting) -> SittingOut:
    fresh = Sitting.objects.select_related("body__organization", "orders", "current_item").get(
        pk=sitting.pk
    )
    return sitting_out(fresh, reader_scope(caller(request), fresh.body.organization))


@router.get(
    SITTING,
    response={200: SittingOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="get_sitting",
    summary="A sitting's state: roll, quorum, stand-ins, agenda, the current speaker and list",
    description="Members and staff. Counter-reports are shown as the body's transparency "
    "settings say.",
)
def get_sitting(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> SittingOut:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    return _state(request, sitting_or_404(body, sitting_number))


@router.post(
    SITTING + "/postpone",
    response={200: SittingOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="postpone_sitting",
    summary="Postpone a sitting to a new time, with the reason (secretariat)",
    description="Rules sitting.status, sitting.stale-form, sitting.reason, sitting.starts-at.",
)
def postpone(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    postponement: PostponeIn,
) -> SittingOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    actor = api_actor(request)
    require(actor, Permission.RUN_SITTINGS, Context.of_body(sitting.body))
    actions.postpone_sitting(
        actor=actor,
        sitting=sitting,
        starts_at=_moment(postponement.starts_at),
        reason=postponement.reason,
        revision=postponement.revision,
    )
    return _state(request, sitting)


@router.post(
    SITTING + "/cancel",
    response={200: SittingOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="cancel_sitting",
    summary="Cancel a sitting, with the reason (secretariat)",
    description="Rules sitting.status, sitting.stale-form, sitting.reason.",
)
def cancel(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    cancellation: CancelIn,
) -> SittingOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    actions.cancel_sitting(
        actor=api_actor(request),
        sitting=sitting,
        reason=cancellation.reason,
        revision=cancellation.revision,
    )
    return _state(request, sitting)


@router.post(
    SITTING + "/open",
    response={200: SittingOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="open_sitting",
    summary="Open a sitting; refused below quorum with the numbers (secretariat)",
    description="Rules sitting.quorum, sitting.status, sitting.no-orders.",
)
def open_(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> SittingOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    actions.open_sitting(actor=api_actor(request), sitting=sitting)
    return _state(request, sitting)


@router.post(
    SITTING + "/close",
    response={200: SittingOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="close_sitting",
    summary="Close a sitting: the speech ends, open items close, everyone is checked out",
    description="Rule sitting.status.",
)
def close(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> SittingOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    actions.close_sitting(actor=api_actor(request), sitting=sitting)
    return _state(request, sitting)


# The roll -----------------------------------------------------------------------------


def _roll_change(sitting: Sitting, changed: int) -> RollChangeOut:
    fresh = Sitting.objects.select_related("body", "orders").get(pk=sitting.pk)
    return RollChangeOut(changed=changed, quorum=quorum_of(fresh))


@router.post(
    SITTING + "/check-in",
    response={200: RollChangeOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["roll"],
    operation_id="check_in",
    summary="Check seat holders in, by seat id or member number, one or in bulk (secretariat)",
    description="Those present already are left as they are. Rules sitting.unknown-number "
    "(naming the line), sitting.unknown-seat, sitting.status.",
)
def check_in(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    roll: RollIn,
) -> RollChangeOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    count = actions.check_in(
        actor=api_actor(request), sitting=sitting, seats=roll.seats, numbers=roll.numbers
    )
    return _roll_change(sitting, count)


@router.post(
    SITTING + "/check-out",
    response={200: RollChangeOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["roll"],
    operation_id="check_out",
    summary="Check seat holders out, by seat id or member number (secretariat)",
    description="Rules sitting.unknown-number, sitting.status.",
)
def check_out(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    roll: RollIn,
) -> RollChangeOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    count = actions.check_out(
        actor=api_actor(request), sitting=sitting, seats=roll.seats, numbers=roll.numbers
    )
    return _roll_change(sitting, count)


@router.post(
    SITTING + "/check-in/self",
    response={200: RollChangeOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["roll"],
    operation_id="check_in_self",
    summary="Check yourself in (seat holders)",
    description="Rules sitting.no-seat, sitting.status.",
)
def check_in_self(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> RollChangeOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    return _roll_change(sitting, actions.check_in_self(actor=api_actor(request), sitting=sitting))


@router.post(
    SITTING + "/check-out/self",
    response={200: RollChangeOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["roll"],
    operation_id="check_out_self",
    summary="Check yourself out (seat holders)",
    description="Rules sitting.no-seat, sitting.status.",
)
def check_out_self(
    request: HttpRequest, slug: str, body_slug: str, sitting_number: PathEx[int, ROW_NUMBER]
) -> RollChangeOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    return _roll_change(sitting, actions.check_out_self(actor=api_actor(request), sitting=sitting))


# The agenda ---------------------------------------------------------------------------


@router.post(
    SITTING + "/items",
    response={201: ItemOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["agenda"],
    operation_id="add_item",
    summary="Put an item on the draft agenda, after its siblings (secretariat)",
    description="Rules sitting.agenda-adopted, sitting.item-kind, sitting.item-depth, "
    "sitting.item-parent, sitting.status.",
)
def add_item(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item: ItemIn,
) -> Status[ItemOut]:
    sitting = sitting_at(slug, body_slug, sitting_number)
    actor = api_actor(request)
    # Permission first: an outsider learns nothing of the agenda from the parent's lookup.
    require(actor, Permission.RUN_SITTINGS, Context.of_body(sitting.body))
    parent = None
    if item.parent is not None:
        parent = AgendaItem.objects.filter(sitting=sitting, number=item.parent).first()
        if parent is None:
            # A number given in a request body is input, not an address: unknown is a 400.
            raise RuleError(
                _("The sitting has no item %(number)s to nest under.") % {"number": item.parent},
                rule="sitting.item-parent",
            )
    added = actions.add_item(
        actor=actor, sitting=sitting, title=item.title, kind=item.kind, parent=parent
    )
    return Status(201, item_out(added))


@router.post(
    SITTING + "/agenda/adopt",
    response={200: DecisionOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["agenda"],
    operation_id="adopt_agenda",
    summary="Record the meeting's counted show of hands on its agenda (secretariat)",
    description="Decided under the orders; the answer says adopted or not, by which rule. "
    "Rules sitting.quorum, sitting.hands, sitting.not-open, sitting.agenda-adopted, "
    "sitting.agenda-empty.",
)
def adopt_agenda(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    hands: HandsIn,
) -> DecisionOut:
    sitting = sitting_at(slug, body_slug, sitting_number)
    decision = actions.adopt_agenda(
        actor=api_actor(request), sitting=sitting, yes=hands.yes, no=hands.no, abstain=hands.abstain
    )
    return decision_out(decision)


@router.post(
    ITEM + "/open",
    response={200: ItemOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["agenda"],
    operation_id="open_item",
    summary="Open an item (the chair); the item open before closes",
    description="Rules sitting.agenda-not-adopted, sitting.item-open, sitting.not-open.",
)
def open_item(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> ItemOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return item_out(actions.open_item(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/close",
    response={200: ItemOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["agenda"],
    operation_id="close_item",
    summary="Close an open item (the chair): the speech ends, waiting requests lapse",
    description="Rules sitting.item-not-open, sitting.not-open.",
)
def close_item(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> ItemOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return item_out(actions.close_item(actor=api_actor(request), item=item))


# Reports ------------------------------------------------------------------------------


@router.post(
    ITEM + "/report",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["reports"],
    operation_id="register_report",
    summary="Register the report on a report item, with its rapporteur (secretariat)",
    description="Rules report.item-kind, report.rapporteur, report.one-per-item, "
    "sitting.unknown-seat.",
)
def register_report(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    report: ReportIn,
) -> Status[ReportOut]:
    item = item_at(slug, body_slug, sitting_number, item_number)
    registered = actions.register_report(
        actor=api_actor(request),
        item=item,
        rapporteur=report.rapporteur,
        title=report.title,
        text=report.text,
    )
    return Status(201, report_out(registered))


@router.post(
    ITEM + "/counter-reports",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["reports"],
    operation_id="register_counter_report",
    summary="Register a minority's counter-report with its signers (secretariat)",
    description="Checked against the orders: rules counter-report.forbidden, "
    "counter-report.signatures, counter-report.signer, counter-report.no-report.",
)
def register_counter_report(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    report: CounterReportIn,
) -> Status[ReportOut]:
    item = item_at(slug, body_slug, sitting_number, item_number)
    registered = actions.register_counter_report(
        actor=api_actor(request),
        item=item,
        rapporteur=report.rapporteur,
        title=report.title,
        text=report.text,
        signatures=report.signatures,
        numbers=report.numbers,
    )
    return Status(201, report_out(registered))


# The list of speakers -----------------------------------------------------------------


@router.get(
    ITEM + "/speakers",
    response={200: SpeakersOut, **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    tags=["speakers"],
    operation_id="get_speakers",
    summary="An item's list of speakers in speaking order, each place explained",
)
def get_speakers(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> SpeakersOut:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    item = item_or_404(sitting_or_404(body, sitting_number), item_number)
    try:
        return speakers_out(speakers_list(item))
    except RuleError as refused:  # the body has no orders: no list to order
        raise NotFound(str(refused)) from None


@router.post(
    ITEM + "/floor",
    response={201: FloorRequestOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="ask_for_floor",
    summary="Ask for the floor on the open item (seat holders present)",
    description="Rules speakers.not-present, speakers.guest, speakers.list-closed (then only "
    "points of order), speakers.already-listed, speakers.contributions, sitting.no-seat.",
)
def ask_for_floor(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    floor: FloorIn,
) -> Status[FloorRequestOut]:
    item = item_at(slug, body_slug, sitting_number, item_number)
    asked = actions.ask_for_floor(
        actor=api_actor(request), item=item, kind=floor.kind, stance=floor.stance
    )
    return Status(201, request_out(asked, item))


@router.post(
    ITEM + "/floor/withdraw",
    response={200: WithdrawnOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="withdraw_own",
    summary="Withdraw your own waiting requests on the item (seat holders)",
    description="Rules speakers.no-request, sitting.no-seat.",
)
def withdraw_own(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> WithdrawnOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return WithdrawnOut(withdrawn=actions.withdraw_own(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/floor/give",
    response={201: FloorRequestOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="give_floor",
    summary="Put a seat holder on the list (the chair): a guest, or a delegate in the hall",
    description="Rules speakers.not-present, speakers.list-closed, speakers.already-listed, "
    "speakers.contributions, sitting.unknown-seat.",
)
def give_floor(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    floor: GiveFloorIn,
) -> Status[FloorRequestOut]:
    item = item_at(slug, body_slug, sitting_number, item_number)
    given = actions.give_floor(
        actor=api_actor(request), item=item, seat=floor.seat, kind=floor.kind, stance=floor.stance
    )
    return Status(201, request_out(given, item))


@router.post(
    ITEM + "/requests/{request_id}/withdraw",
    response={200: WithdrawnOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="withdraw_request",
    summary="Withdraw one waiting request (the chair any, a speaker their own)",
    description="Rule speakers.no-request.",
)
def withdraw_request(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    request_id: PathEx[int, ROW_NUMBER],
) -> WithdrawnOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    actions.withdraw_request(actor=api_actor(request), item=item, request=request_id)
    return WithdrawnOut(withdrawn=1)


@router.post(
    ITEM + "/speakers/next",
    response={200: SpeechOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="call_next_speaker",
    summary="Call the next speaker in the orders' order; the clock starts (the chair)",
    description="The speech under way ends. Rules speakers.list-empty, sitting.item-not-open.",
)
def call_next_speaker(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> SpeechOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return speech_after(item, actions.call_next_speaker(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/clock/start",
    response={200: SpeechOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="start_clock",
    summary="Start (resume) the speaker's clock (the chair)",
    description="Rules speakers.clock, speakers.nobody-speaking.",
)
def start_clock(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> SpeechOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return speech_after(item, actions.start_clock(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/clock/pause",
    response={200: SpeechOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="pause_clock",
    summary="Pause the speaker's clock (the chair)",
    description="Rules speakers.clock, speakers.nobody-speaking.",
)
def pause_clock(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> SpeechOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return speech_after(item, actions.pause_clock(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/clock/end",
    response={200: SpeechOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="end_speech",
    summary="End the speech: the clock stops and the time spoken is kept (the chair)",
    description="Rule speakers.nobody-speaking.",
)
def end_speech(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
) -> SpeechOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    return speech_after(item, actions.end_speech(actor=api_actor(request), item=item))


@router.post(
    ITEM + "/list/close",
    response={200: DecisionOut, **WRITE_ERRORS},
    auth=WRITE,
    tags=["speakers"],
    operation_id="close_list",
    summary="Record the meeting's counted show of hands on closing the list (secretariat)",
    description="Once closed, only points of order may be raised. Rules sitting.quorum, "
    "sitting.hands, speakers.list-closed, sitting.item-not-open.",
)
def close_list(
    request: HttpRequest,
    slug: str,
    body_slug: str,
    sitting_number: PathEx[int, ROW_NUMBER],
    item_number: PathEx[str, ITEM_NUMBER],
    hands: HandsIn,
) -> DecisionOut:
    item = item_at(slug, body_slug, sitting_number, item_number)
    decision = actions.close_list(
        actor=api_actor(request), item=item, yes=hands.yes, no=hands.no, abstain=hands.abstain
    )
    return decision_out(decision)
