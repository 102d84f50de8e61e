"""Sentences of the rules: numbers in the reader's format, plurals after their own number,
and file errors written "source: problem"."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from collegium.bodies.apps import install_rules_text
from collegium.rules import text
from collegium.rules.elections.candidate_votes import approval, yes_no_abstain
from collegium.rules.elections.party_lists import d_hondt
from collegium.rules.elections.profile import RankedBallots
from collegium.rules.elections.stv import meek, scottish
from collegium.rules.errors import BallotFileError, RuleError
from collegium.rules.questions.quorum import check_quorum, parse_quorum
from collegium.rules.questions.tally import Tally


@pytest.fixture(autouse=True)
def _django_hooks_again() -> Iterator[None]:
    """Each test here installs hooks of its own; the next test (in any module) finds the
    ones the application installs (bodies/apps.py), as it would without these tests."""
    yield
    install_rules_text()


@pytest.fixture
def django_numbers() -> None:
    """The hooks the Django side installs: translation and the language's number format."""
    text.install(gettext, ngettext, lambda value: number_format(value, force_grouping=True))


def test_figures_are_english_until_a_format_is_installed() -> None:
    text.install(gettext, ngettext)
    assert text.figure(1_000_000) == "1,000,000"
    assert text.figure(Decimal("1234.50")) == "1,234.5"
    assert text.figure(Decimal("3.000")) == "3"
    assert text.figure(Decimal("1E+3")) == "1,000"


def test_figures_follow_the_installed_format() -> None:
    text.install(str, lambda one, many, n: one if n == 1 else many, lambda v: f"<{v}>")
    try:
        assert text.figure(1000) == "<1000>"
        assert text.figure(Decimal("2.50")) == "<2.5>"
    finally:
        text.install(gettext, ngettext)
    assert text.figure(1000) == "1,000"
    assert text.day(datetime.date(1956, 2, 14)) == "1956-02-14"


@pytest.mark.usefixtures("django_numbers")
def test_german_sentences_write_german_numbers() -> None:
    result = check_quorum(parse_quorum("more-than-half"), full_seats=1349, present_at_vote=1000)
    with translation.override("de"):
        german = result.sentence()
        assert text.figure(Decimal("1234.5")) == "1.234,5"
    assert "1.000" in german and "1.349" in german and "675" in german
    assert "1,000" not in german
    assert german != result.sentence()  # in German, not the English sentence
    with translation.override("en"):
        assert result.sentence() == (
            "quorum reached: 1,000 of 1,349 full members present, 675 needed"
        )


def test_party_lists_seats_and_votes_each_take_their_own_plural() -> None:
    one_vote = d_hondt({"Red": 1}, 3)
    assert "3 seats from 1 valid vote:" in one_vote.explanation
    one_seat = d_hondt({"Red": 1200, "Blue": 800}, 1)
    assert "1 seat from 2,000 valid votes:" in one_seat.explanation


def test_candidate_rules_count_candidates_and_seats_apart() -> None:
    alone = yes_no_abstain({"A": Tally(yes=3, no=1, abstain=0)}, seats=2)
    assert "1 of 1 candidate met the rule; elected A (3 yes) to 2 seats." in alone.explanation
    assert alone.rounds[-1].note.startswith("1 of 1 candidate met the rule")
    many = yes_no_abstain(
        {"A": Tally(yes=3, no=1, abstain=0), "B": Tally(yes=1, no=3, abstain=0)}, seats=1
    )
    assert "1 of 2 candidates met the rule; elected A (3 yes) to 1 seat." in many.explanation
    marked = approval(["A", "B"], [["A"]], seats=2)
    assert "to 2 seats from 1 valid ballot (" in marked.result.explanation


def test_stv_headlines_count_ballots_seats_and_rounds_apart() -> None:
    ballots = RankedBallots.from_lists(["A", "B"], [["A"]], seats=1)
    assert "of 1 valid ballot for 1 seat, 1 stage" in scottish.count(ballots, seats=1).explanation
    two = RankedBallots.from_lists(["A", "B", "C"], [(3, ["A"]), (2, ["B"]), (1, ["C", "B"])])
    assert "of 6 valid ballots for 2 seats, " in meek.count(two, seats=2).explanation


def test_quorum_over_one_full_seat_is_singular() -> None:
    with pytest.raises(RuleError, match=r"2 counted but only 1 full seat$"):
        check_quorum(parse_quorum("1"), full_seats=1, present_at_vote=2)


def test_ballot_file_error_without_a_line_has_a_space_after_the_source() -> None:
    assert str(BallotFileError("no header row", source="votes.csv")) == "votes.csv: no header row"
    assert str(BallotFileError("bad", line=3, source="v.blt")) == "v.blt:line 3: bad"
