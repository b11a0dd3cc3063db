"""Which backend a database is, the store's own error, and a consistent SQLite copy.

Below ``database`` (opening, which runs the migrations) and ``migrations`` (which needs these),
so that the two do not import each other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peewee import Database, SqliteDatabase

from invoicedesk.core.i18n import Message


class StoreError(Exception):
    """A known problem with the database itself, worded for the user."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def sqlite_path(db: Database) -> Path | None:
    return Path(db.database) if is_sqlite(db) else None


def sqlite_backup(db: Database, destination: Path) -> None:
    """A consistent copy of a live SQLite database (stdlib online backup API)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(str(destination))
    try:
        db.connection().backup(target)
    finally:
        target.close()


def ledger_facts(tables: list[str], one: Callable[[str], Any]) -> dict[str, Any]:
    """Row counts, audit head, schema version and latest invoice of a ledger with ``tables``,
    read with ``one(sql)`` (the first row, or None): the same keys for SQLite and PostgreSQL,
    which backup manifests record and verification compares."""
    counts = {t: int(one('SELECT count(*) FROM "' + t.replace('"', '""') + '"')[0]) for t in tables}
    head, entries = "0" * 64, 0
    if "audit_entry" in tables:
        row = one("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
        if row:
            entries, head = int(row[0]), str(row[1])
    version = 0
    if "schema_version" in tables:
        version = int(one("SELECT max(version) FROM schema_version")[0] or 0)
    latest: dict[str, Any] = {}
    if "invoice" in tables:
        row = one(
            "SELECT code, number, issue_date, buyer_name, total_fen FROM invoice "
            "ORDER BY issue_date DESC, id DESC LIMIT 1"
        )
        first = one("SELECT min(issue_date), max(issue_date) FROM invoice")
        if row:
            latest = {
                "code": row[0],
                "number": row[1],
                "issue_date": str(row[2]),
                "buyer_name": row[3],
                "total_fen": int(row[4]),
                "first_date": str(first[0]),
                "last_date": str(first[1]),
            }
    return {
        "row_counts": counts,
        "audit_head": head,
        "audit_entries": entries,
        "schema_version": version,
        "latest_invoice": latest,
    }
