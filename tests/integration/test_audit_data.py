"""Tamper evidence that covers the data: rows changed outside the app, and a chain cut short or
re-hashed behind one of its anchors (month locks, backup manifests), on both backends."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.services import (
    backup_restore,
    backup_runs,
    backup_settings,
    invoice_changes,
    periods,
    requests,
)
from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import put_setting
from invoicedesk.store import audit
from invoicedesk.store.database import close_database, is_postgres_url, open_database
from invoicedesk.store.models import GENESIS_HASH, AuditEntry, database
from tests.factories import TODAY, draft, last_month

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _raw(target: str, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Edit the database behind the app's back, as someone with the file and sqlite3 would."""
    if is_postgres_url(target):
        for sql, params in statements:
            database.obj.execute_sql(sql.replace("?", "%s"), params)
        return
    conn = sqlite3.connect(target)
    with conn:
        for sql, params in statements:
            conn.execute(sql, params)
    conn.close()


def _ledger(count: int = 3) -> list[int]:
    return [svc.record_invoice(draft(seq), "张三", today=TODAY).id for seq in range(1, count + 1)]


def _texts() -> list[str]:
    return verify_audit().problem_texts


def test_a_ledger_written_by_the_app_verifies_with_its_data(db: str) -> None:
    ids = _ledger()
    invoice_changes.correct_invoice(
        ids[0], "buyer_name", "北京小米科技有限责任公司二部", "写错了", "张三"
    )
    invoice_changes.red_flush(ids[1], reason_code="01", number="26112000000000088888", actor="张三")
    req = requests.create_request("王女士", draft(5).lines, "张三", phone="13800000000")
    requests.cancel_request(req.id, "不要了", "张三")
    put_setting("month_end.four_eyes", True, "店长")
    periods.lock_period(last_month(), "会计", backup=False)
    periods.unlock_period(last_month(), "补录", "店长")
    periods.lock_period(last_month(), "会计", note="再锁", backup=False)
    report = verify_audit()
    assert report.ok, report.problem_texts
    assert report.records_checked >= 3 + 1 + 1  # invoices, the setting, the lock
    assert report.anchors == 1


def test_an_amount_edited_outside_the_app_is_named(db: str) -> None:
    ids = _ledger()
    number = svc.get_invoice(ids[1]).number
    _raw(db, ("UPDATE invoice SET amount_fen = amount_fen + 100000 WHERE id = ?", (ids[1],)))
    report = verify_audit()
    assert not report.ok and report.first_broken is None  # the chain itself still holds
    [finding] = report.findings
    assert (finding.entity, finding.entity_id, finding.kind) == ("invoice", str(ids[1]), "changed")
    assert [f[0] for f in finding.fields] == ["amount"]
    assert number in finding.text and "金额" in finding.text


def test_a_status_changed_outside_the_app_is_named(db: str) -> None:
    ids = _ledger()
    _raw(db, ("UPDATE invoice SET status = 'voided' WHERE id = ?", (ids[0],)))
    [finding] = verify_audit().findings
    assert finding.fields == (("status", "normal", "voided"),)
    assert "状态" in finding.text


def test_a_deleted_invoice_is_named(db: str) -> None:
    ids = _ledger()
    number = svc.get_invoice(ids[2]).number
    _raw(
        db,
        ("DELETE FROM invoice_line WHERE invoice_id = ?", (ids[2],)),
        ("DELETE FROM invoice WHERE id = ?", (ids[2],)),
    )
    [finding] = verify_audit().findings
    assert (finding.entity_id, finding.kind) == (str(ids[2]), "deleted")
    assert number in finding.text and "删除" in finding.text


def test_an_invoice_inserted_without_an_audit_entry_is_named(db: str) -> None:
    ids = _ledger(1)
    columns = [
        c
        for c in database.obj.get_columns("invoice")
        if c.name not in ("id", "number")  # a copy under a new number and id
    ]
    names = ", ".join(c.name for c in columns)
    _raw(
        db,
        (
            f"INSERT INTO invoice (id, number, {names}) "
            f"SELECT 999, '26112000000000099999', {names} FROM invoice WHERE id = ?",
            (ids[0],),
        ),
    )
    [finding] = verify_audit().findings
    assert (finding.entity_id, finding.kind) == ("999", "inserted")
    assert "26112000000000099999" in finding.text


def test_a_request_a_lock_and_a_setting_changed_outside_the_app_are_named(db: str) -> None:
    _ledger(1)
    req = requests.create_request("王女士", draft(7).lines, "张三", phone="13800000000")
    put_setting("company", {"name": "演示店", "tax_id": ""}, "店长")
    periods.lock_period(last_month(), "会计", note="已结账", backup=False)
    statements: list[tuple[str, tuple[object, ...]]] = [
        ("UPDATE setting SET value = ? WHERE key = 'company'", ('{"name": "别的店"}',)),
        ("UPDATE period_lock SET note = '改过' WHERE period = ?", (last_month(),)),
    ]
    statements.append(("UPDATE invoice_request SET phone = '110' WHERE id = ?", (req.id,)))
    _raw(db, *statements)
    kinds = {(f.entity, f.kind) for f in verify_audit().findings}
    assert {("setting", "changed"), ("period", "changed")} <= kinds
    assert ("request", "changed") in kinds


def _rehash_from(target: str, first: int) -> None:
    """Re-compute every hash from entry ``first`` on, as a forger who knows the scheme would."""
    if is_postgres_url(target):
        rows = list(
            database.obj.execute_sql(
                "SELECT id, ts, actor, action, entity, entity_id, before, after FROM audit_entry "
                "ORDER BY id"
            )
        )
    else:
        conn = sqlite3.connect(target)
        rows = list(
            conn.execute(
                "SELECT id, ts, actor, action, entity, entity_id, before, after FROM audit_entry "
                "ORDER BY id"
            )
        )
        conn.close()
    prev = GENESIS_HASH
    updates: list[tuple[str, tuple[object, ...]]] = []
    for seq, ts, actor, action, entity, eid, before, after in rows:
        digest = audit._digest(seq, ts, actor, action, entity, eid, before, after, prev)
        if seq >= first:
            # Unique columns: move every hash aside first, then write the new ones.
            updates.append(
                ("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, seq))
            )
        prev = digest
    aside = [
        (
            "UPDATE audit_entry SET prev_hash = 'x' || substr(prev_hash, 2), "
            "hash = 'x' || substr(hash, 2) WHERE id >= ?",
            (first,),
        )
    ]
    _raw(target, *aside, *updates)


def test_an_edit_with_the_chain_rehashed_is_caught_by_the_month_lock(db: str) -> None:
    ids = _ledger()
    periods.lock_period(last_month(), "会计", backup=False)
    victim = AuditEntry.get(
        (AuditEntry.action == "invoice.create") & (AuditEntry.entity_id == str(ids[0]))
    )
    after = json.loads(victim.after)
    after["buyer_name"] = "别人"
    _raw(
        db,
        ("UPDATE invoice SET buyer_name = '别人' WHERE id = ?", (ids[0],)),
        ("UPDATE audit_entry SET after = ? WHERE id = ?", (audit.canonical(after), victim.id)),
    )
    _rehash_from(db, victim.id)
    report = verify_audit()
    assert report.first_broken is None and not report.findings  # chain and data agree now
    [problem] = [str(m) for m in report.anchor_problems]
    lock_seq = AuditEntry.get(AuditEntry.action == "period.lock").id
    assert f"第 {lock_seq} 条" in problem and last_month() in problem and "重新计算" in problem
    assert not report.ok


def test_the_chains_last_5_entries_deleted_are_named(db: str) -> None:
    _ledger(2)
    periods.lock_period(last_month(), "会计", backup=False)  # the anchor: the lock's entry
    ids = [svc.record_invoice(draft(seq), "张三", today=TODAY).id for seq in range(10, 13)]
    periods.unlock_period(last_month(), "补录", "店长")
    periods.lock_period(last_month(), "会计", backup=False)  # the newest anchor
    head = AuditEntry.select().count()
    _raw(db, ("DELETE FROM audit_entry WHERE id > ?", (head - 5,)))
    report = verify_audit()
    assert report.first_broken is None  # what is left is a valid chain
    assert any("最新的 5 条缺失" in str(m) for m in report.anchor_problems)
    # ...and the rows those entries described now have no after-image
    inserted = {f.entity_id for f in report.findings if f.kind == "inserted"}
    assert inserted == {str(i) for i in ids}
    assert not report.ok


def test_a_tail_cut_back_past_a_backup_manifest_is_named(sqlite_db: str, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_settings.add_destination(str(usb), "U盘", "店长")
    _ledger(3)
    [outcome] = backup_runs.run_backup("店长")
    assert outcome.ok
    anchored = AuditEntry.select().where(AuditEntry.action == "invoice.create").count()
    # Cut the chain back before the last invoice (and the backup's own entries); remove the
    # invoice too, and the backup's row in the ledger, so that only the manifest is left.
    last_id = (
        AuditEntry.select()
        .where(AuditEntry.action == "invoice.create")
        .order_by(AuditEntry.id.desc())
        .first()
    )
    _raw(
        sqlite_db,
        ("DELETE FROM audit_entry WHERE id >= ?", (last_id.id,)),
        ("DELETE FROM invoice_line WHERE invoice_id = ?", (int(last_id.entity_id),)),
        ("DELETE FROM invoice WHERE id = ?", (int(last_id.entity_id),)),
        ("DELETE FROM backup_snapshot", ()),
    )
    report = verify_audit()
    assert report.first_broken is None and not report.findings
    [problem] = [str(m) for m in report.anchor_problems]
    assert "缺失" in problem and "清单" in problem and str(usb) in problem
    assert anchored == 3


def test_cli_names_each_change_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ledger.sqlite"
    assert main(["--db", str(path), "init", "--company", "店"]) == 0
    for seq in (1, 2):
        svc.record_invoice(draft(seq), "张三", today=TODAY)
    close_database()
    capsys.readouterr()
    assert main(["--db", str(path), "audit", "verify", "--json"]) == 0
    close_database()
    assert json.loads(capsys.readouterr().out)["ok"] is True
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE invoice SET total_fen = 1 WHERE id = 1")
        conn.execute("DELETE FROM invoice_line WHERE invoice_id = 2")
        conn.execute("DELETE FROM invoice WHERE id = 2")
    conn.close()
    code = main(["--db", str(path), "audit", "verify", "--json"])
    close_database()
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False
    assert {(c["id"], c["kind"]) for c in report["changed_outside"]} == {
        ("1", "changed"),
        ("2", "deleted"),
    }
    code = main(["--db", str(path), "audit", "verify"])
    close_database()
    out = capsys.readouterr().out
    assert code == 1 and out.count("数据在程序之外被改动") == 2 and "价税合计" in out


def test_a_ledger_opened_again_after_the_checks_still_verifies(sqlite_db: str) -> None:
    _ledger(2)
    close_database()
    open_database(sqlite_db)
    assert verify_audit().ok


def test_the_fast_invoice_images_equal_the_logged_snapshots(db: str) -> None:
    """verify builds images from plain rows; they must be exactly what the writes log."""
    ids = _ledger(3)
    invoice_changes.red_flush(ids[0], reason_code="01", number="26112000000000077777", actor="张三")
    from invoicedesk.services.auditing import invoice_images

    images = dict(invoice_images())
    assert set(images) == {v.id for v in map(svc.get_invoice, images)}
    for inv_id, image in images.items():
        assert image == svc.snapshot(svc.get_invoice(inv_id))


def test_a_demo_row_changed_outside_the_app_is_named_by_its_fingerprint(db: str) -> None:
    from invoicedesk.services import demo

    put_setting("company", {"name": "演示店", "tax_id": "91110108551385082Q"}, "店长")
    demo.generate(60, "演示", seed=3)
    assert verify_audit().ok
    victim = svc.list_invoices(limit=5).rows[2]
    _raw(db, ("UPDATE invoice SET buyer_name = '别人' WHERE id = ?", (victim.id,)))
    [finding] = verify_audit().findings
    assert (finding.entity_id, finding.kind) == (str(victim.id), "changed")
    assert "指纹" in finding.text
    # A correction made in the app afterwards logs the whole image again.
    invoice_changes.correct_invoice(
        victim.id, "buyer_name", "北京小米科技有限责任公司", "改回", "张三"
    )
    assert verify_audit().ok


def test_an_unlock_logged_before_images_still_means_the_lock_is_gone(db: str) -> None:
    periods.lock_period(last_month(), "会计", backup=False)
    periods.unlock_period(last_month(), "补录", "店长")
    entry = AuditEntry.get(AuditEntry.action == "period.unlock")
    # As an older version wrote it: the reason only, no image.
    _raw(db, ("UPDATE audit_entry SET after = ? WHERE id = ?", ('{"reason":"补录"}', entry.id)))
    _rehash_from(db, entry.id)
    assert verify_audit().ok


def test_past_the_limit_findings_are_counted_not_listed(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from invoicedesk.services import auditing

    monkeypatch.setattr(auditing, "MAX_FINDINGS", 2)
    ids = _ledger(5)
    _raw(db, ("UPDATE invoice SET remarks = '改过' WHERE id >= ?", (ids[0],)))
    findings = verify_audit().findings
    assert [f.kind for f in findings] == ["changed", "changed", "more"]
    assert "另有 3 条发票记录" in findings[-1].text


def test_backups_of_the_ledger_a_restore_replaced_are_not_held_against_it(
    sqlite_db: str, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_settings.add_destination(str(usb), "", "店长")
    _ledger(2)
    [older] = backup_runs.run_backup("店长", kind="full")
    assert older.snapshot is not None
    for seq in (20, 21, 22):
        svc.record_invoice(draft(seq), "张三", today=TODAY)
    [newer] = backup_runs.run_backup("店长", kind="incremental")  # its manifest: a longer chain
    restored = backup_restore.restore_to(older.snapshot.id, tmp_path / "restored.sqlite", "店长")
    assert restored.ok
    close_database()
    aside = backup_restore.switch_database(Path(sqlite_db), Path(restored.path))
    open_database(sqlite_db, actor="店长")
    backup_restore.log_restore(restored, "店长", kept_locks=[], previous=str(aside))
    report = verify_audit()
    assert report.ok, report.problem_texts
    # Backups made after the restore anchor the new chain again.
    svc.record_invoice(draft(30), "张三", today=TODAY)
    [after] = backup_runs.run_backup("店长", kind="incremental")
    assert after.ok and verify_audit().ok
    _raw(sqlite_db, ("DELETE FROM backup_snapshot", ()))
    head = AuditEntry.select().count()
    _raw(sqlite_db, ("DELETE FROM audit_entry WHERE id > ?", (head - 4,)))
    assert any("缺失" in str(m) for m in verify_audit().anchor_problems)
    assert newer.ok
