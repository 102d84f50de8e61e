"""Errors raised by the rules package. Each names the rule or the input line it concerns."""

from __future__ import annotations

from typing import Any

from collegium.rules.text import _


class RuleError(Exception):
    """A rule refused something; the message says which rule and with what numbers.

    `rule` is the rule's stable id, dotted ("seat.body-size"): callers, the API and tests
    tell refusals apart by it, never by the message, which is in the reader's language.
    """

    def __init__(self, message: str, *, rule: str) -> None:
        super().__init__(message)
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt without calling __init__ (subclasses take other arguments), so that a
        # refusal survives pickling, as between processes.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(kind: type[RuleError], args: tuple[Any, ...], state: dict[str, Any]) -> RuleError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class BallotFileError(RuleError):
    """A ballot file is malformed. `line` is 1-based; 0 when the whole file is at fault."""

    def __init__(self, message: str, *, line: int = 0, source: str = "") -> None:
        values = {"source": source, "line": line, "problem": message}
        if source and line:
            text = _("%(source)s:line %(line)d: %(problem)s") % values
        elif line:
            text = _("line %(line)d: %(problem)s") % values
        elif source:
            text = _("%(source)s: %(problem)s") % values
        else:
            text = message
        super().__init__(text, rule="ballot-file.invalid")
        self.line = line
        self.source = source
