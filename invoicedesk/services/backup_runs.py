"""Taking snapshots: by the policy, on demand, before something risky, and at exit."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from invoicedesk import __version__
from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange.snapshot_manifest import Manifest, SnapshotError
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.exchange.snapshot_write import create_snapshot
from invoicedesk.paths import attachments_dir
from invoicedesk.services.backup_places import list_destinations
from invoicedesk.services.backup_retention import prune
from invoicedesk.services.backup_settings import (
    Policy,
    destinations_for,
    get_policy,
    set_destination_state,
)
from invoicedesk.services.backup_views import (
    Cancelled,
    Progress,
    RunOutcome,
    backup_message,
    kind_text,
    missing_message,
    parse_stamp,
    size_text,
    snapshot_view,
)
from invoicedesk.services.errors import ServiceError
from invoicedesk.store import audit
from invoicedesk.store.backup_models import BackupSnapshot
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.models import AuditEntry, database

# What a backup itself writes into the ledger; it does not make a new backup necessary.
_OWN_ACTIONS = ("backup.", "check.run", "restore.")


def _live() -> Path | str:
    """The SQLite file, or the PostgreSQL ledger's URL (backed up with pg_dump)."""
    path = sqlite_path(database.obj)
    if path is None:
        from invoicedesk.services import pg_backups

        url = pg_backups.live_url()
        pg_backups.preflight(url)
        return url
    return path


def _choose_kind(
    manifests: list[Manifest], policy: Policy, now: datetime
) -> tuple[str, str | None]:
    """Full when none is recent enough (or nothing to build on), else incremental on the newest."""
    fulls = [m for m in manifests if m.kind == "full"]
    if not fulls or not manifests:
        return "full", None
    newest_full = datetime.fromisoformat(fulls[-1].created)
    if now - newest_full >= timedelta(days=policy.full_every_days):
        return "full", None
    return "incremental", manifests[-1].id


def _usable(repo: Repository) -> list[Manifest]:
    """Readable SQLite snapshots whose chain is readable too, oldest first (an incremental
    builds on one of these; a PostgreSQL ledger's pg_dump in the same folder never serves)."""
    good, _bad = repo.manifests()
    good = [m for m in good if m.engine == "sqlite"]
    ids = {m.id for m in good}
    by_id = {m.id: m for m in good}
    out = []
    for m in good:
        current: Manifest | None = m
        while current is not None and current.parent is not None:
            current = by_id.get(current.parent) if current.parent in ids else None
        if current is not None and current.kind == "full":
            out.append(m)
    return out


def run_backup(
    actor: str,
    *,
    kind: str | None = None,
    to: str | None = None,
    reason: str = "manual",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
) -> list[RunOutcome]:
    """One snapshot in each destination (or only in ``to``); ``kind`` None follows the policy."""
    live = _live()
    policy = get_policy()
    moment = now or clock.now()
    outcomes = []
    first: Any = None  # PostgreSQL: the run's one pg_dump, copied to the other places
    for dest in destinations_for(to):
        outcome = _backup_one(
            live, dest.path, kind, policy, reason, actor, moment, progress, cancelled, first
        )
        if isinstance(live, str) and outcome.snapshot is not None and first is None:
            from invoicedesk.services import pg_backups

            made = Repository(dest.path).load(outcome.snapshot.id)
            first = pg_backups.dumped(dest.path, made)
        outcomes.append(outcome)
    return outcomes


def _backup_one(
    live: Path | str,
    path: str,
    kind: str | None,
    policy: Policy,
    reason: str,
    actor: str,
    now: datetime,
    progress: Progress | None,
    cancelled: Cancelled | None,
    pg_first: Any = None,
) -> RunOutcome:
    repo = Repository(path)
    if not repo.available():
        message = missing_message(path)
        _record_state(path, "missing", message, actor)
        return RunOutcome(path, False, message, "missing")
    try:
        repo.ensure()
        repo.clean_partial()
        usable = _usable(repo)
        chosen, parent = _choose_kind(usable, policy, now)
        if kind == "full":
            chosen, parent = "full", None
        elif kind == "incremental" and usable:
            chosen, parent = "incremental", usable[-1].id
        if isinstance(live, str):  # PostgreSQL: always a full pg_dump
            from invoicedesk.services import pg_backups

            manifest = pg_backups.create_snapshot(
                live, path, reason=reason, cancelled=cancelled, now=now, copy_of=pg_first
            )
        else:
            manifest = create_snapshot(
                live,
                path,
                kind=chosen,
                parent=parent,
                attachments=attachments_dir(str(live)),
                app_version=__version__,
                reason=reason,
                progress=progress,
                cancelled=cancelled,
                now=now,
            )
    except SnapshotError as exc:
        message = _failure_message(path, exc, repo)
        status = exc.code if exc.code in ("missing", "disk_full") else "error"
        if exc.code != "cancelled":
            _record_state(path, status, message, actor)
        return RunOutcome(path, False, message, exc.code)
    pruned = prune(path, policy)
    with database.atomic():
        row = BackupSnapshot.create(
            destination=path,
            snapshot_id=manifest.id,
            kind=manifest.kind,
            parent=manifest.parent or "",
            created_at=manifest.created,
            reason=reason,
            db_bytes=manifest.db_bytes,
            bytes_written=manifest.bytes_written,
            audit_entries=manifest.audit_entries,
            seconds=round(manifest.seconds, 3),
        )
        if pruned:
            BackupSnapshot.update(deleted_at=clock.stamp()).where(
                (BackupSnapshot.destination == path) & BackupSnapshot.snapshot_id.in_(pruned)
            ).execute()
        message = backup_message(
            QT_TRANSLATE_NOOP("Backup", "已备份到 {path}（{kind}，写入 {size}）"),
            path=path,
            kind=kind_text(manifest.kind),
            size=size_text(manifest.bytes_written),
        )
        set_destination_state(path, "ok", message, last_backup_at=clock.stamp())
        audit.append(
            actor,
            "backup.run",
            "backup_snapshot",
            row.id,
            None,
            {
                "destination": path,
                "snapshot": manifest.id,
                "kind": manifest.kind,
                "reason": reason,
                "pruned": pruned,
            },
        )
    return RunOutcome(path, True, message, "", snapshot_view(path, manifest, row), pruned)


def _record_state(path: str, status: str, message: Message, actor: str) -> None:
    with database.atomic():
        set_destination_state(path, status, message)
        audit.append(actor, "backup.failed", "backup_destination", path, None, {"status": status})


def _failure_message(path: str, exc: SnapshotError, repo: Repository) -> Message:
    if exc.code == "missing":
        return missing_message(path)
    earlier = len(repo.snapshot_ids())
    if exc.code == "disk_full":
        return backup_message(
            QT_TRANSLATE_NOOP(
                "Backup",
                "备份位置 {path} 的磁盘已满，本次备份没有完成（已清除未写完的部分）；"
                "之前的 {count} 个备份完好无损。请换一个更大的U盘或删除不需要的文件",
            ),
            path=path,
            count=earlier,
        )
    if exc.code == "no_permission":
        return backup_message(
            QT_TRANSLATE_NOOP(
                "Backup", "没有权限写入备份位置 {path}；之前的 {count} 个备份完好无损"
            ),
            path=path,
            count=earlier,
        )
    if exc.code == "cancelled":
        return backup_message(
            QT_TRANSLATE_NOOP("Backup", "已取消备份到 {path}，之前的备份不受影响"), path=path
        )
    return backup_message(
        QT_TRANSLATE_NOOP(
            "Backup", "备份到 {path} 失败（{reason}）；之前的 {count} 个备份完好无损"
        ),
        path=path,
        reason=f"{exc.detail} {exc.path}".strip() or exc.code,
        count=earlier,
    )


def snapshot_before(reason: str, actor: str) -> list[RunOutcome]:
    """A forced snapshot before something risky (migration, restore, month lock).

    Writes to every destination that is present; a missing one is reported, not fatal. Returns
    [] when no destination is set.
    """
    live = sqlite_path(database.obj)
    if not list_destinations():
        return []
    if live is None:  # PostgreSQL: a pg_dump, once its backup tables exist
        if not database.obj.table_exists(BackupSnapshot._meta.table_name):
            return []
        try:
            return run_backup(actor, reason=reason)
        except ServiceError as exc:  # no usable pg_dump: reported, not fatal, as a missing place
            return [RunOutcome(d.path, False, exc.message, "no_tool") for d in list_destinations()]
    if not database.obj.table_exists(BackupSnapshot._meta.table_name):
        return _files_only(live, reason)  # an older schema, before its migration
    return run_backup(actor, reason=reason)


def _files_only(live: Path, reason: str) -> list[RunOutcome]:
    """Snapshots without recording them (the backup tables do not exist yet)."""
    outcomes = []
    for dest in list_destinations():
        repo = Repository(dest.path)
        if not repo.available():
            outcomes.append(RunOutcome(dest.path, False, missing_message(dest.path), "missing"))
            continue
        try:
            repo.ensure()
            usable = _usable(repo)
            parent = usable[-1].id if usable else None
            manifest = create_snapshot(
                live,
                dest.path,
                kind="incremental" if parent else "full",
                parent=parent,
                attachments=attachments_dir(str(live)),
                app_version=__version__,
                reason=reason,
            )
        except SnapshotError as exc:
            outcomes.append(
                RunOutcome(dest.path, False, _failure_message(dest.path, exc, repo), exc.code)
            )
            continue
        message = backup_message(QT_TRANSLATE_NOOP("Backup", "已备份到 {path}"), path=dest.path)
        outcomes.append(
            RunOutcome(dest.path, True, message, "", snapshot_view(dest.path, manifest))
        )
    return outcomes


def something_changed() -> bool:
    """Has anything but backups and checks been written since the newest snapshot?"""
    newest = BackupSnapshot.select(BackupSnapshot.audit_entries).order_by(
        BackupSnapshot.audit_entries.desc()
    )
    last = newest.scalar() or 0
    query = AuditEntry.select(AuditEntry.action).where(AuditEntry.id > last)
    return any(not row.action.startswith(_OWN_ACTIONS) for row in query.limit(10_000))


def due_kind(now: datetime | None = None) -> str | None:
    """What the policy asks for now: 'full', 'incremental' or None (recent enough everywhere)."""
    policy = get_policy()
    moment = now or clock.now()
    wanted: str | None = None
    for dest in list_destinations():
        rows = list(
            BackupSnapshot.select()
            .where((BackupSnapshot.destination == dest.path) & (BackupSnapshot.deleted_at == ""))
            .order_by(BackupSnapshot.created_at.desc())
        )
        fulls = [r for r in rows if r.kind == "full"]
        if not fulls or moment - parse_stamp(fulls[0].created_at) >= timedelta(
            days=policy.full_every_days
        ):
            return "full"
        if moment - parse_stamp(rows[0].created_at) >= timedelta(
            days=policy.incremental_every_days
        ):
            wanted = "incremental"
    return wanted


def backup_on_exit(actor: str) -> list[RunOutcome]:
    """At exit: a snapshot when the policy wants one and something changed."""
    if not list_destinations():
        return []
    if not get_policy().on_exit or not something_changed():
        return []
    if audit.replacement() is not None:
        return []  # a restore elsewhere replaced this ledger: its backups are the new one's
    return run_backup(actor, reason="exit")
