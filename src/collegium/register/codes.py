"""The journal codes of the decision register."""

from collegium.journal.codes import Audience, declare

DECISION_ENTERED = declare(
    "decision.entered",
    Audience.MEMBERS,
    ["body", "decision", "decision_kind", "title", "version", "text_sha256", "revises", "rescinds"],
    "A decision was entered in the register with its number (year/number), or a new "
    "version of an earlier one (the decision it revises, and whether it rescinds it).",
)
DECISION_DISSENT = declare(
    "decision.dissent",
    Audience.MEMBERS,
    ["body", "decision", "member", "text_sha256"],
    "A member attached a dissenting opinion to a decision (read as the orders publish "
    "dissenting opinions).",
)
