"""The incident wizard end to end with pytest-qt: a real incident, a drill, resume after closing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from invoicedesk.gui import app as gui_app
from invoicedesk.gui.incident_wizard import IncidentWizard
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import (
    incident_contacts,
    incident_items,
    incident_register,
    incident_views,
    incidents,
    plan,
    requests,
)
from invoicedesk.services.invoices import list_invoices
from invoicedesk.services.outage import outage_state
from invoicedesk.services.plan import Person
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.factories import line
from tests.gui.helpers import focused, press, run_on_worker, screenshot, type_text


def setup_plan() -> None:
    p = plan.get_plan()
    roles = {
        **p.roles,
        "in_charge": Person("王店长", "138 0013 8000"),
        "collector": Person("赵会计", "139 0013 9000"),
        "liaison": Person("小李", "137 0013 7000"),
        "technical": Person("技术支持 陈工", "400-810-0000"),
    }
    contacts = {**p.contacts, "tax_office": Person("海淀区税务局", "010-82500000", "中关村大街")}
    plan.save_plan(plan.Plan(roles, contacts, "127.0.0.1:9", p.steps), "老板")


def open_wizard(qtbot: QtBot, actor: str = "张三", drill: bool = False) -> IncidentWizard:
    view, p = run_on_worker(
        qtbot, lambda: (incidents.resume_or_start(actor, drill=drill), plan.get_plan())
    )
    wizard = IncidentWizard(actor, view, p)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.resize(1366, 768)
    return wizard


def page(wizard: IncidentWizard):  # type: ignore[no-untyped-def]
    return wizard.currentPage()


def done(qtbot: QtBot, wizard: IncidentWizard, expect_next: str | None) -> None:
    button = page(wizard).findChild(QPushButton, "doneButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if expect_next is None:
        qtbot.waitUntil(lambda: wizard.view.current is None, timeout=10_000)
    else:
        qtbot.waitUntil(lambda: page(wizard).step.key == expect_next, timeout=10_000)


def shot(wizard: IncidentWizard, folder: Path, name: str) -> None:
    screenshot(wizard, folder, f"wizard_{name}")


def test_a_real_incident_through_the_wizard(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    run_on_worker(qtbot, setup_plan)
    wizard = open_wizard(qtbot)
    assert page(wizard).step.key == "symptom"
    shot(wizard, tmp_path, "1_symptom")
    wizard.findChild(QRadioButton, "symptom_login").click()
    done(qtbot, wizard, "checks")
    assert "陈工" in page(wizard).findChild(QLabel, "whoToCall").text()
    qtbot.mouseClick(page(wizard).findChild(QPushButton, "runChecks"), Qt.MouseButton.LeftButton)
    results = page(wizard).findChild(QLabel, "checkResults")
    qtbot.waitUntil(lambda: "电子发票服务平台" in results.text(), timeout=10_000)
    assert "✘" in results.text()  # port 9 on localhost refuses
    shot(wizard, tmp_path, "2_checks")
    done(qtbot, wizard, "declare")
    # Completing without a severity names what is missing and stays on the step.
    qtbot.mouseClick(page(wizard).findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    error = page(wizard).findChild(QLabel, "stepError")
    qtbot.waitUntil(lambda: "严重程度" in error.text())
    wizard.findChild(QRadioButton, "severity_high").click()
    shot(wizard, tmp_path, "3_declare")
    done(qtbot, wizard, "outage")
    shot(wizard, tmp_path, "4_outage")
    # Keyboard first: the page puts the focus on its one button; Enter presses it.
    wizard.activateWindow()
    qtbot.waitUntil(lambda: focused() is page(wizard).findChild(QPushButton, "doneButton"))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page(wizard).step.key == "notify", timeout=10_000)
    assert run_on_worker(qtbot, outage_state).active
    assert "138 0013 8000" in page(wizard).findChild(QLabel, "callNumber").text()
    shot(wizard, tmp_path, "5_notify")
    done(qtbot, wizard, "collect")
    day = run_on_worker(qtbot, lambda: list_invoices(InvoiceFilter(), limit=1).rows[0].issue_date)
    collect = page(wizard)
    collect.date_from.setDate(day)
    collect.date_to.setDate(day)
    qtbot.mouseClick(collect.findChild(QPushButton, "addWindow"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(wizard.view.items) > 0, timeout=10_000)
    shot(wizard, tmp_path, "6_collect")
    done(qtbot, wizard, "customers")
    customers = page(wizard)
    qtbot.waitUntil(lambda: customers.buyers.count() > 0, timeout=10_000)
    message = customers.findChild(QPlainTextEdit, "customerMessage")
    qtbot.waitUntil(lambda: "您好" in message.toPlainText(), timeout=10_000)
    assert "演示商店" in message.toPlainText()
    for row in range(customers.buyers.count()):  # every customer, one by one
        customers.buyers.setCurrentRow(row)
        qtbot.mouseClick(
            customers.findChild(QPushButton, "recordContact"), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(
            lambda row=row: customers.buyers.item(row).text().startswith("✔"), timeout=10_000
        )
    shot(wizard, tmp_path, "7_customers")
    done(qtbot, wizard, "tax_office")
    summary = page(wizard).findChild(QPlainTextEdit, "taxSummary")
    qtbot.waitUntil(lambda: "纳税人识别号" in summary.toPlainText(), timeout=10_000)
    page(wizard).findChild(QLineEdit, "spokeTo").setFocus()
    type_text(qtbot, "李科员")
    shot(wizard, tmp_path, "8_tax_office")
    done(qtbot, wizard, "recovery")
    shot(wizard, tmp_path, "9_recovery")
    done(qtbot, wizard, "close")
    assert not run_on_worker(qtbot, outage_state).active
    close = page(wizard)
    for name, text in (("cause", "平台维护"), ("fix", "手工登记"), ("lessons", "先看公告")):
        close.findChild(QPlainTextEdit, name).setPlainText(text)
    close.findChild(QLineEdit, "actionText0").setText("培训新员工")
    close.findChild(QLineEdit, "actionOwner0").setText("王店长")
    shot(wizard, tmp_path, "10_close")
    done(qtbot, wizard, None)
    view = run_on_worker(qtbot, lambda: incident_views.get_incident(wizard.view.id))
    assert view.state == "closed"
    assert [a.text for a in run_on_worker(qtbot, incident_register.open_actions)] == ["培训新员工"]
    assert {e.actor for e in view.events if e.kind == "step"} == {"张三"}
    assert len([e for e in view.events if e.kind == "step"]) == len(view.path)


def test_a_drill_is_marked_and_resumes_after_closing(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    run_on_worker(qtbot, setup_plan)
    wizard = open_wizard(qtbot, "小王", drill=True)
    assert page(wizard).findChild(QLabel, "drillLabel").isVisible()
    assert "演练" in wizard.windowTitle()
    wizard.findChild(QRadioButton, "symptom_not_found").click()
    done(qtbot, wizard, "verify")
    verify = page(wizard)
    number = run_on_worker(qtbot, lambda: list_invoices(InvoiceFilter(), limit=1).rows[0].number)
    verify.findChild(QLineEdit, "missingNumber").setFocus()
    type_text(qtbot, number)
    qtbot.keyClick(verify.findChild(QLineEdit, "missingNumber"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(wizard.view.items) == 1, timeout=10_000)
    wizard.note.setFocus()
    type_text(qtbot, "客户小米来电")
    qtbot.keyClick(wizard.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "客户小米来电" in wizard.last_note.text(), timeout=10_000)
    shot(wizard, tmp_path, "drill_verify")
    done(qtbot, wizard, "checks")
    incident_id = wizard.view.id
    wizard.reject()  # "先关闭（稍后继续）"
    wizard.close()

    again = open_wizard(qtbot, "李四", drill=True)
    assert again.view.id == incident_id
    assert page(again).step.key == "checks"
    assert "✔" in again.steps_label.text()
    assert any(
        "客户小米来电" in again.timeline.item(n).text() for n in range(again.timeline.count())
    )
    # A second person has the same incident open; whoever is first records the step, the
    # other's wizard is told and moves on with the incident.
    other = open_wizard(qtbot, "王五", drill=True)
    assert page(other).step.key == "checks"
    done(qtbot, again, "declare")
    qtbot.mouseClick(page(other).findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page(other).step.key == "declare", timeout=10_000)
    other.reject()
    again.findChild(QRadioButton, "severity_low").click()
    done(qtbot, again, "notify")  # not_found has no outage step
    assert not run_on_worker(qtbot, outage_state).active
    view = run_on_worker(qtbot, lambda: incident_views.get_incident(incident_id))
    steps = [(e.step, e.actor) for e in view.events if e.kind == "step"]
    assert steps == [
        ("symptom", "小王"),
        ("verify", "小王"),
        ("checks", "李四"),
        ("declare", "李四"),
    ]
    assert any(e.text == "客户小米来电" for e in view.events)
    assert run_on_worker(qtbot, lambda: incident_register.drill_log())[0].person in {"小王", "李四"}


def _incident_at_customers() -> int:
    """A real incident walked to the customers step: outage on, two invoices reported missing
    (two buyers), one request written by hand during the outage."""
    setup_plan()
    view = incidents.start_incident("张三")
    records = {
        "symptom": {"symptom": "login"},
        "declare": {"severity": "high"},
        "notify": {"person": "王店长", "phone": "13800138000"},
    }
    while view.current != "collect":
        assert view.current is not None
        view = incidents.complete_step(view.id, view.current, records.get(view.current, {}), "张三")
    rows = list_invoices(InvoiceFilter(), limit=200).rows
    first = rows[0]
    second = next(r for r in rows if r.buyer_name != first.buyer_name)
    for inv in (first, second):
        incident_items.mark_reported_missing(view.id, inv.number, "张三")
    requests.create_request("停机客户甲", [line()], "张三", phone="13700001111")
    incident_items.add_open_requests(view.id, "张三")
    view = incidents.complete_step(view.id, "collect", {}, "张三")
    assert view.current == "customers"
    return view.id


def _error(wizard: IncidentWizard) -> QLabel:
    return page(wizard).findChild(QLabel, "stepError")


def test_each_claim_is_checked_against_what_was_recorded(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    incident_id = run_on_worker(qtbot, _incident_at_customers)
    wizard = open_wizard(qtbot)
    assert wizard.view.id == incident_id and page(wizard).step.key == "customers"
    customers = page(wizard)
    qtbot.waitUntil(lambda: customers.buyers.count() == 3, timeout=10_000)
    tally = customers.findChild(QLabel, "contactTally")
    assert "还有 3 位没联系" in tally.text()
    # "客户都已联系，继续" with nobody contacted: refused, naming who is missing; no step done.
    qtbot.mouseClick(customers.findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "还有 3 位客户没有联系" in _error(wizard).text(), timeout=10_000)
    assert "停机客户甲" in _error(wizard).text()
    assert page(wizard).step.key == "customers" and "customers" not in wizard.view.flow.done
    shot(wizard, tmp_path, "claim_customers_refused")
    # One contacted, one recorded as unreachable with a reason (the dialog), one contacted.
    customers.buyers.setCurrentRow(0)
    qtbot.mouseClick(customers.findChild(QPushButton, "recordContact"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.buyers.item(0).text().startswith("✔"), timeout=10_000)
    customers.buyers.setCurrentRow(1)
    qtbot.mouseClick(
        customers.findChild(QPushButton, "recordUnreachable"), Qt.MouseButton.LeftButton
    )
    dialog = customers.reason_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reason.setEditText("")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert "原因" in dialog.error.text() and dialog.isVisible()  # a reason is needed
    dialog.reason.setEditText("电话关机，已发短信")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.buyers.item(1).text().startswith("✘"), timeout=10_000)
    assert "电话关机" in customers.buyers.item(1).text()
    qtbot.mouseClick(customers.findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "还有 1 位客户没有联系" in _error(wizard).text(), timeout=10_000)
    customers.buyers.setCurrentRow(2)
    qtbot.mouseClick(customers.findChild(QPushButton, "recordContact"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.buyers.item(2).text().startswith("✔"), timeout=10_000)
    assert "还有 0 位没联系" in tally.text()
    shot(wizard, tmp_path, "claim_customers_settled")
    done(qtbot, wizard, "tax_office")
    assert wizard.view.flow.data["customers"] == {"buyers": 3, "contacted": 2, "unreachable": 1}
    # The script says what happened: switched to hand registration, 2 told, 1 unreachable.
    summary = page(wizard).findChild(QPlainTextEdit, "taxSummary")
    qtbot.waitUntil(lambda: "柜台已改为手工登记开票申请" in summary.toPlainText(), timeout=10_000)
    text = summary.toPlainText()
    assert "已通知其中2位客户" in text and "1位客户暂时联系不上" in text
    assert "逐一通知" not in text
    page(wizard).findChild(QLineEdit, "spokeTo").setText("李科员")
    done(qtbot, wizard, "recovery")
    # "复核完成，恢复正常开票" while the hand-written request is open: refused, outage stays on.
    recovery = page(wizard)
    tally = recovery.findChild(QLabel, "requestTally")
    qtbot.waitUntil(lambda: "未处理 1 笔" in tally.text(), timeout=10_000)
    qtbot.mouseClick(recovery.findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "还有 1 笔开票申请没有处理" in _error(wizard).text(), timeout=10_000)
    assert "停机客户甲" in _error(wizard).text()
    assert run_on_worker(qtbot, outage_state).active
    shot(wizard, tmp_path, "claim_recovery_refused")
    waiting = run_on_worker(qtbot, lambda: requests.list_requests("open"))
    run_on_worker(qtbot, lambda: requests.cancel_request(waiting[0].id, "客户不要了", "张三"))
    done(qtbot, wizard, "close")
    assert not run_on_worker(qtbot, outage_state).active
    assert wizard.view.flow.data["recovery"]["requests_cancelled"] == 1


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "小张")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def test_an_accidental_f9_is_withdrawn_as_a_false_alarm(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    run_on_worker(qtbot, setup_plan)
    feature = window.incidents  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: feature.wizard is not None and feature.wizard.isVisible())
    wizard = feature.wizard
    wizard.findChild(QRadioButton, "symptom_login").click()
    done(qtbot, wizard, "checks")
    done(qtbot, wizard, "declare")
    wizard.findChild(QRadioButton, "severity_high").click()
    done(qtbot, wizard, "outage")
    done(qtbot, wizard, "notify")
    assert run_on_worker(qtbot, outage_state).active
    banner = feature.banner
    # Wanted in sight (folded behind the outage banner, which every counter now shows at once).
    qtbot.waitUntil(lambda: not banner.isHidden() and "应急处理中" in banner.text(), timeout=10_000)
    button = wizard.findChild(QPushButton, "withdrawButton")
    assert button.isVisible()
    # First the assistant changes their mind: nothing happens.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = wizard.withdraw_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.keep.text() == "不撤销，继续处理"
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert run_on_worker(qtbot, lambda: incident_views.get_incident(wizard.view.id)).state == "open"
    # Then withdraws it: the dialog says what happens, a reason is already chosen.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = wizard.withdraw_dialog
    qtbot.waitUntil(dialog.isVisible)
    explained = dialog.findChild(QLabel, "reasonText").text()
    assert "不会删除" in explained and "停机登记模式会结束" in explained
    assert dialog.text() == "误按了 F9"
    screenshot(dialog, tmp_path, "withdraw_dialog")
    incident_id = wizard.view.id
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.wizard is None, timeout=10_000)  # closed and gone
    qtbot.waitUntil(banner.isHidden, timeout=10_000)
    view = run_on_worker(qtbot, lambda: incident_views.get_incident(incident_id))
    assert view.state == "withdrawn" and view.cause == "误按了 F9"
    assert view.events[-1].kind == "withdraw" and view.events[-1].actor == "小张"
    assert not run_on_worker(qtbot, outage_state).active
    # Kept, not deleted: the register lists it as withdrawn.
    feature.show_register()
    table = feature.register.incidents
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    texts = [str(table.data(table.index(0, c))) for c in range(table.columnCount())]
    assert "误报已撤销" in texts


def test_the_tax_office_script_in_english_says_what_happened(
    qtbot: QtBot, small_db: Path, qapp: QApplication
) -> None:
    incident_id = run_on_worker(qtbot, _incident_at_customers)

    def settle() -> str:
        buyers = incident_contacts.affected_buyers(incident_id)
        incident_contacts.record_customer_contact(
            incident_id,
            buyers[0].name,
            phone="",
            channel="phone",
            message="",
            note="",
            actor="张三",
        )
        incident_contacts.record_customer_unreachable(
            incident_id, buyers[1].name, reason="关机", actor="张三"
        )
        return incident_contacts.tax_summary(incident_id, "Wang")

    gui_app.install_translations(qapp, "en")
    try:
        text = run_on_worker(qtbot, settle)
    finally:
        gui_app.install_translations(qapp, "zh_CN")
    assert "The counter has switched to recording invoice requests by hand. " in text
    assert "1 of the customers have been notified. " in text
    assert "1 customers could not be reached so far. 1 more customers are being contacted. " in text
    assert text.endswith("What further procedures do we need to complete?")
    assert not re.search(r"[\u3000-\u303f\uff00-\uffef]", text), "no full-width punctuation"
    assert re.sub(r"演示商店", "", text).isascii(), text  # only the shop's name is Chinese
