"""The journal codes of votes. A ballot never enters the journal: it holds the vote's
opening, who has voted (in batches, the members' ids sorted), and the close with the tally
and the digest of the whole ballot box. Tallies and roll calls are read by whom the body's
transparency settings open them to (the entry's audience is set when it is recorded)."""

from collegium.journal.codes import Audience, declare

VOTE_OPENED = declare(
    "vote.opened",
    Audience.MEMBERS,
    [
        "sitting",
        "vote",
        "subject",
        "kind",
        "form",
        "ballot_change",
        "voters",
        "present",
        "entitled",
    ],
    "A vote was opened, with its form and the number of voters fixed at opening.",
)
# Who has voted is for the secretariat (the chair's turnout): a congress's thousands of
# screens need not hear of every batch of ballots.
VOTE_PARTICIPATED = declare(
    "vote.participated",
    Audience.BODY_STAFF,
    ["sitting", "vote", "members"],
    "Members cast their ballots in a vote (who, never how: ballots are not journaled).",
)
VOTE_CHANGED = declare(
    "vote.ballot_changed",
    Audience.BODY_STAFF,
    ["sitting", "vote", "members"],
    "Members changed their ballots in a vote whose orders allow it (who, never how).",
)
VOTE_CLOSED = declare(
    "vote.closed",
    Audience.MEMBERS,
    ["sitting", "vote", "subject", "form", "outcome", "box_digest"],
    "A vote was closed: adopted or not, and the digest of its ballot box.",
)
VOTE_TALLY = declare(
    "vote.tally",
    Audience.BODY_STAFF,
    ["sitting", "vote", "voters", "cast", "yes", "no", "abstain", "rule", "explanation"],
    "The tally of a closed vote and the sentence naming the rule that decided it (read as "
    "the transparency settings publish tallies).",
)
VOTE_ROLL_CALL = declare(
    "vote.roll_call",
    Audience.BODY_STAFF,
    ["sitting", "vote", "yes", "no", "abstain"],
    "Who voted how in a named vote (the members' ids per choice; read as the "
    "transparency settings publish roll calls).",
)
