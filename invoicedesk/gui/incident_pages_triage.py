"""Incident wizard pages for the first steps: what happened, quick checks, declaring the
incident, switching to manual registration and calling the person in charge.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

from invoicedesk.core.plan_defaults import NOTICE_HINTS, SEVERITIES, SYMPTOMS
from invoicedesk.gui.incident_step_page import StepPage, tr_data
from invoicedesk.services import incidents
from invoicedesk.services.system_checks import CHECK_TITLES


class SymptomPage(StepPage):
    def build(self) -> None:
        self.group = QButtonGroup(self)
        for key, text in SYMPTOMS.items():
            button = QRadioButton(tr_data("Plan", text))
            button.setObjectName(f"symptom_{key}")
            button.setStyleSheet("font-size:17px;padding:4px")
            self.group.addButton(button)
            button.setProperty("key", key)
            self.body.addWidget(button)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        super().initializePage()
        chosen = self.wiz.view.symptom
        for button in self.group.buttons():
            button.setChecked(button.property("key") == chosen)
            button.setEnabled(not chosen)
        if not chosen:
            self.group.buttons()[0].setFocus()

    def record(self) -> dict[str, Any]:
        checked = self.group.checkedButton()
        return {"symptom": checked.property("key") if checked else ""}


class ChecksPage(StepPage):
    def build(self) -> None:
        self.run_button = QPushButton(self.tr("开始检查"))
        self.run_button.setObjectName("runChecks")
        self.run_button.setStyleSheet("font-size:16px;padding:6px 16px")
        self.run_button.clicked.connect(self._run_checks)
        self.body.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.results = QLabel(self.tr("还没有检查。"))
        self.results.setObjectName("checkResults")
        self.results.setWordWrap(True)
        self.results.setStyleSheet("font-size:15px")
        self.body.addWidget(self.results)
        hints = QLabel(tr_data("Plan", NOTICE_HINTS))
        hints.setWordWrap(True)
        hints.setStyleSheet("font-size:14px;color:#555")
        self.body.addWidget(hints)
        self.body.addStretch(1)
        self._summary: list[dict[str, Any]] = []

    def _run_checks(self) -> None:
        self.run_button.setEnabled(False)
        self.results.setText(self.tr("正在检查，请稍候…"))
        incident_id, actor = self.wiz.view.id, self.wiz.actor
        self.run(lambda: incidents.run_quick_checks(incident_id, actor), self._show)

    def _show(self, results: list[Any]) -> None:
        self.run_button.setEnabled(True)
        lines = []
        self._summary = []
        for r in results:
            mark = "✔" if r.ok else "✘"
            title = tr_data("Check", CHECK_TITLES.get(r.name, r.name))
            lines.append(f"{mark} {title}：{r.text}")
            self._summary.append({"name": r.name, "ok": r.ok})
        self.results.setText("\n".join(lines))

    def submit(self) -> None:
        if self._summary:
            super().submit()
            return
        # Nobody pressed "开始检查": run the checks first, so the log always has them.
        self.done_button.setEnabled(False)
        self.results.setText(self.tr("正在检查，请稍候…"))
        incident_id, actor = self.wiz.view.id, self.wiz.actor

        def then(results: list[Any]) -> None:
            self._show(results)
            super(ChecksPage, self).submit()

        self.run(lambda: incidents.run_quick_checks(incident_id, actor), then)

    def record(self) -> dict[str, Any]:
        return {"results": self._summary}


class DeclarePage(StepPage):
    def button_text(self) -> str:
        return self.tr("启动应急预案")

    def build(self) -> None:
        self.group = QButtonGroup(self)
        for key, text in SEVERITIES.items():
            button = QRadioButton(tr_data("Plan", text))
            button.setObjectName(f"severity_{key}")
            button.setStyleSheet("font-size:16px")
            button.setProperty("key", key)
            self.group.addButton(button)
            self.body.addWidget(button)
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(self.tr("简单说明看到的情况（可不填）"))
        self.body.addWidget(self.description)
        self.body.addStretch(1)

    def record(self) -> dict[str, Any]:
        checked = self.group.checkedButton()
        return {
            "severity": checked.property("key") if checked else "",
            "description": self.description.text().strip(),
        }


class OutagePage(StepPage):
    def button_text(self) -> str:
        if self.wiz.view.drill:
            return self.tr("演练：记录“已切换”")
        return self.tr("切换到手工登记")

    def build(self) -> None:
        note = QLabel(self.tr("切换后，所有柜台都会显示“停机登记中”，收银员改为登记开票申请。"))
        note.setWordWrap(True)
        note.setStyleSheet("font-size:15px")
        self.body.addWidget(note)
        self.body.addStretch(1)


class NotifyPage(StepPage):
    def button_text(self) -> str:
        return self.tr("已通知负责人")

    def build(self) -> None:
        person = self.wiz.plan.role("in_charge")
        self.call = QLabel(
            self.tr("请拨打 {phone}").format(phone=person.phone)
            if person.phone
            else self.tr("预案中没有负责人电话：请填写您通知的人和电话")
        )
        self.call.setObjectName("callNumber")
        self.call.setStyleSheet("font-size:26px;font-weight:bold;color:#0b5394")
        self.body.addWidget(self.call)
        form = QFormLayout()
        self.person = QLineEdit(person.name)
        self.person.setObjectName("person")
        self.phone = QLineEdit(person.phone)
        self.phone.setObjectName("phone")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("例如：已接通，负责人马上到店"))
        form.addRow(self.tr("通知了谁"), self.person)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("说明"), self.note)
        self.body.addLayout(form)
        self.body.addStretch(1)

    def record(self) -> dict[str, Any]:
        return {
            "person": self.person.text().strip(),
            "phone": self.phone.text().strip(),
            "note": self.note.text().strip(),
        }
