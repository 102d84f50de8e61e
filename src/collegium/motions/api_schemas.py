"""The API's view of motions (motions/api.py): typed schemas, and a motion as its readers
see it (motions.reading): the text with its line numbers, the supporters against those the
orders ask, the commission's recommendation and draft, the amendments with their place,
state, recommendation, conflicts and change, the text they result in."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from collegium.motions.models import Motion
from collegium.motions.reading import ShownAmendment, ShownMotion
from collegium.registry.models import Member
from collegium.rules.motions.amendments import MAX_TEXT, numbered
from collegium.voting.models import Vote

MotionStateName = Literal[
    "draft", "tabled", "referred", "recommended", "voting", "adopted", "rejected", "withdrawn"
]
AmendmentStateName = Literal["tabled", "voting", "adopted", "rejected", "withdrawn", "lapsed"]
RecommendationName = Literal["adopt", "reject", "adopt-as-amended"]
FormName = Literal["show-of-hands", "named", "secret"]
RevisionName = Literal["amend", "rescind"]

MAX_ROW_ID = 2_147_483_647
# Line numbers: a text of MAX_TEXT characters has fewer lines than that.
LineNumber = Annotated[int, Field(ge=0, le=MAX_TEXT)]
MemberNumber = Annotated[str, Field(max_length=32)]
# A body within the API's 1 MB however its characters are escaped in JSON (up to six bytes
# each), as the sittings API does for reports; longer texts go through the pages.
API_TEXT = 60_000
# A decision of the register: YEAR/NUMBER (register.models.Decision.reference).
DecisionReference = Annotated[str, Field(pattern=r"^[0-9]{1,4}/[0-9]{1,9}$")]
REASON = 10_000


# Input --------------------------------------------------------------------------------


class SubmitMotionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(
        min_length=1,
        max_length=API_TEXT,
        description="Paragraphs separated by a blank line; every other line is numbered. "
        "Longer texts (the action takes 200,000 characters) go through the pages.",
    )
    submitters: list[MemberNumber] = Field(
        [],
        max_length=500,
        description="The submitters' member numbers; empty: you alone (the secretariat "
        "names those who handed it in).",
    )
    sitting: int | None = Field(
        None, ge=1, le=MAX_ROW_ID, description="The number of the sitting it is moved for."
    )
    item: str | None = Field(
        None, max_length=40, description="The agenda item's number at that sitting."
    )
    revises: DecisionReference | None = Field(
        None,
        description="The reference (YEAR/NUMBER) of the body's resolution the motion amends "
        "or rescinds; given with `revision`.",
    )
    revision: RevisionName | None = Field(
        None,
        description="amend: the motion's text is the decision's new text; rescind: the "
        "decision is rescinded. Given with `revises`.",
    )


class SupportIn(Schema):
    member: MemberNumber | None = Field(
        None, description="The member's number; None: you (the secretariat names one)."
    )


class ReferIn(Schema):
    commission: str = Field(
        min_length=1, max_length=60, description="The slug of a commission the body elects."
    )


class AmendmentRecommendationIn(Schema):
    amendment: int = Field(ge=1, le=MAX_ROW_ID, description="The amendment's number.")
    recommendation: Literal["adopt", "reject"]


class RecommendIn(Schema):
    recommendation: RecommendationName
    draft: str = Field(
        "",
        max_length=API_TEXT,
        description="The commission's own text; the pending amendments lapse into it, and "
        "new amendments cite its lines. Not given with `amendments`.",
    )
    amendments: list[AmendmentRecommendationIn] = Field(
        [], max_length=2_000, description="A recommendation per pending amendment."
    )


class ChangeIn(Schema):
    """A change to lines of the text: the commission's change recommendation."""

    first_line: LineNumber = Field(description="The first line replaced.")
    last_line: LineNumber = Field(
        description="The last line replaced; first_line - 1 to insert after that line."
    )
    text: str = Field(
        max_length=API_TEXT, description="The new text (empty: the lines are struck out)."
    )
    reason: str = Field("", max_length=REASON)


class AmendmentIn(ChangeIn):
    amends: int | None = Field(
        None,
        ge=1,
        le=MAX_ROW_ID,
        description="The number of the pending amendment this one amends (its lines are "
        "that amendment's text's).",
    )
    member: MemberNumber | None = Field(
        None, description="The mover's member number; None: you (the secretariat names one)."
    )


class PutToVoteIn(Schema):
    sitting: int = Field(ge=1, le=MAX_ROW_ID, description="The number of the body's sitting.")
    form: FormName | None = Field(None, description="None: the standing orders' default form.")


# Output -------------------------------------------------------------------------------


class MotionMemberOut(Schema):
    number: str
    name: str


class LineOut(Schema):
    number: int | None = Field(description="None for the blank line between paragraphs.")
    text: str


class ChangeLineOut(Schema):
    kind: Literal["same", "removed", "added"]
    text: str


class VoteRefOut(Schema):
    sitting: int = Field(description="The sitting's number: the vote is read and cast there.")
    number: int


class AmendmentOut(Schema):
    number: int
    amends: int | None = Field(description="The number of the amendment this one amends.")
    first_line: int
    last_line: int
    place: str = Field(description='Where it changes the text: "line 3", "after line 4".')
    text: str
    reason: str
    submitted_by: MotionMemberOut | None = Field(
        description="The member who moved it; null for the commission's change."
    )
    from_commission: bool = Field(
        description="A change the commission recommends (a change recommendation)."
    )
    submitted_at: datetime.datetime
    state: AmendmentStateName
    recommendation: Literal["adopt", "reject"] | None
    conflicts_with: list[int] = Field(
        description="Pending amendments touching the same text: adopting one lapses the others."
    )
    changes: list[ChangeLineOut] = Field(
        description="The lines cited (removed), the new text (added), unchanged lines (same)."
    )
    vote: VoteRefOut | None


class MotionSummaryOut(Schema):
    number: int
    title: str
    state: MotionStateName
    submitters: list[MotionMemberOut]
    supporters: int = Field(description="Members supporting it, the submitters among them.")
    submitted_at: datetime.datetime
    commission: str | None = Field(description="The slug of the commission it is referred to.")
    recommendation: RecommendationName | None


class MotionOut(MotionSummaryOut):
    text: str = Field(description="The text as submitted.")
    lines: list[LineOut] = Field(
        description="The text amendments cite, numbered: the commission's draft where it "
        "framed one, else the text as submitted."
    )
    supporters_needed: int = Field(description="Supporters the standing orders ask to table it.")
    sitting: int | None
    item: str | None
    tabled_at: datetime.datetime | None
    draft: str = Field(description="The commission's draft, voted on instead of the text.")
    amendments: list[AmendmentOut]
    next_to_vote: int | None = Field(description="The amendment put to the vote next.")
    resulting_text: str | None = Field(
        description="The voted text with the adopted amendments made; None where they cannot "
        "be made to it (amendments adopted before the commission framed its draft)."
    )
    final_text: str = Field(description="The text adopted, once the motion is.")
    vote: VoteRefOut | None
    decided_at: datetime.datetime | None
    revises: str | None = Field(
        description="The reference (YEAR/NUMBER) of the decision it amends or rescinds."
    )
    revision: RevisionName | None


def _member(member: Member) -> MotionMemberOut:
    return MotionMemberOut(number=member.number, name=member.name)


def _vote(vote: Vote | None) -> VoteRefOut | None:
    return VoteRefOut(sitting=vote.sitting.number, number=vote.number) if vote else None


def summary_out(motion: Motion, supporters: int) -> MotionSummaryOut:
    return MotionSummaryOut(
        number=motion.number,
        title=motion.title,
        state=motion.state,  # type: ignore[arg-type]
        submitters=[
            _member(s.member)
            for s in sorted(motion.submitters.all(), key=lambda s: s.member.number)
        ],
        supporters=supporters,
        submitted_at=motion.submitted_at,
        commission=motion.commission.slug if motion.commission is not None else None,
        recommendation=motion.recommendation or None,  # type: ignore[arg-type]
    )


def amendment_out(shown: ShownAmendment) -> AmendmentOut:
    a = shown.amendment
    return AmendmentOut(
        number=a.number,
        amends=a.amends.number if a.amends is not None else None,
        first_line=a.first_line,
        last_line=a.last_line,
        place=shown.place,
        text=a.text,
        reason=a.reason,
        submitted_by=_member(a.submitted_by) if a.submitted_by is not None else None,
        from_commission=a.from_commission,
        submitted_at=a.submitted_at,
        state=a.state,  # type: ignore[arg-type]
        recommendation=a.recommendation or None,  # type: ignore[arg-type]
        conflicts_with=list(shown.conflicts_with),
        changes=[ChangeLineOut(kind=c.kind, text=c.text) for c in shown.changes],  # type: ignore[arg-type]
        vote=_vote(a.vote),
    )


def motion_out(shown: ShownMotion) -> MotionOut:
    motion = shown.motion
    return MotionOut(
        **summary_out(motion, shown.supporters).model_dump(),
        text=motion.text,
        lines=[LineOut(number=line.number, text=line.text) for line in numbered(motion.voted_text)],
        supporters_needed=shown.needed,
        sitting=motion.sitting.number if motion.sitting is not None else None,
        item=motion.item.number if motion.item is not None else None,
        tabled_at=motion.tabled_at,
        draft=motion.draft,
        amendments=[amendment_out(a) for a in shown.amendments],
        next_to_vote=shown.next_to_vote,
        resulting_text=shown.resulting_text,
        final_text=motion.final_text,
        vote=_vote(motion.vote),
        decided_at=motion.decided_at,
        revises=motion.revises.reference if motion.revises is not None else None,
        revision=motion.revision or None,  # type: ignore[arg-type]
    )
