"""Recall from office: a vote to remove an office holder. It is decided like any vote,
by the majority the orders give the kind of decision "recall" (their default majority
when they name none); adopted, it ends the term of office, and the member keeps their
seat (bodies.actions.end_office_term never touches seats)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from collegium.bodies.actions import end_office_term
from collegium.bodies.models import OfficeTerm
from collegium.journal.actions import action, record
from collegium.journal.actors import SYSTEM, Actor
from collegium.meetings.actions.common import fresh, of_sitting, require_chair
from collegium.meetings.models import Sitting
from collegium.rules.errors import RuleError
from collegium.voting.actions.opening import open_vote
from collegium.voting.models import Recall, Vote

KIND = "recall"


@action(chain=of_sitting("sitting"))
def open_recall(
    *,
    actor: Actor,
    sitting: Sitting,
    term: OfficeTerm,
    form: str | None = None,
    secret_requested_by: int = 0,
) -> Vote:
    """The chair puts the recall of a current office holder to the vote. The office is
    one of the sitting's body or of a body it elects (`recall.elector`)."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    term = OfficeTerm.objects.select_related("office__body", "holder").get(pk=term.pk)
    office = term.office
    if office.body_id != sitting.body_id and office.body.elected_by_id != sitting.body_id:
        raise RuleError(
            _("%(body)s does not elect the %(office)s, and cannot recall its holder.")
            % {"body": sitting.body.name, "office": office.title},
            rule="recall.elector",
        )
    if term.end is not None:
        raise RuleError(_("This term of office has already ended."), rule="office.term-ended")
    vote = open_vote(
        actor=actor,
        sitting=sitting,
        subject=_("Recall of %(name)s from the office of %(office)s")
        % {"name": term.holder.name, "office": office.title},
        kind=KIND,
        form=form,
        secret_requested_by=secret_requested_by,
    )
    Recall.objects.create(vote=vote, term=term)
    record(
        "recall.opened",
        actor=actor,
        organization=sitting.body.organization,
        obj=vote,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "vote": vote.number,
            "office": office.slug,
            "member": term.holder.number,
        },
    )
    return vote


def carry_out(vote: Vote) -> None:
    """After the close (inside close_vote's action): an adopted recall ends the term, unless
    it ended meanwhile (a resignation)."""
    recall = Recall.objects.filter(vote=vote).select_related("term").first()
    if recall is None or vote.outcome != "adopted" or recall.term.end is not None:
        return
    end_office_term(
        actor=SYSTEM,
        term=recall.term,
        because=_("recalled by vote %(vote)s of %(sitting)s")
        % {"vote": vote.number, "sitting": vote.sitting.title},
    )
