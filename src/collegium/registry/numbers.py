"""Member numbers and search keys: how text from a file, a form or an address becomes the
number stored and looked up, and the folded forms that comparing and searching use.

A number is normalized (Unicode NFKC, surrounding whitespace stripped) wherever it enters,
so that a full-width `Ｍ-１００` and `M-100` are one number. It appears in page addresses
(/members/<number>/), so it may hold only letters, digits, '-' and '.', never a path
step ('/', '\\', '..'), and invisible characters (controls, bidirectional controls,
zero-width characters) are refused by name: they make two numbers that print alike differ.

Numbers that differ but look alike (Cyrillic `М-100` beside Latin `M-100`) share a
*skeleton*; the register refuses a second number with the skeleton of another.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from collegium.rules.errors import RuleError

NUMBER_MAX_LENGTH = 32
# Characters that print as nothing or reorder what follows: bidirectional embeddings,
# overrides, isolates and marks, and zero-width characters.
INVISIBLE = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\ufeff"
)
PATH_SEPARATORS = frozenset("/\\")
# The fixed pages under /o/<org>/members/: a member with one of these numbers would have
# an address that opens the page instead.
RESERVED = frozenset({"new", "import", "export", "invite"})
_NUMBER = re.compile(r"[^\W_]([^\W_]|[-.])*")

# Letters of Cyrillic and Greek that print like a Latin letter (after casefolding), and
# dashes that print like '-': a small part of Unicode's confusables, the part a register
# of European organizations meets.
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "ԁ": "d",
        "е": "e",
        "һ": "h",
        "н": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "о": "o",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "ԝ": "w",
        "х": "x",
        "ь": "b",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "γ": "y",
        "ζ": "z",
        # dashes
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def normalize_number(text: str) -> str:
    """The number as stored and looked up: NFKC, without surrounding whitespace."""
    return unicodedata.normalize("NFKC", text).strip()


def number_problem(number: str) -> tuple[str, str] | None:
    """(rule, reason) when a normalized number cannot be a member number, else None."""
    if not number:
        return "register.number-missing", _("the member number is missing")
    for char in number:
        if char in INVISIBLE or unicodedata.category(char) in ("Cc", "Cf"):
            return "register.number-invisible", _(
                "member number %(number)s contains the invisible character U+%(code)04X; "
                "retype the number"
            ) % {"number": ascii(number), "code": ord(char)}
    if PATH_SEPARATORS.intersection(number) or ".." in number:
        return "register.number-path", _(
            "member number %(number)s contains '/', '\\' or '..', which cannot be part of "
            "a page address"
        ) % {"number": repr(number)}
    if number in RESERVED:
        return "register.number-reserved", _(
            "%(number)s names a page of the register and cannot be a member number"
        ) % {"number": repr(number)}
    if len(number) > NUMBER_MAX_LENGTH:
        return "register.number-length", _(
            "member number is %(length)d characters long; at most %(limit)d are allowed"
        ) % {"length": len(number), "limit": NUMBER_MAX_LENGTH}
    if not _NUMBER.fullmatch(number):
        return "register.number-format", _(
            "member number %(number)s may contain only letters, digits, '-' and '.', "
            "and must start with a letter or digit"
        ) % {"number": repr(number)}
    return None


def check_number(text: str) -> str:
    """The normalized number, or RuleError naming the rule it breaks."""
    number = normalize_number(text)
    problem = number_problem(number)
    if problem is not None:
        rule, reason = problem
        raise RuleError(reason[:1].upper() + reason[1:] + ".", rule=rule)
    return number


def skeleton(number: str) -> str:
    """What a number looks like: casefolded, accents kept, look-alike letters of other
    alphabets and dashes replaced by their Latin twins. Two numbers with one skeleton are
    confusable (`М-100`, `M-100`, `m-100`)."""
    return unicodedata.normalize("NFKC", number).casefold().translate(_LOOKALIKES)


def fold(text: str) -> str:
    """Text as searching compares it, in any alphabet: NFKD, combining marks dropped,
    casefolded, whitespace runs as one space ("Sniečkus" → "snieckus",
    "Хрущёв" → "хрущев")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def search_key(number: str, name: str, unit: str) -> str:
    """The stored key a register search matches anywhere in: number, name and unit,
    folded, on lines of their own (a folded query holds no line break, so a match never
    spans two fields)."""
    return "\n".join((fold(number), fold(name), fold(unit)))
