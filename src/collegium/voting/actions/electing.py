"""Elections at a sitting, before the count: the chair calls an election to the seats of
a body the sitting's body elects (or to one of its offices), records nominations, each
nominee consents or declines, and the chair opens the ballot with those who consent.

The method, the seats and whether the previous term ends are fixed from the orders in
force when the election is called, so that nothing changes under the candidates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from collegium.bodies.models import Body, Office, Seat, SeatRole
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import check_open, fresh, of_sitting, require_chair
from collegium.meetings.models import Sitting
from collegium.meetings.queries import rules_of
from collegium.registry.models import Member, MemberStatus
from collegium.rules.elections.live_ballots import Paper, check_paper
from collegium.rules.errors import RuleError
from collegium.rules.procedure import texts
from collegium.voting.actions.opening import open_vote
from collegium.voting.models import Candidate, Consent, Election, ElectionState

# Which places of a body an election fills.
FULL, ALTERNATES, BOTH = "full", "alternates", "both"
PLACES = (BOTH, FULL, ALTERNATES)


def of_election(argument: str) -> Any:
    """The chain of the organization whose election (or candidate) `argument` is."""

    def chain_of(arguments: Mapping[str, Any]) -> int:
        value = arguments[argument]
        election = value.election if isinstance(value, Candidate) else value
        return int(election.sitting.body.organization_id)

    return chain_of


def fresh_election(election: Election) -> Election:
    """The election as committed, read inside the action (the chain is locked)."""
    return Election.objects.select_related(
        "sitting__body__organization", "sitting__orders", "body", "office__body", "vote"
    ).get(pk=election.pk)


def check_state(election: Election, state: ElectionState, rule: str) -> None:
    if election.state != state:
        raise RuleError(
            _("%(title)s is %(state)s; this step needs it %(needed)s.")
            % {
                "title": election.title,
                "state": election.get_state_display(),
                "needed": state.label,
            },
            rule=rule,
        )


def paper_of(election: Election) -> Paper:
    """The ballot paper: the consenting candidates in ballot order."""
    names = ballot_names(
        list(election.candidates.filter(number__isnull=False).select_related("member"))
    )
    return Paper(
        method=election.method,
        candidates=tuple(names[number] for number in sorted(names)),
        seats=election.seats or election.alternates,
        marks=election.marks,
    )


def ballot_names(candidates: list[Candidate]) -> dict[int, str]:
    """Each candidate's name on the paper by ballot number; a name two candidates share
    is told apart by the member number, as the count needs distinct names."""
    shared = Counter(c.name for c in candidates)
    return {
        c.number: c.name if shared[c.name] == 1 else f"{c.name} ({c.member.number})"
        for c in candidates
        if c.number is not None
    }


def _title(body: Body | None, office: Office | None, places: str) -> str:
    if office is not None:
        return _("Election of the %(office)s") % {"office": office.title}
    assert body is not None
    if places == FULL:
        return _("Election of the full members of the %(body)s") % {"body": body.name}
    if places == ALTERNATES:
        return _("Election of the alternate members of the %(body)s") % {"body": body.name}
    return _("Election of the %(body)s") % {"body": body.name}


@action(chain=of_sitting("sitting"))
def call_election(
    *,
    actor: Actor,
    sitting: Sitting,
    body: Body | None = None,
    office: Office | None = None,
    places: str = BOTH,
) -> Election:
    """The chair calls an election at an open sitting: to the `places` (full, alternates
    or both) of a body the sitting's body elects (`election.elector`), or to an office of
    the sitting's body or of a body it elects. Nominations open."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_open(sitting)
    if (body is None) == (office is None):
        raise RuleError(
            _("An election fills the seats of one body or one office."), rule="election.target"
        )
    if places not in PLACES:
        raise RuleError(
            _("An election fills full seats, alternate seats or both, not %(places)s.")
            % {"places": repr(places)},
            rule="election.target",
        )
    if office is not None:
        office = Office.objects.select_related("body").get(pk=office.pk)
        elected_in = office.body
        allowed = elected_in.pk == sitting.body_id or elected_in.elected_by_id == sitting.body_id
    else:
        assert body is not None
        elected_in = Body.objects.get(pk=body.pk)
        allowed = elected_in.elected_by_id == sitting.body_id
    if not allowed:
        raise RuleError(
            _("%(elector)s does not elect %(target)s.")
            % {
                "elector": sitting.body.name,
                "target": office.title if office is not None else elected_in.name,
            },
            rule="election.elector",
        )
    if elected_in.dissolved_on is not None:
        raise RuleError(
            _("%(body)s was dissolved; nobody is elected to it.") % {"body": elected_in.name},
            rule="body.dissolved",
        )
    rules = rules_of(sitting).elections
    if office is not None:
        seats, alternates, method = 1, 0, rules.office_method
    else:
        seats = elected_in.full_seats if places != ALTERNATES else 0
        alternates = elected_in.alternate_seats if places != FULL else 0
        method = rules.method
    if seats + alternates == 0:
        raise RuleError(
            _("%(body)s has no such seats to elect.") % {"body": elected_in.name},
            rule="election.target",
        )
    number = (
        Election.objects.filter(sitting=sitting).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    election = Election.objects.create(
        sitting=sitting,
        number=number,
        title=_title(None if office else elected_in, office, places),
        body=None if office is not None else elected_in,
        office=office,
        seats=seats,
        alternates=alternates,
        method=method,
        marks=rules.marks,
        end_previous_term=rules.end_previous_term,
        state=ElectionState.NOMINATING,
    )
    record(
        "election.called",
        actor=actor,
        organization=sitting.body.organization,
        obj=election,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "election": number,
            "title": election.title,
            "body": None if office is not None else elected_in.slug,
            "office": office.slug if office is not None else None,
            "seats": seats,
            "alternates": alternates,
            "method": method,
            "end_previous_term": election.end_previous_term,
        },
    )
    return election


@action(chain=of_election("election"))
def nominate(
    *, actor: Actor, election: Election, member: Member, nominated_by: str = ""
) -> Candidate:
    """The chair records a nomination. The nominee must be an active member (and, for an
    office, hold a full seat in its body); their consent is asked, or given at once when
    they nominate themselves."""
    election = fresh_election(election)
    require_chair(actor, election.sitting)
    check_state(election, ElectionState.NOMINATING, "election.nominations-closed")
    nominated_by = nominated_by.strip()
    texts.check_length(nominated_by, texts.DETAIL, _("Who nominated"), "election.text-length")
    member = Member.objects.get(pk=member.pk)
    organization = election.sitting.body.organization
    if member.organization_id != organization.pk or member.status != MemberStatus.ACTIVE:
        raise RuleError(
            _("%(name)s is not an active member of %(organization)s; only they stand.")
            % {"name": member.name, "organization": organization.name},
            rule="election.candidate",
        )
    if (
        election.office is not None
        and not Seat.objects.filter(
            body=election.office.body, member=member, role=SeatRole.FULL, vacated_on__isnull=True
        ).exists()
    ):
        raise RuleError(
            _("%(name)s holds no full seat in %(body)s; an office is held by a full member.")
            % {"name": member.name, "body": election.office.body.name},
            rule="office.full-member",
        )
    if Candidate.objects.filter(election=election, member=member).exists():
        raise RuleError(
            _("%(name)s is nominated already.") % {"name": member.name},
            rule="election.nominated",
        )
    own = actor.user is not None and member.user_id == actor.user.pk
    candidate = Candidate.objects.create(
        election=election,
        member=member,
        name=member.name,
        nominated_by=nominated_by,
        consent=Consent.GIVEN if own else Consent.ASKED,
    )
    record(
        "election.nominated",
        actor=actor,
        organization=organization,
        obj=candidate,
        body_id=election.sitting.body_id,
        payload={
            "sitting": election.sitting.number,
            "election": election.number,
            "member": member.number,
            "nominated_by": nominated_by,
            "consent": candidate.consent,
        },
    )
    return candidate


@action(chain=of_election("candidate"))
def answer_nomination(*, actor: Actor, candidate: Candidate, consents: bool) -> Candidate:
    """The nominee consents or declines, signed in; or the chair records the answer given
    aloud in the hall. Until the ballot opens the answer may change."""
    candidate = Candidate.objects.select_related("member").get(pk=candidate.pk)
    election = fresh_election(candidate.election)
    own = actor.user is not None and candidate.member.user_id == actor.user.pk
    if not own:
        require_chair(actor, election.sitting)
    check_state(election, ElectionState.NOMINATING, "election.nominations-closed")
    candidate.consent = Consent.GIVEN if consents else Consent.DECLINED
    candidate.save(update_fields=["consent"])
    record(
        "election.consent",
        actor=actor,
        organization=election.sitting.body.organization,
        obj=candidate,
        body_id=election.sitting.body_id,
        payload={
            "sitting": election.sitting.number,
            "election": election.number,
            "member": candidate.member.number,
            "consent": candidate.consent,
        },
    )
    return candidate


@action(chain=of_election("election"))
def open_ballot(*, actor: Actor, election: Election, form: str | None = None) -> Election:
    """Nominations close and the ballot opens with the candidates who consent, numbered
    on the paper in the order of their names. The vote's form comes from the orders as for
    any vote (an election is secret where they say so); a show of hands cannot rank or
    mark names (`election.form`)."""
    election = fresh_election(election)
    sitting = election.sitting
    require_chair(actor, sitting)
    check_state(election, ElectionState.NOMINATING, "election.nominations-closed")
    standing = sorted(
        Candidate.objects.filter(election=election, consent=Consent.GIVEN).select_related("member"),
        key=lambda c: (c.name.casefold(), c.member.number),
    )
    if not standing:
        raise RuleError(
            _("Nobody nominated has consented: the ballot needs at least one candidate."),
            rule="election.candidates",
        )
    for number, candidate in enumerate(standing, start=1):
        candidate.number = number
    Candidate.objects.bulk_update(standing, ["number"])
    check_paper(paper_of(election))
    if form == "show-of-hands":
        raise RuleError(
            _("An election is held by ballot: a show of hands cannot rank or mark names."),
            rule="election.form",
        )
    vote = open_vote(actor=actor, sitting=sitting, subject=election.title, form=form, election=True)
    if vote.form == "show-of-hands":
        raise RuleError(
            _(
                "The orders put votes to a show of hands by default; an election is held "
                "by ballot: choose a named or a secret ballot."
            ),
            rule="election.form",
        )
    election.vote = vote
    election.state = ElectionState.BALLOT
    election.save(update_fields=["vote", "state"])
    record(
        "election.ballot_opened",
        actor=actor,
        organization=sitting.body.organization,
        obj=election,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "election": election.number,
            "vote": vote.number,
            "candidates": [c.member.number for c in standing],
        },
    )
    return election
