"""Declaring an election's result: the seats of the elected body are created through the
seat actions (full seats in the order of election, then alternates in the rank the count
gives), after the previous term's seats are ended where the orders say so; an office's
holder is appointed after the previous holder's term ends.

The seats are created under the election's authority, not the chair's own rights in the
elected body: the nested seat actions run as the system, and the journal's
`election.declared` entry names the chair who declared."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.actions import (
    appoint_to_office,
    end_office_term,
    end_term_of_seats,
    seat_member,
)
from collegium.bodies.models import OfficeTerm, SeatOrigin, SeatRole
from collegium.journal.actions import action, record
from collegium.journal.actors import SYSTEM, Actor
from collegium.meetings.actions.common import require_chair
from collegium.rules.errors import RuleError
from collegium.voting.actions.counting import places_of
from collegium.voting.actions.electing import (
    ballot_names,
    check_state,
    fresh_election,
    of_election,
)
from collegium.voting.models import Candidate, Election, ElectionState


@action(chain=of_election("election"))
def declare_election(*, actor: Actor, election: Election) -> Election:
    """The chair declares the counted result; the elected take their seats (or office)."""
    election = fresh_election(election)
    sitting = election.sitting
    require_chair(actor, sitting)
    check_state(election, ElectionState.COUNTED, "election.not-counted")
    candidates = list(
        Candidate.objects.filter(election=election, number__isnull=False).select_related("member")
    )
    names = ballot_names(candidates)
    by_name = {names[c.number]: c for c in candidates if c.number is not None}
    full, alternates = places_of(election)
    detail = _("elected by %(body)s, sitting %(sitting)s, vote %(vote)s") % {
        "body": sitting.body.name,
        "sitting": sitting.number,
        "vote": election.vote.number if election.vote else "",
    }
    reason = _("term ended: %(title)s") % {"title": election.title}
    if election.office is not None:
        _declare_office(election, [by_name[name] for name in full], reason)
    else:
        body = election.body
        assert body is not None
        if election.end_previous_term:
            roles = tuple(
                role
                for role, filled in (
                    (SeatRole.FULL, election.seats),
                    (SeatRole.ALTERNATE, election.alternates),
                )
                if filled
            )
            end_term_of_seats(actor=SYSTEM, body=body, roles=roles, reason=reason)
        for role, names_in_order in ((SeatRole.FULL, full), (SeatRole.ALTERNATE, alternates)):
            for name in names_in_order:
                seat_member(
                    actor=SYSTEM,
                    body=body,
                    role=role,
                    origin=SeatOrigin.ELECTED,
                    member=by_name[name].member,
                    origin_detail=detail,
                )
    election.state = ElectionState.DECLARED
    election.declared_at = timezone.now()
    election.save(update_fields=["state", "declared_at"])
    record(
        "election.declared",
        actor=actor,
        organization=sitting.body.organization,
        obj=election,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "election": election.number,
            "title": election.title,
            "elected": [by_name[name].member.number for name in full],
            "alternates": [by_name[name].member.number for name in alternates],
        },
    )
    return election


def _declare_office(election: Election, elected: list[Candidate], reason: str) -> None:
    office = election.office
    assert office is not None
    if not elected:
        raise RuleError(
            _("Nobody was elected %(office)s: call the election again.") % {"office": office.title},
            rule="election.nobody-elected",
        )
    current = OfficeTerm.objects.filter(office=office, end__isnull=True).first()
    if current is not None:
        if current.holder_id == elected[0].member_id:
            return  # re-elected: the term goes on
        end_office_term(actor=SYSTEM, term=current, because=reason)
    appoint_to_office(actor=SYSTEM, office=office, member=elected[0].member)
