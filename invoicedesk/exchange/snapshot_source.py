"""A stable view of the live SQLite ledger while a snapshot copies it, and its facts."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from invoicedesk.exchange.snapshot_manifest import SnapshotError
from invoicedesk.store import page_log
from invoicedesk.store.backends import ledger_facts


@dataclass
class Source:
    """The state being copied: its file (first ``page_count`` pages) and a connection reading
    that same state, for ``describe`` (which may run on another thread)."""

    path: Path
    page_size: int
    page_count: int
    conn: sqlite3.Connection
    # Pages changed since the parent snapshot as the page log knows them (None: it cannot say),
    # and the mark this snapshot left in the log ("" when none could be written).
    changed: set[int] | None = None
    mark: str = ""

    def describe(self) -> dict[str, Any]:
        return describe(self.conn)


def describe(conn: sqlite3.Connection) -> dict[str, Any]:
    """Row counts, audit head, schema version and the latest invoice of a SQLite ledger."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'invoice_fts%' ORDER BY name"
        )
    ]
    return ledger_facts(tables, lambda sql: conn.execute(sql).fetchone())


@contextlib.contextmanager
def consistent_source(
    db_path: Path, *, mark: str | None = None, since: str | None = None
) -> Iterator[Source]:
    """A stable view of the live database file for as long as the context is open.

    Holding the writer lock, the WAL's pages go to the page log and the WAL is checkpointed;
    when every frame was copied, a read transaction is opened: while it is open no checkpoint
    may copy newer pages into the main file, so the file's first ``page_count`` pages are
    exactly the committed state that transaction sees (writers keep working into the WAL). The
    snapshot's ``mark`` is logged at that point, and the pages logged since ``since`` (the
    parent's mark) are the source's ``changed``. When the WAL cannot be emptied (another process
    keeps reading), SQLite's online backup API makes a temporary copy instead.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise SnapshotError("not_found", "database", str(db_path))
    # Not tied to this thread: describe() runs beside the page copy (SQLite lets go of the GIL).
    conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None, check_same_thread=False)
    try:
        # A writer mid-transaction (maybe our own caller) must not stall the snapshot for long:
        # then the fallback copy below is taken instead.
        conn.execute("PRAGMA busy_timeout = 2000")
        changes = page_log.PageLog(db_path)
        for _ in range(5):
            try:
                with page_log.writer_lock(db_path, timeout=2.0):
                    if not changes.harvest(conn):
                        continue
                    conn.execute("BEGIN")
                    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
                    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
                    changed = changes.changed_since(since) if since else None
                    marked = mark if mark and changes.mark(mark) else ""
            except sqlite3.OperationalError:  # busy: another writer holds on
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                time.sleep(0.05)
                continue
            yield Source(db_path, page_size, page_count, conn, changed, marked)
            conn.execute("COMMIT")
            return
        with tempfile.TemporaryDirectory(prefix="invoicedesk-snap-") as tmp:
            copy = Path(tmp) / "copy.sqlite"
            target = sqlite3.connect(str(copy), check_same_thread=False)
            try:
                conn.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                page_size = int(target.execute("PRAGMA page_size").fetchone()[0])
                page_count = int(target.execute("PRAGMA page_count").fetchone()[0])
                yield Source(copy, page_size, page_count, target)
            finally:
                target.close()
    finally:
        conn.close()
