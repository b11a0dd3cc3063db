"""PostgreSQL at scale: a million-invoice ledger on the real server.

Prints JSON: the demo load rate (COPY), search medians (of 20) for a number fragment, a
4-character and a 2-character buyer name, count and totals, the ledger's first page, and recording
one invoice with its audit entry (p95 of 200). Targets at 1M: load >= 10,000 invoices/s, search
median <= 50 ms, record p95 <= 30 ms.

    python tests/perf/bench_pg_scale.py [--invoices 1000000] [--server postgresql://postgres@127.0.0.1:5432]
                                        [--name invoicedesk_bench_pg] [--reuse] [--keep]

Without --reuse the database ``--name`` is created afresh (and dropped after, unless --keep).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg2

from invoicedesk.services import demo
from invoicedesk.services import invoices as svc
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Buyer, Invoice, database
from tests.factories import draft
from tests.perf.bench_foundation import summary, timed


def _admin(server: str, sql: str) -> None:
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--name", default="invoicedesk_bench_pg")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = f"{args.server}/{args.name}"
    result: dict[str, object] = {"invoices_requested": args.invoices, "database": args.name}
    if not args.reuse:
        _admin(args.server, f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
        _admin(args.server, f"CREATE DATABASE \"{args.name}\" TEMPLATE template0 ENCODING 'UTF8'")
    open_database(url, actor="bench")
    if not args.reuse:
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
        close_database()  # measurements start from a fresh connection, as the app's would
        open_database(url, actor="bench")
    result["invoices_in_database"] = Invoice.select().count()
    trgm = database.obj.execute_sql(
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'invoice' AND indexname LIKE %s",
        ("%trgm",),
    ).fetchone()[0]
    result["trigram_indexes"] = int(trgm)

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

    base = 900_000_000 + Invoice.select().count()  # fresh numbers when the database is reused
    seq = iter(range(base, base + 1000))
    record = timed(
        lambda: svc.record_invoice(
            draft(next(seq), issue_date=date(2026, 11, 1)), "bench", today=date(2026, 11, 28)
        ),
        200,
    )
    result["record_invoice_with_audit"] = summary(record)
    close_database()
    if not args.reuse and not args.keep:
        _admin(args.server, f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
