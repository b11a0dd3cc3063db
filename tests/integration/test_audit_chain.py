"""The tamper-evident audit chain, on both backends, including two writers at once."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import verify_audit
from invoicedesk.store import audit
from invoicedesk.store.database import close_database, is_postgres_url, open_database
from invoicedesk.store.models import AuditEntry, database
from tests.factories import TODAY, draft


def _record_some(count: int = 3) -> None:
    for seq in range(1, count + 1):
        svc.record_invoice(draft(seq), "张三", today=TODAY)


def _raw(target: str, sql: str, params: tuple[object, ...] = ()) -> None:
    """Edit the database behind the app's back, as someone with the file would."""
    if is_postgres_url(target):
        database.obj.execute_sql(sql.replace("?", "%s"), params)
    else:
        conn = sqlite3.connect(target)
        with conn:
            conn.execute(sql, params)
        conn.close()


def test_a_fresh_chain_verifies(db: str) -> None:
    _record_some()
    report = verify_audit()
    assert report.ok and report.first_broken is None
    assert report.entries == AuditEntry.select().count()
    assert report.head == audit.head()


def test_an_edited_entry_is_named(db: str) -> None:
    _record_some()
    victim = AuditEntry.select().where(AuditEntry.action == "invoice.create").first()
    _raw(
        db,
        "UPDATE audit_entry SET after = replace(after, '张三', '王五') WHERE id = ?",
        (victim.id,),
    )
    report = verify_audit()
    assert not report.ok and report.first_broken == victim.id
    assert str(victim.id) in report.problem_text and "改动" in report.problem_text


def test_a_deleted_entry_is_named(db: str) -> None:
    _record_some()
    victim = AuditEntry.select().order_by(AuditEntry.id.desc()).offset(1).first()
    _raw(db, "DELETE FROM audit_entry WHERE id = ?", (victim.id,))
    report = verify_audit()
    assert not report.ok and report.first_broken == victim.id
    assert "缺失" in report.problem_text


def test_a_rewritten_link_is_named(db: str) -> None:
    _record_some()
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    _raw(db, "UPDATE audit_entry SET prev_hash = ? WHERE id = ?", ("f" * 64, last.id))
    assert verify_audit().first_broken == last.id


def test_append_outside_a_transaction_is_a_bug(db: str) -> None:
    with pytest.raises(RuntimeError):
        audit.append("x", "test", "test")


def _writer(target: str, worker: int, count: int) -> None:
    open_database(target, actor="writer")
    for i in range(count):
        with database.atomic():
            audit.append(f"writer{worker}", "test.append", "test", i, None, {"n": i})
    close_database()


def test_two_processes_appending_at_once_keep_one_chain(db: str) -> None:
    close_database()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db, n, 40)) for n in (1, 2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    open_database(db)
    report = verify_audit()
    assert report.ok
    appended = AuditEntry.select().where(AuditEntry.action == "test.append")
    assert appended.count() == 80
    assert {e.actor for e in appended} == {"writer1", "writer2"}
