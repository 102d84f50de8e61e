"""Benchmark: importing a membership register of 100,000 members from CSV.

Generates a seeded register (about 10% of members suspended or left, each with a reason,
so the import also journals thousands of status changes), writes it as CSV, and times in
a fresh database:
- parse + check of the file (`parse_register`),
- the first import (`import_members`: bulk writes, one journal entry for the import),
- re-importing the same file (nothing changes),
- re-importing with changes (5% new emails, 1% status changes, 1% new members),
- the peer: one `register_member` action per row, as a naive import would do it, on a
  sample (`--peer-rows`) and extrapolated to the whole file.
The requirement is under 30 s for the first import of 100,000 members on SQLite.

    .venv/bin/python bench/import_members.py [--members 100000] [--database-url URL]

Each database runs in its own process (Django is configured once per process). SQLite is
a fresh file in a temporary directory; with `--database-url` a scratch database
`<name>_bench_import` is created on that PostgreSQL server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run as a script (`python bench/x.py`): make `bench` importable from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch_db import drop_postgres, scratch_postgres

COLUMNS = ["number", "name", "email", "unit", "status", "status_reason", "status_date", "joined_on"]
GIVEN = "Anna Bruno Clara Dora Emil Frieda Georg Hanna Ivo Jana Karl Lena Max Nora Otto Paula"
FAMILY = "Arendt Bebel Dietz Ebert Fischer Graf Hoch Jacoby Kautsky Luxemburg Mehring Zetkin"
UNITS = [f"District {n}" for n in range(1, 41)]
REASONS = {"suspended": "Dues unpaid for a year", "left": "Resigned in writing"}


def _member(rng: random.Random, index: int) -> dict[str, str]:
    given, family = rng.choice(GIVEN.split()), rng.choice(FAMILY.split())
    draw = rng.random()
    status = "suspended" if draw < 0.06 else "left" if draw < 0.10 else ""
    year = rng.randint(1990, 2024)
    return {
        "number": f"M-{index:06d}",
        "name": f"{given} {family}",
        "email": f"{given}.{family}.{index}@example.org".lower(),
        "unit": rng.choice(UNITS),
        "status": status,
        "status_reason": REASONS.get(status, ""),
        "status_date": f"{year + 1}-06-30" if status else "",
        "joined_on": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def generate(directory: Path, members: int, seed: int) -> tuple[Path, Path]:
    """The register, and the same register with changes, as two CSV files."""
    rng = random.Random(seed)
    rows = [_member(rng, i + 1) for i in range(members)]
    first = directory / "register.csv"
    _write(first, rows)
    changed = [dict(row) for row in rows]
    for row in rng.sample(changed, members // 20):
        row["email"] = row["email"].replace("@example.org", "@example.net")
    for row in rng.sample(changed, members // 100):
        if row["status"] == "":
            row.update(status="suspended", status_reason="Breach of the statutes")
        else:
            row.update(status="active", status_reason="Reinstated by the committee")
        row["status_date"] = "2025-09-01"
    changed += [_member(rng, members + i + 1) for i in range(members // 100)]
    second = directory / "register-changed.csv"
    _write(second, changed)
    return first, second


# The worker: runs in its own process against one database.


def _timed(label: str, figures: dict[str, Any], work: Any) -> Any:
    """Wall-clock seconds, and this process's CPU seconds (on a loaded machine the wall
    clock includes waiting for a CPU; for PostgreSQL the server's CPU is not counted)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    figures[label] = time.perf_counter() - started
    figures[f"{label}_cpu"] = time.process_time() - cpu
    return result


def worker(first: Path, second: Path, peer_rows: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from collegium.journal.actors import SYSTEM
    from collegium.registry.actions import create_organization, import_members, register_member
    from collegium.registry.importing import parse_register
    from collegium.registry.models import Member

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"vendor": connection.vendor}
    organization = create_organization(actor=SYSTEM, name="Bench", slug="bench")
    data = first.read_bytes()
    rows = _timed("parse", figures, lambda: parse_register(data))
    figures["rows"] = len(rows)
    summary = _timed(
        "import",
        figures,
        lambda: import_members(actor=SYSTEM, organization=organization, rows=rows),
    )
    figures["import_summary"] = summary.__dict__
    same = parse_register(data)
    _timed(
        "reimport_same",
        figures,
        lambda: import_members(actor=SYSTEM, organization=organization, rows=same),
    )
    changed = parse_register(second.read_bytes())
    summary = _timed(
        "reimport_changed",
        figures,
        lambda: import_members(actor=SYSTEM, organization=organization, rows=changed),
    )
    figures["reimport_summary"] = summary.__dict__
    figures["members"] = Member.objects.filter(organization=organization).count()

    peer = create_organization(actor=SYSTEM, name="Peer", slug="peer")

    def one_action_per_row() -> None:
        for row in rows.rows[:peer_rows]:
            register_member(
                actor=SYSTEM,
                organization=peer,
                number=row.number,
                name=row.name,
                email=row.email or "",
                unit=row.unit or "",
                joined_on=row.joined_on,
            )

    _timed("peer", figures, one_action_per_row)
    figures["peer_rows"] = min(peer_rows, len(rows))
    return figures


def _run_worker(env: dict[str, str], args: argparse.Namespace, first: Path, second: Path) -> Any:
    command = [sys.executable, __file__, "--worker", str(first), str(second)]
    command += ["--peer-rows", str(args.peer_rows)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(figures: dict[str, Any]) -> None:
    rows = figures["rows"]
    print(f"\n{figures['vendor']}: {rows:,} rows, {figures['members']:,} members at the end")
    figures["total"] = figures["parse"] + figures["import"]
    figures["total_cpu"] = figures["parse_cpu"] + figures["import_cpu"]
    lines = [
        ("parse + check", "parse", rows),
        ("first import", "import", rows),
        ("parse + check + first import", "total", rows),
        ("re-import, nothing changed", "reimport_same", rows),
        ("re-import with changes", "reimport_changed", rows),
        ("peer: one action per row", "peer", figures["peer_rows"]),
    ]
    print(f"  {'':<30} {'wall':>9}  {'rows/s':>10}  {'CPU':>8}")
    for label, key, count in lines:
        seconds, cpu = figures[key], figures[f"{key}_cpu"]
        print(
            f"  {label:<30} {seconds:7.2f} s  {count / seconds:>10,.0f}  {cpu:6.2f} s"
            f"  ({count:,} rows)"
        )
    per_row = figures["peer"] / figures["peer_rows"]
    print(f"  peer extrapolated to {rows:,} rows: {per_row * rows:,.0f} s")
    print(f"  first import: {figures['import_summary']}")
    print(f"  re-import with changes: {figures['reimport_summary']}")
    verdict = "meets" if figures["total"] < 30 else "MISSES"
    if figures["vendor"] == "sqlite":
        print(f"  requirement (under 30 s on SQLite, parse + import): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--peer-rows", type=int, default=2_000)
    parser.add_argument("--database-url", help="also run on this PostgreSQL server")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.peer_rows)))
        return

    with tempfile.TemporaryDirectory(prefix="collegium-bench-") as scratch:
        directory = Path(scratch)
        started = time.perf_counter()
        first, second = generate(directory, args.members, args.seed)
        size = first.stat().st_size / 1e6
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"generated {args.members:,} members (seed {args.seed}, {size:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["COLLEGIUM_DATA_DIR"] = str(directory / "sqlite")
        report(_run_worker(env, args, first, second))
        if args.database_url:
            scratch_url = scratch_postgres(args.database_url, "bench_import")
            if scratch_url is not None:
                try:
                    report(_run_worker({**env, "DATABASE_URL": scratch_url}, args, first, second))
                finally:
                    drop_postgres(scratch_url)


if __name__ == "__main__":
    main()
