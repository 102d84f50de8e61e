"""Lists of speakers on plain data: refusals, the orderings and their sentences, time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.procedure.speakers import (
    AllowedTime,
    Because,
    ListEntry,
    ListState,
    OrderingRule,
    RequestKind,
    SpeakerHistory,
    SpeakingOrders,
    SpeakRequest,
    Stance,
    TimeLimits,
    allowed_time,
    check_request,
    order_speakers,
    remaining_time,
)

CONTRIBUTION, POINT = RequestKind.CONTRIBUTION, RequestKind.POINT_OF_ORDER
FOR, AGAINST, NEUTRAL = Stance.FOR, Stance.AGAINST, Stance.NEUTRAL
DEFAULT_ORDERS = SpeakingOrders()


def ask(
    speaker: int,
    asked: int,
    name: str = "",
    *,
    kind: RequestKind = CONTRIBUTION,
    stance: Stance = NEUTRAL,
    group: int | None = None,
    group_name: str = "",
) -> SpeakRequest:
    return SpeakRequest(speaker, asked, kind, stance, group, name or f"S{speaker}", group_name)


def names(entries: tuple[ListEntry, ...]) -> list[str]:
    return [entry.request.name for entry in entries]


def refusal(
    request: SpeakRequest,
    *,
    listed: Sequence[SpeakRequest] = (),
    history: Mapping[int, SpeakerHistory] | None = None,
    orders: SpeakingOrders = DEFAULT_ORDERS,
    state: ListState = ListState.OPEN,
) -> RuleError:
    with pytest.raises(RuleError) as refused:
        check_request(request, listed, history or {}, orders, state)
    return refused.value


# Refusals


def test_a_closed_list_refuses_all_but_points_of_order() -> None:
    closed = ListState.CLOSED
    for kind in (CONTRIBUTION, RequestKind.QUESTION, RequestKind.REPLY):
        refused = refusal(ask(1, 1, kind=kind), state=closed)
        assert refused.rule == "speakers.list-closed"
    assert str(refused) == "The list of speakers is closed: only points of order may be raised."
    check_request(ask(1, 1, kind=POINT), (), {}, SpeakingOrders(), closed)
    check_request(ask(1, 1), (), {}, SpeakingOrders(), ListState.OPEN)


def test_a_listed_speaker_cannot_ask_twice_but_may_raise_a_point_of_order() -> None:
    listed = [ask(1, 1, "Anna Full")]
    refused = refusal(ask(1, 2, "Anna Full"), listed=listed)
    assert refused.rule == "speakers.already-listed"
    assert str(refused) == "Anna Full is already on the list of speakers."
    check_request(ask(1, 2, kind=POINT), listed, {}, SpeakingOrders())
    check_request(ask(1, 2, kind=RequestKind.QUESTION), listed, {}, SpeakingOrders())
    # Another speaker, or the same speaker listed only for a point of order, may ask.
    check_request(ask(2, 2), listed, {}, SpeakingOrders())
    check_request(ask(1, 3), [ask(1, 1, kind=POINT)], {}, SpeakingOrders())


def test_contributions_beyond_the_orders_limit_are_refused() -> None:
    orders = SpeakingOrders(contributions_per_item=2)
    history = {1: SpeakerHistory(item_contributions=2)}
    refused = refusal(ask(1, 5, "Anna Full"), history=history, orders=orders)
    assert refused.rule == "speakers.contributions"
    assert str(refused) == (
        "The standing orders allow 2 contributions per speaker on this item; Anna Full has made 2."
    )
    check_request(ask(1, 5), (), {1: SpeakerHistory(item_contributions=1)}, orders)
    check_request(ask(1, 5), (), history, SpeakingOrders(contributions_per_item=None))
    one = refusal(
        ask(1, 5, "Anna Full"), history=history, orders=SpeakingOrders(contributions_per_item=1)
    )
    assert str(one).startswith("The standing orders allow 1 contribution per speaker")


# Orderings


def test_in_the_order_asked() -> None:
    entries = order_speakers([ask(2, 7, "Boris"), ask(1, 3, "Anna")], {}, SpeakingOrders())
    assert names(entries) == ["Anna", "Boris"]
    assert entries[0].because == Because.ASKED_EARLIER
    assert entries[0].explanation == "Anna speaks before Boris: asked for the floor earlier."
    assert entries[1].explanation == "Boris is last on the list."


def test_points_of_order_go_to_the_head_in_the_order_asked() -> None:
    requests = [ask(1, 1, "Anna"), ask(3, 5, "Clara", kind=POINT), ask(2, 4, "Boris", kind=POINT)]
    entries = order_speakers(requests, {}, SpeakingOrders())
    assert names(entries) == ["Boris", "Clara", "Anna"]
    assert entries[0].explanation == "Point of order by Boris: goes to the head of the list."
    assert entries[1].because == Because.POINT_OF_ORDER


def test_first_time_speakers_before_repeat_speakers() -> None:
    history = {1: SpeakerHistory(item_contributions=1, sitting_seconds=10)}
    requests = [ask(1, 1, "Boris Full"), ask(2, 2, "Anna Full"), ask(3, 3, "Clara Full")]
    entries = order_speakers(requests, history, SpeakingOrders(rule=OrderingRule.FIRST_TIME))
    assert names(entries) == ["Anna Full", "Clara Full", "Boris Full"]
    assert entries[0].because == Because.ASKED_EARLIER
    assert entries[1].explanation == "Clara Full speaks before Boris Full: first time on this item."
    # In the order asked, Boris would be first.
    assert names(order_speakers(requests, history, SpeakingOrders()))[0] == "Boris Full"


def test_least_speaking_time_first() -> None:
    history = {
        1: SpeakerHistory(sitting_seconds=300),
        2: SpeakerHistory(sitting_seconds=1),
        3: SpeakerHistory(sitting_seconds=1_200),
    }
    requests = [ask(1, 1, "Anna"), ask(2, 2, "Boris"), ask(3, 3, "Clara"), ask(4, 4, "Dora")]
    entries = order_speakers(requests, history, SpeakingOrders(rule=OrderingRule.LEAST_TIME))
    assert names(entries) == ["Dora", "Boris", "Anna", "Clara"]
    assert entries[1].because == Because.LESS_TIME
    assert entries[1].explanation == (
        "Boris speaks before Anna: 1 second spoken in this sitting, against 300."
    )
    assert entries[2].explanation == (
        "Anna speaks before Clara: 300 seconds spoken in this sitting, against 1,200."
    )


def test_quota_list_takes_groups_in_turn_in_the_declared_order() -> None:
    requests = [
        ask(1, 1, "A1", group=10, group_name="Alpha"),
        ask(2, 2, "A2", group=10, group_name="Alpha"),
        ask(3, 3, "A3", group=10, group_name="Alpha"),
        ask(4, 4, "B1", group=20, group_name="Beta"),
        ask(5, 5, "N1"),
        ask(6, 6, "C1", group=30, group_name="Gamma"),
        ask(7, 7, "D1", group=40, group_name="Delta"),
    ]
    orders = SpeakingOrders(rule=OrderingRule.QUOTA, group_order=(20, 30, 10, 99))
    entries = order_speakers(requests, {}, orders)
    # Declared groups first (99 has no request and is skipped), then the undeclared
    # Delta, then those in no group; one per group per round.
    assert names(entries) == ["B1", "C1", "A1", "D1", "N1", "A2", "A3"]
    assert entries[0].because == Because.GROUP_TURN
    assert entries[0].explanation == "B1 speaks before C1: it is the turn of Beta."
    assert entries[5].because == Because.ASKED_EARLIER


def test_alternation_for_and_against() -> None:
    requests = [
        ask(1, 1, "Anna", stance=FOR),
        ask(2, 2, "Boris", stance=FOR),
        ask(3, 3, "Clara", stance=NEUTRAL),
        ask(4, 4, "Dora", stance=AGAINST),
        ask(5, 5, "Emil", stance=AGAINST),
    ]
    orders = SpeakingOrders(alternate_stances=True)
    entries = order_speakers(requests, {}, orders)
    assert names(entries) == ["Anna", "Dora", "Boris", "Clara", "Emil"]
    assert entries[1].because == Because.ALTERNATION
    assert entries[1].explanation == "Dora speaks before Boris: against, after a speaker for."
    # Without alternation, the order asked.
    assert names(order_speakers(requests, {}, SpeakingOrders())) == [
        "Anna",
        "Boris",
        "Clara",
        "Dora",
        "Emil",
    ]
    # After a speaker for was heard, the first against goes first.
    after_for = order_speakers(requests, {}, orders, previous=FOR)
    assert names(after_for)[0] == "Dora"
    assert after_for[0].explanation == "Dora speaks before Anna: against, after a speaker for."
    after_against = order_speakers(requests[3:] + requests[:1], {}, orders, previous=AGAINST)
    assert names(after_against) == ["Anna", "Dora", "Emil"]
    assert after_against[0].because == Because.ASKED_EARLIER


# Speaking time


def test_remaining_time_per_group() -> None:
    assert remaining_time({10: 600, 20: 300, 30: 100}, {10: 250, 30: 400, 99: 5}) == {
        10: 350,
        20: 300,
        30: 0,
    }


def test_allowed_time_is_the_smaller_of_limit_and_group_remaining() -> None:
    limits = TimeLimits(contribution=300, point_of_order=60, question=30)
    remaining = {10: 120, 20: 900}
    short = allowed_time(ask(1, 1, group=10), limits, remaining)
    assert short == AllowedTime(limit=300, group_remaining=120, seconds=120)
    assert short.explanation("Anna") == (
        "Anna may speak for 120 seconds: what is left of the group's time."
    )
    long = allowed_time(ask(1, 1, group=20), limits, remaining)
    assert long == AllowedTime(limit=300, group_remaining=900, seconds=300)
    assert (
        long.explanation("Anna") == "Anna may speak for 300 seconds, as the standing orders allow."
    )
    # Points of order count against no budget; other kinds have their own limits.
    assert allowed_time(ask(1, 1, group=10, kind=POINT), limits, remaining).seconds == 60
    assert (
        allowed_time(ask(1, 1, group=10, kind=RequestKind.QUESTION), limits, remaining).seconds
        == 30
    )
    unlimited = allowed_time(ask(1, 1, kind=RequestKind.REPLY), limits, remaining)
    assert unlimited == AllowedTime(None, None, None)
    assert unlimited.explanation("Anna") == "Anna may speak without a time limit."
    # A group without a budget limits nothing; a spent one leaves no time.
    assert allowed_time(ask(1, 1, group=30), limits, remaining).seconds == 300
    spent = allowed_time(ask(1, 1, group=30), TimeLimits(), {30: 0})
    assert spent.seconds == 0


# Properties


@st.composite
def request_lists(draw: st.DrawFn) -> tuple[list[SpeakRequest], dict[int, SpeakerHistory]]:
    count = draw(st.integers(0, 12))
    asked = draw(st.lists(st.integers(0, 50), min_size=count, max_size=count))
    requests = [
        SpeakRequest(
            speaker=index,
            asked=moment,
            kind=draw(st.sampled_from(RequestKind)),
            stance=draw(st.sampled_from(Stance)),
            group=draw(st.sampled_from([None, 1, 2, 3, 4])),
            name=f"S{index}",
        )
        for index, moment in enumerate(asked)
    ]
    history = {
        request.speaker: SpeakerHistory(
            item_contributions=draw(st.integers(0, 3)), sitting_seconds=draw(st.integers(0, 2_000))
        )
        for request in requests
    }
    return requests, history


orders_strategy = st.builds(
    SpeakingOrders,
    rule=st.sampled_from(OrderingRule),
    alternate_stances=st.booleans(),
    group_order=st.permutations([1, 2, 3]).map(tuple),
)


@given(request_lists(), orders_strategy)
def test_the_list_is_a_permutation_with_points_of_order_first(
    drawn: tuple[list[SpeakRequest], dict[int, SpeakerHistory]], orders: SpeakingOrders
) -> None:
    requests, history = drawn
    entries = order_speakers(requests, history, orders)
    ordered = [entry.request for entry in entries]
    assert Counter(ordered) == Counter(requests)
    kinds = [request.kind == POINT for request in ordered]
    assert kinds == sorted(kinds, reverse=True)
    points = [request.asked for request in ordered if request.kind == POINT]
    assert points == sorted(points)
    assert all(entry.explanation for entry in entries)
    if entries:
        assert entries[-1].because in (Because.LAST, Because.POINT_OF_ORDER, Because.ALTERNATION)


@given(request_lists(), orders_strategy, st.sampled_from([None, *Stance]))
def test_alternation_never_repeats_a_stance_while_the_other_waits(
    drawn: tuple[list[SpeakRequest], dict[int, SpeakerHistory]],
    orders: SpeakingOrders,
    previous: Stance | None,
) -> None:
    requests, history = drawn
    alternating = SpeakingOrders(orders.rule, True, None, orders.group_order)
    ordered = [
        e.request
        for e in order_speakers(requests, history, alternating, previous)
        if e.request.kind != POINT
    ]
    last = previous if previous != NEUTRAL else None
    for index, request in enumerate(ordered):
        if request.stance == NEUTRAL:
            continue
        if last is not None and request.stance == last:
            waiting = {later.stance for later in ordered[index:]}
            assert ({FOR, AGAINST} - {last}).isdisjoint(waiting)
        last = request.stance


@given(request_lists())
def test_least_time_order_is_sorted_by_seconds_spoken(
    drawn: tuple[list[SpeakRequest], dict[int, SpeakerHistory]],
) -> None:
    requests, history = drawn
    entries = order_speakers(requests, history, SpeakingOrders(rule=OrderingRule.LEAST_TIME))
    others = [entry.request for entry in entries if entry.request.kind != POINT]
    keys = [(history[r.speaker].sitting_seconds, r.asked) for r in others]
    assert keys == sorted(keys)


@given(request_lists())
def test_first_time_speakers_come_before_repeat_speakers(
    drawn: tuple[list[SpeakRequest], dict[int, SpeakerHistory]],
) -> None:
    requests, history = drawn
    entries = order_speakers(requests, history, SpeakingOrders(rule=OrderingRule.FIRST_TIME))
    others = [entry.request for entry in entries if entry.request.kind != POINT]
    keys = [(history[r.speaker].item_contributions > 0, r.asked) for r in others]
    assert keys == sorted(keys)


@given(request_lists(), st.permutations([1, 2, 3, 4]))
def test_quota_takes_one_request_per_group_each_round(
    drawn: tuple[list[SpeakRequest], dict[int, SpeakerHistory]], group_order: list[int]
) -> None:
    requests, history = drawn
    orders = SpeakingOrders(rule=OrderingRule.QUOTA, group_order=tuple(group_order))
    ordered = [
        e.request for e in order_speakers(requests, history, orders) if e.request.kind != POINT
    ]
    # Round r holds each group's r-th request (in the order asked), in the group order.
    rank = {group: place for place, group in enumerate([*group_order, None])}
    seen: Counter[int | None] = Counter()
    keys = []
    for request in ordered:
        keys.append((seen[request.group], rank[request.group]))
        seen[request.group] += 1
    assert keys == sorted(keys)
    for group in rank:
        asked = [r.asked for r in ordered if r.group == group]
        assert asked == sorted(asked)
