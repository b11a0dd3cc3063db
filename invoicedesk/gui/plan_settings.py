"""The emergency plan's settings: people, contacts, the platform address, and the steps.

The steps table is a dozen rows edited in place, so a QTableWidget fits here (the ledger's rule
about SQL models is for big lists).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.i18n import translate
from invoicedesk.core.incident_flow import FIRST, LAST, PlanStep
from invoicedesk.core.plan_defaults import ROLES
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import plan as plan_service
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.plan import Person, Plan

COL_TITLE, COL_ROLE, COL_MINUTES, COL_REQUIRED = range(4)


class PlanSettings(QDialog):
    saved = Signal()

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planSettings")
        self.setWindowTitle(self.tr("应急预案设置"))
        self.actor = actor
        self.plan: Plan | None = None
        self.steps: list[PlanStep] = []
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        people = QWidget()
        grid = QGridLayout(people)
        grid.addWidget(QLabel(self.tr("角色")), 0, 0)
        grid.addWidget(QLabel(self.tr("姓名")), 0, 1)
        grid.addWidget(QLabel(self.tr("电话")), 0, 2)
        self.role_edits: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        for row, (key, title) in enumerate(ROLES.items(), start=1):
            name, phone = QLineEdit(), QLineEdit()
            name.setObjectName(f"role_{key}_name")
            phone.setObjectName(f"role_{key}_phone")
            grid.addWidget(QLabel(translate("Plan", title)), row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(phone, row, 2)
            self.role_edits[key] = (name, phone)
        grid.setRowStretch(len(ROLES) + 1, 1)
        self.tabs.addTab(people, self.tr("人员"))

        contacts = QWidget()
        form = QFormLayout(contacts)
        self.contact_edits: dict[str, dict[str, QLineEdit]] = {}
        rows = (
            ("support", self.tr("技术支持热线"), ("name", "phone")),
            ("tax_hotline", self.tr("纳税服务热线"), ("name", "phone")),
            ("tax_office", self.tr("主管税务机关"), ("name", "address", "phone")),
        )
        labels = {"name": self.tr("名称"), "phone": self.tr("电话"), "address": self.tr("地址")}
        for key, title, fields in rows:
            edits = {}
            for f in fields:
                edit = QLineEdit()
                edit.setObjectName(f"contact_{key}_{f}")
                form.addRow(f"{title} · {labels[f]}", edit)
                edits[f] = edit
            self.contact_edits[key] = edits
        self.address = QLineEdit()
        self.address.setObjectName("platformAddress")
        self.address.setPlaceholderText("https://dppt.beijing.chinatax.gov.cn:8443")
        form.addRow(self.tr("检查连通性的平台地址"), self.address)
        self.tabs.addTab(contacts, self.tr("联系电话"))

        steps = QWidget()
        box = QVBoxLayout(steps)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("stepsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("步骤"), self.tr("负责角色"), self.tr("预计分钟"), self.tr("必做")]
        )
        self.table.horizontalHeader().setSectionResizeMode(
            COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        box.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_title = QLineEdit()
        self.new_title.setObjectName("newStepTitle")
        self.new_title.setPlaceholderText(self.tr("新步骤的名称，例如：拍照留存报错画面"))
        self.new_title.returnPressed.connect(self.add_step)
        add = QPushButton(self.tr("添加步骤"))
        add.setObjectName("addStep")
        add.clicked.connect(self.add_step)
        up = QPushButton(self.tr("上移"))
        up.setObjectName("moveUp")
        up.clicked.connect(lambda: self.move_step(-1))
        down = QPushButton(self.tr("下移"))
        down.setObjectName("moveDown")
        down.clicked.connect(lambda: self.move_step(1))
        remove = QPushButton(self.tr("删除自定义步骤"))
        remove.setObjectName("removeStep")
        remove.clicked.connect(self.remove_step)
        for w in (self.new_title, add, up, down, remove):
            buttons.addWidget(w, 1 if w is self.new_title else 0)
        box.addLayout(buttons)
        self.tabs.addTab(steps, self.tr("步骤"))

        self.error = QLabel()
        self.error.setObjectName("planError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0392b;font-weight:bold")
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.save_button = QPushButton(self.tr("保存预案"))
        self.save_button.setObjectName("savePlan")
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）"))
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        # Enter in a field (e.g. a new step's name) must not save the whole plan.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(900, 560)
        self.save_button.setEnabled(False)
        DbOp(self, plan_service.get_plan).success(self.load).run()

    # ------------------------------------------------------------ plan <-> widgets

    def load(self, plan: Plan) -> None:
        self.plan = plan
        for key, (name, phone) in self.role_edits.items():
            person = plan.role(key)
            name.setText(person.name)
            phone.setText(person.phone)
        for key, edits in self.contact_edits.items():
            person = plan.contacts.get(key, Person())
            for f, edit in edits.items():
                edit.setText(getattr(person, f))
        self.address.setText(plan.platform_address)
        self.steps = list(plan.steps)
        self._fill_steps()
        self.save_button.setEnabled(True)

    def _fill_steps(self, select: int = -1) -> None:
        # Old editors are deleted later by Qt; hide them now so they never paint over new rows.
        for row in range(self.table.rowCount()):
            for column in (COL_ROLE, COL_MINUTES, COL_REQUIRED):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.hide()
                    self.table.removeCellWidget(row, column)
        self.table.setRowCount(len(self.steps))
        for row, step in enumerate(self.steps):
            item = QTableWidgetItem(translate("Plan", step.title))
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            if not step.custom:
                item.setToolTip(translate("Plan", step.instruction))
            self.table.setItem(row, COL_TITLE, item)
            role = QComboBox()
            role.addItem(self.tr("（不指定）"), "")
            for key, title in ROLES.items():
                role.addItem(translate("Plan", title), key)
            role.setCurrentIndex(max(0, role.findData(step.role)))
            self.table.setCellWidget(row, COL_ROLE, role)
            minutes = QSpinBox()
            minutes.setRange(0, 1440)
            minutes.setValue(step.minutes)
            self.table.setCellWidget(row, COL_MINUTES, minutes)
            required = QCheckBox()
            required.setChecked(step.required)
            required.setEnabled(step.key not in (FIRST, LAST))
            self.table.setCellWidget(row, COL_REQUIRED, required)
        if select >= 0:
            self.table.selectRow(select)

    def _read_steps(self) -> list[PlanStep]:
        out = []
        for row, step in enumerate(self.steps):
            item = self.table.item(row, COL_TITLE)
            role = self.table.cellWidget(row, COL_ROLE)
            minutes = self.table.cellWidget(row, COL_MINUTES)
            required = self.table.cellWidget(row, COL_REQUIRED)
            assert isinstance(role, QComboBox) and isinstance(minutes, QSpinBox)
            assert isinstance(required, QCheckBox)
            title = item.text().strip() if item else step.title
            if not step.custom and title == translate("Plan", step.title):
                title = step.title  # keep the source text, so it follows the interface language
            out.append(
                replace(
                    step,
                    title=title,
                    role=str(role.currentData() or ""),
                    minutes=minutes.value(),
                    required=required.isChecked(),
                )
            )
        return out

    def current_plan(self) -> Plan:
        assert self.plan is not None
        roles = {
            k: Person(n.text().strip(), p.text().strip()) for k, (n, p) in self.role_edits.items()
        }
        contacts = {
            k: Person(
                e["name"].text().strip(),
                e["phone"].text().strip(),
                e["address"].text().strip() if "address" in e else "",
            )
            for k, e in self.contact_edits.items()
        }
        return Plan(roles, contacts, self.address.text().strip(), self._read_steps())

    # ------------------------------------------------------------ editing steps

    def add_step(self) -> None:
        title = self.new_title.text().strip()
        if not title:
            self.new_title.setFocus()
            return
        self.steps = self._read_steps()
        step = plan_service.new_custom_step(self.steps, title)
        self.steps.insert(len(self.steps) - 1, step)  # before closing
        self.new_title.clear()
        self._fill_steps(len(self.steps) - 2)

    def move_step(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        # The first step and closing stay where they are.
        if row <= 0 or row >= len(self.steps) - 1 or not 0 < target < len(self.steps) - 1:
            return
        self.steps = self._read_steps()
        self.steps[row], self.steps[target] = self.steps[target], self.steps[row]
        self._fill_steps(target)

    def remove_step(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.steps) or not self.steps[row].custom:
            self.error.setText(self.tr("只能删除自己添加的步骤；预案自带的步骤可以改为“非必做”。"))
            return
        self.steps = self._read_steps()
        del self.steps[row]
        self._fill_steps(min(row, len(self.steps) - 1))

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        if self.plan is None or not self.save_button.isEnabled():
            return
        self.error.clear()
        plan, actor = self.current_plan(), self.actor
        self.save_button.setEnabled(False)
        DbOp(self, lambda: plan_service.save_plan(plan, actor)).success(self._saved).failure(
            self._failed
        ).run()

    def _saved(self, plan: Plan) -> None:
        self.plan = plan
        self.save_button.setEnabled(True)
        self.saved.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.error.setText("\n".join(p.text() for p in exc.problems if p.is_error))
        else:
            show_error(self, exc)
