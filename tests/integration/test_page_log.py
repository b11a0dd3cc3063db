"""The page log on real SQLite files: every page a checkpoint changes is logged first."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from invoicedesk.services import company, demo
from invoicedesk.store import audit, page_log
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice, database


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ledger.sqlite"
    open_database(path, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(400, "tester", seed=5)
    try:
        yield path
    finally:
        close_database()


def _pages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + 4096] for i in range(0, len(data), 4096)]


def _mark(path: Path, name: str) -> None:
    with page_log.writer_lock(path) as other:
        log = page_log.PageLog(path)
        log.harvest(other)
        log.mark(name)


def test_every_page_a_checkpoint_changes_was_logged_first(ledger: Path) -> None:
    _mark(ledger, "before")
    before = _pages(ledger)
    rng = random.Random(2)
    with database.atomic():
        for invoice_id in rng.sample([i.id for i in Invoice.select(Invoice.id)], 40):
            Invoice.update(remarks=f"改{invoice_id}").where(Invoice.id == invoice_id).execute()
            audit.append("tester", "invoice.correct", "invoice", invoice_id, None, {"r": 1})
    _mark(ledger, "after")
    after = _pages(ledger)
    differ = {n for n in range(len(after)) if n >= len(before) or before[n] != after[n]}
    logged = page_log.PageLog(ledger).changed_since("before")
    assert differ and logged is not None and differ <= logged
    assert page_log.PageLog(ledger).changed_since("after") == set()
    assert page_log.PageLog(ledger).changed_since("never marked") is None


def test_writes_by_another_program_make_the_log_say_it_cannot_tell(ledger: Path) -> None:
    _mark(ledger, "m")
    conn = sqlite3.connect(ledger)  # its own automatic checkpoints, unlogged
    conn.execute("UPDATE invoice SET remarks = 'x' WHERE id = 3")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _mark(ledger, "n")
    log = page_log.PageLog(ledger)
    assert log.changed_since("m") is None
    assert log.changed_since("n") == set()


def test_a_torn_record_breaks_the_history_before_it(ledger: Path) -> None:
    _mark(ledger, "m")
    path = page_log.log_path(ledger)
    with path.open("ab") as handle:
        handle.write(b"P\x00\x00\x00\x10\x00\x00")  # a crash half-way through an append
    Invoice.update(remarks="y").where(Invoice.id == 4).execute()
    _mark(ledger, "n")
    log = page_log.PageLog(ledger)
    assert log.changed_since("m") is None
    assert log.changed_since("n") == set()


def test_a_large_commit_is_harvested_and_the_wal_does_not_grow_without_end(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_log, "HARVEST_BYTES", 64 << 10)
    _mark(ledger, "m")
    with database.atomic():
        Invoice.update(remarks="大批更正").execute()  # every invoice: far past 64 KB of WAL
    logged = page_log.PageLog(ledger).changed_since("m")
    assert logged  # harvested at the commit, before anything checkpointed those pages
    # The checkpoint copied everything: the next write starts the WAL over from its beginning,
    # and only its own frames count from then on.
    Invoice.update(remarks="一张").where(Invoice.id == 1).execute()
    assert 0 < len(page_log.wal_pages(ledger)) < 20 < len(logged)


def test_the_log_stays_small_and_keeps_what_marks_still_need(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_log, "COMPACT_BYTES", 2048)
    monkeypatch.setattr(page_log, "KEEP_MARKS", 2)
    path = page_log.log_path(ledger)
    for round_ in range(30):  # no backup place: harvests, never a mark
        Invoice.update(remarks=f"第{round_}次").where(Invoice.id == 1 + round_).execute()
        page_log.harvest_now(ledger)
    assert path.stat().st_size < 4096
    for name in ("a", "b", "c"):
        Invoice.update(remarks=name).where(Invoice.id == 40).execute()
        _mark(ledger, name)
    for round_ in range(30):
        Invoice.update(remarks=f"再{round_}").where(Invoice.id == 50 + round_).execute()
        page_log.harvest_now(ledger)
    log = page_log.PageLog(ledger)
    assert log.changed_since("a") is None  # compacted away: the backup then compares pages
    assert log.changed_since("b") and log.changed_since("c")
    _mark(ledger, "d")  # the witness survived compaction: no break was recorded
    assert log.changed_since("c") is not None


def test_a_log_that_cannot_be_written_never_stops_a_snapshot_nor_lies(
    ledger: Path, tmp_path: Path
) -> None:
    from invoicedesk.exchange.snapshot_repository import Repository
    from invoicedesk.exchange.snapshot_restore import restore_snapshot
    from invoicedesk.exchange.snapshot_write import create_snapshot

    dest = tmp_path / "usb"
    dest.mkdir()
    full = create_snapshot(ledger, dest, kind="full")
    assert full.change_mark
    path = page_log.log_path(ledger)
    path.rename(tmp_path / "kept")
    path.mkdir()  # writing the log now fails, as on a full disk
    Invoice.update(remarks="写不进日志").where(Invoice.id == 2).execute()
    inc = create_snapshot(ledger, dest, kind="incremental", parent=full.id)
    assert (inc.found_by, inc.change_mark) == ("scan", "")
    path.rmdir()
    (tmp_path / "kept").rename(path)  # the log is back, without the unlogged checkpoint
    assert page_log.PageLog(ledger).changed_since(full.change_mark) == set()
    _mark(ledger, "later")  # ...which the witness reveals: a break, not a wrong page list
    assert page_log.PageLog(ledger).changed_since(full.change_mark) is None
    restored = tmp_path / "r.sqlite"
    restore_snapshot(Repository(dest), inc.id, restored)
    conn = sqlite3.connect(restored)
    assert conn.execute("SELECT remarks FROM invoice WHERE id = 2").fetchone()[0] == "写不进日志"
    conn.close()
