"""The journal codes of motions and amendments. Motions are before the members: every
step is journaled for them (their numbers and texts are in the rows; the entries name the
motion, the members and the step)."""

from collegium.journal.codes import Audience, declare

MOTION_SUBMITTED = declare(
    "motion.submitted",
    Audience.MEMBERS,
    ["body", "motion", "title", "submitters", "revises", "revision"],
    "A draft motion was submitted, with its submitters (members' numbers), and the "
    "decision it amends or rescinds, if any.",
)
MOTION_SUPPORTED = declare(
    "motion.supported",
    Audience.MEMBERS,
    ["body", "motion", "member", "supporters"],
    "A member supported a draft motion; the count of supporters after it.",
)
MOTION_TABLED = declare(
    "motion.tabled",
    Audience.MEMBERS,
    ["body", "motion", "supporters", "needed"],
    "A motion was tabled with enough supporters under the orders.",
)
MOTION_WITHDRAWN = declare(
    "motion.withdrawn",
    Audience.MEMBERS,
    ["body", "motion"],
    "A motion was withdrawn before its vote.",
)
MOTION_REFERRED = declare(
    "motion.referred",
    Audience.MEMBERS,
    ["body", "motion", "commission"],
    "A motion was referred to a commission to frame its text.",
)
MOTION_RECOMMENDED = declare(
    "motion.recommended",
    Audience.MEMBERS,
    ["body", "motion", "commission", "recommendation", "draft", "amendments"],
    "The commission recommended on a motion and on each amendment, with its draft text's "
    "SHA-256 when it framed one.",
)
MOTION_PUT_TO_VOTE = declare(
    "motion.put_to_vote",
    Audience.MEMBERS,
    ["body", "motion", "amendment", "sitting", "vote"],
    "A motion (or one of its amendments) was put to the vote.",
)
MOTION_DECIDED = declare(
    "motion.decided",
    Audience.MEMBERS,
    ["body", "motion", "amendment", "outcome", "vote", "text_sha256"],
    "The vote on a motion or an amendment decided it; for a motion adopted, the SHA-256 "
    "of the text adopted.",
)
AMENDMENT_SUBMITTED = declare(
    "amendment.submitted",
    Audience.MEMBERS,
    ["body", "motion", "amendment", "amends", "place", "member", "commission"],
    "An amendment to a motion (or to an amendment) was tabled; with `commission`, the "
    "change the commission recommends.",
)
AMENDMENT_WITHDRAWN = declare(
    "amendment.withdrawn",
    Audience.MEMBERS,
    ["body", "motion", "amendment"],
    "An amendment was withdrawn before its vote.",
)
PROCEDURAL_MOVED = declare(
    "procedural.moved",
    Audience.MEMBERS,
    ["sitting", "procedural", "motion_key", "detail", "member", "needs"],
    "A procedural motion was moved at a sitting (in order: it outranks what is pending).",
)
PROCEDURAL_SECONDED = declare(
    "procedural.seconded",
    Audience.MEMBERS,
    ["sitting", "procedural", "member"],
    "A procedural motion was seconded.",
)
PROCEDURAL_PUT_TO_VOTE = declare(
    "procedural.put_to_vote",
    Audience.MEMBERS,
    ["sitting", "procedural", "vote"],
    "A procedural motion was put to the vote.",
)
PROCEDURAL_DECIDED = declare(
    "procedural.decided",
    Audience.MEMBERS,
    ["sitting", "procedural", "outcome", "vote", "ruling"],
    "A procedural motion was decided: by its vote, or by the chair's ruling; or withdrawn.",
)
