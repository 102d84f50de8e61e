"""Entering decisions in the register. Each runs inside the action that decided (the
close of a vote, the declaration of an election, the adoption of orders), under its
organization's chain lock: the number is taken and the decision committed together with
what it records, or not at all."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.bodies.models import Body, StandingOrders
from collegium.bodies.orders import orders_in_force, parsed
from collegium.journal.actions import record
from collegium.journal.actors import Actor
from collegium.journal.codes import Audience
from collegium.journal.models import JournalEntry
from collegium.meetings.models import AgendaItem, Sitting
from collegium.meetings.queries import published_to
from collegium.register.models import Decision, DecisionKind, Version
from collegium.rules.standing_orders.document import StandingOrders as Rules
from collegium.voting.models import Election, Recall, Vote


@dataclass(frozen=True)
class Entered:
    """What a decision records, as the deciding action knows it."""

    body: Body
    kind: DecisionKind
    title: str
    text: str
    rules: Rules | None
    sitting: Sitting | None = None
    item: AgendaItem | None = None
    vote: Vote | None = None
    commission: Body | None = None
    tally: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    explanation: str = ""


def _audiences(rules: Rules | None) -> tuple[Audience, Audience, Audience]:
    """Who reads the decision, its tally and sentence, its dissenting opinions. The
    decision is in the minutes: the public reads it where the orders publish the minutes
    to the public; members always do."""
    if rules is None:
        return Audience.MEMBERS, Audience.BODY_STAFF, Audience.BODY_STAFF
    decision = Audience.PUBLIC if rules.transparency.public.minutes else Audience.MEMBERS
    return decision, published_to(rules, "tallies"), published_to(rules, "dissenting_opinions")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def enter(
    actor: Actor,
    what: Entered,
    *,
    revises: Decision | None = None,
    rescinds: bool = False,
    decided_at: datetime.datetime | None = None,
) -> Decision:
    """Number the decision in its body and year and enter it; where it `revises` an
    earlier one, add that one's next version (its new text, or the old text marked
    rescinded)."""
    body = what.body
    moment = decided_at or timezone.now()
    # Numbered in the year of the sitting that took it, as its minutes are dated.
    year = timezone.localtime(what.sitting.starts_at if what.sitting else moment).year
    number = (
        Decision.objects.filter(body=body, year=year).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    audience, tally_audience, dissent_audience = _audiences(what.rules)
    entry = record(
        "decision.entered",
        actor=actor,
        organization=body.organization,
        body_id=body.pk,
        audience=audience,
        payload={
            "body": body.slug,
            "decision": f"{year}/{number}",
            "decision_kind": what.kind.value,
            "title": what.title,
            "version": 1,
            "text_sha256": _sha(what.text),
            "revises": revises.reference if revises is not None else "",
            "rescinds": rescinds,
        },
    )
    decision = Decision.objects.create(
        body=body,
        year=year,
        number=number,
        kind=what.kind,
        title=what.title[:300],
        decided_at=moment,
        sitting=what.sitting,
        item=what.item,
        vote=what.vote,
        commission=what.commission,
        tally=what.tally,
        rule=what.rule[:200],
        explanation=what.explanation,
        audience=audience.value,
        tally_audience=tally_audience.value,
        dissent_audience=dissent_audience.value,
        entry_sequence=entry.sequence,
        entry_hash=entry.hash,
    )
    Version.objects.create(
        decision=decision, number=1, text=what.text, text_sha256=_sha(what.text), made_at=moment
    )
    if revises is not None:
        _revise(actor, revises, decision, what.text, rescinds=rescinds)
    return decision


def _revise(actor: Actor, old: Decision, by: Decision, text: str, *, rescinds: bool) -> None:
    last = old.versions.order_by("-number").first()
    assert last is not None  # every decision is entered with its first version
    new_text = last.text if rescinds else text
    version = Version.objects.create(
        decision=old,
        number=last.number + 1,
        text=new_text,
        text_sha256=_sha(new_text),
        rescinded=rescinds,
        made_at=by.decided_at,
        made_by=by,
    )
    record(
        "decision.entered",
        actor=actor,
        organization=old.body.organization,
        body_id=old.body_id,
        audience=Audience(old.audience),
        payload={
            "body": old.body.slug,
            "decision": old.reference,
            "decision_kind": old.kind,
            "title": old.title,
            "version": version.number,
            "text_sha256": version.text_sha256,
            "revises": by.reference,
            "rescinds": rescinds,
        },
    )


def vote_tally(vote: Vote) -> dict[str, Any]:
    return {"voters": vote.voters, "yes": vote.yes, "no": vote.no, "abstain": vote.abstain}


def enter_resolution(
    actor: Actor,
    *,
    body: Body,
    title: str,
    text: str,
    vote: Vote,
    rules: Rules,
    item: AgendaItem | None = None,
    commission: Body | None = None,
    revises: Decision | None = None,
    rescinds: bool = False,
) -> Decision:
    """A resolution adopted by `vote` (called by motions when the vote on a motion
    closes adopted)."""
    return enter(
        actor,
        Entered(
            body=body,
            kind=DecisionKind.RESOLUTION,
            title=title,
            text=text,
            rules=rules,
            sitting=vote.sitting,
            item=item,
            vote=vote,
            commission=commission,
            tally=vote_tally(vote),
            rule=vote.rule,
            explanation=vote.explanation,
        ),
        revises=revises,
        rescinds=rescinds,
    )


def election_declared(actor: Actor, entry: JournalEntry) -> None:
    """on_record hook: a declared election's result enters the electing body's register."""
    election = (
        Election.objects.select_related("sitting__body__organization", "vote")
        .filter(pk=_object_id(entry, "voting.election"))
        .first()
    )
    if election is None:  # an entry recorded by hand, naming no election
        return
    sitting, vote = election.sitting, election.vote
    names = dict(election.candidates.values_list("member__number", "name"))
    elected = [names.get(n, str(n)) for n in entry.payload.get("elected", [])]
    alternates = [names.get(n, str(n)) for n in entry.payload.get("alternates", [])]
    text = _("Elected: %(names)s.") % {"names": ", ".join(elected) or "—"}
    if alternates:
        text += "\n" + _("Alternates, in rank order: %(names)s.") % {"names": ", ".join(alternates)}
    count = (
        JournalEntry.objects.filter(
            code="election.count", object_type="voting.election", object_id=entry.object_id
        )
        .order_by("-pk")
        .first()
    )
    tally: dict[str, Any] = {"voters": vote.voters} if vote is not None else {}
    if count is not None:
        tally |= {"cast": count.payload.get("cast"), "blank": count.payload.get("blank")}
    enter(
        actor,
        Entered(
            body=sitting.body,
            kind=DecisionKind.ELECTION,
            title=election.title,
            text=text,
            rules=_rules_at(sitting),
            sitting=sitting,
            item=vote.item if vote is not None else None,
            vote=vote,
            tally=tally,
            rule=vote.rule if vote is not None else "",
            explanation=election.explanation,
        ),
    )


def orders_adopted(actor: Actor, entry: JournalEntry) -> None:
    """on_record hook: a new version of a body's standing orders enters its register."""
    orders = (
        StandingOrders.objects.select_related("body__organization")
        .filter(pk=_object_id(entry, "bodies.standingorders"))
        .first()
    )
    if orders is None:  # an entry recorded by hand, naming no orders
        return
    text = orders.title
    if orders.note:
        text += "\n\n" + orders.note
    enter(
        actor,
        Entered(
            body=orders.body,
            kind=DecisionKind.ORDERS,
            title=_("Standing orders, version %(version)d: %(title)s")
            % {"version": orders.version, "title": orders.title},
            text=text,
            rules=parsed(orders),
            rule="orders.adopted",
            explanation=_("Adopted by %(by)s as version %(version)d, in force from %(from)s.")
            % {
                "by": orders.adopted_by,
                "version": orders.version,
                "from": timezone.localtime(orders.effective_from).strftime("%Y-%m-%d %H:%M"),
            },
        ),
    )


def recall_decided(actor: Actor, vote: Vote) -> None:
    """after_close hook: an adopted recall enters the register."""
    recall = (
        Recall.objects.select_related("term__holder", "term__office__body")
        .filter(vote=vote)
        .first()
    )
    if recall is None or vote.outcome != "adopted":
        return
    sitting = vote.sitting
    holder, office = recall.term.holder, recall.term.office
    title = _("Recall of %(name)s from the office of %(office)s") % {
        "name": holder.name,
        "office": office.title,
    }
    enter(
        actor,
        Entered(
            body=sitting.body,
            kind=DecisionKind.RECALL,
            title=title,
            text=title + ".",
            rules=_rules_at(sitting),
            sitting=sitting,
            item=vote.item,
            vote=vote,
            tally=vote_tally(vote),
            rule=vote.rule,
            explanation=vote.explanation,
        ),
    )


def _rules_at(sitting: Sitting) -> Rules | None:
    if sitting.orders is not None:
        return parsed(sitting.orders)
    in_force = orders_in_force(sitting.body)
    return in_force.rules if in_force is not None else None


def _object_id(entry: JournalEntry, object_type: str) -> int:
    """The id of the row the entry records, or 0 (no row) when it names none."""
    if entry.object_type != object_type or not entry.object_id.isdigit():
        return 0
    return int(entry.object_id)
