"""`collegium tally FILE --method M [--seats N] [--alternates M] [--seed S] [--json]`.

Counts a ballot file (BLT, CSV or JSON, see collegium.rules.ballot_files) with any ranked
method of collegium.rules.elections.methods and shows the count round by round, or prints it
as JSON.
Needs no database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegium.cli import app, console, err_console, fail

if TYPE_CHECKING:  # imported when counting: `collegium --help` needs none of them
    from collegium.rules.elections.profile import RankedBallots
    from collegium.rules.elections.results import ElectionResult

# Files with more ballot lines than this are read under a progress bar (about a second of
# reading; below it the bar would cost more than it tells).
PROGRESS_ABOVE = 2_000_000
# Rounds shown side by side in one votes table; longer counts get several tables.
ROUNDS_PER_TABLE = 8


@app.command("tally")
def tally(
    file: Annotated[Path, typer.Argument(help="Ballot file: .blt, .csv or .json.")],
    method: Annotated[
        str, typer.Option("--method", "-m", help="Counting method, e.g. scottish-stv, meek-stv.")
    ] = "scottish-stv",
    seats: Annotated[
        int | None, typer.Option("--seats", help="Seats to fill; default: the file's.")
    ] = None,
    alternates: Annotated[int, typer.Option("--alternates", help="Alternates to rank.")] = 0,
    seed: Annotated[str, typer.Option("--seed", help="Recorded seed for any lot drawn.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    fmt: Annotated[
        str | None, typer.Option("--format", help="blt, csv or json; default: by extension.")
    ] = None,
) -> None:
    """Count a ranked-ballot file and show the count round by round."""
    from collegium.rules.ballot_files.formats import estimate_ballot_lines, format_of, parse_ballots
    from collegium.rules.elections.methods import ranked_method
    from collegium.rules.errors import RuleError

    try:
        counter = ranked_method(method)
        fmt = format_of(file, fmt)
        _keep_freed_memory()
        data = file.read_bytes()
    except RuleError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    try:
        if estimate_ballot_lines(data, fmt) > PROGRESS_ABOVE:
            ballots = _read_with_progress(data, fmt, str(file))
        else:
            ballots = parse_ballots(data, fmt, source=str(file))
        result = counter(
            ballots,
            seats=ballots.seats if seats is None else seats,
            alternates=alternates,
            seed=seed,
        )
    except RuleError as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _show(ballots, result)


def _keep_freed_memory() -> None:
    """Have glibc keep the memory NumPy frees between the reader's blocks for the next
    block, instead of handing it back to the system and faulting it in again (on a large
    file that is a third of the reading time). Elsewhere than glibc, nothing changes."""
    import ctypes

    trim_threshold, mmap_threshold = -1, -3  # mallopt's M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(trim_threshold, 1 << 28)
        libc.mallopt(mmap_threshold, 1 << 25)
    except (OSError, AttributeError):
        pass


def _read_with_progress(data: bytes, fmt: str, source: str) -> RankedBallots:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from collegium.rules.ballot_files.formats import parse_ballots

    with Progress(
        TextColumn("reading ballots"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err_console,  # stdout stays clean for --json
        transient=True,
    ) as progress:
        task = progress.add_task("read", total=len(data))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return parse_ballots(data, fmt, source=source, progress=advance)


def _show(ballots: RankedBallots, result: ElectionResult) -> None:
    from rich.markup import escape
    from rich.table import Table

    title = ballots.title or "ballots"
    console.print(
        f"[bold]{escape(title)}[/]: {ballots.ballot_count} ballots, "
        f"{len(ballots.candidates)} candidates, method {escape(result.method)}"
    )
    count = Table(title="Count", show_lines=False)
    for heading in ("round", "action", "elected", "excluded", "exhausted", "note"):
        count.add_column(heading, overflow="fold")
    for r in result.rounds:
        count.add_row(
            str(r.number),
            escape(r.action),
            escape(", ".join(r.elected)),
            escape(", ".join(r.excluded)),
            format(r.exhausted, "f"),
            escape(r.note),
        )
    console.print(count)
    rounds = list(result.rounds)
    for start in range(0, len(rounds), ROUNDS_PER_TABLE):
        part = rounds[start : start + ROUNDS_PER_TABLE]
        votes = Table(title=f"Votes after rounds {part[0].number}–{part[-1].number}")
        votes.add_column("candidate", no_wrap=True)
        for r in part:
            votes.add_column(str(r.number), justify="right")
        names = list(part[0].votes) or list(ballots.candidates)
        for name in names:
            cells = [format(r.votes[name], "f") if name in r.votes else "" for r in part]
            votes.add_row(escape(name), *cells)
        console.print(votes)
    if result.quota is not None:
        console.print(f"[bold]Quota[/]: {format(result.quota, 'f')}")
    console.print(f"[bold]Elected[/] (in order of election): {escape(', '.join(result.elected))}")
    if result.alternates:
        console.print(f"[bold]Alternates[/] (in order): {escape(', '.join(result.alternates))}")
    for lot in result.lots:
        console.print(
            f"lot drawn for {escape(lot.purpose)} among {escape(', '.join(lot.tied))}: "
            f"{escape(lot.chosen)}"
        )
    if result.explanation:
        console.print(escape(result.explanation))
