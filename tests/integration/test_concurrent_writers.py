"""Several writers at once, and writers killed at random points: nothing acknowledged is lost.

Each writer is a separate process with its own connection, as at separate counters. A writer
prints an invoice's number only after ``record_invoice`` returned (the commit is on disk), so
every printed number must be in the ledger afterwards, whatever happened to the process.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from invoicedesk.services import company, demo
from invoicedesk.services.auditing import verify_audit
from invoicedesk.store import page_log
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice, database

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from invoicedesk.store.database import open_database
from invoicedesk.services.invoices import record_invoice
from tests.factories import draft
from invoicedesk.core import clock
target, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
open_database(target, actor="w")
print("ready", flush=True)
worst, failures = 0.0, 0
for seq in range(first, first + count):
    began = time.perf_counter()
    try:
        view = record_invoice(draft(seq, issue_date=clock.today()), "w")
    except Exception as exc:
        failures += 1
        print("failed", repr(exc), flush=True)
        continue
    worst = max(worst, time.perf_counter() - began)
    print("ok", view.number, flush=True)
print("done", failures, round(worst, 3), flush=True)
"""


def _writer(target: str, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, target, str(first), str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def ledger(db_target: str) -> str:
    open_database(db_target, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    wal = Path(f"{db_target}-wal")
    seed = 1
    while "postgres" not in db_target and wal.stat().st_size < page_log.HARVEST_BYTES * 3 // 4:
        # Near the harvest threshold, so that the writers cross it: with the harvest after a
        # commit waiting for the lock, writers failed there.
        demo.generate(3000, "tester", seed=seed, months=2)
        seed += 1
    close_database()
    return db_target


def test_four_writers_at_once_all_succeed(ledger: str) -> None:
    writers = [_writer(ledger, 1 + i * 1000, 100) for i in range(4)]
    outputs = [w.communicate(timeout=300) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.splitlines()[-1].startswith("done 0 "), out[-500:]
    numbers = {
        line.split()[1] for out, _ in outputs for line in out.splitlines() if line[:3] == "ok "
    }
    assert len(numbers) == 400
    open_database(ledger)
    try:
        stored = {n for (n,) in Invoice.select(Invoice.number).tuples()}
        assert numbers <= stored
        assert verify_audit().ok
    finally:
        close_database()


def _add_list(target: str, listing: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "invoicedesk", "--db", target, "add", "--json", str(listing)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_writers_killed_at_random_points_lose_nothing_acknowledged(
    sqlite_db: str, tmp_path: Path
) -> None:
    """20 SIGKILLs: single writers mid-stream and list imports mid-transaction."""
    from tests.factories import as_json, number

    company.set_company("演示商店", "91110108551385082Q", "tester")
    close_database()
    rng = random.Random(20)
    acknowledged: set[str] = set()
    lists: list[set[str]] = []
    seq = 1
    for kill in range(20):
        if kill % 4 == 3:  # a list of 1,500 killed somewhere in its one transaction
            items = [as_json(s) for s in range(seq, seq + 1500)]
            seq += 1500
            listing = tmp_path / f"list{kill}.json"
            listing.write_text(json.dumps(items), encoding="utf-8")
            proc = _add_list(sqlite_db, listing)
            time.sleep(rng.uniform(0.5, 2.5))
            lists.append({number(s) for s in range(seq - 1500, seq)})
        else:
            proc = _writer(sqlite_db, seq, 100_000)
            seq += 100_000
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=60)
        acknowledged |= {line.split()[1] for line in out.splitlines() if line[:3] == "ok "}
        open_database(sqlite_db)
        try:
            assert database.obj.execute_sql("PRAGMA quick_check").fetchone()[0] == "ok"
            stored = {n for (n,) in Invoice.select(Invoice.number).tuples()}
            assert acknowledged <= stored, f"kill {kill}: acknowledged invoices lost"
            for whole in lists:
                assert len(whole & stored) in (0, len(whole)), f"kill {kill}: a partial list"
            assert verify_audit().ok
        finally:
            close_database()
    assert len(acknowledged) > 20  # the writers did get to write between the kills


def test_past_the_harvest_size_commits_neither_wait_for_the_lock_nor_keep_harvesting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cause of writers failing: once the WAL file had passed 16 MB it stayed that size (the
    journal size limit was 32 MB), so every later commit tried to harvest, waiting up to 1 s for
    the lock each time."""
    import sqlite3

    from invoicedesk.services.bulk_record import record_batch
    from invoicedesk.services.invoices import record_invoice
    from tests.factories import draft

    target = str(tmp_path / "ledger.sqlite")
    open_database(target, actor="tester")
    try:
        company.set_company("演示商店", "91110108551385082Q", "tester")
        wal = Path(f"{target}-wal")
        seed = 1
        while wal.stat().st_size < 8 << 20:
            demo.generate(3000, "tester", seed=seed, months=2)
            seed += 1
        page_log.harvest_now(Path(target))
        record_invoice(draft(1), "tester")  # restarts the WAL: the file is cut back to 4 MB
        assert wal.stat().st_size <= 4 << 20
        monkeypatch.setattr(page_log, "HARVEST_BYTES", 64 << 10)
        record_batch([draft(n) for n in range(2, 300)], "tester")
        assert wal.stat().st_size >= page_log.HARVEST_BYTES
        other = sqlite3.connect(target, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
        began = time.perf_counter()
        page_log.after_commit(Path(target))
        waited = time.perf_counter() - began
        other.execute("ROLLBACK")
        other.close()
        assert waited < 0.5  # it did not queue behind the other writer
    finally:
        close_database()
