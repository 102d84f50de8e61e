"""The sitting's votes and elections in its minutes: each with how it was taken, the
outcome, and the numbers and the sentence that decided it where the orders publish
tallies to the minutes' readers; in the order they were decided, beside the shows of
hands."""

from __future__ import annotations

from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from collegium.bodies.actions import adopt_standing_orders, create_office
from collegium.journal.actors import SYSTEM
from collegium.meetings import actions as meeting
from collegium.meetings.minutes.pdf import minutes_pdf
from collegium.meetings.minutes.record import gather
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions
from collegium.voting.actions import electing
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee
from tests.voting.helpers import sitting_open

pytestmark = pytest.mark.django_db


def _named_and_secret_votes(m: Meeting) -> None:
    voters = [m.actor(seat) for seat in m.full[:5]]
    named = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Close the debate")
    for actor, choice in zip(voters, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        actions.cast_ballot(actor=actor, vote=named, choice=choice)
    actions.close_vote(actor=m.chair, vote=named)
    secret = actions.open_vote(
        actor=m.chair, sitting=m.sitting, subject="Refer to a commission", form="secret"
    )
    for actor, choice in zip(voters, ["no", "no", "no", "yes", "yes"], strict=True):
        actions.cast_ballot(actor=actor, vote=secret, choice=choice)
    actions.close_vote(actor=m.chair, vote=secret)


def test_votes_and_an_election_are_in_the_minutes_with_their_rule(org: Org) -> None:
    m = sitting_open(org)
    _named_and_secret_votes(m)
    office = create_office(actor=SYSTEM, body=org.committee, title="First Secretary", slug="first")
    election = electing.call_election(actor=m.chair, sitting=m.sitting, office=office)
    for index in (1, 2):
        member = m.full[index - 1].member
        assert member is not None
        candidate = electing.nominate(
            actor=m.chair, election=election, member=member, nominated_by="the floor"
        )
        electing.answer_nomination(actor=m.chair, candidate=candidate, consents=True)
    ballot = electing.open_ballot(actor=m.chair, election=election).vote
    assert ballot is not None
    for seat, paper in zip(m.full[:5], ["1", "1", "2 1", "2", "1"], strict=True):
        actions.cast_ballot(actor=m.actor(seat), vote=ballot, choice=paper)
    actions.close_vote(actor=m.chair, vote=ballot)

    decisions = gather(m.sitting).decisions

    # The agenda's show of hands first, then the votes in the order they closed.
    assert [d.subject for d in decisions][1:3] == ["Close the debate", "Refer to a commission"]
    agenda, named, secret, elected = decisions
    assert agenda.how == "By a counted show of hands."
    assert named.how == "By a named electronic vote." and named.outcome == "adopted"
    # Alternate 1 steps in for an absent full member: six voters.
    assert named.tally == "Yes 3, no 1, abstentions 1; 6 voters present."
    assert named.explanation.startswith("Adopted: 3 yes, 1 no") and named.rule
    assert secret.how == "By a secret electronic ballot." and secret.outcome == "not adopted"
    assert secret.explanation.startswith("Not adopted: 2 yes, 3 no")
    assert elected.subject == election.title
    assert elected.outcome == "elected: Full Member 1"
    assert elected.tally == "5 ballots, 0 of them blank."
    assert elected.rule == "" and elected.explanation  # the count's sentence

    page = Client()
    page.force_login(org.secretary)
    body = m.sitting.body
    address = reverse("sitting-minutes", args=[body.organization.slug, body.slug, m.sitting.number])
    text = page.get(address).content.decode()
    for decision in decisions:
        assert escape(decision.explanation) in text
    assert "Yes 3, no 1, abstentions 1; 6 voters present." in text
    assert "elected: Full Member 1" in text
    assert minutes_pdf(gather(m.sitting), None, "now", m.sitting.starts_at).startswith(b"%PDF")


def test_a_tally_the_orders_keep_from_the_minutes_readers_is_left_out(org: Org) -> None:
    """Minutes open to members, tallies only to the secretariat: the minutes say the
    outcome and that the tally is not published, not the numbers."""
    m = committee(org)
    document = dict(PRESETS["lenin-era"])
    members = {**document["transparency"]["members"], "tallies": False}  # type: ignore[index]
    document["transparency"] = {**document["transparency"], "members": members}  # type: ignore[dict-item]
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Closed tallies", document=document
    )
    seats = [s.pk for s in m.full[:5]] + [m.alternates[0].pk]
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=seats)
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    meeting.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    _named_and_secret_votes(m)

    _agenda, named, secret = gather(m.sitting).decisions

    for vote in (named, secret):
        assert vote.tally == "The standing orders do not publish the tally with the minutes."
        assert vote.explanation == "" and vote.rule == ""
    assert (named.outcome, secret.outcome) == ("adopted", "not adopted")
