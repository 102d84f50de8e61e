"""Casting ballots. One transaction takes a batch of casts (a single one from a page or
the API call), so that many ballots share one commit and one journal entry; each cast is
acknowledged or refused with its reason, and a refused cast changes nothing.

A batch locks the vote's chain only for its journal entry, so that two server processes'
batches overlap (`cast_ballots`); under the lock it checks again what it read, and when
another action overtook it the batch is taken again with the chain locked from the start,
as every other action of the organization is. The check "has this voter voted?" reads the
participations committed before, and the unique constraint on Participation backs it
whatever the timing. Two casts of one voter in the same batch are caught here too: the
second is refused, not counted.

For a secret ballot the participation (who) and the ballot (what) go to separate tables;
the batch's ballots are inserted in a random order, and the box is shuffled again at the
close (closing.py)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from django.db import IntegrityError, OperationalError, connection
from django.utils.translation import gettext as _

from collegium.access.models import write_token_users
from collegium.bodies.models import Seat
from collegium.bulk import insert_many
from collegium.journal.actions import action, hold_chain, record
from collegium.journal.actors import Actor
from collegium.meetings.models import Presence
from collegium.registry.models import Member, MemberStatus
from collegium.rules.elections import live_ballots
from collegium.rules.elections.live_ballots import Paper
from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.procedure.voting import Caster, why_not_eligible
from collegium.voting.actions.common import check_vote_open, of_vote
from collegium.voting.actions.electing import paper_of
from collegium.voting.models import (
    Ballot,
    Choice,
    Participation,
    Vote,
    VoteForm,
    Voter,
    VoteState,
)

_SHUFFLE = secrets.SystemRandom()
# Computed once: Choice.values builds a new list at every call, thousands a second here.
CHOICES = frozenset(Choice.values)


def new_receipt() -> str:
    """80 random bits as 16 letters and digits (base32): what a voter keeps to find their
    ballot in the published box."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def receipt_text(receipt: str) -> str:
    """A receipt as shown: groups of four (ABCD-EFGH-…)."""
    return "-".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def receipt_key(text: str) -> str:
    """A receipt as typed (any case, dashes, spaces) as stored."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]


@dataclass(frozen=True)
class Cast:
    """One attempt: the login casting, its choice, and for a change of a secret ballot the
    receipt of the ballot it replaces."""

    user_id: int | None
    choice: str
    replacing: str = ""
    # Ballots entered for a member by the system (the demo loader) name the member; any
    # other actor's cast naming one is refused as not eligible.
    member_id: int | None = None
    # A ballot cast by proxy names the absent member it is cast for.
    for_member: int | None = None
    # The lean path (voting/fast.py) gives the digest of the caller's API token instead
    # of `user_id`: the batch finds the tokens' logins in its own transaction.
    token: str = ""

    @property
    def unsigned(self) -> bool:
        """Sent with a token that is not a usable write token (once the batch looked)."""
        return bool(self.token) and self.user_id is None


@dataclass(frozen=True)
class CastResult:
    """A cast acknowledged (committed) with its receipt (secret ballots; "" for a named
    vote), or refused with the reason."""

    receipt: str = ""
    refusal: RuleError | None = None
    changed: bool = False

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def _refusal(vote: Vote, user_id: int | None) -> RuleError:
    """Why `user_id` is not among the vote's voters, in a sentence naming the reason."""
    member = (
        Member.objects.filter(organization_id=vote.sitting.body.organization_id, user_id=user_id)
        .only("pk", "status")
        .first()
        if user_id is not None
        else None
    )
    seat = (
        Seat.objects.filter(body_id=vote.sitting.body_id, member=member, vacated_on__isnull=True)
        .only("pk", "role")
        .first()
        if member is not None
        else None
    )
    present = (
        seat is not None
        and Presence.objects.filter(
            sitting_id=vote.sitting_id, seat=seat, arrived_at__lte=vote.opened_at
        )
        .exclude(left_at__lt=vote.opened_at)
        .exists()
    )
    caster = Caster(
        role=SeatRole(seat.role) if seat is not None else None,
        present=present,
        active=None if member is None else member.status == MemberStatus.ACTIVE,
    )
    return RuleError(why_not_eligible(caster), rule="vote.not-eligible")


def _no_proxy() -> RuleError:
    return RuleError(
        _(
            "You vote for no such member in this vote: their proxy was not in force, or they "
            "were present, when it opened."
        ),
        rule="vote.no-proxy",
    )


def _unusable_token() -> RuleError:
    return RuleError(
        _("The API token is unknown, revoked, expired or may only read."), rule="token.unknown"
    )


def already_voted() -> RuleError:
    return RuleError(
        _("You have voted already in this vote; a ballot once cast is final."),
        rule="vote.already-voted",
    )


def _choice_refusal(choice: str, paper: Paper | None) -> RuleError | None:
    if paper is not None:
        problem = live_ballots.problem(paper, choice)
        return RuleError(problem, rule="election.ballot") if problem else None
    if choice in CHOICES:
        return None
    return RuleError(
        _("A ballot says yes, no or abstain, not %(choice)s.") % {"choice": repr(choice[:40])},
        rule="vote.choice",
    )


class _Voter(NamedTuple):
    """A row of the vote's roll, as a batch of casts reads it (tuples, not model
    instances: a batch reads hundreds)."""

    pk: int
    user_id: int | None
    member_id: int
    proxy_for_id: int | None
    weight: Decimal


def cast_ballots(*, actor: Actor, vote: Vote, casts: Sequence[Cast]) -> list[CastResult]:
    """Take a batch of casts in one transaction; the results are in the casts' order. A
    cast is refused when the vote is closed or counted by hands (`vote.closed`,
    `vote.show-of-hands`), the choice is not one of a ballot's (`vote.choice`), the caster
    is not a voter fixed at opening (`vote.not-eligible`, with the reason), or has voted
    already and the orders do not allow a change (`vote.already-voted`).

    The batch is first tried alongside other processes' (the chain locked only for its
    journal entry); when another action overtook it (the vote closed, a caster suspended,
    a voter's ballot committed by another process meanwhile), that attempt rolls back and
    the batch is taken again in turn, the chain locked from the start."""
    try:
        return _cast_alongside(actor=actor, vote=vote, casts=casts)
    except (_Overtaken, IntegrityError, OperationalError):
        # OperationalError: PostgreSQL broke a deadlock between two processes' batches
        # (the same voters in both, inserted in opposite orders) by failing this one.
        return _cast_in_turn(actor=actor, vote=vote, casts=casts)


class _Overtaken(Exception):
    """What the batch read before locking the chain changed before it took the lock."""


@action(chain=of_vote("vote"), lock_first=False)
def _cast_alongside(*, actor: Actor, vote: Vote, casts: Sequence[Cast]) -> list[CastResult]:
    return _cast(actor, vote, casts, alongside=True)


@action(chain=of_vote("vote"))
def _cast_in_turn(*, actor: Actor, vote: Vote, casts: Sequence[Cast]) -> list[CastResult]:
    return _cast(actor, vote, casts, alongside=False)


def _cast(actor: Actor, vote: Vote, casts: Sequence[Cast], *, alongside: bool) -> list[CastResult]:
    """The batch, in its action's transaction. `alongside`: the chain is not locked yet.
    Until it is, the batch only reads and inserts its own new rows (a unique constraint
    stops a second participation of a voter whatever the timing); it takes the lock before
    changing a committed row, and before its journal entry checks again what another
    action could have changed since it read it: the vote still open, the casters still
    members in good standing (a vote never reopens, and its roll, form and paper are fixed
    at opening)."""
    locked = not alongside

    def lock() -> None:
        nonlocal locked
        if not locked:
            hold_chain(vote.sitting.body.organization_id)
            locked = True

    tokens = {cast.token for cast in casts if cast.token}
    if tokens:
        users_of = write_token_users(tokens)
        casts = [replace(c, user_id=users_of.get(c.token)) if c.token else c for c in casts]
    # Not fresh_vote: a ballot needs neither the orders nor their document.
    vote = Vote.objects.select_related("sitting__body__organization", "election").get(pk=vote.pk)
    try:
        check_vote_open(vote)
        if vote.form == VoteForm.SHOW_OF_HANDS:
            raise RuleError(
                _("This vote is by a show of hands: the tellers count it."),
                rule="vote.show-of-hands",
            )
    except RuleError as closed:  # final: a closed vote stays closed
        return [CastResult(refusal=_unusable_token() if c.unsigned else closed) for c in casts]
    # An election's ballot names candidates (rules.elections.live_ballots).
    election = vote.election_or_none()
    paper = paper_of(election) if election is not None else None
    users = {cast.user_id for cast in casts if cast.user_id is not None}
    entered = {c.member_id for c in casts if c.member_id is not None} if actor.is_system else set()
    # A voter suspended (or gone) since the opening has lost the vote.
    roll = Voter.objects.filter(vote=vote, member__status=MemberStatus.ACTIVE).values_list(
        "id", "user_id", "member_id", "proxy_for_id", "weight"
    )
    # A login votes once for their own seat and once per proxy they hold.
    voters = {
        (v.user_id, v.proxy_for_id): v for v in map(_Voter._make, roll.filter(user_id__in=users))
    }
    by_member = (
        {
            v.member_id: v
            for v in map(_Voter._make, roll.filter(member_id__in=entered, proxy_for__isnull=True))
        }
        if entered
        else {}
    )
    # Participations committed before, by voter.
    voted = dict(
        Participation.objects.filter(
            vote=vote, voter_id__in=[v.pk for v in (*voters.values(), *by_member.values())]
        ).values_list("voter_id", "id")
    )
    secret = vote.form == VoteForm.SECRET
    new_participations: dict[int, str] = {}  # voter → choice ("" when secret)
    new_ballots: dict[str, tuple[str, Decimal]] = {}  # receipt → content, weight
    voted_now: list[int] = []  # the members who voted in this batch
    changed: list[_Voter] = []
    results: list[CastResult] = []
    for cast in casts:
        refusal = _unusable_token() if cast.unsigned else _choice_refusal(cast.choice, paper)
        voter = (
            voters.get((cast.user_id, cast.for_member))
            if cast.user_id is not None
            else by_member.get(cast.member_id)
            if cast.member_id is not None
            else None
        )
        if refusal is None and voter is None:
            refusal = (
                _no_proxy()
                if cast.for_member is not None and (cast.user_id, None) in voters
                else _refusal(vote, cast.user_id)
            )
        if refusal is not None or voter is None:
            results.append(CastResult(refusal=refusal))
            continue
        if voter.pk in voted or voter.pk in new_participations:
            results.append(_change(vote, voter, cast, voted, new_participations, new_ballots, lock))
            if results[-1].accepted:
                changed.append(voter)
            continue
        new_participations[voter.pk] = "" if secret else cast.choice
        # Who voted: the member whose seat it is (by proxy, the absent member).
        voted_now.append(voter.proxy_for_id or voter.member_id)
        receipt = ""
        if secret:
            receipt = new_receipt()
            new_ballots[receipt] = (cast.choice, voter.weight)
        results.append(CastResult(receipt=receipt))
    # Rows in plain SQL (bulk.py): hundreds of model instances per batch would cost more
    # than the database's work.
    with connection.cursor() as cursor:
        insert_many(
            cursor,
            Participation,
            ("vote", "voter", "choice"),
            [(vote.pk, voter, choice) for voter, choice in new_participations.items()],
        )
        # Not in the order they were cast: inserted in a random order.
        ballots = [
            (receipt, vote.pk, content, connection.ops.adapt_decimalfield_value(weight))
            for receipt, (content, weight) in new_ballots.items()
        ]
        _SHUFFLE.shuffle(ballots)
        insert_many(cursor, Ballot, ("receipt", "vote", "content", "weight"), ballots)
    # Locked here, or by a change above: either way after the reads. A batch that writes
    # nothing (every cast refused: a voter's burst of second attempts) need not wait.
    if alongside and (new_participations or changed):
        lock()
        _check_not_overtaken(vote, {v.member_id for v in (*voters.values(), *by_member.values())})
    for code, members in (
        ("vote.participated", voted_now),
        ("vote.ballot_changed", [v.proxy_for_id or v.member_id for v in changed]),
    ):
        if members:
            record(
                code,
                actor=actor,
                organization=vote.sitting.body.organization,
                obj=vote,
                body_id=vote.sitting.body_id,
                payload={
                    "sitting": vote.sitting.number,
                    "vote": vote.number,
                    "members": sorted(members),
                },
            )
    return results


def _check_not_overtaken(vote: Vote, members: set[int]) -> None:
    """Under the chain's lock: raise _Overtaken when the vote closed, or one of the
    batch's casters ceased to be a member in good standing, since the batch read them."""
    if not Vote.objects.filter(pk=vote.pk, state=VoteState.OPEN).exists() or (
        Member.objects.filter(pk__in=members).exclude(status=MemberStatus.ACTIVE).exists()
    ):
        raise _Overtaken


def _change(
    vote: Vote,
    voter: _Voter,
    cast: Cast,
    voted: dict[int, int],
    pending: dict[int, str],
    pending_ballots: dict[str, tuple[str, Decimal]],
    lock: Callable[[], None],
) -> CastResult:
    """A second cast of a voter: a change of their ballot where the orders allow it.
    `voted` gives the participations committed before by voter; `pending` and
    `pending_ballots` the batch's rows not yet inserted; `lock` locks the chain before a
    committed row is changed (the close rewrites the box under that lock)."""
    if not vote.ballot_change:
        return CastResult(refusal=already_voted())
    if vote.form == VoteForm.NAMED:
        if voter.pk in pending:
            pending[voter.pk] = cast.choice
        else:
            lock()
            Participation.objects.filter(pk=voted[voter.pk]).update(choice=cast.choice)
        return CastResult(changed=True)
    # A secret ballot is found by its receipt only: nothing else links it to the voter.
    receipt = receipt_key(cast.replacing)
    if receipt in pending_ballots:
        pending_ballots[receipt] = (cast.choice, pending_ballots[receipt][1])
        return CastResult(receipt=receipt, changed=True)
    if receipt:
        lock()
    if receipt and Ballot.objects.filter(vote=vote, receipt=receipt).update(content=cast.choice):
        return CastResult(receipt=receipt, changed=True)
    return CastResult(
        refusal=RuleError(
            _(
                "You have voted already; to change a secret ballot give the receipt of the "
                "ballot it replaces."
            ),
            rule="vote.receipt",
        )
    )


def cast_ballot(
    *, actor: Actor, vote: Vote, choice: str, replacing: str = "", for_member: int | None = None
) -> CastResult:
    """One voter's cast, from a page or the API (`for_member`: the absent member whose
    proxy the caster holds): acknowledged only once committed; a refusal is raised
    (RuleError naming the rule)."""
    user_id = actor.user.pk if actor.user is not None else None
    cast = Cast(user_id=user_id, choice=choice, replacing=replacing, for_member=for_member)
    result = cast_ballots(actor=actor, vote=vote, casts=[cast])[0]
    if result.refusal is not None:
        raise result.refusal
    return result
