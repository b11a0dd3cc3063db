"""The snapshot repository on real files: full and incremental, restore, damage, size."""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from invoicedesk.exchange.snapshot_manifest import (
    FORMAT,
    INDEX_ENTRY,
    REPO_DIR,
    Manifest,
    SnapshotError,
)
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.exchange.snapshot_restore import PieceCheck, restore_snapshot
from invoicedesk.exchange.snapshot_source import describe
from invoicedesk.exchange.snapshot_verify import memory_scratch, verify_snapshot
from invoicedesk.exchange.snapshot_write import create_snapshot
from invoicedesk.services import company, demo
from invoicedesk.services.invoices import record_invoice
from invoicedesk.store import audit
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice, database
from tests import factories

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _facts(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        facts = describe(conn)
        facts["invoices"] = conn.execute(
            "SELECT id, number, remarks, status, total_fen FROM invoice ORDER BY id"
        ).fetchall()
        return facts
    finally:
        conn.close()


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "live" / "ledger.sqlite"
    open_database(path, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(300, "tester", seed=3)
    files = path.with_name(path.name + "-files")
    (files / "ab").mkdir(parents=True)
    (files / "ab" / "invoice-1.pdf").write_bytes(b"%PDF-1.4 demo " * 100)
    try:
        yield path
    finally:
        close_database()


def _change(count: int, seed: int, word: str) -> None:
    rng = random.Random(seed)
    ids = [r.id for r in Invoice.select(Invoice.id)]
    with database.atomic():
        for invoice_id in rng.sample(ids, count):
            Invoice.update(remarks=f"{word}{invoice_id}").where(Invoice.id == invoice_id).execute()
            audit.append("tester", "invoice.correct", "invoice", invoice_id, None, {"r": word})


def _chain(ledger: Path, dest: Path) -> list[Manifest]:
    """full, then two incrementals with changes in between."""
    files = ledger.with_name(ledger.name + "-files")
    full = create_snapshot(ledger, dest, kind="full", attachments=files, now=T0)
    _change(5, 1, "一")
    inc1 = create_snapshot(
        ledger, dest, kind="incremental", parent=full.id, attachments=files, now=T0 + timedelta(1)
    )
    _change(5, 2, "二")
    record_invoice(factories.draft(7001), "tester", today=factories.TODAY)
    (files / "cd").mkdir()
    (files / "cd" / "invoice-2.pdf").write_bytes(b"%PDF-1.4 second " * 50)
    inc2 = create_snapshot(
        ledger, dest, kind="incremental", parent=inc1.id, attachments=files, now=T0 + timedelta(2)
    )
    return [full, inc1, inc2]


def test_restoring_the_newest_incremental_reproduces_the_database(
    ledger: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    full, inc1, inc2 = _chain(ledger, dest)
    assert (inc1.kind, inc1.parent, inc2.parent) == ("incremental", full.id, inc1.id)
    repo = Repository(dest)
    restored = tmp_path / "restored" / "ledger.sqlite"
    files = restored.with_name("ledger.sqlite-files")
    restore_snapshot(repo, inc2.id, restored, attachments=files)
    assert _facts(restored) == _facts(ledger)
    assert _facts(restored)["audit_head"] == audit.head() == inc2.audit_head
    assert (files / "cd" / "invoice-2.pdf").read_bytes() == b"%PDF-1.4 second " * 50
    assert (files / "ab" / "invoice-1.pdf").read_bytes() == b"%PDF-1.4 demo " * 100
    # An older snapshot restores to its own moment, not today's.
    older = tmp_path / "older.sqlite"
    restore_snapshot(repo, full.id, older)
    facts = _facts(older)
    assert facts["audit_head"] == full.audit_head != inc2.audit_head
    assert facts["row_counts"] == full.row_counts
    assert all(verify_snapshot(repo, m.id).ok for m in (full, inc1, inc2))


def test_an_incremental_stores_only_what_changed(ledger: Path, tmp_path: Path) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    full, inc1, inc2 = _chain(ledger, dest)
    data = dest / REPO_DIR / "data"
    assert {p.name for p in (data / inc1.id).iterdir()} == {"map.bin", "index.bin", "pack-0000.bin"}
    pages = (data / inc1.id / "index.bin").stat().st_size // INDEX_ENTRY[FORMAT]
    assert 0 < pages < full.page_count / 4
    assert (data / inc1.id / "pack-0000.bin").stat().st_size < pages * full.page_size
    # Only the new attachment was copied by the second incremental.
    assert [p.name for p in (data / inc2.id / "files").iterdir()] == [
        a["sha256"] for a in inc2.attachments if a["path"] == "cd/invoice-2.pdf"
    ]


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_one_flipped_byte_anywhere_names_exactly_the_damaged_snapshots(
    ledger: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    full, inc1, inc2 = _chain(ledger, dest)
    other = tmp_path / "other"
    other.mkdir()
    lone = create_snapshot(ledger, other, kind="full", now=T0 + timedelta(3))
    shutil.copytree(other / REPO_DIR / "data" / lone.id, dest / REPO_DIR / "data" / lone.id)
    shutil.copy(other / REPO_DIR / "snapshots" / f"{lone.id}.json", dest / REPO_DIR / "snapshots")
    order = [full.id, inc1.id, inc2.id]
    repo = Repository(dest)
    files = _all_files(repo.root)
    assert len(files) >= 12
    rng = random.Random(7)
    for path in files:
        owner = (
            path.stem
            if path.parent.name == "snapshots"
            else path.relative_to(repo.root / "data").parts[0]
        )
        if path.parent.name == "files":  # an attachment serves every snapshot that lists it
            digest = path.name
            users = {
                m.id
                for m in (full, inc1, inc2, lone)
                if any(a["sha256"] == digest and a["stored_in"] == owner for a in m.attachments)
            }
        else:
            users = {owner}
        expected = set()
        for sid in users:
            if sid == lone.id:
                expected.add(sid)
            else:  # a snapshot's damage reaches every incremental built on it
                expected.update(order[order.index(sid) :])
        original = path.read_bytes()
        position = rng.randrange(len(original))
        path.write_bytes(
            original[:position] + bytes([original[position] ^ 0x01]) + original[position + 1 :]
        )
        try:
            checker = PieceCheck(repo)
            damaged = {
                sid
                for sid in repo.snapshot_ids()
                if not verify_snapshot(repo, sid, checked=checker).ok
            }
        finally:
            path.write_bytes(original)
        assert damaged == expected, (path.relative_to(repo.root), position)


def test_a_full_disk_leaves_earlier_snapshots_valid(
    ledger: Path, small_disk: Callable[[str], Path]
) -> None:
    mount = small_disk("3m")
    first = create_snapshot(ledger, mount, kind="full", now=T0)
    with pytest.raises(SnapshotError) as caught:
        for day in range(1, 200):  # compressed fulls: keep writing until the disk is full
            create_snapshot(ledger, mount, kind="full", now=T0 + timedelta(day))
    assert caught.value.code == "disk_full"
    repo = Repository(mount)
    assert not list((repo.root / "data").glob("*.partial"))
    assert all(verify_snapshot(repo, sid).ok for sid in repo.snapshot_ids())
    assert first.id in repo.snapshot_ids()


def test_a_missing_destination_is_reported(ledger: Path, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError) as caught:
        create_snapshot(ledger, tmp_path / "usb-unplugged", kind="full")
    assert caught.value.code == "missing"
    assert not (tmp_path / "usb-unplugged").exists()


def test_writes_during_a_snapshot_do_not_leak_into_it(ledger: Path, tmp_path: Path) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    before = audit.head()
    calls = []

    def progress(done: int, total: int) -> None:
        if not calls:  # another connection commits while the snapshot is being read
            conn = sqlite3.connect(ledger, timeout=15)
            conn.execute("UPDATE invoice SET remarks = 'late' WHERE id = 1")
            conn.commit()
            conn.close()
        calls.append(done)

    manifest = create_snapshot(ledger, dest, kind="full", progress=progress)
    restored = tmp_path / "r.sqlite"
    restore_snapshot(Repository(dest), manifest.id, restored)
    conn = sqlite3.connect(restored)
    assert conn.execute("SELECT remarks FROM invoice WHERE id = 1").fetchone()[0] != "late"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert manifest.audit_head == before


FORMAT1 = Path(__file__).resolve().parents[1] / "data" / "backup_format1"


def test_format_1_snapshots_still_restore_and_lead_to_a_new_full(tmp_path: Path) -> None:
    """Backups written before format 2 (CRC-32 maps, 16,384-page packs) stay restorable; the
    next incremental in that folder starts a fresh format 2 chain instead of building on them."""
    dest = tmp_path / "usb"
    shutil.copytree(FORMAT1, dest)
    repo = Repository(dest)
    full_id, inc_id = repo.snapshot_ids()
    assert (repo.load(full_id).format, repo.load(full_id).pages_per_pack) == (1, 16384)
    restored = tmp_path / "r.sqlite"
    restore_snapshot(repo, inc_id, restored)
    conn = sqlite3.connect(restored)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            conn.execute("SELECT remarks FROM invoice WHERE id = 3").fetchone()[0] == "第二天更正"
        )
        assert describe(conn)["row_counts"] == repo.load(inc_id).row_counts
    finally:
        conn.close()
    assert verify_snapshot(repo, inc_id).ok
    manifest = create_snapshot(restored, dest, kind="incremental", parent=inc_id)
    assert (manifest.kind, manifest.parent, manifest.format) == ("full", None, FORMAT)


def test_a_throwaway_restore_goes_to_memory_only_when_it_fits_easily(
    ledger: Path, tmp_path: Path
) -> None:
    if sys.platform.startswith("linux") and Path("/dev/shm").is_dir():
        assert memory_scratch(1 << 20) == Path("/dev/shm")
    assert memory_scratch(1 << 50) is None  # a petabyte: the usual temp folder
    dest = tmp_path / "usb"
    dest.mkdir()
    manifest = create_snapshot(ledger, dest, kind="full")
    work = tmp_path / "work"
    work.mkdir()
    assert verify_snapshot(Repository(dest), manifest.id, workdir=work).ok
    assert list(work.iterdir()) == []  # the scratch copy is gone


def test_incrementals_use_the_page_log_unless_another_program_wrote_the_file(
    ledger: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    full = create_snapshot(ledger, dest, kind="full", now=T0)
    _change(5, 1, "一")  # the app's own writes: logged before every checkpoint
    inc1 = create_snapshot(ledger, dest, kind="incremental", parent=full.id, now=T0 + timedelta(1))
    assert inc1.found_by == "log"
    # Another program writes and checkpoints on its own: the log cannot vouch for the pages.
    conn = sqlite3.connect(ledger)
    conn.execute("UPDATE invoice SET remarks = '外部程序' WHERE id = 7")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    inc2 = create_snapshot(ledger, dest, kind="incremental", parent=inc1.id, now=T0 + timedelta(2))
    assert inc2.found_by == "scan"
    seen = {inc2.id: _facts(ledger)["invoices"]}
    _change(5, 3, "三")
    inc3 = create_snapshot(ledger, dest, kind="incremental", parent=inc2.id, now=T0 + timedelta(3))
    assert inc3.found_by == "log"
    seen[inc3.id] = _facts(ledger)["invoices"]
    repo = Repository(dest)
    for sid, invoices in seen.items():
        restored = tmp_path / f"{sid}.sqlite"
        restore_snapshot(repo, sid, restored)
        assert _facts(restored)["invoices"] == invoices
        assert verify_snapshot(repo, sid).ok
