"""Preventive maintenance: what it does, that it never runs beside a writer, and its command."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from invoicedesk.cli import EXIT_BUSY, main
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.maintenance import MaintenanceWindow
from invoicedesk.services import company, demo, maintenance
from invoicedesk.services.invoices import list_invoices, record_invoice
from invoicedesk.services.system_checks import recent_checks
from invoicedesk.store import page_log
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.writer_queue import WriterQueue
from tests.factories import draft


@pytest.fixture
def ledger(db_target: str) -> Iterator[str]:
    open_database(db_target, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    demo.generate(300, "tester", seed=3)
    try:
        yield db_target
    finally:
        close_database()


def test_maintenance_runs_each_step_logs_it_and_search_still_works(ledger: str) -> None:
    report = maintenance.run_maintenance("店长", source="manual")
    assert report.ran and report.skipped is None
    expected = ["analyze", "search_index", "wal"] if "postgres" not in ledger else ["vacuum"]
    assert [name for name, _s in report.steps] == expected
    logged = recent_checks(name="maintenance")
    assert logged[0].ok and logged[0].actor == "店长" and "维护完成" in logged[0].detail
    assert maintenance.last_run() is not None
    some = Invoice.select().order_by(Invoice.id.desc()).first()
    found = list_invoices(InvoiceFilter(text=some.number[-8:])).rows
    assert [row.id for row in found] == [some.id]


def test_on_sqlite_the_wal_is_emptied_and_the_page_log_keeps_every_page(
    sqlite_db: str,
) -> None:
    path = Path(sqlite_db)
    company.set_company("演示商店", "91110108551385082Q", "tester")
    with page_log.writer_lock(path) as other:
        log = page_log.PageLog(path)
        log.harvest(other)
        log.mark("before")
    demo.generate(500, "tester", seed=4)
    assert Path(f"{path}-wal").stat().st_size > 0
    report = maintenance.run_maintenance("店长")
    assert report.wal_bytes_before > 0 and report.wal_bytes_after == 0
    changed = page_log.PageLog(path).changed_since("before")
    assert changed is not None and len(changed) > 10  # logged before the WAL was truncated


def test_maintenance_never_runs_while_someone_is_writing(sqlite_db: str) -> None:
    holding, done = threading.Event(), threading.Event()

    def writer() -> None:  # another counter in the middle of a save
        queue = WriterQueue(Path(sqlite_db))
        queue.acquire(5)
        holding.set()
        done.wait(10)
        queue.release()
        queue.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(5)
        report = maintenance.run_maintenance("店长", wait=0.2)
    finally:
        done.set()
        thread.join()
    assert not report.ran and "推迟" in str(report.skipped)
    assert recent_checks(name="maintenance") == []  # a postponement is not a run
    assert maintenance.run_maintenance("店长").ran  # once the writer is done


def test_due_in_the_window_once_then_not_until_the_next_night(
    sqlite_db: str, frozen_clock: clock.ManualClock
) -> None:
    night = datetime.combine(clock.today(), datetime.min.time(), tzinfo=SHOP_TZ)
    frozen_clock.set(night + timedelta(hours=2, minutes=30))
    assert maintenance.due_now()
    maintenance.run_maintenance("店长")
    assert not maintenance.due_now()
    frozen_clock.set(night + timedelta(days=1, hours=2, minutes=5))
    assert maintenance.due_now()
    frozen_clock.set(night + timedelta(days=1, hours=12))
    assert not maintenance.due_now()
    assert maintenance.due_now(at_exit=False) is False
    assert not maintenance.due_now(at_exit=True)  # ran yesterday: not a week ago
    frozen_clock.set(night + timedelta(days=8, hours=12))
    assert maintenance.due_now(at_exit=True)
    maintenance.set_maintenance_window(MaintenanceWindow(at_exit=False), "店长")
    assert not maintenance.due_now(at_exit=True)


def test_the_command_sets_the_window_runs_and_reports(
    db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", db_target, "--user", "店长", *args])
        finally:
            close_database()
        out, err = capsys.readouterr()
        return code, out, err

    assert run("maintain", "--window", "23:00-01:30", "--at-exit", "no", "--json") == (
        0,
        json.dumps(
            {"window": {"start": "23:00", "end": "01:30", "at_exit": False, "every_days": 7}}
        )
        + "\n",
        "",
    )
    code, out, err = run("maintain", "--window", "25:00-01:00")
    assert code == 2 and "--window" in err and out == ""
    code, out, _err = run("maintain", "--json")
    assert code == 0 and json.loads(out)["ran"] is True
    code, out, _err = run("maintain")
    assert code == 0 and out.startswith("维护完成")


def test_the_command_exits_75_when_a_writer_keeps_the_ledger(
    sqlite_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    close_database()
    queue = WriterQueue(Path(sqlite_db))
    queue.acquire(5)
    try:
        code = main(["--db", sqlite_db, "maintain", "--wait", "0.2"])
    finally:
        queue.release()
        queue.close()
        close_database()
    out, _err = capsys.readouterr()
    assert code == EXIT_BUSY and "推迟" in out


def test_a_writer_that_cannot_get_its_turn_says_so_and_changes_nothing(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from invoicedesk.store import database as store_database

    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_S", 0.3)
    record_invoice(draft(1), "张三")
    before = Invoice.select().count()
    close_database()
    listing = Path(sqlite_db).with_name("list.json")
    from tests.factories import as_json

    listing.write_text(json.dumps([as_json(2), as_json(3)]), encoding="utf-8")
    queue = WriterQueue(Path(sqlite_db))
    queue.acquire(5)
    try:
        code = main(["--db", sqlite_db, "add", "--json", str(listing)])
    finally:
        queue.release()
        queue.close()
        close_database()
    _out, err = capsys.readouterr()
    assert code == EXIT_BUSY and "另一个程序正在写入台账" in err and "Traceback" not in err
    open_database(sqlite_db)
    assert Invoice.select().count() == before
    assert database.obj is not None
