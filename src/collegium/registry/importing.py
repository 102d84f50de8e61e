"""Reading a membership register from CSV, and checking it before anything is written.

The file format
---------------
- UTF-8, with or without a byte-order mark; comma or semicolon between fields (told
  apart by the header row); fields may be quoted, and a quoted `status_reason` may span
  several lines.
- A header row is required. Its columns, in any order:
  `number,name,email,unit,status,status_reason,status_date,joined_on`.
  `number` and `name` are required; the others are optional; an unknown or repeated
  column is an error.
- `status` is `active`, `suspended` or `left` (any case). An empty status leaves an
  existing member's status as it is and admits a new member as active. A status that
  differs from the register's is applied as a status change and needs `status_reason`;
  `status_date` (the day it takes effect) defaults to today.
- Dates are ISO `YYYY-MM-DD`, from 1900 and no later than today (rules/procedure/dates.py).
  Rows whose fields are all empty are skipped.
- On re-import, rows are matched by member number: a column present in the file is
  authoritative for the members it lists (an empty `email` clears the address); a
  column absent from the file leaves that field alone. Members missing from the file
  are kept, never removed.

Every row is checked before anything is written. A problem is reported with the
physical line of the file it starts on (line 1 is the header), and one bad row means
nothing is imported (`RegisterFileInvalid`). A NUL character anywhere refuses the file
with the lines that hold one (rule `register.nul-byte`). Member numbers are normalized
and checked as everywhere else (registry/numbers.py); a number that looks like another
of the file or of the register is refused with both. Only the first MAX_PROBLEMS
problems are kept (the rest are counted), so a huge file of bad rows gets a bounded
report.

This module reads and checks only; `registry.actions.import_members` writes.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.registry.limits import MAX_LENGTH, too_long
from collegium.registry.models import MemberStatus
from collegium.registry.numbers import normalize_number, number_problem, skeleton
from collegium.rules.errors import RuleError
from collegium.rules.procedure import dates

COLUMNS = (
    "number",
    "name",
    "email",
    "unit",
    "status",
    "status_reason",
    "status_date",
    "joined_on",
)
REQUIRED_COLUMNS = ("number", "name")
DELIMITERS = (",", ";")

# Problems kept for the report; beyond these, problems are only counted.
MAX_PROBLEMS = 1000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATUSES = frozenset(MemberStatus.values)
_SINGLE_LINE = ("name", "email", "unit")  # a number's line break is refused with it
# How many problems the exception's message names before it says "and N more".
PROBLEMS_IN_MESSAGE = 5


@dataclass(frozen=True)
class RowProblem:
    line: int  # physical line of the file where the row starts; 1 is the header
    reason: str
    # The rule broken, where it has a name of its own (the member numbers' rules, the
    # limits); the file as a whole is refused under `register.import-file`.
    rule: str = "register.import-file"

    def __str__(self) -> str:
        return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


class Problems:
    """The problems of a file as they are found: the first MAX_PROBLEMS kept, all counted."""

    def __init__(self) -> None:
        self.kept: list[RowProblem] = []
        self.count = 0

    def add(self, problem: RowProblem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def full(self) -> bool:
        return len(self.kept) >= MAX_PROBLEMS

    def invalid(self, rule: str = "register.import-file") -> RegisterFileInvalid:
        return RegisterFileInvalid(self.kept, rule=rule, count=self.count)


class RegisterFileInvalid(RuleError):
    """The file has problems; nothing was imported. `.problems` lists the first
    MAX_PROBLEMS of them in file order, `.count` counts them all."""

    def __init__(
        self,
        problems: list[RowProblem],
        rule: str = "register.import-file",
        count: int | None = None,
    ) -> None:
        count = len(problems) if count is None else count
        shown = "; ".join(str(p) for p in problems[:PROBLEMS_IN_MESSAGE])
        hidden = count - min(len(problems), PROBLEMS_IN_MESSAGE)
        message = ngettext(
            "The register file has %(count)d problem, so nothing was imported: %(shown)s",
            "The register file has %(count)d problems, so nothing was imported: %(shown)s",
            count,
        ) % {"count": count, "shown": shown}
        if hidden > 0:
            message += " " + ngettext("(and %(count)d more)", "(and %(count)d more)", hidden) % {
                "count": hidden
            }
        super().__init__(message, rule=rule)
        self.problems = problems[:MAX_PROBLEMS]
        self.count = count


@dataclass(frozen=True)
class RegisterRow:
    """One member as the file gives it. `None` means the column is absent from the file,
    so the field is left as it is; "" in a present column clears it."""

    line: int
    number: str
    name: str
    email: str | None = None
    unit: str | None = None
    status: MemberStatus | None = None  # None: keep the current status (new: active)
    status_reason: str = ""
    status_date: datetime.date | None = None
    joined_on: datetime.date | None = None
    has_joined_on: bool = False


@dataclass(frozen=True)
class RegisterFile:
    """A checked register: its rows in file order and the SHA-256 of the file's bytes,
    which the journal records so that anyone holding the file can match it."""

    rows: tuple[RegisterRow, ...]
    sha256: str
    columns: tuple[str, ...] = field(default=COLUMNS)

    def __iter__(self) -> Iterator[RegisterRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def parse_register(data: bytes) -> RegisterFile:
    """Read and check a register file; raise `RegisterFileInvalid` listing every problem."""
    sha256 = hashlib.sha256(data).hexdigest()
    text = _decode(data)
    _refuse_nul(text)
    empty = RegisterFileInvalid(
        [RowProblem(1, _("the file is empty; a header row naming the columns is needed"))]
    )
    # The header is the first line that is not blank.
    first_line = next((line for line in _lines(text) if line.strip()), "")
    reader = csv.reader(_lines(text), delimiter=_delimiter(first_line), strict=True)
    try:
        record = next((r for r in reader if any(value.strip() for value in r)), None)
    except csv.Error as error:
        raise RegisterFileInvalid([_unreadable(reader.line_num, error)]) from error
    if record is None:
        raise empty
    header = [name.strip().lower() for name in record]
    header_problems = _header_problems(header, reader.line_num)
    if header_problems:
        raise RegisterFileInvalid(header_problems)

    problems = Problems()
    rows: list[RegisterRow] = []
    # skeleton → (number, line) of the first row with it: the same number twice, or two
    # numbers that look alike. Once the report is full, repeated numbers are no longer
    # looked for: remembering every number of a huge refused file would hold it all.
    first_seen: dict[str, tuple[str, int]] = {}
    line = reader.line_num  # the physical line before the next record
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(value.strip() for value in record):
                continue
            row, row_problems = _check_record(start, header, record)
            if row is not None and problems.full:
                first_seen.clear()
            elif row is not None:
                twin = first_seen.setdefault(skeleton(row.number), (row.number, start))
                if twin[1] != start:
                    row_problems.append(_twin_problem(row, *twin))
                elif not problems and not row_problems:
                    # Once the file is refused, its rows are no longer kept.
                    rows.append(row)
            for problem in row_problems:
                problems.add(problem)
    except csv.Error as error:
        problems.add(_unreadable(line + 1, error))
    if not rows and not problems:
        problems.add(RowProblem(line, _("the file has a header row but no members")))
    if problems:
        raise problems.invalid()
    return RegisterFile(rows=tuple(rows), sha256=sha256, columns=tuple(header))


def _twin_problem(row: RegisterRow, number: str, first: int) -> RowProblem:
    if number == row.number:
        reason = _("member number %(number)s appears twice in the file (first on line %(first)d)")
        return RowProblem(
            row.line, reason % {"number": row.number, "first": first}, "register.unique-number"
        )
    reason = _(
        "member number %(number)s looks like %(other)s on line %(first)d; "
        "use numbers that cannot be mistaken for each other"
    )
    return RowProblem(
        row.line,
        reason % {"number": ascii(row.number), "other": ascii(number), "first": first},
        "register.confusable-number",
    )


@dataclass(frozen=True)
class RegisteredMember:
    """What the import compares a row with: the member as the register has them now."""

    pk: int
    name: str
    email: str
    unit: str
    status: str
    joined_on: datetime.date | None
    number_key: str = ""  # the number's skeleton (registry/numbers.py)


@dataclass(frozen=True)
class StatusChangePlan:
    row: RegisterRow
    previous: MemberStatus
    status: MemberStatus


@dataclass
class ImportPlan:
    """What an import will do, decided before anything is written."""

    new: list[RegisterRow] = field(default_factory=list)
    # (pk, row) of existing members whose name, email, unit or joined_on change
    updated: list[tuple[int, RegisterRow]] = field(default_factory=list)
    status_changes: list[StatusChangePlan] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0


def plan_import(rows: RegisterFile, register: Mapping[str, RegisteredMember]) -> ImportPlan:
    """Compare the file with the register (by member number). Raises `RegisterFileInvalid`
    for rows that change a status without giving a reason."""
    plan = ImportPlan()
    problems = Problems()
    number_of_key = {member.number_key: number for number, member in register.items()}
    seen = 0
    for row in rows:
        current = register.get(row.number)
        twin = number_of_key.get(skeleton(row.number)) if current is None else None
        if twin is not None:
            problems.add(
                RowProblem(
                    row.line,
                    _(
                        "member number %(number)s looks like %(other)s, which is already in "
                        "the register; use a number that cannot be mistaken for it"
                    )
                    % {"number": ascii(row.number), "other": ascii(twin)},
                    "register.confusable-number",
                )
            )
            continue
        previous = MemberStatus.ACTIVE if current is None else MemberStatus(current.status)
        status_changes = row.status is not None and row.status != previous
        if status_changes and not row.status_reason:
            problems.add(
                RowProblem(
                    row.line,
                    _(
                        "the status of %(number)s changes from %(from)s to %(to)s, "
                        "which needs a status_reason"
                    )
                    % {"number": row.number, "from": previous.value, "to": row.status},
                )
            )
            continue
        if status_changes:
            assert row.status is not None
            plan.status_changes.append(StatusChangePlan(row, previous, row.status))
        if current is None:
            plan.new.append(row)
            continue
        seen += 1
        if _details_differ(row, current):
            plan.updated.append((current.pk, row))
        elif not status_changes:
            plan.unchanged += 1
    if problems:
        raise problems.invalid()
    plan.not_in_file = len(register) - seen
    return plan


def _details_differ(row: RegisterRow, current: RegisteredMember) -> bool:
    return (
        row.name != current.name
        or (row.email is not None and row.email != current.email)
        or (row.unit is not None and row.unit != current.unit)
        or (row.has_joined_on and row.joined_on != current.joined_on)
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of the text with their ends, as `open(newline="")` gives them, one at a
    time: a copy of a large file (io.StringIO holds four bytes a character) is not made."""
    return (match.group() for match in _LINE.finditer(text))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RegisterFileInvalid(
            [
                RowProblem(
                    line,
                    _("the file is not UTF-8 text (byte 0x%(byte)02x); save it as UTF-8")
                    % {"byte": data[error.start]},
                )
            ]
        ) from error


def _refuse_nul(text: str) -> None:
    """A NUL character cannot be stored (PostgreSQL's text refuses it): name its lines."""
    if "\x00" not in text:
        return
    problems = Problems()
    for n, line in enumerate(text.split("\n"), start=1):
        if "\x00" in line:
            problems.add(RowProblem(n, _("the line contains a NUL character (\\0); remove it")))
    raise problems.invalid(rule="register.nul-byte")


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header into known column names; else the commoner."""
    for delimiter in DELIMITERS:
        names = [n.strip().strip('"').lower() for n in header_line.split(delimiter)]
        if len(names) > 1 and all(n in COLUMNS for n in names):
            return delimiter
    return max(DELIMITERS, key=header_line.count)


def _unreadable(line: int, error: csv.Error) -> RowProblem:
    return RowProblem(
        line,
        _(
            "the file cannot be read as CSV from here on (%(error)s); "
            "look for a double quote that is not closed"
        )
        % {"error": error},
    )


def _header_problems(header: list[str], line: int) -> list[RowProblem]:
    problems = []
    for name in header:
        if name not in COLUMNS:
            problems.append(
                RowProblem(
                    line,
                    _("unknown column %(column)s; the columns are %(columns)s")
                    % {"column": repr(name), "columns": ", ".join(COLUMNS)},
                )
            )
        elif header.count(name) > 1:
            problems.append(
                RowProblem(line, _("column %(column)s appears twice") % {"column": name})
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(
                RowProblem(line, _("the header has no %(column)s column") % {"column": name})
            )
    return list(dict.fromkeys(problems))


def _check_record(
    line: int, header: list[str], record: list[str]
) -> tuple[RegisterRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(reason: str, rule: str = "register.import-file") -> None:
        problems.append(RowProblem(line, reason, rule))

    if len(record) != len(header):
        problem(
            _("%(found)d fields where the header has %(expected)d")
            % {"found": len(record), "expected": len(header)}
        )
        return None, problems
    values = {name: value.strip() for name, value in zip(header, record, strict=True)}
    values["number"] = normalize_number(values["number"])

    for name, limit in MAX_LENGTH.items():
        reason = too_long(name, values.get(name, ""), limit) if name != "number" else None
        if reason is not None:
            problem(reason, "register.too-long")
    for name in _SINGLE_LINE:
        value = values.get(name, "")
        if "\n" in value or "\r" in value:
            problem(_("%(column)s contains a line break") % {"column": name})

    number, name = values["number"], values["name"]
    number_refused = number_problem(number)
    if number_refused is not None:
        problem(number_refused[1], number_refused[0])
    if not name:
        problem(_("the name is missing"))

    email = values.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problem(_("email %(email)s is not a valid address") % {"email": repr(email)})

    status: MemberStatus | None = None
    status_text = values.get("status", "").lower()
    if status_text:
        if status_text in _STATUSES:
            status = MemberStatus(status_text)
        else:
            problem(
                _("status %(status)s is not one of %(statuses)s")
                % {"status": repr(values["status"]), "statuses": ", ".join(MemberStatus.values)}
            )
    reason = values.get("status_reason", "")
    status_date = _date(values, "status_date", problem)
    joined_on = _date(values, "joined_on", problem)
    if not status_text and (reason or status_date):
        problem(_("a status_reason or status_date is given but no status"))
    today = timezone.localdate()
    for column, day in (("status_date", status_date), ("joined_on", joined_on)):
        if day is None:
            continue
        try:
            # The same rules as registry.actions.change_member_status: no later than today.
            dates.check_not_future(day, today, "register.status-date")
        except RuleError as refusal:
            problem(f"{column}: {refusal}")
    if status_date and joined_on and status_date < joined_on:
        problem(
            _("status_date %(date)s is before joined_on %(joined)s")
            % {"date": status_date.isoformat(), "joined": joined_on.isoformat()}
        )

    if problems:
        # The row is still compared with the others (a repeated number is worth naming),
        # unless its number is itself the problem.
        return (RegisterRow(line, number, name) if number_refused is None else None), problems
    return (
        RegisterRow(
            line=line,
            number=number,
            name=name,
            email=values.get("email"),
            unit=values.get("unit"),
            status=status,
            status_reason=reason,
            status_date=status_date,
            joined_on=joined_on,
            has_joined_on="joined_on" in values,
        ),
        problems,
    )


def _date(
    values: dict[str, str], column: str, problem: Callable[[str], None]
) -> datetime.date | None:
    text = values.get(column, "")
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        problem(
            _("%(column)s %(date)s is not a date in the form YYYY-MM-DD")
            % {"column": column, "date": repr(text)}
        )
        return None
