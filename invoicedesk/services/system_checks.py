"""Health checks of the shop's system, each one logged (the merchant guide: check regularly).

Used by the health dashboard, the incident wizard's quick checks and start-up. Every run is kept
in the system-check log with time, check, result and who ran it.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from peewee import DatabaseError, PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.services.company import get_setting
from invoicedesk.store import audit
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.health_models import SystemCheck
from invoicedesk.store.models import database

CONTEXT = "Check"
PLATFORM_ADDRESS_KEY = "platform_address"  # e.g. https://dppt.example.gov.cn:8443
LOW_DISK_BYTES = 1 << 30


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: Message
    seconds: float

    @property
    def text(self) -> str:
        return str(self.detail)


@dataclass(frozen=True)
class LoggedCheck:
    id: int
    ts: str
    name: str
    ok: bool
    detail: str
    source: str
    actor: str


def _msg(source: str, **params: object) -> Message:
    return Message(CONTEXT, source, params)


def check_database(full: bool = False) -> tuple[bool, Message]:
    """SQLite's quick_check (integrity_check when ``full``); PostgreSQL answers a query."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT 1")
        return True, _msg(QT_TRANSLATE_NOOP("Check", "数据库服务器响应正常"))
    path = sqlite_path(db)
    if path is not None and path.is_file():
        return check_sqlite_file(path, full)
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in db.execute_sql(f"PRAGMA {pragma}").fetchall()]
    except (DatabaseError, sqlite3.DatabaseError) as exc:  # the check itself can fail on it
        rows = [str(exc)]
    return _integrity_answer(rows)


def check_sqlite_file(path: Path, full: bool = False) -> tuple[bool, Message]:
    """The check on a read-only connection of its own, so it may run on any thread beside the
    app's work. Memory-mapped reads make it about twice as fast as through read()."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        try:
            conn.execute(f"PRAGMA mmap_size = {min(path.stat().st_size, 1 << 34)}")
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, OSError) as exc:  # the check itself can fail on it
        rows = [str(exc)]
    return _integrity_answer(rows)


def _integrity_answer(rows: list[str]) -> tuple[bool, Message]:
    if rows == ["ok"]:
        return True, _msg(QT_TRANSLATE_NOOP("Check", "数据库文件完整"))
    return False, _msg(
        QT_TRANSLATE_NOOP("Check", "数据库文件已损坏：{first}"), first=rows[0] if rows else "?"
    )


def check_audit_chain() -> tuple[bool, Message]:
    """The chain, the live records against their after-images, and the anchors."""
    from invoicedesk.services.auditing import verify_audit

    report = verify_audit()
    if report.ok:
        return True, _msg(
            QT_TRANSLATE_NOOP("Check", "审计链完整（{count} 条），{records} 条记录与之一致"),
            count=report.entries,
            records=report.records_checked,
        )
    if report.problem is not None:
        return False, report.problem
    problems = [*report.anchor_problems, *(f.message for f in report.findings if f.message)]
    if len(problems) == 1:
        return False, problems[0]
    return False, _msg(
        QT_TRANSLATE_NOOP("Check", "{first}（另有 {more} 处问题，见审计日志页）"),
        first=problems[0],
        more=len(problems) - 1,
    )


def check_disk_space(folder: Path | None = None) -> tuple[bool, Message]:
    path = folder or (sqlite_path(database.obj) or Path.home()).parent
    usage = shutil.disk_usage(path)
    free_gb = f"{usage.free / 2**30:.1f}"
    if usage.free < LOW_DISK_BYTES:
        return False, _msg(
            QT_TRANSLATE_NOOP("Check", "磁盘剩余空间不足：仅剩 {free} GB（{path}）"),
            free=free_gb,
            path=str(path),
        )
    return True, _msg(QT_TRANSLATE_NOOP("Check", "磁盘剩余 {free} GB"), free=free_gb)


def check_platform(address: str | None = None, timeout: float = 3.0) -> tuple[bool, Message]:
    """Can this computer open a connection to the tax platform's address?"""
    address = address if address is not None else str(get_setting(PLATFORM_ADDRESS_KEY, "") or "")
    if not address:
        return False, _msg(
            QT_TRANSLATE_NOOP("Check", "未设置电子发票服务平台地址：请在应急预案中填写")
        )
    parts = urlsplit(address if "://" in address else f"https://{address}")
    host = parts.hostname or ""
    port = parts.port or (80 if parts.scheme == "http" else 443)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        return False, _msg(
            QT_TRANSLATE_NOOP("Check", "无法连接 {host}:{port}（{reason}）"),
            host=host,
            port=port,
            reason=_reason(exc),
        )
    return True, _msg(QT_TRANSLATE_NOOP("Check", "可以连接 {host}:{port}"), host=host, port=port)


CHECKS: dict[str, Callable[[], tuple[bool, Message]]] = {
    "database": check_database,
    "audit_chain": check_audit_chain,
    "disk_space": check_disk_space,
    "platform": check_platform,
}
CHECK_TITLES = {
    "database": QT_TRANSLATE_NOOP("Check", "数据库完整性"),
    "audit_chain": QT_TRANSLATE_NOOP("Check", "审计链"),
    "disk_space": QT_TRANSLATE_NOOP("Check", "磁盘空间"),
    "platform": QT_TRANSLATE_NOOP("Check", "电子发票服务平台连通性"),
    "maintenance": QT_TRANSLATE_NOOP("Check", "数据库维护"),
    "database_full": QT_TRANSLATE_NOOP("Check", "数据库完整检查（每周）"),
    "backups": QT_TRANSLATE_NOOP("Check", "备份"),
    "open_items": QT_TRANSLATE_NOOP("Check", "未完成事项"),
}
SOURCE_LABELS = {
    "startup": QT_TRANSLATE_NOOP("Check", "启动时"),
    "background": QT_TRANSLATE_NOOP("Check", "后台"),
    "wizard": QT_TRANSLATE_NOOP("Check", "应急向导"),
    "dashboard": QT_TRANSLATE_NOOP("Check", "体检页"),
    "backup": QT_TRANSLATE_NOOP("Check", "备份"),
    "manual": QT_TRANSLATE_NOOP("Check", "手动"),
    "window": QT_TRANSLATE_NOOP("Check", "维护时段"),
    "exit": QT_TRANSLATE_NOOP("Check", "关闭程序时"),
    "cli": QT_TRANSLATE_NOOP("Check", "命令行"),
}


def check_title(name: str) -> str:
    """A check's name as staff read it (the stored key only for a check this version lacks)."""
    title = CHECK_TITLES.get(name)
    return translate("Check", title) if title else name


def source_label(source: str) -> str:
    """Who ran a check: start-up, the background, the incident wizard or the health page."""
    label = SOURCE_LABELS.get(source)
    return translate("Check", label) if label else source


def _reason(exc: OSError) -> Message:
    """Why a connection failed, in the interface language (the system's text is English)."""
    if isinstance(exc, socket.gaierror):
        return _msg(QT_TRANSLATE_NOOP("Check", "找不到这个地址"))
    if isinstance(exc, TimeoutError | socket.timeout):
        return _msg(QT_TRANSLATE_NOOP("Check", "连接超时"))
    if isinstance(exc, ConnectionRefusedError):
        return _msg(QT_TRANSLATE_NOOP("Check", "对方拒绝连接"))
    if isinstance(exc, ConnectionResetError):
        return _msg(QT_TRANSLATE_NOOP("Check", "连接被中断"))
    return _msg(
        QT_TRANSLATE_NOOP("Check", "网络错误（{detail}）"),
        detail=exc.strerror or type(exc).__name__,
    )


def record(name: str, ok: bool, detail: Message, seconds: float, source: str, actor: str) -> None:
    """Log one check result (a check run elsewhere, e.g. a backup verification, uses this too)."""
    with database.atomic():
        row = SystemCheck.create(
            ts=clock.stamp(),
            name=name,
            ok=ok,
            detail=str(detail),
            seconds=round(seconds, 3),
            source=source,
            actor=actor,
        )
        audit.append(actor, "check.run", "system_check", row.id, None, {"name": name, "ok": ok})


def run_checks(
    names: Sequence[str] = tuple(CHECKS), *, source: str = "manual", actor: str
) -> list[CheckResult]:
    """Run the named checks, log each, and return the results in order."""
    results = []
    for name in names:
        started = time.perf_counter()
        try:
            ok, detail = CHECKS[name]()
        except Exception as exc:  # a failing check is a result, not a crash
            ok, detail = (
                False,
                _msg(
                    QT_TRANSLATE_NOOP("Check", "检查出错：{reason}"), reason=str(exc) or repr(exc)
                ),
            )
        seconds = time.perf_counter() - started
        record(name, ok, detail, seconds, source, actor)
        results.append(CheckResult(name, ok, detail, seconds))
    return results


def recent_checks(limit: int = 100, name: str | None = None) -> list[LoggedCheck]:
    query = SystemCheck.select().order_by(SystemCheck.id.desc()).limit(limit)
    if name:
        query = query.where(SystemCheck.name == name)
    return [LoggedCheck(c.id, c.ts, c.name, bool(c.ok), c.detail, c.source, c.actor) for c in query]
