"""Errors raised by the rules package. Each names the rule or the input line it concerns."""

from __future__ import annotations


class RuleError(Exception):
    """A rule refused something; the message says which rule and with what numbers."""

    def __init__(self, message: str, *, rule: str = "") -> None:
        super().__init__(message)
        self.rule = rule


class BallotFileError(RuleError):
    """A ballot file is malformed. `line` is 1-based; 0 when the whole file is at fault."""

    def __init__(self, message: str, *, line: int = 0, source: str = "") -> None:
        where = f"{source}:" if source else ""
        text = f"{where}line {line}: {message}" if line else f"{where}{message}"
        super().__init__(text, rule="ballot-file")
        self.line = line
        self.source = source
