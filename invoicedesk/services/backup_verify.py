"""Verifying snapshots: re-hash, restore into a temporary place, check, record the outcome."""

from __future__ import annotations

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange.snapshot_manifest import SnapshotError
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.exchange.snapshot_restore import PieceCheck
from invoicedesk.exchange.snapshot_verify import VerifyOutcome, verify_snapshot
from invoicedesk.services.backup_listing import lost_snapshots, snapshot_engine
from invoicedesk.services.backup_settings import destination_state, destinations_for
from invoicedesk.services.backup_views import (
    Cancelled,
    Progress,
    VerifyView,
    backup_message,
    missing_message,
    snapshot_label,
)
from invoicedesk.services.errors import NotFound
from invoicedesk.store import audit
from invoicedesk.store.backup_models import BackupSnapshot, BackupVerification
from invoicedesk.store.models import database

# integrity_check reads every index against its table (15 s at a million invoices); above this
# size routine verification uses quick_check, restore drills always run the full check.
FULL_CHECK_LIMIT = 256 << 20


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
    targets = destinations_for(to)
    for dest in targets:
        repo = Repository(dest.path)
        if not repo.available():
            results.append(VerifyView(dest.path, "", False, [str(missing_message(dest.path))], 0))
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
    if snapshot_engine(repo, sid) == "postgresql":
        from invoicedesk.services import pg_backups

        return pg_backups.verify_snapshot(repo, sid, checked=checker, cancelled=cancelled)
    return verify_snapshot(repo, sid, checked=checker, full_check=thorough, cancelled=cancelled)


def _lost_message(sid: str) -> Message:
    return backup_message(
        QT_TRANSLATE_NOOP(
            "Backup",
            "备份 {id} 的清单文件不见了（被删除或移走）：台账记录有这个备份，备份位置里却没有，"
            "它已不能恢复",
        ),
        id=sid,
    )


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
            row = destination_state(path)
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
        message = backup_message(
            QT_TRANSLATE_NOOP("Backup", "备份 {id} 校验通过并已试恢复"),
            id=snapshot_label(outcome.id),
        )
    else:
        message = backup_message(
            QT_TRANSLATE_NOOP("Backup", "备份 {id} 已损坏：{detail}"),
            id=snapshot_label(outcome.id),
            detail=detail,
        )
    record("backup_verify", outcome.ok, message, outcome.seconds, "backup", actor)
