"""Month locks as rules every write obeys: is a month locked, refuse a write into it, the lock's
anchor and audit image. Locking and unlocking themselves (which back up first) are in ``periods``;
this part stays below the backups and invoices services that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from peewee import fn

from invoicedesk.core.clock import period_of
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import problem
from invoicedesk.services.errors import PeriodLocked, ValidationFailed
from invoicedesk.store import record_sql
from invoicedesk.store.models import AuditEntry, Invoice, PeriodLock

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
    return record_sql.period_locked(period)  # on every save: a kept statement


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


def anchor_lock(row: PeriodLock, entry: AuditEntry) -> None:
    """Keep the chain head (the lock's own entry) on the lock: an anchor outside the chain."""
    PeriodLock.update(audit_seq=entry.id, audit_hash=entry.hash).where(
        PeriodLock.period == row.period
    ).execute()


def lock_image(row: PeriodLock) -> dict[str, str]:
    """What the audit log keeps of a month lock."""
    return {"note": row.note, "locked_at": row.locked_at, "locked_by": row.locked_by}
