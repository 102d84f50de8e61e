"""Benchmark: the register pages at 100,000 members, through the whole Django stack.

Fills a fresh database with a seeded register (bulk writes; about 10% suspended or left)
and times each page with Django's test client, signed in as an admin: the organization
home, the register's first page, searches (a common name, a name nobody has, part of a
number, a name in capitals: searches ignore case and accents, registry/numbers.py, a
status), a page in the middle of the register and the page before it, the htmx
partial, and a member's page. For each: median and slowest of `--runs` requests, and the
number of SQL queries.

The peer is what keyset paging replaces: Django's Paginator (COUNT, then OFFSET) asked
for the same page in the middle of the register, timed on the same query in the same run.

    .venv/bin/python bench/register_pages.py [--members 100000] [--database-url URL]

Each database runs in its own process (Django is configured once per process). SQLite is
a fresh file in a temporary directory; with `--database-url` a scratch database
`<name>_bench_register` is created on that PostgreSQL server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script (`python bench/x.py`): make `bench` importable from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch_db import drop_postgres, scratch_postgres

GIVEN = "Anna Bruno Clara Dora Emil Frieda Georg Hanna Ivo Jana Karl Lena Max Nora Otto Paula"
FAMILY = "Arendt Bebel Dietz Ebert Fischer Graf Hoch Jacoby Kautsky Luxemburg Mehring Zetkin"
UNITS = [f"District {n}" for n in range(1, 41)]


def _fill(organization: Any, members: int, seed: int) -> None:
    from collegium.registry.models import Member, MemberStatus
    from collegium.registry.numbers import search_key, skeleton

    rng = random.Random(seed)
    batch: list[Member] = []
    for index in range(1, members + 1):
        draw = rng.random()
        status = (
            MemberStatus.SUSPENDED
            if draw < 0.06
            else MemberStatus.LEFT
            if draw < 0.10
            else MemberStatus.ACTIVE
        )
        given, family = rng.choice(GIVEN.split()), rng.choice(FAMILY.split())
        number, name, unit = f"M-{index:06d}", f"{given} {family}", rng.choice(UNITS)
        batch.append(
            Member(
                organization=organization,
                number=number,
                name=name,
                email=f"{given}.{family}.{index}@example.org".lower(),
                unit=unit,
                status=status,
                # Bulk writes around the actions set the keys the actions would.
                number_key=skeleton(number),
                search_key=search_key(number, name, unit),
            )
        )
        if len(batch) == 5_000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)


def _measure(work: Callable[[], Any], runs: int) -> dict[str, float]:
    """Wall-clock milliseconds (median and slowest), and this process's median CPU
    milliseconds: on a loaded machine the wall clock includes waiting for a CPU. With
    SQLite all the work is in this process; PostgreSQL's own CPU is not counted."""
    work()  # warm: templates compiled, pages cached by the database
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "cpu_ms": statistics.median(cpu),
    }


def worker(members: int, seed: int, runs: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from collegium.journal.actors import SYSTEM
    from collegium.registry.actions import add_admin, change_member_status, create_organization
    from collegium.registry.models import Member, MemberStatus
    from collegium.registry.queries import search_members

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organization = create_organization(actor=SYSTEM, name="Bench Union", slug="bench")
    User.objects.create_user("admin")
    add_admin(actor=SYSTEM, organization=organization, username="admin")
    _fill(organization, members, seed)
    middle = Member.objects.filter(organization=organization).order_by("name", "number")[
        members // 2
    ]
    change_member_status(
        actor=SYSTEM, member=middle, status=MemberStatus.SUSPENDED, reason="dues unpaid"
    )
    with connection.cursor() as cursor:
        # Fresh planner statistics, as autovacuum (PostgreSQL) or `optimize` would give.
        cursor.execute("ANALYZE")
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "members": Member.objects.filter(organization=organization).count(),
        "fill_s": time.perf_counter() - started,
        "pages": {},
    }

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    register = "/o/bench/members/"
    htmx = {"HX-Request": "true", "HX-Target": "register-results"}
    pages: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
        ("organization home", "/o/bench/", {}, {}),
        ("register, first page", register, {}, {}),
        ("search: common name 'luxem'", register, {"q": "luxem"}, {}),
        ("search: no match 'zzz'", register, {"q": "zzz"}, {}),
        ("search: part of a number '0999'", register, {"q": "0999"}, {}),
        ("search: other case 'LUXEMBURG'", register, {"q": "LUXEMBURG"}, {}),
        ("filter: suspended", register, {"status": "suspended"}, {}),
        ("page in the middle (after)", register, {"after": middle.number}, {}),
        ("page before the middle", register, {"before": middle.number}, {}),
        ("htmx partial search 'anna'", register, {"q": "anna"}, htmx),
        ("member page", f"/o/bench/members/{middle.number}/", {}, {}),
    ]
    for label, url, params, headers in pages:

        def fetch(url: str = url, params: dict[str, str] = params, h: Any = headers) -> None:
            response = client.get(url, params, headers=h)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as captured:
            fetch()
        queries = len(captured.captured_queries)
        figures["pages"][label] = {"queries": queries, **_measure(fetch, runs)}

    # The peer: OFFSET paging to the same depth, with the COUNT a Paginator needs.
    def offset_page() -> None:
        paginator = Paginator(search_members(organization), 50)
        list(paginator.page(members // 2 // 50 + 1).object_list)

    def keyset_page() -> None:
        from collegium.registry.views import page_of_register

        page_of_register(search_members(organization), after=(middle.name, middle.number))

    figures["peer"] = {
        "keyset page in the middle (ORM only)": _measure(keyset_page, runs),
        "Paginator COUNT + OFFSET, same page": _measure(offset_page, runs),
    }
    return figures


def _run_worker(env: dict[str, str], args: argparse.Namespace) -> Any:
    command = [sys.executable, __file__, "--worker"]
    command += ["--members", str(args.members), "--seed", str(args.seed)]
    command += ["--runs", str(args.runs)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(figures: dict[str, Any], runs: int) -> None:
    print(
        f"\n{figures['vendor']}: {figures['members']:,} members "
        f"(filled in {figures['fill_s']:.1f} s); {runs} requests per page"
    )
    print(f"  {'page':<36} {'median':>9} {'slowest':>9} {'CPU':>9} {'queries':>8}")
    for label, row in figures["pages"].items():
        print(
            f"  {label:<36} {row['median_ms']:6.1f} ms {row['max_ms']:6.1f} ms"
            f" {row['cpu_ms']:6.1f} ms {row['queries']:>8}"
        )
    print("  peer:")
    for label, row in figures["peer"].items():
        print(
            f"  {label:<36} {row['median_ms']:6.1f} ms {row['max_ms']:6.1f} ms"
            f" {row['cpu_ms']:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", help="also run on this PostgreSQL server")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.members, args.seed, args.runs)))
        return

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="collegium-bench-") as scratch:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["COLLEGIUM_DATA_DIR"] = str(Path(scratch) / "sqlite")
        report(_run_worker(env, args), args.runs)
    if args.database_url:
        scratch_url = scratch_postgres(args.database_url, "bench_register")
        if scratch_url is not None:
            try:
                report(_run_worker({**os.environ, "DATABASE_URL": scratch_url}, args), args.runs)
            finally:
                drop_postgres(scratch_url)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
