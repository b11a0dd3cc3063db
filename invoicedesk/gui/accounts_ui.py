"""Accounts in the window: sign-in, switching person (Ctrl+Shift+U and a PIN), the idle lock,
the second person's PIN for four eyes, and adding accounts.

Installed as a feature (``install(window)``). Until a second person has an account nothing
changes: one person, no sign-in. From two accounts on, the window opens behind the sign-in dialog, and locks again
after the idle minutes (setting ``accounts.idle_minutes``, default 10). Checking a password or PIN
(scrypt, tens of milliseconds) runs on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.permissions import ROLES, role_label
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import accounts, session


class SignInDialog(QDialog):
    """Name and password (sign-in) or PIN (switching at the counter); checked on the worker."""

    signed_in = Signal(object)  # session.Person

    def __init__(self, names: list[str], parent: QWidget | None = None, *, pin: bool = False):
        super().__init__(parent)
        self.with_pin = pin
        self.setObjectName("switchDialog" if pin else "signInDialog")
        self.setWindowTitle(self.tr("切换操作人") if pin else self.tr("登录"))
        self.setMinimumWidth(360)
        self.name = QComboBox(self)
        self.name.setObjectName("signInName")
        self.name.setEditable(True)
        self.name.addItems(names)
        current = session.current()
        if current is not None and current.name in names and not pin:
            self.name.setCurrentText(current.name)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("signInSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("PIN") if pin else self.tr("密码"), self.secret)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.check)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("输入你的 PIN 切换为你本人操作")
            if pin
            else self.tr("本台账已启用账户：请用自己的账户登录")
        )
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.secret.setFocus()

    def check(self) -> None:
        name, secret, pin = self.name.currentText().strip(), self.secret.text(), self.with_pin
        self.secret.clear()
        DbOp(self, lambda: accounts.sign_in(name, secret, with_pin=pin)).success(
            self._passed
        ).failure(self._refused).run()

    def _passed(self, person: session.Person) -> None:
        session.sign_in_as(person)
        self.signed_in.emit(person)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        message = getattr(exc, "message", exc)
        self.error.setText(str(message))


class SecondPersonDialog(QDialog):
    """Four eyes: another 会计 or 店长 types their name and PIN (checked by the service)."""

    def __init__(self, names: list[str], what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secondPersonDialog")
        self.setWindowTitle(self.tr("第二人确认"))
        self.name = QComboBox(self)
        self.name.setObjectName("secondName")
        self.name.setEditable(True)
        me = session.current()
        self.name.addItems([n for n in names if me is None or n != me.name])
        self.pin = QLineEdit(self)
        self.pin.setObjectName("secondPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("确认人"), self.name)
        form.addRow(self.tr("确认人的 PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr("{what}需要另一位会计或店长确认（四眼原则）：请确认人输入自己的 PIN").format(
                what=what
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, str]:
        return self.name.currentText().strip(), self.pin.text()


def ask_second_person(parent: QWidget, what: str, then: object) -> QDialog | None:
    """With someone signed in, ask for a second person and call ``then(name, pin)``; without
    accounts (nobody signed in) call ``then("", "")`` at once. Returns the dialog shown, if any."""
    if session.current() is None:
        then("", "")  # type: ignore[operator]
        return None
    dialog = SecondPersonDialog(_names, what, parent)
    dialog.accepted.connect(lambda: then(*dialog.answer()))  # type: ignore[operator]
    dialog.open()
    return dialog


_names: list[str] = []  # the active accounts' names, for the dialogs' lists


class AccountsController(QObject):
    """Signs in, switches person, locks when idle; one per main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = False
        self.locked = False
        self.dialog: SignInDialog | None = None
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock)
        self.who = QLabel(window)
        self.who.setObjectName("signedInPerson")
        window.statusBar().addPermanentWidget(self.who)
        self.switch_action = QAction(self.tr("切换操作人…"), window)
        self.switch_action.setObjectName("switchPersonAction")
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.switch_action.triggered.connect(self.switch)
        self.lock_action = QAction(self.tr("锁定"), window)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.triggered.connect(self.lock)
        self.add_action = QAction(self.tr("添加账户…"), window)
        self.add_action.setObjectName("addAccountAction")
        self.add_action.triggered.connect(self.ask_add)
        window.addAction(self.switch_action)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def refresh(self) -> None:
        """Read whether the ledger has accounts (on the worker), then sign in if it has."""

        def read() -> tuple[bool, list[str], int]:
            names = [a.name for a in accounts.list_accounts() if a.active]
            return session.signing_in_required(), names, accounts.idle_minutes()

        DbOp(self.window, read).success(self._read).run()

    def _read(self, state: tuple[bool, list[str], int]) -> None:
        exists, names, minutes = state
        _names[:] = names
        self.enabled = exists
        self.idle.setInterval(max(1, minutes) * 60_000)
        self.switch_action.setEnabled(exists)
        self.lock_action.setEnabled(exists)
        if exists and session.current() is None:
            self.sign_in()
        self._show_person()

    def _show_person(self) -> None:
        person = session.current()
        if person is None:  # one person: the 体检 page says so; the status bar stays short
            self.who.setText("")
            return
        self.who.setText(
            self.tr("操作人：{name}（{role}）").format(
                name=person.name, role=role_label(person.role)
            )
        )
        self.window.actor = person.name  # type: ignore[attr-defined]
        self.idle.start()

    def _signed_in(self) -> None:
        self.locked = False
        self._show_person()

    def sign_in(self, *, pin: bool = False) -> SignInDialog:
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog
        dialog = SignInDialog(_names, self.window, pin=pin)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.signed_in.connect(lambda _p: self._signed_in())
        if not pin:
            dialog.rejected.connect(self._left_unsigned)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _left_unsigned(self) -> None:
        if self.locked or session.current() is None:  # nobody may use it without signing in
            self.window.close()

    def switch(self) -> SignInDialog | None:
        if not self.enabled:
            return None
        return self.sign_in(pin=True)

    def lock(self) -> None:
        """Idle or asked: the window is covered by the sign-in dialog (modal) until someone signs
        in; closing it closes the window. Work already running finishes as the last person."""
        if not self.enabled:
            return
        self.locked = True
        self.who.setText(self.tr("已锁定"))
        self.sign_in()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.enabled
            and event.type()
            in (
                QEvent.Type.KeyPress,
                QEvent.Type.MouseButtonPress,
                QEvent.Type.Wheel,
            )
            and session.current() is not None
        ):
            self.idle.start()
        return False

    def ask_add(self) -> QDialog:
        dialog = AddAccountDialog(self.window)
        dialog.added.connect(lambda _a: self.refresh())
        dialog.open()
        return dialog


class AddAccountDialog(QDialog):
    added = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addAccountDialog")
        self.setWindowTitle(self.tr("添加账户"))
        self.setMinimumWidth(420)
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.role = QComboBox(self)
        self.role.setObjectName("accountRole")
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.password = QLineEdit(self)
        self.password.setObjectName("accountPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin = QLineEdit(self)
        self.pin.setObjectName("accountPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("accountError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("密码（至少 6 位）"), self.password)
        form.addRow(self.tr("PIN（4 到 8 位数字，用于切换）"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        name, role = self.name.text().strip(), str(self.role.currentData())
        password, pin = self.password.text(), self.pin.text()
        me = session.current()
        actor = me.name if me is not None else name

        def work() -> accounts.Account:
            return accounts.add_account(name, role, password, actor, pin=pin)

        DbOp(self, work).success(self._saved).failure(self._refused).run()

    def _saved(self, account: accounts.Account) -> None:
        self.added.emit(account)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        problems = getattr(exc, "problems", None)
        if problems:
            self.error.setText("\n".join(p.text() for p in problems if p.is_error))
        else:
            self.error.setText(str(getattr(exc, "message", exc)))


def sign_in_first(
    then: Callable[[session.Person | None], None],
    cancelled: Callable[[], None],
    keep: list[object],
    *,
    showing: Callable[[], None] | None = None,
) -> None:
    """At start: with two or more accounts, the sign-in dialog before the window (which then
    reads the ledger as that person); otherwise ``then(None)`` at once. ``keep`` holds the dialog."""

    def read() -> tuple[bool, list[str]]:
        names = [a.name for a in accounts.list_accounts() if a.active]
        return session.signing_in_required(), names

    def decided(state: tuple[bool, list[str]]) -> None:
        required, names = state
        _names[:] = names
        if not required or session.current() is not None:
            then(session.current())
            return
        if showing is not None:
            showing()  # e.g. the start-up splash goes before the dialog comes
        dialog = SignInDialog(names)
        keep.append(dialog)
        dialog.signed_in.connect(then)
        dialog.rejected.connect(cancelled)
        dialog.open()

    DbOp(None, read).success(decided).run()


def install(window: QMainWindow) -> None:
    controller = AccountsController(window)
    window.accounts = controller  # type: ignore[attr-defined]
    menu = window.menu("accounts", QCoreApplication.translate("AccountsController", "账户"))  # type: ignore[attr-defined]
    menu.addAction(controller.switch_action)
    menu.addAction(controller.lock_action)
    menu.addSeparator()
    menu.addAction(controller.add_action)
    controller.refresh()


__all__ = [
    "AccountsController",
    "SecondPersonDialog",
    "SignInDialog",
    "ask_second_person",
    "install",
]
