"""The API's view of a sitting's procedural motions (motions/procedural_api.py): what is
asked to move, second, put to the vote and rule on one, and the stack of pending
questions with the motions decided and those in order now (motions.procedural_reading)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from collegium.motions.actions.procedural import DETAIL_MAX, RULING_MAX
from collegium.motions.api_schemas import (
    FormName,
    MemberNumber,
    MotionMemberOut,
    VoteRefOut,
)
from collegium.motions.models import Motion, ProceduralMotion
from collegium.motions.procedural_reading import ProceduralReading, kind_of
from collegium.registry.models import Member
from collegium.rules.motions.procedural import Motion as Kind

ProceduralStateName = Literal["pending", "voting", "adopted", "rejected", "ruled", "withdrawn"]
NeedsName = Literal["majority", "two-thirds", "chair"]
FamilyName = Literal["main", "privileged", "subsidiary", "incidental", "renewal"]


# Input --------------------------------------------------------------------------------


class ProceduralMoveIn(Schema):
    key: str = Field(
        min_length=1,
        max_length=40,
        description="The motion, as the 1915 table names it: adjourn, recess, "
        "lay-on-the-table, previous-question, refer, point-of-order, … (the list's "
        "`in_order` gives those in order now).",
    )
    detail: str = Field(
        "",
        max_length=DETAIL_MAX,
        description="What it proposes, if anything: the commission, the time, the point.",
    )
    member: MemberNumber | None = Field(
        None, description="The mover's member number; None: you (the secretariat names one)."
    )


class ProceduralSecondIn(Schema):
    member: MemberNumber | None = Field(
        None, description="The seconder's member number; None: you (the secretariat names one)."
    )


class ProceduralVoteIn(Schema):
    form: FormName | None = Field(None, description="None: the standing orders' default form.")


class ProceduralRuleIn(Schema):
    upheld: bool = Field(description="Whether the chair upholds the point or grants the call.")
    ruling: str = Field("", max_length=RULING_MAX, description="The ruling's words.")


# Output -------------------------------------------------------------------------------


class ProceduralKindOut(Schema):
    key: str
    name: str
    family: FamilyName
    second: bool = Field(description="Whether it needs a second.")
    debatable: bool
    amendable: bool
    needs: NeedsName = Field(
        description="The vote it needs under the orders: a majority, two-thirds, or none "
        "(chair: the chair rules on it)."
    )


class ProceduralMotionOut(ProceduralKindOut):
    number: int = Field(description="Its number in the sitting.")
    detail: str
    moved_by: MotionMemberOut
    seconded_by: MotionMemberOut | None
    state: ProceduralStateName
    vote: VoteRefOut | None
    upheld: bool | None = Field(description="The chair's ruling, for a motion the chair decides.")
    ruling: str
    moved_at: datetime.datetime
    decided_at: datetime.datetime | None


class ProceduralMainOut(Schema):
    number: int
    title: str


class ProceduralStackOut(Schema):
    main_motions: list[ProceduralMainOut] = Field(
        description="The main motions pending at the sitting: the bottom of the stack."
    )
    pending: list[ProceduralMotionOut] = Field(
        description="The procedural motions pending, bottom first: the last is the "
        "question immediately pending, decided first."
    )
    decided: list[ProceduralMotionOut] = Field(description="Those decided, in the order moved.")
    in_order: list[ProceduralKindOut] = Field(
        description="The motions that may be moved now (none while the sitting is not open)."
    )
    enabled: bool = Field(description="Whether the standing orders use procedural motions.")


def _member(member: Member | None) -> MotionMemberOut | None:
    return MotionMemberOut(number=member.number, name=member.name) if member else None


def kind_out(kind: Kind) -> ProceduralKindOut:
    return ProceduralKindOut(
        key=kind.key,
        name=kind.title,
        family=kind.family.value,
        second=kind.second,
        debatable=kind.debatable,
        amendable=kind.amendable,
        needs=kind.needs.value,
    )


def procedural_out(motion: ProceduralMotion) -> ProceduralMotionOut:
    vote = motion.vote
    moved_by = _member(motion.moved_by)
    assert moved_by is not None
    return ProceduralMotionOut(
        **kind_out(kind_of(motion)).model_dump(),
        number=motion.number,
        detail=motion.detail,
        moved_by=moved_by,
        seconded_by=_member(motion.seconded_by),
        state=motion.state,  # type: ignore[arg-type]
        vote=VoteRefOut(sitting=vote.sitting.number, number=vote.number) if vote else None,
        upheld=motion.upheld,
        ruling=motion.ruling,
        moved_at=motion.moved_at,
        decided_at=motion.decided_at,
    )


def _main(motion: Motion) -> ProceduralMainOut:
    return ProceduralMainOut(number=motion.number, title=motion.title)


def stack_out(reading: ProceduralReading) -> ProceduralStackOut:
    return ProceduralStackOut(
        main_motions=[_main(m) for m in reading.main_motions],
        pending=[procedural_out(m) for m in reading.pending],
        decided=[procedural_out(m) for m in reading.decided],
        in_order=[kind_out(kind) for kind in reading.in_order],
        enabled=reading.enabled,
    )
