"""A dissenting opinion attached to a decision by a member who voted against it or
abstained. In a named vote the roll call shows how the member voted; in a secret ballot
or a show of hands nobody can know, so the member's word stands, but only a voter of that
vote may dissent, and never from a decision nobody voted against or abstained on."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.permissions import Context, Permission, has_permission
from collegium.access.permissions import refusal as not_permitted
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.journal.codes import Audience
from collegium.register.models import Decision, DecisionKind, Dissent
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.rules.procedure.texts import check_length
from collegium.voting.models import Participation, VoteForm, Voter

DISSENT_MAX = 20_000


def of_decision(arguments: Mapping[str, Any]) -> int:
    decision: Decision = arguments["decision"]
    return int(decision.body.organization_id)


@action(chain=of_decision)
def attach_dissent(*, actor: Actor, decision: Decision, member: Member, text: str) -> Dissent:
    """The member (or the secretariat recording what a member handed in) attaches a
    dissenting opinion. Refused as `dissent.text`, `dissent.kind` (only resolutions and
    recalls decided by a vote), `dissent.not-voter`, `dissent.voted-for`,
    `dissent.unanimous` and `dissent.given`."""
    decision = Decision.objects.select_related("body__organization", "vote").get(pk=decision.pk)
    body = decision.body
    own = actor.user is not None and member.user_id == actor.user.pk
    if not own and not has_permission(actor, Permission.RUN_SITTINGS, Context.of_body(body)):
        raise not_permitted(Permission.RUN_SITTINGS, Context.of_body(body))
    text = text.strip()
    if not text or "\x00" in text:
        raise RuleError(
            _("A dissenting opinion needs a text, and no NUL characters."), rule="dissent.text"
        )
    check_length(text, DISSENT_MAX, _("The opinion"), "dissent.text")
    vote = decision.vote
    if vote is None or decision.kind not in (DecisionKind.RESOLUTION, DecisionKind.RECALL):
        raise RuleError(
            _("Dissenting opinions are attached to resolutions and recalls decided by a vote."),
            rule="dissent.kind",
        )
    voters = Voter.objects.filter(vote=vote, member=member)
    if not voters.exists():
        raise RuleError(
            _("%(name)s had no vote in vote %(vote)s: only its voters may dissent.")
            % {"name": member.name, "vote": vote.number},
            rule="dissent.not-voter",
        )
    if vote.form == VoteForm.NAMED:
        choices = set(
            Participation.objects.filter(voter__in=voters).values_list("choice", flat=True)
        )
        if not choices or choices == {"yes"}:
            raise RuleError(
                _(
                    "The roll call shows that %(name)s did not vote against or abstain: only "
                    "they may dissent."
                )
                % {"name": member.name},
                rule="dissent.voted-for",
            )
    elif not (vote.no or 0) and not (vote.abstain or 0):
        raise RuleError(
            _("Nobody voted against %(decision)s or abstained: there is no dissent to record.")
            % {"decision": decision.reference},
            rule="dissent.unanimous",
        )
    if Dissent.objects.filter(decision=decision, member=member).exists():
        raise RuleError(
            _("%(name)s has attached a dissenting opinion to %(decision)s already.")
            % {"name": member.name, "decision": decision.reference},
            rule="dissent.given",
        )
    dissent = Dissent.objects.create(
        decision=decision, member=member, text=text, given_at=timezone.now()
    )
    record(
        "decision.dissent",
        actor=actor,
        organization=body.organization,
        obj=dissent,
        body_id=body.pk,
        audience=Audience(decision.dissent_audience),
        payload={
            "body": body.slug,
            "decision": decision.reference,
            "member": member.number,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        },
    )
    return dissent
