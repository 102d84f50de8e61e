"""The BLT ballot format of STV counting programs, read with vectorised NumPy code.

    <candidates> <seats>
    -2 -5                      optional: withdrawn candidates, as negative numbers
    <weight> <c1> <c2> ... 0   one line per ballot (or group of identical ballots)
    0                          end of ballots
    "Name 1"                   one quoted name a line, in candidate-number order
    "Title"                    optional

Names are kept exactly as written between the quotes (doubled and trailing spaces
included). Lines may end in CRLF and be padded with spaces. Equal rankings (`=`), option
lines (`[...]`) and ballot ids are refused with the line they are on.

The ballot lines are the bulk of a large file, read with array operations over the bytes,
never a Python loop over ballots: the fast reader (ballot_lines.py) takes well-formed lines
in blocks and merges identical rankings (grouping.py); at the first sign of anything else
the careful reader below reads the lines again and names the first one at fault, so a
malformed file is refused the same way whichever reader met the problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from collegium.rules.ballot_files.ballot_lines import (
    BALLOT_TEXT,
    MAX_DIGITS,
    Progress,
    read_ballot_lines,
)
from collegium.rules.ballot_files.grouping import group_rankings
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.errors import BallotFileError
from collegium.rules.text import _

# The line holding a single 0, found from the line break before it (a literal prefix
# that the regular expression engine can scan for quickly).
_END_OF_BALLOTS = re.compile(rb"\n[ \t]*0[ \t]*\r?(?=\n|\Z)")
_QUOTED = re.compile(r'^\s*"([^"]*)"\s*$')
_BLOCK = 1 << 22  # bytes of ballot lines converted at a time
_NOT_BALLOT_TEXT = re.compile(rb"[^0-9 \t\r\n]")
_DIGIT = np.zeros(256, dtype=np.bool_)
_DIGIT[ord("0") : ord("9") + 1] = True


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _last_end_of_ballots(data: bytes, start: int) -> re.Match[bytes] | None:
    """The last line after `start` that is a bare 0 (no blanks before it), if any.

    Only names follow the ballots, so in a well-formed file the line that ends them is also
    the last such line, found by searching back from the end instead of matching the
    pattern at every line. Any earlier line holding a single 0 has one number, which the
    fast reader refuses, so the careful reader and the full search then take over.
    """
    at = data.rfind(b"\n0", start)
    return None if at < 0 else _END_OF_BALLOTS.match(data, at)


def read_blt(data: bytes, *, source: str = "", progress: Progress | None = None) -> RankedBallots:
    """Parse a BLT file's bytes; BallotFileError (with the line) if anything is malformed."""

    def fail(message: str, line: int) -> BallotFileError:
        return BallotFileError(message, line=line, source=source)

    # Header: the first non-blank line.
    pos = 0
    line_no = 1
    header: list[bytes] = []
    while pos < len(data):
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        header = data[pos:end].split()
        pos = end + 1
        if header:
            break
        line_no += 1
    if len(header) != 2 or not all(t.isdigit() for t in header):
        raise fail(_("the first line must be '<number of candidates> <number of seats>'"), line_no)
    size, seats = int(header[0]), int(header[1])
    if size < 1 or seats < 1:
        raise fail(_("there must be at least one candidate and one seat"), line_no)

    # Optional withdrawn line: negative candidate numbers.
    withdrawn: set[int] = set()
    end = data.find(b"\n", pos)
    end = len(data) if end < 0 else end
    tokens = data[pos:end].split()
    line_no += 1
    if tokens and tokens[0].startswith(b"-"):
        for token in tokens:
            if not re.fullmatch(rb"-\d+", token) or not 1 <= -int(token) <= size:
                raise fail(
                    _("withdrawn candidates must be numbers from -1 to -%(size)d, found %(token)s")
                    % {"size": size, "token": repr(token.decode(errors="replace"))},
                    line_no,
                )
            withdrawn.add(-int(token) - 1)
        pos = end + 1
        line_no += 1
    elif tokens and tokens[0].startswith(b"["):
        raise fail(_("option lines ('[...]') are not supported"), line_no)

    found = _last_end_of_ballots(data, pos - 1)
    fast = None
    if found is not None:
        fast = read_ballot_lines(data, pos, found.start() + 1, size=size, progress=progress)
    if fast is None or found is None:
        found = _END_OF_BALLOTS.search(data, pos - 1)
        if found is None:
            raise fail(
                _("the ballots do not end with a line holding a single 0"),
                _line_of(data, len(data)),
            )
        rankings, all_weights = _read_carefully(
            data[pos : found.start() + 1], size=size, first_line=line_no, fail=fail
        )
    else:
        rankings, all_weights = fast
    names, title = _names_and_title(data, found.end(), size=size, fail=fail)
    return RankedBallots(
        candidates=names,
        rankings=rankings,
        weights=all_weights,
        seats=seats,
        title=title,
        withdrawn=frozenset(withdrawn),
    )


def _read_carefully(
    block: bytes, *, size: int, first_line: int, fail: Callable[[str, int], BallotFileError]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """The ballot lines read block by block, each checked line by line (in array passes):
    BallotFileError names the first line at fault."""
    rows: list[npt.NDArray[np.int32]] = []
    weights: list[npt.NDArray[np.int64]] = []
    start = 0
    while start < len(block):
        stop = min(start + _BLOCK, len(block))
        if stop < len(block):
            cut = block.rfind(b"\n", start, stop)
            stop = cut + 1 if cut >= start else block.find(b"\n", stop) + 1 or len(block)
        chunk_rows, chunk_weights = _parse_ballot_lines(
            block[start:stop], size=size, first_line=first_line, fail=fail
        )
        rows.append(chunk_rows)
        weights.append(chunk_weights)
        first_line += block.count(b"\n", start, stop)
        start = stop

    width = max((r.shape[1] for r in rows), default=1)
    rankings = np.full((sum(r.shape[0] for r in rows), width), NO_PREFERENCE, dtype=np.int32)
    at = 0
    for r in rows:
        rankings[at : at + r.shape[0], : r.shape[1]] = r
        at += r.shape[0]
    all_weights = np.concatenate(weights) if weights else np.zeros(0, dtype=np.int64)
    return group_rankings(rankings, all_weights, size)


def _parse_ballot_lines(
    chunk: bytes,
    *,
    size: int,
    first_line: int,
    fail: Callable[[str, int], BallotFileError],
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """Ballot lines -> (rankings padded with -1, weights); first_line is the chunk's line.

    The characters are checked with regular expressions, the numbers converted by NumPy's C
    parser, and the line structure recovered from the positions of the line breaks among
    the ends of the numbers: a few passes over the bytes, whatever the number of ballots.
    """

    def line_at(offset: int) -> int:
        return first_line + chunk.count(b"\n", 0, offset)

    bad = _NOT_BALLOT_TEXT.search(chunk) if chunk.translate(None, BALLOT_TEXT) else None
    if bad is not None:
        char = chr(chunk[bad.start()])
        line = line_at(bad.start())
        if char == "=":
            raise fail(
                _("equal rankings ('=') are not supported: rank candidates one by one"), line
            )
        if char == ".":
            raise fail(_("numbers on a ballot line must be whole numbers"), line)
        if char == "-":
            raise fail(_("negative numbers are not allowed on a ballot line"), line)
        if char == '"':
            raise fail(_("a name among the ballots: is the end-of-ballots line '0' missing?"), line)
        raise fail(_("unexpected character %(char)s on a ballot line") % {"char": repr(char)}, line)

    buf = np.frombuffer(chunk, dtype=np.uint8)
    digit = _DIGIT[buf]
    edge = np.diff(digit.view(np.int8), prepend=0, append=0)
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1) - 1
    if ends.size == 0:
        return np.zeros((0, 1), dtype=np.int32), np.zeros(0, dtype=np.int64)
    too_long = ends - starts >= MAX_DIGITS
    if too_long.any():
        at = int(starts[np.argmax(too_long)])
        raise fail(_("a number on a ballot line is too large"), line_at(at))
    values = np.fromstring(chunk, dtype=np.int64, sep=" ")
    if values.size != ends.size:  # cannot happen once the characters are checked
        raise fail(_("the ballot lines could not be read as numbers"), first_line)
    breaks = np.append(np.flatnonzero(buf == 10), buf.size)
    per_line = np.diff(np.searchsorted(ends, breaks), prepend=0)
    nonblank = np.flatnonzero(per_line)
    line_count = per_line[nonblank]
    lines = first_line + nonblank
    line_first = np.cumsum(line_count) - line_count
    line_last = line_first + line_count - 1

    problems: list[tuple[int, str]] = []

    def first_line_where(mask: npt.NDArray[np.bool_], message: str) -> None:
        if mask.any():
            problems.append((int(lines[np.argmax(mask)]), message))

    first_line_where(line_count < 2, _("a ballot line needs a weight and a terminating 0"))
    first_line_where(
        (line_count >= 2) & (values[line_last] != 0),
        _("a ballot line must end with 0 (missing terminating 0?)"),
    )
    if problems:
        line, message = min(problems)
        raise fail(message, line)

    rows = line_count.size
    width = max(int(line_count.max()) - 2, 1)
    if int(line_count.min()) == width + 2:
        # Every line has the same length (full rankings, say): one reshape.
        rankings = values.reshape(rows, width + 2)[:, 1:-1].astype(np.int32)
    else:
        # Each line's numbers go to the start of its row in a (rows, width + 2) matrix: the
        # target index steps by one within a line and jumps to the next row at a line start.
        step = np.ones(values.size, dtype=np.int64)
        step[0] = 0
        step[line_first[1:]] = width + 3 - line_count[:-1]
        padded = np.zeros((rows, width + 2), dtype=np.int32)
        padded.ravel()[np.cumsum(step)] = values
        rankings = padded[:, 1 : width + 1].copy()
    # Here 0 is padding, and so is each line's terminating 0 (in column count - 2); a 0
    # among the preferences lies in a filled column and is caught as out of range.
    filled = np.arange(width) < (line_count - 2)[:, None]
    out_of_range = filled & ((rankings < 1) | (rankings > size))
    if out_of_range.any():
        row = int(np.argmax(out_of_range.any(axis=1)))
        number = int(rankings[row][out_of_range[row]][0])
        figures = {"number": number, "size": size}
        if number == 0:
            message = _(
                "candidate number %(number)d is out of range 1..%(size)d "
                "(0 ends a ballot only at the end of its line)"
            )
        else:
            message = _("candidate number %(number)d is out of range 1..%(size)d")
        raise fail(message % figures, int(lines[row]))
    rankings -= 1  # padding becomes NO_PREFERENCE, numbers become 0-based
    repeated = _repeated_rows(rankings, size)
    if repeated.any():
        raise fail(_("a ballot ranks the same candidate twice"), int(lines[np.argmax(repeated)]))
    return rankings, values[line_first]


def _repeated_rows(rankings: npt.NDArray[np.int32], size: int) -> npt.NDArray[np.bool_]:
    """Rows that name a candidate twice."""
    rows = rankings.shape[0]
    if rows * (size + 1) <= 1 << 22:
        # Count each (row, candidate) pair; the padding goes to an extra column.
        slot = np.where(rankings < 0, size, rankings) + (np.arange(rows) * (size + 1))[:, None]
        counts = np.bincount(slot.ravel(), minlength=rows * (size + 1)).reshape(rows, size + 1)
        repeated: npt.NDArray[np.bool_] = np.any(counts[:, :size] > 1, axis=1)
        return repeated
    ordered = np.sort(rankings, axis=1)
    same = (ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] != NO_PREFERENCE)
    repeated = np.any(same, axis=1)
    return repeated


def _names_and_title(
    data: bytes, offset: int, *, size: int, fail: Callable[[str, int], BallotFileError]
) -> tuple[tuple[str, ...], str]:
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(_("names must be UTF-8 text"), _line_of(data, offset + error.start)) from None

    def fail_below(message: str, below: int) -> BallotFileError:
        # Lines are counted through the whole file only when a name is refused.
        return fail(message, _line_of(data, offset) + below)

    names: list[str] = []
    title = ""
    for below, raw in enumerate(text.split("\n")[1:], start=1):
        if not raw.strip():
            continue
        quoted = _QUOTED.match(raw.rstrip("\r"))
        if quoted is None:
            raise fail_below(_("expected a name in double quotes"), below)
        if len(names) < size:
            if quoted.group(1) in names:
                raise fail_below(
                    _("candidate name %(name)s appears twice") % {"name": repr(quoted.group(1))},
                    below,
                )
            names.append(quoted.group(1))
        elif not title:
            title = quoted.group(1)
        else:
            raise fail_below(_("more than %(size)d names and a title") % {"size": size}, below)
    if len(names) < size:
        raise fail(
            _("the header announces %(size)d candidates but %(names)d names follow the ballots")
            % {"size": size, "names": len(names)},
            _line_of(data, len(data)),
        )
    return tuple(names), title


def write_blt(ballots: RankedBallots) -> str:
    """BLT text for `ballots` (one line per ranking row)."""
    for name in (*ballots.candidates, ballots.title):
        if '"' in name or "\n" in name:
            raise BallotFileError(
                _("name %(name)s cannot be written to BLT (quote or newline)")
                % {"name": repr(name)}
            )
    lines = [f"{len(ballots.candidates)} {ballots.seats}"]
    if ballots.withdrawn:
        lines.append(" ".join(f"-{c + 1}" for c in sorted(ballots.withdrawn)))
    for row, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True):
        prefs = " ".join(str(c + 1) for c in row if c != NO_PREFERENCE)
        lines.append(f"{weight} {prefs} 0" if prefs else f"{weight} 0")
    lines.append("0")
    lines.extend(f'"{name}"' for name in ballots.candidates)
    lines.append(f'"{ballots.title}"')
    return "\n".join(lines) + "\n"
