"""What the three live screens of a sitting show, computed once per (sitting, head of the
organization's journal chain, language) and shared: with 2,000 delegate screens open,
every action makes 2,000 fragment requests, and all but the first in each process find
the state here. Only plain values are kept (no model instances), so a state can be read
by any thread. A delegate's own part (their seat, present or not, place on the list) is
then a lookup in it (`Personal`).

Every change to a sitting is an action that journals into the organization's chain, so a
new head is the only way the shared state can change; the one thing that moves without
an entry, the running clock, is kept as its base and start and computed at render."""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from collegium.bodies.models import SeatRole
from collegium.bodies.queries import organization_and_body
from collegium.journal.models import JournalChain, JournalEntry
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    FloorKind,
    FloorRequest,
    FloorStance,
    ItemKind,
    ItemState,
    Sitting,
    SittingStatus,
)
from collegium.meetings.queries import (
    SeatRow,
    agenda_of,
    current_seat_rows,
    roll_state,
    rules_of,
    sitting_or_404,
    speakers_list,
)
from collegium.rules.errors import RuleError

# Sittings' states kept per process: enough for every sitting running at once in both
# languages; older heads of a sitting are dropped as soon as a newer one is stored.
MAX_STATES = 64


@dataclass(frozen=True)
class ItemRow:
    number: str
    title: str
    kind: str
    state: str
    list_closed: bool
    depth: int  # 0 for a top-level item, 1 for "2.1" …

    @property
    def is_open(self) -> bool:
        return self.state == ItemState.OPEN


@dataclass(frozen=True)
class Waiting:
    """A place on the list of speakers, with the rules' sentence why it is there."""

    place: int
    request: int
    seat: int
    name: str
    group: str
    kind: str
    stance: str
    explanation: str


@dataclass(frozen=True)
class Speech:
    """The speech under way and its clock: seconds spoken before the clock last started
    (`spoken_base`), since when it runs (None: paused), seconds allowed (None: no limit)."""

    request: int
    seat: int
    name: str
    group: str
    kind: str
    stance: str
    allowed: int | None
    spoken_base: int
    since: datetime.datetime | None
    explanation: str  # the sentence journaled when the speaker was called

    @property
    def running(self) -> bool:
        return self.since is not None

    def spoken_at(self, now: datetime.datetime) -> int:
        if self.since is None:
            return self.spoken_base
        return self.spoken_base + max(0, int((now - self.since).total_seconds()))


@dataclass(frozen=True)
class RoleCount:
    role: str
    present: int
    seated: int


@dataclass(frozen=True)
class Roll:
    counts: tuple[RoleCount, ...]
    quorum: str  # the rules' sentence
    quorum_met: bool
    stand_ins: tuple[str, ...]


@dataclass(frozen=True)
class SeatHolder:
    seat: int
    name: str
    role: str
    group: str


@dataclass(frozen=True)
class ScreenState:
    """A sitting as the screens show it, at the chain's `head`."""

    head: int
    organization_slug: str
    body_slug: str
    body_id: int
    body_name: str
    sitting_id: int
    number: int
    title: str
    status: str
    agenda_adopted: bool
    agenda: tuple[ItemRow, ...]
    current: ItemRow | None
    speech: Speech | None
    waiting: tuple[Waiting, ...]
    heard: int  # speeches ended on the current item
    decision: str | None  # the last decision on closing the current item's list
    group_budget: int | None
    group_left: tuple[tuple[str, int], ...]
    roll: Roll | None
    present: frozenset[int]
    holders: dict[int, SeatHolder]  # by user id: the body's seat holders with a login
    seats: tuple[SeatHolder, ...]  # every current seat, for the chair's "give the floor"
    problem: str | None = None  # why the lists cannot be shown (no standing orders)
    computed_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def place_of(self, seat: int) -> int | None:
        return next((w.place for w in self.waiting if w.seat == seat), None)

    def waiting_of(self, seat: int) -> tuple[Waiting, ...]:
        return tuple(w for w in self.waiting if w.seat == seat)

    def personal(self, user_id: int | None) -> Personal | None:
        holder = self.holders.get(user_id) if user_id is not None else None
        if holder is None:
            return None
        return Personal(
            holder,
            holder.seat in self.present,
            self.place_of(holder.seat),
            self.waiting_of(holder.seat),
        )


@dataclass(frozen=True)
class Personal:
    """A delegate's own part of the screen."""

    holder: SeatHolder
    present: bool
    place: int | None
    requests: tuple[Waiting, ...]


def chain_head(organization_slug: str) -> tuple[int, str] | None:
    """The head of the organization's chain: its last sequence and hash."""
    return (
        JournalChain.objects.filter(organization__slug=organization_slug)
        .values_list("last_sequence", "last_hash")
        .first()
    )


# (organization, body, sitting number, head's sequence, language, head's hash): the hash
# tells apart chains that reached the same sequence (a database made anew, in tests).
_Key = tuple[str, str, int, int, str, str]
_states: OrderedDict[_Key, ScreenState] = OrderedDict()
_lock = threading.Lock()
# One lock per key being computed, so a burst of requests after an action computes the
# state once while the others wait for it.
_building: dict[_Key, threading.Lock] = {}


def screen_state(organization_slug: str, body_slug: str, number: int) -> ScreenState:
    """The sitting's state at its organization's chain head now (NotFound when there is no
    such organization, body or sitting)."""
    found_head = chain_head(organization_slug)
    if found_head is None:
        # No chain: no such organization; the lookup below says so.
        return _compute(organization_slug, body_slug, number, 0)
    head, head_hash = found_head
    key: _Key = (organization_slug, body_slug, number, head, get_language() or "", head_hash)
    with _lock:
        found = _states.get(key)
        if found is not None:
            _states.move_to_end(key)
            return found
        building = _building.setdefault(key, threading.Lock())
    try:
        with building:
            with _lock:
                found = _states.get(key)
            if found is None:
                found = _compute(organization_slug, body_slug, number, head)
                _store(key, found)
    finally:
        with _lock:
            _building.pop(key, None)
    return found


def _store(key: _Key, state: ScreenState) -> None:
    with _lock:
        for older in [k for k in _states if k[:3] == key[:3] and k[4] == key[4] and k[3] < key[3]]:
            del _states[older]
        _states[key] = state
        while len(_states) > MAX_STATES:
            _states.popitem(last=False)


def forget_all() -> None:
    """Empty the cache (tests: each starts with a fresh database)."""
    with _lock:
        _states.clear()


def _compute(organization_slug: str, body_slug: str, number: int, head: int) -> ScreenState:
    _organization, body = organization_and_body(organization_slug, body_slug)
    sitting = sitting_or_404(body, number)
    agenda = agenda_of(sitting)
    rows = tuple(_item_row(item) for item in agenda)
    current_item = next((i for i in agenda if i.pk == sitting.current_item_id), None)
    current = next((r for r in rows if current_item and r.number == current_item.number), None)
    seat_rows = current_seat_rows(body)  # one read for the holders and the roll
    seats = _seats(seat_rows)
    holders = {user: holder for user, holder in seats if user is not None}
    problem = None
    roll = None
    speech = None
    waiting: tuple[Waiting, ...] = ()
    heard = 0
    budget = None
    left: tuple[tuple[str, int], ...] = ()
    decision = None
    present: frozenset[int] = frozenset()
    try:
        rules = rules_of(sitting)
    except RuleError as refusal:
        problem = str(refusal)
    else:
        state = roll_state(sitting, rules, seat_rows)
        present = state.roll.present
        roll = Roll(
            tuple(RoleCount(role, *state.count(role)) for role in SeatRole),
            state.quorum.sentence,
            state.quorum.met,
            state.votes.reasons,
        )
        if current_item is not None:
            current_item.sitting = sitting
            listing = speakers_list(current_item, rules)
            waiting = tuple(
                _waiting(place, entry.explanation, listing.request(entry))
                for place, entry in enumerate(listing.entries, start=1)
            )
            if listing.speaking is not None:
                speech = _speech(listing.speaking)
            heard = len(listing.spoken)
            budget = listing.group_budget
            left = tuple(sorted(listing.group_left.items()))
            decision = _decision(current_item)
    return ScreenState(
        head=head,
        organization_slug=organization_slug,
        body_slug=body_slug,
        body_id=body.pk,
        body_name=body.name,
        sitting_id=sitting.pk,
        number=sitting.number,
        title=sitting.title,
        status=sitting.status,
        agenda_adopted=sitting.agenda_adopted,
        agenda=rows,
        current=current,
        speech=speech,
        waiting=waiting,
        heard=heard,
        decision=decision,
        group_budget=budget,
        group_left=left,
        roll=roll,
        present=present,
        holders=holders,
        seats=tuple(holder for _user, holder in seats),
        problem=problem,
    )


def _item_row(item: AgendaItem) -> ItemRow:
    return ItemRow(
        item.number, item.title, item.kind, item.state, item.list_closed, item.number.count(".")
    )


def _seats(rows: Iterable[SeatRow]) -> list[tuple[int | None, SeatHolder]]:
    """Current seats with the login of their holder, when the holder may act for the seat
    (as meetings.actions.common.own_seat decides: a guest, or an active member)."""
    return [
        (row.user, SeatHolder(row.seat, row.name, row.role, row.detail))
        for row in rows
        if row.active
    ]


def _waiting(place: int, explanation: str, request: FloorRequest) -> Waiting:
    return Waiting(
        place,
        request.pk,
        request.seat_id,
        request.seat.holder_name,
        request.group,
        request.kind,
        request.stance,
        explanation,
    )


def _speech(request: FloorRequest) -> Speech:
    called = (
        JournalEntry.objects.filter(
            code="sitting.speaker.called",
            object_type="meetings.floorrequest",
            object_id=str(request.pk),
        )
        .order_by("-sequence")
        .values_list("payload", flat=True)
        .first()
    )
    explanation = called.get("explanation", "") if isinstance(called, dict) else ""
    return Speech(
        request.pk,
        request.seat_id,
        request.seat.holder_name,
        request.group,
        request.kind,
        request.stance,
        request.allowed_seconds,
        request.spoken_seconds,
        request.clock_since,
        str(explanation),
    )


def _decision(item: AgendaItem) -> str | None:
    return (
        Decision.objects.filter(item=item)
        .order_by("-decided_at", "-pk")
        .values_list("explanation", flat=True)
        .first()
    )


# The names of stored values, translated when a screen renders (the state is shared
# across readers, the labels follow each reader's language).
def kind_label(kind: str) -> str:
    return str(FloorKind(kind).label) if kind in FloorKind.values else kind


def stance_label(stance: str) -> str:
    return str(FloorStance(stance).label) if stance in FloorStance.values else stance


def item_kind_label(kind: str) -> str:
    return str(ItemKind(kind).label) if kind in ItemKind.values else kind


def item_state_label(state: str) -> str:
    return str(ItemState(state).label) if state in ItemState.values else state


def status_label(status: str) -> str:
    return str(SittingStatus(status).label) if status in SittingStatus.values else status


def role_label(role: str) -> str:
    return str(SeatRole(role).label) if role in SeatRole.values else role


def no_item_open() -> RuleError:
    return RuleError(_("No item is open."), rule="sitting.no-item-open")


def open_item_of(sitting: Sitting) -> AgendaItem:
    """The sitting's current item, for the floor controls, or the refusal."""
    if sitting.current_item_id is None:
        raise no_item_open()
    item = AgendaItem.objects.select_related("sitting__body__organization").get(
        pk=sitting.current_item_id
    )
    return item
