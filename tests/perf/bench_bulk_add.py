"""``add --json`` of a large list into a large ledger: the command as a script would run it.

Copies a 1,000,000-invoice ledger (built once with the demo data when missing), writes a JSON
list of N new invoices (one to three lines each, as the counter records them), then runs
``python -m invoicedesk --db COPY add --json FILE`` and measures its wall time, the bytes the WAL
and the database grew by, and that every invoice is there with its audit entry and the chain
holds. Target: 100,000 invoices in ≤ 20 s on a 1,000,000-invoice ledger.

    python tests/perf/bench_bulk_add.py [--invoices 100000] [--source /tmp/bench/bench1m.sqlite]

Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.core import clock
from invoicedesk.services import demo
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, Invoice

DEFAULT_SOURCE = Path("/tmp/bench/bench1m.sqlite")
ITEMS = (
    ("*餐饮服务*餐费", "0.06", "88.00"),
    ("*住宿服务*住宿费", "0.06", "398.00"),
    ("*日用杂品*清洁用品", "0.13", "23.50"),
    ("*农产品*大米", "0.09", "62.00"),
)


def invoice(seq: int, day: str) -> dict[str, object]:
    lines = []
    for n in range(1 + seq % 3):
        name, rate, price = ITEMS[(seq + n) % len(ITEMS)]
        qty = 1 + (seq + n) % 4
        lines.append(
            {
                "name": name,
                "quantity": str(qty),
                "unit_price": price,
                "amount": str(Decimal(price) * qty),
                "tax_rate": rate,
            }
        )
    return {
        "kind": "82",
        "number": f"26117{seq:015d}",
        "issue_date": day,
        "buyer_name": f"基准采购商{seq % 5000:04d}有限公司",
        "buyer_tax_id": "",
        "issuer": "张三",
        "lines": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    if not args.source.exists():
        args.source.parent.mkdir(parents=True, exist_ok=True)
        open_database(args.source, actor="bench")
        set_company("基准测试商店", "91110108551385082Q", "bench")
        demo.generate(1_000_000, "bench", seed=1)
        close_database()
    work = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    live = work / "ledger.sqlite"
    shutil.copyfile(args.source, live)
    open_database(live, actor="bench")
    before = Invoice.select().count()
    audit_before = AuditEntry.select().count()
    close_database()
    day = clock.today().isoformat()
    listing = work / "list.json"
    listing.write_text(
        json.dumps([invoice(i, day) for i in range(args.invoices)], ensure_ascii=False),
        encoding="utf-8",
    )
    size_before = live.stat().st_size
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", str(live), "add", "--json", str(listing)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    wal = Path(f"{live}-wal")
    open_database(live, actor="bench")
    after = Invoice.select().count()
    audited = AuditEntry.select().count() - audit_before
    chain = verify_audit().ok
    close_database()
    print(
        json.dumps(
            {
                "invoices": args.invoices,
                "ledger_before": before,
                "exit": done.returncode,
                "said": (done.stdout + done.stderr).strip()[:200],
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "load_average": round(os.getloadavg()[0], 1),
                "per_s": round(args.invoices / seconds),
                "added": after - before,
                "audited": audited,
                "audit_chain_ok": chain,
                "db_grew_mb": round((live.stat().st_size - size_before) / 2**20, 1),
                "wal_mb_after": round(wal.stat().st_size / 2**20, 1) if wal.exists() else 0,
            },
            indent=2,
        )
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
