"""Start-up safety on real files: checks, the weekly full check, damage, migration snapshots."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import OperationalError

from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.services import backup_places, company, demo, session, startup
from invoicedesk.services.invoices import list_views, record_invoice
from invoicedesk.services.session import Person
from invoicedesk.services.system_checks import recent_checks
from invoicedesk.store.database import StoreError, close_database, open_database
from invoicedesk.store.migrations import LATEST
from tests import factories

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_database()


def _ledger(path: Path, count: int = 100) -> Path:
    open_database(path, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(count, "tester", seed=4)
    close_database()
    return path


def damage(path: Path) -> None:
    """Scribble over the invoice table's root page, as a failing disk would."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'invoice'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 64)


def break_an_index(path: Path) -> None:
    """Make an index disagree with its table: damage quick_check does not see (it skips index
    contents) and integrity_check does."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (a INTEGER, b INTEGER)")
    conn.executemany("INSERT INTO scratch VALUES (?, ?)", [(i, 1000 - i) for i in range(200)])
    conn.execute("CREATE INDEX scratch_a ON scratch (a)")
    conn.commit()
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX scratch_a ON scratch (b)' "
        "WHERE name = 'scratch_a'"
    )
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_failed_background_full_check_makes_the_next_start_open_read_only(
    tmp_path: Path,
) -> None:
    path = _ledger(tmp_path / "ledger.sqlite")
    break_an_index(path)
    first = startup.open_checked(str(path), "tester", full_in_background=True)
    assert first.ok and not first.read_only and not first.full_check and first.full_check_due
    result = startup.full_check(str(path))  # what the app runs on a thread of its own
    assert not result.ok and "已损坏" in str(result.message)
    startup.record_full_check(result, "tester")
    close_database()
    second = startup.open_checked(str(path), "tester", full_in_background=True)
    assert second.read_only and second.full_check and not second.full_check_due
    assert "只读" in second.text


def test_quick_check_every_start_full_check_weekly(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "ledger.sqlite")
    first = startup.open_checked(str(path), "tester")
    assert first.ok and not first.read_only and first.full_check
    close_database()
    second = startup.open_checked(str(path), "tester")
    assert second.ok and not second.full_check
    names = [(c.name, c.source) for c in recent_checks()]
    assert names.count(("database", "startup")) == 2
    assert names.count((startup.FULL_CHECK_NAME, "startup")) == 1


def test_a_damaged_database_opens_read_only_and_refuses_writes(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "ledger.sqlite")
    damage(path)
    report = startup.open_checked(str(path), "tester")
    assert not report.ok and report.read_only
    assert "已损坏" in report.text and "只读" in report.text and "备份恢复" in report.text
    before = path.read_bytes()
    with pytest.raises(OperationalError, match=r"readonly|read-only|attempt to write"):
        record_invoice(factories.draft(9001), "tester", today=factories.TODAY)
    assert path.read_bytes() == before


def test_a_pending_migration_is_preceded_by_a_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(DATA / f"schema_v{LATEST - 1}.sqlite", path)
    usb = tmp_path / "usb"
    usb.mkdir()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO setting(key, value) VALUES (?, ?)",
        (backup_places.DESTINATIONS_KEY, json.dumps([{"path": str(usb), "label": ""}])),
    )
    conn.commit()
    conn.close()
    report = startup.open_checked(str(path), "tester")
    assert report.ok and report.migrated == [LATEST]
    [sid] = Repository(usb).snapshot_ids()
    manifest = Repository(usb).load(sid)
    assert manifest.reason == "migration" and manifest.schema_version == LATEST - 1
    session.sign_in_as(Person("王店长", "owner"))  # its ledger has accounts (schema_v8 on)
    assert list_views() is not None


def test_a_file_that_is_no_database_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"not a database " * 500)
    with pytest.raises(StoreError, match="备份恢复"):
        startup.open_checked(str(path), "tester")
