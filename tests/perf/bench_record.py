"""Recording one invoice through the service on a 1,000,000-invoice SQLite ledger.

Target: p95 ≤ 10 ms. Measures ``invoices.record_invoice`` (validation, the month-lock check, the
duplicate check, the insert with its lines, the buyer upsert, the audit entry, the commit and the
view returned) one after another, and the floor: a raw ``sqlite3`` insert and commit with
``synchronous=FULL`` and WAL into a table on the same disk. ``--profile`` adds a cProfile top list.

    python tests/perf/bench_record.py [--db /tmp/bench/bench1m.sqlite] [--rounds 300]

The source ledger is copied first (never written in place); without it, build one with
``invoicedesk --db X demo --count 1000000``. Prints JSON.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.core import clock
from invoicedesk.services import invoices
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice
from tests.factories import draft, line


def _figures(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times) * 1000, 3),
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 3),
        "max_ms": round(times[-1] * 1000, 3),
    }


def raw_floor(folder: Path, rounds: int) -> dict[str, float]:
    """One plain INSERT and COMMIT per row, WAL and synchronous=FULL, as the ledger runs."""
    conn = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, number TEXT UNIQUE, total INTEGER)")
    times = []
    for i in range(rounds):
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (number, total) VALUES (?, ?)", (f"n{i}", i))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - began)
    conn.close()
    return _figures(times)


def record(rounds: int, today: date, *, profile: bool) -> tuple[dict[str, float], str]:
    base = int.from_bytes(os.urandom(4), "big") % 10**9  # numbers no earlier run used
    total = rounds + 5  # five to warm the caches, as at a counter open a while
    buyers = [(f"基准买方{i % 40}有限公司", "") for i in range(total)]
    drafts = [
        draft(
            0,
            num=f"26119{base + i:015d}",
            buyer=buyers[i],
            issue_date=today,
            lines=[line(), line("*餐饮服务*饮料", "30.00", quantity="3", unit_price="10.00")],
        )
        for i in range(total)
    ]
    for d in drafts[:5]:
        invoices.record_invoice(d, "基准", today=today)
    profiler = cProfile.Profile() if profile else None
    times, cpu = [], []
    for d in drafts[5:]:
        began, began_cpu = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        invoices.record_invoice(d, "基准", today=today)
        if profiler:
            profiler.disable()
        times.append(time.perf_counter() - began)
        cpu.append(time.thread_time() - began_cpu)
    text = ""
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        text = out.getvalue()
    # CPU time alone (this thread): the part the code decides, apart from waiting for the disk.
    return {**_figures(times), "cpu_median_ms": round(statistics.median(cpu) * 1000, 3)}, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/bench/bench1m.sqlite")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--keep", help="reuse this copy (made on the first run) instead of a new one"
    )
    args = parser.parse_args()
    source = Path(args.db)
    if not source.exists():
        sys.exit(
            f"{source} not found: build it with `invoicedesk --db {source} demo --count 1000000`"
        )
    folder = Path(tempfile.mkdtemp(prefix="bench_record_", dir=source.parent))
    try:
        copy = Path(args.keep) if args.keep else folder / "ledger.sqlite"
        if not copy.exists():
            shutil.copyfile(source, copy)
        open_database(copy, actor="基准")
        count = Invoice.select().count()
        today = clock.today()
        figures, profile = record(args.rounds, today, profile=args.profile)
        close_database()
        floor = raw_floor(folder, args.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = {
        "invoices": count,
        "rounds": args.rounds,
        "record": figures,
        "raw_floor": floor,
        "ratio_median": round(figures["median_ms"] / floor["median_ms"], 1),
        "ratio_p95": round(figures["p95_ms"] / floor["p95_ms"], 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if profile:
        print(profile, file=sys.stderr)


if __name__ == "__main__":
    main()
