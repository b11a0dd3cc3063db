"""The audit chain: every write appends one entry in the same transaction as the change.

Each entry's hash is SHA-256 over a canonical serialisation of the entry, including its sequence
number and the previous entry's hash, so editing, deleting or reordering any entry in the database
file breaks the chain at that entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from peewee import PostgresqlDatabase, fn

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import change_feed, pg_copy
from invoicedesk.store.backends import StoreError
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


# Who is signed in, when someone is (set by services.session): every entry carries that person,
# whatever name the caller passed (the window's start-up user, a script's --user).
_signed_in: Callable[[], str | None] | None = None


def follow_signed_in(provider: Callable[[], str | None] | None) -> None:
    """Let ``provider`` name the person every entry is written for (None: the caller's actor)."""
    global _signed_in
    _signed_in = provider


def _acting(actor: str) -> str:
    name = _signed_in() if _signed_in is not None else None
    return name or actor


# A PostgreSQL restore opens a NEW database and leaves the old one on the server. Its last
# entry then says where the ledger went: every later write there is refused (the other counters
# and scripts must not go on recording into a ledger nobody reads), and every start follows it
# (services/startup.py). Read from the head each append reads anyway: no extra query.
REPLACED = "ledger.replaced"
REPLACE_UNDONE = "ledger.replace_undone"  # the new database would not open: the switch undone


class LedgerReplaced(StoreError):
    """A write into a ledger whose restore put a new database in its place."""

    def __init__(self, database_name: str, actor: str, ts: str) -> None:
        self.database_name, self.actor, self.ts = database_name, actor, ts
        super().__init__(
            Message(
                "Store",
                QT_TRANSLATE_NOOP(
                    "Store",
                    "这个台账已于 {time} 由 {actor} 从备份恢复为新数据库 {database}，这里不再记录，"
                    "刚才的内容没有保存。请关闭发票台账助手后重新打开：它会打开新数据库。",
                ),
                {
                    "time": clock.to_local(ts).strftime("%Y-%m-%d %H:%M"),
                    "actor": actor,
                    "database": database_name,
                },
            )
        )


def replaced_by() -> str | None:
    """The database a restore put in place of the open ledger, or None (the usual case)."""
    refused = replacement()
    if refused is None:
        return None
    return refused.database_name or None


def replacement() -> LedgerReplaced | None:
    """What a write into the open ledger would be refused with, if a restore replaced it."""
    head = AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id.desc()).first()
    return _replaced(head)


def _replaced(head: AuditEntry | None) -> LedgerReplaced | None:
    if head is None or head.action != REPLACED:
        return None
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    name = str(json.loads(entry.after or "{}").get("database", ""))
    return LedgerReplaced(name, entry.actor, entry.ts)


def _refuse_if_replaced(head: AuditEntry | None, action: str) -> None:
    refused = _replaced(head) if action != REPLACE_UNDONE else None
    if refused is not None:
        raise refused


def append(
    actor: str,
    action: str,
    entity: str,
    entity_id: object = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add the next link. Must run inside the write's transaction."""
    actor = _acting(actor)
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("audit.append must run inside the write's transaction")
    if isinstance(db, PostgresqlDatabase):
        # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs a lock so that
        # two counters never read the same head.
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
    head = (
        AuditEntry.select(AuditEntry.id, AuditEntry.hash, AuditEntry.action)
        .order_by(AuditEntry.id.desc())
        .first()
    )
    _refuse_if_replaced(head, action)
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
    actor = _acting(actor)
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("audit.append_many must run inside the write's transaction")
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
    head = (
        AuditEntry.select(AuditEntry.id, AuditEntry.hash, AuditEntry.action)
        .order_by(AuditEntry.id.desc())
        .first()
    )
    _refuse_if_replaced(head, action)
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
    columns = (*names, "prev_hash", "hash")
    table = AuditEntry._meta.table_name
    if pg_copy.usable(db):
        for start in range(0, len(rows), 5000):
            pg_copy.copy_rows(db, table, columns, rows[start : start + 5000])
    else:
        fields = ", ".join(f'"{name}"' for name in columns)
        marks = ", ".join(db.param for _ in range(10))
        sql = f'INSERT INTO "{table}" ({fields}) VALUES ({marks})'
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


def verify(batch: int = 5000, progress: Callable[[int], None] | None = None) -> ChainReport:
    """Walk the chain in order and name the first entry that does not hold."""
    prev = GENESIS_HASH
    expected = 1
    count = 0
    for row in _rows(batch):
        if progress is not None and count % batch == 0:
            progress(count)
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


# --- Tamper evidence that covers the data -------------------------------------------------------
#
# Every audited write of an invoice, a request, a month lock or a setting stores the record's
# after-image: either the whole ``after`` (the actions below) or ``after["image"]`` (null: the
# app removed the row). Entries written before images were kept everywhere hold only the changed
# fields: those are folded into the last whole image.

# Actions whose ``after`` is the record's whole after-image.
IMAGE_ACTIONS = frozenset({"invoice.create", "request.create", "period.lock", "setting.change"})
# Actions that remove the row (older entries of these have no ``image: null``).
GONE_ACTIONS = frozenset({"period.unlock"})
# The records compared with their newest after-image (entity names as the log writes them).
TRACKED_ENTITIES = ("invoice", "request", "period", "setting")
GONE = b"gone"  # the newest image says the app removed the row


def _fingerprint(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def fingerprint(image: Mapping[str, Any]) -> bytes:
    """A short digest of an image's canonical text (the comparison's fast path)."""
    return _fingerprint(canonical(image))


class FingerprintLog:
    """Log many new rows (demo data) as one entry per ``batch`` rows holding each row's
    fingerprint: verify still names every row changed later, and the log stays small. Rows are
    added in id order, as they are written (no read back); ``close`` logs the last part."""

    def __init__(self, actor: str, entity: str, batch: int = 20000) -> None:
        self.actor, self.entity, self.batch = actor, entity, batch
        self.count = 0
        self._chunk: dict[str, str] = {}
        self._first = self._last = 0

    def add(self, row_id: int, image: Mapping[str, Any]) -> None:
        self.add_digests(((row_id, fingerprint(image)),))

    def add_digests(self, digests: Iterable[tuple[int, bytes]]) -> None:
        """Rows whose ``fingerprint`` the caller computed (while the database was busy)."""
        for row_id, digest in digests:
            if not self._chunk:
                self._first = row_id
            self._chunk[str(row_id)] = digest.hex()
            self._last = row_id
            self.count += 1
            if len(self._chunk) >= self.batch:
                self._flush()

    def close(self) -> int:
        if self._chunk:
            self._flush()
        return self.count

    def _flush(self) -> None:
        first, last = self._first, self._last
        append(
            self.actor,
            FINGERPRINTS_ACTION,
            self.entity,
            f"{first}-{last}",
            None,
            {
                "count": len(self._chunk),
                "first_id": first,
                "last_id": last,
                "fingerprints": self._chunk,
            },
        )
        self._chunk = {}


def append_fingerprints(
    actor: str, entity: str, images: Iterator[tuple[int, Mapping[str, Any]]], batch: int = 20000
) -> int:
    """Log rows already written (read back as images), as ``FingerprintLog`` does."""
    log = FingerprintLog(actor, entity, batch)
    for row_id, image in images:
        log.add(row_id, image)
    return log.close()


# Many rows written at once (demo data) are logged in one entry per batch that holds each row's
# fingerprint, not its image: {"count", "first_id", "last_id", "fingerprints": {id: hex}}.
FINGERPRINTS_ACTION = "invoice.create_many"


@dataclass(slots=True)
class NewestImage:
    """What the log says a record should look like: the entry holding its newest whole image
    (its fingerprint, or GONE) and later entries that changed only some fields. ``whole``:
    the entry holds the image itself, not only its fingerprint."""

    seq: int
    print_: bytes
    partial: list[int] | None = None
    whole: bool = True


def newest_images(
    entity: str, image_keys: frozenset[str], batch: int = 20000
) -> dict[str, NewestImage]:
    """One pass over the log: the newest after-image of every ``entity`` record, by id."""
    out: dict[str, NewestImage] = {}
    last = 0
    fields = (AuditEntry.id, AuditEntry.action, AuditEntry.entity_id, AuditEntry.after)
    while True:
        query = (
            AuditEntry.select(*fields)
            .where((AuditEntry.id > last) & (AuditEntry.entity == entity))
            .order_by(AuditEntry.id)
            .limit(batch)
        )
        rows: list[tuple[Any, ...]] = list(cast(Any, query.tuples()))
        if not rows:
            return out
        for seq, action, eid, after in rows:
            if after is None:
                continue
            if action in IMAGE_ACTIONS:
                out[eid] = NewestImage(seq, _fingerprint(after))
                continue
            if action in GONE_ACTIONS:
                out[eid] = NewestImage(seq, GONE)
                continue
            if action == FINGERPRINTS_ACTION:
                for key, value in json.loads(after).get("fingerprints", {}).items():
                    out[key] = NewestImage(seq, bytes.fromhex(value), whole=False)
                continue
            if '"image":' in after:
                data = json.loads(after)
                if "image" in data:
                    image = data["image"]
                    out[eid] = NewestImage(
                        seq, GONE if image is None else _fingerprint(canonical(image))
                    )
                    continue
            else:
                data = None
            known = out.get(eid)
            if known is None or known.print_ == GONE:
                continue
            data = data if data is not None else json.loads(after)
            if isinstance(data, dict) and image_keys.intersection(data):
                known.partial = [*(known.partial or []), seq]
        last = rows[-1][0]


def image_at(newest: NewestImage) -> dict[str, Any] | None:
    """The whole after-image ``newest`` stands for, partial changes folded in (None: removed,
    or only a fingerprint was logged)."""
    if not newest.whole:
        return None
    ids = [newest.seq, *(newest.partial or [])]
    entries = {
        e.id: e
        for e in AuditEntry.select(AuditEntry.id, AuditEntry.action, AuditEntry.after).where(
            AuditEntry.id.in_(ids)
        )
    }
    first = entries.get(newest.seq)
    if first is None or first.after is None:
        return None
    data = json.loads(first.after)
    image = data if first.action in IMAGE_ACTIONS else data.get("image")
    if image is None:
        return None
    image = dict(image)
    for seq in newest.partial or []:
        entry = entries.get(seq)
        if entry is None or entry.after is None:
            continue
        for key, value in json.loads(entry.after).items():
            if key in image:
                image[key] = value
    return image


@dataclass(frozen=True)
class Anchor:
    """The chain head (sequence number and hash) kept somewhere outside the chain."""

    seq: int
    hash: str  # "" when the place kept only the length
    where: Message


def check_anchors(anchors: list[Anchor]) -> list[Message]:
    """Name a chain shorter than an anchor, and an anchored entry whose hash changed."""
    length = AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0
    problems: list[Message] = []
    longest = max(anchors, key=lambda a: a.seq, default=None)
    if longest is not None and longest.seq > length:
        problems.append(
            Message(
                "Audit",
                QT_TRANSLATE_NOOP(
                    "Audit",
                    "审计记录最新的 {missing} 条缺失：{where}记录了第 {seq} 条，现在只剩 {length} 条",
                ),
                {
                    "missing": longest.seq - length,
                    "where": longest.where,
                    "seq": longest.seq,
                    "length": length,
                },
            )
        )
    wanted = sorted({a.seq for a in anchors if a.hash and a.seq <= length})
    hashes: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        for seq, digest in cast(
            Any,
            AuditEntry.select(AuditEntry.id, AuditEntry.hash)
            .where(AuditEntry.id.in_(part))
            .tuples(),
        ):
            hashes[seq] = digest
    reported: set[int] = set()
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if not anchor.hash or anchor.seq > length or anchor.seq in reported:
            continue
        if hashes.get(anchor.seq) != anchor.hash:
            reported.add(anchor.seq)
            problems.append(
                Message(
                    "Audit",
                    QT_TRANSLATE_NOOP(
                        "Audit",
                        "审计记录第 {seq} 条的哈希与{where}记录的不同：审计链被改写后重新计算过",
                    ),
                    {"seq": anchor.seq, "where": anchor.where},
                )
            )
    return problems


def head_entry() -> tuple[int, str]:
    """The chain head as (sequence number, hash); (0, genesis) for an empty chain."""
    entry = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    return (entry.id, entry.hash) if entry else (0, GENESIS_HASH)
