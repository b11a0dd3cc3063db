"""Start-up safety: check the database file before anyone writes to it.

quick_check at every start, the full integrity_check when the last one is a week old. A damaged
file is opened read-only (SQLite refuses every write) so the shop can still look things up while
it restores the newest verified backup. A pending schema migration gets a forced snapshot first.

The app runs the weekly check in the background once its window is open (``full_check`` on a
connection of its own, then ``record_full_check``): on a large ledger it takes tens of seconds,
which nobody should wait for at the counter. A failed background check makes the next start run
the full check before opening, so the damage is met by the read-only mode.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import audit, pg_dump
from invoicedesk.store.database import (
    LedgerUnreachable,
    close_database,
    is_postgres_url,
    open_database,
    open_offline,
)
from invoicedesk.store.models import database

FULL_CHECK_EVERY = timedelta(days=7)
FULL_CHECK_NAME = "database_full"


@dataclass(frozen=True)
class StartupReport:
    ok: bool
    read_only: bool
    message: Message
    full_check: bool  # the full integrity_check ran during this start
    seconds: float
    migrated: list[int] = field(default_factory=list)
    full_check_due: bool = False  # left for the caller to run in the background
    offline: bool = False  # a PostgreSQL ledger whose server did not answer: opened without it
    moved_to: str = ""  # a restore elsewhere replaced the ledger asked for: the URL opened instead

    @property
    def text(self) -> str:
        return str(self.message)


def follow_replacements(target: str, actor: str) -> str:
    """On the open PostgreSQL ledger ``target``: if a restore at another counter put a new
    database in its place, open that one (and the one after it, if that was replaced too).
    Returns the URL now open when it moved, else "". Same server and credentials: only the
    database's name comes from the ledger (store/audit.py)."""
    moved, seen = "", {pg_dump.db_name(target)}
    while (name := audit.replaced_by()) and name not in seen:
        seen.add(name)
        moved = pg_dump.with_name(moved or target, name)
        close_database()
        open_database(moved, actor=actor)
    return moved


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

    return last is None or clock.now() - datetime.fromisoformat(last) >= FULL_CHECK_EVERY


def last_full_check_failed() -> bool:
    from invoicedesk.services.system_checks import SystemCheck

    if not database.obj.table_exists(SystemCheck._meta.table_name):
        return False
    last = (
        SystemCheck.select(SystemCheck.ok)
        .where(SystemCheck.name == FULL_CHECK_NAME)
        .order_by(SystemCheck.id.desc())
        .scalar()
    )
    return last is not None and not last


@dataclass(frozen=True)
class FullCheck:
    ok: bool
    message: Message
    seconds: float


def full_check(target: str) -> FullCheck:
    """The full integrity_check of a SQLite ledger on its own read-only connection: safe on any
    thread while the app keeps working. Records nothing (see record_full_check)."""
    from invoicedesk.services.system_checks import check_sqlite_file

    started = time.perf_counter()
    ok, message = check_sqlite_file(Path(target), full=True)
    return FullCheck(ok, message, time.perf_counter() - started)


def record_full_check(result: FullCheck, actor: str) -> None:
    from invoicedesk.services.system_checks import record

    record(FULL_CHECK_NAME, result.ok, result.message, result.seconds, "background", actor)


def open_checked(
    target: str, actor: str, *, full_in_background: bool = False, offline_ok: bool = False
) -> StartupReport:
    """Open ``target`` for the app: checked, migrated (after a snapshot) or read-only if damaged.

    ``full_in_background``: a due weekly check is left to the caller (``full_check_due``) unless
    the last one failed. ``offline_ok``: a PostgreSQL ledger whose server does not answer is
    opened offline (``report.offline``; the counter saves into the outbox) instead of refused.
    Raises StoreError when the file cannot be opened at all (not a database).
    """
    from invoicedesk.services import backup_runs
    from invoicedesk.services.system_checks import check_database, record
    from invoicedesk.store import migrations

    started = time.perf_counter()
    if is_postgres_url(target):
        try:
            open_database(target, actor=actor)
        except LedgerUnreachable as gone:
            if not offline_ok:
                raise
            open_offline(target, actor=actor)
            seconds = time.perf_counter() - started
            return StartupReport(True, False, gone.message, False, seconds, offline=True)
        moved = follow_replacements(target, actor)
        ok, message = check_database()
        return StartupReport(
            ok, False, message, False, time.perf_counter() - started, moved_to=moved
        )
    open_database(target, migrate=False, actor=actor)
    due = full_check_due()
    full = due and (not full_in_background or last_full_check_failed())
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
            backup_runs.snapshot_before("migration", actor)
        migrated = migrations.upgrade(database.obj, actor=actor)
    seconds = time.perf_counter() - started
    record("database", ok, message, seconds, "startup", actor)
    if full:
        record(FULL_CHECK_NAME, ok, message, seconds, "startup", actor)
    return StartupReport(True, False, message, full, seconds, migrated, due and not full)
