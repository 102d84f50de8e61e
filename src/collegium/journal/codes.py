"""Journal codes are declared, not loose strings: each feature lists its codes in its own
`codes.py` with the payload's fields and who may read an entry of that code. `record`
refuses an undeclared code or a payload field the declaration does not name, so what the
journal holds, and who sees it, is decided in one place per feature."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who may read an entry. Each audience includes the ones below it in this list:
    staff of the organization read everything of their organization."""

    PUBLIC = "public"  # anyone, signed in or not
    MEMBERS = "members"  # active members of the organization (and its staff)
    BODY_STAFF = "body-staff"  # secretaries of the entry's body, and the organization's admins
    ORGANIZATION_STAFF = "organization-staff"  # admins, and secretaries of any of its bodies
    OPERATORS = "operators"  # the installation's operators (installation chain only)

    def reaches(self, other: Audience) -> bool:
        """Whether everyone who reads entries of `other` reads this audience's too (it is
        as wide or wider, by the order above)."""
        order = list(Audience)
        return order.index(self) <= order.index(other)


@dataclass(frozen=True)
class JournalCode:
    code: str
    audience: Audience
    fields: frozenset[str]
    summary: str  # what the entry records, for docs/permissions.md and contributors


_DECLARED: dict[str, JournalCode] = {}


def declare(code: str, audience: Audience, fields: Iterable[str], summary: str) -> JournalCode:
    """Declare a code once (a feature's codes.py, imported when the feature loads)."""
    declared = JournalCode(code, audience, frozenset(fields), summary)
    existing = _DECLARED.get(code)
    if existing is not None and existing != declared:
        raise ValueError(f"journal code {code} is declared twice, differently")
    _DECLARED[code] = declared
    return declared


def declared(code: str) -> JournalCode:
    try:
        return _DECLARED[code]
    except KeyError:
        raise ValueError(f"journal code {code} is not declared in any codes.py") from None


def all_codes() -> list[JournalCode]:
    return sorted(_DECLARED.values(), key=lambda c: c.code)


def codes_for(audiences: Iterable[Audience]) -> list[str]:
    wanted = set(audiences)
    return [c.code for c in all_codes() if c.audience in wanted]
