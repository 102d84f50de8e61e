"""Opening a vote: the chair puts a question; the form comes from the orders, and the
voters are fixed now (the full members present and the alternates stepping in)."""

from __future__ import annotations

import re

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.models import Seat
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import check_open, fresh, of_sitting, require_chair
from collegium.meetings.models import AgendaItem, Sitting
from collegium.meetings.queries import SeatRow, current_seat_rows, roll_state, rules_of
from collegium.rules.errors import RuleError
from collegium.rules.procedure.attendance import Voter as Voting
from collegium.rules.procedure.voting import Proxy as RuleProxy
from collegium.rules.procedure.voting import proxies_used, vote_form
from collegium.rules.standing_orders.settings import VoteForm as RuleForm
from collegium.voting.actions.common import full_seats_weight
from collegium.voting.models import Proxy, Vote, VoteForm, Voter, VoteState

SUBJECT_MAX = 300
_KIND = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@action(chain=of_sitting("sitting"))
def open_vote(
    *,
    actor: Actor,
    sitting: Sitting,
    subject: str,
    kind: str = "",
    form: str | None = None,
    item: AgendaItem | None = None,
    secret_requested_by: int = 0,
    election: bool = False,
) -> Vote:
    """The chair opens a vote on `subject` at an open sitting. `kind` names the kind of
    decision whose majority the orders give ("" for the default); `form` is the form asked
    for (None: the orders' default); `secret_requested_by` is how many full members ask for
    a secret ballot; `election` is true for the ballot of an election (actions.electing),
    secret where the orders make elections secret. Refused while another vote of the
    sitting is open (`vote.open`)."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_open(sitting)
    subject = subject.strip()
    if not subject or len(subject) > SUBJECT_MAX or "\x00" in subject:
        raise RuleError(
            _("A vote needs a subject of 1 to %(limit)s characters.") % {"limit": SUBJECT_MAX},
            rule="vote.subject",
        )
    if kind and not _KIND.match(kind):
        raise RuleError(
            _("A kind of decision is lower-case words joined by hyphens, not %(kind)s.")
            % {"kind": repr(kind)},
            rule="vote.kind",
        )
    if item is not None and item.sitting_id != sitting.pk:
        raise RuleError(_("That item is not on this sitting's agenda."), rule="vote.item")
    if secret_requested_by < 0:
        raise RuleError(_("A number of members is never negative."), rule="vote.form")
    if Vote.objects.filter(sitting=sitting, state=VoteState.OPEN).exists():
        raise RuleError(
            _("Another vote of this sitting is open: close it first."), rule="vote.open"
        )
    rules = rules_of(sitting)
    requested = None
    if form is not None:
        try:
            requested = RuleForm(form)
        except ValueError:
            raise RuleError(
                _("Unknown form of vote %(form)s.") % {"form": repr(form)}, rule="vote.form"
            ) from None
    chosen = vote_form(
        rules.votes,
        rules.secret_ballot,
        requested=requested,
        election=election,
        secret_requested_by=secret_requested_by,
        full_seats=sitting.body.full_seats,
    )
    rows = current_seat_rows(sitting.body)
    state = roll_state(sitting, rules, rows)
    by_seat = {row.seat: row for row in rows}
    # Who votes: those the roll gives a vote, if they are active members (a suspended
    # holder keeps a seat where the orders say so, but not the vote).
    voting: list[tuple[Voting, int]] = []  # each voter with the member who casts
    for voter in state.votes.voters:
        row = by_seat[voter.seat]
        if row.active and row.member is not None:
            voting.append((voter, row.member))
    # Absent full members' proxies, where the orders allow them (electronic votes only:
    # tellers count hands, not proxies).
    by_proxy = (
        _proxies(sitting, voting, by_seat)
        if rules.votes.proxies and chosen is not RuleForm.SHOW_OF_HANDS
        else []
    )
    number = (Vote.objects.filter(sitting=sitting).aggregate(last=Max("number"))["last"] or 0) + 1
    vote = Vote.objects.create(
        sitting=sitting,
        item=item,
        number=number,
        subject=subject,
        kind=kind,
        form=VoteForm(str(chosen)),
        ballot_change=rules.votes.ballot_change and chosen is not RuleForm.SHOW_OF_HANDS,
        state=VoteState.OPEN,
        opened_at=timezone.now(),
        present=state.quorum.present,
        entitled=sitting.body.full_seats,
        entitled_weight=(
            None if chosen is RuleForm.SHOW_OF_HANDS else full_seats_weight(sitting.body_id)
        ),
        voters=len(voting) + len(by_proxy),
    )
    if chosen is not RuleForm.SHOW_OF_HANDS:
        # Each vote counts with its full seat's weight (1 unless the seat carries one).
        weights = dict(
            Seat.objects.filter(
                pk__in=[v.full_seat for v, _member in voting] + [p.full_seat_id for p in by_proxy]
            ).values_list("pk", "weight")
        )
        for proxied in by_proxy:
            proxied.vote = vote
            proxied.weight = weights[proxied.full_seat_id]
        Voter.objects.bulk_create(
            [
                Voter(
                    vote=vote,
                    full_seat_id=v.full_seat,
                    seat_id=v.seat,
                    member_id=member,
                    user_id=by_seat[v.seat].user,
                    name=v.name,
                    stepping_in=v.stepping_in,
                    weight=weights[v.full_seat],
                )
                for v, member in voting
            ]
            + by_proxy,
            batch_size=1000,
        )
    record(
        "vote.opened",
        actor=actor,
        organization=sitting.body.organization,
        obj=vote,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "vote": number,
            "subject": subject,
            "kind": kind,
            "form": str(chosen),
            "ballot_change": vote.ballot_change,
            "voters": vote.voters,
            "present": vote.present,
            "entitled": vote.entitled,
        },
    )
    return vote


def _proxies(
    sitting: Sitting, voting: list[tuple[Voting, int]], by_seat: dict[int, SeatRow]
) -> list[Voter]:
    """The voters by proxy (their vote set by the caller): for each absent full member's
    proxy in force whose holder votes with their own seat now."""
    standing = (
        Proxy.objects.filter(body=sitting.body, revoked_at__isnull=True)
        .order_by("given_at", "pk")
        .values_list("giver_id", "holder_id")
    )
    grants = [
        RuleProxy(giver, holder, order)
        for order, (giver, holder) in enumerate(standing)
        if giver in by_seat and by_seat[giver].active and by_seat[giver].member is not None
    ]
    themselves = {v.full_seat for v, _member in voting if not v.stepping_in}
    represented = {v.full_seat for v, _member in voting}
    voters = []
    for grant in proxies_used(themselves, represented, grants):
        holder = by_seat[grant.holder]
        assert holder.member is not None
        voters.append(
            Voter(
                full_seat_id=grant.giver,
                seat_id=grant.holder,
                member_id=holder.member,
                user_id=holder.user,
                name=holder.name,
                proxy_for_id=by_seat[grant.giver].member,
            )
        )
    return voters
