"""Backups that are proven to restore: the plain data the backup services return, and how they
word snapshots, kinds and sizes.

Destinations (any folders: a USB drive, a network share, a cloud-synced folder) and the policy are
business settings, so they travel with the ledger (backup_settings). Each destination holds its
own repository (exchange/snapshot_repository.py) and its own state; a missing one is reported
while the others are served. The files are written by the exchange layer; the backup services
decide what to write (backup_runs, backup_retention), read it back (backup_listing,
backup_verify, backup_restore), record what happened (audited) and word the outcome for the
user (here; backup_health for the health check). A PostgreSQL ledger's snapshots are pg_dump
files in the same layout (services/pg_backups.py): chosen by the live database when backing up,
by the manifest's ``engine`` when verifying, drilling and restoring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange.snapshot_manifest import Manifest
from invoicedesk.store.backup_models import BackupSnapshot

CONTEXT = "Backup"


Progress = Callable[[int, int], None]


Cancelled = Callable[[], bool]


def backup_message(source: str, **params: Any) -> Message:
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
    return backup_message(
        QT_TRANSLATE_NOOP("Backup", "{time}（{kind}）"),
        time=f"{local:%Y-%m-%d %H:%M:%S}",
        kind=Message(CONTEXT, kind_text),
    )


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


def missing_message(path: str) -> Message:
    return backup_message(
        QT_TRANSLATE_NOOP(
            "Backup",
            "找不到备份位置 {path}（U盘没插或网盘没连上？），未备份到此处；其他备份位置照常备份",
        ),
        path=path,
    )


def snapshot_view(dest: str, m: Manifest, row: BackupSnapshot | None = None) -> SnapshotView:
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


def parse_stamp(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
