"""The journal codes of bodies, seats, offices and standing orders. The composition of
bodies is for members; that a body exists and the orders it works under are public."""

from collegium.journal.codes import Audience, declare

BODY_CREATED = declare(
    "body.created",
    Audience.PUBLIC,
    ["name", "kind", "full_seats", "alternate_seats", "elected_by", "takes_guests"],
    "A body was set up.",
)
BODY_CHANGED = declare(
    "body.changed",
    Audience.PUBLIC,
    ["body", "changes"],
    "A body's name, kind, seats, term or description was changed.",
)
BODY_DISSOLVED = declare(
    "body.dissolved",
    Audience.PUBLIC,
    ["body", "on", "seats_vacated", "terms_ended"],
    "A body was dissolved: its seats were vacated and its offices' terms ended.",
)
SECRETARY_ADDED = declare(
    "body.secretary.added",
    Audience.BODY_STAFF,
    ["body", "username"],
    "A login became secretary of a body.",
)
SECRETARY_REMOVED = declare(
    "body.secretary.removed",
    Audience.BODY_STAFF,
    ["body", "username"],
    "A login was taken off a body's secretaries.",
)
SEAT_ASSIGNED = declare(
    "body.seat.assigned",
    Audience.MEMBERS,
    ["body", "member", "guest", "role", "rank", "origin", "origin_detail", "weight"],
    "A member (or a guest) was given a seat.",
)
SEAT_VACATED = declare(
    "body.seat.vacated",
    Audience.MEMBERS,
    ["body", "member", "role", "reason", "on"],
    "A seat was vacated, with the reason.",
)
SEAT_REWEIGHED = declare(
    "body.seat.reweighed",
    Audience.MEMBERS,
    ["body", "member", "weight", "previous_weight", "reason"],
    "A full seat's vote weight was changed, with the reason.",
)
ALTERNATE_STEPPED_UP = declare(
    "body.alternate.stepped_up",
    Audience.MEMBERS,
    ["body", "member", "rank", "vacancy_of", "on"],
    "The first alternate stepped up to a vacant full seat.",
)
OFFICE_CREATED = declare(
    "body.office.created", Audience.MEMBERS, ["body", "title", "slug"], "An office was set up."
)
OFFICE_APPOINTED = declare(
    "body.office.appointed",
    Audience.MEMBERS,
    ["body", "office", "member"],
    "A full member took an office.",
)
OFFICE_TERM_ENDED = declare(
    "body.office.term_ended",
    Audience.MEMBERS,
    ["body", "office", "member", "because"],
    "A term of office ended (recall, resignation …), with the reason.",
)
ORDERS_ADOPTED = declare(
    "body.orders.adopted",
    Audience.PUBLIC,
    ["body", "version", "title", "note", "document", "effective_from"],
    "A new version of a body's standing orders.",
)
