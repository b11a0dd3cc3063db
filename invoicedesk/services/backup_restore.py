"""Restoring a snapshot into a new file (or a new PostgreSQL database), restore drills, and
switching the ledger to a restored file without unlocking its locked months."""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.exchange import snapshot_verify
from invoicedesk.exchange.snapshot_manifest import SnapshotError
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.exchange.snapshot_restore import restore_snapshot
from invoicedesk.paths import attachments_dir
from invoicedesk.services.backup_listing import (
    SnapshotDamaged,
    find_snapshot,
    forget_lost_snapshots,
    list_snapshots,
    snapshot_engine,
)
from invoicedesk.services.backup_places import RESTORE_ORIGIN_KEY
from invoicedesk.services.backup_settings import destination_state
from invoicedesk.services.backup_views import (
    Cancelled,
    Progress,
    RestoredView,
    backup_message,
    snapshot_label,
)
from invoicedesk.services.errors import NotFound, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, page_log
from invoicedesk.store.backup_models import BackupSnapshot, RestoreDrill
from invoicedesk.store.database import is_postgres_url
from invoicedesk.store.models import database


def _locate(snapshot_id: str, to: str | None) -> Repository:
    view = find_snapshot(snapshot_id, to)
    return Repository(view.destination)


@guarded("backup.restore")
def restore_to(
    snapshot_id: str,
    new_path: str | Path | None,
    actor: str,
    *,
    to: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    log: bool = True,
    second_name: str = "",
    second_pin: str = "",
) -> RestoredView:
    """Restore a snapshot into a NEW file (never over an existing one) and say what it holds;
    a PostgreSQL snapshot into a NEW database (its URL is the result's ``path``).

    With accounts, a second person (会计 or 店长, not ``actor``) confirms with their PIN."""
    from invoicedesk.services.accounts import confirm_second_person

    confirm_second_person(actor, second_name, second_pin)
    repo = _locate(snapshot_id, to)
    result = _restore_new(repo, snapshot_id, new_path, progress, cancelled)
    if log:
        _log_drill(repo.destination, result, "restore", actor)
    return result


def _restore_error(snapshot_id: str, exc: SnapshotError) -> ServiceError:
    if exc.code == "damaged":
        return SnapshotDamaged(
            QT_TRANSLATE_NOOP("Service", "备份 {id} 已损坏，无法恢复（{detail}）：请选更早的备份"),
            id=snapshot_id,
            detail=exc.detail,
        )
    if exc.code == "disk_full":
        return ServiceError(
            QT_TRANSLATE_NOOP("Service", "磁盘空间不足，无法恢复到 {path}"), path=exc.path
        )
    if exc.code == "cancelled":
        return ServiceError(QT_TRANSLATE_NOOP("Service", "已取消恢复"))
    return ServiceError(
        QT_TRANSLATE_NOOP("Service", "恢复备份 {id} 失败：{detail}"),
        id=snapshot_id,
        detail=f"{exc.code} {exc.detail} {exc.path}".strip(),
    )


def inspect_restored(
    path: Path, repo: Repository, snapshot_id: str, started: float, thorough: bool = True
) -> RestoredView:
    """Check a restored file and compare it with its manifest."""
    found = snapshot_verify.inspect_restored(path, repo.load(snapshot_id), full_check=thorough)
    facts = found.facts
    return RestoredView(
        str(path),
        snapshot_id,
        str(repo.destination),
        facts.get("row_counts", {}),
        facts.get("audit_head", ""),
        facts.get("latest_invoice", {}),
        not found.problems,
        found.problems,
        time.perf_counter() - started,
    )


@guarded("backup.restore")
def restore_from(
    folder: str,
    snapshot_id: str,
    new_path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    actor: str = "",
    second_name: str = "",
    second_pin: str = "",
) -> RestoredView:
    """Restore from a folder into a new file without touching the (maybe damaged) ledger.

    With accounts, a second person (会计 or 店长, not ``actor``) confirms with their PIN."""
    from invoicedesk.services.accounts import confirm_second_person

    confirm_second_person(actor, second_name, second_pin)
    return _restore_new(Repository(folder), snapshot_id, new_path, progress, cancelled)


def _pg_view(
    path: str,
    repo: Repository,
    snapshot_id: str,
    problems: list[str],
    facts: dict[str, Any],
    seconds: float,
) -> RestoredView:
    return RestoredView(
        path,
        snapshot_id,
        str(repo.destination),
        facts.get("row_counts", {}),
        facts.get("audit_head", ""),
        facts.get("latest_invoice", {}),
        not problems,
        problems,
        seconds,
    )


def _restore_new(
    repo: Repository,
    snapshot_id: str,
    new_path: str | Path | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> RestoredView:
    if snapshot_engine(repo, snapshot_id) == "postgresql":
        # A NEW database beside the live one (``new_path``: its name; none: name + time).
        from invoicedesk.services import pg_backups

        try:
            url, problems, facts, seconds = pg_backups.restore_new(
                repo, snapshot_id, str(new_path or ""), cancelled
            )
        except SnapshotError as exc:
            raise _restore_error(snapshot_id, exc) from exc
        return _pg_view(url, repo, snapshot_id, problems, facts, seconds)
    if not new_path:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "请指定恢复到的新文件（--to NEWPATH）"))
    target = Path(new_path).expanduser()
    if target.exists():
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "文件 {path} 已存在：恢复只写入新文件，请换一个文件名"),
            path=str(target),
        )
    started = time.perf_counter()
    try:
        restore_snapshot(
            repo,
            snapshot_id,
            target,
            attachments=attachments_dir(str(target)),
            progress=progress,
            cancelled=cancelled,
        )
    except SnapshotError as exc:
        raise _restore_error(snapshot_id, exc) from exc
    return inspect_restored(target, repo, snapshot_id, started)


@dataclass(frozen=True)
class KeptLock:
    """A month the ledger had locked that a restored file has not: the restore keeps it."""

    period: str
    locked_at: str
    locked_by: str
    note: str
    audit_seq: int | None  # the lock's entry in the replaced ledger's audit chain
    audit_hash: str


def _locked_in_file(path: str | Path) -> set[str]:
    import sqlite3

    if is_postgres_url(str(path)):  # a database restored beside a PostgreSQL ledger
        from invoicedesk.store import pg_dump

        conn = pg_dump.connect(str(path))
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT period FROM period_lock")
                return {str(row[0]) for row in cur.fetchall()}
        finally:
            conn.close()
    path = Path(path)

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {str(row[0]) for row in conn.execute("SELECT period FROM period_lock")}
    except sqlite3.DatabaseError:  # no such table (a very old file): nothing locked there
        return set()
    finally:
        conn.close()


def locks_to_keep(restored: str | Path) -> list[KeptLock]:
    """Months the open ledger has locked and the restored file has not (a pre-lock snapshot).

    Read before switching: switching to the restored file would otherwise silently unlock them.
    """
    from peewee import DatabaseError

    from invoicedesk.services import period_locks as periods

    there = _locked_in_file(restored)
    try:
        live = periods.locked_periods()
    except DatabaseError:  # a damaged ledger (opened read-only) whose locks cannot be read
        return []
    kept = []
    for info in live:
        if info.period in there:
            continue
        entry = next(
            (
                e
                for e in reversed(audit.history("period", info.period))
                if e.action == "period.lock"
            ),
            None,
        )
        kept.append(
            KeptLock(
                info.period,
                info.locked_at,
                info.locked_by,
                info.note,
                int(entry.id) if entry else None,
                str(entry.hash) if entry else "",
            )
        )
    return sorted(kept, key=lambda k: k.period)


def log_restore(
    result: RestoredView,
    actor: str,
    *,
    kept_locks: list[KeptLock] | tuple[KeptLock, ...] = (),
    previous: str = "",
) -> None:
    """Record a restore in the ledger now open (after switching, the restored one).

    The months the replaced ledger had locked stay locked (``kept_locks``, from
    ``locks_to_keep``), each lock audited with where it came from; the ledger records which
    snapshot it was restored from and where the replaced file was kept (setting
    ``restore.origin``).
    """
    from invoicedesk.services.company import put_setting
    from invoicedesk.services.period_locks import anchor_lock
    from invoicedesk.store.models import PeriodLock

    _log_drill(Path(result.destination), result, "restore", actor)
    forget_lost_snapshots(actor)
    with database.atomic():
        for lock in kept_locks:
            if PeriodLock.get_or_none(PeriodLock.period == lock.period) is not None:
                continue
            kept = PeriodLock.create(
                period=lock.period,
                locked_at=lock.locked_at,
                locked_by=lock.locked_by,
                note=lock.note,
            )
            entry = audit.append(
                actor,
                "period.lock",
                "period",
                lock.period,
                None,
                {
                    "note": lock.note,
                    "kept_by_restore": True,
                    "locked_at": lock.locked_at,
                    "locked_by": lock.locked_by,
                    "from_file": previous,
                    "from_audit": {"seq": lock.audit_seq, "hash": lock.audit_hash},
                },
            )
            anchor_lock(kept, entry)
        put_setting(
            RESTORE_ORIGIN_KEY,
            {
                "snapshot": result.snapshot_id,
                "destination": result.destination,
                "restored_at": clock.stamp(),
                "restored_by": actor,
                "previous_file": previous,
                "kept_locks": [k.period for k in kept_locks],
            },
            actor,
        )


def restore_drill(
    actor: str,
    *,
    snapshot_id: str | None = None,
    to: str | None = None,
    cancelled: Cancelled | None = None,
) -> RestoredView:
    """演练: restore the newest (or the given) snapshot into a temporary place, check it, log it."""
    if snapshot_id is None:
        views = [v for v in list_snapshots(to) if not v.damaged]
        if not views:
            raise NotFound(QT_TRANSLATE_NOOP("Service", "没有可演练的备份：请先备份一次"))
        snapshot_id = views[0].id
        to = views[0].destination
    repo = _locate(snapshot_id, to)
    if snapshot_engine(repo, snapshot_id) == "postgresql":
        from invoicedesk.services import pg_backups

        try:
            problems, facts, seconds = pg_backups.drill(repo, snapshot_id, cancelled)
        except SnapshotError as exc:
            raise _restore_error(snapshot_id, exc) from exc
        result = _pg_view("", repo, snapshot_id, problems, facts, seconds)
        _log_drill(repo.destination, result, "drill", actor)
        return result
    with tempfile.TemporaryDirectory(prefix="invoicedesk-drill-") as tmp:
        target = Path(tmp) / "drill.sqlite"
        started = time.perf_counter()
        try:
            restore_snapshot(
                repo,
                snapshot_id,
                target,
                attachments=attachments_dir(str(target)),
                cancelled=cancelled,
            )
            result = inspect_restored(target, repo, snapshot_id, started)
        except SnapshotError as exc:
            result = RestoredView(
                "",
                snapshot_id,
                str(repo.destination),
                {},
                "",
                {},
                False,
                [f"{exc.code}: {exc.detail}"],
                time.perf_counter() - started,
            )
    _log_drill(repo.destination, result, "drill", actor)
    return result


def _log_drill(destination: Path, result: RestoredView, kind: str, actor: str) -> None:
    from invoicedesk.services.system_checks import record

    now = clock.stamp()
    detail = json.dumps(
        {
            "row_counts": result.row_counts,
            "latest_invoice": result.latest_invoice,
            "problems": result.problems,
        },
        ensure_ascii=False,
    )
    with database.atomic():
        row = RestoreDrill.create(
            ts=now,
            destination=str(destination),
            snapshot_id=result.snapshot_id,
            kind=kind,
            ok=result.ok,
            detail=detail,
            seconds=round(result.seconds, 3),
            actor=actor,
        )
        if result.ok:
            state = destination_state(str(destination))
            state.last_verified_at = now
            state.save(force_insert=state.id is None)
            BackupSnapshot.update(verified_at=now, verified_ok=True).where(
                (BackupSnapshot.destination == str(destination))
                & (BackupSnapshot.snapshot_id == result.snapshot_id)
            ).execute()
        audit.append(
            actor,
            f"restore.{kind}",
            "restore_drill",
            row.id,
            None,
            {"snapshot": result.snapshot_id, "ok": result.ok},
        )
    if kind == "drill":
        if result.ok:
            message = backup_message(
                QT_TRANSLATE_NOOP(
                    "Backup", "恢复演练成功：备份 {id} 可以完整恢复（发票 {count} 张）"
                ),
                id=snapshot_label(result.snapshot_id),
                count=result.row_counts.get("invoice", 0),
            )
        else:
            message = backup_message(
                QT_TRANSLATE_NOOP("Backup", "恢复演练失败：备份 {id}：{detail}"),
                id=snapshot_label(result.snapshot_id),
                detail="; ".join(result.problems),
            )
        record("restore_drill", result.ok, message, result.seconds, "backup", actor)


def switch_database(current: Path, restored: Path, now: datetime | None = None) -> Path:
    """Put a restored file in place of the current database; the current one is kept aside.

    Call with the database closed. Returns where the previous database now lives. Its WAL, page
    log and attachment folder move with it (the restored file starts without a log, so its first
    incremental compares every page).
    """
    current, restored = Path(current), Path(restored)
    if not restored.is_file():
        raise NotFound(
            QT_TRANSLATE_NOOP("Service", "找不到恢复出的文件 {path}"), path=str(restored)
        )
    stamp = (now or clock.now()).astimezone(SHOP_TZ).strftime("%Y%m%d-%H%M%S")
    aside = current.with_name(f"{current.name}.before-restore-{stamp}")
    if current.exists():
        os.replace(current, aside)
        for suffix in ("-wal", "-shm", page_log.SUFFIX):
            extra = Path(f"{current}{suffix}")
            if extra.exists():
                os.replace(extra, Path(f"{aside}{suffix}"))
        files = attachments_dir(str(current))
        if files.exists():
            os.replace(files, attachments_dir(str(aside)))
    os.replace(restored, current)
    new_files = attachments_dir(str(restored))
    if new_files.exists():
        os.replace(new_files, attachments_dir(str(current)))
    return aside
