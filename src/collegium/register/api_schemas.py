"""The API's view of the register (register/api.py): typed schemas, and a decision as one
reader sees it (register.queries.Shown), in the shape of the JSON export
(register.exports.as_data): a tally, rule, explanation or the dissenting opinions the
orders do not publish to the reader are null."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from collegium.register.actions.dissenting import DISSENT_MAX
from collegium.register.models import Dissent
from collegium.register.queries import Shown

DecisionKindName = Literal["resolution", "election", "orders", "recall"]
StatusName = Literal["in-force", "amended", "rescinded"]
TALLY_KEYS = ("voters", "yes", "no", "abstain", "cast", "blank")


# Input --------------------------------------------------------------------------------


class DissentIn(Schema):
    text: str = Field(min_length=1, max_length=DISSENT_MAX)
    member: str | None = Field(
        None,
        max_length=32,
        description="The dissenting member's number; None: your own (the secretariat records "
        "an opinion a member handed in).",
    )


# Output -------------------------------------------------------------------------------


class DissenterOut(Schema):
    number: str
    name: str


class DecisionVersionOut(Schema):
    number: int
    text: str
    text_sha256: str
    rescinded: bool
    made_at: datetime.datetime
    made_by: str | None = Field(
        description="The reference (YEAR/NUMBER) of the decision that amended or rescinded "
        "it; None for the text as adopted."
    )


class DecisionTallyOut(Schema):
    voters: int | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    cast: int | None = Field(None, description="Ballots cast in an election.")
    blank: int | None = Field(None, description="Blank ballots in an election.")


class DissentOut(Schema):
    member: DissenterOut
    text: str
    given_at: datetime.datetime


class JournalRefOut(Schema):
    sequence: int
    hash: str


class RegisterDecisionOut(Schema):
    reference: str = Field(description="YEAR/NUMBER, numbered per body and year.")
    year: int
    number: int
    kind: DecisionKindName
    title: str
    dated: datetime.date = Field(
        description="The date it bears: its sitting's (as the minutes), else when decided."
    )
    decided_at: datetime.datetime
    status: StatusName
    text: str = Field(description="What it says now (its last version's text).")
    versions: list[DecisionVersionOut] = Field(description="Oldest first; the last is in force.")
    revises: list[str] = Field(
        description="The references of the decisions this one amended or rescinded."
    )
    sitting: int | None = Field(description="The number of the sitting that decided it.")
    commission: str | None = Field(description="The slug of the commission it came from.")
    tally: DecisionTallyOut | None = Field(
        description="None where the standing orders do not publish the tally to you."
    )
    rule: str | None
    explanation: str | None
    dissents: list[DissentOut] | None = Field(
        description="None where the standing orders do not publish dissenting opinions to you."
    )
    journal: JournalRefOut = Field(description="The journal entry that entered it.")


def dissent_out(dissent: Dissent) -> DissentOut:
    member = dissent.member
    return DissentOut(
        member=DissenterOut(number=member.number, name=member.name),
        text=dissent.text,
        given_at=dissent.given_at,
    )


def decision_out(one: Shown) -> RegisterDecisionOut:
    decision = one.decision
    tally = decision.tally
    return RegisterDecisionOut(
        reference=decision.reference,
        year=decision.year,
        number=decision.number,
        kind=decision.kind,  # type: ignore[arg-type]
        title=decision.title,
        dated=timezone.localtime(decision.dated).date(),
        decided_at=decision.decided_at,
        status=one.status,  # type: ignore[arg-type]
        text=one.current.text,
        versions=[
            DecisionVersionOut(
                number=v.number,
                text=v.text,
                text_sha256=v.text_sha256,
                rescinded=v.rescinded,
                made_at=v.made_at,
                made_by=v.made_by.reference if v.made_by is not None else None,
            )
            for v in one.versions
        ],
        revises=[v.decision.reference for v in one.revised],
        sitting=decision.sitting.number if decision.sitting is not None else None,
        commission=decision.commission.slug if decision.commission is not None else None,
        tally=DecisionTallyOut(**{k: tally.get(k) for k in TALLY_KEYS})
        if one.tally_shown
        else None,
        rule=decision.rule if one.tally_shown else None,
        explanation=decision.explanation if one.tally_shown else None,
        dissents=None if one.dissents is None else [dissent_out(d) for d in one.dissents],
        journal=JournalRefOut(sequence=decision.entry_sequence, hash=decision.entry_hash),
    )
