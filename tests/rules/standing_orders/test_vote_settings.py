"""The standing-orders settings for votes (`votes`: the forms allowed, the default form,
whether a ballot may be changed) and the pure choice of a vote's form under them and the
secret-ballot setting (rules.procedure.voting)."""

from __future__ import annotations

import pytest

from collegium.rules.errors import RuleError
from collegium.rules.procedure.seating import SeatRole
from collegium.rules.procedure.voting import Caster, vote_form, why_not_eligible
from collegium.rules.standing_orders.document import (
    StandingOrdersInvalid,
    parse_standing_orders,
)
from collegium.rules.standing_orders.presets import PRESETS
from collegium.rules.standing_orders.settings import (
    MemberShare,
    SecretBallot,
    SecretWhen,
    VoteForm,
    Votes,
)


def _document(**changes: object) -> dict[str, object]:
    document = dict(PRESETS["lenin-era"])
    document.pop("votes", None)
    return {**document, **changes}


def test_left_out_every_form_is_allowed_named_by_default_ballots_final():
    rules = parse_standing_orders(_document())
    assert rules.votes == Votes(tuple(VoteForm), VoteForm.NAMED, ballot_change=False)


def test_a_document_round_trips_with_its_votes():
    doc = _document(
        votes={"forms": ["secret", "named"], "default": "secret", "ballot_change": True}
    )
    rules = parse_standing_orders(doc)
    assert rules.votes == Votes((VoteForm.SECRET, VoteForm.NAMED), VoteForm.SECRET, True)
    assert parse_standing_orders(rules.to_document()) == rules
    assert rules.votes.describe() == (
        "Votes may be taken by a secret electronic ballot or a named electronic vote; by "
        "default, by a secret electronic ballot. A voter may change their ballot until the "
        "vote closes."
    )


@pytest.mark.parametrize(
    ("votes", "problem"),
    [
        ({"forms": []}, "votes.forms: must be a list of one form or more"),
        ({"forms": "named"}, "votes.forms: must be a list of one form or more"),
        ({"forms": ["named", "named"]}, "votes.forms: a form is listed twice"),
        ({"forms": ["raised-hands"]}, "votes.forms[0]: unknown 'raised-hands'"),
        ({"forms": ["secret"], "default": "named"}, "votes.default: named is not one of"),
        ({"ballot_change": "yes"}, "votes.ballot_change: must be true or false"),
        ({"when": "always"}, "votes.when: unknown key"),
    ],
)
def test_a_wrong_setting_is_named_by_its_path(votes: dict[str, object], problem: str):
    with pytest.raises(StandingOrdersInvalid) as invalid:
        parse_standing_orders(_document(votes=votes))
    assert any(p.startswith(problem) for p in invalid.value.problems), invalid.value.problems


OPEN = SecretBallot(SecretWhen.NEVER)
ON_REQUEST = SecretBallot(SecretWhen.ELECTIONS, MemberShare(members=3))


def test_the_form_asked_for_or_the_default():
    votes = Votes((VoteForm.NAMED, VoteForm.SHOW_OF_HANDS), VoteForm.SHOW_OF_HANDS)
    assert vote_form(votes, OPEN) is VoteForm.SHOW_OF_HANDS
    assert vote_form(votes, OPEN, requested=VoteForm.NAMED) is VoteForm.NAMED
    with pytest.raises(RuleError) as refused:
        vote_form(votes, OPEN, requested=VoteForm.SECRET)
    assert refused.value.rule == "vote.form"
    assert "do not allow a secret electronic ballot" in str(refused.value)


def test_a_secret_ballot_the_orders_require_is_taken_even_when_not_listed():
    votes = Votes((VoteForm.NAMED,), VoteForm.NAMED)
    assert vote_form(votes, ON_REQUEST, election=True) is VoteForm.SECRET
    assert vote_form(votes, ON_REQUEST, secret_requested_by=3, full_seats=10) is VoteForm.SECRET
    assert vote_form(votes, ON_REQUEST, secret_requested_by=2, full_seats=10) is VoteForm.NAMED
    with pytest.raises(RuleError) as refused:
        vote_form(votes, ON_REQUEST, requested=VoteForm.NAMED, election=True)
    assert refused.value.rule == "vote.form-secret"


@pytest.mark.parametrize(
    ("caster", "words"),
    [
        (Caster(None, False, None), "Only members of the organization vote"),
        (Caster(SeatRole.FULL, True, False), "not active"),
        (Caster(None, False, True), "no seat in this body"),
        (Caster(SeatRole.CONSULTATIVE, True, True), "consultative seat"),
        (Caster(SeatRole.GUEST, True, True), "guest seat"),
        (Caster(SeatRole.ALTERNATE, True, True), "alternate votes only when stepping in"),
        (Caster(SeatRole.FULL, False, True), "not checked in when the vote opened"),
        (Caster(SeatRole.FULL, True, True), "not among the voters fixed"),
    ],
)
def test_who_is_not_a_voter_is_told_why(caster: Caster, words: str):
    assert words in why_not_eligible(caster)
