"""Marking the sentences the rules make for translation, without importing Django.

`_("…")` and `ngettext("…", "…", n)` return English until a translator is installed; the
Django side installs its own gettext/ngettext when it starts (bodies/apps.py), so the
same sentences appear in the reader's language on pages. `makemessages` finds the
strings because `_` is one of gettext's keywords; write whole phrases with named
placeholders, as everywhere else.

`figure(n)` writes a number for a sentence the way the reader's language does ("1,000"
in English, "1.000" in German): English until the Django side installs its number
format with the translation. A number in a sentence is written with `figure` and put in
as `%(name)s`, and the plural form around it follows that same figure.

`day(d)` writes a date the way the reader's language does ("14 Feb 1956", "14. Februar
1956"), ISO 8601 until the Django side installs its date format.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def _english_number(value: int | Decimal) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,f}"


_translate: Callable[[str], str] = str
_translate_plural: Callable[[str, str, int], str] = _english_plural
_format_number: Callable[[int | Decimal], str] = _english_number
_format_date: Callable[[datetime.date], str] = datetime.date.isoformat


def install(
    translate: Callable[[str], str],
    translate_plural: Callable[[str, str, int], str],
    format_number: Callable[[int | Decimal], str] | None = None,
    format_date: Callable[[datetime.date], str] | None = None,
) -> None:
    """Use these from now on; `format_number` writes an int or a Decimal with the active
    language's separators (grouping always on), `format_date` a date in its one date
    format. Without them, numbers stay English and dates ISO 8601."""
    global _translate, _translate_plural, _format_number, _format_date
    _translate, _translate_plural = translate, translate_plural
    _format_number = _english_number if format_number is None else format_number
    _format_date = datetime.date.isoformat if format_date is None else format_date


def _(message: str) -> str:
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Marks a phrase kept in a table for translation when it is used (with `_`)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translate_plural(singular, plural, count)


def day(value: datetime.date) -> str:
    """A date in the reader's one date format (ISO 8601 until one is installed)."""
    return _format_date(value)


def figure(value: int | Decimal) -> str:
    """A figure with the reader's separators: "1,000" / "1.000"; a Decimal exactly as
    counted, without exponent or trailing zeros ("2.5" / "2,5", never "2.50" or "1E+3")."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return _format_number(int(value))
        return _format_number(value.normalize())
    return _format_number(int(value))


def _joined(items: Sequence[str], step: str) -> str:
    """Items folded left by a translated "%(items)s…%(item)s" pattern."""
    if not items:
        return ""
    text = items[0]
    for item in items[1:]:
        text = step % {"items": text, "item": item}
    return text


def comma_list(items: Sequence[str]) -> str:
    """Items one after another, "A, B, C", with the reader's separator."""
    # Translators: adds one more item to a list of names or phrases ("A, B").
    step = _("%(items)s, %(item)s")
    return _joined(items, step)


def semicolon_list(items: Sequence[str]) -> str:
    """Items that are clauses of their own, "A; B; C" (problems, parts of a sentence)."""
    # Translators: adds one more clause to a list of clauses ("A; B").
    step = _("%(items)s; %(item)s")
    return _joined(items, step)


def and_list(items: Sequence[str]) -> str:
    """Items as one list ending in "and": "A", "A and B", "A, B and C"."""
    if len(items) < 2:
        return comma_list(items)
    # Translators: the last item of a list ("A, B and C").
    return _("%(items)s and %(last)s") % {"items": comma_list(items[:-1]), "last": items[-1]}
