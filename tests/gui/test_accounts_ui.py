"""Accounts in the window: sign-in, Ctrl+Shift+U with a PIN, the idle lock, four-eyes unlock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from invoicedesk.gui import accounts_ui, main_window
from invoicedesk.gui.accounts_ui import SecondPersonDialog, SignInDialog
from invoicedesk.gui.month_page import MonthPage, TextDialog
from invoicedesk.services import accounts, periods, session
from invoicedesk.services.session import Person
from invoicedesk.store.models import AuditEntry, PeriodLock
from tests.factories import last_month
from tests.gui.helpers import only_features, run_on_worker, screenshot


def _people() -> None:
    accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
    session.sign_in_as(Person("王店长", "owner"))
    accounts.add_account("李会计", "bookkeeper", "secret-book", "王店长", pin="2222")
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长", pin="3333")
    session.sign_out()


def _window(qtbot: QtBot, path: Path) -> main_window.MainWindow:
    main = main_window.MainWindow(str(path), "tester")  # deleted by _dispose
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    return main


def _dispose(qtbot: QtBot, widget: QWidget) -> None:
    """Close and delete ``widget`` and what it queued on the worker, while the ledger's accounts
    are still bound: a later test's worker must never run this test's leftovers."""
    widget.close()
    with qtbot.waitSignal(widget.destroyed, timeout=5_000):
        widget.deleteLater()
    run_on_worker(qtbot, lambda: None)


def _dialog(kind: type) -> object:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return shown[0] if len(shown) == 1 else None


def _box_saying(text: str) -> bool:
    """Whether a message box shows ``text``; closes the boxes it finds."""
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and text in w.text()
    ]
    for box in boxes:
        box.done(0)
    return bool(boxes)


def _answer(qtbot: QtBot, dialog: SignInDialog, name: str, secret: str) -> None:
    dialog.name.setCurrentText(name)
    dialog.secret.setFocus()
    qtbot.keyClicks(dialog.secret, secret)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)


def test_without_accounts_one_person_no_sign_in(
    qtbot: QtBot, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window, "FEATURE_UI", only_features("accounts_ui"))
    main = _window(qtbot, small_db)
    label = main.findChild(type(main.summary), "signedInPerson")
    qtbot.waitUntil(lambda: main.accounts.switch_action.isEnabled() is False, timeout=10_000)  # type: ignore[attr-defined]
    assert label.text() == ""  # one person: the 体检 page says so, the status bar stays short
    assert _dialog(SignInDialog) is None
    _dispose(qtbot, main)


def test_sign_in_first_then_switch_and_idle_lock(
    qtbot: QtBot, small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window, "FEATURE_UI", only_features("accounts_ui"))
    run_on_worker(qtbot, _people)
    got: list[object] = []
    keep: list[object] = []
    accounts_ui.sign_in_first(got.append, lambda: got.append("cancelled"), keep)
    qtbot.waitUntil(lambda: _dialog(SignInDialog) is not None, timeout=10_000)
    dialog = _dialog(SignInDialog)
    assert isinstance(dialog, SignInDialog) and not dialog.with_pin
    screenshot(dialog, tmp_path, "sign_in")
    _answer(qtbot, dialog, "张三", "wrong-one")
    qtbot.waitUntil(lambda: "不正确" in dialog.error.text(), timeout=10_000)
    assert session.current() is None and dialog.isVisible() and got == []
    _answer(qtbot, dialog, "张三", "secret-clerk")
    qtbot.waitUntil(lambda: got == [Person("张三", "clerk")], timeout=10_000)
    assert session.current() == Person("张三", "clerk") and not dialog.isVisible()

    # the window opens for the signed-in person (as run_gui does after sign_in_first)
    main = _window(qtbot, small_db)
    controller = main.accounts  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: controller.who.text() == "操作人：张三（店员）", timeout=10_000)
    assert main.actor == "张三" and _dialog(SignInDialog) is None

    # Ctrl+Shift+U and a PIN: 李会计 takes over the counter
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=5_000)
    qtbot.keyClick(
        QApplication.focusWidget() or main,
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: _dialog(SignInDialog) is not None, timeout=5_000)
    switch = _dialog(SignInDialog)
    assert isinstance(switch, SignInDialog) and switch.with_pin
    _answer(qtbot, switch, "李会计", "2222")
    qtbot.waitUntil(lambda: session.current() == Person("李会计", "bookkeeper"), timeout=10_000)
    assert controller.who.text() == "操作人：李会计（会计）"

    # idle: the window locks behind the (modal) sign-in dialog until someone signs in
    controller.idle.setInterval(50)
    controller.idle.start()
    qtbot.waitUntil(lambda: _dialog(SignInDialog) is not None, timeout=5_000)
    locked = _dialog(SignInDialog)
    assert (isinstance(locked, SignInDialog) and locked.isModal()) or locked.windowModality()
    assert controller.who.text() == "已锁定"
    _answer(qtbot, locked, "张三", "secret-clerk")
    qtbot.waitUntil(lambda: controller.who.text() == "操作人：张三（店员）", timeout=10_000)
    assert session.current() == Person("张三", "clerk")
    _dispose(qtbot, main)


def test_sign_in_first_is_skipped_for_one_person(qtbot: QtBot, small_db: Path) -> None:
    got: list[object] = []
    accounts_ui.sign_in_first(got.append, lambda: got.append("cancelled"), [])
    qtbot.waitUntil(lambda: got == [None], timeout=10_000)
    assert _dialog(SignInDialog) is None


def test_four_eyes_unlock_on_the_month_page(qtbot: QtBot, small_db: Path) -> None:
    run_on_worker(qtbot, _people)
    period = last_month()
    session.sign_in_as(Person("李会计", "bookkeeper"))
    run_on_worker(qtbot, lambda: periods.lock_period(period, "李会计", backup=False))
    session.sign_in_as(Person("王店长", "owner"))
    accounts_ui._names[:] = ["王店长", "李会计", "张三"]
    page = MonthPage("王店长")  # deleted by _dispose
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.summary is not None, timeout=20_000)
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=10_000)

    def ask(pin: str) -> None:
        page.ask_unlock()
        [text] = [d for d in page.findChildren(TextDialog) if d.isVisible()]
        event = QInputMethodEvent("", [])
        event.setCommitString("补录漏登发票")  # as a Chinese input method commits it
        QApplication.sendEvent(text.edit, event)
        qtbot.keyClick(text.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _dialog(SecondPersonDialog) is not None, timeout=5_000)
        second = _dialog(SecondPersonDialog)
        assert isinstance(second, SecondPersonDialog)
        assert [second.name.itemText(i) for i in range(second.name.count())] == ["李会计", "张三"]
        second.name.setCurrentText("李会计")
        qtbot.keyClicks(second.pin, pin)
        second.accept()

    ask("9999")  # wrong PIN: refused with the reason, still locked
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() and "PIN" in w.text()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=10_000,
    )
    _box_saying("PIN")
    assert run_on_worker(qtbot, lambda: PeriodLock.get_or_none(PeriodLock.period == period))
    ask("2222")
    qtbot.waitUntil(lambda: page.state.text() == "未锁定", timeout=10_000)
    entry = run_on_worker(
        qtbot, lambda: AuditEntry.select().where(AuditEntry.action == "period.unlock").get()
    )
    assert entry.actor == "王店长" and '"confirmed_by":"李会计"' in entry.after
    _dispose(qtbot, page)


def test_four_eyes_restore_from_the_restore_dialog(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    from invoicedesk.gui.restore_dialog import RestoreDialog
    from invoicedesk.services import backup_runs, backup_settings

    usb = tmp_path / "usb"
    usb.mkdir()
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "", "店长"))
    run_on_worker(qtbot, lambda: backup_runs.run_backup("店长"))
    run_on_worker(qtbot, _people)
    session.sign_in_as(Person("王店长", "owner"))
    accounts_ui._names[:] = ["王店长", "李会计", "张三"]
    dialog = RestoreDialog(str(small_db), "王店长")  # deleted by _dispose
    dialog.set_folder(str(usb))
    dialog.show()
    dialog.load()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)

    def confirm(name: str, pin: str) -> None:
        dialog.restore()
        qtbot.waitUntil(lambda: _dialog(SecondPersonDialog) is not None, timeout=5_000)
        second = _dialog(SecondPersonDialog)
        assert isinstance(second, SecondPersonDialog)
        second.name.setCurrentText(name)
        qtbot.keyClicks(second.pin, pin)
        second.accept()

    confirm("王店长", "1111")  # the requester twice: refused, nothing restored
    qtbot.waitUntil(lambda: _box_saying("另一位会计或店长"), timeout=10_000)
    assert not Path(dialog.target.text()).exists()
    confirm("李会计", "2222")
    qtbot.waitUntil(lambda: "发票 500 张" in dialog.contents.text(), timeout=20_000)
    assert Path(dialog.target.text()).exists()
    _dispose(qtbot, dialog)
