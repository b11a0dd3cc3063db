"""Schema versions: fresh databases, upgrades of files saved by older versions, pragmas."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import verify_audit
from invoicedesk.store import migrations
from invoicedesk.store.database import (
    LedgerUnreachable,
    StoreError,
    close_database,
    open_database,
)
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice, SchemaVersion, database

DATA = Path(__file__).resolve().parent.parent / "data"


def schema_of(path: Path) -> dict[str, list[str]]:
    """Tables, columns, indexes and triggers, as SQLite reports them."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'invoice_fts_%'"
            )
        ]
        schema = {"objects": names}
        for table in tables:
            schema[table] = [
                f"{r[1]}:{r[2]}:{r[3]}" for r in conn.execute(f"PRAGMA table_info('{table}')")
            ]
        return schema
    finally:
        conn.close()


def test_fresh_database_is_at_the_latest_version(db: str) -> None:
    assert migrations.current_version(database.obj) == migrations.LATEST
    # A new database is created at the latest version in one step.
    assert [v.version for v in SchemaVersion.select()] == [migrations.LATEST]
    assert migrations.upgrade(database.obj) == []
    assert verify_audit().ok


def test_sqlite_runs_wal_full_sync_and_foreign_keys(sqlite_db: str) -> None:
    db = database.obj
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


SAVED_VERSIONS = sorted(int(p.stem.removeprefix("schema_v")) for p in DATA.glob("schema_v*.sqlite"))


def test_every_schema_version_has_a_saved_database() -> None:
    assert list(range(1, migrations.LATEST + 1)) == SAVED_VERSIONS


@pytest.mark.parametrize("version", SAVED_VERSIONS)
def test_upgrade_a_database_saved_by_an_older_version(tmp_path: Path, version: int) -> None:
    source = DATA / f"schema_v{version}.sqlite"
    target = tmp_path / "old.sqlite"
    shutil.copy(source, target)
    open_database(target)
    try:
        assert migrations.current_version(database.obj) == migrations.LATEST
        backups = list(tmp_path.glob(f"old.sqlite.v{version}-*.bak"))
        assert len(backups) == (version < migrations.LATEST)  # only before an upgrade
        for backup in backups:  # the untouched old database
            conn = sqlite3.connect(backup)
            assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == version
            conn.close()
        if version >= 8:  # saved with accounts: the reads below need someone signed in
            from invoicedesk.services import accounts, session

            assert session.accounts_exist()
            session.sign_in_as(accounts.sign_in("张三", "secret-clerk"))
        rows = svc.list_invoices(limit=100).rows
        # v9 adds an invoice recorded with an idempotency key (the outbox's).
        assert len(rows) == {1: 3, 9: 5}.get(version, 4)
        keyed = [i.client_key for i in Invoice.select().where(Invoice.client_key.is_null(False))]
        assert keyed == (["0f9c2a7e5b4d4c1e8a3f6b2d9e7c1a05"] if version >= 9 else [])
        if version >= 4:  # requests arrived with version 4
            from invoicedesk.store.counter_models import InvoiceRequest

            keys = [r.client_key for r in InvoiceRequest.select().order_by(InvoiceRequest.id)]
            assert keys[-1] == ("7d3e1b9a4c2f4e6a8b0c5d7e9f1a3b2c" if version >= 9 else None)
        assert svc.ledger_totals(InvoiceFilter(period="2026-09")).count == 3
        assert svc.list_invoices(InvoiceFilter(text="百度网讯")).rows  # old rows are searchable
        assert svc.list_invoices(InvoiceFilter(text="北京")).rows
        assert verify_audit().ok
    finally:
        close_database()
    fresh = tmp_path / "fresh.sqlite"
    open_database(fresh)
    close_database()
    assert schema_of(target) == schema_of(fresh), "a model changed without a migration"


def test_a_database_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    open_database(target)
    SchemaVersion.create(version=migrations.LATEST + 1, applied_at="2030-01-01")
    close_database()
    with pytest.raises(StoreError) as caught:
        open_database(target)
    assert "升级" in str(caught.value)
    close_database()


def test_an_unreachable_postgres_gives_a_clear_message() -> None:
    with pytest.raises(StoreError) as caught:
        open_database("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    # Not answering is said as such (the app may then open it offline: test_outbox_offline).
    assert isinstance(caught.value, LedgerUnreachable)
    assert "连不上台账服务器" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_cases_arrive_on_a_version_4_database_with_its_request(tmp_path: Path) -> None:
    from invoicedesk.services import case_links, cases, incident_register, requests
    from invoicedesk.services.errors import NotAllowed
    from invoicedesk.services.incident_views import AffectedBuyer

    target = tmp_path / "v4.sqlite"
    shutil.copy(DATA / "schema_v4.sqlite", target)
    open_database(target)
    try:
        [old_request] = requests.list_requests("open")
        view = cases.open_case(
            old_request.buyer_name, "一直没收到发票", "phone", "tester",
            phone=old_request.phone, request_ids=[old_request.id],
        )  # fmt: skip
        assert [link.kind for link in view.links] == ["request"]
        assert view.phone == "13800000001"
        [drill] = incident_register.open_incidents()
        buyer = AffectedBuyer(
            old_request.buyer_name, "13800000001", "", (), old_request.total, False
        )
        with pytest.raises(NotAllowed):  # the saved incident is a drill: no real case from it
            case_links.open_case_from_incident(drill.id, buyer, "tester")
        assert cases.list_cases().total == 1
        assert verify_audit().ok
    finally:
        close_database()
