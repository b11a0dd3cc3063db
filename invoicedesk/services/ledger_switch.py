"""Switching the open ledger to a restored file: the steps the backup page's "switch" runs.

Runs on the database worker, as one use case: a snapshot of the ledger about to be put aside
(unless it was opened read-only, i.e. damaged), the months it has locked that the restored file
has not (they stay locked), the swap itself with the database closed, the checked reopen, and the
audited restore entry. Plain data in (paths, the restored snapshot's view), plain data out.

On PostgreSQL a restore made a NEW database beside the open one: switching opens that one
instead (the old one stays on the server as it was, so no snapshot is needed), and the place the
ledger now lives changes; ``moved_to`` is how the next start finds it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.services import backup_restore, backup_runs, backup_views, startup
from invoicedesk.services.startup import StartupReport
from invoicedesk.store import audit, pg_dump
from invoicedesk.store.database import close_database, is_postgres_url, open_database, redact
from invoicedesk.store.models import database


@dataclass(frozen=True)
class Switched:
    report: StartupReport  # how the restored file opened (read-only when it is damaged too)
    kept_periods: list[str]  # months still locked although the restored file had them open
    previous: str  # where the ledger that was open now lives (renamed beside it; a URL: as was)
    # Where the ledger is now: the same file, or the restored database's URL (with the password
    # of the one it replaced, if that URL had one: never to be stored as is).
    target: str = ""


def switch_to_restored(
    target: str,
    restored: str,
    view: backup_views.RestoredView,
    actor: str,
    *,
    was_read_only: bool = False,
) -> Switched:
    """Put ``restored`` in place of the open ledger ``target`` and open it again, checked."""
    if is_postgres_url(target):
        return _switch_to_database(target, restored, view, actor)
    if not was_read_only:
        backup_runs.snapshot_before("restore", actor)
    kept = backup_restore.locks_to_keep(Path(restored))  # months the restore must not unlock
    close_database()
    aside = backup_restore.switch_database(Path(target), Path(restored))
    report = startup.open_checked(target, actor)
    if not report.read_only:
        backup_restore.log_restore(view, actor, kept_locks=kept, previous=str(aside))
    return Switched(report, [k.period for k in kept], str(aside), target)


def restored_url(target: str, restored: str) -> str:
    """The restored database (``restored``: its URL as shown, without a password) reached as
    ``target`` is: the same server, user and options, so with the same password."""
    return pg_dump.with_name(target, pg_dump.db_name(restored))


def _switch_to_database(
    target: str, restored: str, view: backup_views.RestoredView, actor: str
) -> Switched:
    new = restored_url(target, restored)
    kept = backup_restore.locks_to_keep(new)
    name = pg_dump.db_name(restored)
    # The old ledger's last entry says where it went: the other counters and scripts still on
    # it are refused at their next write and follow at their next start (store/audit.py).
    with database.atomic():
        audit.append(actor, audit.REPLACED, "ledger", "", None, {"database": name})
    close_database()
    try:
        report = startup.open_checked(new, actor)
    except Exception:
        # Still on the ledger that was open, not on none: as it is (checked a moment ago), not
        # followed to the database that just failed.
        open_database(target, actor=actor)
        with database.atomic():
            audit.append(actor, audit.REPLACE_UNDONE, "ledger", "", None, {"database": name})
        raise
    if not report.read_only:
        backup_restore.log_restore(view, actor, kept_locks=kept, previous=redact(target))
    return Switched(report, [k.period for k in kept], redact(target), new)


def replaced_notice() -> Message | None:
    """Why nothing more can be recorded in the open ledger (a restore at another counter put a
    new database in its place), or None: the usual case."""
    refused = audit.replacement()
    if refused is None:
        return None
    return Message(
        "Backup",
        QT_TRANSLATE_NOOP(
            "Backup",
            "这个台账已于 {time} 由 {actor} 从备份恢复为新数据库 {database}，这里不能再登记或修改。"
            "请关闭发票台账助手后重新打开：它会打开新数据库。",
        ),
        {
            "time": clock.to_local(refused.ts).strftime("%Y-%m-%d %H:%M"),
            "actor": refused.actor,
            "database": refused.database_name,
        },
    )


def moved_to(started: str, moves: dict[str, str]) -> str:
    """Where the ledger started as ``started`` lives after the switches in ``moves`` (each
    ledger URL without password -> the database switched to), reached with ``started``'s
    credentials. Only the database's name is taken from ``moves``: never another server."""
    if not is_postgres_url(started):
        return started  # a file switched in place: the same path opens the restored data
    seen = {without_password(started)}
    now = started
    while (nxt := moves.get(without_password(now))) and nxt not in seen:
        seen.add(nxt)
        now = restored_url(now, nxt)
    return now


def without_password(url: str) -> str:
    """A URL as it may be kept in settings."""
    return pg_dump.no_password(url) if is_postgres_url(url) else url
