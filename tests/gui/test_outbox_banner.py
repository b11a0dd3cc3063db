"""When the ledger's server cannot be reached: a banner at once, the form keeps what was typed,
a save goes to the outbox ("待同步 N 张"), and both clear once the server answers and the outbox is
replayed. The server is cut with a TCP proxy (tests/tcp_proxy.py), never stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.lines_table import AMOUNT, NAME, rate_by_code
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.worker import DbWorker
from invoicedesk.services import company, invoices, outbox, requests
from invoicedesk.store.database import open_database
from invoicedesk.store.models import Invoice
from tests.factories import draft
from tests.gui.helpers import run_on_worker
from tests.gui.test_counter import new_number
from tests.gui.test_invoice_form import fill
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxy(pg_url: str, tmp_path: Path) -> Iterator[TcpProxy]:
    cutter = TcpProxy()
    outbox.use_path(tmp_path / "outbox.sqlite")
    yield cutter
    cutter.restore()
    outbox.use_path(None)
    cutter.close()


@pytest.fixture
def window(qtbot: QtBot, worker: DbWorker, proxy: TcpProxy, pg_url: str) -> Iterator[MainWindow]:
    target = proxy.url(pg_url)

    def setup() -> None:
        open_database(target, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")

    run_on_worker(qtbot, setup)
    main = MainWindow(target, "tester")
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    main.outbox.timer.setInterval(200)  # type: ignore[attr-defined]
    yield main
    if main.form is not None:
        main.form.reset()
    main.close()
    main.deleteLater()


def test_banner_and_outbox_count_while_cut_clear_after_replay(
    qtbot: QtBot, window: MainWindow, proxy: TcpProxy
) -> None:
    feature = window.outbox  # type: ignore[attr-defined]
    form = window.form
    assert form is not None and not feature.banner.isVisible()
    window.show_page(window.counter)  # type: ignore[attr-defined]
    fill(form, new_number(1))
    proxy.cut()
    window.refresh_action.trigger()  # any read that finds the server gone: the banner, at once
    qtbot.waitUntil(feature.banner.isVisible, timeout=10_000)
    assert "连不上台账服务器" in feature.banner.text.text()
    assert form.number.text() == new_number(1)  # what was typed is still there
    assert QApplication.activeModalWidget() is None  # no error dialog over the counter

    form.save()
    qtbot.waitUntil(lambda: feature.count.isVisible(), timeout=10_000)
    assert feature.count.text() == "待同步 1 张"
    assert "待同步 1 张" in form.messages.text() and form.number.text() == ""
    fill(form, new_number(2))
    form.save()
    qtbot.waitUntil(lambda: feature.count.text() == "待同步 2 张", timeout=10_000)
    assert "待同步 2 张" in feature.banner.text.text()
    form.set_mode("request")  # a customer's request written down meanwhile goes the same way
    form.buyer_name.setText("北京测试餐饮有限公司")
    form.contact_phone.setText("13800138000")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_rate(0, rate_by_code("0.13"))
    form.lines.set_text(0, AMOUNT, "100")
    form.save()
    qtbot.waitUntil(lambda: feature.count.text() == "待同步 3 张", timeout=10_000)
    assert "开票申请已存入本机" in form.messages.text() and form.buyer_name.text() == ""

    proxy.restore()  # the timer asks again and replays
    qtbot.waitUntil(lambda: not feature.banner.isVisible(), timeout=15_000)
    assert not feature.count.isVisible() and not feature.timer.isActive()

    def numbers() -> list[str]:
        return [i.number for i in Invoice.select(Invoice.number).order_by(Invoice.id)]

    assert run_on_worker(qtbot, numbers) == [new_number(1), new_number(2)]
    written = run_on_worker(qtbot, requests.list_requests)
    assert [(r.buyer_name, r.phone) for r in written] == [("北京测试餐饮有限公司", "13800138000")]
    assert run_on_worker(qtbot, lambda: invoices.ledger_totals().count) == 2
    qtbot.waitUntil(lambda: window.ledger.model.totals is not None, timeout=5_000)
    qtbot.waitUntil(lambda: window.ledger.model.totals.count == 2, timeout=5_000)


def test_change_notices_resume_when_the_server_answers_again(
    qtbot: QtBot, worker: DbWorker, proxy: TcpProxy, pg_url: str
) -> None:
    """The LISTEN connection is cut too: it is made again, pages reread once (the notices sent
    meanwhile were missed), and another counter's next invoice is announced as before."""
    from tests.integration.test_change_feed import finish, record_in, writer

    target = proxy.url(pg_url)

    def setup() -> None:
        open_database(target, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")

    run_on_worker(qtbot, setup)
    worker.watch(target)
    proc, ids = writer(pg_url, 1)  # the other counter reaches the server directly
    try:
        proxy.cut()
        with qtbot.waitSignal(
            worker.changed, check_params_cb=lambda changes: changes.reload, timeout=15_000
        ):
            qtbot.wait(500)  # the listener finds its connection gone
            proxy.restore()
        with qtbot.waitSignal(worker.changed, timeout=5_000) as notice:
            invoice_id = record_in(proc, ids)
        assert invoice_id in notice.args[0].invoices
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        finish(proc, ids)
        worker.unwatch()


def test_a_conflict_is_listed_and_resolved_in_the_dialog(
    qtbot: QtBot, window: MainWindow, proxy: TcpProxy
) -> None:
    feature = window.outbox  # type: ignore[attr-defined]
    form = window.form
    assert form is not None
    window.show_page(window.counter)  # type: ignore[attr-defined]
    proxy.cut()
    for serial in (3, 4):
        fill(form, new_number(serial))
        form.save()
        qtbot.waitUntil(
            lambda s=serial: feature.count.text() == f"待同步 {s - 2} 张", timeout=10_000
        )
    proxy.restore()
    other = run_on_worker(  # another counter recorded both numbers meanwhile
        qtbot,
        lambda: [
            invoices.record_invoice(
                draft(0, num=new_number(s), issue_date=clock.today()), "李四"
            ).id
            for s in (3, 4)
        ],
    )
    qtbot.waitUntil(lambda: len(feature.conflicts) == 2, timeout=15_000)
    assert feature.banner.isVisible() and "2 张待同步发票" in feature.banner.text.text()
    assert not feature.count.isVisible()  # none waits: they need a person
    qtbot.mouseClick(feature.banner.conflicts, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "outboxConflictsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.list.count() == 2
    assert (
        "已在台账中" in dialog.list.item(0).text() and new_number(3) in dialog.list.item(0).text()
    )
    assert [c.existing_id for c in feature.conflicts] == other

    dialog.list.setCurrentRow(0)
    dialog.findChild(QPushButton, "outboxDrop").click()  # the same invoice: give it up
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    dialog.findChild(QPushButton, "outboxRetry").click()  # a typo: the paper says another number
    ask = dialog.findChild(QInputDialog, "outboxRetryNumber")
    assert ask is not None and ask.textValue() == new_number(4)
    ask.setTextValue(new_number(5))
    ask.accept()
    qtbot.waitUntil(lambda: not feature.banner.isVisible(), timeout=10_000)
    assert dialog.list.count() == 0
    numbers = run_on_worker(qtbot, lambda: sorted(i.number for i in Invoice.select(Invoice.number)))
    assert numbers == [new_number(3), new_number(4), new_number(5)]
