"""Verifying the tamper-evident audit chain, the records it describes and its anchors.

Three checks, each naming what it finds:
- the chain: every entry's hash and its link to the previous one (store/audit.py);
- the data: each live invoice, request, month lock and setting against the newest after-image
  its entity has in the log, so that a row edited, removed or added outside the app (with a
  SQLite editor, say) is named with the fields that differ;
- the anchors: the chain head (sequence number and hash) kept where a deleter cannot reach it all
  (each month lock, each backup manifest, the month PDF on paper), so that the newest entries
  deleted, or the whole chain re-hashed after an edit, no longer pass.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.services.dto import AuditReport, DataFinding
from invoicedesk.services.request_views import request_image, request_view
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.backup_models import BackupSnapshot
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.models import (
    AuditEntry,
    Invoice,
    InvoiceLine,
    PeriodLock,
    Setting,
    database,
)

Progress = Callable[[int, int], None]  # (done, total)
# Findings kept per kind of record (the count goes on): a million rows changed would otherwise
# fill memory with messages nobody reads one by one.
MAX_FINDINGS = 1000

# Field names in words, for findings and the audit viewer.
FIELD_NAMES: dict[str, str] = {
    "kind": QT_TRANSLATE_NOOP("AuditField", "发票种类"),
    "code": QT_TRANSLATE_NOOP("AuditField", "发票代码"),
    "number": QT_TRANSLATE_NOOP("AuditField", "发票号码"),
    "issue_date": QT_TRANSLATE_NOOP("AuditField", "开票日期"),
    "buyer_name": QT_TRANSLATE_NOOP("AuditField", "购买方名称"),
    "buyer_tax_id": QT_TRANSLATE_NOOP("AuditField", "购买方税号"),
    "buyer_address_phone": QT_TRANSLATE_NOOP("AuditField", "购买方地址电话"),
    "buyer_bank_account": QT_TRANSLATE_NOOP("AuditField", "购买方开户行及账号"),
    "buyer_email": QT_TRANSLATE_NOOP("AuditField", "购买方邮箱"),
    "status": QT_TRANSLATE_NOOP("AuditField", "状态"),
    "is_red": QT_TRANSLATE_NOOP("AuditField", "红字发票"),
    "blue_invoice_id": QT_TRANSLATE_NOOP("AuditField", "对应蓝字发票"),
    "amount": QT_TRANSLATE_NOOP("AuditField", "金额"),
    "tax": QT_TRANSLATE_NOOP("AuditField", "税额"),
    "total": QT_TRANSLATE_NOOP("AuditField", "价税合计"),
    "issuer": QT_TRANSLATE_NOOP("AuditField", "开票人"),
    "remarks": QT_TRANSLATE_NOOP("AuditField", "备注"),
    "lines": QT_TRANSLATE_NOOP("AuditField", "明细行"),
    "phone": QT_TRANSLATE_NOOP("AuditField", "电话"),
    "email": QT_TRANSLATE_NOOP("AuditField", "邮箱"),
    "promised_at": QT_TRANSLATE_NOOP("AuditField", "承诺时间"),
    "incident_id": QT_TRANSLATE_NOOP("AuditField", "故障记录"),
    "drill": QT_TRANSLATE_NOOP("AuditField", "演练"),
    "note": QT_TRANSLATE_NOOP("AuditField", "说明"),
    "locked_at": QT_TRANSLATE_NOOP("AuditField", "锁定时间"),
    "locked_by": QT_TRANSLATE_NOOP("AuditField", "锁定人"),
    "value": QT_TRANSLATE_NOOP("AuditField", "设置值"),
    "reason": QT_TRANSLATE_NOOP("AuditField", "原因"),
    "invoice_id": QT_TRANSLATE_NOOP("AuditField", "发票"),
    "red_invoice_id": QT_TRANSLATE_NOOP("AuditField", "红字发票编号"),
    "reason_code": QT_TRANSLATE_NOOP("AuditField", "红冲原因"),
    "version": QT_TRANSLATE_NOOP("AuditField", "版本"),
    "invoices": QT_TRANSLATE_NOOP("AuditField", "发票张数"),
    "months": QT_TRANSLATE_NOOP("AuditField", "月数"),
    "red": QT_TRANSLATE_NOOP("AuditField", "红字张数"),
    "voided": QT_TRANSLATE_NOOP("AuditField", "作废张数"),
    "seed": QT_TRANSLATE_NOOP("AuditField", "随机种子"),
    "name": QT_TRANSLATE_NOOP("AuditField", "名称"),
    "ok": QT_TRANSLATE_NOOP("AuditField", "结果"),
    "snapshot": QT_TRANSLATE_NOOP("AuditField", "备份"),
    "path": QT_TRANSLATE_NOOP("AuditField", "位置"),
    "result": QT_TRANSLATE_NOOP("AuditField", "结果"),
    "finding": QT_TRANSLATE_NOOP("AuditField", "筛查项"),
    "number_of_lines": QT_TRANSLATE_NOOP("AuditField", "行数"),
    "client_key": QT_TRANSLATE_NOOP("AuditField", "保存编号"),
    "queued_at": QT_TRANSLATE_NOOP("AuditField", "存入本机时间"),
    "queued_by": QT_TRANSLATE_NOOP("AuditField", "登记人"),
    "counter": QT_TRANSLATE_NOOP("AuditField", "开票台"),
    "discarded_at": QT_TRANSLATE_NOOP("AuditField", "放弃时间"),
    "discarded_by": QT_TRANSLATE_NOOP("AuditField", "放弃人"),
    "existing_id": QT_TRANSLATE_NOOP("AuditField", "台账中的同号发票"),
    "record_id": QT_TRANSLATE_NOOP("AuditField", "登记编号"),
}

ENTITY_NAMES: dict[str, str] = {
    "invoice": QT_TRANSLATE_NOOP("AuditField", "发票"),
    "request": QT_TRANSLATE_NOOP("AuditField", "开票申请"),
    "period": QT_TRANSLATE_NOOP("AuditField", "月份"),
    "setting": QT_TRANSLATE_NOOP("AuditField", "设置"),
    "outbox": QT_TRANSLATE_NOOP("AuditField", "待同步记录"),
}


def field_name(key: str) -> str:
    source = FIELD_NAMES.get(key)
    return translate("AuditField", source) if source else key


def value_text(value: Any) -> str:
    """A logged value in words: empty as a dash, lists and objects as short JSON."""
    if value is None or value == "":
        return "—"
    if value is True:
        return translate("AuditField", "是")
    if value is False:
        return translate("AuditField", "否")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def field_value(key: str, value: Any) -> str:
    """A logged value in words for its field: kinds and statuses named, times local."""
    from invoicedesk.core import clock
    from invoicedesk.core.kinds import KINDS, STATUSES

    if key == "kind" and value in KINDS:
        return translate("Kind", KINDS[value])
    if key == "status" and value in STATUSES:
        return translate("Status", STATUSES[value])
    if key in ("locked_at", "restored_at") and isinstance(value, str) and "T" in value:
        try:
            return clock.to_local(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    if key == "lines" and isinstance(value, list):
        return _lines_text(value)
    return value_text(value)


def _lines_text(lines: list[Any]) -> str:
    return "、".join(
        f"{line.get('name', '')} {line.get('amount', '')}" if isinstance(line, dict) else str(line)
        for line in lines
    )


# --- Live after-images (the same functions the writes use) --------------------------------------


def _invoice_keys() -> frozenset[str]:
    return frozenset(
        [
            "kind",
            "code",
            "number",
            "issue_date",
            "buyer_name",
            "buyer_tax_id",
            "status",
            "is_red",
            "blue_invoice_id",
            "amount",
            "tax",
            "total",
            "issuer",
            "remarks",
            "lines",
        ]
    )


def _fen_text(fen: int) -> str:
    """``str(from_fen(fen))`` without the Decimal: yuan with two places."""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{'-' if fen < 0 else ''}{whole}.{cents:02d}"


def invoice_images(
    first_id: int = 0, last_id: int | None = None, batch: int = 5000
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, after-image) of every invoice with first_id < id <= last_id, in id order.

    The same image as ``invoices.snapshot(view)`` (tests compare the two), built from plain
    tuples: model objects would make this five times slower at a million invoices."""
    from invoicedesk.services.invoices import _as_date, _dec_text, decimal_or_none

    fields = (
        Invoice.id,
        Invoice.kind,
        Invoice.code,
        Invoice.number,
        Invoice.issue_date,
        Invoice.buyer_name,
        Invoice.buyer_tax_id,
        Invoice.status,
        Invoice.is_red,
        Invoice.blue_invoice,
        Invoice.amount_fen,
        Invoice.tax_fen,
        Invoice.total_fen,
        Invoice.issuer,
        Invoice.remarks,
    )
    line_fields = (
        InvoiceLine.invoice,
        InvoiceLine.name,
        InvoiceLine.quantity,
        InvoiceLine.unit_price,
        InvoiceLine.amount_fen,
        InvoiceLine.tax_rate,
        InvoiceLine.tax_fen,
    )
    last = first_id
    while True:
        query = Invoice.select(*fields).where(Invoice.id > last)
        if last_id is not None:
            query = query.where(Invoice.id <= last_id)
        # Raw cursors: peewee's per-value conversion would be half the time at a million.
        db = Invoice._meta.database
        rows: list[tuple[Any, ...]] = db.execute(query.order_by(Invoice.id).limit(batch)).fetchall()
        if not rows:
            return
        lines: dict[int, list[dict[str, Any]]] = {}
        line_query = (
            InvoiceLine.select(*line_fields)
            .where((InvoiceLine.invoice >= rows[0][0]) & (InvoiceLine.invoice <= rows[-1][0]))
            .order_by(InvoiceLine.invoice, InvoiceLine.line_no)
        )
        for inv_id, name, quantity, price, amount, rate, tax in db.execute(line_query).fetchall():
            lines.setdefault(inv_id, []).append(
                {
                    "name": name,
                    "quantity": _dec_text(decimal_or_none(quantity)),
                    "unit_price": _dec_text(decimal_or_none(price)),
                    "amount": _fen_text(amount),
                    "tax_rate": rate,
                    "tax": _fen_text(tax),
                }
            )
        for row in rows:
            (inv_id, kind, code, number, day, buyer, tax_id, status, red, blue) = row[:10]
            amount, tax, total, issuer, remarks = row[10:]
            yield (
                inv_id,
                {
                    "kind": kind,
                    "code": code,
                    "number": number,
                    "issue_date": _as_date(day).isoformat(),
                    "buyer_name": buyer,
                    "buyer_tax_id": tax_id,
                    "status": status,
                    "is_red": bool(red),
                    "blue_invoice_id": blue,
                    "amount": _fen_text(amount),
                    "tax": _fen_text(tax),
                    "total": _fen_text(total),
                    "issuer": issuer,
                    "remarks": remarks,
                    "lines": lines.get(inv_id, []),
                },
            )
        last = rows[-1][0]


def _request_images() -> Iterator[tuple[int, dict[str, Any]]]:
    for req in InvoiceRequest.select().order_by(InvoiceRequest.id):
        yield req.id, request_image(request_view(req))


def _lock_images() -> Iterator[tuple[str, dict[str, Any]]]:
    from invoicedesk.services.period_locks import lock_image

    for row in PeriodLock.select().order_by(PeriodLock.period):
        yield row.period, lock_image(row)


def _setting_images() -> Iterator[tuple[str, dict[str, Any]]]:
    for row in Setting.select().order_by(Setting.key):
        yield row.key, {"value": json.loads(row.value)}


def _record(entity: str, eid: str, image: dict[str, Any] | None) -> str:
    if entity == "invoice":
        number = (image or {}).get("number") or ""
        return translate("Audit", "发票 {number}（内部编号 {id}）").format(number=number, id=eid)
    if entity == "request":
        return translate("Audit", "开票申请 #{id}").format(id=eid)
    if entity == "period":
        return translate("Audit", "{period} 的月份锁").format(period=eid)
    return translate("Audit", "设置 {key}").format(key=eid)


class _Capped(list[DataFinding]):
    """Keeps the first MAX_FINDINGS findings and counts them all."""

    total = 0

    def append(self, item: DataFinding) -> None:
        self.total += 1
        if len(self) < MAX_FINDINGS:
            super().append(item)


def _compare(
    entity: str,
    live: Iterator[tuple[Any, dict[str, Any]]],
    newest: dict[str, audit.NewestImage],
    tick: Callable[[], None],
) -> tuple[_Capped, int]:
    findings = _Capped()
    count = 0
    for key, image in live:
        eid = str(key)
        count += 1
        if count % 2000 == 0:
            tick()
        known = newest.pop(eid, None)  # what is left at the end was deleted
        if known is None or known.print_ == audit.GONE:
            findings.append(
                DataFinding(
                    entity,
                    eid,
                    "inserted",
                    (),
                    Message(
                        "Audit",
                        QT_TRANSLATE_NOOP(
                            "Audit", "{record} 没有审计记录：是在程序之外添加的（或曾被删除）"
                        ),
                        {"record": _record(entity, eid, image)},
                    ),
                )
            )
            continue
        if not known.partial and audit.fingerprint(image) == known.print_:
            continue
        logged = audit.image_at(known)
        if logged is None:
            if not known.whole:  # only its fingerprint was logged (demo data)
                findings.append(
                    DataFinding(
                        entity,
                        eid,
                        "changed",
                        (),
                        Message(
                            "Audit",
                            QT_TRANSLATE_NOOP(
                                "Audit",
                                "{record} 在程序之外被改动（与审计记录第 {seq} 条的指纹不符）",
                            ),
                            {"record": _record(entity, eid, image), "seq": known.seq},
                        ),
                    )
                )
            continue
        diffs = tuple(
            (k, value_text(logged[k]), value_text(image[k]))
            for k in logged
            if k in image and image[k] != logged[k]
        )
        if not diffs:
            continue
        changes = translate("Audit", "；").join(
            translate("Audit", "{field} 应为 {logged}，现为 {live}").format(
                field=field_name(k), logged=field_value(k, logged[k]), live=field_value(k, image[k])
            )
            for k, _a, _b in diffs
        )
        findings.append(
            DataFinding(
                entity,
                eid,
                "changed",
                diffs,
                Message(
                    "Audit",
                    QT_TRANSLATE_NOOP(
                        "Audit", "{record} 在程序之外被改动（对照审计记录第 {seq} 条）：{changes}"
                    ),
                    {"record": _record(entity, eid, image), "seq": known.seq, "changes": changes},
                ),
            )
        )
    for eid, known in newest.items():
        if known.print_ == audit.GONE:
            continue
        logged = audit.image_at(known)
        findings.append(
            DataFinding(
                entity,
                eid,
                "deleted",
                (),
                Message(
                    "Audit",
                    QT_TRANSLATE_NOOP(
                        "Audit",
                        "{record} 在程序之外被删除（审计记录第 {seq} 条记录了它的最新内容）",
                    ),
                    {"record": _record(entity, eid, logged), "seq": known.seq},
                ),
            )
        )
    return findings, count


def _keys_of(images: Iterator[tuple[Any, dict[str, Any]]]) -> frozenset[str]:
    for _key, image in images:
        return frozenset(image)
    return frozenset()


def check_data(
    tick: Callable[[], None] = lambda: None,
) -> tuple[list[DataFinding], int]:
    """Every tracked record against its newest after-image; (findings, records checked).
    Past MAX_FINDINGS of one kind, a last finding (kind "more") says how many were left out."""
    findings: list[DataFinding] = []
    checked = 0
    sources: list[tuple[str, Callable[[], Iterator[tuple[Any, dict[str, Any]]]], frozenset[str]]]
    sources = [
        ("invoice", invoice_images, _invoice_keys()),
        ("request", _request_images, frozenset()),
        ("period", _lock_images, frozenset({"note", "locked_at", "locked_by"})),
        ("setting", _setting_images, frozenset({"value"})),
    ]
    for entity, live, keys in sources:
        if not keys:
            keys = _keys_of(live()) or frozenset({"status"})
        newest = audit.newest_images(entity, keys)
        tick()
        found, count = _compare(entity, live(), newest, tick)
        findings += found
        if found.total > len(found):
            findings.append(
                DataFinding(
                    entity,
                    "",
                    "more",
                    (),
                    Message(
                        "Audit",
                        QT_TRANSLATE_NOOP(
                            "Audit", "另有 {count} 条{entity}记录与审计记录不符，未逐条列出"
                        ),
                        {
                            "count": found.total - len(found),
                            "entity": translate("AuditField", ENTITY_NAMES[entity]),
                        },
                    ),
                )
            )
        checked += count
    return findings, checked


# --- Anchors --------------------------------------------------------------------------------------


def _restore_window(created_of: dict[str, str]) -> tuple[str, str] | None:
    """(created of the restored snapshot, restored at): backups made in between belong to the
    ledger that the restore replaced, so their anchors do not apply. ``created_of``: snapshot
    id to creation time, from the manifests (unknown: every backup before the restore)."""
    from invoicedesk.services.backup_places import RESTORE_ORIGIN_KEY
    from invoicedesk.services.company import get_setting

    origin = get_setting(RESTORE_ORIGIN_KEY)
    if not isinstance(origin, dict) or not origin.get("restored_at"):
        return None
    created = created_of.get(str(origin.get("snapshot", "")), "")
    return created, str(origin["restored_at"])


def _replaced(created: str, window: tuple[str, str] | None) -> bool:
    if window is None:
        return False
    try:
        moment = datetime.fromisoformat(created)
        start = datetime.fromisoformat(window[0]) if window[0] else None
        end = datetime.fromisoformat(window[1])
    except ValueError:
        return False
    if moment.tzinfo is None and end.tzinfo is not None:
        moment = moment.replace(tzinfo=end.tzinfo)
    return (start is None or moment > start) and moment < end


def anchors() -> list[audit.Anchor]:
    """Every chain head this ledger knows of outside its chain."""
    from invoicedesk.exchange.snapshot_manifest import Manifest, SnapshotError
    from invoicedesk.exchange.snapshot_repository import Repository
    from invoicedesk.services.backup_places import list_destinations

    out: list[audit.Anchor] = []
    for lock in PeriodLock.select().where(PeriodLock.audit_seq.is_null(False)):
        out.append(
            audit.Anchor(
                int(lock.audit_seq or 0),
                lock.audit_hash or "",
                Message(
                    "Audit",
                    QT_TRANSLATE_NOOP("Audit", "{period} 的月份锁"),
                    {"period": lock.period},
                ),
            )
        )
    manifests: list[tuple[str, Manifest]] = []
    for dest in list_destinations():
        try:
            good, _bad = Repository(dest.path).manifests()
        except (OSError, SnapshotError):
            continue
        manifests += [(dest.path, m) for m in good]
    window = _restore_window({m.id: m.created for _path, m in manifests})
    for row in BackupSnapshot.select().where(BackupSnapshot.audit_entries > 0):
        if _replaced(row.created_at, window):
            continue
        out.append(
            audit.Anchor(
                int(row.audit_entries),
                "",
                Message("Audit", QT_TRANSLATE_NOOP("Audit", "备份 {id}"), {"id": row.snapshot_id}),
            )
        )
    for path, manifest in manifests:
        if manifest.audit_entries <= 0 or _replaced(manifest.created, window):
            continue
        out.append(
            audit.Anchor(
                manifest.audit_entries,
                manifest.audit_head,
                Message(
                    "Audit",
                    QT_TRANSLATE_NOOP("Audit", "备份 {id} 的清单（{path}）"),
                    {"id": manifest.id, "path": path},
                ),
            )
        )
    return out


def head_anchor_text() -> str:
    """The chain head in one printable line (the month PDF prints it)."""
    seq, digest = audit.head_entry()
    return translate("Audit", "审计链第 {seq} 条 {hash}").format(seq=seq, hash=digest)


# --- The whole check -------------------------------------------------------------------------------


def verify_audit(progress: Progress | None = None, *, data: bool = True) -> AuditReport:
    """Check the chain, the data against it and the chain against its anchors."""
    started = time.perf_counter()
    entries = AuditEntry.select().count()
    invoices = Invoice.select().count() if data else 0
    total = entries + (entries + invoices if data else 0) + 1
    done = [0]

    def report(value: int) -> None:
        if progress is not None:
            progress(min(value, total - 1), total)

    report(0)
    chain = audit.verify(progress=lambda n: report(n))
    done[0] = entries
    known = anchors()
    anchor_problems = audit.check_anchors(known)
    findings: list[DataFinding] = []
    checked = 0
    if data:

        def tick() -> None:
            done[0] = min(done[0] + 2000, total - 1)
            report(done[0])

        findings, checked = check_data(tick)
    if progress is not None:
        progress(total, total)
    return AuditReport(
        ok=chain.ok and not findings and not anchor_problems,
        entries=chain.entries,
        head=chain.head,
        first_broken=chain.first_broken,
        problem=chain.problem,
        findings=tuple(findings),
        anchor_problems=tuple(anchor_problems),
        records_checked=checked,
        anchors=len(known),
        seconds=time.perf_counter() - started,
    )


# --- What the ledger never saw -------------------------------------------------------------------

OUTBOX_DISCARD = "outbox.discard"
OUTBOX_REPLAY = "outbox.replay"


@guarded("invoice.record")
def record_outbox_discard(note: dict[str, Any], actor: str) -> bool:
    """Log that a save kept in a counter's outbox (``note``: its client_key, number, buyer, total,
    who typed it where and when, who gave it up and when) was given up: the ledger never had it,
    so without this entry the chain would not know it existed. Once per client_key: False when
    it was logged before (a replay whose answer was lost)."""
    return _outbox_note_once(OUTBOX_DISCARD, note, actor)


@guarded("invoice.record")
def record_outbox_replay(note: dict[str, Any], actor: str) -> bool:
    """Log who typed a save replayed from a counter's outbox, where and when (``note``): the
    invoice's own entry names whoever was signed in when it replayed, which may be someone else
    and is always later. Once per client_key, like a discard."""
    return _outbox_note_once(OUTBOX_REPLAY, note, actor)


def _outbox_note_once(action: str, note: dict[str, Any], actor: str) -> bool:
    key = str(note["client_key"])
    with database.atomic():
        logged = AuditEntry.select(AuditEntry.id).where(
            (AuditEntry.entity == "outbox")
            & (AuditEntry.entity_id == key)
            & (AuditEntry.action == action)
        )
        if logged.exists():
            return False
        audit.append(actor, action, "outbox", key, None, note)
    return True
