"""Month locks: locking and unlocking (the rules every write obeys are in ``period_locks``).

A locked month refuses new invoices dated in it and corrections of its invoices. Locking and
unlocking are audited (``period.lock`` / ``period.unlock``); an unlock needs a reason; a lock
backs the ledger up first.
"""

from __future__ import annotations

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import problem
from invoicedesk.services.accounts import confirm_second_person
from invoicedesk.services.backup_runs import snapshot_before
from invoicedesk.services.company import get_setting
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.services.period_locks import FOUR_EYES_KEY as FOUR_EYES_KEY
from invoicedesk.services.period_locks import LockInfo as LockInfo
from invoicedesk.services.period_locks import anchor_lock as anchor_lock
from invoicedesk.services.period_locks import check_period as check_period
from invoicedesk.services.period_locks import ensure_unlocked as ensure_unlocked
from invoicedesk.services.period_locks import is_locked as is_locked
from invoicedesk.services.period_locks import lock_image as lock_image
from invoicedesk.services.period_locks import lock_info as lock_info
from invoicedesk.services.period_locks import locked_periods as locked_periods
from invoicedesk.services.period_locks import main_enterer as main_enterer
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import PeriodLock, database
from invoicedesk.store.writers import serialize_writers


def _forced_backup(period: str, actor: str) -> None:
    """A backup before locking."""
    snapshot_before(f"lock {period}", actor)


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
        serialize_writers()  # two counters locking at once: the second one is told, not failed
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
