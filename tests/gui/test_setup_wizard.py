"""The first-start wizard on real ledgers: each field's check, leaving and resuming, an existing
ledger never seeing it, and the empty ledger saying what to do first."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QLabel, QWizard
from pytestqt.qtbot import QtBot

from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.setup_wizard import PAGE_IDS, SetupWizard
from invoicedesk.gui.worker import DbWorker
from invoicedesk.services import backup_places, company, first_start
from tests.environment import unavailable
from tests.gui.conftest import open_on_worker
from tests.gui.helpers import run_on_worker

SHOP = ("北京小满餐饮有限公司", "91110108551385082Q")


@pytest.fixture
def new_ledger(qtbot: QtBot, worker: DbWorker, tmp_path: Path) -> Path:
    """A brand-new ledger file, opened on the worker (as the app does at first start)."""
    path = tmp_path / "new.sqlite"
    open_on_worker(qtbot, path)
    return path


@pytest.fixture
def open_window(qtbot: QtBot, worker: DbWorker) -> Iterator[Callable[[Path], MainWindow]]:
    """Main windows on a ledger, destroyed before the worker stops: their pages poll the
    database on timers, which must not fire into a later test."""
    made: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(str(path), "店主")
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if shiboken6.isValid(window):
            window.close()
            shiboken6.delete(window)


def _wizard(qtbot: QtBot, window: MainWindow) -> SetupWizard:
    qtbot.waitUntil(lambda: window.first_start.wizard is not None, timeout=10_000)  # type: ignore[attr-defined]
    wizard: SetupWizard = window.first_start.wizard  # type: ignore[attr-defined]
    qtbot.waitUntil(wizard.isVisible)
    return wizard


def _next(qtbot: QtBot, wizard: SetupWizard, expected: str) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS[expected], timeout=20_000)


def _refused(qtbot: QtBot, wizard: SetupWizard, label: QLabel) -> str:
    page = wizard.currentId()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: label.isVisible() and not wizard.currentPage().busy, timeout=20_000)  # type: ignore[attr-defined]
    assert wizard.currentId() == page
    return label.text()


def _status(qtbot: QtBot) -> first_start.SetupView:
    return run_on_worker(qtbot, first_start.status)  # type: ignore[no-any-return]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to: a read-only tmpfs as root (root ignores permissions),
    a folder without write permission otherwise."""
    folder = tmp_path / "write-protected"
    folder.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            unavailable(f"cannot mount a read-only tmpfs: {done.stderr.decode().strip()}")
        yield folder
        subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_new_ledger_walks_through_the_setup(
    qtbot: QtBot,
    new_ledger: Path,
    tmp_path: Path,
    read_only_folder: Path,
    open_window: Callable[[Path], MainWindow],
) -> None:
    window = open_window(new_ledger)
    wizard = _wizard(qtbot, window)
    assert wizard.currentId() == PAGE_IDS["shop"]
    qtbot.waitUntil(window.ledger.first_steps.isVisible, timeout=10_000)
    assert "开店设置向导" in window.ledger.first_steps.text()
    shop = wizard.shop

    # The shop: name required; the tax id checked as typed and again on Next.
    assert "请填写本店名称" in _refused(qtbot, wizard, shop.name_error)
    assert "统一社会信用代码" in shop.tax_id_error.text()
    shop.name.setText(SHOP[0])
    qtbot.keyClicks(shop.tax_id, "91110108551385082X")
    shop.tax_id.editingFinished.emit()
    assert "校验位" in shop.tax_id_error.text() and shop.tax_id_error.isVisible()
    assert "校验位" in _refused(qtbot, wizard, shop.tax_id_error)
    assert not shop.name_error.isVisible()
    assert run_on_worker(qtbot, company.get_company).name == ""  # nothing saved
    shop.tax_id.setText(" 91110108551385082q ")
    shop.tax_id.editingFinished.emit()
    assert not shop.tax_id_error.isVisible()
    _next(qtbot, wizard, "backup")
    assert run_on_worker(qtbot, company.get_company) == company.Company(*SHOP)

    # The backup place: tried at once; missing or unwritable places are refused with the reason.
    page = wizard.backup
    page.path.setText(str(tmp_path / "no-such-usb"))
    assert "找不到文件夹" in _refused(qtbot, wizard, page.error)
    page.path.setText(str(read_only_folder))
    reason = _refused(qtbot, wizard, page.error)
    assert str(read_only_folder) in reason
    assert "只读" in reason or "没有写入权限" in reason
    assert run_on_worker(qtbot, backup_places.list_destinations) == []  # not kept
    usb = tmp_path / "usb"
    usb.mkdir()
    page.path.setText(str(usb))
    _next(qtbot, wizard, "people")
    assert [d.path for d in run_on_worker(qtbot, backup_places.list_destinations)] == [str(usb)]
    assert list((usb / "invoicedesk-backups" / "snapshots").iterdir()), "backed up at once"
    assert "已备份到" in page.result.text()

    # The plan's people: optional, phone numbers checked.
    people = wizard.people
    people.names["in_charge"].setText("王店长")
    people.phones["in_charge"].setText("138 0013 8000 转 2")
    assert "电话号码" in _refused(qtbot, wizard, people.errors["in_charge"])
    people.phones["in_charge"].setText("138-0013-8000")
    _next(qtbot, wizard, "done")
    summary = wizard.closing.summary
    qtbot.waitUntil(lambda: "Ctrl+N" in summary.text(), timeout=10_000)
    assert SHOP[0] in summary.text() and str(usb) in summary.text()

    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: window.first_start.wizard is None, timeout=10_000)  # type: ignore[attr-defined]
    assert _status(qtbot).state.status == "finished"
    # What is left to do: the first invoice and reconciliation, not the setup.
    qtbot.waitUntil(lambda: "Ctrl+N" in window.ledger.first_steps.text(), timeout=10_000)
    assert "开店设置向导" not in window.ledger.first_steps.text()
    window.close()

    again = open_window(new_ledger)
    qtbot.waitUntil(lambda: "Ctrl+N" in again.ledger.first_steps.text(), timeout=10_000)
    assert again.first_start.wizard is None  # type: ignore[attr-defined]


def test_leaving_keeps_what_was_done_and_resumes_there(
    qtbot: QtBot, new_ledger: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(new_ledger)
    wizard = _wizard(qtbot, window)
    wizard.shop.name.setText(SHOP[0])
    wizard.shop.tax_id.setText(SHOP[1])
    _next(qtbot, wizard, "backup")
    wizard.reject()  # 关闭，下次继续
    qtbot.waitUntil(lambda: window.first_start.wizard is None)  # type: ignore[attr-defined]
    assert _status(qtbot).step == "backup"
    window.close()

    window = open_window(new_ledger)
    wizard = _wizard(qtbot, window)
    assert wizard.currentId() == PAGE_IDS["backup"]
    wizard.backup.postpone()  # 以后再设置
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS["people"], timeout=10_000)
    wizard.people.postpone()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS["done"], timeout=10_000)
    for _ in range(3):  # the pages before the resumed one are in the history
        wizard.button(QWizard.WizardButton.BackButton).click()
    assert wizard.currentId() == PAGE_IDS["shop"]
    assert wizard.shop.name.text() == SHOP[0]
    wizard.close()
    qtbot.waitUntil(lambda: window.first_start.wizard is None)  # type: ignore[attr-defined]
    # Postponed steps stay on the empty ledger's list.
    qtbot.waitUntil(lambda: "备份位置" in window.ledger.first_steps.text(), timeout=10_000)
    assert "应急预案" in window.ledger.first_steps.text()

    # 帮助 → 开店设置向导 reopens it at the first open step: the closing page.
    window.findChild(type(window.help_menu.actions()[0]), "setupWizardAction").trigger()
    wizard = _wizard(qtbot, window)
    assert wizard.currentId() == PAGE_IDS["done"]
    wizard.close()


@pytest.mark.parametrize("invoices", [500, 0])
def test_an_existing_ledger_never_sees_it(
    qtbot: QtBot,
    worker: DbWorker,
    make_db: Callable[[int], Path],
    invoices: int,
    open_window: Callable[[Path], MainWindow],
) -> None:
    """Company and invoices, or a company set by `invoicedesk init` and no invoice yet."""
    path = make_db(invoices)
    open_on_worker(qtbot, path)
    window = open_window(path)
    qtbot.waitUntil(lambda: window.ledger._count is not None, timeout=20_000)
    view = _status(qtbot)
    assert not view.wanted
    assert window.first_start.wizard is None  # type: ignore[attr-defined]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard)]
    assert window.ledger.first_steps.isVisible() == (invoices == 0)


def test_the_empty_ledger_hint_goes_once_an_invoice_is_recorded(
    qtbot: QtBot,
    worker: DbWorker,
    make_db: Callable[[int], Path],
    open_window: Callable[[Path], MainWindow],
) -> None:
    from invoicedesk.core import clock
    from tests.factories import draft, number

    today = clock.today()
    path = make_db(0)
    open_on_worker(qtbot, path)
    window = open_window(path)
    qtbot.waitUntil(window.ledger.first_steps.isVisible, timeout=20_000)
    assert "Ctrl+N" in window.ledger.first_steps.text()
    from invoicedesk.services.invoices import record_invoice

    first = draft(7, issue_date=today, num=number(7, year=today.year % 100))
    run_on_worker(qtbot, lambda: record_invoice(first, "店主"))
    with qtbot.waitSignal(window.ledger.model.reloaded, timeout=20_000):
        window.ledger.refresh()
    qtbot.waitUntil(lambda: not window.ledger.first_steps.isVisible(), timeout=20_000)
