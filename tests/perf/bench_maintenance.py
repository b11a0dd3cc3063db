"""What preventive maintenance buys: search and the next incremental backup, before and after.

On a copy of the 1,000,000-invoice ledger with a full backup, 10,000 invoices are recorded one by
one (as at the counter: each its own transaction and audit entry). The ledger and its backup
folder are then copied twice: on one copy the next incremental backup and 8-digit and 4-character
searches are measured as they are, on the other after ``run_maintenance``. Prints JSON.

    python tests/perf/bench_maintenance.py [--source /tmp/bench/bench1m.sqlite] [--adds 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.core import clock
from invoicedesk.services import backup_runs, backup_settings, maintenance
from invoicedesk.services.invoices import list_invoices, record_invoice
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice
from tests.factories import draft

SIDE = ("-wal", "-changes")


def _copy_ledger(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copyfile(source / "ledger.sqlite", target / "ledger.sqlite")
    for suffix in SIDE:
        side = source / f"ledger.sqlite{suffix}"
        if side.exists():
            shutil.copyfile(side, target / f"ledger.sqlite{suffix}")
    shutil.copytree(source / "backups", target / "backups")


def _searches() -> dict[str, float]:
    numbers = [
        n
        for (n,) in Invoice.select(Invoice.number).order_by(Invoice.id.desc()).limit(2000).tuples()
    ][::100]
    timings: dict[str, list[float]] = {"number_8": [], "buyer_4": []}
    for number in numbers:
        for kind, text in (("number_8", number[-8:]), ("buyer_4", "科技有限")):
            began = time.perf_counter()
            list_invoices(InvoiceFilter(text=text))
            timings[kind].append(time.perf_counter() - began)
    return {k: round(statistics.median(v) * 1000, 1) for k, v in timings.items()}


def _measure(folder: Path, maintain: bool) -> dict[str, object]:
    live = folder / "ledger.sqlite"
    open_database(live, actor="bench")
    result: dict[str, object] = {}
    if maintain:
        report = maintenance.run_maintenance("bench")
        result["maintenance"] = report.as_dict()
    began = time.perf_counter()
    outcome = backup_runs.run_backup("bench", kind="incremental", to=str(folder / "backups"))
    result["incremental_backup_s"] = round(time.perf_counter() - began, 2)
    result["incremental_ok"] = outcome[0].ok
    result["search_median_ms"] = _searches()
    result["wal_mb"] = round(Path(f"{live}-wal").stat().st_size / 2**20, 1)
    close_database()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/bench/bench1m.sqlite"))
    parser.add_argument("--adds", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-maintain-"))
    grown = work / "grown"
    grown.mkdir()
    shutil.copyfile(args.source, grown / "ledger.sqlite")
    open_database(grown / "ledger.sqlite", actor="bench")
    backup_settings.add_destination(str(grown / "backups"), "bench", "bench")
    backup_runs.run_backup("bench", kind="full")
    began = time.perf_counter()
    for seq in range(args.adds):
        record_invoice(draft(900_000_000 + seq, issue_date=clock.today()), "bench")
    adds_s = time.perf_counter() - began
    close_database()
    (grown / "backups").mkdir(exist_ok=True)
    results = {"adds": args.adds, "adds_s": round(adds_s, 1)}
    for name, maintain in (("as_is", False), ("after_maintenance", True)):
        copy = work / name
        _copy_ledger(grown, copy)
        results[name] = _measure(copy, maintain)
        shutil.rmtree(copy)
    shutil.rmtree(work)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
