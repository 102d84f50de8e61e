"""Marking the sentences the rules make for translation, without importing Django.

`_("…")` and `ngettext("…", "…", n)` return English until a translator is installed; the
Django side installs its own gettext/ngettext when it starts (bodies/apps.py), so the
same sentences appear in the reader's language on pages. `makemessages` finds the
strings because `_` is one of gettext's keywords; write whole phrases with named
placeholders, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


_translate: Callable[[str], str] = str
_translate_plural: Callable[[str, str, int], str] = _english_plural


def install(
    translate: Callable[[str], str], translate_plural: Callable[[str, str, int], str]
) -> None:
    global _translate, _translate_plural
    _translate, _translate_plural = translate, translate_plural


def _(message: str) -> str:
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Marks a phrase kept in a table for translation when it is used (with `_`)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translate_plural(singular, plural, count)
