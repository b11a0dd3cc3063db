"""The audit viewer's reading of the log: entries filtered by person, action, record or month,
each with its difference in words; the people and actions to filter by; the rows as a workbook.

Split from auditing.py, which verifies the chain, the data and the anchors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.services.auditing import (
    ENTITY_NAMES,
    OUTBOX_DISCARD,
    OUTBOX_REPLAY,
    field_name,
    field_value,
)
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import AuditEntry

ACTION_NAMES: dict[str, str] = {
    "invoice.create": QT_TRANSLATE_NOOP("AuditField", "录入发票"),
    "invoice.create_many": QT_TRANSLATE_NOOP("AuditField", "批量生成发票"),
    "invoice.correct": QT_TRANSLATE_NOOP("AuditField", "更正发票"),
    "invoice.void": QT_TRANSLATE_NOOP("AuditField", "作废发票"),
    "invoice.red_flush": QT_TRANSLATE_NOOP("AuditField", "红冲发票"),
    "invoice.reissue": QT_TRANSLATE_NOOP("AuditField", "重开发票"),
    "request.create": QT_TRANSLATE_NOOP("AuditField", "登记开票申请"),
    "request.issue": QT_TRANSLATE_NOOP("AuditField", "申请已开票"),
    "request.cancel": QT_TRANSLATE_NOOP("AuditField", "取消开票申请"),
    "period.lock": QT_TRANSLATE_NOOP("AuditField", "锁定月份"),
    "period.unlock": QT_TRANSLATE_NOOP("AuditField", "解锁月份"),
    "setting.change": QT_TRANSLATE_NOOP("AuditField", "修改设置"),
    "schema.create": QT_TRANSLATE_NOOP("AuditField", "创建台账"),
    "schema.migrate": QT_TRANSLATE_NOOP("AuditField", "升级台账"),
    OUTBOX_DISCARD: QT_TRANSLATE_NOOP("AuditField", "放弃待同步发票"),
    OUTBOX_REPLAY: QT_TRANSLATE_NOOP("AuditField", "同步断网期间的登记"),
    "demo.generate": QT_TRANSLATE_NOOP("AuditField", "生成演示数据"),
    audit.REPLACED: QT_TRANSLATE_NOOP("AuditField", "台账已恢复为新数据库"),
    audit.REPLACE_UNDONE: QT_TRANSLATE_NOOP("AuditField", "新数据库打不开，仍用本台账"),
}


def action_name(action: str) -> str:
    source = ACTION_NAMES.get(action)
    return translate("AuditField", source) if source else action


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # exact; "" = everyone
    action: str = ""  # exact; "" = every action
    entity: str = ""  # with entity_id: one record's history
    entity_id: str = ""
    period: str = ""  # YYYY-MM (local time of the entry)


@dataclass(frozen=True)
class AuditLine:
    """One entry for the viewer: who, when (local), what, which record, and the difference."""

    seq: int
    when: str
    actor: str
    action: str
    action_text: str
    entity: str
    entity_id: str
    record_text: str
    changes: tuple[tuple[str, str, str], ...]  # (field in words, before, after)

    @property
    def difference(self) -> str:
        changed = translate("Audit", "{field}：{before} → {after}")
        added = translate("Audit", "{field}：{after}")
        return translate("Audit", "；").join(
            (changed if before != "—" else added).format(field=field, before=before, after=after)
            for field, before, after in self.changes
        )


def _changes(
    action: str, before: str | None, after: str | None
) -> tuple[tuple[str, str, str], ...]:
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    if not isinstance(old, dict):
        old = {"value": old}
    if not isinstance(new, dict):
        new = {"value": new}
    if action == audit.FINGERPRINTS_ACTION:
        count = str(new.get("count", ""))
        return ((translate("AuditField", "发票张数"), "—", count),)
    image = new.pop("image", None)
    if not old and isinstance(image, dict):
        new = {**image, **new}
    out: list[tuple[str, str, str]] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if key in old and key in new and a == b:
            continue
        out.append((field_name(key), field_value(key, a), field_value(key, b)))
    return tuple(out)


def _entry_filter(flt: AuditFilter) -> Any:
    from invoicedesk.core import clock
    from invoicedesk.core.dates import period_bounds

    cond: Any = AuditEntry.id > 0
    if flt.actor:
        cond &= AuditEntry.actor == flt.actor
    if flt.action:
        cond &= AuditEntry.action == flt.action
    if flt.entity:
        cond &= AuditEntry.entity == flt.entity
        if flt.entity_id:
            cond &= AuditEntry.entity_id == flt.entity_id
    if flt.period:
        first, after = period_bounds(flt.period)
        zone = clock.local_now().tzinfo
        start = datetime(first.year, first.month, first.day, tzinfo=zone)
        end = datetime(after.year, after.month, after.day, tzinfo=zone)
        cond &= (AuditEntry.ts >= clock.stamp(start)) & (AuditEntry.ts < clock.stamp(end))
    return cond


@guarded("audit.view")
def list_entries(flt: AuditFilter, *, limit: int = 1000) -> list[AuditLine]:
    """The newest ``limit`` entries that pass ``flt``, newest first, each with its difference."""
    from invoicedesk.core import clock

    out = []
    query = AuditEntry.select().where(_entry_filter(flt)).order_by(AuditEntry.id.desc())
    for e in query.limit(limit):
        when = clock.to_local(e.ts).strftime("%Y-%m-%d %H:%M:%S")
        entity_text = (
            translate("AuditField", ENTITY_NAMES[e.entity])
            if e.entity in ENTITY_NAMES
            else e.entity
        )
        out.append(
            AuditLine(
                seq=e.id,
                when=when,
                actor=e.actor,
                action=e.action,
                action_text=action_name(e.action),
                entity=e.entity,
                entity_id=e.entity_id,
                record_text=f"{entity_text} {e.entity_id}".strip(),
                changes=_changes(e.action, e.before, e.after),
            )
        )
    return out


def audit_choices() -> tuple[list[str], list[str]]:
    """The people and the actions the log holds, for the viewer's filters."""
    actors = [
        r.actor for r in AuditEntry.select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)
    ]
    actions = [
        r.action
        for r in AuditEntry.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ]
    return actors, actions


@guarded("audit.view")
def export_entries_xlsx(lines: list[AuditLine], path: Path) -> int:
    """The viewer's rows as an .xlsx workbook (one row per entry); returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = translate("Audit", "审计日志")
    headers = [
        translate("Audit", "序号"),
        translate("Audit", "时间"),
        translate("Audit", "操作人"),
        translate("Audit", "操作"),
        translate("Audit", "记录"),
        translate("Audit", "变化"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(
            [line.seq, line.when, line.actor, line.action_text, line.record_text, line.difference]
        )
    for column, width in zip("ABCDEF", (8, 20, 12, 14, 22, 80), strict=True):
        sheet.column_dimensions[column].width = width
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    book.save(tmp)
    tmp.replace(path)
    return len(lines)
