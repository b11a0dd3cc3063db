"""Preventive maintenance (预防性维护): statistics, the search index merged, the WAL emptied.

Run in the owner's window by the app, at exit when the computer is off at night, or by the OS
scheduler (``invoicedesk … maintain``). Never while someone is writing: it takes the writers'
turn first and gives up (reported, not logged as a failure) when another program keeps it. Each
run is kept in the system-check log with how long each step took.

SQLite: ``ANALYZE`` and ``PRAGMA optimize`` (the planner's statistics), the FTS5 index merged
into one segment (``'optimize'``), then the WAL's pages logged for the incremental backups and
the WAL checkpointed and truncated. PostgreSQL: ``VACUUM (ANALYZE)`` of the ledger's tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import Database, PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.maintenance import SETTING_KEY, MaintenanceWindow, window_from_setting
from invoicedesk.services import system_checks
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.session import guarded
from invoicedesk.store import page_log
from invoicedesk.store.database import BUSY_TIMEOUT_S, sqlite_path
from invoicedesk.store.health_models import SystemCheck
from invoicedesk.store.models import database
from invoicedesk.store.writer_queue import WriterBusy, WriterQueue

CHECK_NAME = "maintenance"
STEP_TITLES = {
    "analyze": QT_TRANSLATE_NOOP("Maintenance", "更新统计信息"),
    "search_index": QT_TRANSLATE_NOOP("Maintenance", "整理搜索索引"),
    "wal": QT_TRANSLATE_NOOP("Maintenance", "写入日志归档并清空"),
    "vacuum": QT_TRANSLATE_NOOP("Maintenance", "整理表并更新统计信息"),
}


@dataclass(frozen=True)
class MaintenanceReport:
    ran: bool
    steps: tuple[tuple[str, float], ...]  # (step, seconds)
    seconds: float
    wal_bytes_before: int = 0
    wal_bytes_after: int = 0
    skipped: Message | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "ran": self.ran,
            "seconds": round(self.seconds, 3),
            "steps": [{"step": name, "seconds": round(s, 3)} for name, s in self.steps],
            "wal_bytes_before": self.wal_bytes_before,
            "wal_bytes_after": self.wal_bytes_after,
            "skipped": str(self.skipped) if self.skipped else None,
        }


def step_title(name: str) -> str:
    return str(Message("Maintenance", STEP_TITLES.get(name, name), {}))


def maintenance_window() -> MaintenanceWindow:
    return window_from_setting(get_setting(SETTING_KEY))


@guarded("settings.edit")
def set_maintenance_window(window: MaintenanceWindow, actor: str) -> None:
    put_setting(SETTING_KEY, window.to_setting(), actor)


def last_run() -> datetime | None:
    row = (
        SystemCheck.select(SystemCheck.ts)
        .where((SystemCheck.name == CHECK_NAME) & (SystemCheck.ok == True))  # noqa: E712
        .order_by(SystemCheck.id.desc())
        .first()
    )
    return clock.to_local(row.ts) if row else None


def due_now(*, at_exit: bool = False) -> bool:
    """In the window and not yet run in it; or, at exit, ``every_days`` since the last run."""
    window = maintenance_window()
    now = clock.local_now()
    last = last_run()
    if at_exit:
        return window.due_at_exit(now, last)
    return window.due_in_window(now, last)


def run_maintenance(
    actor: str,
    *,
    source: str = "manual",
    wait: float = 0.0,
    progress: Callable[[str], None] | None = None,
) -> MaintenanceReport:
    """Run every step now, unless someone is writing (then wait up to ``wait`` seconds)."""
    db = database.obj
    started = time.perf_counter()
    steps: list[tuple[str, float]] = []
    live = sqlite_path(db)
    wal = Path(f"{live}-wal") if live else None
    wal_before = _size(wal)
    queue = getattr(db, "_writers", None) or (WriterQueue(live) if live else None)
    try:
        if queue is not None:
            queue.acquire(wait)
    except WriterBusy:
        return MaintenanceReport(
            False,
            (),
            time.perf_counter() - started,
            wal_before,
            wal_before,
            Message(
                "Maintenance",
                QT_TRANSLATE_NOOP("Maintenance", "有人正在录入，维护推迟到下次"),
                {},
            ),
        )
    try:
        if isinstance(db, PostgresqlDatabase):
            _step(steps, "vacuum", progress, lambda: _vacuum(db))
        elif live is not None:
            _step(steps, "analyze", progress, lambda: _analyze(db))
            _step(steps, "search_index", progress, lambda: _merge_search_index(db))
            _step(steps, "wal", progress, lambda: _empty_wal(db, live))
    finally:
        if queue is not None:
            queue.release()
    seconds = time.perf_counter() - started
    report = MaintenanceReport(True, tuple(steps), seconds, wal_before, _size(wal))
    detail = Message(
        "Check",
        QT_TRANSLATE_NOOP("Check", "维护完成：{steps}"),
        {"steps": "；".join(f"{step_title(name)} {s:.1f} 秒" for name, s in steps)},
    )
    system_checks.record(CHECK_NAME, True, detail, seconds, source, actor)
    return report


def _step(
    steps: list[tuple[str, float]],
    name: str,
    progress: Callable[[str], None] | None,
    work: Callable[[], None],
) -> None:
    if progress:
        progress(name)
    began = time.perf_counter()
    work()
    steps.append((name, time.perf_counter() - began))


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path else 0
    except OSError:
        return 0


def _analyze(db: Database) -> None:
    db.execute_sql("ANALYZE")
    db.execute_sql("PRAGMA optimize")


def _merge_search_index(db: Database) -> None:
    with db.atomic():
        db.execute_sql("INSERT INTO invoice_fts(invoice_fts) VALUES ('optimize')")


def _empty_wal(db: Database, live: Path) -> None:
    """Log the WAL's pages (the incremental backups rely on it), then checkpoint and truncate.
    The writers' turn is ours, so nothing of this app writes between the two; another program's
    write would show as a break in the page log (a full scan at the next backup), never a gap."""
    page_log.harvest_now(live, timeout=BUSY_TIMEOUT_S)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _vacuum(db: Database) -> None:
    for table in db.get_tables():
        db.execute_sql(f'VACUUM (ANALYZE) "{table}"')
