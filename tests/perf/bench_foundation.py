"""Foundation benchmark: a million-invoice SQLite ledger.

Prints JSON: insert rate, search latency (median of 20) for a number fragment, a 4-character and a
2-character buyer fragment, ledger first-page latency, recording one invoice with its audit entry
(p95) and peak memory. Targets at 1M: search median <= 50 ms, first page <= 100 ms, record <= 20 ms.

    python tests/perf/bench_foundation.py [--invoices 1000000] [--db PATH] [--keep]

With --db pointing at an existing benchmark database the build step is skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.services import demo
from invoicedesk.services import invoices as svc
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Buyer, Invoice
from tests.factories import draft, number


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="invoicedesk-bench-"))
    path = args.db or workdir / "bench.sqlite"
    result: dict[str, object] = {"invoices_requested": args.invoices, "database": str(path)}

    fresh = not path.exists()
    open_database(path, actor="bench")
    if fresh:
        set_company("北京演示餐饮有限公司", "91110000802100433B", "bench")
        start = time.perf_counter()
        made = demo.generate(args.invoices, "bench", seed=1, months=36, batch=20_000)
        seconds = time.perf_counter() - start
        result["build"] = {
            "invoices": made.invoices,
            "lines": made.lines,
            "seconds": round(seconds, 1),
            "invoices_per_second": round(made.invoices / seconds),
        }
        # Reopen so that the measurements start from a cold connection, as the app would.
        close_database()
        open_database(path, actor="bench")
    result["database_mb"] = round(path.stat().st_size / 2**20, 1)
    result["invoices_in_database"] = Invoice.select().count()

    rng = random.Random(5)
    max_id = Invoice.select(Invoice.id).order_by(Invoice.id.desc()).scalar()
    sample_numbers = [Invoice.get_by_id(rng.randrange(1, max_id)).number[-8:] for _ in range(20)]
    buyer_names = [b.name for b in Buyer.select(Buyer.name) if len(b.name) > 8]
    four_char = [n[2:6] for n in rng.sample(buyer_names, 20)]
    two_char = ["北京", "王芳", "恒信", "望京", "嘉禾"] * 4

    def search(terms: list[str]) -> dict[str, object]:
        it = iter(terms)
        samples = timed(lambda: svc.list_invoices(InvoiceFilter(text=next(it)), limit=100), 20)
        return {"terms": sorted(set(terms))[:5], **summary(samples)}

    result["search_number_fragment"] = search(sample_numbers)
    result["search_buyer_4_chars"] = search(four_char)
    result["search_buyer_2_chars"] = search(two_char)
    result["search_count_and_totals_4_chars"] = summary(
        timed(lambda: svc.ledger_totals(InvoiceFilter(text=four_char[0])), 5)
    )
    result["ledger_first_page"] = summary(timed(lambda: svc.list_invoices(limit=100), 20))
    result["ledger_page_at_500k"] = summary(
        timed(lambda: svc.list_invoices(offset=min(500_000, max_id // 2), limit=200), 5)
    )
    result["ledger_count_and_totals"] = summary(timed(svc.ledger_totals, 3))

    base = 900_000_000 + Invoice.select().count()  # fresh numbers when the database is reused
    seq = iter(range(base, base + 1000))
    record = timed(
        lambda: svc.record_invoice(
            draft(next(seq), issue_date=date(2026, 11, 1)), "bench", today=date(2026, 11, 28)
        ),
        200,
    )
    result["record_invoice_with_audit"] = summary(record)
    result["record_sample_number"] = number(base)
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    close_database()
    if not args.keep and not args.db:
        for leftover in workdir.iterdir():
            leftover.unlink()
        workdir.rmdir()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
