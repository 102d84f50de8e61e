"""Reads a JSON-like document field by field, collecting every problem with its path.

Each reader returns None when the field is wrong (and records why), so that a parser
goes on and reports all problems of a document at once instead of the first one only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from collegium.rules.errors import RuleError
from collegium.rules.questions.majority import SpecInvalid
from collegium.rules.text import _, figure

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def join(path: str, key: str) -> str:
    if not path:
        return key
    if not key:
        return path
    return f"{path}{key}" if key.startswith("[") else f"{path}.{key}"


class Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []
        # The same problems as (path, message), for a form that shows each beside its field.
        self.located: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> None:
        where = path or _("(document)")
        self.problems.append(_("%(path)s: %(problem)s") % {"path": where, "problem": message})
        self.located.append((path, message))

    def mapping(
        self, value: object, path: str, keys: Mapping[str, bool]
    ) -> Mapping[str, object] | None:
        """A mapping with no unknown keys and every key marked True present."""
        if not isinstance(value, Mapping):
            self.problem(path, _("must be an object, not %(value)s") % {"value": repr(value)})
            return None
        for key in value:
            if key not in keys:
                self.problem(join(path, str(key)), _("unknown key"))
        for key, required in keys.items():
            if required and key not in value:
                self.problem(join(path, key), _("missing"))
        return {str(key): item for key, item in value.items() if key in keys}

    def whole(self, value: object, path: str, *, low: int, high: int | None = None) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(path, _("must be a whole number, not %(value)s") % {"value": repr(value)})
            return None
        if value < low:
            self.problem(path, _("%(value)s is below %(low)s") % {"value": value, "low": low})
            return None
        if high is not None and value > high:
            self.problem(
                path,
                _("%(value)s is above %(high)s") % {"value": figure(value), "high": figure(high)},
            )
            return None
        return value

    def flag(self, value: object, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, _("must be true or false, not %(value)s") % {"value": repr(value)})
            return None
        return value

    def text(self, value: object, path: str, *, limit: int | None = None) -> str | None:
        if not isinstance(value, str):
            self.problem(path, _("must be text, not %(value)s") % {"value": repr(value)})
            return None
        if limit is not None and len(value) > limit:
            self.problem(
                path,
                _("%(length)s characters; at most %(limit)s are accepted")
                % {"length": figure(len(value)), "limit": figure(limit)},
            )
            return None
        return value

    def choice(self, value: object, path: str, kind: type[E]) -> E | None:
        for member in kind:
            if value == member.value:
                return member
        known = ", ".join(member.value for member in kind)
        self.problem(
            path, _("unknown %(value)s; known: %(known)s") % {"value": repr(value), "known": known}
        )
        return None

    def spec(self, parser: Callable[[object], T], value: object, path: str) -> T | None:
        """Parse a rule spec, moving its own field paths under `path`."""
        try:
            return parser(value)
        except SpecInvalid as error:
            for where, message in error.problems:
                self.problem(join(path, where), message)
        except RuleError as error:
            self.problem(path, str(error))
        return None
