"""The journal codes of sittings. What happens at a sitting is for the organization's
members; signed minutes are published to whom the body's transparency settings open them
(the entry's audience is widened when it is recorded)."""

from collegium.journal.codes import Audience, declare

SITTING_CONVENED = declare(
    "sitting.convened",
    Audience.MEMBERS,
    ["body", "sitting", "title", "starts_at", "place", "online"],
    "A sitting of a body was convened.",
)
SITTING_POSTPONED = declare(
    "sitting.postponed",
    Audience.MEMBERS,
    ["body", "sitting", "starts_at", "reason"],
    "A sitting was postponed to a new time, with the reason.",
)
SITTING_CANCELLED = declare(
    "sitting.cancelled",
    Audience.MEMBERS,
    ["body", "sitting", "reason"],
    "A sitting was cancelled, with the reason.",
)
SITTING_OPENED = declare(
    "sitting.opened",
    Audience.MEMBERS,
    ["body", "sitting", "orders_version", "quorum"],
    "A sitting was opened, with the quorum at opening.",
)
SITTING_CLOSED = declare(
    "sitting.closed", Audience.MEMBERS, ["body", "sitting"], "A sitting was closed."
)
CHECKED_IN = declare(
    "sitting.checked_in",
    Audience.MEMBERS,
    ["sitting", "seats", "members", "by"],
    "Seat holders were checked in (themselves, or by the secretariat at the door or in bulk).",
)
CHECKED_OUT = declare(
    "sitting.checked_out",
    Audience.MEMBERS,
    ["sitting", "seats", "members", "by"],
    "Seat holders were checked out.",
)
STEPPED_IN = declare(
    "sitting.alternate.stepped_in",
    Audience.MEMBERS,
    ["sitting", "alternate", "for_member", "reason"],
    "An alternate present stepped in for an absent full member for the sitting.",
)
STEPPED_BACK = declare(
    "sitting.alternate.stepped_back",
    Audience.MEMBERS,
    ["sitting", "alternate", "for_member", "reason"],
    "An alternate stopped standing in (the full member arrived, or the alternate left).",
)
ITEM_ADDED = declare(
    "sitting.item.added",
    Audience.MEMBERS,
    ["sitting", "item", "title", "item_kind"],
    "An item was put on a sitting's draft agenda.",
)
AGENDA_ADOPTED = declare(
    "sitting.agenda.decided",
    Audience.MEMBERS,
    ["sitting", "yes", "no", "abstain", "adopted", "rule", "explanation"],
    "The meeting voted on its agenda by a counted show of hands (adopted or not).",
)
ITEM_OPENED = declare(
    "sitting.item.opened", Audience.MEMBERS, ["sitting", "item"], "The chair opened an item."
)
ITEM_CLOSED = declare(
    "sitting.item.closed", Audience.MEMBERS, ["sitting", "item"], "The chair closed an item."
)
REPORT_REGISTERED = declare(
    "sitting.report.registered",
    Audience.MEMBERS,
    [
        "sitting",
        "item",
        "title",
        "rapporteur",
        "counter",
        "signatures",
        "needed",
        "document",
        "document_sha256",
    ],
    "A report, or a minority's counter-report with its signatures, was registered.",
)
FLOOR_ASKED = declare(
    "sitting.floor.asked",
    Audience.MEMBERS,
    ["sitting", "item", "member", "request_kind", "stance", "by_chair"],
    "A seat holder asked for the floor (or the chair gave it to a guest).",
)
FLOOR_WITHDRAWN = declare(
    "sitting.floor.withdrawn",
    Audience.MEMBERS,
    ["sitting", "item", "member"],
    "A request for the floor was withdrawn.",
)
SPEAKER_CALLED = declare(
    "sitting.speaker.called",
    Audience.MEMBERS,
    ["sitting", "item", "member", "request_kind", "allowed_seconds", "explanation"],
    "The chair called the next speaker, with the time allowed and why.",
)
CLOCK_CHANGED = declare(
    "sitting.clock.changed",
    Audience.MEMBERS,
    ["sitting", "item", "member", "clock", "spoken_seconds"],
    "The chair started, paused or stopped the speaker's clock.",
)
LIST_CLOSED = declare(
    "sitting.list.decided",
    Audience.MEMBERS,
    ["sitting", "item", "yes", "no", "abstain", "adopted", "rule", "explanation"],
    "The meeting voted on closing an item's list of speakers (closed or not).",
)
MINUTES_SIGNED = declare(
    "sitting.minutes.signed",
    Audience.BODY_STAFF,
    ["body", "sitting", "html_sha256", "pdf_sha256"],
    "The secretary signed the minutes; their digests fix them.",
)
