"""What a new version of the standing orders changes, in sentences."""

from __future__ import annotations

from dataclasses import replace

from collegium.rules.questions.majority import parse_majority
from collegium.rules.questions.quorum import parse_quorum
from collegium.rules.standing_orders.diff import describe_changes
from collegium.rules.standing_orders.document import preset


def test_the_same_orders_change_nothing():
    assert describe_changes(preset("lenin-era"), preset("lenin-era")) == []


def test_the_quorum_reads_was_and_becomes():
    old = preset("1956-practice")
    new = replace(old, quorum=parse_quorum("two-thirds"))
    assert describe_changes(old, new) == [
        "Quorum: was more than half of the full members present at the vote, "
        "becomes at least two-thirds of the full members present at the vote."
    ]


def test_each_setting_that_differs_is_one_sentence_in_the_orders_order():
    changes = describe_changes(preset("1956-practice"), preset("lenin-era"))
    assert changes[0] == "Title: was “1956 practice”, becomes “Lenin-era rules”."
    assert changes[1] == "The description changes."
    assert changes[2].startswith(
        "Secret ballot: was “Elections are by secret ballot, other votes open.”"
    )
    assert (
        "becomes “A minority of at least 1/20 of the full members may give a counter-report.”"
        in changes[3]
    )
    assert changes[4].startswith("Speaking time:")
    assert changes[5].startswith("Lists of speakers: was “Lists of speakers: in the order asked")
    assert changes[6].startswith("Sittings: was “At a sitting, only full members vote")
    assert changes[7].startswith("Elections: was “Bodies are elected by yes, no or abstain")
    assert changes[8] == (
        "Motions: was “A motion is tabled by its submitters alone.”, becomes “A motion is "
        "tabled with 10 supporters.”"
    )
    assert changes[9].startswith("What members see: was “Members see none")
    assert len(changes) == 10  # quorum, majorities, ties, votes, public and guests are the same


def test_a_majority_for_a_kind_added_changed_or_removed():
    old = preset("lenin-era")
    removed = replace(old, majorities={})
    assert describe_changes(old, removed) == [
        "Majority to amend standing orders: was two-thirds of the valid votes "
        "(abstentions counted), becomes the general majority."
    ]
    assert describe_changes(removed, old)[0].startswith(
        "Majority to amend standing orders: was the general majority, becomes two-thirds"
    )
    changed = replace(old, majorities={"amend-standing-orders": parse_majority("absolute")})
    assert describe_changes(old, changed)[0].startswith(
        "Majority to amend standing orders: was two-thirds of the valid votes"
    )
