"""Starting the app while the ledger's server is already unreachable: the window opens offline
(banner at once, the counter in front, a notice over pages that need the ledger), saves go to
the outbox, and once the server answers the outbox is replayed and every page reads the ledger.
Corrections are refused while offline, saying so, with what was typed kept. The server is cut
with a TCP proxy (tests/tcp_proxy.py), never stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.correction_dialogs import VoidDialog
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.worker import DbWorker
from invoicedesk.services import company, invoices, outbox
from invoicedesk.services.startup import StartupReport, open_checked
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice
from tests.environment import child_pythonpath
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


def _prepared(qtbot: QtBot, target: str) -> None:
    """The ledger as the other counters left it: schema and the shop's name."""

    def setup() -> None:
        open_database(target, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")
        close_database()

    run_on_worker(qtbot, setup)


def _window(qtbot: QtBot) -> MainWindow:
    main = MainWindow("postgresql://127.0.0.1/ledger", "tester")
    main.resize(1366, 768)
    main.show()
    main.outbox.timer.setInterval(200)  # type: ignore[attr-defined]
    return main


def test_the_app_starts_offline_and_catches_up_when_the_server_answers(
    qtbot: QtBot, worker: DbWorker, proxy: TcpProxy, pg_url: str
) -> None:
    target = proxy.url(pg_url)
    _prepared(qtbot, target)
    proxy.cut()
    report: StartupReport = run_on_worker(
        qtbot, lambda: open_checked(target, "tester", offline_ok=True)
    )
    assert report.offline
    window = _window(qtbot)
    try:
        feature = window.outbox  # type: ignore[attr-defined]
        assert feature.banner.isVisible()  # at once, before the server was asked again
        assert "连不上台账服务器" in feature.banner.text.text()
        assert window.summary.text() == "台账服务器未连接：合计待连上后显示"  # not "reading…"
        assert window.pages.currentWidget() is window.counter  # the counter works offline
        assert not feature.notice.isVisible()
        window.show_page(window.ledger)
        assert feature.notice.isVisible() and "这一页要读取台账" in feature.notice.text()
        # Over the page only: the tabs stay visible, so the counter is one click away.
        assert feature.notice.geometry().topLeft() == window.ledger.mapTo(
            window.pages, QPoint(0, 0)
        )
        assert feature.notice.size() == window.ledger.size()
        assert feature.notice.geometry().top() > window.pages.tabBar().geometry().bottom()
        window.show_page(window.counter)  # type: ignore[arg-type]
        assert not feature.notice.isVisible()

        form = window.form
        assert form is not None
        fill(form, new_number(1))
        form.save()
        qtbot.waitUntil(lambda: feature.count.isVisible(), timeout=10_000)
        assert feature.count.text() == "待同步 1 张"
        assert QApplication.activeModalWidget() is None  # no error dialog over the counter

        window.show_page(window.ledger)
        proxy.restore()  # the timer asks again, replays, and the pages read the ledger
        qtbot.waitUntil(lambda: not feature.banner.isVisible(), timeout=15_000)
        assert not feature.notice.isVisible() and not feature.count.isVisible()
        qtbot.waitUntil(lambda: window.ledger.model.totals is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.ledger.model.totals.count == 1, timeout=10_000)
        assert window.summary.text() == window.ledger.summary_text(window.ledger.model.totals)
        numbers = run_on_worker(qtbot, lambda: [i.number for i in Invoice.select()])
        assert numbers == [new_number(1)]
    finally:
        if window.form is not None:
            window.form.reset()
        window.close()
        window.deleteLater()


def test_a_correction_is_refused_while_offline_and_keeps_what_was_typed(
    qtbot: QtBot, worker: DbWorker, proxy: TcpProxy, pg_url: str
) -> None:
    target = proxy.url(pg_url)

    def setup() -> invoices.InvoiceView:
        open_database(target, actor="tester")
        return invoices.record_invoice(draft(1, issue_date=clock.today()), "tester")

    view = run_on_worker(qtbot, setup)
    dialog = VoidDialog(view, "tester")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("顾客退回全部联次")
    proxy.cut()
    dialog.submit()
    qtbot.waitUntil(lambda: "更正需联网后进行" in dialog.message.text(), timeout=15_000)
    assert dialog.message.text() == "服务器连接中断：更正需联网后进行"
    assert dialog.isVisible() and dialog.reason.text() == "顾客退回全部联次"
    assert dialog.buttons.isEnabled()
    proxy.restore()
    status = run_on_worker(qtbot, lambda: invoices.get_invoice(view.id).status)
    assert status == view.status  # nothing was changed, nothing kept to change later
    assert run_on_worker(qtbot, lambda: outbox.state().pending) == 0


# run_gui ends with the application's exec(): started as a user starts it, in a process of its own.
_DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from invoicedesk.cli import main
from invoicedesk.gui.app import make_application
from invoicedesk.gui.main_window import MainWindow

app = make_application()

def check():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            feature = widget.outbox
            print("BANNER", feature.banner.isVisible(), feature.banner.text.text(), flush=True)
            print("COUNTER", widget.pages.currentWidget() is widget.counter, flush=True)
            widget.close()
        elif widget.isVisible() and widget.objectName() == "openFailed":
            print("FAILED", flush=True)
            widget.close()
            app.exit(2)

timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
sys.exit(main(sys.argv[1:]))
"""


def test_run_gui_opens_offline_when_the_server_does_not_answer(tmp_path: Path) -> None:
    """The real start (app.py): a PostgreSQL ledger nobody answers for opens the window offline,
    where it used to end in "无法打开数据库"."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=child_pythonpath(),
    )
    url = f"postgresql://nobody@127.0.0.1:{_refusing_port()}/x"
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, "--db", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "BANNER True 连不上台账服务器" in done.stdout, done.stdout
    assert "COUNTER True" in done.stdout and "FAILED" not in done.stdout


def _refusing_port() -> int:
    """A loopback port with nothing listening on it: connections are refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def test_a_request_converted_offline_keeps_its_file_and_closes_on_replay(
    qtbot: QtBot,
    worker: DbWorker,
    proxy: TcpProxy,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from invoicedesk.services import invoice_files, requests
    from tests.factories import line

    monkeypatch.setattr(invoice_files, "default_folder", lambda: tmp_path / "files")
    target = proxy.url(pg_url)

    def setup() -> requests.RequestView:
        open_database(target, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")
        return requests.create_request(
            "北京测试餐饮有限公司", [line()], "tester", phone="13800138000"
        )

    request = run_on_worker(qtbot, setup)
    window = _window(qtbot)
    try:
        feature = window.outbox  # type: ignore[attr-defined]
        form = window.form
        assert form is not None
        window.show_page(window.counter)  # type: ignore[arg-type]
        form.load_request(request)
        form.number.setText(new_number(7))
        form.pending_file = ("e-invoice.pdf", b"%PDF-1.7 the customer's e-invoice")
        proxy.cut()
        form.save()
        qtbot.waitUntil(lambda: feature.count.text() == "待同步 1 张", timeout=15_000)
        assert "恢复后自动登记并关闭这张开票申请" in form.messages.text()
        assert "发票文件随发票一起存入本机" in form.messages.text()

        proxy.restore()
        qtbot.waitUntil(lambda: not feature.banner.isVisible(), timeout=15_000)

        def outcome() -> tuple[str, list[str]]:
            closed = requests.get_request(request.id)
            assert closed.invoice_id is not None
            names = [f.name for f in invoice_files.files_of(closed.invoice_id)]
            return closed.status, names

        assert run_on_worker(qtbot, outcome) == ("issued", ["e-invoice.pdf"])
    finally:
        form = window.form
        if form is not None:
            form.reset()
        window.close()
        window.deleteLater()
