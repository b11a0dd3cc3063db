"""When the ledger's server cannot be reached: a banner at once, the form keeps what was typed,
a save goes to the outbox ("待同步 N 张"), and both clear once the server answers and the outbox is
replayed. The server is cut with a TCP proxy (tests/tcp_proxy.py), never stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.worker import DbWorker
from invoicedesk.services import company, invoices, outbox
from invoicedesk.store.database import open_database
from invoicedesk.store.models import Invoice
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

    proxy.restore()  # the timer asks again and replays
    qtbot.waitUntil(lambda: not feature.banner.isVisible(), timeout=15_000)
    assert not feature.count.isVisible() and not feature.timer.isActive()

    def numbers() -> list[str]:
        return [i.number for i in Invoice.select(Invoice.number).order_by(Invoice.id)]

    assert run_on_worker(qtbot, numbers) == [new_number(1), new_number(2)]
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
