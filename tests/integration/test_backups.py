"""The backup service on real databases and real folders: policy, destinations, verify, restore."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from invoicedesk.core import clock
from invoicedesk.exchange.snapshot_manifest import REPO_DIR, Manifest, write_atomic
from invoicedesk.exchange.snapshot_repository import Repository, new_snapshot_id
from invoicedesk.paths import attachments_dir
from invoicedesk.services import (
    backup_health,
    backup_listing,
    backup_places,
    backup_restore,
    backup_retention,
    backup_runs,
    backup_settings,
    backup_verify,
    company,
    demo,
    health_dashboard,
)
from invoicedesk.services.errors import ServiceError
from invoicedesk.services.invoice_changes import correct_invoice
from invoicedesk.services.system_checks import recent_checks
from invoicedesk.store import audit
from invoicedesk.store.backup_models import BackupDestinationState, BackupSnapshot, RestoreDrill
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, Invoice

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 demo invoices, generated once for the session."""
    path = tmp_path_factory.mktemp("big") / "ledger.sqlite"
    open_database(path, actor="tester")
    try:
        company.set_company("演示商店", "91110108551385082Q", "tester")
        demo.generate(100_000, "tester", seed=5)
    finally:
        close_database()
    return path


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "shop" / "ledger.sqlite"
    open_database(path, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(200, "tester", seed=2)
    try:
        yield path
    finally:
        close_database()


def _folder(tmp_path: Path, name: str) -> str:
    folder = tmp_path / name
    folder.mkdir()
    return str(folder)


def _disk_bytes(dest: str, sid: str) -> int:
    root = Path(dest) / REPO_DIR
    data = sum(p.stat().st_size for p in (root / "data" / sid).rglob("*") if p.is_file())
    return data + (root / "snapshots" / f"{sid}.json").stat().st_size


def test_destinations_and_policy_are_audited_settings(db: str, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "U盘", "店长")
    with pytest.raises(ServiceError, match="已有这个备份位置"):
        backup_settings.add_destination(usb, "", "店长")
    with pytest.raises(ServiceError, match="完整路径"):
        backup_settings.add_destination("relative/folder", "", "店长")
    assert backup_places.list_destinations() == [backup_places.Destination(usb, "U盘")]
    with pytest.raises(ServiceError, match="至少为 1 天"):
        backup_settings.set_policy(backup_settings.Policy(full_every_days=0), "店长")
    backup_settings.set_policy(backup_settings.Policy(keep_daily=3), "店长")
    assert backup_settings.get_policy().keep_daily == 3
    backup_settings.remove_destination(usb, "店长")
    assert backup_places.list_destinations() == []
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.actor == "店长")]
    assert actions == ["setting.change"] * 3


def test_both_backends_back_up_into_the_same_layout(db: str, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    [outcome] = backup_runs.run_backup("店长")
    assert outcome.ok and outcome.snapshot is not None, outcome.text
    manifest = Repository(usb).load(outcome.snapshot.id)
    assert manifest.engine == ("postgresql" if db.startswith("postgresql") else "sqlite")
    [before] = backup_runs.snapshot_before("month_lock", "店长")
    assert before.ok and before.snapshot is not None


def test_a_postgresql_dump_in_the_folder_is_never_an_incrementals_parent(
    live: Path, tmp_path: Path
) -> None:
    """A shop that moved to PostgreSQL (or back) keeps one USB stick: the chains stay apart."""
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    [full] = backup_runs.run_backup("店长", now=T0)
    assert full.snapshot is not None
    repo = Repository(usb)
    other = repo.load(full.snapshot.id)
    other.id = new_snapshot_id("full", T0 + timedelta(hours=1))
    other.engine = "postgresql"
    shutil.copytree(repo.root / "data" / full.snapshot.id, repo.root / "data" / other.id)
    write_atomic(repo.manifest_path(other.id), json.dumps(other.to_json()).encode())
    # A SQLite ledger has no server to restore a dump into: verification says so, by name.
    [result] = backup_verify.verify("店长", snapshot_id=other.id)
    assert not result.ok and "PostgreSQL 台账的备份" in result.problems[0]
    [inc] = backup_runs.run_backup("店长", kind="incremental", now=T0 + timedelta(hours=2))
    assert inc.snapshot is not None and inc.snapshot.parent == full.snapshot.id


def test_policy_weekly_full_daily_incremental(live: Path, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    assert backup_runs.due_kind(T0) == "full"
    kinds = []
    for day in (0, 1, 2, 7, 8):
        [outcome] = backup_runs.run_backup("店长", now=T0 + timedelta(days=day))
        assert outcome.ok, outcome.text
        assert outcome.snapshot is not None
        kinds.append(outcome.snapshot.kind)
    assert kinds == ["full", "incremental", "incremental", "full", "incremental"]
    assert backup_runs.due_kind(T0 + timedelta(days=8, hours=1)) is None
    assert backup_runs.due_kind(T0 + timedelta(days=9, hours=1)) == "incremental"
    assert backup_runs.due_kind(T0 + timedelta(days=15)) == "full"
    [forced] = backup_runs.run_backup("店长", kind="full", now=T0 + timedelta(days=8, hours=2))
    assert forced.snapshot is not None and forced.snapshot.kind == "full"
    assert AuditEntry.select().where(AuditEntry.action == "backup.run").count() == 6


def test_backup_on_exit_only_when_something_changed(live: Path, tmp_path: Path) -> None:
    backup_settings.add_destination(_folder(tmp_path, "usb"), "", "店长")
    assert backup_runs.something_changed()
    assert len(backup_runs.backup_on_exit("店长")) == 1
    assert not backup_runs.something_changed()  # the backup's own audit entries do not count
    assert backup_runs.backup_on_exit("店长") == []
    backup_verify.verify("店长")
    assert backup_runs.backup_on_exit("店长") == []
    correct_invoice(1, "remarks", "补记", "漏填备注", "店长")
    assert backup_runs.something_changed()
    [outcome] = backup_runs.backup_on_exit("店长")
    assert outcome.ok and outcome.snapshot is not None and outcome.snapshot.reason == "exit"


def test_a_missing_usb_is_reported_while_the_others_are_served(live: Path, tmp_path: Path) -> None:
    usb, cloud = _folder(tmp_path, "usb"), _folder(tmp_path, "cloud")
    backup_settings.add_destination(usb, "U盘", "店长")
    backup_settings.add_destination(cloud, "网盘", "店长")
    shutil.rmtree(usb)  # unplugged
    missing, served = backup_runs.run_backup("店长")
    assert not missing.ok and missing.code == "missing"
    assert (
        "找不到备份位置" in missing.text
        and usb in missing.text
        and "其他备份位置照常" in missing.text
    )
    assert served.ok and served.snapshot is not None
    views = {v.path: v for v in backup_settings.destination_views()}
    assert not views[usb].available and views[usb].status == "missing"
    assert views[cloud].available and views[cloud].last_backup_at
    assert BackupDestinationState.get(BackupDestinationState.path == usb).status == "missing"
    ok, message = backup_health.check_backups()
    assert not ok and usb in str(message)
    [result] = [r for r in backup_verify.verify("店长") if r.destination == usb]
    assert not result.ok


def test_a_full_disk_keeps_earlier_snapshots_and_says_so(
    live: Path, small_disk: Callable[[str], Path]
) -> None:
    small = small_disk("2m")
    backup_settings.add_destination(str(small), "小U盘", "店长")
    # A stored e-invoice file that does not compress: every full copies it, so the third fills
    # the disk whatever the database compresses to.
    files = attachments_dir(str(live))
    files.mkdir(parents=True, exist_ok=True)
    (files / "big.pdf").write_bytes(random.Random(4).randbytes(700_000))
    outcomes = []
    for day in range(8):
        [outcome] = backup_runs.run_backup("店长", kind="full", now=T0 + timedelta(days=day))
        outcomes.append(outcome)
        if not outcome.ok:
            break
    failed = outcomes[-1]
    assert failed.code == "disk_full", [o.text for o in outcomes]
    written = len(outcomes) - 1
    assert written >= 1
    assert "磁盘已满" in failed.text and f"之前的 {written} 个备份完好无损" in failed.text
    results = backup_verify.verify("店长")
    assert len(results) == written and all(r.ok for r in results)


@pytest.mark.faults  # a load probe on a fixed date (T0): CI runs it once, not at its two instants
def test_one_percent_changed_writes_under_five_percent_and_restores_exactly(
    big_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(big_template, path)
    open_database(path, actor="tester")
    try:
        usb = _folder(tmp_path, "usb")
        backup_settings.add_destination(usb, "", "店长")
        [full] = backup_runs.run_backup("店长", now=T0)
        ids = [r.id for r in Invoice.select(Invoice.id)]
        for invoice_id in random.Random(9).sample(ids, len(ids) // 100):
            correct_invoice(invoice_id, "remarks", f"更正{invoice_id}", "录入错误", "会计")
        head = audit.head()  # the backup's own audit entries come after its snapshot
        [inc] = backup_runs.run_backup("店长", now=T0 + timedelta(days=1))
        assert full.snapshot is not None and inc.snapshot is not None
        assert inc.snapshot.kind == "incremental"
        full_bytes = _disk_bytes(usb, full.snapshot.id)
        inc_bytes = _disk_bytes(usb, inc.snapshot.id)
        assert inc_bytes < 0.05 * full_bytes, (inc_bytes, full_bytes)
        restored = backup_restore.restore_to(inc.snapshot.id, tmp_path / "restored.sqlite", "店长")
        assert restored.ok, restored.problems
        assert restored.audit_head == head
        live_conn = sqlite3.connect(path)
        new_conn = sqlite3.connect(restored.path)
        try:
            for table in ("invoice", "invoice_line", "buyer", "setting"):
                query = f"SELECT * FROM {table} ORDER BY 1"
                assert live_conn.execute(query).fetchall() == new_conn.execute(query).fetchall()
            query = "SELECT * FROM audit_entry WHERE id <= ? ORDER BY id"
            seq = (inc.snapshot.audit_entries,)
            assert (
                live_conn.execute(query, seq).fetchall() == new_conn.execute(query, seq).fetchall()
            )
        finally:
            live_conn.close()
            new_conn.close()
    finally:
        close_database()


def test_verify_restore_and_drill_are_recorded(live: Path, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    assert backup_health.restore_age().days is None and backup_health.restore_age().warn
    [outcome] = backup_runs.run_backup("店长", now=T0)
    assert outcome.snapshot is not None
    sid = outcome.snapshot.id
    [result] = backup_verify.verify("店长")
    assert result.ok and result.snapshot_id == sid
    assert backup_listing.list_snapshots()[0].verified_ok is True
    assert recent_checks(name="backup_verify")[0].ok
    age = backup_health.restore_age(clock.now() + timedelta(days=3))
    assert (age.days, age.warn) == (3, False) and "3 天前" in str(age.message)
    age = backup_health.restore_age(clock.now() + timedelta(days=9))
    assert age.warn and "9 天前" in str(age.message)

    assert "今天" in str(backup_health.restore_age().message)  # not "0 天前"

    drill = backup_restore.restore_drill("店长")
    assert drill.ok and drill.row_counts["invoice"] == 200
    # Messages name the snapshot by its local time and kind, not its UTC file name.
    shown = recent_checks(name="restore_drill")[0].detail
    assert sid not in shown and "（完整备份）" in shown
    assert drill.latest_invoice["number"]
    assert RestoreDrill.get(RestoreDrill.kind == "drill").ok
    assert recent_checks(name="restore_drill")[0].ok

    target = tmp_path / "restored" / "ledger.sqlite"
    restored = backup_restore.restore_to(sid, target, "店长")
    assert restored.ok and restored.row_counts["invoice"] == 200
    with pytest.raises(ServiceError, match="已存在"):
        backup_restore.restore_to(sid, target, "店长")
    with pytest.raises(ServiceError, match="找不到备份"):
        backup_restore.restore_to("20990101T000000000Z-full", tmp_path / "x.sqlite", "店长")


def test_a_practice_drill_is_no_open_incident_on_the_health_page(live: Path) -> None:
    from invoicedesk.services import incidents

    incidents.start_incident("店长", drill=True)
    board = health_dashboard.dashboard("店长")
    assert board.open_incidents == 0
    incidents.start_incident("店长")
    assert health_dashboard.dashboard("店长").open_incidents == 1


def test_a_damaged_snapshot_fails_verification_by_name(live: Path, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    [first] = backup_runs.run_backup("店长", now=T0)
    correct_invoice(2, "remarks", "改", "录入错误", "店长")
    [second] = backup_runs.run_backup("店长", kind="full", now=T0 + timedelta(days=1))
    assert first.snapshot is not None and second.snapshot is not None
    pack = Path(usb) / REPO_DIR / "data" / first.snapshot.id / "pack-0000.bin"
    data = bytearray(pack.read_bytes())
    data[5000] ^= 0x40
    pack.write_bytes(bytes(data))
    results = {r.snapshot_id: r for r in backup_verify.verify("店长")}
    assert not results[first.snapshot.id].ok and results[second.snapshot.id].ok
    assert "pack-0000.bin" in results[first.snapshot.id].problems[0]
    with pytest.raises(ServiceError, match="已损坏"):
        backup_restore.restore_to(first.snapshot.id, tmp_path / "r.sqlite", "店长")
    ok, _ = recent_checks(name="backup_verify")[1].ok, None
    assert not ok


def _manifest(
    sid: str, created: datetime, kind: str = "full", parent: str | None = None
) -> Manifest:
    return Manifest(
        sid, kind, parent, created.isoformat(), "", "", 4, 4096, 1, 4096, {}, "", 0, [], [], 0, 0.0
    )


def test_retention_by_day_week_month_keeps_chains_and_the_newest_verified_full() -> None:
    manifests = []
    parent = None
    for day in range(60):
        moment = T0 + timedelta(days=day)
        kind = "full" if day % 7 == 0 else "incremental"
        sid = f"s{day:02d}"
        manifests.append(_manifest(sid, moment, kind, None if kind == "full" else parent))
        parent = sid
    policy = backup_settings.Policy(keep_daily=3, keep_weekly=2, keep_monthly=2)
    keep = backup_retention.retained(manifests, policy, verified_fulls=set())
    assert {"s59", "s58", "s57"} <= keep  # the last three days
    assert "s56" in keep  # their full
    assert "s55" in keep  # newest of the previous ISO week, with its chain back to s49
    assert {"s49", "s50", "s54"} <= keep
    assert "s20" not in keep and "s00" not in keep
    keep = backup_retention.retained(manifests, policy, verified_fulls={"s07"})
    assert "s07" in keep  # never deleting the newest verified full


def test_prune_deletes_what_the_policy_drops(live: Path, tmp_path: Path) -> None:
    usb = _folder(tmp_path, "usb")
    backup_settings.add_destination(usb, "", "店长")
    backup_settings.set_policy(
        backup_settings.Policy(keep_daily=2, keep_weekly=0, keep_monthly=0), "店长"
    )
    pruned: list[str] = []
    for day in range(4):
        [outcome] = backup_runs.run_backup("店长", kind="full", now=T0 + timedelta(days=day))
        pruned += outcome.pruned
    repo = Repository(usb)
    assert len(repo.snapshot_ids()) == 2 and len(pruned) == 2
    assert not any((repo.root / "data" / sid).exists() for sid in pruned)
    assert BackupSnapshot.select().where(BackupSnapshot.deleted_at != "").count() == 2


def test_switching_keeps_the_current_database_aside(tmp_path: Path) -> None:
    current = tmp_path / "ledger.sqlite"
    current.write_bytes(b"current")
    Path(f"{current}-wal").write_bytes(b"wal")
    Path(f"{current}-changes").write_bytes(b"log")
    (tmp_path / "ledger.sqlite-files").mkdir()
    restored = tmp_path / "restored.sqlite"
    restored.write_bytes(b"restored")
    aside = backup_restore.switch_database(current, restored)
    assert current.read_bytes() == b"restored" and aside.read_bytes() == b"current"
    assert Path(f"{aside}-wal").read_bytes() == b"wal"
    # The page log describes the old file: it goes with it, the restored one starts without.
    assert Path(f"{aside}-changes").read_bytes() == b"log"
    assert not Path(f"{current}-changes").exists()
    assert (tmp_path / f"{aside.name}-files").is_dir()
    assert not restored.exists()
