"""Amendments to a motion's text, cited by line as assemblies cite them.

A motion's text is numbered line by line (`numbered`); blank lines separate paragraphs
and are not numbered. An amendment replaces the lines `first..last` (inclusive, 1-based)
with new text: striking out lines (empty new text), rewording them, or inserting after a
line (`last == first - 1`: nothing replaced). Replaced lines pass their paragraph break
to the new text; an insertion joins the paragraph of the line it follows, unless its text
starts with a blank line. An amendment to an amendment changes the amendment's new text
the same way, by its own line numbers.

Two amendments conflict when the lines they touch overlap (or both insert at the same
place): adopting one may leave the other without its text. The final text applies the
adopted amendments from the last line upwards, so each keeps the line numbers it was
tabled with; adopting two conflicting amendments is refused (`amendment.conflict`).

The voting order (`voting_order`) puts first, among amendments to the same place, the
one that departs furthest from the original text: the one that changes the most of it
(more lines replaced, then the larger difference of text), the common practice of
congresses (e.g. the German Bundestag's §§ 82–83 GO-BT and most party statutes) and what
the orders use unless they say otherwise. Amendments to separate places follow the
order of the text.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from collegium.rules.errors import RuleError
from collegium.rules.text import _, figure

MAX_TEXT = 200_000  # characters of a motion's or an amendment's text


def lines_of(text: str) -> list[str]:
    """The numbered lines: the text's non-blank lines, trailing spaces cut."""
    return [line.rstrip() for line in _normal(text).split("\n") if line.strip()]


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class NumberedLine:
    number: int | None  # None for a blank line between paragraphs
    text: str


def numbered(text: str) -> list[NumberedLine]:
    """The text as shown with line numbers, paragraph breaks kept."""
    shown: list[NumberedLine] = []
    number = 0
    for line in _normal(text).split("\n"):
        if line.strip():
            number += 1
            shown.append(NumberedLine(number, line.rstrip()))
        elif shown and shown[-1].number is not None:
            shown.append(NumberedLine(None, ""))
    while shown and shown[-1].number is None:
        shown.pop()
    return shown


@dataclass(frozen=True)
class Change:
    """Lines `first..last` replaced by `text`; `last == first - 1` inserts before line
    `first` (after line `last`)."""

    first: int
    last: int
    text: str

    @property
    def inserts(self) -> bool:
        return self.last == self.first - 1

    def place(self) -> str:
        if self.inserts:
            return _("after line %(line)s") % {"line": figure(self.last)}
        if self.first == self.last:
            return _("line %(line)s") % {"line": figure(self.first)}
        return _("lines %(first)s–%(last)s") % {
            "first": figure(self.first),
            "last": figure(self.last),
        }


def check_change(change: Change, text: str) -> None:
    """The lines exist in `text` and the new text is within bounds (`amendment.lines`)."""
    count = len(lines_of(text))
    if not (1 <= change.first <= count + 1 and change.first - 1 <= change.last <= count):
        raise RuleError(
            _("An amendment cites lines %(first)s to %(last)s; the text has lines 1 to %(count)s.")
            % {"first": figure(change.first), "last": figure(change.last), "count": figure(count)},
            rule="amendment.lines",
        )
    if change.inserts and not change.text.strip():
        raise RuleError(
            _("An amendment that inserts must say what it inserts."), rule="amendment.empty"
        )
    if len(change.text) > MAX_TEXT:
        raise RuleError(
            _("An amendment's text is at most %(limit)s characters.") % {"limit": figure(MAX_TEXT)},
            rule="amendment.length",
        )


def conflicts(one: Change, other: Change) -> bool:
    """Whether the two changes touch the same text (or insert at the same place)."""
    if one.inserts or other.inserts:
        if one.inserts and other.inserts:
            return one.last == other.last
        inserting, replacing = (one, other) if one.inserts else (other, one)
        # An insertion inside a replaced block (not at its edges) loses its place.
        return replacing.first <= inserting.last < replacing.last
    return one.first <= other.last and other.first <= one.last


def apply(text: str, changes: Sequence[Change]) -> str:
    """The text with the changes made (each by the line numbers of `text`); refused as
    `amendment.conflict` if two of them touch the same lines. Paragraph breaks before
    untouched lines are kept; replaced lines take the new text's own breaks."""
    ordered = sorted(changes, key=lambda c: (c.first, c.last))
    for earlier, later in itertools.combinations(ordered, 2):
        if conflicts(earlier, later):
            raise RuleError(
                _("Two amendments change the same text (%(one)s and %(other)s): adopt one.")
                % {"one": earlier.place(), "other": later.place()},
                rule="amendment.conflict",
            )
    for change in ordered:
        check_change(change, text)
    lines = _paragraphed(text, leading=False)
    for change in reversed(ordered):
        new = _paragraphed(change.text, leading=True)
        replaced = lines[change.first - 1 : change.last]
        if replaced and replaced[0][0]:
            if new:  # the first new line keeps the replaced line's paragraph break
                new[0] = (True, new[0][1])
            elif change.last < len(lines):  # struck out: the next line takes it
                lines[change.last] = (True, lines[change.last][1])
        lines[change.first - 1 : change.last] = new
    out: list[str] = []
    for starts_paragraph, line in lines:
        if out and starts_paragraph:
            out.append("")
        out.append(line)
    return "\n".join(out)


def _paragraphed(text: str, *, leading: bool) -> list[tuple[bool, str]]:
    """Non-blank lines, each with whether a blank line comes before it (a paragraph
    starts); with `leading`, a blank line before the first line counts too (an inserted
    text that starts a paragraph of its own)."""
    lines: list[tuple[bool, str]] = []
    gap = False
    for line in _normal(text).split("\n"):
        if line.strip():
            lines.append((gap and (leading or bool(lines)), line.rstrip()))
            gap = False
        else:
            gap = True
    return lines


def distance(text: str, change: Change) -> tuple[int, float]:
    """How far the change departs from the original: lines it replaces (an insertion
    counts as one), then how much of the text it changes (0–1)."""
    old = "\n".join(lines_of(text)[change.first - 1 : change.last])
    replaced = max(change.last - change.first + 1, 1)
    return replaced, 1 - difflib.SequenceMatcher(None, old, change.text).ratio()


def voting_order(text: str, changes: Sequence[tuple[str, Change]]) -> list[str]:
    """The keys of `changes` in the order they are put to the vote: by place in the
    text; among changes that conflict with each other, the one that departs furthest
    from the original first."""
    keyed = list(changes)
    # Groups of changes linked by conflicts, by their first place in the text.
    groups: list[list[tuple[str, Change]]] = []
    for key, change in sorted(keyed, key=lambda kc: (kc[1].first, kc[1].last)):
        for group in groups:
            if any(conflicts(change, other) for _k, other in group):
                group.append((key, change))
                break
        else:
            groups.append([(key, change)])
    order: list[str] = []
    for group in groups:
        group.sort(key=lambda kc: distance(text, kc[1]), reverse=True)
        order.extend(key for key, _change in group)
    return order


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed", "added"
    text: str


def diff(original: str, changed: str) -> list[DiffLine]:
    """Line by line: what the change removes and adds, for the three-column view
    (original, amendment, resulting text)."""
    old, new = lines_of(original), lines_of(changed)
    shown: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            shown += [DiffLine("same", line) for line in old[i1:i2]]
            continue
        shown += [DiffLine("removed", line) for line in old[i1:i2]]
        shown += [DiffLine("added", line) for line in new[j1:j2]]
    return shown
