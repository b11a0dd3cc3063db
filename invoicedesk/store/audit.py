"""The audit chain: every write appends one entry in the same transaction as the change.

Each entry's hash is SHA-256 over a canonical serialisation of the entry, including its sequence
number and the previous entry's hash, so editing, deleting or reordering any entry in the database
file breaks the chain at that entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from peewee import PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import change_feed
from invoicedesk.store.models import GENESIS_HASH, AuditEntry, database

# Any constant works: it names the lock that serialises appends across PostgreSQL sessions.
_PG_AUDIT_LOCK = 0x1D5E_A0D1


def canonical(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(
    seq: int,
    ts: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    payload = canonical(
        {
            "seq": seq,
            "ts": ts,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    actor: str,
    action: str,
    entity: str,
    entity_id: object = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add the next link. Must run inside the write's transaction."""
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("audit.append must run inside the write's transaction")
    if isinstance(db, PostgresqlDatabase):
        # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs a lock so that
        # two counters never read the same head.
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
    head = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    seq = head.id + 1 if head else 1
    prev = head.hash if head else GENESIS_HASH
    ts = clock.stamp()
    before_text = canonical(before) if before is not None else None
    after_text = canonical(after) if after is not None else None
    eid = str(entity_id)
    digest = _digest(seq, ts, actor, action, entity, eid, before_text, after_text, prev)
    entry = AuditEntry.create(
        id=seq,
        ts=ts,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=eid,
        before=before_text,
        after=after_text,
        prev_hash=prev,
        hash=digest,
    )
    change_feed.noted(db, seq, entity, eid, actor, ts)
    return entry


def append_many(
    actor: str,
    action: str,
    entity: str,
    items: Iterable[tuple[object, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> int:
    """Add one link per (entity_id, before, after), in order, at one moment: what ``append``
    would write for each in turn, in one statement per thousand. Must run inside the write's
    transaction. Returns how many were added."""
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("audit.append_many must run inside the write's transaction")
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
    head = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    seq = head.id if head else 0
    prev = head.hash if head else GENESIS_HASH
    ts = clock.stamp()
    rows: list[tuple[Any, ...]] = []
    for entity_id, before, after in items:
        seq += 1
        before_text = canonical(before) if before is not None else None
        after_text = canonical(after) if after is not None else None
        eid = str(entity_id)
        digest = _digest(seq, ts, actor, action, entity, eid, before_text, after_text, prev)
        rows.append((seq, ts, actor, action, entity, eid, before_text, after_text, prev, digest))
        prev = digest
    names = ("id", "ts", "actor", "action", "entity", "entity_id", "before", "after")
    fields = ", ".join(f'"{name}"' for name in (*names, "prev_hash", "hash"))
    marks = ", ".join(db.param for _ in range(10))
    sql = f'INSERT INTO "{AuditEntry._meta.table_name}" ({fields}) VALUES ({marks})'
    cursor = db.cursor()
    for start in range(0, len(rows), 1000):
        cursor.executemany(sql, rows[start : start + 1000])
    if rows:
        seqs = range(rows[0][0], rows[-1][0] + 1)
        change_feed.noted_many(db, seqs, entity, (r[5] for r in rows), actor, ts)
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head: str
    first_broken: int | None = None
    problem: Message | None = None


def _broken(entries: int, head: str, seq: int, source: str, **params: Any) -> ChainReport:
    return ChainReport(False, entries, head, seq, Message("Audit", source, {"seq": seq, **params}))


def verify(batch: int = 5000) -> ChainReport:
    """Walk the chain in order and name the first entry that does not hold."""
    prev = GENESIS_HASH
    expected = 1
    count = 0
    for row in _rows(batch):
        seq, ts, actor, action, entity, eid, before, after, prev_hash, digest = row
        if seq != expected:
            return _broken(
                count,
                prev,
                expected,
                QT_TRANSLATE_NOOP("Audit", "审计记录第{seq}条缺失（链在此处断开）"),
            )
        if prev_hash != prev:
            return _broken(
                count, prev, seq, QT_TRANSLATE_NOOP("Audit", "审计记录第{seq}条与上一条的链接不符")
            )
        if _digest(seq, ts, actor, action, entity, eid, before, after, prev_hash) != digest:
            return _broken(
                count, prev, seq, QT_TRANSLATE_NOOP("Audit", "审计记录第{seq}条的内容已被改动")
            )
        prev = digest
        expected += 1
        count += 1
    return ChainReport(True, count, prev)


def _rows(batch: int) -> Iterator[tuple[Any, ...]]:
    # Keyset pages keep memory flat at millions of entries without a long-lived cursor.
    last = 0
    fields = (
        AuditEntry.id,
        AuditEntry.ts,
        AuditEntry.actor,
        AuditEntry.action,
        AuditEntry.entity,
        AuditEntry.entity_id,
        AuditEntry.before,
        AuditEntry.after,
        AuditEntry.prev_hash,
        AuditEntry.hash,
    )
    while True:
        query = AuditEntry.select(*fields).where(AuditEntry.id > last).order_by(AuditEntry.id)
        rows: list[tuple[Any, ...]] = list(cast(Any, query.limit(batch).tuples()))
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def head() -> str:
    entry = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    return entry.hash if entry else GENESIS_HASH


def history(entity: str, entity_id: object) -> list[AuditEntry]:
    return list(
        AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == str(entity_id)))
        .order_by(AuditEntry.id)
    )
