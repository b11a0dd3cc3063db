"""Every page redraws on a change notice it cares about (issue 14), whoever wrote.

The writes run on the worker as any screen's would (or in another process), never through the
page under test: what the page shows afterwards came from the worker's one ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.worker import DbWorker
from invoicedesk.services import backup_runs, backup_settings, cases, incidents, requests
from invoicedesk.services.invoices import record_invoice
from invoicedesk.services.outage import start_outage
from tests.factories import draft, line
from tests.gui.helpers import run_on_worker


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "tester")
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    yield main
    main.close()
    main.deleteLater()


def record_elsewhere(qtbot: QtBot, seq: int) -> int:
    view = run_on_worker(
        qtbot, lambda: record_invoice(draft(seq, issue_date=clock.today()), "另一台")
    )
    return view.id


def test_worker_broadcasts_what_a_write_changed(
    qtbot: QtBot, small_db: Path, worker: DbWorker
) -> None:
    with qtbot.waitSignal(worker.changed, timeout=10_000) as blocker:
        invoice_id = record_elsewhere(qtbot, 9001)
    notice = blocker.args[0]
    assert isinstance(notice, Changes)
    assert notice.invoices == (invoice_id,) and notice.by == "另一台"
    # A read says nothing; a failed write says nothing either.
    seen: list[Changes] = []
    worker.changed.connect(seen.append)
    run_on_worker(qtbot, lambda: len(requests.list_requests()))
    with pytest.raises(Exception):  # noqa: B017 - the duplicate number
        run_on_worker(qtbot, lambda: record_invoice(draft(9001, issue_date=clock.today()), "x"))
    QApplication.processEvents()
    assert seen == []


def test_ledger_redraws_with_totals(qtbot: QtBot, window: MainWindow) -> None:
    ledger = window.ledger
    before = ledger.model.totals
    assert before is not None
    invoice_id = record_elsewhere(qtbot, 9002)
    qtbot.waitUntil(
        lambda: ledger.model.totals is not None and ledger.model.totals.count == before.count + 1,
        timeout=5_000,
    )
    qtbot.waitUntil(lambda: not ledger.model.loading)
    rows = [ledger.model.row_at(r) for r in range(5)]
    assert invoice_id in [r.id for r in rows if r is not None]


def test_search_results_redraw(qtbot: QtBot, window: MainWindow) -> None:
    search = window.search_page  # type: ignore[attr-defined]
    number = draft(9003, issue_date=clock.today()).number
    search.search.setText(number[-8:])
    search.apply_filter()
    qtbot.waitUntil(lambda: search.model.filter.text == number[-8:] and not search.model.loading)
    assert search.model.rowCount() == 0
    record_elsewhere(qtbot, 9003)
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=5_000)


def test_counter_sees_outage_and_requests_from_another_counter(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.counter
    assert page is not None
    assert not page.outage.active  # type: ignore[attr-defined]
    run_on_worker(qtbot, lambda: start_outage("另一台", "平台无法登录"))
    qtbot.waitUntil(lambda: page.outage.active, timeout=5_000)  # type: ignore[attr-defined]
    run_on_worker(
        qtbot,
        lambda: requests.create_request("北京某某公司", [line()], "另一台", phone="13800000002"),
    )
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 1, timeout=5_000)  # type: ignore[attr-defined]


def test_case_list_redraws(qtbot: QtBot, window: MainWindow) -> None:
    page = window.cases.page  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not page.model.loading if hasattr(page.model, "loading") else True)
    before = page.model.rowCount()
    run_on_worker(
        qtbot,
        lambda: cases.open_case("王女士", "查不到", "phone", "另一台", phone="13800000002"),
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5_000)


def test_incident_banner_redraws(qtbot: QtBot, window: MainWindow) -> None:
    banner = window.incidents.banner  # type: ignore[attr-defined]
    assert "应急处理中" not in banner.text()
    view = run_on_worker(qtbot, lambda: incidents.start_incident("另一台"))
    qtbot.waitUntil(lambda: f"第{view.id}号事件" in banner.text(), timeout=5_000)


def test_backup_page_redraws(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = window.backups_feature.page  # type: ignore[attr-defined]
    usb = tmp_path / "usb"
    usb.mkdir()
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "U盘", "店长"))
    before = page.model.rowCount()
    run_on_worker(qtbot, lambda: backup_runs.run_backup("店长"), timeout=60_000)
    qtbot.waitUntil(lambda: page.model.rowCount() > before, timeout=20_000)


def test_database_switched_rereads_every_page(
    qtbot: QtBot, window: MainWindow, worker: DbWorker
) -> None:
    with qtbot.waitSignal(window.ledger.model.reloaded, timeout=10_000):
        worker.announce(Changes.everything(switched=True))


# ---------------------------------------------------------------- two processes


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_invoice_saved_in_another_process_shows_in_the_ledger_within_a_second(
    qtbot: QtBot, worker: DbWorker, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    from invoicedesk.gui.ledger_page import LedgerPage
    from invoicedesk.services import company
    from invoicedesk.store.database import open_database
    from tests.integration.test_change_feed import finish, record_in, writer

    target = (
        str(tmp_path / "ledger.sqlite")
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )

    def setup() -> None:
        open_database(target, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")

    run_on_worker(qtbot, setup)
    worker.watch(target)
    page = LedgerPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.model.reloaded, timeout=20_000):
        page.show()
    proc, ids = writer(target, 1)
    try:
        for expected in (1, 2):
            invoice_id = record_in(proc, ids)  # committed in the other process
            qtbot.waitUntil(
                lambda n=expected: page.model.totals is not None and page.model.totals.count == n,
                timeout=1_000,
            )
            qtbot.waitUntil(lambda: not page.model.loading, timeout=1_000)
            first = page.model.row_at(0)
            assert first is not None and first.id == invoice_id
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        finish(proc, ids)
        worker.unwatch()


def test_month_page_redraws_when_another_counter_locks_its_month(
    qtbot: QtBot, small_db: Path, worker: DbWorker
) -> None:
    from invoicedesk.gui.month_page import MonthPage
    from invoicedesk.services import periods
    from tests.factories import last_month

    page = MonthPage("李会计")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.summary is not None, timeout=20_000)
    assert page.summary is not None and page.summary.lock is None
    run_on_worker(qtbot, lambda: periods.lock_period(last_month(), "另一台", backup=False))
    qtbot.waitUntil(
        lambda: page.summary is not None and page.summary.lock is not None and not page.loading,
        timeout=20_000,
    )
    assert page.unlock_button.isEnabled()
