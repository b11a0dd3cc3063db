"""Month locks: the check belongs to every write that touches a month; locking and unlocking.

A locked month refuses new invoices dated in it and corrections of its invoices. Locking and
unlocking are audited (``period.lock`` / ``period.unlock``); an unlock needs a reason.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import fn

from invoicedesk.core import clock
from invoicedesk.core.clock import period_of
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import problem
from invoicedesk.services.company import get_setting
from invoicedesk.services.errors import NotAllowed, PeriodLocked, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import AuditEntry, Invoice, PeriodLock, database

# Setting: when true, the person who entered most of a month's invoices may not lock it.
FOUR_EYES_KEY = "month_end.four_eyes"


@dataclass(frozen=True)
class LockInfo:
    period: str
    locked_at: str
    locked_by: str
    note: str


def check_period(period: str) -> str:
    period = (period or "").strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise ValidationFailed(
            [
                problem(
                    "period",
                    QT_TRANSLATE_NOOP("Problem", "期间格式应为 YYYY-MM，收到“{value}”"),
                    value=period,
                )
            ]
        )
    return period


def is_locked(period: str) -> bool:
    return PeriodLock.select().where(PeriodLock.period == period).exists()


def lock_info(period: str) -> LockInfo | None:
    row = PeriodLock.get_or_none(PeriodLock.period == period)
    return LockInfo(row.period, row.locked_at, row.locked_by, row.note) if row else None


def locked_periods() -> list[LockInfo]:
    return [
        LockInfo(r.period, r.locked_at, r.locked_by, r.note)
        for r in PeriodLock.select().order_by(PeriodLock.period.desc())
    ]


def ensure_unlocked(day: date, source: str = "") -> None:
    """Refuse a write into ``day``'s month once it is locked; ``source`` words the refusal."""
    period = period_of(day)
    if is_locked(period):
        raise PeriodLocked(
            source or QT_TRANSLATE_NOOP("Service", "{period} 已结账锁定，不能新增或更正该月的发票"),
            period=period,
        )


def main_enterer(period: str) -> str | None:
    """Who recorded most of the month's invoices (for the four-eyes rule)."""
    first, following = period_bounds(period)
    row = (
        Invoice.select(Invoice.created_by, fn.COUNT(Invoice.id).alias("n"))
        .where((Invoice.issue_date >= first) & (Invoice.issue_date < following))
        .group_by(Invoice.created_by)
        .order_by(fn.COUNT(Invoice.id).desc(), Invoice.created_by)
        .first()
    )
    return str(row.created_by) if row else None


def _forced_backup(period: str, actor: str) -> None:
    """A backup before locking, when the backups feature is installed."""
    try:
        backups = importlib.import_module("invoicedesk.services.backups")
    except ImportError:
        return
    snapshot: Callable[..., Any] | None = getattr(backups, "snapshot_before", None)
    if snapshot is not None:
        snapshot(f"lock {period}", actor)


@guarded("month.lock")
def lock_period(
    period: str,
    actor: str,
    *,
    note: str = "",
    open_findings: int = 0,
    backup: bool = True,
) -> LockInfo:
    """Lock a month. ``open_findings``: screening findings not yet acknowledged (must be 0)."""
    period = check_period(period)
    if open_findings:
        raise NotAllowed(
            QT_TRANSLATE_NOOP(
                "Service", "{period} 还有 {count} 条筛查结果未处理：请先更正或逐条填写说明后再锁定"
            ),
            period=period,
            count=open_findings,
        )
    if is_locked(period):
        raise NotAllowed(QT_TRANSLATE_NOOP("Service", "{period} 已经锁定"), period=period)
    if get_setting(FOUR_EYES_KEY, False):
        enterer = main_enterer(period)
        if enterer == actor:
            raise NotAllowed(
                QT_TRANSLATE_NOOP(
                    "Service",
                    "{period} 的发票大多由 {actor} 登记，需由另一人复核后锁定（四眼原则）",
                ),
                period=period,
                actor=actor,
            )
    if backup:
        _forced_backup(period, actor)
    with database.atomic():
        if is_locked(period):  # another counter locked it meanwhile
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "{period} 已经锁定"), period=period)
        now = clock.stamp()
        row = PeriodLock.create(period=period, locked_at=now, locked_by=actor, note=note.strip())
        entry = audit.append(
            actor,
            "period.lock",
            "period",
            period,
            None,
            {"note": note.strip(), "locked_at": now, "locked_by": actor},
        )
        anchor_lock(row, entry)
    return LockInfo(period, now, actor, note.strip())


def anchor_lock(row: PeriodLock, entry: AuditEntry) -> None:
    """Keep the chain head (the lock's own entry) on the lock: an anchor outside the chain."""
    PeriodLock.update(audit_seq=entry.id, audit_hash=entry.hash).where(
        PeriodLock.period == row.period
    ).execute()


def lock_image(row: PeriodLock) -> dict[str, str]:
    """What the audit log keeps of a month lock."""
    return {"note": row.note, "locked_at": row.locked_at, "locked_by": row.locked_by}


@guarded("month.unlock")
def unlock_period(
    period: str, reason: str, actor: str, *, second_name: str = "", second_pin: str = ""
) -> None:
    """Unlock a month. With accounts, a second person (会计 or 店长, not ``actor``) confirms with
    their PIN (four eyes); the audit entry names them."""
    period = check_period(period)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            [problem("reason", QT_TRANSLATE_NOOP("Problem", "解锁必须填写原因"))]
        )
    from invoicedesk.services.accounts import confirm_second_person

    confirmed_by = confirm_second_person(actor, second_name, second_pin)
    after: dict[str, str | None] = {"reason": reason}
    if confirmed_by:
        after["confirmed_by"] = confirmed_by
    with database.atomic():
        row = PeriodLock.get_or_none(PeriodLock.period == period)
        if row is None:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "{period} 没有锁定"), period=period)
        before = {"locked_at": row.locked_at, "locked_by": row.locked_by, "note": row.note}
        PeriodLock.delete().where(PeriodLock.period == period).execute()
        after["image"] = None  # the lock row is gone (tamper evidence compares with this)
        audit.append(actor, "period.unlock", "period", period, before, after)
