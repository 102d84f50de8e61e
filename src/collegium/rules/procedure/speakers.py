"""Lists of speakers: who may ask for the floor, in which order they speak, for how long.

The caller loads the item's requests to speak (SpeakRequest), each speaker's history
(SpeakerHistory) and the standing orders' settings (SpeakingOrders) into plain data, and:

    check_request(request, listed, history, orders, state)
                        refuses a request with RuleError naming the rule, or returns None;
    order_speakers(requests, history, orders, previous=None)
                        the list in speaking order, each entry with the sentence the chair's
                        screen shows for it ("Anna Full speaks before Boris Full: first time
                        on this item.");
    allowed_time(request, limits, remaining)
                        how long a speaker may speak: the orders' limit for the kind of
                        request, the group's remaining budget, and the smaller of the two;
    remaining_time(budgets, spoken)
                        each group's budget minus what its members have spoken (never below 0).

The rules refused, in the order checked:

    speakers.list-closed      on a closed list only points of order may be raised
    speakers.already-listed   a speaker already listed for a contribution cannot ask for a
                              second one (a point of order, question or reply they may)
    speakers.contributions    no more contributions per speaker on the item than the
                              orders allow (those made plus the one asked for)

Ordering (OrderingRule): points of order always go first, in the order asked; the others
in the order asked, first-time speakers (no contribution on this item yet) before repeat
speakers, least speaking time in the sitting first, or a quota list taking one request
from each group in turn. Ties are broken by the order asked. With `alternate_stances`, a
speaker for is followed by a speaker against while one waits, and the other way round;
neutral requests keep their turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from collegium.rules.errors import RuleError
from collegium.rules.text import _, figure, ngettext


class RequestKind(StrEnum):
    CONTRIBUTION = "contribution"
    POINT_OF_ORDER = "point-of-order"
    QUESTION = "question"  # an interposed question
    REPLY = "reply"  # the answer to an interposed question or an intervention


class Stance(StrEnum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"


class ListState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class OrderingRule(StrEnum):
    """How the standing orders order a list of speakers (points of order always first)."""

    ASKED = "asked"  # in the order asked
    FIRST_TIME = "first-time"  # first-time speakers on the item before repeat speakers
    LEAST_TIME = "least-time"  # least total speaking time in the sitting first
    QUOTA = "quota"  # one request from each group in turn, in the declared group order


class Because(StrEnum):
    """Why an entry stands where it does (what its sentence says, for tests and styling)."""

    POINT_OF_ORDER = "point-of-order"
    ASKED_EARLIER = "asked-earlier"
    FIRST_TIME = "first-time"
    LESS_TIME = "less-time"
    GROUP_TURN = "group-turn"
    ALTERNATION = "alternation"
    LAST = "last"


@dataclass(frozen=True)
class SpeakRequest:
    """One request to speak on an agenda item.

    speaker: the id of the seat holder (or guest) asking; name: how the screen names them.
    group: the id of their delegation, unit or faction (None: in no group); group_name: how
    the screen names it. asked: when the request was made, any increasing sequence number.
    """

    speaker: int
    asked: int
    kind: RequestKind = RequestKind.CONTRIBUTION
    stance: Stance = Stance.NEUTRAL
    group: int | None = None
    name: str = ""
    group_name: str = ""


@dataclass(frozen=True)
class SpeakerHistory:
    """What a speaker has done so far: contributions and seconds on this item, and seconds
    spoken in the whole sitting (the total that least-time ordering compares)."""

    item_contributions: int = 0
    item_seconds: int = 0
    sitting_seconds: int = 0


NO_HISTORY = SpeakerHistory()


@dataclass(frozen=True)
class SpeakingOrders:
    """The standing orders' settings for lists of speakers.

    contributions_per_item: how many contributions a speaker may make on one item (None:
    no limit). group_order: the declared groups in the order the quota list takes them;
    groups not declared follow in the order of their first request, then requests in no
    group.
    """

    rule: OrderingRule = OrderingRule.ASKED
    alternate_stances: bool = False
    contributions_per_item: int | None = None
    group_order: tuple[int, ...] = ()


@dataclass(frozen=True)
class ListEntry:
    """One place on the ordered list: the request, why it stands there, and the sentence."""

    request: SpeakRequest
    because: Because
    explanation: str


@dataclass(frozen=True)
class TimeLimits:
    """The orders' seconds per kind of request (None: no limit)."""

    contribution: int | None = None
    point_of_order: int | None = None
    question: int | None = None
    reply: int | None = None

    def of(self, kind: RequestKind) -> int | None:
        return {
            RequestKind.CONTRIBUTION: self.contribution,
            RequestKind.POINT_OF_ORDER: self.point_of_order,
            RequestKind.QUESTION: self.question,
            RequestKind.REPLY: self.reply,
        }[kind]


@dataclass(frozen=True)
class AllowedTime:
    """limit: the orders' seconds for the kind of request; group_remaining: the speaker's
    group's remaining budget (None when it has none, and for points of order, which no
    budget counts); seconds: the smaller of the two (None when neither limits)."""

    limit: int | None
    group_remaining: int | None
    seconds: int | None

    def explanation(self, name: str) -> str:
        if self.seconds is None:
            return _("%(name)s may speak without a time limit.") % {"name": name}
        values = {"name": name, "seconds": figure(self.seconds)}
        if self.group_remaining is not None and (
            self.limit is None or self.group_remaining < self.limit
        ):
            return (
                ngettext(
                    "%(name)s may speak for %(seconds)s second: what is left of the group's time.",
                    "%(name)s may speak for %(seconds)s seconds: what is left of the group's time.",
                    self.seconds,
                )
                % values
            )
        return (
            ngettext(
                "%(name)s may speak for %(seconds)s second, as the standing orders allow.",
                "%(name)s may speak for %(seconds)s seconds, as the standing orders allow.",
                self.seconds,
            )
            % values
        )


def check_request(
    request: SpeakRequest,
    listed: Iterable[SpeakRequest],
    history: Mapping[int, SpeakerHistory],
    orders: SpeakingOrders,
    state: ListState = ListState.OPEN,
) -> None:
    """Raise RuleError when the request may not be added to the list holding `listed`."""
    if request.kind == RequestKind.POINT_OF_ORDER:
        return
    if state == ListState.CLOSED:
        raise RuleError(
            _("The list of speakers is closed: only points of order may be raised."),
            rule="speakers.list-closed",
        )
    if request.kind != RequestKind.CONTRIBUTION:
        return
    if any(
        other.speaker == request.speaker and other.kind == RequestKind.CONTRIBUTION
        for other in listed
    ):
        raise RuleError(
            _("%(name)s is already on the list of speakers.") % {"name": request.name},
            rule="speakers.already-listed",
        )
    limit = orders.contributions_per_item
    made = history.get(request.speaker, NO_HISTORY).item_contributions
    if limit is not None and made + 1 > limit:
        raise RuleError(
            ngettext(
                "The standing orders allow %(limit)s contribution per speaker on this item; "
                "%(name)s has made %(made)s.",
                "The standing orders allow %(limit)s contributions per speaker on this item; "
                "%(name)s has made %(made)s.",
                limit,
            )
            % {"limit": figure(limit), "name": request.name, "made": figure(made)},
            rule="speakers.contributions",
        )


def remaining_time(budgets: Mapping[int, int], spoken: Mapping[int, int]) -> dict[int, int]:
    """Each group's budget in seconds minus what its members have spoken, at least 0."""
    return {group: max(0, budget - spoken.get(group, 0)) for group, budget in budgets.items()}


def allowed_time(
    request: SpeakRequest, limits: TimeLimits, remaining: Mapping[int, int]
) -> AllowedTime:
    """How long the speaker may speak: min(the orders' limit, the group's remaining time)."""
    limit = limits.of(request.kind)
    group_remaining = None
    if request.kind != RequestKind.POINT_OF_ORDER and request.group is not None:
        group_remaining = remaining.get(request.group)
    bounds = [value for value in (limit, group_remaining) if value is not None]
    return AllowedTime(limit, group_remaining, min(bounds) if bounds else None)


def _asked(request: SpeakRequest) -> tuple[int, int]:
    return (request.asked, request.speaker)


def _by_rule(
    requests: Sequence[SpeakRequest],
    history: Mapping[int, SpeakerHistory],
    orders: SpeakingOrders,
) -> list[SpeakRequest]:
    def past(request: SpeakRequest) -> SpeakerHistory:
        return history.get(request.speaker, NO_HISTORY)

    if orders.rule == OrderingRule.FIRST_TIME:
        return sorted(requests, key=lambda r: (past(r).item_contributions > 0, _asked(r)))
    if orders.rule == OrderingRule.LEAST_TIME:
        return sorted(requests, key=lambda r: (past(r).sitting_seconds, _asked(r)))
    if orders.rule == OrderingRule.QUOTA:
        return _quota(sorted(requests, key=_asked), orders.group_order)
    return sorted(requests, key=_asked)


def _quota(requests: list[SpeakRequest], group_order: tuple[int, ...]) -> list[SpeakRequest]:
    queues: dict[int | None, list[SpeakRequest]] = {group: [] for group in group_order}
    for request in requests:
        if request.group is not None:
            queues.setdefault(request.group, []).append(request)
    queues[None] = [request for request in requests if request.group is None]
    ordered: list[SpeakRequest] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                ordered.append(queue.pop(0))
    return ordered


_OPPOSITE = {Stance.FOR: Stance.AGAINST, Stance.AGAINST: Stance.FOR}


def _alternated(
    requests: list[SpeakRequest], previous: Stance | None
) -> list[tuple[SpeakRequest, bool]]:
    """The requests with for and against alternating, each with whether it moved ahead."""
    waiting = list(requests)
    ordered: list[tuple[SpeakRequest, bool]] = []
    last = previous if previous != Stance.NEUTRAL else None
    while waiting:
        pick = 0
        if last is not None and waiting[0].stance == last:
            other = _OPPOSITE[last]
            pick = next((i for i, r in enumerate(waiting) if r.stance == other), 0)
        request = waiting.pop(pick)
        ordered.append((request, pick > 0))
        if request.stance != Stance.NEUTRAL:
            last = request.stance
    return ordered


def order_speakers(
    requests: Iterable[SpeakRequest],
    history: Mapping[int, SpeakerHistory],
    orders: SpeakingOrders,
    previous: Stance | None = None,
) -> tuple[ListEntry, ...]:
    """The requests in speaking order, each with the sentence explaining its place.

    previous: the stance of the last speaker heard on the item, which alternation follows.
    """
    requests = list(requests)
    points = sorted((r for r in requests if r.kind == RequestKind.POINT_OF_ORDER), key=_asked)
    others = _by_rule(
        [r for r in requests if r.kind != RequestKind.POINT_OF_ORDER], history, orders
    )
    placed = [(request, False) for request in others]
    if orders.alternate_stances:
        placed = _alternated(others, previous)
    entries = [
        ListEntry(
            request,
            Because.POINT_OF_ORDER,
            _("Point of order by %(name)s: goes to the head of the list.") % {"name": request.name},
        )
        for request in points
    ]
    for index, (request, moved) in enumerate(placed):
        following = placed[index + 1][0] if index + 1 < len(placed) else None
        because = _because(request, following, history, orders, moved)
        entries.append(ListEntry(request, because, _sentence(because, request, following, history)))
    return tuple(entries)


def _because(
    request: SpeakRequest,
    following: SpeakRequest | None,
    history: Mapping[int, SpeakerHistory],
    orders: SpeakingOrders,
    moved: bool,
) -> Because:
    if moved:
        return Because.ALTERNATION
    if following is None:
        return Because.LAST
    mine = history.get(request.speaker, NO_HISTORY)
    theirs = history.get(following.speaker, NO_HISTORY)
    if orders.rule == OrderingRule.FIRST_TIME:
        if mine.item_contributions == 0 < theirs.item_contributions:
            return Because.FIRST_TIME
    elif orders.rule == OrderingRule.LEAST_TIME:
        if mine.sitting_seconds < theirs.sitting_seconds:
            return Because.LESS_TIME
    elif orders.rule == OrderingRule.QUOTA and request.group != following.group:
        return Because.GROUP_TURN
    return Because.ASKED_EARLIER


def _sentence(
    because: Because,
    request: SpeakRequest,
    following: SpeakRequest | None,
    history: Mapping[int, SpeakerHistory],
) -> str:
    name = request.name
    if because == Because.LAST or following is None:
        return _("%(name)s is last on the list.") % {"name": name}
    values = {"name": name, "next": following.name, "group": request.group_name}
    if because == Because.ALTERNATION:
        if request.stance == Stance.AGAINST:
            return _("%(name)s speaks before %(next)s: against, after a speaker for.") % values
        return _("%(name)s speaks before %(next)s: for, after a speaker against.") % values
    if because == Because.FIRST_TIME:
        return _("%(name)s speaks before %(next)s: first time on this item.") % values
    if because == Because.LESS_TIME:
        seconds = history.get(request.speaker, NO_HISTORY).sitting_seconds
        other = history.get(following.speaker, NO_HISTORY).sitting_seconds
        return ngettext(
            "%(name)s speaks before %(next)s: %(seconds)s second spoken in this sitting, "
            "against %(other)s.",
            "%(name)s speaks before %(next)s: %(seconds)s seconds spoken in this sitting, "
            "against %(other)s.",
            seconds,
        ) % {**values, "seconds": figure(seconds), "other": figure(other)}
    if because == Because.GROUP_TURN:
        return _("%(name)s speaks before %(next)s: it is the turn of %(group)s.") % values
    return _("%(name)s speaks before %(next)s: asked for the floor earlier.") % values
