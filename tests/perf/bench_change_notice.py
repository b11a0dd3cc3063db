"""Change notice across processes: from a commit at counter A to the redrawn row at counter B.

Process A (a subprocess) records one invoice at a time with ``record_invoice`` and prints the
moment (``time.monotonic``, one clock for every process on the machine) right after its commit.
Process B (this one) runs the real ledger page offscreen on its database worker, watching the
database as the app does (SQLite: ``PRAGMA data_version`` every 400 ms; PostgreSQL:
LISTEN/NOTIFY), and notes when the new invoice is the first row with the totals counting it.
A random pause between invoices spreads them over the poll's phase. Target (PostgreSQL): median
≤ 300 ms.

    python tests/perf/bench_change_notice.py [--db URL|PATH] [--invoices 10000] [--runs 30]

Without ``--db``: a SQLite file in a temporary folder. A postgresql:// URL must name an empty
database. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from invoicedesk.gui.ledger_page import LedgerPage
from invoicedesk.gui.worker import DbOp, DbWorker, set_worker
from invoicedesk.services import demo
from invoicedesk.services.company import set_company
from invoicedesk.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from invoicedesk.core import clock
from invoicedesk.services.invoices import record_invoice
from invoicedesk.store.database import open_database
from tests.factories import draft
open_database(sys.argv[1], actor="A")
print("ready", flush=True)
seq = 10**9
for _line in sys.stdin:
    view = record_invoice(draft(seq, issue_date=clock.today()), "柜台A")
    print(view.id, time.monotonic(), flush=True)
    seq += 1
"""


def wait(app: QApplication, done: object, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.0005)  # leave the GIL to the worker and listener threads
        if time.monotonic() > end:
            raise TimeoutError("the ledger did not show the invoice in time")


def on_worker(app: QApplication, fn: object) -> object:
    box: dict[str, object] = {}
    DbOp(None, fn).success(lambda v: box.setdefault("v", v)).failure(  # type: ignore[arg-type]
        lambda e: box.setdefault("e", e)
    ).run()
    wait(app, lambda: bool(box), 600)
    if "e" in box:
        raise box["e"]  # type: ignore[misc]
    return box["v"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a postgresql:// URL of an empty database, or a file path")
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    target = args.db or str(Path(tempfile.mkdtemp()) / "ledger.sqlite")

    app = QApplication.instance() or QApplication([])
    worker = DbWorker()
    worker.start()
    set_worker(worker)

    def setup() -> None:
        open_database(target, actor="bench")
        set_company("演示商店", "91110108551385082Q", "bench")
        if args.invoices:
            demo.generate(args.invoices, "bench", seed=7, months=12)

    on_worker(app, setup)
    worker.watch(target)
    page = LedgerPage()
    page.resize(1366, 768)
    page.show()
    wait(app, lambda: page.model.totals is not None and not page.model.loading)
    count = page.model.totals.count  # type: ignore[union-attr]

    seen: dict[int, float] = {}

    def look() -> None:
        row, totals = page.model.row_at(0), page.model.totals
        if row is not None and totals is not None and totals.count >= count:
            seen.setdefault(row.id, time.monotonic())

    page.model.reloaded.connect(look)
    page.model.totals_changed.connect(lambda _t: look())

    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, target],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    wait(app, lambda: not lines.empty(), 120)
    assert lines.get().strip() == "ready"

    samples: list[float] = []
    rng = random.Random(1)
    assert proc.stdin is not None
    for _ in range(args.runs):
        count += 1
        proc.stdin.write("go\n")
        proc.stdin.flush()
        wait(app, lambda: not lines.empty(), 60)
        invoice_id_text, committed_text = lines.get().split()
        invoice_id, committed = int(invoice_id_text), float(committed_text)
        wait(app, lambda i=invoice_id: i in seen, 10)
        samples.append((seen[invoice_id] - committed) * 1000)
        pause_end = time.monotonic() + rng.uniform(0.2, 0.6)
        wait(app, lambda e=pause_end: time.monotonic() >= e)
    proc.stdin.close()
    proc.wait(60)
    worker.stop()
    ordered = sorted(samples)
    print(
        json.dumps(
            {
                "database": "postgresql" if target.startswith("postgres") else "sqlite",
                "invoices": count,
                "runs": len(samples),
                "notice_to_row_median_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
                "max_ms": round(ordered[-1], 1),
                "min_ms": round(ordered[0], 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
