"""Restoring a snapshot taken before a month was locked keeps the month locked.

The switch runs as the app runs it: locks read from the open ledger, the file switched, the
restored ledger opened and the restore logged there (services/backup_restore.log_restore).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.services import (
    backup_places,
    backup_restore,
    backup_runs,
    backup_settings,
    company,
    demo,
    periods,
)
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import get_setting
from invoicedesk.store import audit
from invoicedesk.store.database import close_database, open_database
from tests.factories import last_month


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "shop" / "ledger.sqlite"
    open_database(path, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(150, "tester", seed=2, months=2)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_settings.add_destination(str(usb), "", "店长")
    try:
        yield path
    finally:
        close_database()


def test_a_pre_lock_snapshot_restored_keeps_the_lock_and_says_where_it_came_from(
    live: Path, tmp_path: Path
) -> None:
    period = last_month()
    [before_lock] = backup_runs.run_backup("店长", kind="full")
    assert before_lock.snapshot is not None
    sid = before_lock.snapshot.id
    periods.lock_period(period, "李会计", note="结账", backup=False)
    original = next(e for e in audit.history("period", period) if e.action == "period.lock")

    restored = backup_restore.restore_to(sid, tmp_path / "restored.sqlite", "店长")
    assert restored.ok
    kept = backup_restore.locks_to_keep(restored.path)
    assert [k.period for k in kept] == [period]
    assert (kept[0].audit_seq, kept[0].audit_hash) == (original.id, original.hash)

    close_database()
    aside = backup_restore.switch_database(live, Path(restored.path))
    open_database(live, actor="店长")
    assert not periods.is_locked(period)  # what the snapshot holds, before the restore is logged
    backup_restore.log_restore(restored, "店长", kept_locks=kept, previous=str(aside))

    info = periods.lock_info(period)
    assert info is not None and (info.locked_by, info.note) == ("李会计", "结账")
    entry = next(e for e in audit.history("period", period) if e.action == "period.lock")
    after = json.loads(entry.after or "{}")
    assert after["kept_by_restore"] is True and after["from_file"] == str(aside)
    assert after["from_audit"] == {"seq": original.id, "hash": original.hash}
    origin = get_setting(backup_places.RESTORE_ORIGIN_KEY)
    assert origin["snapshot"] == sid and origin["previous_file"] == str(aside)
    assert origin["kept_locks"] == [period]
    assert verify_audit().ok
    # Logging the same restore twice adds no second lock.
    backup_restore.log_restore(restored, "店长", kept_locks=kept, previous=str(aside))
    assert [e.action for e in audit.history("period", period)].count("period.lock") == 1


def test_the_cli_restore_names_the_months_the_file_has_not_locked(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    period = last_month()
    [outcome] = backup_runs.run_backup("店长", kind="full")
    assert outcome.snapshot is not None
    periods.lock_period(period, "李会计", backup=False)
    close_database()
    target = tmp_path / "restored.sqlite"
    code = main(["--db", str(live), "backup", "restore", outcome.snapshot.id, "--to", str(target)])
    close_database()
    out = capsys.readouterr().out
    assert code == 0 and f"当前台账已锁定的 {period} 在这个备份里尚未锁定" in out
    target2 = tmp_path / "restored2.sqlite"
    args = ["--db", str(live), "backup", "restore", outcome.snapshot.id, "--to", str(target2)]
    code = main([*args, "--json"])
    close_database()
    assert code == 0 and json.loads(capsys.readouterr().out)["unlocked_months"] == [period]
    open_database(live, actor="tester")


def test_the_switch_use_case_does_every_step_the_app_needs(live: Path, tmp_path: Path) -> None:
    """services.ledger_switch.switch_to_restored: what the backup page's "switch" runs."""
    from invoicedesk.services.ledger_switch import switch_to_restored
    from invoicedesk.store.database import sqlite_path
    from invoicedesk.store.models import database

    period = last_month()
    [before_lock] = backup_runs.run_backup("店长", kind="full")
    assert before_lock.snapshot is not None
    periods.lock_period(period, "李会计", note="结账", backup=False)
    restored = backup_restore.restore_to(
        before_lock.snapshot.id, tmp_path / "restored.sqlite", "店长"
    )
    switched = switch_to_restored(str(live), restored.path, restored, "店长")
    assert switched.report.ok and not switched.report.read_only
    assert switched.kept_periods == [period]
    assert Path(switched.previous).exists() and Path(switched.previous) != live
    assert sqlite_path(database.obj) == live  # the restored file is the open ledger now
    assert periods.is_locked(period)
    assert [e.action for e in audit.history("period", period)][-1] == "period.lock"
    assert verify_audit().ok
