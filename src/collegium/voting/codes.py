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
    ["sitting", "vote", "item", "subject", "form", "outcome", "box_digest"],
    "A vote was closed: adopted or not, and the digest of its ballot box (the minutes "
    "record the sitting's votes from these entries).",
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

ELECTION_CALLED = declare(
    "election.called",
    Audience.MEMBERS,
    [
        "sitting",
        "election",
        "title",
        "body",
        "office",
        "seats",
        "alternates",
        "method",
        "end_previous_term",
    ],
    "An election was called, with the seats it fills and the method the orders give.",
)
ELECTION_NOMINATED = declare(
    "election.nominated",
    Audience.MEMBERS,
    ["sitting", "election", "member", "nominated_by", "consent"],
    "A member was nominated in an election.",
)
ELECTION_CONSENT = declare(
    "election.consent",
    Audience.MEMBERS,
    ["sitting", "election", "member", "consent"],
    "A nominee consented to stand, or declined.",
)
ELECTION_BALLOT_OPENED = declare(
    "election.ballot_opened",
    Audience.MEMBERS,
    ["sitting", "election", "vote", "candidates"],
    "Nominations closed and the ballot opened, with the candidates in ballot order.",
)
ELECTION_COUNTED = declare(
    "election.counted",
    Audience.MEMBERS,
    ["sitting", "vote", "election", "elected", "alternates"],
    "An election's ballots were counted: who is elected, and the alternates in rank order.",
)
ELECTION_COUNT = declare(
    "election.count",
    Audience.BODY_STAFF,
    ["sitting", "vote", "election", "cast", "blank", "method", "explanation", "rounds"],
    "An election's count round by round (STV stages), read as the transparency settings "
    "publish tallies.",
)
ELECTION_ROLL_CALL = declare(
    "election.roll_call",
    Audience.BODY_STAFF,
    ["sitting", "vote", "election", "ballots"],
    "Each member's ballot in a named election (read as the transparency settings publish "
    "roll calls).",
)
ELECTION_DECLARED = declare(
    "election.declared",
    Audience.MEMBERS,
    ["sitting", "election", "title", "elected", "alternates"],
    "An election's result was declared: the elected took their seats or office.",
)
RECALL_OPENED = declare(
    "recall.opened",
    Audience.MEMBERS,
    ["sitting", "vote", "office", "member"],
    "A vote to recall an office holder was opened.",
)
PROXY_GIVEN = declare(
    "proxy.given",
    Audience.BODY_STAFF,
    ["body", "giver", "holder"],
    "A full member gave their proxy to another full member of the body.",
)
PROXY_REVOKED = declare(
    "proxy.revoked",
    Audience.BODY_STAFF,
    ["body", "giver", "holder"],
    "A proxy was revoked.",
)
