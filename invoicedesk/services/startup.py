"""Start-up safety: check the database file before anyone writes to it.

quick_check at every start, the full integrity_check when the last one is a week old. A damaged
file is opened read-only (SQLite refuses every write) so the shop can still look things up while
it restores the newest verified backup. A pending schema migration gets a forced snapshot first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from invoicedesk.core.clock import utc_now
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store.database import (
    close_database,
    is_postgres_url,
    open_database,
)
from invoicedesk.store.models import database

FULL_CHECK_EVERY = timedelta(days=7)
FULL_CHECK_NAME = "database_full"


@dataclass(frozen=True)
class StartupReport:
    ok: bool
    read_only: bool
    message: Message
    full_check: bool
    seconds: float
    migrated: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return str(self.message)


def full_check_due() -> bool:
    from invoicedesk.services.system_checks import SystemCheck

    if not database.obj.table_exists(SystemCheck._meta.table_name):
        return True
    last = (
        SystemCheck.select(SystemCheck.ts)
        .where((SystemCheck.name == FULL_CHECK_NAME) & (SystemCheck.ok == True))  # noqa: E712
        .order_by(SystemCheck.ts.desc())
        .scalar()
    )
    from datetime import datetime

    return last is None or utc_now() - datetime.fromisoformat(last) >= FULL_CHECK_EVERY


def open_checked(target: str, actor: str) -> StartupReport:
    """Open ``target`` for the app: checked, migrated (after a snapshot) or read-only if damaged.

    Raises StoreError when the file cannot be opened at all (not a database).
    """
    from invoicedesk.services import backups
    from invoicedesk.services.system_checks import check_database, record
    from invoicedesk.store import migrations

    started = time.perf_counter()
    if is_postgres_url(target):
        open_database(target, actor=actor)
        ok, message = check_database()
        return StartupReport(ok, False, message, False, time.perf_counter() - started)
    open_database(target, migrate=False, actor=actor)
    full = full_check_due()
    ok, message = check_database(full=full)
    if not ok:
        close_database()
        open_database(Path(target), read_only=True, actor=actor)
        return StartupReport(
            False,
            True,
            Message(
                "Startup",
                QT_TRANSLATE_NOOP(
                    "Startup",
                    "数据库文件已损坏（{reason}）：已改为只读打开，不能登记或修改。请从最新的已验证备份恢复",
                ),
                {"reason": str(message)},
            ),
            full,
            time.perf_counter() - started,
        )
    migrated: list[int] = []
    current = migrations.current_version(database.obj)
    if current < migrations.LATEST:
        if current > 0:  # a new, empty file has nothing to keep
            backups.snapshot_before("migration", actor)
        migrated = migrations.upgrade(database.obj, actor=actor)
    seconds = time.perf_counter() - started
    record("database", ok, message, seconds, "startup", actor)
    if full:
        record(FULL_CHECK_NAME, ok, message, seconds, "startup", actor)
    return StartupReport(True, False, message, full, seconds, migrated)
