"""Backups that are proven to restore: destinations, policy, snapshots, verify, restore, drills.

Destinations (any folders: a USB drive, a network share, a cloud-synced folder) and the policy are
business settings, so they travel with the ledger. Each destination holds its own repository
(exchange/snapshots.py) and its own state; a missing one is reported while the others are served.
The files are written by the exchange layer; this module decides what to write, records what
happened (audited) and words the outcome for the user. A PostgreSQL ledger's snapshots are
pg_dump files in the same layout (services/pg_backups.py): chosen by the live database when
backing up, by the manifest's ``engine`` when verifying, drilling and restoring.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from invoicedesk import __version__
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange import snapshot_verify
from invoicedesk.exchange.snapshot_manifest import Manifest, SnapshotError
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.exchange.snapshot_restore import PieceCheck, restore_snapshot
from invoicedesk.exchange.snapshot_verify import VerifyOutcome, verify_snapshot
from invoicedesk.exchange.snapshot_write import create_snapshot
from invoicedesk.paths import attachments_dir
from invoicedesk.services.backup_places import (
    DESTINATIONS_KEY,
    RESTORE_ORIGIN_KEY,
    Destination,
    list_destinations,
)
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import NotFound, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, page_log
from invoicedesk.store.backup_models import (
    BackupDestinationState,
    BackupSnapshot,
    BackupVerification,
    RestoreDrill,
)
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.models import AuditEntry, database

CONTEXT = "Backup"
POLICY_KEY = "backup.policy"
VERIFY_WARN_DAYS = 8
# integrity_check reads every index against its table (15 s at a million invoices); above this
# size routine verification uses quick_check, restore drills always run the full check.
FULL_CHECK_LIMIT = 256 << 20
# What a backup itself writes into the ledger; it does not make a new backup necessary.
_OWN_ACTIONS = ("backup.", "check.run", "restore.")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _msg(source: str, **params: Any) -> Message:
    return Message(CONTEXT, source, params)


SNAPSHOT_KINDS = {
    "full": QT_TRANSLATE_NOOP("Backup", "完整备份"),
    "incremental": QT_TRANSLATE_NOOP("Backup", "增量备份"),
}


def snapshot_label(snapshot_id: str) -> Message | str:
    """A snapshot as a person names it: its local time and kind, not its UTC file name."""
    stamp, _, kind = snapshot_id.partition("-")
    try:
        moment = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return snapshot_id
    local = moment.astimezone(SHOP_TZ)
    kind_text = SNAPSHOT_KINDS.get(kind)
    if kind_text is None:
        return f"{local:%Y-%m-%d %H:%M:%S}"
    return _msg(
        QT_TRANSLATE_NOOP("Backup", "{time}（{kind}）"),
        time=f"{local:%Y-%m-%d %H:%M:%S}",
        kind=Message(CONTEXT, kind_text),
    )


@dataclass(frozen=True)
class Policy:
    full_every_days: int = 7
    incremental_every_days: int = 1
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    on_exit: bool = True


@dataclass(frozen=True)
class DestinationView:
    path: str
    label: str
    available: bool
    status: str  # ok, missing, disk_full, error, unknown
    detail: str
    last_backup_at: str
    last_verified_at: str
    free_bytes: int | None


@dataclass(frozen=True)
class SnapshotView:
    destination: str
    id: str
    kind: str
    parent: str | None
    created: str  # UTC ISO
    reason: str
    db_bytes: int
    bytes_written: int
    invoices: int
    audit_entries: int
    latest_invoice: dict[str, Any]
    verified_ok: bool | None
    verified_at: str
    damaged: bool = False


@dataclass(frozen=True)
class RunOutcome:
    destination: str
    ok: bool
    message: Message
    code: str = ""  # missing, disk_full, no_permission, cancelled, io...
    snapshot: SnapshotView | None = None
    pruned: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class VerifyView:
    destination: str
    snapshot_id: str
    ok: bool
    problems: list[str]
    seconds: float


@dataclass(frozen=True)
class RestoredView:
    path: str
    snapshot_id: str
    destination: str
    row_counts: dict[str, int]
    audit_head: str
    latest_invoice: dict[str, Any]
    ok: bool
    problems: list[str]
    seconds: float


# ------------------------------------------------------------------ settings


def get_policy() -> Policy:
    data = get_setting(POLICY_KEY, {}) or {}
    known = {k: v for k, v in data.items() if k in Policy.__dataclass_fields__}
    return Policy(**known)


@guarded("backup.places")
def set_policy(policy: Policy, actor: str) -> Policy:
    for name in ("full_every_days", "incremental_every_days"):
        if int(getattr(policy, name)) < 1:
            raise ServiceError(QT_TRANSLATE_NOOP("Service", "备份间隔至少为 1 天"))
    for name in ("keep_daily", "keep_weekly", "keep_monthly"):
        if int(getattr(policy, name)) < 0:
            raise ServiceError(QT_TRANSLATE_NOOP("Service", "保留份数不能为负数"))
    put_setting(POLICY_KEY, asdict(policy), actor)
    return policy


@guarded("backup.places")
def add_destination(path: str, label: str, actor: str) -> Destination:
    text = path.strip()
    if not text:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "请选择备份位置（一个文件夹）"))
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "备份位置必须是完整路径：{path}"), path=text
        )
    db_path = sqlite_path(database.obj)
    if db_path is not None and folder.resolve() == db_path.parent.resolve():
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "备份位置不能是数据库所在的文件夹：电脑坏了备份也一起丢失，请选U盘或网盘"
            )
        )
    current = list_destinations()
    if any(Path(d.path) == folder for d in current):
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "已有这个备份位置：{path}"), path=text)
    new = Destination(str(folder), label.strip())
    put_setting(DESTINATIONS_KEY, [asdict(d) for d in [*current, new]], actor)
    return new


@guarded("backup.places")
def remove_destination(path: str, actor: str) -> None:
    current = list_destinations()
    kept = [d for d in current if d.path != path]
    if len(kept) == len(current):
        raise NotFound(QT_TRANSLATE_NOOP("Service", "没有这个备份位置：{path}"), path=path)
    put_setting(DESTINATIONS_KEY, [asdict(d) for d in kept], actor)


def _targets(to: str | None) -> list[Destination]:
    if to:
        folder = str(Path(to).expanduser())
        known = {d.path: d for d in list_destinations()}
        return [known.get(folder, Destination(folder))]
    destinations = list_destinations()
    if not destinations:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "还没有设置备份位置：请在“备份”页添加U盘或网盘文件夹")
        )
    return destinations


def _live() -> Path | str:
    """The SQLite file, or the PostgreSQL ledger's URL (backed up with pg_dump)."""
    path = sqlite_path(database.obj)
    if path is None:
        from invoicedesk.services import pg_backups

        url = pg_backups.live_url()
        pg_backups.preflight(url)
        return url
    return path


# ------------------------------------------------------------------ state


def _state(path: str) -> BackupDestinationState:
    row = BackupDestinationState.get_or_none(BackupDestinationState.path == path)
    return row or BackupDestinationState(path=path)


def _set_state(path: str, status: str, detail: Message, **stamps: str) -> None:
    row = _state(path)
    row.status = status
    row.detail = str(detail)
    row.checked_at = clock.stamp()
    for key, value in stamps.items():
        setattr(row, key, value)
    row.save(force_insert=row.id is None)


def destination_views() -> list[DestinationView]:
    out = []
    for dest in list_destinations():
        row = _state(dest.path)
        folder = Path(dest.path)
        available = folder.is_dir()
        free = shutil.disk_usage(folder).free if available else None
        status = row.status if available else "missing"
        detail = row.detail
        if not available:
            detail = str(_missing_message(dest.path))
        out.append(
            DestinationView(
                dest.path,
                dest.label,
                available,
                status,
                detail,
                row.last_backup_at,
                row.last_verified_at,
                free,
            )
        )
    return out


def _missing_message(path: str) -> Message:
    return _msg(
        QT_TRANSLATE_NOOP(
            "Backup",
            "找不到备份位置 {path}（U盘没插或网盘没连上？），未备份到此处；其他备份位置照常备份",
        ),
        path=path,
    )


# ------------------------------------------------------------------ running


def _view(dest: str, m: Manifest, row: BackupSnapshot | None = None) -> SnapshotView:
    return SnapshotView(
        destination=dest,
        id=m.id,
        kind=m.kind,
        parent=m.parent,
        created=m.created,
        reason=m.reason,
        db_bytes=m.db_bytes,
        bytes_written=m.bytes_written,
        invoices=m.row_counts.get("invoice", 0),
        audit_entries=m.audit_entries,
        latest_invoice=m.latest_invoice,
        verified_ok=None if row is None else row.verified_ok,
        verified_at="" if row is None else row.verified_at,
    )


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
    for dest in _targets(to):
        outcomes.append(
            _backup_one(live, dest.path, kind, policy, reason, actor, moment, progress, cancelled)
        )
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
) -> RunOutcome:
    repo = Repository(path)
    if not repo.available():
        message = _missing_message(path)
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
                live, path, reason=reason, cancelled=cancelled, now=now
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
        message = _msg(
            QT_TRANSLATE_NOOP("Backup", "已备份到 {path}（{kind}，写入 {size}）"),
            path=path,
            kind=kind_text(manifest.kind),
            size=size_text(manifest.bytes_written),
        )
        _set_state(path, "ok", message, last_backup_at=clock.stamp())
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
    return RunOutcome(path, True, message, "", _view(path, manifest, row), pruned)


def _record_state(path: str, status: str, message: Message, actor: str) -> None:
    with database.atomic():
        _set_state(path, status, message)
        audit.append(actor, "backup.failed", "backup_destination", path, None, {"status": status})


def _failure_message(path: str, exc: SnapshotError, repo: Repository) -> Message:
    if exc.code == "missing":
        return _missing_message(path)
    earlier = len(repo.snapshot_ids())
    if exc.code == "disk_full":
        return _msg(
            QT_TRANSLATE_NOOP(
                "Backup",
                "备份位置 {path} 的磁盘已满，本次备份没有完成（已清除未写完的部分）；"
                "之前的 {count} 个备份完好无损。请换一个更大的U盘或删除不需要的文件",
            ),
            path=path,
            count=earlier,
        )
    if exc.code == "no_permission":
        return _msg(
            QT_TRANSLATE_NOOP(
                "Backup", "没有权限写入备份位置 {path}；之前的 {count} 个备份完好无损"
            ),
            path=path,
            count=earlier,
        )
    if exc.code == "cancelled":
        return _msg(
            QT_TRANSLATE_NOOP("Backup", "已取消备份到 {path}，之前的备份不受影响"), path=path
        )
    return _msg(
        QT_TRANSLATE_NOOP(
            "Backup", "备份到 {path} 失败（{reason}）；之前的 {count} 个备份完好无损"
        ),
        path=path,
        reason=f"{exc.detail} {exc.path}".strip() or exc.code,
        count=earlier,
    )


def kind_text(kind: str) -> str:
    from invoicedesk.core.i18n import translate

    names = {
        "full": QT_TRANSLATE_NOOP("Backup", "完整备份"),
        "incremental": QT_TRANSLATE_NOOP("Backup", "增量备份"),
    }
    return translate(CONTEXT, names.get(kind, kind))


def size_text(size: int) -> str:
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(size, 0) / 1024:.0f} KB"


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
            outcomes.append(RunOutcome(dest.path, False, _missing_message(dest.path), "missing"))
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
        message = _msg(QT_TRANSLATE_NOOP("Backup", "已备份到 {path}"), path=dest.path)
        outcomes.append(RunOutcome(dest.path, True, message, "", _view(dest.path, manifest)))
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
        if not fulls or moment - _parse(fulls[0].created_at) >= timedelta(
            days=policy.full_every_days
        ):
            return "full"
        if moment - _parse(rows[0].created_at) >= timedelta(days=policy.incremental_every_days):
            wanted = "incremental"
    return wanted


def backup_on_exit(actor: str) -> list[RunOutcome]:
    """At exit: a snapshot when the policy wants one and something changed."""
    if not list_destinations():
        return []
    if not get_policy().on_exit or not something_changed():
        return []
    return run_backup(actor, reason="exit")


def _parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ------------------------------------------------------------------ retention


def retained(manifests: list[Manifest], policy: Policy, verified_fulls: set[str]) -> set[str]:
    """Ids to keep: newest per day/ISO week/month up to the policy's counts, the newest snapshot,
    the newest verified full, and every snapshot a kept one builds on."""
    if not manifests:
        return set()
    ordered = sorted(manifests, key=lambda m: (m.created, m.id), reverse=True)
    keep = {ordered[0].id}
    for count, bucket in (
        (policy.keep_daily, lambda d: d.strftime("%Y-%m-%d")),
        (policy.keep_weekly, lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2])),
        (policy.keep_monthly, lambda d: d.strftime("%Y-%m")),
    ):
        seen: list[str] = []
        for m in ordered:
            key = bucket(_parse(m.created).astimezone(SHOP_TZ))
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(m.id)
    verified = [m for m in ordered if m.kind == "full" and m.id in verified_fulls]
    if verified:
        keep.add(verified[0].id)
    by_id = {m.id: m for m in manifests}
    for sid in list(keep):
        parent = by_id[sid].parent
        while parent is not None and parent in by_id:
            keep.add(parent)
            parent = by_id[parent].parent
    return keep


def prune(path: str, policy: Policy | None = None) -> list[str]:
    """Delete the snapshots the policy no longer keeps; returns their ids."""
    policy = policy or get_policy()
    repo = Repository(path)
    good, _bad = repo.manifests()
    verified = {
        r.snapshot_id
        for r in BackupSnapshot.select(BackupSnapshot.snapshot_id).where(
            (BackupSnapshot.destination == path) & (BackupSnapshot.verified_ok == True)  # noqa: E712
        )
    }
    keep = retained(good, policy, verified)
    gone = [m.id for m in good if m.id not in keep]
    for sid in gone:
        repo.delete(sid)
    return gone


# ------------------------------------------------------------------ listing


def list_snapshots(to: str | None = None) -> list[SnapshotView]:
    """Every snapshot in the destinations (newest first), with what verification said."""
    out: list[SnapshotView] = []
    for dest in _targets(to):
        repo = Repository(dest.path)
        if not repo.available():
            continue
        rows = {
            r.snapshot_id: r
            for r in BackupSnapshot.select().where(BackupSnapshot.destination == dest.path)
        }
        good, bad = repo.manifests()
        out.extend(_view(dest.path, m, rows.get(m.id)) for m in good)
        for sid in bad:
            out.append(
                SnapshotView(dest.path, sid, "?", None, "", "", 0, 0, 0, 0, {}, False, "", True)
            )
    out.sort(key=lambda v: v.created or v.id, reverse=True)
    return out


class SnapshotDamaged(ServiceError):
    """The snapshot is there but cannot be restored (the CLI exits 1, as verification does)."""


def find_snapshot(snapshot_id: str, to: str | None = None) -> SnapshotView:
    views = [v for v in list_snapshots(to) if v.id == snapshot_id]
    for view in views:
        if not view.damaged:
            return view
    if views:
        raise SnapshotDamaged(
            QT_TRANSLATE_NOOP(
                "Service", "备份 {id} 的清单已损坏，无法恢复（校验也会报告它）：请选更早的备份"
            ),
            id=snapshot_id,
        )
    for dest in _targets(to):
        if Repository(dest.path).available() and snapshot_id in lost_snapshots(dest.path):
            raise SnapshotDamaged(
                QT_TRANSLATE_NOOP(
                    "Service",
                    "备份 {id} 的清单文件已不在 {path}（被删除或移走），无法恢复：请选别的备份",
                ),
                id=snapshot_id,
                path=dest.path,
            )
    raise NotFound(
        QT_TRANSLATE_NOOP("Service", "找不到备份 {id}（备份位置没接上，或已按保留规则删除）"),
        id=snapshot_id,
    )


# ------------------------------------------------------------------ verify, restore, drill


def verify(
    actor: str,
    *,
    to: str | None = None,
    snapshot_id: str | None = None,
    full_check: bool | None = None,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> list[VerifyView]:
    """Re-hash, restore into a temporary place, integrity_check and compare, per snapshot.

    Damaged snapshots are named; a missing destination is reported as a failed result.
    """
    results: list[VerifyView] = []
    targets = _targets(to)
    for dest in targets:
        repo = Repository(dest.path)
        if not repo.available():
            results.append(VerifyView(dest.path, "", False, [str(_missing_message(dest.path))], 0))
            continue
        checker = PieceCheck(repo)
        ids = repo.snapshot_ids()
        lost = lost_snapshots(dest.path, set(ids))
        if snapshot_id:
            ids = [sid for sid in ids if sid == snapshot_id]
            lost = [sid for sid in lost if sid == snapshot_id]
        for sid in lost:
            outcome = VerifyOutcome(sid, False, [str(_lost_message(sid))], 0.0)
            _record_verification(dest.path, outcome, actor)
            results.append(VerifyView(dest.path, sid, False, outcome.problems, 0.0))
        for i, sid in enumerate(ids):
            thorough = full_check
            if thorough is None:
                try:
                    thorough = repo.load(sid).db_bytes <= FULL_CHECK_LIMIT
                except SnapshotError:
                    thorough = True
            outcome = _verify_one(repo, sid, checker, thorough, cancelled)
            _record_verification(dest.path, outcome, actor)
            results.append(
                VerifyView(dest.path, sid, outcome.ok, outcome.problems, outcome.seconds)
            )
            if progress is not None:
                progress(i + 1, len(ids))
    if snapshot_id and not results:
        raise NotFound(
            QT_TRANSLATE_NOOP("Service", "找不到备份 {id}（备份位置没接上，或已按保留规则删除）"),
            id=snapshot_id,
        )
    return results


def _verify_one(
    repo: Repository,
    sid: str,
    checker: PieceCheck,
    thorough: bool,
    cancelled: Cancelled | None,
) -> VerifyOutcome:
    if _engine(repo, sid) == "postgresql":
        from invoicedesk.services import pg_backups

        return pg_backups.verify_snapshot(repo, sid, checked=checker, cancelled=cancelled)
    return verify_snapshot(repo, sid, checked=checker, full_check=thorough, cancelled=cancelled)


def _engine(repo: Repository, sid: str) -> str:
    try:
        return repo.load(sid).engine
    except SnapshotError:
        return "sqlite"  # the SQLite path names the damaged manifest


def lost_snapshots(path: str, present: set[str] | None = None) -> list[str]:
    """Snapshots this ledger wrote to ``path`` and never pruned whose manifest is gone from it."""
    if present is None:
        present = set(Repository(path).snapshot_ids())
    rows = BackupSnapshot.select(BackupSnapshot.snapshot_id).where(
        (BackupSnapshot.destination == path) & (BackupSnapshot.deleted_at == "")
    )
    return sorted({r.snapshot_id for r in rows} - present)


def _lost_message(sid: str) -> Message:
    return _msg(
        QT_TRANSLATE_NOOP(
            "Backup",
            "备份 {id} 的清单文件不见了（被删除或移走）：台账记录有这个备份，备份位置里却没有，"
            "它已不能恢复",
        ),
        id=sid,
    )


@guarded("backup.places")
def forget_lost_snapshots(actor: str) -> list[str]:
    """After a restore: snapshots the restored ledger remembers but retention removed since.

    The restored file's records stop at the snapshot's moment; what was pruned later is marked
    deleted here (audited), so that verification reports only snapshots lost since.
    """
    gone: list[str] = []
    for dest in list_destinations():
        if not Repository(dest.path).available():
            continue
        lost = lost_snapshots(dest.path)
        if not lost:
            continue
        with database.atomic():
            BackupSnapshot.update(deleted_at=clock.stamp()).where(
                (BackupSnapshot.destination == dest.path) & BackupSnapshot.snapshot_id.in_(lost)
            ).execute()
            audit.append(
                actor,
                "backup.forget",
                "backup_destination",
                dest.path,
                None,
                {"snapshots": lost, "reason": "not on disk after restore"},
            )
        gone.extend(lost)
    return gone


def _record_verification(path: str, outcome: VerifyOutcome, actor: str) -> None:
    from invoicedesk.services.system_checks import record

    now = clock.stamp()
    detail = "; ".join(outcome.problems)
    with database.atomic():
        BackupVerification.create(
            ts=now,
            destination=path,
            snapshot_id=outcome.id,
            ok=outcome.ok,
            detail=detail,
            seconds=round(outcome.seconds, 3),
            actor=actor,
        )
        BackupSnapshot.update(verified_at=now, verified_ok=outcome.ok).where(
            (BackupSnapshot.destination == path) & (BackupSnapshot.snapshot_id == outcome.id)
        ).execute()
        if outcome.ok:
            row = _state(path)
            row.last_verified_at = now
            row.save(force_insert=row.id is None)
        audit.append(
            actor,
            "backup.verify",
            "backup_snapshot",
            outcome.id,
            None,
            {"destination": path, "ok": outcome.ok, "problems": outcome.problems[:5]},
        )
    if outcome.ok:
        message = _msg(
            QT_TRANSLATE_NOOP("Backup", "备份 {id} 校验通过并已试恢复"),
            id=snapshot_label(outcome.id),
        )
    else:
        message = _msg(
            QT_TRANSLATE_NOOP("Backup", "备份 {id} 已损坏：{detail}"),
            id=snapshot_label(outcome.id),
            detail=detail,
        )
    record("backup_verify", outcome.ok, message, outcome.seconds, "backup", actor)


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


def folder_snapshots(folder: str) -> list[SnapshotView]:
    """Snapshots in a folder, without the database (used when the ledger cannot be opened)."""
    repo = Repository(folder)
    if not repo.root.is_dir():
        raise NotFound(
            QT_TRANSLATE_NOOP("Service", "文件夹 {path} 里没有发票台账助手的备份"), path=folder
        )
    good, bad = repo.manifests()
    out = [_view(folder, m) for m in good]
    out += [
        SnapshotView(folder, sid, "?", None, "", "", 0, 0, 0, 0, {}, False, "", True) for sid in bad
    ]
    out.sort(key=lambda v: v.created or v.id, reverse=True)
    return out


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
    if _engine(repo, snapshot_id) == "postgresql":
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


def _locked_in_file(path: Path) -> set[str]:
    import sqlite3

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

    there = _locked_in_file(Path(restored))
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
    if _engine(repo, snapshot_id) == "postgresql":
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
            state = _state(str(destination))
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
            message = _msg(
                QT_TRANSLATE_NOOP(
                    "Backup", "恢复演练成功：备份 {id} 可以完整恢复（发票 {count} 张）"
                ),
                id=snapshot_label(result.snapshot_id),
                count=result.row_counts.get("invoice", 0),
            )
        else:
            message = _msg(
                QT_TRANSLATE_NOOP("Backup", "恢复演练失败：备份 {id}：{detail}"),
                id=snapshot_label(result.snapshot_id),
                detail="; ".join(result.problems),
            )
        record("restore_drill", result.ok, message, result.seconds, "backup", actor)


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
    return _parse(max(found)) if found else None


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
            _msg(QT_TRANSLATE_NOOP("Backup", "备份还从未验证过能恢复：请在“备份”页做一次恢复演练")),
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
    return RestoreAge(days, warn, _msg(source, days=days))


def check_backups() -> tuple[bool, Message]:
    """The health check: every destination present, backed up recently, restores verified."""
    destinations = destination_views()
    if not destinations:
        return False, _msg(QT_TRANSLATE_NOOP("Backup", "还没有设置备份位置"))
    missing = [d.path for d in destinations if not d.available]
    if missing:
        return False, _missing_message(", ".join(missing))
    lost = [sid for d in destinations for sid in lost_snapshots(d.path)]
    if lost:
        return False, _msg(
            QT_TRANSLATE_NOOP(
                "Backup", "{count} 个备份的清单文件不见了（被删除或移走），已不能恢复：{ids}"
            ),
            count=len(lost),
            ids=", ".join(lost),
        )
    policy = get_policy()
    stale = []
    for d in destinations:
        if not d.last_backup_at or clock.now() - _parse(d.last_backup_at) > timedelta(
            days=policy.incremental_every_days + 1
        ):
            stale.append(d.path)
    if stale:
        return False, _msg(
            QT_TRANSLATE_NOOP("Backup", "这些位置超过 {days} 天没有备份：{paths}"),
            days=policy.incremental_every_days + 1,
            paths=", ".join(stale),
        )
    age = restore_age()
    if age.warn:
        return False, age.message
    return True, _msg(
        QT_TRANSLATE_NOOP("Backup", "{count} 个备份位置都已按时备份；{age}"),
        count=len(destinations),
        age=str(age.message),
    )


# ------------------------------------------------------------------ switching


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


# ------------------------------------------------------------------ health dashboard


@dataclass(frozen=True)
class HealthRow:
    name: str
    title: str
    ok: bool
    detail: str
    seconds: float


@dataclass(frozen=True)
class Dashboard:
    rows: list[HealthRow]
    destinations: list[DestinationView]
    restore: RestoreAge
    open_requests: int | None  # None: that feature is not installed
    open_incidents: int | None
    open_actions: int | None
    checked_at: str


def dashboard(actor: str) -> Dashboard:
    """Run every health check (each one logged) and gather what the dashboard shows."""
    from invoicedesk.core.i18n import translate
    from invoicedesk.services.system_checks import CHECK_TITLES, record, run_checks

    rows = [
        HealthRow(r.name, translate("Check", CHECK_TITLES[r.name]), r.ok, r.text, r.seconds)
        for r in run_checks(source="dashboard", actor=actor)
    ]
    started = time.perf_counter()
    ok, message = check_backups()
    seconds = time.perf_counter() - started
    record("backups", ok, message, seconds, "dashboard", actor)
    rows.append(HealthRow("backups", translate(CONTEXT, BACKUPS_TITLE), ok, str(message), seconds))
    requests_open = incidents_open = actions_open = None
    try:
        from invoicedesk.services import requests as requests_service

        # A practice drill is not work waiting to be done (its requests and incident neither).
        requests_open = sum(1 for r in requests_service.list_requests(status="open") if not r.drill)
    except (ImportError, AttributeError):
        pass
    try:
        from invoicedesk.services import incidents as incidents_service

        incidents_open = sum(1 for i in incidents_service.open_incidents() if not i.drill)
        actions_open = len(incidents_service.open_actions())
    except (ImportError, AttributeError):
        pass
    if requests_open is not None or incidents_open is not None:
        pending = (requests_open or 0) + (incidents_open or 0)
        message = _msg(
            QT_TRANSLATE_NOOP(
                "Backup",
                "待处理：开票申请 {requests} 条，未结束的事件 {incidents} 个，待办 {actions} 项",
            ),
            requests=requests_open if requests_open is not None else "—",
            incidents=incidents_open if incidents_open is not None else "—",
            actions=actions_open if actions_open is not None else "—",
        )
        record("open_items", pending == 0, message, 0.0, "dashboard", actor)
        rows.append(
            HealthRow(
                "open_items", translate(CONTEXT, OPEN_ITEMS_TITLE), pending == 0, str(message), 0.0
            )
        )
    rows.append(training_row(actor))
    from invoicedesk.services import accounts

    ok, text = accounts.health_text()
    rows.append(
        HealthRow("accounts", translate("Accounts", accounts.ACCOUNTS_TITLE), ok, text, 0.0)
    )
    return Dashboard(
        rows,
        destination_views(),
        restore_age(),
        requests_open,
        incidents_open,
        actions_open,
        clock.stamp(),
    )


def training_row(actor: str) -> HealthRow:
    """The training register on the health page: who is due for a refresher (logged)."""
    from invoicedesk.core.i18n import translate
    from invoicedesk.services import training

    started = time.perf_counter()
    rows = training.register()
    due = [r for r in rows if r.due]
    people = {r.person for r in rows}
    if not rows:
        message = _msg(
            QT_TRANSLATE_NOOP(
                "Backup", "培训登记还是空的：员工可在练习模式中完成课程（练习 → 课程）"
            )
        )
    elif not due:
        message = _msg(
            QT_TRANSLATE_NOOP(
                "Backup", "培训登记 {people} 人，没有人需要复训（复训周期 {months} 个月）"
            ),
            people=len(people),
            months=training.refresher_months(),
        )
    else:
        listed = "；".join(f"{r.person}：{r.title}（{r.due_on.isoformat()} 到期）" for r in due[:5])
        message = _msg(
            QT_TRANSLATE_NOOP("Backup", "{count} 项培训需要复训：{listed}"),
            count=len(due),
            listed=listed + ("…" if len(due) > 5 else ""),
        )
    seconds = time.perf_counter() - started
    from invoicedesk.services.system_checks import record

    record("training", not due, message, seconds, "dashboard", actor)
    return HealthRow("training", translate(CONTEXT, TRAINING_TITLE), not due, str(message), seconds)


TRAINING_TITLE = QT_TRANSLATE_NOOP("Backup", "员工培训与复训")
BACKUPS_TITLE = QT_TRANSLATE_NOOP("Backup", "备份与恢复验证")
OPEN_ITEMS_TITLE = QT_TRANSLATE_NOOP("Backup", "待处理的申请和事件")
