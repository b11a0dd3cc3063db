"""Concurrent writers: several processes each record invoices one by one into one ledger.

What a shop with several counters (or a counter and a script) does. Each writer is its own
process with its own connection, as on separate counters; each write is ``record_invoice`` (one
transaction, audited). Reports failures (a write that raised) and the time each write took,
including the wait for the writer lock. Target: 0 failures, the worst write ≤ 2 s.

    python tests/perf/bench_writers.py [--writers 4] [--each 500] [--db URL|PATH] [--grow 12]

``--grow N`` first grows the WAL to N MB, so that the writers cross the page log's 16 MB harvest
threshold (where a harvest after every commit made them contend). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.core import clock
from invoicedesk.services import demo
from invoicedesk.services.company import set_company
from invoicedesk.services.invoices import record_invoice
from invoicedesk.store.database import close_database, open_database
from tests.factories import draft

ISSUE_DAY = clock.today()


def writer(target: str, index: int, each: int, start: float, out: multiprocessing.Queue) -> None:
    open_database(target, actor=f"w{index}")
    times: list[float] = []
    failures: list[str] = []
    while time.monotonic() < start:  # all writers begin together
        time.sleep(0.001)
    for seq in range(each):
        began = time.perf_counter()
        try:
            record_invoice(draft((index + 1) * 10**9 + seq, issue_date=ISSUE_DAY), f"w{index}")
        except Exception as exc:  # counted, not raised: the benchmark reports every failure
            failures.append(repr(exc)[:200])
        times.append(time.perf_counter() - began)
        if times[-1] > 1.0:
            print(
                f"slow: writer {index} write {seq} at {time.monotonic() - start:.1f}s took {times[-1]:.1f}s",
                file=sys.stderr,
            )
    close_database()
    out.put({"times": times, "failures": failures})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--db", help="a postgresql:// URL of an empty database, or a file path")
    parser.add_argument(
        "--grow", type=int, default=12, help="grow the WAL to N MB first (harvest: 16 MB)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    target = args.db or str(folder / "ledger.sqlite")
    open_database(target, actor="bench")
    set_company("基准测试商店", "91110108551385082Q", "bench")
    if args.grow and not target.startswith("postgres"):
        wal = Path(f"{target}-wal")
        made = 0
        while not wal.exists() or wal.stat().st_size < args.grow << 20:
            demo.generate(2000, "bench", seed=made + 1, months=3)
            made += 1
    close_database()
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue = ctx.Queue()
    start = time.monotonic() + 3.0
    procs = [
        ctx.Process(target=writer, args=(target, i, args.each, start, out))
        for i in range(args.writers)
    ]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=1800) for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - start
    times = sorted(t for r in results for t in r["times"])
    failures = [f for r in results for f in r["failures"]]
    print(
        json.dumps(
            {
                "writers": args.writers,
                "each": args.each,
                "database": "postgresql" if target.startswith("postgres") else "sqlite",
                "failures": len(failures),
                "first_failures": failures[:3],
                "seconds": round(elapsed, 1),
                "writes_per_s": round(len(times) / elapsed, 1),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 1),
                "worst_ms": round(times[-1] * 1000, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
