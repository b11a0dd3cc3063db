"""The first-start setup wizard: renders core/setup_flow.py, stores through services/first_start.py.

Pages: the shop (name and tax id, checked as typed and on Next), the first backup place (tried at
once: a write and a first backup; refused with the reason), the plan's people (optional), and
what to do first. Next saves the page on the database worker and moves on only when it was
accepted; errors are shown at their field. Closing (以后再说, Esc) keeps every finished step: the
wizard resumes at the first open step next time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from invoicedesk.core import setup_flow as flow
from invoicedesk.core.i18n import listing, translate
from invoicedesk.core.identifiers import check_uscc, normalize_buyer_id
from invoicedesk.core.plan_defaults import ROLES
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import first_start
from invoicedesk.services.errors import ServiceError, ValidationFailed
from invoicedesk.services.first_start import SetupView

PAGE_IDS = {"shop": 0, "backup": 1, "people": 2, flow.DONE: 3}
ERROR_STYLE = "color:#c0392b"
DONE_STYLE = "color:#2e7d32"


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class SetupStepPage(QWizardPage):
    """A page whose Next saves on the worker first; the wizard moves on when it was accepted."""

    def __init__(self, wizard: SetupWizard, name: str) -> None:
        super().__init__()
        self.wiz = wizard
        self.setObjectName(f"setup_{name}")
        self._accepted = False
        self.busy = False

    def validatePage(self) -> bool:
        if self._accepted:
            self._accepted = False
            return True
        if not self.busy:
            self.submit()
        return False

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Save on the worker; ``done`` gets the result, refusals go to ``refused``."""
        self.busy = True
        self.wiz.button(QWizard.WizardButton.NextButton).setEnabled(False)

        def success(result: Any) -> None:
            self._idle()
            done(result)

        def failure(exc: Exception) -> None:
            self._idle()
            if isinstance(exc, ServiceError):
                self.refused(exc)
            else:
                show_error(self, exc)

        DbOp(self, fn).success(success).failure(failure).run()

    def _idle(self) -> None:
        self.busy = False
        self.wiz.button(QWizard.WizardButton.NextButton).setEnabled(True)

    def refused(self, exc: ServiceError) -> None:
        raise NotImplementedError

    def advance(self, view: SetupView | None = None) -> None:
        if view is not None:
            self.wiz.view = view
        self._accepted = True
        self.wiz.changed.emit()
        if self.wiz.currentPage() is self:
            self.wiz.next()


class SetupShopPage(SetupStepPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "shop")
        self.setTitle(self.tr("本店"))
        self.setSubTitle(
            self.tr("本店名称和统一社会信用代码：对账时用它分辨本店开出的发票和收到的发票。")
        )
        self.name = QLineEdit(wizard.view.company.name)
        self.name.setObjectName("shopName")
        self.name.setPlaceholderText(self.tr("例如：北京某某餐饮有限公司"))
        self.tax_id = QLineEdit(wizard.view.company.tax_id)
        self.tax_id.setObjectName("shopTaxId")
        self.tax_id.setPlaceholderText(self.tr("18位统一社会信用代码"))
        self.tax_id.setMaxLength(30)
        self.name_error = _error_label("shopNameError")
        self.tax_id_error = _error_label("shopTaxIdError")
        layout = QGridLayout(self)
        layout.addWidget(QLabel(self.tr("本店名称")), 0, 0)
        layout.addWidget(self.name, 0, 1)
        layout.addWidget(self.name_error, 1, 1)
        layout.addWidget(QLabel(self.tr("统一社会信用代码")), 2, 0)
        layout.addWidget(self.tax_id, 2, 1)
        layout.addWidget(self.tax_id_error, 3, 1)
        layout.setRowStretch(4, 1)
        self.tax_id.editingFinished.connect(self.check_tax_id)

    def check_tax_id(self) -> None:
        """As typed: the same check as on Next, without the database."""
        value = normalize_buyer_id(self.tax_id.text())
        problems = [p for p in check_uscc(value, field="tax_id") if p.is_error] if value else []
        _show(self.tax_id_error, problems[0].text() if problems else "")

    def submit(self) -> None:
        _show(self.name_error, "")
        _show(self.tax_id_error, "")
        name, tax_id, actor = self.name.text(), self.tax_id.text(), self.wiz.actor
        self.run(lambda: first_start.save_shop(name, tax_id, actor), self.advance)

    def refused(self, exc: ServiceError) -> None:
        problems = exc.problems if isinstance(exc, ValidationFailed) else []
        for p in problems:
            label = self.tax_id_error if p.field == "tax_id" else self.name_error
            if not label.isVisible():
                _show(label, p.text())
        if not problems:
            _show(self.name_error, str(exc.message))
        (self.tax_id if self.tax_id_error.isVisible() else self.name).setFocus()


class SetupBackupPage(SetupStepPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "backup")
        self.setTitle(self.tr("第一个备份位置"))
        self.setSubTitle(
            self.tr(
                "选一个不在这台电脑硬盘上的文件夹：U盘，或网盘（坚果云、OneDrive等）的同步文件夹。"
                "点“下一步”会马上试写并做第一次备份。"
            )
        )
        places = wizard.view.backup_places
        self.path = QLineEdit(places[0] if places else "")
        self.path.setObjectName("backupPath")
        self.path.setPlaceholderText(self.tr("文件夹的完整路径"))
        browse = QPushButton(self.tr("选择文件夹…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._browse)
        self.result = QLabel()
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        self.error = _error_label("backupError")
        later = QPushButton(self.tr("以后再设置"))
        later.setObjectName("postponeBackup")
        later.clicked.connect(self.postpone)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(later, 0, Qt.AlignmentFlag.AlignRight)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份位置"), self.path.text())
        if folder:
            self.path.setText(folder)

    def submit(self) -> None:
        _show(self.error, "")
        self.result.setStyleSheet("")
        self.result.setText(self.tr("正在试写并做第一次备份…"))
        path, actor = self.path.text(), self.wiz.actor
        self.run(lambda: first_start.try_backup_place(path, actor), self._tried)

    def _tried(self, tried: first_start.BackupTried) -> None:
        self.result.setStyleSheet(DONE_STYLE)
        self.result.setText(str(tried.message))
        self.wiz.notes["backup"] = str(tried.message)
        self.advance(tried.view)

    def refused(self, exc: ServiceError) -> None:
        self.result.setText("")
        _show(self.error, str(exc.message))
        self.path.setFocus()

    def postpone(self) -> None:
        if not self.busy:
            actor = self.wiz.actor
            self.run(lambda: first_start.postpone("backup", actor), self.advance)


class SetupPeoplePage(SetupStepPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "people")
        self.setTitle(self.tr("应急预案的人员"))
        self.setSubTitle(
            self.tr("开票系统出故障时谁负责、谁收集发票、谁联系客户和税务机关。可以以后再填。")
        )
        self.names: dict[str, QLineEdit] = {}
        self.phones: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("姓名")), 0, 1)
        grid.addWidget(QLabel(self.tr("电话")), 0, 2)
        for row, (key, title) in enumerate(ROLES.items(), start=1):
            name, phone = wizard.view.people.get(key, ("", ""))
            self.names[key] = QLineEdit(name)
            self.names[key].setObjectName(f"name_{key}")
            self.phones[key] = QLineEdit(phone)
            self.phones[key].setObjectName(f"phone_{key}")
            self.errors[key] = _error_label(f"phoneError_{key}")
            grid.addWidget(QLabel(translate("Plan", title)), row * 2 - 1, 0)
            grid.addWidget(self.names[key], row * 2 - 1, 1)
            grid.addWidget(self.phones[key], row * 2 - 1, 2)
            grid.addWidget(self.errors[key], row * 2, 1, 1, 2)
        later = QPushButton(self.tr("以后再填"))
        later.setObjectName("postponePeople")
        later.clicked.connect(self.postpone)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(later, 0, Qt.AlignmentFlag.AlignRight)

    def submit(self) -> None:
        for label in self.errors.values():
            _show(label, "")
        people = {k: (self.names[k].text(), self.phones[k].text()) for k in ROLES}
        actor = self.wiz.actor
        self.run(lambda: first_start.save_people(people, actor), self.advance)

    def refused(self, exc: ServiceError) -> None:
        problems = exc.problems if isinstance(exc, ValidationFailed) else []
        for p in problems:
            role = p.field.split(".")[1] if p.field.startswith("roles.") else ""
            if role in self.errors:
                _show(self.errors[role], p.text())
        if not problems:
            show_error(self, exc)
        first = next((k for k, label in self.errors.items() if label.isVisible()), None)
        if first:
            self.phones[first].setFocus()

    def postpone(self) -> None:
        if not self.busy:
            actor = self.wiz.actor
            self.run(lambda: first_start.postpone("people", actor), self.advance)


class SetupDonePage(SetupStepPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "done")
        self.setTitle(self.tr("设置好了"))
        self.setFinalPage(True)
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)

    def initializePage(self) -> None:
        view = self.wiz.view
        lines = [self.tr("本店：{name}（{tax_id}）").format(**vars(view.company))]
        if view.backup_places:
            lines.append(self.tr("备份位置：{path}").format(path=listing(view.backup_places)))
        else:
            lines.append(self.tr("备份位置：还没有设置（以后在“备份”页添加）"))
        people = sum(1 for name, phone in view.people.values() if name and phone)
        lines.append(self.tr("应急预案人员：已填写 {count} 位").format(count=people))
        lines += ["", self.tr("台账是空的。接下来：")]
        self.summary.setText("\n".join(lines))
        DbOp(self, first_start.first_steps).success(self._steps).run()

    def _steps(self, steps: list[Any]) -> None:
        text = self.summary.text().split("\n")
        self.summary.setText("\n".join([*text, *(f"• {step}" for step in steps)]))

    def submit(self) -> None:
        actor = self.wiz.actor
        self.run(lambda: first_start.finish(actor), self._finished)

    def _finished(self, view: SetupView) -> None:
        self.wiz.view = view
        self.wiz.changed.emit()
        self._accepted = True  # QWizard.accept() validates the page once more
        self.wiz.accept()

    def refused(self, exc: ServiceError) -> None:
        show_error(self, exc)


class SetupWizard(QWizard):
    """``changed`` after each saved step (the empty ledger's hint follows)."""

    changed = Signal()

    def __init__(self, view: SetupView, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("开店设置"))
        self.view = view
        self.actor = actor
        self.notes: dict[str, str] = {}
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("关闭，下次继续"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("开始使用"))
        self.shop = SetupShopPage(self)
        self.backup = SetupBackupPage(self)
        self.people = SetupPeoplePage(self)
        self.closing = SetupDonePage(self)  # not `done`: QDialog.done() is virtual
        for key, page in (
            ("shop", self.shop),
            ("backup", self.backup),
            ("people", self.people),
            (flow.DONE, self.closing),
        ):
            self.setPage(PAGE_IDS[key], page)
        self.resize(720, 480)
        self.setStartId(PAGE_IDS["shop"])
        self.restart()
        # Resume where the setup stands, with the pages before it in the history (Back works).
        start = view.step if view.state.status != flow.FINISHED else "shop"
        while self.currentId() < PAGE_IDS[start]:
            current = self.currentPage()
            assert isinstance(current, SetupStepPage)
            current._accepted = True
            self.next()
