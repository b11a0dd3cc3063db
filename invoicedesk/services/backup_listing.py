"""The snapshots in the destinations, finding one, and those whose manifest went missing."""

from __future__ import annotations

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.exchange.snapshot_manifest import SnapshotError
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.services.backup_places import list_destinations
from invoicedesk.services.backup_settings import destinations_for
from invoicedesk.services.backup_views import SnapshotView, snapshot_view
from invoicedesk.services.errors import NotFound, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.backup_models import BackupSnapshot
from invoicedesk.store.models import database


def list_snapshots(to: str | None = None) -> list[SnapshotView]:
    """Every snapshot in the destinations (newest first), with what verification said."""
    out: list[SnapshotView] = []
    for dest in destinations_for(to):
        repo = Repository(dest.path)
        if not repo.available():
            continue
        rows = {
            r.snapshot_id: r
            for r in BackupSnapshot.select().where(BackupSnapshot.destination == dest.path)
        }
        good, bad = repo.manifests()
        out.extend(snapshot_view(dest.path, m, rows.get(m.id)) for m in good)
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
    for dest in destinations_for(to):
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


def snapshot_engine(repo: Repository, sid: str) -> str:
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


def folder_snapshots(folder: str) -> list[SnapshotView]:
    """Snapshots in a folder, without the database (used when the ledger cannot be opened)."""
    repo = Repository(folder)
    if not repo.root.is_dir():
        raise NotFound(
            QT_TRANSLATE_NOOP("Service", "文件夹 {path} 里没有发票台账助手的备份"), path=folder
        )
    good, bad = repo.manifests()
    out = [snapshot_view(folder, m) for m in good]
    out += [
        SnapshotView(folder, sid, "?", None, "", "", 0, 0, 0, 0, {}, False, "", True) for sid in bad
    ]
    out.sort(key=lambda v: v.created or v.id, reverse=True)
    return out
