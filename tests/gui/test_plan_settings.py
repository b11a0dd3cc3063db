"""Plan settings, the incident register and the main window's banner, with real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.plan_settings import COL_REQUIRED, COL_ROLE, PlanSettings
from invoicedesk.services import incidents, plan
from invoicedesk.services.company import get_setting
from invoicedesk.services.system_checks import PLATFORM_ADDRESS_KEY
from tests.gui.helpers import run_on_worker, screenshot, type_text


def test_edit_people_contacts_and_steps(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    dialog = PlanSettings("老板")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.table.rowCount() == 11
    dialog.findChild(QLineEdit, "role_in_charge_name").setFocus()
    type_text(qtbot, "王店长")
    dialog.findChild(QLineEdit, "role_in_charge_phone").setText("138 0013 8000")
    dialog.findChild(QLineEdit, "contact_tax_office_name").setText("海淀区税务局")
    dialog.findChild(QLineEdit, "platformAddress").setText("dppt.example.cn:8443")
    dialog.tabs.setCurrentIndex(2)
    dialog.new_title.setFocus()
    type_text(qtbot, "拍照留存报错画面")
    qtbot.keyClick(dialog.new_title, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 12
    assert dialog.table.item(10, 0).text() == "拍照留存报错画面"
    dialog.table.selectRow(10)
    for _ in range(3):
        qtbot.mouseClick(dialog.findChild(QPushButton, "moveUp"), Qt.MouseButton.LeftButton)
    assert dialog.table.item(7, 0).text() == "拍照留存报错画面"
    role = dialog.table.cellWidget(7, COL_ROLE)
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(role.findData("technical"))
    # The tax office step becomes optional; the first step cannot.
    tax_row = next(r for r in range(12) if dialog.table.item(r, 0).text() == "报告税务机关")
    tax_required = dialog.table.cellWidget(tax_row, COL_REQUIRED)
    assert isinstance(tax_required, QCheckBox)
    tax_required.setChecked(False)
    assert not dialog.table.cellWidget(0, COL_REQUIRED).isEnabled()  # type: ignore[union-attr]
    dialog.resize(1366, 768)
    screenshot(dialog, tmp_path, "plan_settings_steps")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = run_on_worker(qtbot, plan.get_plan)
    assert saved.role("in_charge") == plan.Person("王店长", "138 0013 8000")
    assert saved.contacts["tax_office"].name == "海淀区税务局"
    assert saved.steps[7].title == "拍照留存报错画面" and saved.steps[7].role == "technical"
    assert not next(s for s in saved.steps if s.key == "tax_office").required
    assert saved.steps[1].title == "核实客户说找不到的发票", "built-in titles stay source text"
    assert run_on_worker(qtbot, lambda: get_setting(PLATFORM_ADDRESS_KEY)) == "dppt.example.cn:8443"


def test_a_bad_phone_is_named_and_nothing_is_saved(qtbot: QtBot, small_db: Path) -> None:
    dialog = PlanSettings("老板")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    dialog.findChild(QLineEdit, "role_collector_phone").setText("找我")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "planError")
    qtbot.waitUntil(lambda: "电话号码" in error.text(), timeout=10_000)
    assert dialog.isVisible()
    assert run_on_worker(qtbot, lambda: get_setting(plan.PLAN_KEY)) is None


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "王店长")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def closed_with_actions() -> int:
    view = incidents.start_incident("张三")
    records = {
        "symptom": {"symptom": "network"},
        "declare": {"severity": "low"},
        "notify": {"person": "王店长"},
        "tax_office": {"spoke_to": "李科员"},
        "close": {
            "cause": "光猫故障",
            "fix": "换光猫",
            "lessons": "备一个4G热点",
            "actions": [
                {"text": "买4G热点", "owner": "王店长", "due": clock.today() - timedelta(days=1)},
                {
                    "text": "登记宽带报修电话",
                    "owner": "小李",
                    "due": clock.today() + timedelta(days=9),
                },
            ],
        },
    }
    while view.current:
        view = incidents.complete_step(view.id, view.current, records.get(view.current, {}), "张三")
    return view.id


def test_register_banner_actions_and_report(
    qtbot: QtBot, window: MainWindow, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    feature = window.incidents  # type: ignore[attr-defined]
    assert any(
        a.objectName() == "startIncidentAction"
        for a in window.findChildren(type(feature.start_action))
    )
    incident_id = run_on_worker(qtbot, closed_with_actions)
    open_id = run_on_worker(qtbot, lambda: incidents.resume_or_start("小李").id)
    banner = feature.banner  # redraws on the change notices of both writes
    qtbot.waitUntil(
        lambda: banner.isVisible() and f"第{open_id}号事件" in banner.text(), timeout=10_000
    )
    assert "买4G热点" in banner.text() and "已逾期" in banner.text()
    feature.show_register()
    register = feature.register
    qtbot.waitUntil(lambda: register.incidents.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(register.incidents)
    qtmodeltester.check(register.action_model)
    screenshot(window, tmp_path, "incident_register")
    assert register.incidents.rows[1][5] == "已结案" and register.incidents.rows[0][5] == "处理中"
    # Done actions leave the banner.
    register.tabs.setCurrentIndex(1)
    register.action_view.selectRow(0)
    qtbot.mouseClick(register.findChild(QPushButton, "actionDone"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "买4G热点" not in banner.text(), timeout=10_000)
    assert "登记宽带报修电话" in banner.text()
    # Checks by hand are logged.
    qtbot.mouseClick(register.findChild(QPushButton, "runChecks"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register.checks.rowCount() == 4, timeout=15_000)
    qtmodeltester.check(register.checks)
    assert {row[4] for row in register.checks.rows} == {"手动"}  # the source, as a label
    # The report of the selected incident.
    written: list[Path] = []
    register.export_report(incident_id, tmp_path / "report.pdf", written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=15_000)
    assert written[0].stat().st_size > 10_000
    # F9 opens the wizard, resuming the open incident.
    window.activateWindow()
    feature.start_action.trigger()
    qtbot.waitUntil(
        lambda: feature.wizard is not None and feature.wizard.isVisible(), timeout=10_000
    )
    assert feature.wizard.view.id == open_id
    feature.wizard.reject()
    qtbot.waitUntil(lambda: feature.wizard is None, timeout=10_000)
