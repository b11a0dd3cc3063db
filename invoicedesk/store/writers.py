"""Writers that read before they write: one at a time, on both backends.

SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a time, so a check made inside the
transaction ("is this month locked?", "is this file stored already?") stays true until commit.
PostgreSQL's READ COMMITTED does not: two counters both see "not there yet" and the second one's
INSERT fails on the unique index (and aborts its whole transaction). ``serialize_writers()`` takes
the same transaction-level lock that ``audit.append`` takes, so the check and the write happen
while every other writer waits, as on SQLite. Where a plain upsert says it all, use the upsert.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

from invoicedesk.store.audit import _PG_AUDIT_LOCK
from invoicedesk.store.models import database


def serialize_writers() -> None:
    """Wait for every other writer; must run inside the write's transaction. No-op on SQLite."""
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("serialize_writers must run inside the write's transaction")
    if isinstance(db, PostgresqlDatabase):
        # The same key as the audit chain's: one lock order, no deadlock between the two.
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))


def for_update() -> None:
    """Before reading a row that the transaction will save back whole (a case's or an incident's
    flow): wait for the other writers, so that a change committed meanwhile is read, not lost.
    Outside a transaction (a plain read) it does nothing."""
    if database.obj.in_transaction():
        serialize_writers()


def inserted(query) -> bool:  # type: ignore[no-untyped-def]
    """Run an ``INSERT … ON CONFLICT DO NOTHING``; True when it added the row."""
    return bool(query.as_rowcount().execute())
