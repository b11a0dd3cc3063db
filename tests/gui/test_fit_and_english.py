"""A shop laptop (1366x768, about 700 px under a title bar and taskbar) and an English interface.

Every page is visited with every banner showing and the verification tab filled; the window's
minimum size must still fit. Then the same pages and the dialogs are visited in English: no
Chinese may be left in what a person reads, except data (buyer, item and people's names, the
shop) and the amount in words (大写, Chinese by law).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from invoicedesk.gui import app as gui_app
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.search_page import SearchPage
from invoicedesk.gui.worker import current_worker
from invoicedesk.store.models import Invoice, InvoiceLine
from tests.gui.helpers import run_on_worker, screenshot

SCREEN = (1366, 768)
CONTENT_HEIGHT = 700  # 768 less a title bar and a taskbar
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORDS = re.compile(r"(（负数）)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿圆元角分整]+")  # 大写, by law
NATIVE = {"简体中文"}  # the language menu names each language in itself
BANNERS = ("outageBanner", "incidentBanner", "damagedBanner", "restoreOverdueBanner")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    gui_app.install_translations(qapp, "en")
    yield
    gui_app.install_translations(qapp, "zh_CN")


def open_window(qtbot: QtBot, db: Path) -> MainWindow:
    window = MainWindow(str(db), "tester")
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitUntil(lambda: not window.ledger.model.loading, timeout=20_000)
    return window


def show_every_banner(window: MainWindow, text: str) -> None:
    for name in BANNERS:
        banner = window.findChild(QWidget, name)
        assert banner is not None, name
        label = banner if isinstance(banner, QLabel) else banner.findChild(QLabel)
        assert label is not None
        label.setText(text)
        banner.show()


def fill_verification_tab(qtbot: QtBot, window: MainWindow) -> SearchPage:
    page = window.findChild(SearchPage, "searchPage")
    assert page is not None
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
    page.table.setCurrentIndex(page.model.index(0, 1))
    qtbot.waitUntil(lambda: page.detail.verify.fields_form.rowCount() > 0, timeout=20_000)
    page.detail.setCurrentWidget(page.detail.verify)
    return page


def settle(qtbot: QtBot, widget: QWidget) -> None:
    """Let a page's worker reads arrive: nothing of ours is left queued on the worker."""
    qtbot.waitUntil(lambda: current_worker().pending == 0, timeout=20_000)
    QApplication.sendPostedEvents()


def test_every_page_fits_a_shop_laptop_with_every_banner(
    qtbot: QtBot, ledger_db: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, ledger_db)
    show_every_banner(window, "应急处理中：第3号事件（平台无法登录），已收集受影响发票 12 张。")
    area = window.banner_area
    assert len(area.shown()) == len(BANNERS)
    assert area.toggle.isVisible() and "3" in area.toggle.text()
    fill_verification_tab(qtbot, window)
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        settle(qtbot, window)
        hint = window.minimumSizeHint()
        title = window.pages.tabText(index)
        assert hint.height() <= CONTENT_HEIGHT, (title, hint)
        assert hint.width() <= SCREEN[0], (title, hint)
        screenshot(window, tmp_path, f"fit-{index}")

    # Opened, all four banners stack; closed again, one line.
    def height() -> int:
        QApplication.sendPostedEvents()
        return area.sizeHint().height()

    collapsed = height()
    area.toggle.click()
    assert area.expanded and height() > collapsed
    area.toggle.click()
    assert not area.expanded and height() == collapsed
    for name in BANNERS[1:]:
        window.findChild(QWidget, name).hide()  # type: ignore[union-attr]
    assert not area.toggle.isVisible()


def data_strings() -> set[str]:
    """Names the ledger holds: shown as they were typed, in any language."""
    values: set[str] = {"演示商店"}
    fields = (Invoice.buyer_name, Invoice.issuer, Invoice.reviewer, Invoice.payee, Invoice.remarks)
    for row in Invoice.select(*fields).tuples():
        values.update(row)
    for row in InvoiceLine.select(InvoiceLine.name, InvoiceLine.unit).distinct().tuples():
        values.update(row)
    return {v for v in values if v}


def chinese_in(root: QWidget, data: set[str]) -> list[str]:
    """Visible text in ``root`` that still has Chinese once data and amounts in words are gone."""
    found: list[str] = []
    ordered = sorted(data, key=len, reverse=True)

    def check(where: str, text: object) -> None:
        if not isinstance(text, str) or not CJK.search(text) or text in NATIVE:
            return
        rest = text
        for value in ordered:
            if value in rest:
                rest = rest.replace(value, "")
        rest = WORDS.sub("", rest)
        if CJK.search(rest):
            found.append(f"{where}: {text[:120]}")

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w is not root and not w.isVisibleTo(root):
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, QLabel | QAbstractButton):
            check(name, w.text())
        if isinstance(w, QLineEdit):
            check(name, w.placeholderText())
            if not w.isReadOnly():
                check(name, w.text())
        if isinstance(w, QGroupBox):
            check(name, w.title())
        if isinstance(w, QDialog) or w is root:
            check(name, w.windowTitle())
        check(name + ".toolTip", w.toolTip())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                check(name + ".tab", w.tabText(i))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                check(name + ".item", w.itemText(i))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            root_index = QModelIndex()
            try:
                columns = model.columnCount(root_index)
            except TypeError:  # Qt's own list models (a combo's popup) hide it from Python
                continue
            for c in range(columns):
                check(name + ".header", model.headerData(c, Qt.Orientation.Horizontal))
            for r in range(min(model.rowCount(root_index), 5)):
                for c in range(columns):
                    check(f"{name}[{r},{c}]", model.index(r, c).data())
    for action in root.findChildren(QAction):
        check(f"action#{action.objectName()}", action.text())
    return found


@pytest.mark.usefixtures("english")
def test_english_has_no_chinese_but_data(qtbot: QtBot, ledger_db: Path, tmp_path: Path) -> None:
    data = run_on_worker(qtbot, data_strings)
    window = open_window(qtbot, ledger_db)
    fill_verification_tab(qtbot, window)
    found: list[str] = []
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        settle(qtbot, window)
        page = window.pages.widget(index)
        found += [f"{window.pages.tabText(index)} | {f}" for f in chinese_in(page, data)]
        if index == 2:  # the search page: every tab of the detail
            detail = page.detail  # type: ignore[attr-defined]
            for tab in range(detail.count()):
                detail.setCurrentIndex(tab)
                found += [f"detail {tab} | {f}" for f in chinese_in(detail, data)]
        screenshot(window, tmp_path, f"en-{index}")
    found += [f"window | {f}" for f in chinese_in(window, data)]

    dialog = InvoiceDetailDialog(window.ledger.model.invoice_id(0) or 0, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.invoice is not None, timeout=10_000)
    found += [f"detail dialog | {f}" for f in chinese_in(dialog, data)]
    screenshot(dialog, tmp_path, "en-detail")
    dialog.close()
    actions = window.ledger_corrections  # type: ignore[attr-defined]
    window.show_page(window.ledger)
    window.ledger.table.setCurrentIndex(window.ledger.model.index(0, 0))
    first = window.ledger.model.invoice_id(0) or 0
    for open_dialog in (actions.correct, actions.red_flush):
        actions.dialog = None
        open_dialog(first)
        qtbot.waitUntil(lambda: actions.dialog is not None, timeout=10_000)
        opened_dialog = actions.dialog
        found += [f"{type(opened_dialog).__name__} | {f}" for f in chinese_in(opened_dialog, data)]
        opened_dialog.close()
    for dialog_class in _dialogs():
        opened = dialog_class("tester", window)
        qtbot.addWidget(opened)
        opened.show()
        settle(qtbot, opened)
        found += [f"{type(opened).__name__} | {f}" for f in chinese_in(opened, data)]
        opened.close()
    assert not found, "\n".join(dict.fromkeys(found))


def _dialogs() -> list[type[QDialog]]:
    from invoicedesk.gui.case_new import NewCaseDialog
    from invoicedesk.gui.help_window import HelpWindow
    from invoicedesk.gui.mail_settings import MailSettingsDialog
    from invoicedesk.gui.plan_settings import PlanSettings

    return [
        NewCaseDialog,
        MailSettingsDialog,
        PlanSettings,
        lambda _actor, _parent: HelpWindow("en"),
    ]  # type: ignore[list-item]


def test_questions_and_hints_are_not_cut(qtbot: QtBot, ledger_db: Path) -> None:
    """The outage-reason question wraps in a readable box; the period hint fits its field."""
    from invoicedesk.gui.counter_page import ask_text
    from invoicedesk.gui.verification_page import VerificationPage

    window = open_window(qtbot, ledger_db)
    question = (
        "开票系统出了什么问题？（例如：平台无法登录、税控盘故障、断网）这会显示在每台电脑的横幅上。"
    )
    dialog = ask_text(window, "停机登记", question, lambda _t: None, "outageReason")
    qtbot.waitUntil(dialog.isVisible)
    label = next(w for w in dialog.findChildren(QLabel) if w.text() == question)
    assert label.wordWrap() and dialog.width() >= 420
    assert label.heightForWidth(label.width()) <= label.height() + 1  # every line shows
    dialog.reject()
    page = window.findChild(VerificationPage)
    assert page is not None
    window.show_page(page)
    hint = page.period.placeholderText()
    assert page.period.width() >= page.period.fontMetrics().horizontalAdvance(hint)
