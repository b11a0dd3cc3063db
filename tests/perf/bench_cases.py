"""Benchmark of customer cases; prints JSON (not a timed test).

50,000 cases (a quarter still open, a third of those past their promise, one invoice linked to
every fifth) in a fresh SQLite ledger, written by the bulk path (one transaction, no audit: this
is test data). Measured through the services the screens and the CLI use:

- the list's first page (200 rows, newest first) with the count and the overdue count
  (target ≤ 100 ms);
- finding a case by a phone fragment (target ≤ 50 ms), 4 and 8 digits;
- the same first page filtered to the overdue cases, and the status bar's watch.

    python tests/perf/bench_cases.py [--cases 50000] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.services import cases, demo
from invoicedesk.store.case_models import CaseLink, CustomerCase
from invoicedesk.store.case_queries import CaseFilter, search_key
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice, database

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def build(count: int) -> None:
    demo.generate(20_000, "bench", seed=7, months=3)
    invoice_ids = [i.id for i in Invoice.select(Invoice.id).limit(20_000)]
    rng = random.Random(11)
    now = clock.now()
    flow = json.dumps(cf.CaseFlow().to_json())
    rows = []
    for n in range(count):
        received = now - timedelta(minutes=rng.randint(0, 200 * 24 * 60))
        state = rng.choice(["new", "checking", "handling"]) if rng.random() < 0.25 else "archived"
        promised = received + timedelta(hours=rng.randint(2, 96))
        phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        customer = f"{rng.choice(SURNAMES)}{'女士' if n % 2 else '先生'}{n}"
        rows.append(
            {
                "customer": customer,
                "search": search_key(customer, phone, "", ""),
                "phone": phone,
                "phone_digits": phone,
                "email": "",
                "other_contact": "",
                "complaint": "说发票在系统里查不到",
                "channel": rng.choice(list(cf.CHANNELS)),
                "received_at": clock.stamp(received),
                "received_by": rng.choice(["李四", "王五", "张三"]),
                "promised_at": clock.stamp(promised),
                "callback_at": "",
                "state": state,
                "flow": flow,
                "updated_at": clock.stamp(received),
            }
        )
    with database.atomic():
        for start in range(0, len(rows), 1000):
            CustomerCase.insert_many(rows[start : start + 1000]).execute()
        links = [
            {
                "case": case_id,
                "kind": "invoice",
                "ref_id": invoice_ids[case_id % len(invoice_ids)],
                "role": "concerned",
                "label": "",
                "added_at": clock.stamp(),
                "added_by": "bench",
            }
            for case_id in range(1, count + 1, 5)
        ]
        for start in range(0, len(links), 1000):
            CaseLink.insert_many(links[start : start + 1000]).execute()
    database.obj.execute_sql(
        "UPDATE case_link SET label = (SELECT number FROM invoice WHERE invoice.id = case_link.ref_id)"
    )
    database.obj.execute_sql("ANALYZE")


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    fn()  # warm the cache, as a screen that has been open a moment
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "max_ms": round(samples[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        open_database(Path(folder) / "cases.sqlite", actor="bench")
        started = time.perf_counter()
        build(args.cases)
        built = time.perf_counter() - started
        phones = [r.phone for r in CustomerCase.select(CustomerCase.phone).limit(500)]
        rng = random.Random(3)
        first = cases.list_cases(CaseFilter(), limit=200)
        result = {
            "cases": args.cases,
            "open": cases.list_cases(CaseFilter(open_only=True), limit=1).total,
            "overdue": first.overdue,
            "build_s": round(built, 1),
            "first_page_with_overdue_count": timed(
                lambda: cases.list_cases(CaseFilter(), limit=200), args.runs
            ),
            "phone_fragment_4_digits": timed(
                lambda: cases.list_cases(CaseFilter(text=rng.choice(phones)[-4:]), limit=200),
                args.runs,
            ),
            "phone_fragment_8_digits": timed(
                lambda: cases.list_cases(CaseFilter(text=rng.choice(phones)[3:11]), limit=200),
                args.runs,
            ),
            "overdue_only_first_page": timed(
                lambda: cases.list_cases(CaseFilter(overdue_only=True), limit=200), args.runs
            ),
            "status_bar_watch": timed(cases.watch, args.runs),
        }
        close_database()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
