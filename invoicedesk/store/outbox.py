"""The counter's outbox: saves made while the ledger's server could not be reached.

A small SQLite file of its own (beside the user's data, not in the ledger: the ledger is what
cannot be reached), written with ``synchronous=FULL`` so that nothing typed is lost if the app is
closed or the machine stops while offline. Entries are kept per ledger, in the order they were
saved; each carries the idempotency key its replay records with. An entry the ledger refused on
replay (a number someone else recorded meanwhile) stays as a conflict, with its reason.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PENDING = "pending"
CONFLICT = "conflict"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger TEXT NOT NULL,
    kind TEXT NOT NULL,
    client_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    actor TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    reason TEXT NOT NULL DEFAULT '',
    existing_id INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_entry_ledger_state ON outbox_entry (ledger, state, seq);
"""


@dataclass(frozen=True)
class Entry:
    seq: int
    ledger: str
    kind: str
    client_key: str
    payload: dict[str, Any]
    actor: str
    queued_at: str
    state: str
    reason: dict[str, Any]  # a Message as JSON (context, source, params): translated when shown
    existing_id: int | None


_COLUMNS = "seq, ledger, kind, client_key, payload, actor, queued_at, state, reason, existing_id"


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(
        seq=row[0],
        ledger=row[1],
        kind=row[2],
        client_key=row[3],
        payload=json.loads(row[4]),
        actor=row[5],
        queued_at=row[6],
        state=row[7],
        reason=json.loads(row[8]) if row[8] else {},
        existing_id=row[9],
    )


class Outbox:
    """One outbox file. Safe to share between threads (one connection behind a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def add(
        self,
        ledger: str,
        kind: str,
        client_key: str,
        payload: dict[str, Any],
        actor: str,
        queued_at: str,
    ) -> Entry:
        """Keep one save; the same key twice keeps the first (a save retried is one entry)."""
        with self._lock:
            self._conn.execute(
                "INSERT INTO outbox_entry (ledger, kind, client_key, payload, actor, queued_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_key) DO NOTHING",
                (
                    ledger,
                    kind,
                    client_key,
                    json.dumps(payload, ensure_ascii=False),
                    actor,
                    queued_at,
                ),
            )
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM outbox_entry WHERE client_key = ?", (client_key,)
            ).fetchone()
        return _entry(row)

    def entries(self, ledger: str, state: str | None = None) -> list[Entry]:
        """The ledger's entries in the order they were saved (one state, or all)."""
        sql = f"SELECT {_COLUMNS} FROM outbox_entry WHERE ledger = ?"
        params: tuple[Any, ...] = (ledger,)
        if state is not None:
            sql += " AND state = ?"
            params += (state,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY seq", params).fetchall()
        return [_entry(r) for r in rows]

    def count(self, ledger: str, state: str, *, skip_kind: str = "") -> int:
        """How many entries of the ledger are in ``state`` (``skip_kind``: not counting those)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT count(*) FROM outbox_entry WHERE ledger = ? AND state = ? AND kind != ?",
                (ledger, state, skip_kind),
            ).fetchone()
        return int(row[0])

    def replace(
        self,
        seq: int,
        kind: str,
        client_key: str,
        payload: dict[str, Any],
        actor: str,
        queued_at: str,
    ) -> Entry:
        """Put a new entry in place of entry ``seq``, at once: never both, never neither."""
        with self._lock:
            ledger = self._conn.execute(
                "SELECT ledger FROM outbox_entry WHERE seq = ?", (seq,)
            ).fetchone()[0]
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute("DELETE FROM outbox_entry WHERE seq = ?", (seq,))
                self._conn.execute(
                    "INSERT INTO outbox_entry (ledger, kind, client_key, payload, actor, "
                    "queued_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_key) DO NOTHING",
                    (
                        ledger,
                        kind,
                        client_key,
                        json.dumps(payload, ensure_ascii=False),
                        actor,
                        queued_at,
                    ),
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM outbox_entry WHERE client_key = ?", (client_key,)
            ).fetchone()
        return _entry(row)

    def remove(self, seq: int) -> None:
        """The entry reached the ledger (or its conflict was resolved): forget it."""
        with self._lock:
            self._conn.execute("DELETE FROM outbox_entry WHERE seq = ?", (seq,))

    def mark_conflict(self, seq: int, reason: dict[str, Any], existing_id: int | None) -> None:
        with self._lock:
            self._conn.execute(
                "UPDATE outbox_entry SET state = ?, reason = ?, existing_id = ? WHERE seq = ?",
                (CONFLICT, json.dumps(reason, ensure_ascii=False), existing_id, seq),
            )
