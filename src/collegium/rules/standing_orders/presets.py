"""The two bundled standing-orders documents the demo compares.

Both keep the same quorum, majorities, speaking time per speech and seconds for points of
order, questions and replies, so that what differs between them is exactly what the 1956
analysis contrasts: whether a minority may answer the report, whether the membership sees
the committee's differences, and how a debate runs.

Choices made for "lenin-era" (the source gives no numbers):
- a counter-report needs the support of at least 1/20 of the full members: few enough that
  a real minority reaches it (7 of the 133 members of a central committee), enough that a
  single member cannot claim a second report on every item;
- any vote is secret when at least 1/10 of the full members ask, so that nobody has to vote
  in public against a leader;
- the counter-report gets as long as the report;
- alternates present at a sitting step in for absent full members, first-time speakers
  on an item speak before repeat speakers, and speeches for and against alternate, so
  that a debate is not a line of the same voices agreeing;
- bodies are elected by the single transferable vote and offices by instant-runoff, so
  that a minority with a quota of the votes is represented ("1956-practice": one
  candidate per seat, each kept or struck out: yes or no per name);
- each group (delegation) has 10 minutes of speaking time per agenda item, one full
  contribution's length, so that the largest delegation cannot fill a debate alone
  ("1956-practice" keeps the defaults: only full members vote, speakers in the order
  asked, no alternation, no group budget).
"""

from __future__ import annotations

_NOTHING = {
    "tallies": False,
    "roll_calls": False,
    "counter_reports": False,
    "dissenting_opinions": False,
    "minutes": False,
}
_COMMON: dict[str, object] = {
    "quorum": {"counted": "vote", "comparison": "more-than", "fraction": "1/2"},
    "majority": "simple",
    "majorities": {"amend-standing-orders": "two-thirds:valid"},
    "tie": "fail",
    # Fraternal delegations of foreign parties were guests of the Congress only.
    "guest_seats": ["congress"],
    # A suspended member kept their seat until the body or a congress removed them.
    "suspension": {"vacates_seats": False},
    # Votes are electronic and named unless secret; a ballot cast is final, as a raised
    # hand was.
    "votes": {
        "forms": ["show-of-hands", "named", "secret"],
        "default": "named",
        "ballot_change": False,
        # Delegates vote in person: no proxies.
        "proxies": 0,
    },
    # Draft resolutions came from the Presidium and the commissions; the orders set no
    # count of supporters and no deadline.
    "motions": {"supporters": 0, "deadline_days": None},
    "procedural_motions": {"enabled": True, "votes": {}},
}

PRESETS: dict[str, dict[str, object]] = {
    "1956-practice": {
        "title": "1956 practice",
        "description": (
            "The practice the 1956 analysis calls unhealthy: the official report stands "
            "alone with no counter-report, votes are open except in elections, and the "
            "committee's tallies, roll calls and dissent stay hidden from members and public."
        ),
        **_COMMON,
        "secret_ballot": {"when": "elections", "on_request": None},
        "counter_report": {"who": "nobody"},
        "speaking_time": {
            "report": 3600,
            "counter_report": 3600,
            "contribution": 600,
            "contributions_per_item": 1,
        },
        "speakers": {
            "order": "asked",
            "alternate_for_against": False,
            "group_budget": None,
            "point_of_order": 60,
            "question": 60,
            "reply": 120,
        },
        "sitting": {"alternates_step_in": False},
        # One candidate per seat, each to be struck out or kept: yes or no per name.
        "elections": {
            "method": "yes-no-abstain",
            "office_method": "yes-no-abstain",
            "marks": None,
            "end_previous_term": True,
        },
        "transparency": {"members": dict(_NOTHING), "public": dict(_NOTHING)},
    },
    "lenin-era": {
        "title": "Lenin-era rules",
        "description": (
            "Inner-party democracy as the 1956 analysis describes it: a minority of at least "
            "one twentieth of the full members may give a counter-report, differences are "
            "resolved by majority vote and not kept secret: members see the tallies, roll "
            "calls, counter-reports, dissenting opinions and minutes. Elections are secret, "
            "and so is any vote when a tenth of the full members ask."
        ),
        **_COMMON,
        "secret_ballot": {"when": "elections", "on_request": {"fraction": "1/10"}},
        "counter_report": {"who": "minority", "fraction": "1/20"},
        # Not in the analysis: a motion from the floor needs ten delegates behind it, so
        # that the agenda is the Congress's and not any one delegate's.
        "motions": {"supporters": 10, "deadline_days": None},
        "speaking_time": {
            "report": 3600,
            "counter_report": 3600,
            "contribution": 600,
            "contributions_per_item": 2,
        },
        "speakers": {
            "order": "first-time",
            "alternate_for_against": True,
            "group_budget": 600,
            "point_of_order": 60,
            "question": 60,
            "reply": 120,
        },
        "sitting": {"alternates_step_in": True},
        # Candidates ranked, seats shared in proportion to support: a minority that holds
        # a quota of the votes wins a seat of its own.
        "elections": {
            "method": "scottish-stv",
            "office_method": "irv",
            "marks": None,
            "end_previous_term": True,
        },
        "transparency": {
            "members": {
                "tallies": True,
                "roll_calls": True,
                "counter_reports": True,
                "dissenting_opinions": True,
                "minutes": True,
            },
            "public": dict(_NOTHING),
        },
    },
}
