"""A sitting's roll on plain data: alternates stepping in, and the quorum at the sitting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.procedure.attendance import (
    Roll,
    RollSeat,
    SittingVotes,
    StandIn,
    Voter,
    require_quorum,
    seat_votes,
    sitting_quorum,
)
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.questions.quorum import parse_quorum

FULL, ALTERNATE = SeatRole.FULL, SeatRole.ALTERNATE
CONSULTATIVE, GUEST = SeatRole.CONSULTATIVE, SeatRole.GUEST
HALF = parse_quorum("more-than-half")

BORIS = RollSeat(1, 101, "Boris Full", FULL)
VERA = RollSeat(2, 102, "Vera Full", FULL)
GLEB = RollSeat(3, 103, "Gleb Full", FULL)
YURI = RollSeat(11, 111, "Yuri First", ALTERNATE, rank=1)
ZOYA = RollSeat(12, 112, "Zoya Second", ALTERNATE, rank=2)
OLEG = RollSeat(13, 113, "Oleg Third", ALTERNATE, rank=3)
ADVISER = RollSeat(21, 121, "Anna Adviser", CONSULTATIVE)
VISITOR = RollSeat(31, None, "Guest Visitor", GUEST)
SEATS = (BORIS, VERA, GLEB, YURI, ZOYA, OLEG, ADVISER, VISITOR)


def roll(*present: RollSeat, seats: tuple[RollSeat, ...] = SEATS, full_seats: int = 3) -> Roll:
    return Roll(full_seats, seats, frozenset(s.seat for s in present))


def voting(r: Roll, current: tuple[StandIn, ...] = (), allowed: bool = True) -> SittingVotes:
    return seat_votes(r, current, alternates_step_in=allowed)


# Stepping in


def test_an_alternate_steps_in_for_an_absent_full_member_and_says_why() -> None:
    votes = voting(roll(VERA, GLEB, YURI, ZOYA))
    assert votes.stand_ins == (StandIn(BORIS.seat, YURI.seat),)
    assert votes.voter_for(BORIS.seat) == Voter(1, 11, 111, "Yuri First", stepping_in=True)
    assert votes.voter_for(VERA.seat) == Voter(2, 2, 102, "Vera Full")
    assert votes.reasons == (
        "Yuri First (alternate no. 1) steps in for Boris Full, who is absent.",
    )
    assert votes.stepped_in == votes.stand_ins and votes.stepped_back == ()
    assert votes.changes == votes.reasons


def test_alternates_step_in_by_rank_lowest_first_whatever_the_roll_order() -> None:
    seats = (BORIS, VERA, GLEB, OLEG, ZOYA, YURI)  # the alternates listed by falling rank
    votes = voting(roll(GLEB, OLEG, ZOYA, YURI, seats=seats))
    assert votes.stand_ins == (StandIn(BORIS.seat, YURI.seat), StandIn(VERA.seat, ZOYA.seat))
    assert votes.voter_for(GLEB.seat) == Voter(3, 3, 103, "Gleb Full")
    assert OLEG.seat not in {v.seat for v in votes.voters}


def test_absent_alternates_do_not_step_in_and_unfilled_seats_are_explained() -> None:
    votes = voting(roll(OLEG))
    assert votes.stand_ins == (StandIn(BORIS.seat, OLEG.seat),)
    assert votes.reasons == (
        "Oleg Third (alternate no. 3) steps in for Boris Full, who is absent.",
        "Vera Full is absent, and no alternate is present to step in.",
        "Gleb Full is absent, and no alternate is present to step in.",
    )
    assert [v.full_seat for v in votes.voters] == [BORIS.seat]


def test_nobody_steps_in_when_the_orders_do_not_allow_it() -> None:
    votes = voting(roll(VERA, GLEB, YURI), allowed=False)
    assert votes.stand_ins == () and votes.voter_for(BORIS.seat) is None
    assert votes.reasons == (
        "Boris Full is absent; the standing orders do not let alternates step in.",
    )


def test_a_stand_in_is_stable_when_a_lower_ranked_alternate_arrives_later() -> None:
    first = voting(roll(VERA, GLEB, ZOYA))
    assert first.stand_ins == (StandIn(BORIS.seat, ZOYA.seat),)
    later = voting(roll(VERA, GLEB, ZOYA, YURI), first.stand_ins)
    assert later.stand_ins == first.stand_ins
    assert later.stepped_in == () and later.stepped_back == () and later.changes == ()


def test_a_stand_in_is_stable_when_another_full_member_leaves() -> None:
    first = voting(roll(VERA, GLEB, ZOYA, YURI))
    assert first.stand_ins == (StandIn(BORIS.seat, YURI.seat),)
    # Vera leaves: Yuri stays with Boris's seat; the next free alternate takes Vera's.
    later = voting(roll(GLEB, ZOYA, YURI), first.stand_ins)
    assert later.stand_ins == (StandIn(BORIS.seat, YURI.seat), StandIn(VERA.seat, ZOYA.seat))
    assert later.stepped_in == (StandIn(VERA.seat, ZOYA.seat),)
    assert later.changes == (
        "Zoya Second (alternate no. 2) steps in for Vera Full, who is absent.",
    )


def test_the_alternate_steps_back_when_the_full_member_arrives() -> None:
    first = voting(roll(VERA, GLEB, YURI))
    back = voting(roll(BORIS, VERA, GLEB, YURI), first.stand_ins)
    assert back.stand_ins == () and back.stepped_back == first.stand_ins
    assert back.voter_for(BORIS.seat) == Voter(1, 1, 101, "Boris Full")
    assert back.changes == ("Yuri First (alternate no. 1) steps back: Boris Full is present.",)


def test_the_next_alternate_takes_over_when_the_stepping_in_alternate_leaves() -> None:
    first = voting(roll(VERA, GLEB, YURI, ZOYA))
    later = voting(roll(VERA, GLEB, ZOYA), first.stand_ins)
    assert later.stand_ins == (StandIn(BORIS.seat, ZOYA.seat),)
    assert later.changes == (
        "Yuri First (alternate no. 1) has left and no longer steps in for Boris Full.",
        "Zoya Second (alternate no. 2) steps in for Boris Full, who is absent.",
    )


def test_stand_ins_step_back_when_the_orders_stop_allowing_them() -> None:
    first = voting(roll(VERA, GLEB, YURI))
    later = voting(roll(VERA, GLEB, YURI), first.stand_ins, allowed=False)
    assert later.stand_ins == () and later.stepped_back == first.stand_ins
    assert later.changes == (
        "Yuri First (alternate no. 1) steps back: the standing orders do not let alternates "
        "step in.",
    )


def test_a_stand_in_for_a_seat_no_longer_on_the_roll_steps_back() -> None:
    seats = (VERA, GLEB, YURI)
    votes = voting(roll(YURI, seats=seats), (StandIn(BORIS.seat, YURI.seat),))
    assert votes.stepped_back == (StandIn(BORIS.seat, YURI.seat),)
    assert votes.changes[0] == (
        "Yuri First (alternate no. 1) steps back: the full seat they stepped in for is vacant."
    )
    # Yuri is free again, and steps in for the first absent full member on the roll.
    assert votes.stand_ins == (StandIn(VERA.seat, YURI.seat),)


def test_recorded_stand_ins_that_repeat_a_seat_are_refused() -> None:
    twice = (StandIn(BORIS.seat, YURI.seat), StandIn(VERA.seat, YURI.seat))
    with pytest.raises(RuleError) as refused:
        voting(roll(YURI), twice)
    assert refused.value.rule == "sitting.stand-in"


@pytest.mark.parametrize(
    ("seats", "present", "full_seats", "message"),
    [
        ((BORIS, BORIS), (), 3, "A seat is on the roll twice."),
        ((BORIS, replace(YURI, rank=None)), (), 3, "Every alternate on the roll needs a rank."),
        ((YURI, replace(ZOYA, rank=1)), (), 3, "Two alternates on the roll have the same rank."),
        ((BORIS, VERA), (), 1, "The roll holds 2 full seats, but the body has 1 full seat."),
        ((BORIS,), (99,), 3, "Seat 99 is marked present but is not on the roll."),
    ],
)
def test_a_roll_that_does_not_hold_together_is_refused(
    seats: tuple[RollSeat, ...], present: tuple[int, ...], full_seats: int, message: str
) -> None:
    with pytest.raises(RuleError) as refused:
        Roll(full_seats, seats, frozenset(present))
    assert refused.value.rule == "sitting.roll"
    assert str(refused.value) == message


# Quorum at the sitting


def congress(present_full: int, present_alternates: int = 0, full_seats: int = 133) -> Roll:
    full = tuple(RollSeat(n, 1000 + n, f"Full {n}", FULL) for n in range(1, full_seats + 1))
    alternates = tuple(
        RollSeat(100_000 + r, 200_000 + r, f"Alternate {r}", ALTERNATE, rank=r)
        for r in range(1, 21)
    )
    present = [s.seat for s in full[:present_full]]
    present += [s.seat for s in alternates[:present_alternates]]
    return Roll(full_seats, full + alternates, frozenset(present))


def test_61_of_133_is_refused_with_the_numbers() -> None:
    votes = voting(congress(61))
    with pytest.raises(RuleError) as refused:
        require_quorum(votes, HALF)
    assert refused.value.rule == "sitting.quorum"
    assert str(refused.value) == "Quorum not reached: 61 of 133 full members present, 67 needed."
    quorum = sitting_quorum(votes, HALF)
    assert (quorum.present, quorum.needed, quorum.met) == (61, 67, False)


def test_alternates_stepping_in_count_towards_the_quorum() -> None:
    votes = voting(congress(61, present_alternates=6))
    quorum = require_quorum(votes, HALF)
    assert (quorum.present, quorum.stepping_in, quorum.needed, quorum.met) == (67, 6, 67, True)
    assert quorum.sentence == (
        "Quorum reached: 67 of 133 full members present (6 of them alternates stepping in), "
        "67 needed."
    )
    # Without stepping in, the same alternates present do not count.
    alone = sitting_quorum(voting(congress(61, 6), allowed=False), HALF)
    assert (alone.present, alone.met) == (61, False)


def test_quorum_numbers_and_figures_come_from_the_quorum_rule() -> None:
    votes = voting(congress(1_200, full_seats=1_349))
    quorum = sitting_quorum(votes, parse_quorum("at-least:2/3:opening"))
    assert quorum.sentence == "Quorum reached: 1,200 of 1,349 full members present, 900 needed."
    assert quorum.result.rule.spec() == "two-thirds:opening"
    # A rule counting ballots is measured as presence: fewer present cannot reach it.
    ballots = sitting_quorum(voting(congress(40)), parse_quorum("50:voting"))
    assert (ballots.needed, ballots.met) == (50, False)


def test_one_full_seat_reads_in_the_singular() -> None:
    votes = voting(Roll(1, (BORIS,), frozenset()))
    assert sitting_quorum(votes, HALF).sentence == (
        "Quorum not reached: 0 of 1 full member present, 1 needed."
    )


# Properties

ROLES = st.sampled_from(list(SeatRole))


@st.composite
def rolls(draw: st.DrawFn) -> tuple[Roll, tuple[StandIn, ...]]:
    roles = draw(st.lists(ROLES, max_size=30))
    ranks = iter(draw(st.permutations(range(1, len(roles) + 1))))
    seats = tuple(
        RollSeat(n, n + 100, f"Member {n}", role, next(ranks) if role is ALTERNATE else None)
        for n, role in enumerate(roles, start=1)
    )
    present = draw(st.sets(st.sampled_from([s.seat for s in seats]))) if seats else set()
    full = sum(role is FULL for role in roles)
    r = Roll(full + draw(st.integers(0, 5)), seats, frozenset(present))
    # Recorded stand-ins from an earlier moment: any valid pairing, stale or not.
    fulls = [s.seat for s in seats if s.role is FULL]
    alternates = [s.seat for s in seats if s.role is ALTERNATE]
    pairs = list(zip(draw(st.permutations(fulls)), draw(st.permutations(alternates)), strict=False))
    current = tuple(StandIn(f, a) for f, a in pairs[: draw(st.integers(0, len(pairs)))])
    return r, current


@settings(max_examples=300)
@given(rolls(), st.booleans())
def test_never_more_voters_than_full_seats_and_one_vote_per_seat(
    data: tuple[Roll, tuple[StandIn, ...]], allowed: bool
) -> None:
    r, current = data
    votes = seat_votes(r, current, alternates_step_in=allowed)
    assert len(votes.voters) <= len(r.of_role(FULL)) <= r.full_seats
    assert len({v.full_seat for v in votes.voters}) == len(votes.voters)
    assert len({v.seat for v in votes.voters}) == len(votes.voters)
    for voter in votes.voters:
        seat = r.seat(voter.seat)
        assert seat is not None and r.is_present(voter.seat)
        assert seat.role is (ALTERNATE if voter.stepping_in else FULL)
    if not allowed:
        assert votes.stand_ins == ()


@settings(max_examples=300)
@given(rolls(), st.booleans())
def test_a_present_full_member_is_never_replaced(
    data: tuple[Roll, tuple[StandIn, ...]], allowed: bool
) -> None:
    r, current = data
    votes = seat_votes(r, current, alternates_step_in=allowed)
    for full in r.of_role(FULL):
        if r.is_present(full.seat):
            assert votes.voter_for(full.seat) == Voter(full.seat, full.seat, full.holder, full.name)
    assert not {s.full_seat for s in votes.stand_ins} & r.present


@settings(max_examples=300)
@given(rolls())
def test_stand_ins_fill_absent_seats_while_alternates_are_free_and_keep_valid_bindings(
    data: tuple[Roll, tuple[StandIn, ...]],
) -> None:
    r, current = data
    votes = seat_votes(r, current, alternates_step_in=True)
    absent = [s for s in r.of_role(FULL) if not r.is_present(s.seat)]
    alternates = [s for s in r.of_role(ALTERNATE) if r.is_present(s.seat)]
    assert len(votes.stand_ins) == min(len(absent), len(alternates))
    for s in current:
        if s.full_seat in {a.seat for a in absent} and s.alternate_seat in {
            a.seat for a in alternates
        }:
            assert s in votes.stand_ins
    # Taking the result as the record changes nothing.
    again = seat_votes(r, votes.stand_ins, alternates_step_in=True)
    assert again.stand_ins == votes.stand_ins and again.changes == ()


@settings(max_examples=300)
@given(rolls(), st.booleans())
def test_the_quorum_count_is_present_full_members_plus_alternates_stepping_in(
    data: tuple[Roll, tuple[StandIn, ...]], allowed: bool
) -> None:
    r, current = data
    votes = seat_votes(r, current, alternates_step_in=allowed)
    quorum = sitting_quorum(votes, HALF)
    full_present = sum(r.is_present(s.seat) for s in r.of_role(FULL))
    assert quorum.present == full_present + len(votes.stand_ins)
    assert quorum.stepping_in == len(votes.stand_ins)
    assert quorum.met == (quorum.present >= HALF.needed(r.full_seats))


@settings(max_examples=300)
@given(rolls(), st.booleans(), st.data())
def test_consultative_delegates_and_guests_never_change_the_count(
    data: tuple[Roll, tuple[StandIn, ...]], allowed: bool, more: st.DataObject
) -> None:
    r, current = data
    others = [s.seat for s in r.seats if s.role in (CONSULTATIVE, GUEST)]
    toggled = more.draw(st.sets(st.sampled_from(others))) if others else set()
    changed = replace(r, present=r.present ^ frozenset(toggled))
    before = seat_votes(r, current, alternates_step_in=allowed)
    after = seat_votes(changed, current, alternates_step_in=allowed)
    assert after.voters == before.voters
    assert sitting_quorum(after, HALF).present == sitting_quorum(before, HALF).present


def test_a_stand_in_whose_alternate_left_the_body_steps_back() -> None:
    seats = (BORIS, VERA, ZOYA)
    votes = voting(roll(VERA, ZOYA, seats=seats), (StandIn(BORIS.seat, YURI.seat),))
    assert votes.stepped_back == (StandIn(BORIS.seat, YURI.seat),)
    assert votes.changes == (
        "An alternate who stepped in steps back: they no longer hold an alternate seat.",
        "Zoya Second (alternate no. 2) steps in for Boris Full, who is absent.",
    )
