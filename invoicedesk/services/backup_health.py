"""How the backups stand: the last verified restore and the backup health check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.services.backup_listing import lost_snapshots
from invoicedesk.services.backup_settings import destination_views, get_policy
from invoicedesk.services.backup_views import backup_message, missing_message, parse_stamp
from invoicedesk.store.backup_models import BackupVerification, RestoreDrill

VERIFY_WARN_DAYS = 8


def last_verified_restore() -> datetime | None:
    """When a snapshot was last restored successfully (verification or drill), anywhere."""
    stamps = [
        BackupVerification.select(BackupVerification.ts)
        .where(BackupVerification.ok == True)  # noqa: E712
        .order_by(BackupVerification.ts.desc())
        .scalar(),
        RestoreDrill.select(RestoreDrill.ts)
        .where(RestoreDrill.ok == True)  # noqa: E712
        .order_by(RestoreDrill.ts.desc())
        .scalar(),
    ]
    found = [s for s in stamps if s]
    return parse_stamp(max(found)) if found else None


@dataclass(frozen=True)
class RestoreAge:
    days: int | None  # None: never
    warn: bool
    message: Message


def restore_age(now: datetime | None = None) -> RestoreAge:
    """For the main window: "last verified restore: N days ago", a warning after 8 days."""
    last = last_verified_restore()
    if last is None:
        return RestoreAge(
            None,
            True,
            backup_message(
                QT_TRANSLATE_NOOP("Backup", "备份还从未验证过能恢复：请在“备份”页做一次恢复演练")
            ),
        )
    days = max(0, ((now or clock.now()) - last).days)
    warn = days >= VERIFY_WARN_DAYS
    if warn:
        source = QT_TRANSLATE_NOOP(
            "Backup", "上次验证备份可恢复已是 {days} 天前：请在“备份”页做一次恢复演练"
        )
    elif days == 0:
        source = QT_TRANSLATE_NOOP("Backup", "上次验证备份可恢复：今天")
    elif days == 1:
        source = QT_TRANSLATE_NOOP("Backup", "上次验证备份可恢复：昨天")
    else:
        source = QT_TRANSLATE_NOOP("Backup", "上次验证备份可恢复：{days} 天前")
    return RestoreAge(days, warn, backup_message(source, days=days))


def check_backups() -> tuple[bool, Message]:
    """The health check: every destination present, backed up recently, restores verified."""
    destinations = destination_views()
    if not destinations:
        return False, backup_message(QT_TRANSLATE_NOOP("Backup", "还没有设置备份位置"))
    missing = [d.path for d in destinations if not d.available]
    if missing:
        return False, missing_message(", ".join(missing))
    lost = [sid for d in destinations for sid in lost_snapshots(d.path)]
    if lost:
        return False, backup_message(
            QT_TRANSLATE_NOOP(
                "Backup", "{count} 个备份的清单文件不见了（被删除或移走），已不能恢复：{ids}"
            ),
            count=len(lost),
            ids=", ".join(lost),
        )
    policy = get_policy()
    stale = []
    for d in destinations:
        if not d.last_backup_at or clock.now() - parse_stamp(d.last_backup_at) > timedelta(
            days=policy.incremental_every_days + 1
        ):
            stale.append(d.path)
    if stale:
        return False, backup_message(
            QT_TRANSLATE_NOOP("Backup", "这些位置超过 {days} 天没有备份：{paths}"),
            days=policy.incremental_every_days + 1,
            paths=", ".join(stale),
        )
    age = restore_age()
    if age.warn:
        return False, age.message
    return True, backup_message(
        QT_TRANSLATE_NOOP("Backup", "{count} 个备份位置都已按时备份；{age}"),
        count=len(destinations),
        age=str(age.message),
    )
