"""Numbered schema migrations. The database records each applied version in ``schema_version``.

Rules: never edit a released migration; add the next number. Before upgrading an existing SQLite
database a backup is written beside it. Every version has a database file saved by it under
tests/data and a test that upgrades it.

Migration 1 creates the tables from the models. When a later version changes a model, freeze the
old definition here for migration 1 and write the change as a new migration; the test comparing a
fresh schema with an upgraded v1 file catches a model changed without one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from peewee import Database, PostgresqlDatabase

from invoicedesk.core.clock import utc_stamp
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import audit
from invoicedesk.store.database import StoreError, is_sqlite, sqlite_backup
from invoicedesk.store.models import ALL_MODELS, SchemaVersion


def _v1_tables(db: Database) -> None:
    db.create_tables(ALL_MODELS)


_FTS_SQLITE = [
    # External content: the index stores only trigrams, the text stays in invoice.
    """CREATE VIRTUAL TABLE invoice_fts USING fts5(
        number, code, buyer_name, buyer_tax_id,
        content='invoice', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER invoice_fts_ai AFTER INSERT ON invoice BEGIN
        INSERT INTO invoice_fts(rowid, number, code, buyer_name, buyer_tax_id)
        VALUES (new.id, new.number, new.code, new.buyer_name, new.buyer_tax_id);
    END""",
    """CREATE TRIGGER invoice_fts_ad AFTER DELETE ON invoice BEGIN
        INSERT INTO invoice_fts(invoice_fts, rowid, number, code, buyer_name, buyer_tax_id)
        VALUES ('delete', old.id, old.number, old.code, old.buyer_name, old.buyer_tax_id);
    END""",
    """CREATE TRIGGER invoice_fts_au AFTER UPDATE OF number, code, buyer_name, buyer_tax_id
        ON invoice BEGIN
        INSERT INTO invoice_fts(invoice_fts, rowid, number, code, buyer_name, buyer_tax_id)
        VALUES ('delete', old.id, old.number, old.code, old.buyer_name, old.buyer_tax_id);
        INSERT INTO invoice_fts(rowid, number, code, buyer_name, buyer_tax_id)
        VALUES (new.id, new.number, new.code, new.buyer_name, new.buyer_tax_id);
    END""",
    "INSERT INTO invoice_fts(invoice_fts) VALUES ('rebuild')",
]

_TRGM_PG = [
    "CREATE INDEX IF NOT EXISTS invoice_number_trgm ON invoice USING gin (number gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS invoice_buyer_name_trgm ON invoice "
    "USING gin (buyer_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS invoice_buyer_tax_id_trgm ON invoice "
    "USING gin (buyer_tax_id gin_trgm_ops)",
]


def _v2_search_index(db: Database) -> None:
    """Substring search that stays fast at a million invoices."""
    if is_sqlite(db):
        for statement in _FTS_SQLITE:
            db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        # pg_trgm ships with PostgreSQL; without the right to create it, ILIKE still works.
        db.execute_sql("SAVEPOINT trgm")
        try:
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in _TRGM_PG:
                db.execute_sql(statement)
            db.execute_sql("RELEASE SAVEPOINT trgm")
        except Exception:
            db.execute_sql("ROLLBACK TO SAVEPOINT trgm")


MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: _v1_tables,
    2: _v2_search_index,
}
LATEST = max(MIGRATIONS)


def current_version(db: Database) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def backup_before_upgrade(db: Database, version: int) -> Path | None:
    """Copy an existing SQLite database aside before changing its schema."""
    if not is_sqlite(db) or db.database == ":memory:":
        return None
    source = Path(db.database)
    stamp = utc_stamp().replace(":", "").replace("-", "")[:15]
    target = source.with_name(f"{source.name}.v{version}-{stamp}.bak")
    sqlite_backup(db, target)
    return target


def upgrade(db: Database, *, target: int = LATEST, actor: str = "system") -> list[int]:
    """Apply every pending migration up to ``target``; returns the versions applied."""
    current = current_version(db)
    if current > LATEST:
        raise StoreError(
            Message(
                "Store",
                QT_TRANSLATE_NOOP(
                    "Store", "数据库版本（{found}）比本程序新（{known}），请升级发票台账助手"
                ),
                {"found": current, "known": LATEST},
            )
        )
    if current >= target:
        return []
    if current > 0:
        backup_before_upgrade(db, current)
    applied = []
    for version in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[version](db)
            SchemaVersion.create(version=version, applied_at=utc_stamp())
            audit.append(
                actor,
                "schema.migrate",
                "schema",
                version,
                {"version": version - 1},
                {"version": version},
            )
        applied.append(version)
    return applied
