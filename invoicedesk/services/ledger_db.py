"""The open ledger database as the GUI's database thread needs it: a thin facade over store/.

The GUI never imports store/ (tests/test_layers.py enforces it). What its worker and start-up
need of the connection (close it, tell SQLite from PostgreSQL, the open file's path, a target
with its password hidden) and of the change feed (what a write changed; what other processes
commit) comes through here, unchanged.
"""

from __future__ import annotations

from pathlib import Path

from invoicedesk.core.changes import Changes
from invoicedesk.store import change_feed
from invoicedesk.store.change_feed import PgListener, SqliteWatcher
from invoicedesk.store.database import (
    StoreError,
    close_database,
    connection_lost,
    forget_connection,
    is_postgres_url,
    redact,
)
from invoicedesk.store.database import sqlite_path as _sqlite_path
from invoicedesk.store.models import database
from invoicedesk.store.writer_queue import WriterBusy

__all__ = [
    "PgListener",
    "SqliteWatcher",
    "StoreError",
    "WriterBusy",
    "close_database",
    "collect_changes",
    "connection_lost",
    "discard_changes",
    "forget_connection",
    "is_postgres_url",
    "open_sqlite_path",
    "redact",
    "take_changes",
]


def open_sqlite_path() -> Path | None:
    """The file of the SQLite ledger open on this thread; None for PostgreSQL or none open."""
    db = database.obj
    return _sqlite_path(db) if db is not None else None


def collect_changes() -> None:
    """From here on, note what this thread's audited writes change (see ``take_changes``)."""
    change_feed.collect()


def discard_changes() -> None:
    """Forget what was noted (the operation failed: its transaction rolled back)."""
    change_feed.discard()


def take_changes() -> Changes:
    """What this thread's writes changed since ``collect_changes``, as one notice."""
    return change_feed.take()
