"""Which backend a database is, the store's own error, and a consistent SQLite copy.

Below ``database`` (opening, which runs the migrations) and ``migrations`` (which needs these),
so that the two do not import each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
