"""Benchmark of the reconcile feature; prints JSON (not a timed test).

1. 100,000 ledger invoices (demo data, one month) against a 100,000-row platform export:
   import time vs. iterating the same file with openpyxl read-only alone (target ≤ 1.3×), and
   reconciliation time after import (target ≤ 1 s; best and median of 3). Then, once each, two
   harder sessions on the same data: with 信息汇总表 lines for every invoice (the ledger's, one
   line in 5,000 made to differ), and with no pair exactly equal (a trailing space on every
   ledger buyer name, which the comparison ignores), so that every row is compared in full.
2. Search on 1,000,000 invoices (target ≤ 50 ms median) on a COPY of --search-db (never written
   in place): number fragments, amounts, a verification-state filter.

    python tests/perf/bench_reconcile.py [--invoices 100000] [--search-db /tmp/bench/bench1m.sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from openpyxl import Workbook, load_workbook

from invoicedesk.core.money import format_money
from invoicedesk.services import demo, reconcile, reconcile_import
from invoicedesk.services import invoices as svc
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.reconcile_models import MODELS
from tests.integration.platform_files import HEADER

SHOP = ("北京演示餐饮有限公司", "91110000802100433B")
STATUS_TEXT = {
    "normal": "正常",
    "voided": "已作废",
    "red_partial": "已红冲-部分",
    "red_full": "已红冲-全额",
}


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def write_export(path: Path, differences: int) -> int:
    """The ledger as the platform would export it, with a few differences mixed in."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("发票基础信息")
    sheet.append(["全量发票查询导出结果"])
    sheet.append(HEADER)
    query = Invoice.select(
        Invoice.code, Invoice.number, Invoice.issue_date, Invoice.buyer_name,
        Invoice.buyer_tax_id, Invoice.amount_fen, Invoice.tax_fen, Invoice.total_fen,
        Invoice.status, Invoice.is_red, Invoice.kind,
    ).order_by(Invoice.id).tuples()  # fmt: skip
    rng = random.Random(7)
    count = changed = 0
    for index, (code, num, day, name, tax_id, amount, tax, total, status, red, kind) in enumerate(
        query
    ):
        if changed < differences and rng.random() < 0.001:
            total += 1  # a mismatched total
            changed += 1
        sheet.append([
            index + 1, code, "" if not code else num, num if not code else "", SHOP[1], SHOP[0],
            tax_id, name, f"{day} 10:00:00", f"{amount / 100:.2f}", f"{tax / 100:.2f}",
            f"{total / 100:.2f}", "电子发票服务平台", "数电票（普通发票）" if kind == "82" else kind,
            STATUS_TEXT[status], "否" if red else "是", "正常", "张三", "",
        ])  # fmt: skip
        count += 1
    book.save(path)
    return count


def iterate_only(path: Path) -> int:
    book = load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            rows += 1
    book.close()
    return rows


def add_lines(file_id: int) -> None:
    """The file's 信息汇总表 as the ledger's lines; every 5,000th line made to differ."""
    database.execute_sql(
        "INSERT INTO platform_line (file_id, code, number, line_no, tax_code, name, spec, unit,"
        " quantity, unit_price, amount_fen, tax_rate, tax_fen)"
        " SELECT ?, i.code, i.number, l.line_no, l.tax_code, l.name, l.spec, l.unit,"
        " COALESCE(l.quantity, ''), COALESCE(l.unit_price, ''),"
        " l.amount_fen + (l.id % 5000 = 1), l.tax_rate, l.tax_fen"
        " FROM invoice_line AS l JOIN invoice AS i ON i.id = l.invoice_id",
        (file_id,),
    )


def pad_names(file_id: int) -> None:
    database.execute_sql("UPDATE invoice SET buyer_name = buyer_name || ' '")


def _session(file_id: int, change: Callable[[int], None]) -> dict[str, object]:
    """One session after ``change``; both rolled back, so each starts from the same data (and
    no commit is timed)."""
    with database.atomic() as transaction:
        change(file_id)
        start = time.perf_counter()
        session = reconcile.start_session(file_id, "bench", "2026-10")
        seconds = time.perf_counter() - start
        transaction.rollback()
    return {
        "seconds": round(seconds, 3),
        "matched": session.matched,
        "differences": {k: v for k, v in session.counts.items() if v},
    }


def reconcile_bench(count: int, workdir: Path) -> dict[str, object]:
    path = workdir / "ledger.sqlite"
    open_database(path, actor="bench")
    set_company(*SHOP, "bench")
    demo.generate(count, "bench", seed=3, months=1, today=date(2026, 10, 31), batch=20_000)
    export = workdir / "export.xlsx"
    start = time.perf_counter()
    rows = write_export(export, differences=50)
    write_seconds = time.perf_counter() - start
    close_database()
    # Alternate the two measurements (the machine is shared): each import into a fresh copy of
    # the ledger, so that none of them finds the file already imported.
    baselines: list[float] = []
    imports: list[float] = []
    for attempt in range(2):
        baselines += timed(lambda: iterate_only(export), 1)
        copy = workdir / f"ledger-{attempt}.sqlite"
        shutil.copyfile(path, copy)
        open_database(copy, actor="bench")
        start = time.perf_counter()
        imported = reconcile_import.import_export(export, "bench")
        imports.append(time.perf_counter() - start)
        if attempt == 0:
            close_database()
    baseline, import_seconds = min(baselines), min(imports)
    sessions = []
    for _ in range(3):
        start = time.perf_counter()
        session = reconcile.start_session(imported.id, "bench", "2026-10")
        sessions.append(time.perf_counter() - start)
    reconcile_seconds = min(sessions)
    harder = {
        "with_lines": _session(imported.id, add_lines),
        "no_pair_exactly_equal": _session(imported.id, pad_names),
    }
    close_database()
    return {
        "ledger_invoices": count,
        "export_rows": rows,
        "export_mb": round(export.stat().st_size / 2**20, 1),
        "export_write_seconds": round(write_seconds, 1),
        "openpyxl_iterate_seconds": round(baseline, 2),
        "import_seconds": round(import_seconds, 2),
        "import_ratio": round(import_seconds / baseline, 2),
        "import_target_ratio": 1.3,
        "reconcile_seconds": round(reconcile_seconds, 3),
        "reconcile_median_seconds": round(statistics.median(sessions), 3),
        "reconcile_runs_seconds": [round(x, 3) for x in sessions],
        "import_runs_seconds": [round(x, 2) for x in imports],
        "iterate_runs_seconds": [round(x, 2) for x in baselines],
        "reconcile_target_seconds": 1.0,
        "session": {
            "platform_rows": session.platform_rows,
            "ledger_rows": session.ledger_rows,
            "matched": session.matched,
            "differences": session.counts,
        },
        "harder_sessions": harder,
    }


def search_bench(source: Path, workdir: Path) -> dict[str, object]:
    copy = workdir / "search-1m.sqlite"
    shutil.copyfile(source, copy)
    open_database(copy, actor="bench")
    # A copy made before schema step 4 was complete: add this feature's tables and the amount
    # indexes that step 4 gives every real database.
    database.create_tables([*MODELS, Invoice], safe=True)
    count = Invoice.select().count()
    rng = random.Random(5)
    max_id = Invoice.select(Invoice.id).order_by(Invoice.id.desc()).scalar()
    picks = [Invoice.get_by_id(rng.randrange(1, max_id)) for _ in range(20)]

    def search(terms: list[str], **extra: object) -> dict[str, object]:
        it = iter(terms)
        samples = timed(
            lambda: svc.list_invoices(InvoiceFilter(text=next(it), **extra), limit=100),  # type: ignore[arg-type]
            len(terms),
        )
        return {"terms": terms[:3], **summary(samples)}

    result: dict[str, object] = {"invoices": count}
    result["number_fragment"] = search([p.number[-8:] for p in picks])
    result["amount_plain"] = search([f"{p.total_fen / 100:.2f}" for p in picks])
    result["amount_yuan_sign"] = search([format_money(svc.get_invoice(p.id).total) for p in picks])
    result["amount_in_a_month"] = search(
        [f"{p.total_fen / 100:.2f}" for p in picks], period=str(picks[0].issue_date)[:7]
    )
    result["verification_unchecked_first_page"] = search([""] * 20, verification="unchecked")
    result["verification_problem_first_page"] = search([""] * 20, verification="problem")
    close_database()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--search-db", type=Path, default=Path("/tmp/bench/bench1m.sqlite"))
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="invoicedesk-bench-reconcile-"))
    result: dict[str, object] = {}
    try:
        result["reconcile"] = reconcile_bench(args.invoices, workdir)
        if not args.skip_search and args.search_db.exists():
            result["search_1m"] = search_bench(args.search_db, workdir)
        result["peak_memory_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
