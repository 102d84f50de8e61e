"""Putting a question to the vote: the form a vote takes, and who may cast a ballot.

The chair names a form or leaves it to the orders' default; the orders say which forms a
body allows, and the secret-ballot setting can require a secret ballot (for elections,
always, or when enough full members ask). A form the orders do not allow is refused
(`vote.form`), and so is an open form where a secret ballot is required
(`vote.form-secret`).

Who may cast is fixed when the vote opens (`rules.procedure.attendance.seat_votes`: the
full members present and the alternates stepping in). `why_not_eligible` gives the
sentence for someone who is not among them, naming the reason. Where the orders allow
proxies (`votes.proxies`, the most one member may carry), an absent full member's standing
proxy lets the holder vote for that seat too (`proxies_used`); `check_proxy` refuses a
proxy the orders or the seats do not allow.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.standing_orders.settings import (
    VOTE_FORM_WORDS,
    SecretBallot,
    VoteForm,
    Votes,
)
from collegium.rules.text import _, ngettext


def vote_form(
    votes: Votes,
    secret: SecretBallot,
    *,
    requested: VoteForm | None = None,
    election: bool = False,
    secret_requested_by: int = 0,
    full_seats: int = 0,
) -> VoteForm:
    """The form the vote takes; RuleError naming the rule when the request is not allowed."""
    required = secret.is_secret(
        election=election, requested_by=secret_requested_by, full_seats=full_seats
    )
    if required:
        if requested not in (None, VoteForm.SECRET):
            raise RuleError(
                _("The standing orders require a secret ballot here: %(rule)s")
                % {"rule": secret.describe()},
                rule="vote.form-secret",
            )
        return VoteForm.SECRET
    form = votes.default if requested is None else requested
    if form not in votes.forms:
        raise RuleError(
            _("The standing orders do not allow %(form)s: %(rule)s")
            % {"form": _(VOTE_FORM_WORDS[form]), "rule": votes.describe()},
            rule="vote.form",
        )
    return form


@dataclass(frozen=True)
class Caster:
    """What is known of someone who tries to cast a ballot and is not an eligible voter:
    their current seat in the body (None: none), whether they were checked in when the
    vote opened, and whether they are an active member (None: no member at all)."""

    role: SeatRole | None
    present: bool
    active: bool | None


def why_not_eligible(caster: Caster) -> str:
    """The sentence refusing a ballot to someone not among the vote's voters."""
    if caster.active is None:
        return _("Only members of the organization vote; you are not one.")
    if not caster.active:
        return _("Your membership is not active (suspended or left): you do not vote.")
    if caster.role is None:
        return _("You hold no seat in this body: only its full members vote.")
    if caster.role is SeatRole.CONSULTATIVE:
        return _("A consultative seat speaks but does not vote.")
    if caster.role is SeatRole.GUEST:
        return _("A guest seat does not vote.")
    if caster.role is SeatRole.ALTERNATE:
        return _(
            "An alternate votes only when stepping in for an absent full member, and you "
            "were not when the vote opened."
        )
    if not caster.present:
        return _("You were not checked in when the vote opened: only those present vote.")
    return _("You are not among the voters fixed when the vote opened.")


@dataclass(frozen=True)
class Proxy:
    """A standing proxy: the holder of full seat `giver` lets the holder of full seat
    `holder` vote for it. `order` is when it was given (earlier first)."""

    giver: int
    holder: int
    order: int


def proxies_used(
    voting_themselves: Collection[int], represented: Collection[int], proxies: Sequence[Proxy]
) -> list[Proxy]:
    """The proxies a vote uses when it opens: a giver's full seat that nobody votes for
    (absent, no alternate stepping in) is voted by the proxy's holder, if the holder votes
    with their own seat at this vote. The number a holder may carry is checked when a
    proxy is given (`proxy.too-many`), so all that qualify are used."""
    voting = set(voting_themselves)
    covered = set(represented)
    used = []
    for proxy in sorted(proxies, key=lambda p: p.order):
        if proxy.giver not in covered and proxy.holder in voting and proxy.giver != proxy.holder:
            used.append(proxy)
            covered.add(proxy.giver)
    return used


def check_proxy(
    *,
    most: int,
    giver_role: SeatRole | None,
    holder_role: SeatRole | None,
    same_seat: bool,
    giver_has_one: bool,
    holder_gave_one: bool,
    holder_carries: int,
) -> None:
    """Refuse a proxy the orders or the seats do not allow, naming the rule."""
    if most < 1:
        raise RuleError(
            _("The standing orders allow no proxies in this body."), rule="proxy.not-allowed"
        )
    if giver_role is not SeatRole.FULL or holder_role is not SeatRole.FULL:
        raise RuleError(
            _("A proxy is given by a full member to another full member of the body."),
            rule="proxy.full-members",
        )
    if same_seat:
        raise RuleError(_("A proxy goes to another member."), rule="proxy.full-members")
    if giver_has_one:
        raise RuleError(
            _("You have given your proxy already: revoke it before giving another."),
            rule="proxy.given",
        )
    if holder_gave_one:
        raise RuleError(
            _("The holder has given their own proxy away: a proxy is not passed on."),
            rule="proxy.chain",
        )
    if holder_carries >= most:
        raise RuleError(
            ngettext(
                "The holder carries %(count)s proxy already, the most the orders allow.",
                "The holder carries %(count)s proxies already, the most the orders allow.",
                most,
            )
            % {"count": most},
            rule="proxy.too-many",
        )
