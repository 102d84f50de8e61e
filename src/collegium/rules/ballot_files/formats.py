"""Reading and writing ranked-ballot files: BLT, CSV and JSON.

Every reader returns a RankedBallots with identical rankings grouped into one weighted row,
or raises BallotFileError naming the line at fault; nothing is counted from a bad file.

BLT: see collegium.rules.ballot_files.blt.

CSV (UTF-8, comma separated, one ballot or group of identical ballots a row):

    #title,Party food             optional metadata rows, before the header
    #seats,3
    #candidates,Orange,Pear,Chocolate,Strawberry,Hamburger
    #withdrawn,Pear
    weight,preference 1,preference 2,preference 3
    4,Orange
    2,Pear,Orange

The header row starts with `weight` when the first column holds how many ballots carry the
ranking; otherwise (for example `preference 1,preference 2,...`) every row is one ballot.
The other header cells are labels. A row lists candidate names in order of preference.
Without `#candidates`, the candidates are the names in order of first appearance.

JSON:

    {"title": "...", "seats": 3, "candidates": ["A", "B"], "withdrawn": ["B"],
     "ballots": [{"weight": 4, "ranking": ["A", "B"]}, ...]}

`weight` defaults to 1; `title`, `seats` (1) and `withdrawn` ([]) are optional.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from collegium.rules.ballot_files.ballot_lines import Progress
from collegium.rules.ballot_files.blt import read_blt, write_blt
from collegium.rules.ballot_files.grouping import group_rankings
from collegium.rules.elections.profile import NO_PREFERENCE, RankedBallots
from collegium.rules.errors import BallotFileError
from collegium.rules.text import _

FORMATS = ("blt", "csv", "json")


def format_of(path: Path, given: str | None = None) -> str:
    """The file format: `given`, else from the file name's extension."""
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise BallotFileError(
            _("unknown ballot file format %(format)s; use one of %(known)s (--format)")
            % {"format": repr(fmt), "known": ", ".join(FORMATS)},
            source=str(path),
        )
    return fmt


def estimate_ballot_lines(data: bytes, fmt: str) -> int:
    """A cheap estimate of the ballot rows in a file, to decide on a progress bar: the lines
    of the first megabyte, scaled to the whole file (counting them all takes longer than
    reading a BLT file's ballots takes per line)."""
    if fmt == "json":
        return data.count(b'"ranking"')
    if len(data) <= _SAMPLE:
        return data.count(b"\n")
    return data.count(b"\n", 0, _SAMPLE) * len(data) // _SAMPLE


_SAMPLE = 1 << 20


def read_ballots(
    path: Path, *, fmt: str | None = None, progress: Progress | None = None
) -> RankedBallots:
    fmt = format_of(path, fmt)
    return parse_ballots(path.read_bytes(), fmt, source=str(path), progress=progress)


def parse_ballots(
    data: bytes, fmt: str, *, source: str = "", progress: Progress | None = None
) -> RankedBallots:
    if fmt == "blt":
        return read_blt(data, source=source, progress=progress)
    text = _decode(data, source)
    if fmt == "csv":
        result = read_csv(text, source=source)
    elif fmt == "json":
        result = read_json(text, source=source)
    else:
        raise BallotFileError(
            _("unknown ballot file format %(format)s") % {"format": repr(fmt)}, source=source
        )
    if progress is not None:
        progress(len(data), len(data))
    return result


def write_ballots(ballots: RankedBallots, path: Path, *, fmt: str | None = None) -> None:
    fmt = format_of(path, fmt)
    writer = {"blt": write_blt, "csv": write_csv, "json": write_json}[fmt]
    path.write_text(writer(ballots), encoding="utf-8")


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BallotFileError(_("the file is not UTF-8 text"), line=line, source=source) from None


def _profile(
    candidates: Sequence[str],
    ballots: Counter[tuple[int, ...]],
    *,
    seats: int,
    title: str,
    withdrawn: frozenset[int],
) -> RankedBallots:
    width = max((len(r) for r in ballots), default=1) or 1
    rankings = np.full((len(ballots), width), NO_PREFERENCE, dtype=np.int32)
    for i, ranking in enumerate(ballots):
        rankings[i, : len(ranking)] = ranking
    return RankedBallots(
        candidates=tuple(candidates),
        rankings=rankings,
        weights=np.fromiter(ballots.values(), dtype=np.int64, count=len(ballots)),
        seats=seats,
        title=title,
        withdrawn=withdrawn,
    )


def _ranking(
    names: Sequence[str], index: dict[str, int], *, fixed: bool, fail: Any
) -> tuple[int, ...]:
    ranking: list[int] = []
    for name in names:
        if name not in index:
            if fixed:
                raise fail(_("unknown candidate %(name)s") % {"name": repr(name)})
            index[name] = len(index)
        ranking.append(index[name])
    if len(set(ranking)) != len(ranking):
        raise fail(_("a ballot ranks the same candidate twice"))
    return tuple(ranking)


# -- CSV -----------------------------------------------------------------------------------


def read_csv(text: str, *, source: str = "") -> RankedBallots:
    lines = text.splitlines()
    meta: dict[str, list[str]] = {}
    number = 0
    header: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = next(csv.reader([line]))
        if cells and cells[0].startswith("#"):
            key = cells[0][1:].strip().lower()
            if key not in {"title", "seats", "candidates", "withdrawn"}:
                raise BallotFileError(
                    _("unknown metadata row %(row)s") % {"row": repr(cells[0])},
                    line=number,
                    source=source,
                )
            meta[key] = cells[1:]
            continue
        header = cells
        break
    if header is None:
        raise BallotFileError(_("no header row (e.g. 'weight,preference 1,...')"), source=source)
    weighted = header[0].strip().lower() == "weight"
    try:
        seats = int(meta.get("seats", ["1"])[0])
    except (ValueError, IndexError):
        raise BallotFileError(_("#seats must be a whole number"), source=source) from None
    title = ",".join(meta.get("title", []))
    fixed = "candidates" in meta
    index: dict[str, int] = {}
    for name in meta.get("candidates", []):
        if name in index:
            raise BallotFileError(
                _("candidate %(name)s is listed twice") % {"name": repr(name)}, source=source
            )
        index[name] = len(index)

    # Identical lines are parsed once: a large file has far fewer distinct lines than rows.
    first_seen: dict[str, int] = {}
    repeats: Counter[str] = Counter()
    for row_number, line in enumerate(lines[number:], start=number + 1):
        if line.strip():
            repeats[line] += 1
            first_seen.setdefault(line, row_number)
    ballots: Counter[tuple[int, ...]] = Counter()
    for line, times in repeats.items():
        row_number = first_seen[line]

        def fail(message: str, row_number: int = row_number) -> BallotFileError:
            return BallotFileError(message, line=row_number, source=source)

        cells = next(csv.reader([line]))
        weight = 1
        if weighted:
            try:
                weight = int(cells[0])
            except ValueError:
                raise fail(
                    _("weight %(weight)s is not a whole number") % {"weight": repr(cells[0])}
                ) from None
            if weight < 0:
                raise fail(_("a ballot's weight must not be negative"))
            cells = cells[1:]
        names = [c for c in cells if c != ""]
        if any(c == "" for c in cells[: len(names)]):
            raise fail(_("an empty cell between preferences"))
        ballots[_ranking(names, index, fixed=fixed, fail=fail)] += weight * times
    withdrawn = meta.get("withdrawn", [])
    unknown = [n for n in withdrawn if n not in index]
    if unknown:
        raise BallotFileError(
            _("withdrawn candidate %(name)s is unknown") % {"name": repr(unknown[0])},
            source=source,
        )
    return _profile(
        list(index),
        ballots,
        seats=seats,
        title=title,
        withdrawn=frozenset(index[n] for n in withdrawn),
    )


def write_csv(ballots: RankedBallots) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = ballots.candidates
    if ballots.title:
        writer.writerow(["#title", ballots.title])
    writer.writerow(["#seats", ballots.seats])
    writer.writerow(["#candidates", *names])
    if ballots.withdrawn:
        writer.writerow(["#withdrawn", *(names[c] for c in sorted(ballots.withdrawn))])
    width = ballots.rankings.shape[1]
    writer.writerow(["weight", *(f"preference {k + 1}" for k in range(width))])
    for row, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True):
        writer.writerow([weight, *(names[c] for c in row if c != NO_PREFERENCE)])
    return out.getvalue()


# -- JSON ----------------------------------------------------------------------------------


def read_json(text: str, *, source: str = "") -> RankedBallots:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BallotFileError(error.msg, line=error.lineno, source=source) from None

    def fail(message: str) -> BallotFileError:
        return BallotFileError(message, source=source)

    if not isinstance(document, dict) or not isinstance(document.get("ballots"), list):
        raise fail(_('expected an object with a "ballots" list'))
    seats = document.get("seats", 1)
    if not isinstance(seats, int) or isinstance(seats, bool):
        raise fail(_('"seats" must be a whole number'))
    title = document.get("title", "")
    candidates = document.get("candidates")
    fixed = candidates is not None
    index: dict[str, int] = {}
    for name in candidates or []:
        if not isinstance(name, str) or name in index:
            raise fail(
                _("candidate %(name)s is not a name or is listed twice") % {"name": repr(name)}
            )
        index[name] = len(index)
    ballots: Counter[tuple[int, ...]] = Counter()
    for number, ballot in enumerate(document["ballots"], start=1):

        def ballot_fail(message: str, number: int = number) -> BallotFileError:
            return BallotFileError(
                _("ballot %(number)d: %(problem)s") % {"number": number, "problem": message},
                line=_line_of_ballot(text, number),
                source=source,
            )

        if not isinstance(ballot, dict) or not isinstance(ballot.get("ranking"), list):
            raise ballot_fail(_('expected {"weight": n, "ranking": [names]}'))
        weight = ballot.get("weight", 1)
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise ballot_fail(
                _("weight %(weight)s is not a whole number >= 0") % {"weight": repr(weight)}
            )
        names = ballot["ranking"]
        if not all(isinstance(n, str) for n in names):
            raise ballot_fail(_("a ranking lists candidate names"))
        ballots[_ranking(names, index, fixed=fixed, fail=ballot_fail)] += weight
    withdrawn = document.get("withdrawn", [])
    if not isinstance(withdrawn, list) or any(n not in index for n in withdrawn):
        raise fail(_('"withdrawn" must list known candidates'))
    return _profile(
        list(index),
        ballots,
        seats=seats,
        title=str(title),
        withdrawn=frozenset(index[n] for n in withdrawn),
    )


def _line_of_ballot(text: str, number: int) -> int:
    """The line of the number-th ballot object, found by its "ranking" key (0 if unsure)."""
    at = -1
    for _ballot in range(number):
        at = text.find('"ranking"', at + 1)
        if at < 0:
            return 0
    # The key may follow the object's opening brace on an earlier line; report the brace's.
    brace = text.rfind("{", 0, at)
    return text.count("\n", 0, brace if brace >= 0 else at) + 1


def write_json(ballots: RankedBallots) -> str:
    names = ballots.candidates
    document = {
        "title": ballots.title,
        "seats": ballots.seats,
        "candidates": list(names),
        "withdrawn": [names[c] for c in sorted(ballots.withdrawn)],
        "ballots": [
            {"weight": weight, "ranking": [names[c] for c in row if c != NO_PREFERENCE]}
            for row, weight in zip(ballots.rankings.tolist(), ballots.weights.tolist(), strict=True)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


__all__ = [
    "FORMATS",
    "estimate_ballot_lines",
    "format_of",
    "group_rankings",
    "parse_ballots",
    "read_ballots",
    "read_csv",
    "read_json",
    "write_ballots",
    "write_blt",
    "write_csv",
    "write_json",
]
