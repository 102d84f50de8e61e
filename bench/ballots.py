"""Seeded, realistic ranked ballots for the tally benchmark, and a BLT writer for them.

Voters lean towards one of a few parties and rank candidates by a Plackett–Luce draw
(Gumbel noise on log-strengths, with a bonus for their party's candidates): the counts
go several rounds and the profile holds many distinct rankings, as real elections do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

# Marks "no further preference", as in collegium.rules.elections.profile.
NO_PREFERENCE = -1

Rankings = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Electorate:
    """How the ballots are drawn: sizes, truncation and the random seed."""

    ballots: int
    candidates: int
    truncated: bool = False
    # Mean number of preferences on a truncated ballot; 0 means uniform over 1..candidates.
    mean_length: float = 0.0
    parties: int = 4
    party_bonus: float = 1.5
    seed: int = 2026


def candidate_names(count: int) -> tuple[str, ...]:
    width = len(str(count))
    return tuple(f"C{i + 1:0{width}d}" for i in range(count))


def generate(electorate: Electorate) -> Rankings:
    """One row per ballot: candidate indices in preference order, padded with -1."""
    rng = np.random.default_rng(electorate.seed)
    n, c = electorate.ballots, electorate.candidates
    party_of = np.arange(c) % electorate.parties
    log_strength = rng.normal(0.0, 0.6, size=c)
    shares = rng.dirichlet(np.full(electorate.parties, 3.0))
    voter_party = rng.choice(electorate.parties, size=n, p=shares)
    # Built in blocks so that a million ballots never hold more than a few float arrays.
    rankings = np.empty((n, c), dtype=np.int32)
    block = 200_000
    for start in range(0, n, block):
        stop = min(start + block, n)
        utility = rng.gumbel(size=(stop - start, c))
        utility += log_strength
        utility += electorate.party_bonus * (party_of == voter_party[start:stop, None])
        rankings[start:stop] = np.argsort(-utility, axis=1).astype(np.int32)
    if electorate.truncated:
        lengths = _lengths(rng, n, c, electorate.mean_length)
        rankings[np.arange(c)[None, :] >= lengths[:, None]] = NO_PREFERENCE
    return rankings


def _lengths(rng: np.random.Generator, n: int, c: int, mean: float) -> npt.NDArray[np.int64]:
    if mean <= 0:
        return rng.integers(1, c + 1, size=n)
    # Geometric: most voters rank a few candidates, some rank many.
    return np.minimum(rng.geometric(1.0 / mean, size=n), c).astype(np.int64)


def group(rankings: Rankings) -> tuple[Rankings, npt.NDArray[np.int64]]:
    """Distinct rankings and how many ballots carry each."""
    unique, counts = np.unique(rankings, axis=0, return_counts=True)
    return unique.astype(np.int32), counts.astype(np.int64)


def write_blt(
    path: Path,
    rankings: Rankings,
    candidates: Sequence[str],
    *,
    seats: int,
    title: str,
) -> None:
    """Write the ballots in BLT form, identical rankings merged into one weighted line.

    Written here rather than with collegium's writer so that reading the file back is an
    independent check of our reader.
    """
    unique, counts = group(rankings)
    lines = [f"{len(candidates)} {seats}"]
    for row, weight in zip(unique.tolist(), counts.tolist(), strict=True):
        prefs = " ".join(str(i + 1) for i in row if i != NO_PREFERENCE)
        lines.append(f"{weight} {prefs} 0")
    lines.append("0")
    lines.extend(f'"{name}"' for name in candidates)
    lines.append(f'"{title}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_blt_lines(
    path: Path,
    rankings: Rankings,
    candidates: Sequence[str],
    *,
    seats: int,
    title: str,
) -> None:
    """Write every ballot on a line of its own with weight 1, identical rankings not merged,
    as systems that export ballot by ballot do."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{len(candidates)} {seats}\n")
        for row in rankings.tolist():
            out.write("1 " + "".join(f"{c + 1} " for c in row if c != NO_PREFERENCE) + "0\n")
        out.write("0\n")
        out.writelines(f'"{name}"\n' for name in candidates)
        out.write(f'"{title}"\n')


def read_blt_lines(path: Path) -> tuple[Rankings, int]:
    """(one row per ballot, seats) from a BLT file, read as a user of a library without a
    BLT reader would: line by line, a line's weight repeating its row."""
    rows: list[list[int]] = []
    with path.open(encoding="utf-8") as lines:
        size, seats = (int(n) for n in lines.readline().split())
        for line in lines:
            numbers = line.split()
            if numbers == ["0"]:
                break
            preferences = [int(n) - 1 for n in numbers[1:-1]]
            rows.extend([preferences] * int(numbers[0]))
    rankings = np.full((len(rows), size), NO_PREFERENCE, dtype=np.int32)
    for index, preferences in enumerate(rows):
        rankings[index, : len(preferences)] = preferences
    return rankings, seats
