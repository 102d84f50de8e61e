"""Votes on a question: the form the orders allow, the voters fixed at opening, one ballot
each, refusals that name the reason and change nothing, and a close decided by the rules
with its sentence."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import seat_member
from collegium.bodies.models import SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.meetings import actions as meeting
from collegium.registry.actions import change_member_status, link_login, register_member
from collegium.registry.models import MemberStatus
from collegium.voting import actions
from collegium.voting.actions import Cast
from collegium.voting.models import Ballot, Participation, Vote, Voter
from collegium.voting.queries import ballot_of_receipt, published_box, turnout
from tests.conftest import PASSWORD, Org
from tests.voting.helpers import refused, sitting_open


def _entries(code: str) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(code=code).order_by("sequence"))


def test_a_named_vote_is_counted_and_decided_with_its_sentence(org: Org) -> None:
    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Close the debate")
    assert vote.form == "named" and vote.number == 1
    # Lenin-era rules: alternate 1 steps in for absent full member 6.
    assert vote.voters == 6 and vote.present == 6 and vote.entitled == 7
    assert Voter.objects.filter(vote=vote, stepping_in=True).count() == 1
    choices = ["yes", "yes", "yes", "no", "abstain"]
    for seat, choice in zip(m.full[:5], choices, strict=True):
        assert actions.cast_ballot(actor=m.actor(seat), vote=vote, choice=choice).receipt == ""
    actions.cast_ballot(actor=m.actor(m.alternates[0]), vote=vote, choice="yes")
    assert turnout(vote) == 6

    closed = actions.close_vote(actor=m.chair, vote=vote)

    assert (closed.yes, closed.no, closed.abstain) == (4, 1, 1)
    assert closed.outcome == "adopted"
    assert closed.explanation.startswith("Adopted: 4 yes, 1 no")
    assert "more than half" in closed.explanation
    tally = _entries("vote.tally")[0]
    assert tally.payload["explanation"] == closed.explanation
    assert tally.audience == "members"  # the Lenin-era rules publish tallies to members
    roll_call = _entries("vote.roll_call")[0].payload
    assert len(roll_call["yes"]) == 4 and len(roll_call["no"]) == 1
    assert next(e.payload["members"] for e in _entries("vote.participated")) == [
        m.full[0].member_id
    ]
    # Nothing of a named vote goes to the ballot box: the roll call is its record.
    assert not Ballot.objects.exists()


def test_under_1956_practice_tallies_are_for_the_secretariat_only(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Thanks to the chair")
    assert vote.voters == 5  # alternates do not step in
    for seat in m.full[:5]:
        actions.cast_ballot(actor=m.actor(seat), vote=vote, choice="yes")
    actions.close_vote(actor=m.chair, vote=vote)
    assert _entries("vote.tally")[0].audience == "body-staff"
    assert _entries("vote.closed")[0].audience == "members"
    assert _entries("vote.closed")[0].payload["outcome"] == "adopted"


def test_who_may_not_vote_is_refused_with_the_reason(org: Org) -> None:
    m = sitting_open(org, "1956-practice")
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="A question")

    alternate = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=m.actor(m.alternates[0]), vote=vote, choice="yes"),
    )
    assert "alternate votes only when stepping in" in str(alternate)
    absent = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=m.actor(m.full[6]), vote=vote, choice="yes"),
    )
    assert "not checked in when the vote opened" in str(absent)
    outsider = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=Actor.page(org.outsider), vote=vote, choice="yes"),
    )
    assert "Only members of the organization vote" in str(outsider)
    no_seat = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=Actor.page(org.member_user), vote=vote, choice="no"),
    )
    assert "no seat in this body" in str(no_seat)
    refused(
        "vote.choice",
        lambda: actions.cast_ballot(actor=m.actor(m.full[0]), vote=vote, choice="perhaps"),
    )


def test_a_consultative_seat_and_a_suspended_member_do_not_vote(org: Org) -> None:
    m = sitting_open(org, "lenin-era")
    member = register_member(
        actor=SYSTEM, organization=org.organization, number="S-adv", name="Adviser"
    )
    User.objects.create_user("adviser", password=PASSWORD)
    link_login(actor=SYSTEM, member=member, username="adviser")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.CONSULTATIVE,
        origin=SeatOrigin.APPOINTED,
        member=member,
    )
    adviser = User.objects.get(username="adviser")
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="A question")
    consultative = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=Actor.page(adviser), vote=vote, choice="yes"),
    )
    assert "consultative seat" in str(consultative)

    holder = m.full[1].member
    assert holder is not None
    change_member_status(
        actor=SYSTEM, member=holder, status=MemberStatus.SUSPENDED, reason="Under inquiry"
    )
    suspended = refused(
        "vote.not-eligible",
        lambda: actions.cast_ballot(actor=m.actor(m.full[1]), vote=vote, choice="yes"),
    )
    assert "not active" in str(suspended)


def test_a_second_ballot_a_late_one_and_hands_on_an_electronic_vote_are_refused(
    org: Org,
) -> None:
    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="A question")
    voter = m.actor(m.full[0])
    actions.cast_ballot(actor=voter, vote=vote, choice="yes")
    twice = refused(
        "vote.already-voted", lambda: actions.cast_ballot(actor=voter, vote=vote, choice="no")
    )
    assert "final" in str(twice)
    refused("vote.hands", lambda: actions.close_vote(actor=m.chair, vote=vote, yes=5, no=0))
    actions.close_vote(actor=m.chair, vote=vote)
    refused(
        "vote.closed",
        lambda: actions.cast_ballot(actor=m.actor(m.full[1]), vote=vote, choice="yes"),
    )
    refused("vote.closed", lambda: actions.close_vote(actor=m.chair, vote=vote))


def test_two_casts_of_one_voter_in_one_batch_give_one_ballot(org: Org) -> None:
    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="A question", form="secret")
    user = m.full[0].member.user  # type: ignore[union-attr]
    other = m.full[1].member.user  # type: ignore[union-attr]
    assert user is not None and other is not None
    results = actions.cast_ballots(
        actor=SYSTEM,
        vote=vote,
        casts=[Cast(user.pk, "yes"), Cast(other.pk, "no"), Cast(user.pk, "no")],
    )
    assert [r.accepted for r in results] == [True, True, False]
    assert results[2].refusal is not None and results[2].refusal.rule == "vote.already-voted"
    assert Participation.objects.filter(vote=vote).count() == 2
    assert sorted(Ballot.objects.filter(vote=vote).values_list("content", flat=True)) == [
        "no",
        "yes",
    ]
    # One journal entry for the batch, naming who voted (sorted), never how.
    (entry,) = _entries("vote.participated")
    assert entry.payload == {
        "sitting": 1,
        "vote": 1,
        "members": sorted([m.full[0].member_id or 0, m.full[1].member_id or 0]),
    }


def test_a_batch_finds_its_casters_by_their_tokens_and_refuses_an_unusable_one(
    org: Org,
) -> None:
    """The lean path sends the digest of the caller's token: the batch finds the login,
    with the API's checks (a revoked or read-only token is no signature, even for a vote
    that closed meanwhile: the caller learns nothing of the vote)."""
    from collegium.access.actions import issue_token, revoke_token
    from collegium.access.models import token_digest

    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="secret")
    voter, other, third = (m.full[i].member.user for i in range(3))  # type: ignore[union-attr]
    assert voter is not None and other is not None and third is not None
    usable = issue_token(actor=SYSTEM, user=voter, name="v")[1]
    reader = issue_token(actor=SYSTEM, user=other, name="r", scope="read")[1]
    revoked_row, revoked = issue_token(actor=SYSTEM, user=third, name="x")
    revoke_token(actor=SYSTEM, token=revoked_row)
    casts = [Cast(None, "yes", token=token_digest(t)) for t in (usable, reader, revoked)]

    results = actions.cast_ballots(actor=SYSTEM, vote=vote, casts=casts)

    assert results[0].accepted and results[0].receipt
    assert [r.refusal.rule for r in results[1:] if r.refusal] == ["token.unknown"] * 2
    assert Participation.objects.filter(vote=vote).count() == 1
    actions.close_vote(actor=m.chair, vote=vote)
    after = actions.cast_ballots(actor=SYSTEM, vote=vote, casts=casts)
    assert [r.refusal.rule for r in after if r.refusal] == ["vote.closed"] + ["token.unknown"] * 2


def test_a_change_within_one_batch_changes_the_row_the_batch_inserts(org: Org) -> None:
    """Where the orders allow a change, a voter's second cast of a named vote in the same
    batch changes the choice their participation is inserted with."""
    from collegium.bodies.actions import adopt_standing_orders
    from collegium.rules.standing_orders.presets import PRESETS

    m = sitting_open(org)
    document = {
        **PRESETS["lenin-era"],
        "guest_seats": ["congress", "committee"],
        "votes": {"forms": ["named", "secret"], "default": "named", "ballot_change": True},
    }
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="Changeable", document=document)
    meeting.close_sitting(actor=m.chair, sitting=m.sitting)
    vote = actions.open_vote(actor=m.chair, sitting=sitting_open_again(m), subject="Q")
    assert vote.form == "named" and vote.ballot_change
    user = m.full[0].member.user  # type: ignore[union-attr]
    assert user is not None
    results = actions.cast_ballots(
        actor=SYSTEM, vote=vote, casts=[Cast(user.pk, "yes"), Cast(user.pk, "abstain")]
    )
    assert [(r.accepted, r.changed) for r in results] == [(True, False), (True, True)]
    assert list(Participation.objects.filter(vote=vote).values_list("choice", flat=True)) == [
        "abstain"
    ]


def test_only_the_secretariat_opens_and_closes_and_one_vote_is_open_at_a_time(org: Org) -> None:
    m = sitting_open(org)
    with pytest.raises(NotPermitted):
        actions.open_vote(actor=m.actor(m.full[0]), sitting=m.sitting, subject="Mine")
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="First")
    refused("vote.open", lambda: actions.open_vote(actor=m.chair, sitting=m.sitting, subject="2"))
    with pytest.raises(NotPermitted):
        actions.close_vote(actor=m.actor(m.full[0]), vote=vote)
    refused(
        "vote.subject", lambda: actions.open_vote(actor=m.chair, sitting=m.sitting, subject=" ")
    )


def test_the_form_is_what_the_orders_allow(org: Org) -> None:
    m = sitting_open(org)
    # Lenin-era rules: any vote is secret when a tenth of the full members ask (1 of 7).
    refused(
        "vote.form-secret",
        lambda: actions.open_vote(
            actor=m.chair, sitting=m.sitting, subject="Q", form="named", secret_requested_by=1
        ),
    )
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", secret_requested_by=1)
    assert vote.form == "secret"
    actions.close_vote(actor=m.chair, vote=vote)
    refused(
        "vote.form",
        lambda: actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="ballot"),
    )


def test_a_show_of_hands_is_closed_with_the_tellers_counts(org: Org) -> None:
    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="show-of-hands")
    assert not Voter.objects.filter(vote=vote).exists()
    refused(
        "vote.show-of-hands",
        lambda: actions.cast_ballot(actor=m.actor(m.full[0]), vote=vote, choice="yes"),
    )
    refused("vote.hands", lambda: actions.close_vote(actor=m.chair, vote=vote))
    refused("vote.hands", lambda: actions.close_vote(actor=m.chair, vote=vote, yes=7, no=0))
    closed = actions.close_vote(actor=m.chair, vote=vote, yes=2, no=3, abstain=1)
    assert closed.outcome == "not-adopted"
    assert closed.explanation.startswith("Not adopted: 2 yes, 3 no")


def test_a_secret_ballot_gives_receipts_and_a_box_that_checks_against_the_journal(
    org: Org,
) -> None:
    m = sitting_open(org)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="secret")
    receipts = {
        seat.pk: actions.cast_ballot(actor=m.actor(seat), vote=vote, choice=choice).receipt
        for seat, choice in zip(m.full[:4], ["yes", "no", "yes", "abstain"], strict=True)
    }
    assert len(set(receipts.values())) == 4 and all(len(r) == 16 for r in receipts.values())
    assert not Participation.objects.exclude(choice="").exists()
    assert published_box(vote) == []  # nothing is shown before the close
    assert ballot_of_receipt(vote, receipts[m.full[0].pk]) is None

    closed = actions.close_vote(actor=m.chair, vote=vote)

    assert (closed.yes, closed.no, closed.abstain) == (2, 1, 1)
    box = published_box(closed)
    assert [r for r, _c, _w in box] == sorted(receipts.values())
    from collegium.voting.actions.box import box_digest

    assert box_digest(box) == closed.box_digest == _entries("vote.closed")[0].payload["box_digest"]
    assert ballot_of_receipt(closed, receipts[m.full[1].pk]) == "no"
    assert ballot_of_receipt(closed, "AAAA-BBBB-CCCC-DDDD") is None
    # No receipt and no choice is in the journal.
    text = " ".join(str(p) for p in JournalEntry.objects.values_list("payload", flat=True))
    assert not any(receipt in text for receipt in receipts.values())


def test_a_ballot_is_changed_until_the_close_where_the_orders_allow_it(org: Org) -> None:
    from collegium.bodies.actions import adopt_standing_orders
    from collegium.rules.standing_orders.presets import PRESETS

    m = sitting_open(org)
    document = {
        **PRESETS["lenin-era"],
        "guest_seats": ["congress", "committee"],
        "votes": {"forms": ["named", "secret"], "default": "secret", "ballot_change": True},
    }
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="Changeable", document=document)
    # The sitting keeps the orders bound at its opening; a new sitting takes the new ones.
    meeting.close_sitting(actor=m.chair, sitting=m.sitting)
    m2 = sitting_open_again(m)
    hands = refused(
        "vote.form",
        lambda: actions.open_vote(actor=m.chair, sitting=m2, subject="Q", form="show-of-hands"),
    )
    assert "do not allow a counted show of hands" in str(hands)
    vote = actions.open_vote(actor=m.chair, sitting=m2, subject="Q")
    assert vote.form == "secret" and vote.ballot_change
    voter = m.actor(m.full[0])
    first = actions.cast_ballot(actor=voter, vote=vote, choice="yes")
    refused("vote.receipt", lambda: actions.cast_ballot(actor=voter, vote=vote, choice="no"))
    changed = actions.cast_ballot(actor=voter, vote=vote, choice="no", replacing=first.receipt)
    assert changed.changed and changed.receipt == first.receipt
    assert Ballot.objects.get(receipt=first.receipt).content == "no"
    assert Participation.objects.filter(vote=vote).count() == 1
    assert _entries("vote.ballot_changed")[0].payload["members"] == [m.full[0].member_id]
    closed = actions.close_vote(actor=m.chair, vote=vote)
    assert (closed.yes, closed.no) == (0, 1)


def sitting_open_again(m):
    import datetime

    from django.utils import timezone

    sitting = meeting.convene_sitting(
        actor=SYSTEM,
        body=m.sitting.body,
        title="Second sitting",
        starts_at=timezone.now() + datetime.timedelta(hours=2),
        agenda=[("Votes", "procedural")],
    )
    meeting.check_in(actor=m.chair, sitting=sitting, seats=[s.pk for s in m.full[:5]])
    meeting.open_sitting(actor=m.chair, sitting=sitting)
    return sitting


def test_a_vote_needs_an_open_sitting(org: Org) -> None:
    m = sitting_open(org)
    meeting.close_sitting(actor=m.chair, sitting=m.sitting)
    refused(
        "sitting.not-open",
        lambda: actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Late"),
    )
    assert not Vote.objects.exists()
