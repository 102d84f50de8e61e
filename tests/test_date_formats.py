"""One date format and one date-and-time format per language (collegium/formats/): every
template asks for them by name, never for a pattern of its own."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import formats, translation

SRC = Path(__file__).resolve().parents[1] / "src" / "collegium"
# `c` is ISO 8601 for machines (a <time datetime> attribute), never shown.
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "c"}


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("en", "14 Feb 1956", "14 Feb 1956, 10:30:05"),
        ("de", "14. Februar 1956", "14. Februar 1956, 10:30:05"),
    ],
)
def test_each_language_has_one_date_format(language: str, date: str, moment: str) -> None:
    day = datetime.date(1956, 2, 14)
    at = datetime.datetime(1956, 2, 14, 10, 30, 5)
    with translation.override(language):
        assert formats.date_format(day, "DATE_FORMAT") == date
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == date
        assert formats.date_format(at, "DATETIME_FORMAT") == moment
        assert formats.date_format(at, "SHORT_DATETIME_FORMAT") == moment


def test_templates_name_the_format_instead_of_writing_a_pattern() -> None:
    patterns = []
    for template in SRC.rglob("*.html"):
        for match in re.finditer(r"\|date:[\"']([^\"']*)[\"']", template.read_text()):
            if match.group(1) not in ALLOWED:
                patterns.append(f"{template.relative_to(SRC)}: {match.group(0)}")
    assert patterns == []


@pytest.mark.parametrize(("language", "shown"), [("en", "1 Jan 1800"), ("de", "1. Januar 1800")])
def test_the_rules_write_dates_in_the_readers_format(language: str, shown: str) -> None:
    from collegium.rules.errors import RuleError
    from collegium.rules.procedure import dates

    with translation.override(language), pytest.raises(RuleError) as refused:
        dates.check_window(datetime.date(1800, 1, 1), datetime.date(2026, 12, 1), "x")
    assert shown in str(refused.value)
