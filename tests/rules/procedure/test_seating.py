"""Seating rules on plain data: who may hold which seat, and the alternate rank given."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import (
    BodySeats,
    MemberState,
    MemberStatus,
    SeatDecision,
    SeatingRequest,
    SeatOrigin,
    SeatRole,
    decide_seat,
    guest_key,
)

ORG = 1
CC = BodySeats(name="Central Committee", organization=ORG, full_seats=3, alternate_seats=2)
ANNA = MemberState(name="Anna", organization=ORG, status=MemberStatus.ACTIVE)
APPOINTED, INVITED = SeatOrigin.APPOINTED, SeatOrigin.INVITED


def outcome(request: SeatingRequest, body: BodySeats) -> SeatDecision | RuleError:
    """The decision, or the refusal, for assertions after the fact."""
    try:
        return decide_seat(request, body)
    except RuleError as refused:
        return refused


def refusal(request: SeatingRequest, body: BodySeats = CC) -> RuleError:
    with pytest.raises(RuleError) as refused:
        decide_seat(request, body)
    return refused.value


def test_a_free_full_seat_is_given_without_rank() -> None:
    assert decide_seat(SeatingRequest(SeatRole.FULL, ANNA, origin=APPOINTED), CC) == SeatDecision(
        rank=None, origin=APPOINTED
    )


def test_full_seats_cannot_exceed_the_body_size() -> None:
    full = replace(CC, taken={SeatRole.FULL: 3})
    refused = refusal(SeatingRequest(SeatRole.FULL, ANNA, origin=APPOINTED), full)
    assert refused.rule == "seat.body-size"
    assert str(refused) == "No full seat is free in Central Committee: 3 of 3 are filled."
    # The alternate seats are counted apart.
    assert decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, origin=APPOINTED), full).rank == 1


def test_alternate_seats_cannot_exceed_the_body_size() -> None:
    body = replace(CC, taken={SeatRole.ALTERNATE: 2}, alternate_ranks=frozenset({1, 2}))
    refused = refusal(SeatingRequest(SeatRole.ALTERNATE, ANNA, origin=APPOINTED), body)
    assert refused.rule == "seat.body-size"
    assert str(refused) == "No alternate seat is free in Central Committee: 2 of 2 are filled."


def test_consultative_and_guest_seats_have_no_limit() -> None:
    crowded = replace(
        CC, full_seats=0, alternate_seats=0, taken={SeatRole.CONSULTATIVE: 500, SeatRole.GUEST: 9}
    )
    for role in (SeatRole.CONSULTATIVE, SeatRole.GUEST):
        assert decide_seat(SeatingRequest(role, ANNA, origin=APPOINTED), crowded) == SeatDecision(
            rank=None, origin=APPOINTED
        )


def test_only_a_guest_seat_goes_to_someone_not_in_the_register() -> None:
    guest = decide_seat(SeatingRequest(SeatRole.GUEST, guest_name="  Fraternal delegation "), CC)
    # A guest left without an origin is invited (never "elected").
    assert guest == SeatDecision(rank=None, guest_name="Fraternal delegation", origin=INVITED)
    for request in (
        SeatingRequest(SeatRole.FULL, guest_name="Someone"),
        SeatingRequest(SeatRole.GUEST, guest_name="   "),
        SeatingRequest(SeatRole.GUEST),
    ):
        refused = refusal(request)
        assert refused.rule == "seat.member-required"
        assert str(refused) == "Only a guest seat can be given without a member of the register."


def test_a_members_seat_keeps_no_guest_name() -> None:
    decision = decide_seat(
        SeatingRequest(SeatRole.GUEST, ANNA, guest_name="ignored", origin=APPOINTED), CC
    )
    assert decision.guest_name == ""


def test_the_member_must_be_in_the_bodys_organization() -> None:
    stranger = replace(ANNA, organization=2)
    refused = refusal(SeatingRequest(SeatRole.FULL, stranger, origin=APPOINTED))
    assert refused.rule == "seat.same-organization"
    assert str(refused) == "Anna is not in this organization's register."


@pytest.mark.parametrize("status", [MemberStatus.SUSPENDED, MemberStatus.LEFT])
def test_only_active_members_are_seated(status: MemberStatus) -> None:
    refused = refusal(SeatingRequest(SeatRole.FULL, replace(ANNA, status=status), origin=APPOINTED))
    assert refused.rule == "seat.active-member"
    assert str(refused) == f"Anna cannot be seated: their membership is {status}."


@pytest.mark.parametrize(
    ("held", "words"),
    [
        (SeatRole.FULL, "full member"),
        (SeatRole.ALTERNATE, "alternate member"),
        (SeatRole.CONSULTATIVE, "consultative delegate"),
        (SeatRole.GUEST, "guest"),
    ],
)
def test_one_seat_per_member(held: SeatRole, words: str) -> None:
    refused = refusal(
        SeatingRequest(SeatRole.FULL, replace(ANNA, current_role=held), origin=APPOINTED)
    )
    assert refused.rule == "seat.one-per-member"
    assert str(refused) == (
        f"Anna already holds a seat in Central Committee ({words}); one seat per member."
    )


def test_the_first_rule_broken_is_named() -> None:
    # Suspended, already seated and the body full: the membership is judged first.
    everything_wrong = replace(ANNA, status=MemberStatus.SUSPENDED, current_role=SeatRole.FULL)
    full = replace(CC, taken={SeatRole.FULL: 3})
    assert refusal(
        SeatingRequest(SeatRole.FULL, everything_wrong, origin=APPOINTED), full
    ).rule == ("seat.active-member")
    seated = replace(ANNA, current_role=SeatRole.GUEST)
    assert (
        refusal(SeatingRequest(SeatRole.FULL, seated, origin=APPOINTED), full).rule
        == "seat.one-per-member"
    )
    # A rank on a full seat is refused only once the seat itself could be given.
    assert (
        refusal(SeatingRequest(SeatRole.FULL, ANNA, rank=1, origin=APPOINTED), full).rule
        == "seat.body-size"
    )


def test_alternates_get_the_next_rank_after_the_last() -> None:
    assert decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, origin=APPOINTED), CC).rank == 1
    gap = replace(
        CC, alternate_seats=9, taken={SeatRole.ALTERNATE: 2}, alternate_ranks=frozenset({1, 4})
    )
    assert decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, origin=APPOINTED), gap).rank == 5
    # A free rank may be asked for, even below the last one.
    assert (
        decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, rank=2, origin=APPOINTED), gap).rank
        == 2
    )


def test_an_alternate_rank_is_held_once() -> None:
    body = replace(CC, taken={SeatRole.ALTERNATE: 1}, alternate_ranks=frozenset({1}))
    refused = refusal(SeatingRequest(SeatRole.ALTERNATE, ANNA, rank=1, origin=APPOINTED), body)
    assert refused.rule == "seat.alternate-rank"
    assert str(refused) == "Alternate rank 1 is already taken in Central Committee."


@pytest.mark.parametrize("role", [SeatRole.FULL, SeatRole.CONSULTATIVE, SeatRole.GUEST])
def test_only_alternate_seats_have_a_rank(role: SeatRole) -> None:
    refused = refusal(SeatingRequest(role, ANNA, rank=1, origin=APPOINTED))
    assert refused.rule == "seat.alternate-rank"
    assert str(refused) == "Only alternate seats have a rank."


# -- properties ---------------------------------------------------------------------------

RULES = {
    "seat.member-required",
    "seat.same-organization",
    "seat.active-member",
    "seat.one-per-member",
    "seat.body-size",
    "seat.alternate-rank",
    "seat.one-per-guest",
    "seat.origin",
}
roles = st.sampled_from(list(SeatRole))
statuses = st.sampled_from(list(MemberStatus))


@st.composite
def requests(draw: st.DrawFn, people: int) -> tuple[int | None, SeatingRequest]:
    """A request for one of `people` register entries (or a guest), as (person, request)."""
    person = draw(st.none() | st.integers(0, people - 1))
    role = draw(roles)
    rank = draw(st.none() | st.integers(1, 6))
    guest_name = draw(st.sampled_from(["", " ", "Guest", " guest", "Other"]))
    origin = draw(st.none() | st.sampled_from(list(SeatOrigin)))
    return person, SeatingRequest(role, None, guest_name, rank, origin)


@settings(max_examples=300)
@given(
    full=st.integers(0, 4),
    alternates=st.integers(0, 4),
    people=st.lists(st.tuples(st.sampled_from([ORG, ORG, 2]), statuses), min_size=1, max_size=8),
    data=st.data(),
)
def test_seating_one_after_another_keeps_every_rule(
    full: int,
    alternates: int,
    people: list[tuple[int, MemberStatus]],
    data: st.DataObject,
) -> None:
    """Seat requests one after another, storing what is decided; whatever is asked, the
    body never holds more seats than it has, ranks stay distinct, every member holds at
    most one seat, a guest's name one guest seat, no guest is elected, and every refusal
    names one of the seating rules."""
    seats: list[tuple[int | None, SeatRole, int | None]] = []  # (person, role, rank)
    guests: list[str] = []
    for person, request in data.draw(st.lists(requests(len(people)), max_size=20)):
        taken = {role: sum(1 for _, r, _ in seats if r == role) for role in SeatRole}
        ranks = frozenset(rank for _, role, rank in seats if rank is not None)
        body = BodySeats(
            "B", ORG, full, alternates, taken, ranks, guests=frozenset(map(guest_key, guests))
        )
        member = None
        if person is not None:
            organization, status = people[person]
            held = [role for who, role, _ in seats if who == person]
            member = MemberState(f"P{person}", organization, status, held[0] if held else None)
        request = replace(request, member=member)
        decision = outcome(request, body)
        if isinstance(decision, RuleError):
            assert decision.rule in RULES
            assert str(decision)
            continue
        assert member is None or (
            member.organization == ORG
            and member.status == MemberStatus.ACTIVE
            and member.current_role is None
        )
        assert (decision.rank is not None) == (request.role == SeatRole.ALTERNATE)
        if request.rank is not None:
            assert decision.rank == request.rank
        elif decision.rank is not None:
            assert decision.rank == max(ranks, default=0) + 1
        assert (decision.origin == SeatOrigin.ELECTED) <= (request.role != SeatRole.GUEST)
        assert (decision.origin == SeatOrigin.INVITED) <= (request.role == SeatRole.GUEST)
        if decision.guest_name:
            guests.append(decision.guest_name)
        seats.append((person, request.role, decision.rank))

    assert sum(1 for _, role, _ in seats if role == SeatRole.FULL) <= full
    assert sum(1 for _, role, _ in seats if role == SeatRole.ALTERNATE) <= alternates
    ranks_held = [rank for _, _, rank in seats if rank is not None]
    assert len(ranks_held) == len(set(ranks_held))
    members_seated = [who for who, _, _ in seats if who is not None]
    assert len(members_seated) == len(set(members_seated))
    assert all(people[who] == (ORG, MemberStatus.ACTIVE) for who in members_seated)
    assert len({guest_key(name) for name in guests}) == len(guests)


@given(role=roles, status=statuses, organization=st.sampled_from([ORG, 2]), held=st.none() | roles)
def test_a_member_is_refused_exactly_when_a_member_rule_is_broken(
    role: SeatRole, status: MemberStatus, organization: int, held: SeatRole | None
) -> None:
    roomy = replace(CC, full_seats=10, alternate_seats=10)
    member = MemberState("M", organization, status, held)
    expected = (
        "seat.same-organization"
        if organization != ORG
        else "seat.active-member"
        if status != MemberStatus.ACTIVE
        else "seat.one-per-member"
        if held is not None
        else None
    )
    decided = outcome(SeatingRequest(role, member, origin=APPOINTED), roomy)
    if expected is None:
        assert isinstance(decided, SeatDecision)
    else:
        assert isinstance(decided, RuleError) and decided.rule == expected


@pytest.mark.parametrize("rank", [0, 3, 2**31, 2**63])
def test_a_rank_outside_the_alternate_seats_is_refused(rank: int) -> None:
    with pytest.raises(RuleError) as refusal:
        decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, rank=rank, origin=APPOINTED), CC)
    assert refusal.value.rule == "seat.alternate-rank"


def test_after_the_highest_rank_the_lowest_free_one_is_given() -> None:
    full = replace(CC, taken={SeatRole.ALTERNATE: 1}, alternate_ranks=frozenset({2}))
    assert decide_seat(SeatingRequest(SeatRole.ALTERNATE, ANNA, origin=APPOINTED), full).rank == 1
