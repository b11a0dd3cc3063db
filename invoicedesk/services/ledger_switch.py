"""Switching the open ledger to a restored file: the steps the backup page's "switch" runs.

Runs on the database worker, as one use case: a snapshot of the ledger about to be put aside
(unless it was opened read-only, i.e. damaged), the months it has locked that the restored file
has not (they stay locked), the swap itself with the database closed, the checked reopen, and the
audited restore entry. Plain data in (paths, the restored snapshot's view), plain data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from invoicedesk.services import backup_restore, backup_runs, backup_views, startup
from invoicedesk.services.startup import StartupReport
from invoicedesk.store.database import close_database


@dataclass(frozen=True)
class Switched:
    report: StartupReport  # how the restored file opened (read-only when it is damaged too)
    kept_periods: list[str]  # months still locked although the restored file had them open
    previous: str  # where the ledger that was open now lives, renamed beside it


def switch_to_restored(
    target: str,
    restored: str,
    view: backup_views.RestoredView,
    actor: str,
    *,
    was_read_only: bool = False,
) -> Switched:
    """Put ``restored`` in place of the open ledger ``target`` and open it again, checked."""
    if not was_read_only:
        backup_runs.snapshot_before("restore", actor)
    kept = backup_restore.locks_to_keep(Path(restored))  # months the restore must not unlock
    close_database()
    aside = backup_restore.switch_database(Path(target), Path(restored))
    report = startup.open_checked(target, actor)
    if not report.read_only:
        backup_restore.log_restore(view, actor, kept_locks=kept, previous=str(aside))
    return Switched(report, [k.period for k in kept], str(aside))
