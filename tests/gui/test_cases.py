"""Customer cases with pytest-qt: the procedure end to end for each conclusion (found, never
issued, wrong, not ours), drafts that survive closing, e-mail from the case window against a
real SMTP server, the list with its overdue count, the wizard's and reconciliation's links."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.case_list import CaseListPage
from invoicedesk.gui.case_new import NewCaseDialog
from invoicedesk.gui.case_window import CaseWindow
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import case_changes, case_mail, cases, invoices, requests
from invoicedesk.services.case_mail import MailSettings
from invoicedesk.store.models import AuditEntry
from tests.factories import draft, line
from tests.gui.helpers import run_on_worker, screenshot, type_text
from tests.mail_server import PASSWORD, USER, MailServer


def num(seq: int) -> str:
    return f"{clock.today().year % 100:02d}119{seq:015d}"


def record_invoice(qtbot: QtBot, seq: int) -> Any:
    return run_on_worker(
        qtbot,
        lambda: invoices.record_invoice(draft(seq, num=num(seq), issue_date=clock.today()), "张三"),
    )


def new_case(qtbot: QtBot, numbers: str = "", *, email: str = "") -> int:
    """Fill the new-case form by keyboard and open the case; returns its id."""
    dialog = NewCaseDialog("李四")
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.customer.setFocus()
    type_text(qtbot, "王女士")
    dialog.phone.setFocus()
    type_text(qtbot, "13800000002")
    if email:
        dialog.email.setFocus()
        type_text(qtbot, email)
    dialog.complaint.setFocus()
    type_text(qtbot, "说发票在系统里查不到")
    if numbers:
        dialog.invoices.setFocus()
        type_text(qtbot, numbers)
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return int(created.args[0])


def open_window(qtbot: QtBot, case_id: int) -> CaseWindow:
    view = run_on_worker(qtbot, lambda: cases.get_case(case_id))
    window = CaseWindow(view, "李四")
    qtbot.addWidget(window)
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, widget: Any) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5_000)


def child(window: CaseWindow, kind: type, name: str) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def click(qtbot: QtBot, window: CaseWindow, name: str) -> None:
    qtbot.mouseClick(child(window, QPushButton, name), Qt.MouseButton.LeftButton)


def step_done(qtbot: QtBot, window: CaseWindow, expect: str | None) -> None:
    before = len(window.view.events)
    click(qtbot, window, "stepDone")
    qtbot.waitUntil(lambda: len(window.view.events) > before, timeout=10_000)
    assert window.view.current_step == expect, window.message.text()


def identify_and_apologise(qtbot: QtBot, window: CaseWindow) -> None:
    step_done(qtbot, window, "apologise")
    apology = child(window, QPlainTextEdit, "apology")
    qtbot.waitUntil(lambda: "深表遗憾" in apology.toPlainText(), timeout=10_000)
    child(window, QPlainTextEdit, "said").setFocus()
    type_text(qtbot, "报销急用，今天就要")
    step_done(qtbot, window, "check")


def conclude(qtbot: QtBot, window: CaseWindow, conclusion: str) -> None:
    report = child(window, QPlainTextEdit, "checkReport")
    qtbot.waitUntil(lambda: bool(report.toPlainText()), timeout=10_000)
    if conclusion != "not_ours":
        child(window, QCheckBox, "transactionChecked").setChecked(True)
    child(window, QRadioButton, f"conclusion_{conclusion}").setChecked(True)
    step_done(qtbot, window, "deliver")


def deliver_and_archive(qtbot: QtBot, window: CaseWindow, how: str, confirmed: str) -> None:
    attempts = child(window, type(window.timeline), "attempts")
    count = attempts.count()
    click(qtbot, window, how)
    qtbot.waitUntil(lambda: attempts.count() == count + 1, timeout=10_000)
    child(window, QRadioButton, f"confirmed_{confirmed}").setChecked(True)
    step_done(qtbot, window, "archive")
    cause = child(window, QComboBox, "cause")
    cause.setCurrentIndex(2)
    child(window, QPlainTextEdit, "lesson").setFocus()
    type_text(qtbot, "交付时附上下载说明")
    step_done(qtbot, window, None)
    assert window.view.state == "archived" and window.view.record_sha256
    assert "已归档" in window.header.text()


def test_found_and_valid(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    inv = record_invoice(qtbot, 1)
    case_id = new_case(qtbot, inv.number)
    window = open_window(qtbot, case_id)
    window.resize(1366, 700)
    assert window.view.invoices[0].number == inv.number
    screenshot(window, tmp_path, "case_identify")
    identify_and_apologise(qtbot, window)
    report = child(window, QPlainTextEdit, "checkReport")
    qtbot.waitUntil(lambda: inv.number in report.toPlainText(), timeout=10_000)
    assert "正常" in report.toPlainText()
    conclude(qtbot, window, "found")
    body = child(window, QPlainTextEdit, "deliveryBody")
    qtbot.waitUntil(lambda: "税务数字账户" in body.toPlainText(), timeout=10_000)
    assert inv.number in body.toPlainText()
    screenshot(window, tmp_path, "case_deliver")
    deliver_and_archive(qtbot, window, "toldByPhone", "received")
    actions = run_on_worker(
        qtbot,
        lambda: [e.action for e in AuditEntry.select().where(AuditEntry.entity == "case")],
    )
    assert actions.count("case.step") == 5 and "case.delivery" in actions


def test_never_issued_from_the_request(qtbot: QtBot, small_db: Path) -> None:
    req = run_on_worker(
        qtbot, lambda: requests.create_request("王女士", [line()], "张三", phone="13800000002")
    )
    case_id = new_case(qtbot)
    window = open_window(qtbot, case_id)
    requests_box = child(window, QComboBox, "openRequests")
    qtbot.waitUntil(lambda: requests_box.count() > 0, timeout=10_000)
    requests_box.setCurrentIndex(requests_box.findData(req.id))
    click(qtbot, window, "linkRequest")
    qtbot.waitUntil(
        lambda: any(link.kind == "request" for link in window.view.links), timeout=10_000
    )
    identify_and_apologise(qtbot, window)
    conclude(qtbot, window, "never_issued")
    child(window, QLineEdit, "issuedNumber").setText(num(7))
    click(qtbot, window, "issueFromRequest")
    qtbot.waitUntil(lambda: bool(window.view.with_role("issued")), timeout=10_000)
    assert run_on_worker(qtbot, lambda: requests.get_request(req.id).status) == "issued"
    deliver_and_archive(qtbot, window, "copyWechat", "received")


def test_wrong_is_red_flushed_and_reissued(qtbot: QtBot, small_db: Path) -> None:
    inv = record_invoice(qtbot, 1)
    window = open_window(qtbot, new_case(qtbot, inv.number))
    identify_and_apologise(qtbot, window)
    conclude(qtbot, window, "wrong")
    child(window, QLineEdit, "redNumber").setText(num(2))
    click(qtbot, window, "redFlush")
    qtbot.waitUntil(lambda: bool(window.view.with_role("red")), timeout=10_000)
    child(window, QLineEdit, "reissueNumber").setText(num(3))
    click(qtbot, window, "reissue")
    qtbot.waitUntil(lambda: bool(window.view.with_role("replacement")), timeout=10_000)
    body = child(window, QPlainTextEdit, "deliveryBody")
    qtbot.waitUntil(lambda: num(3) in body.toPlainText(), timeout=10_000)
    deliver_and_archive(qtbot, window, "handedOver", "received")
    assert run_on_worker(qtbot, lambda: invoices.get_invoice(inv.id).status) == "red_full"


def test_not_ours_is_explained(qtbot: QtBot, small_db: Path) -> None:
    window = open_window(qtbot, new_case(qtbot))
    step_done_blocked = child(window, QPushButton, "stepDone")
    qtbot.mouseClick(step_done_blocked, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "请关联" in window.message.text(), timeout=10_000)
    child(window, QCheckBox, "noInvoice").setChecked(True)
    child(window, QLineEdit, "purchase").setText("说是上周在分店买的咖啡")
    identify_and_apologise(qtbot, window)
    child(window, QLineEdit, "explanation").setText("开票方是另一家公司")
    conclude(qtbot, window, "not_ours")
    body = child(window, QPlainTextEdit, "deliveryBody")
    qtbot.waitUntil(lambda: "另一家公司" in body.toPlainText(), timeout=10_000)
    deliver_and_archive(qtbot, window, "toldByPhone", "explained")


def test_drafts_survive_closing(qtbot: QtBot, small_db: Path) -> None:
    dialog = NewCaseDialog("李四")
    activate(qtbot, dialog)
    dialog.customer.setFocus()
    type_text(qtbot, "赵先生")
    dialog.complaint.setFocus()
    type_text(qtbot, "午饭发票没收到")
    qtbot.waitUntil(
        lambda: (
            run_on_worker(qtbot, lambda: case_changes.load_draft("李四", "new")).get("complaint")
            == "午饭发票没收到"
        ),
        timeout=10_000,
    )
    with qtbot.waitSignal(dialog.destroyed, timeout=5_000):
        dialog.deleteLater()  # gone without a close event, as when the app is killed
    again = NewCaseDialog("李四")
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.customer.text() == "赵先生", timeout=10_000)
    assert again.complaint.toPlainText() == "午饭发票没收到"
    # A case window keeps what is typed into its steps the same way.
    case_id = run_on_worker(
        qtbot,
        lambda: cases.open_case("王女士", "查不到", "phone", "李四", phone="13800000002").id,
    )
    window = open_window(qtbot, case_id)
    child(window, QLineEdit, "purchase").setText("12月3日午餐 ¥128")
    qtbot.waitUntil(
        lambda: (
            run_on_worker(qtbot, lambda: case_changes.load_draft("李四", f"case:{case_id}")).get(
                "identify.purchase"
            )
            == "12月3日午餐 ¥128"
        ),
        timeout=10_000,
    )
    window.close()
    reopened = open_window(qtbot, case_id)
    purchase = child(reopened, QLineEdit, "purchase")
    qtbot.waitUntil(lambda: purchase.text() == "12月3日午餐 ¥128", timeout=10_000)


def test_bad_input_is_shown_at_the_field_and_nothing_is_written(
    qtbot: QtBot, small_db: Path
) -> None:
    dialog = NewCaseDialog("李四")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.customer.setText("王女士")
    dialog.complaint.setPlainText("查不到")
    dialog.phone.setText("13800000002")
    dialog.invoices.setText(num(404))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: num(404) in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible()
    assert run_on_worker(qtbot, lambda: cases.list_cases().total) == 0


@pytest.mark.usefixtures("file_keyring")
def test_email_from_the_case_window_refused_then_retried(
    qtbot: QtBot, small_db: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    inv = record_invoice(qtbot, 1)
    window = open_window(qtbot, new_case(qtbot, inv.number, email="wang@example.com"))
    identify_and_apologise(qtbot, window)
    conclude(qtbot, window, "found")
    recipient = child(window, QLineEdit, "recipient")
    qtbot.waitUntil(lambda: recipient.text() == "wang@example.com", timeout=10_000)
    attempts = child(window, type(window.timeline), "attempts")
    with MailServer("starttls", certificate) as server:
        settings = MailSettings(
            host="127.0.0.1", port=server.port, security="starttls", username=USER,
            ca_file=str(certificate[0]), timeout=5,
        )  # fmt: skip
        run_on_worker(
            qtbot, lambda: case_mail.set_mail_settings(settings, "王店长", password="bad")
        )
        click(qtbot, window, "sendEmail")
        qtbot.waitUntil(lambda: attempts.count() == 1, timeout=15_000)
        assert "密码" in window.message.text() and "重发" in window.message.text()
        screenshot(window, tmp_path, "case_mail_failed")
        run_on_worker(
            qtbot, lambda: case_mail.store_password(case_mail.get_mail_settings(), PASSWORD)
        )
        attempts.setCurrentRow(0)
        click(qtbot, window, "retryEmail")
        qtbot.waitUntil(lambda: attempts.count() == 2, timeout=15_000)
    assert len(server.messages) == 1
    assert [d.status for d in window.view.deliveries] == ["failed", "sent"]
    assert "已发送" in window.message.text()


def test_list_overdue_count_and_filters(
    qtbot: QtBot, small_db: Path, qtmodeltester: Any, frozen_clock: clock.ManualClock
) -> None:
    def open_some() -> None:
        soon = clock.local_now() + timedelta(hours=1)
        cases.open_case("王女士", "查不到", "phone", "李四", phone="13800000002", promised_at=soon)
        cases.open_case(
            "赵先生", "没收到", "counter", "王五", phone="13912345678", promised_at=soon
        )
        cases.open_case("钱先生", "开错了", "email", "王五", email="q@example.com")

    run_on_worker(qtbot, open_some)
    window = MainWindow("demo.sqlite", "李四")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page: CaseListPage = window.cases.page  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    qtmodeltester.check(page.model)
    indicator = window.cases.indicator  # type: ignore[attr-defined]
    assert not indicator.isVisible()
    frozen_clock.advance(timedelta(hours=2))
    window.cases.refresh_watch()  # type: ignore[attr-defined]  (the minute timer's work)
    qtbot.waitUntil(lambda: indicator.isVisible(), timeout=10_000)
    assert "逾期工单 2" in indicator.text()
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert window.pages.currentWidget() is page and "·逾期" in page.model.data(
        page.model.index(0, 1)
    )
    page.overdue_only.setChecked(False)
    page.search.setText("1234")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.row_at(0).customer == "赵先生"  # type: ignore[union-attr]
    page.search.clear()
    page.person.setCurrentIndex(page.person.findData("王五"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)


def test_screens_fit_1366x768(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    inv = record_invoice(qtbot, 1)
    case_id = new_case(qtbot, inv.number, email="wang@example.com")
    window = MainWindow("demo.sqlite", "李四")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    feature = window.cases  # type: ignore[attr-defined]
    feature.open_case(case_id)
    qtbot.waitUntil(lambda: case_id in feature.windows, timeout=10_000)
    case_window = feature.windows[case_id]
    assert case_window.sizeHint().height() <= 700 and case_window.height() <= 700
    assert case_window.minimumSizeHint().width() <= 1366
    feature.new_case()
    assert feature.new_dialog.sizeHint().height() <= 700
    window.show_page(feature.page)
    screenshot(window, tmp_path, "cases_page")
    screenshot(case_window, tmp_path, "case_window")


def test_dates_edit_round_trip(qtbot: QtBot, small_db: Path) -> None:
    """The promise typed in the form is the shop's local time, stored and shown back the same."""
    dialog = NewCaseDialog("李四")
    qtbot.addWidget(dialog)
    moment = (clock.local_now() + timedelta(days=2)).replace(second=0, microsecond=0)
    dialog.promised_at.setDateTime(QDateTime(moment.replace(tzinfo=None)))
    dialog.customer.setText("王女士")
    dialog.phone.setText("13800000002")
    dialog.complaint.setPlainText("查不到")
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    view = run_on_worker(qtbot, lambda: cases.get_case(int(created.args[0])))
    assert cases.local_iso(view.promised_at) == moment.isoformat(timespec="seconds")


def test_the_wizards_customer_step_opens_a_case(qtbot: QtBot, small_db: Path) -> None:
    from invoicedesk.gui.incident_wizard import IncidentWizard
    from invoicedesk.services import incident_items, incident_views, incidents, plan

    inv = record_invoice(qtbot, 1)

    def start() -> Any:
        view = incidents.start_incident("张三")
        incident_items.mark_reported_missing(view.id, inv.number, "张三")
        return incident_views.get_incident(view.id), plan.get_plan()

    view, current_plan = run_on_worker(qtbot, start)
    wizard = IncidentWizard("张三", view, current_plan)
    qtbot.addWidget(wizard)
    customers = wizard.pages["customers"]
    customers.refresh()
    qtbot.waitUntil(lambda: customers.buyers.count() == 1, timeout=10_000)
    customers.buyers.setCurrentRow(0)
    button = customers.findChild(QPushButton, "openCustomerCase")
    assert not button.isHidden()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "客户工单 #" in customers.done_label.text(), timeout=10_000)
    page = run_on_worker(qtbot, cases.list_cases)
    assert [r.invoices for r in page.rows] == [(("", inv.number, "concerned"),)]


def test_reconciliation_key_3_opens_a_case(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    from invoicedesk.gui.verification_page import VerificationPage
    from invoicedesk.services import company, reconcile, reconcile_differences
    from tests.factories import SHOP
    from tests.integration.platform_files import row, write_csv

    inv = record_invoice(qtbot, 1)
    path = write_csv(tmp_path / "export.csv", [row(num(50), issue_date=clock.today().isoformat())])

    def prepare() -> Any:
        company.set_company(*SHOP, "张三")
        _file, session = reconcile.reconcile_file(path, "张三", clock.period_of(clock.today()))
        return session

    session = run_on_worker(qtbot, prepare)
    page = VerificationPage("李会计")
    qtbot.addWidget(page)
    page.show()
    page.reload_sessions(select=session.id)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    target = next(i for i, d in enumerate(page.model.rows) if d.invoice_id == inv.id)
    page.table.selectRow(target)
    page.note.setText("客户来电说查不到")
    qtbot.mouseClick(page.action_buttons["customer_case"], Qt.MouseButton.LeftButton)
    dialog = page.case_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.phone.setText("13800000009")
    qtbot.mouseClick(dialog.findChild(QPushButton, "differenceCaseOk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    found = run_on_worker(qtbot, cases.list_cases).rows
    assert len(found) == 1 and found[0].phone == "13800000009"
    diff = run_on_worker(
        qtbot,
        lambda: next(
            d for d in reconcile_differences.list_differences(session.id) if d.invoice_id == inv.id
        ),
    )
    assert diff.resolution == "customer_case" and f"#{found[0].id}" in diff.note
