"""Audit verify benchmark: the chain, the data comparison and the anchors at a million invoices.

Builds (or reuses, with --db) a demo ledger (each invoice with its own audit entry and
after-image), locks a month (an anchor), then times `verify_audit()` end to end, the chain walk
alone, and verify after one amount edited outside the app (it must be named). Prints JSON.

    python tests/perf/bench_audit.py [--invoices 1000000] [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.services import demo, periods
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import set_company
from invoicedesk.store import audit
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, Invoice, PeriodLock


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="invoicedesk-bench-audit-"))
    path = args.db or workdir / "bench.sqlite"
    result: dict[str, object] = {"database": str(path)}
    fresh = not path.exists()
    open_database(path, actor="bench")
    if fresh:
        set_company("北京演示餐饮有限公司", "91110000802100433B", "bench")
        start = time.perf_counter()
        made = demo.generate(args.invoices, "bench", seed=1, months=36, batch=20_000)
        result["build_seconds"] = round(time.perf_counter() - start, 1)
        result["lines"] = made.lines
        oldest = Invoice.select(Invoice.issue_date).order_by(Invoice.issue_date).scalar()
        periods.lock_period(str(oldest)[:7], "bench", backup=False)
        close_database()
        open_database(path, actor="bench")
    result["invoices"] = Invoice.select().count()
    result["audit_entries"] = AuditEntry.select().count()
    result["locks"] = PeriodLock.select().count()
    result["database_mb"] = round(path.stat().st_size / 2**20, 1)

    start = time.perf_counter()
    chain = audit.verify()
    result["chain_only_seconds"] = round(time.perf_counter() - start, 1)
    assert chain.ok

    calls = [0]
    start = time.perf_counter()
    report = verify_audit(lambda done, total: calls.__setitem__(0, calls[0] + 1))
    result["verify_seconds"] = round(time.perf_counter() - start, 1)
    result["verify_ok"] = report.ok
    result["records_checked"] = report.records_checked
    result["progress_reports"] = calls[0]
    assert report.ok, report.problem_texts[:3]

    close_database()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE invoice SET amount_fen = amount_fen + 1 WHERE id = 123456 % ?",
            (result["invoices"],),
        )
    conn.close()
    open_database(path, actor="bench")
    start = time.perf_counter()
    tampered = verify_audit()
    result["verify_tampered_seconds"] = round(time.perf_counter() - start, 1)
    result["tampered_named"] = [f.text for f in tampered.findings]
    assert len(tampered.findings) == 1
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE invoice SET amount_fen = amount_fen - 1 WHERE id = 123456 % ?",
            (result["invoices"],),
        )
    conn.close()
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    close_database()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if not args.keep and not args.db:
        for item in workdir.iterdir():
            item.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
