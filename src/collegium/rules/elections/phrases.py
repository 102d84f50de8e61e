"""Counted phrases that election sentences are built from: "1 seat", "2,000 valid ballots".

Each phrase takes its plural form from its own number, so a sentence naming several numbers
("3 seats from 1 valid vote") is right for each of them, in every language; the numbers are
written with the reader's separators (text.figure).
"""

from __future__ import annotations

from collegium.rules.text import figure, ngettext


def seats(count: int) -> str:
    return ngettext("%(count)s seat", "%(count)s seats", count) % {"count": figure(count)}


def valid_votes(count: int) -> str:
    # Translators: follows "from" (German: "bei …", in the dative).
    return ngettext("%(count)s valid vote", "%(count)s valid votes", count) % {
        "count": figure(count)
    }


def valid_ballots(count: int) -> str:
    # Translators: follows "from" or "of" (German: "bei …", in the dative).
    return ngettext("%(count)s valid ballot", "%(count)s valid ballots", count) % {
        "count": figure(count)
    }


def of_candidates(part: int, count: int) -> str:
    """ "2 of 5 candidates": the noun follows the whole, beside it."""
    # Translators: followed by "met the rule" (German: "Regel erfüllt bei …", dative).
    text = ngettext("%(part)s of %(count)s candidate", "%(part)s of %(count)s candidates", count)
    return text % {"part": figure(part), "count": figure(count)}


def rounds(count: int) -> str:
    return ngettext("%(count)s round", "%(count)s rounds", count) % {"count": figure(count)}


def stages(count: int) -> str:
    return ngettext("%(count)s stage", "%(count)s stages", count) % {"count": figure(count)}
