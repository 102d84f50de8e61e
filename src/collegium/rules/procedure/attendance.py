"""A sitting's roll: who votes for which full seat, and whether the sitting has its quorum.

The caller loads the body's current seats and who is present at the moment into a Roll
(plain data: seat ids, holder ids, names, roles, alternate ranks) and calls:

    seat_votes(roll, current, alternates_step_in=...)
        who votes for which full seat: a present full member for their own seat; when the
        standing orders let alternates step in, a present alternate for an absent full
        member. `current` is the stand-ins recorded so far; the result's `stand_ins` are
        the ones to record now (with `stepped_in` and `stepped_back`, the changes).
    sitting_quorum(votes, rule)
        the quorum at the sitting (a QuorumRule of rules.questions.quorum, whose arithmetic
        it uses): full members present plus alternates stepping in; other alternates,
        consultative delegates and guests never count.
    require_quorum(votes, rule)
        the same, or RuleError `sitting.quorum` when it is not reached.

Stepping in (only when the orders allow it):
- each absent full member is replaced by at most one present alternate, and an alternate
  stands in for at most one full member;
- a stand-in already recorded stays bound to the same full seat while the full member is
  absent and the alternate present, so check-ins and check-outs of others never move it;
- the absent full seats left (in the roll's order of seats) take the free present
  alternates in rank order, lowest rank first;
- when the full member arrives (or the alternate leaves), the alternate steps back.

Refusals: `sitting.roll` (a roll that does not hold together: seat ids repeated, an
alternate without a rank or two with the same rank, more full seats than the body has, a
present seat not on the roll), `sitting.stand-in` (a recorded stand-in naming a full seat
or an alternate twice), `sitting.quorum` (quorum not reached).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.questions.quorum import Counted, QuorumResult, QuorumRule, check_quorum
from collegium.rules.text import _, figure, ngettext


@dataclass(frozen=True)
class RollSeat:
    """One current seat of the body.

    seat: the seat's id; holder: the member's id (None for a guest not in the register);
    name: the holder's name as the sentences show it; rank: alternates only, from 1.
    """

    seat: int
    holder: int | None
    name: str
    role: SeatRole
    rank: int | None = None


@dataclass(frozen=True)
class Roll:
    """The body's current seats (in the order the absent full seats are filled) and the
    ids of the seats whose holders are present at the moment; full_seats is the body's
    number of full seats, filled or not (what the quorum is a share of)."""

    full_seats: int
    seats: tuple[RollSeat, ...]
    present: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        ids = [seat.seat for seat in self.seats]
        if len(set(ids)) != len(ids):
            raise RuleError(_("A seat is on the roll twice."), rule="sitting.roll")
        ranks = [seat.rank for seat in self.seats if seat.role is SeatRole.ALTERNATE]
        if None in ranks:
            raise RuleError(_("Every alternate on the roll needs a rank."), rule="sitting.roll")
        if len(set(ranks)) != len(ranks):
            raise RuleError(
                _("Two alternates on the roll have the same rank."), rule="sitting.roll"
            )
        full = sum(seat.role is SeatRole.FULL for seat in self.seats)
        if self.full_seats < 0 or full > self.full_seats:
            raise RuleError(
                ngettext(
                    "The roll holds %(count)s full seats, but the body has %(seats)s full seat.",
                    "The roll holds %(count)s full seats, but the body has %(seats)s full seats.",
                    self.full_seats,
                )
                % {"count": figure(full), "seats": figure(self.full_seats)},
                rule="sitting.roll",
            )
        unknown = self.present - set(ids)
        if unknown:
            raise RuleError(
                _("Seat %(seat)s is marked present but is not on the roll.")
                % {"seat": min(unknown)},
                rule="sitting.roll",
            )

    def seat(self, seat: int) -> RollSeat | None:
        return self._by_id.get(seat)

    @cached_property
    def _by_id(self) -> dict[int, RollSeat]:
        return {s.seat: s for s in self.seats}

    def is_present(self, seat: int) -> bool:
        return seat in self.present

    def of_role(self, role: SeatRole) -> tuple[RollSeat, ...]:
        return tuple(seat for seat in self.seats if seat.role is role)


@dataclass(frozen=True, order=True)
class StandIn:
    """The alternate holding `alternate_seat` votes for the full seat `full_seat`."""

    full_seat: int
    alternate_seat: int


@dataclass(frozen=True)
class Voter:
    """Who votes for the full seat `full_seat`: the holder of `seat` (the full seat itself,
    or the alternate's seat when `stepping_in`)."""

    full_seat: int
    seat: int
    holder: int | None
    name: str
    stepping_in: bool = False


@dataclass(frozen=True)
class SittingVotes:
    """Who votes at the sitting, one Voter per full seat voted (in the roll's order).

    stand_ins: the stand-ins to record now; stepped_in, stepped_back: how they differ from
    those recorded before. reasons: one sentence per stand-in and per absent full member
    nobody stands in for; changes: one sentence per alternate stepping in or back now.
    """

    full_seats: int
    voters: tuple[Voter, ...]
    stand_ins: tuple[StandIn, ...]
    stepped_in: tuple[StandIn, ...] = ()
    stepped_back: tuple[StandIn, ...] = ()
    reasons: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()

    def voter_for(self, full_seat: int) -> Voter | None:
        return next((v for v in self.voters if v.full_seat == full_seat), None)

    @property
    def full_present(self) -> int:
        return sum(not voter.stepping_in for voter in self.voters)

    @property
    def stepping_in(self) -> int:
        return sum(voter.stepping_in for voter in self.voters)


def _alternate(seat: RollSeat) -> str:
    """ "Yuri First (alternate no. 1)"."""
    return _("%(name)s (alternate no. %(rank)s)") % {
        "name": seat.name,
        "rank": figure(seat.rank or 0),
    }


def _stands_in(alternate: RollSeat, full: RollSeat) -> str:
    return _("%(alternate)s steps in for %(full)s, who is absent.") % {
        "alternate": _alternate(alternate),
        "full": full.name,
    }


def _steps_back(stand_in: StandIn, roll: Roll, allowed: bool) -> str:
    full, alternate = roll.seat(stand_in.full_seat), roll.seat(stand_in.alternate_seat)
    if alternate is None or alternate.role is not SeatRole.ALTERNATE:
        return _("An alternate who stepped in steps back: they no longer hold an alternate seat.")
    values = {"alternate": _alternate(alternate), "full": "" if full is None else full.name}
    if full is None or full.role is not SeatRole.FULL:
        return _("%(alternate)s steps back: the full seat they stepped in for is vacant.") % values
    if not allowed:
        return (
            _("%(alternate)s steps back: the standing orders do not let alternates step in.")
            % values
        )
    if roll.is_present(full.seat):
        return _("%(alternate)s steps back: %(full)s is present.") % values
    return _("%(alternate)s has left and no longer steps in for %(full)s.") % values


def _checked(current: Iterable[StandIn]) -> tuple[StandIn, ...]:
    stand_ins = tuple(current)
    fulls = [s.full_seat for s in stand_ins]
    alternates = [s.alternate_seat for s in stand_ins]
    if len(set(fulls)) != len(fulls) or len(set(alternates)) != len(alternates):
        raise RuleError(
            _(
                "An alternate stands in for one full member at most, and a full member has one "
                "stand-in at most."
            ),
            rule="sitting.stand-in",
        )
    return stand_ins


def seat_votes(
    roll: Roll, current: Iterable[StandIn] = (), *, alternates_step_in: bool
) -> SittingVotes:
    """Who votes for which full seat now, given the stand-ins recorded so far."""
    previous = _checked(current)
    earlier = set(previous)
    absent = [s for s in roll.of_role(SeatRole.FULL) if not roll.is_present(s.seat)]
    absent_ids = {s.seat for s in absent}
    present_alternates = sorted(
        (s for s in roll.of_role(SeatRole.ALTERNATE) if roll.is_present(s.seat)),
        key=lambda s: s.rank or 0,
    )
    # Each absent full seat and the alternate standing in for it.
    kept: dict[int, RollSeat] = {}
    if alternates_step_in:
        by_id = {s.seat: s for s in present_alternates}
        kept = {
            s.full_seat: by_id[s.alternate_seat]
            for s in previous
            if s.full_seat in absent_ids and s.alternate_seat in by_id
        }
        bound = {alternate.seat for alternate in kept.values()}
        free = iter([s for s in present_alternates if s.seat not in bound])
        for full in absent:
            if full.seat not in kept:
                alternate = next(free, None)
                if alternate is None:
                    break
                kept[full.seat] = alternate
    stand_ins = {StandIn(f, a.seat) for f, a in kept.items()}
    stepped_back = sorted(set(previous) - stand_ins)

    voters: list[Voter] = []
    reasons: list[str] = []
    for full in roll.of_role(SeatRole.FULL):
        if roll.is_present(full.seat):
            voters.append(Voter(full.seat, full.seat, full.holder, full.name))
        elif full.seat in kept:
            alternate = kept[full.seat]
            voters.append(Voter(full.seat, alternate.seat, alternate.holder, alternate.name, True))
            reasons.append(_stands_in(alternate, full))
        elif alternates_step_in:
            reasons.append(
                _("%(full)s is absent, and no alternate is present to step in.")
                % {"full": full.name}
            )
        else:
            reasons.append(
                _("%(full)s is absent; the standing orders do not let alternates step in.")
                % {"full": full.name}
            )
    changes = [_steps_back(s, roll, alternates_step_in) for s in stepped_back]
    stepped_in: list[StandIn] = []
    for full in absent:
        if full.seat in kept and StandIn(full.seat, kept[full.seat].seat) not in earlier:
            stepped_in.append(StandIn(full.seat, kept[full.seat].seat))
            changes.append(_stands_in(kept[full.seat], full))
    return SittingVotes(
        roll.full_seats,
        tuple(voters),
        tuple(sorted(stand_ins)),
        tuple(sorted(stepped_in)),
        tuple(stepped_back),
        tuple(reasons),
        tuple(changes),
    )


# The sitting's quorum sentence, reached or not, with or without alternates stepping in;
# the plural follows the number of full seats. (Plural pairs are written out as ngettext
# calls, so that makemessages finds them as pairs.)
_SENTENCE: dict[tuple[bool, bool], Callable[[int], str]] = {
    (True, False): lambda n: ngettext(
        "Quorum reached: %(count)s of %(seats)s full member present, %(needed)s needed.",
        "Quorum reached: %(count)s of %(seats)s full members present, %(needed)s needed.",
        n,
    ),
    (False, False): lambda n: ngettext(
        "Quorum not reached: %(count)s of %(seats)s full member present, %(needed)s needed.",
        "Quorum not reached: %(count)s of %(seats)s full members present, %(needed)s needed.",
        n,
    ),
    (True, True): lambda n: ngettext(
        "Quorum reached: %(count)s of %(seats)s full member present (%(alternates)s of them "
        "alternates stepping in), %(needed)s needed.",
        "Quorum reached: %(count)s of %(seats)s full members present (%(alternates)s of them "
        "alternates stepping in), %(needed)s needed.",
        n,
    ),
    (False, True): lambda n: ngettext(
        "Quorum not reached: %(count)s of %(seats)s full member present (%(alternates)s of "
        "them alternates stepping in), %(needed)s needed.",
        "Quorum not reached: %(count)s of %(seats)s full members present (%(alternates)s of "
        "them alternates stepping in), %(needed)s needed.",
        n,
    ),
}


@dataclass(frozen=True)
class SittingQuorum:
    """The quorum at the sitting: `present` counts full members present and alternates
    stepping in (`stepping_in` of them); `result` is rules.questions.quorum's measure."""

    present: int
    stepping_in: int
    full_seats: int
    needed: int
    met: bool
    sentence: str
    result: QuorumResult


def sitting_quorum(votes: SittingVotes, rule: QuorumRule) -> SittingQuorum:
    """Measure presence against the quorum rule. A rule that counts ballots (voting, yes)
    is measured here as presence: fewer present than it needs cannot reach it."""
    present = len(votes.voters)
    presence = (
        rule
        if rule.counted in (Counted.OPENING, Counted.VOTE)
        else replace(rule, counted=Counted.VOTE)
    )
    result = check_quorum(
        presence,
        full_seats=votes.full_seats,
        present_at_opening=present,
        present_at_vote=present,
    )
    sentence = _SENTENCE[result.reached, votes.stepping_in > 0](votes.full_seats) % {
        "count": figure(present),
        "seats": figure(votes.full_seats),
        "needed": figure(result.needed),
        "alternates": figure(votes.stepping_in),
    }
    return SittingQuorum(
        present,
        votes.stepping_in,
        votes.full_seats,
        result.needed,
        result.reached,
        sentence,
        result,
    )


def require_quorum(votes: SittingVotes, rule: QuorumRule) -> SittingQuorum:
    """The quorum at the sitting, or RuleError `sitting.quorum` with its sentence."""
    quorum = sitting_quorum(votes, rule)
    if not quorum.met:
        raise RuleError(quorum.sentence, rule="sitting.quorum")
    return quorum
