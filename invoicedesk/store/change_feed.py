"""Change notices: what this process wrote, and what other processes wrote meanwhile.

- In this process: ``audit.append``/``append_many`` call ``noted`` for each entry, inside the
  write's transaction. ``take()`` hands the thread's notes over as one ``Changes`` (the GUI worker
  takes them after each operation and broadcasts them; a failed operation's notes are dropped).
- PostgreSQL: ``noted`` also sends ``pg_notify`` on CHANNEL in the same transaction, so the
  notice goes out exactly when (and only if) the write commits. The payload is the entry's
  ``Changes`` as JSON, with this process's ``ORIGIN`` so it can skip its own; a payload over
  ``MAX_PAYLOAD`` bytes says "reload". ``PgListener`` receives them on a connection of its own.
- SQLite: ``SqliteWatcher.poll`` asks ``PRAGMA data_version`` (one cheap statement, no table
  read); when another connection committed, it reads the audit entries added since it last
  looked and turns them into one ``Changes``.
"""

from __future__ import annotations

import os
import select
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from peewee import PostgresqlDatabase, SqliteDatabase

from invoicedesk.core.changes import MAX_PAYLOAD, Changes

CHANNEL = "invoicedesk_changes"
# Who this process is, in every notice it sends (a notice from ORIGIN is our own).
ORIGIN = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

_local = threading.local()
# (SQLite file, audit id) this process wrote: the watcher does not announce them a second time.
_own_ids: set[tuple[str, int]] = set()
_own_lock = threading.Lock()
_watching = False  # a SqliteWatcher exists in this process: remember own audit ids for it


def _notes() -> list[Changes]:
    notes: list[Changes] | None = getattr(_local, "notes", None)
    if notes is None:
        notes = _local.notes = []
    return notes


def noted(db: Any, seq: int, entity: str, entity_id: str, actor: str, ts: str) -> None:
    """One audit entry written (inside its transaction): remember it, and tell other processes."""
    change = Changes.from_entry(entity, entity_id, actor, ts)
    _note(db, change, (seq,))


def noted_many(
    db: Any, seqs: range, entity: str, entity_ids: Iterable[str], actor: str, ts: str
) -> None:
    ids = list(entity_ids)
    if not ids:
        return
    change = Changes.from_entry(entity, ids[0], actor, ts)
    name = next(
        (n for n in ("invoices", "requests", "incidents", "cases") if getattr(change, n)), ""
    )
    if name and len(ids) > 1:
        try:
            values = tuple(dict.fromkeys(int(i) for i in ids))
        except ValueError:
            change = Changes.everything(by=actor, at=ts)
        else:
            change = replace(change, **{name: values})  # type: ignore[arg-type]
    _note(db, change, seqs)


def _note(db: Any, change: Changes, seqs: Iterable[int]) -> None:
    if getattr(_local, "collecting", False):  # only where someone takes them (the GUI worker)
        _notes().append(change)
    if isinstance(db, SqliteDatabase) and _watching:
        where = os.path.realpath(db.database)
        with _own_lock:
            _own_ids.update((where, seq) for seq in seqs)
    elif isinstance(db, PostgresqlDatabase):
        payload = _with_origin(change).to_json(origin=True, limit=MAX_PAYLOAD)
        db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


def _with_origin(change: Changes) -> Changes:
    return replace(change, origin=ORIGIN)


def collect() -> None:
    """Keep this thread's notes from now on, for ``take`` (the GUI worker's thread)."""
    _local.collecting = True


def take() -> Changes:
    """This thread's notes since the last ``take``, as one ``Changes`` (empty when none)."""
    notes = _notes()
    if not notes:
        return Changes()
    total = notes[0]
    for more in notes[1:]:
        total = total.merge(more)
    notes.clear()
    return total


def discard() -> None:
    """Forget this thread's notes (the operation failed; its transaction rolled back)."""
    _notes().clear()


def is_own(where: str, seq: int) -> bool:
    with _own_lock:
        if (where, seq) in _own_ids:
            _own_ids.discard((where, seq))
            return True
    return False


# ---------------------------------------------------------------- SQLite: PRAGMA data_version


def _audit_table() -> str:
    from invoicedesk.store.models import AuditEntry

    return str(AuditEntry._meta.table_name)


class SqliteWatcher:
    """``poll()`` returns what other connections committed since the last poll, or None: one
    ``PRAGMA data_version`` when nothing changed. It keeps a read-only connection of its own
    (data_version is per connection, and the ledger's connection may be reopened)."""

    def __init__(self, path: str | Path) -> None:
        global _watching
        _watching = True
        self.path = str(path)
        self.where = os.path.realpath(path)
        self.conn = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        self.conn.execute("PRAGMA busy_timeout = 5000")
        self.version = self._version()
        self.last_seq = self._head()

    def _version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _head(self) -> int:
        row = self.conn.execute(f'SELECT MAX(id) FROM "{_audit_table()}"').fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self.conn.close()

    def poll(self) -> Changes | None:
        version = self._version()
        if version == self.version:
            return None
        self.version = version
        return self._since()

    def _since(self) -> Changes | None:
        rows = self.conn.execute(
            f'SELECT id, entity, entity_id, actor, ts FROM "{_audit_table()}" '
            "WHERE id > ? ORDER BY id",
            (self.last_seq,),
        ).fetchall()
        if not rows:
            if self._head() < self.last_seq:  # the file was replaced (a restore elsewhere)
                self.last_seq = self._head()
                return Changes.everything()
            return None
        self.last_seq = int(rows[-1][0])
        total: Changes | None = None
        for seq, entity, entity_id, actor, ts in rows:
            if is_own(self.where, int(seq)):
                continue
            change = Changes.from_entry(entity, entity_id, actor, ts)
            total = change if total is None else total.merge(change)
        return total


# ---------------------------------------------------------------- PostgreSQL: LISTEN


class PgListener:
    """A connection of its own that LISTENs on CHANNEL. ``wait(timeout)`` returns the notices
    other processes committed (own ones skipped unless ``include_own``)."""

    def __init__(self, url: str, *, include_own: bool = False) -> None:
        import psycopg2

        parts = urlsplit(url)
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        self.conn = psycopg2.connect(
            dbname=unquote(parts.path.lstrip("/")) or "postgres",
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            **params,
        )
        self.conn.autocommit = True
        self.include_own = include_own
        with self.conn.cursor() as cur:
            cur.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        return int(self.conn.fileno())

    def wait(self, timeout: float) -> list[Changes]:
        if not self.conn.notifies:
            ready, _, _ = select.select([self.conn], [], [], timeout)
            if not ready:
                return []
        self.conn.poll()
        out: list[Changes] = []
        while self.conn.notifies:
            notice = self.conn.notifies.pop(0)
            try:
                change = Changes.from_json(notice.payload)
            except (ValueError, TypeError):
                change = Changes.everything()
            if change.origin == ORIGIN and not self.include_own:
                continue
            out.append(change)
        return out

    def close(self) -> None:
        self.conn.close()
