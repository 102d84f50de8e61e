"""Marking the sentences the rules make for translation, without importing Django.

`_("…")` and `ngettext("…", "…", n)` return English until a translator is installed; the
Django side installs its own gettext/ngettext when it starts (bodies/apps.py), so the
same sentences appear in the reader's language on pages. `makemessages` finds the
strings because `_` is one of gettext's keywords; write whole phrases with named
placeholders, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


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
