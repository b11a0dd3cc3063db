"""Delivering an invoice by e-mail against a real SMTP server started by the test (aiosmtpd on
127.0.0.1): STARTTLS and SSL, a refused login, the server down, encryption refused; the password
in a file-backed keyring, never in the database; failures kept with their message and retried."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from invoicedesk.core import clock
from invoicedesk.services import (
    case_handling,
    case_mail,
    case_steps,
    cases,
    invoice_files,
    invoices,
)
from invoicedesk.services.case_mail import MailError, MailSettings
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.store.models import AuditEntry, Setting
from tests.factories import draft
from tests.mail_server import PASSWORD, USER, FileKeyring, MailServer, free_port

pytestmark = pytest.mark.usefixtures("sqlite_db")


def settings(server_port: int, cert: tuple[Path, Path], security: str = "starttls") -> MailSettings:
    return MailSettings(
        host="127.0.0.1",
        port=server_port,
        security=security,
        username=USER,
        sender_name="北京演示餐饮",
        ca_file=str(cert[0]),
        timeout=5,
    )


def case_in_handling() -> tuple[cases.CaseView, int]:
    number = f"{clock.today().year % 100:02d}112{1:015d}"
    inv = invoices.record_invoice(draft(1, num=number, issue_date=clock.today()), "张三")
    kept = invoice_files.attach_file(
        inv.id, f"{number}.xml", b"<EInvoice/>", invoice_files.default_folder(), "张三"
    )
    view = cases.open_case(
        "王女士",
        "说发票在系统里查不到",
        "phone",
        "李四",
        email="wang@example.com",
        promised_at=(clock.local_now() + timedelta(hours=2)).isoformat(),
        invoices=[("", number)],
    )
    case_steps.complete_step(view.id, "identify", {}, "李四")
    case_steps.complete_step(view.id, "apologise", {"apology": "抱歉", "said": "急用"}, "李四")
    view = case_steps.complete_step(
        view.id, "check", {"conclusion": "found", "transaction_checked": True}, "李四"
    )
    return view, kept.id


def send(view: cases.CaseView, file_id: int) -> cases.DeliveryView:
    message = case_handling.delivery_draft(view.id, "李四")
    return case_handling.send_email(
        view.id, message.recipient, message.subject, message.body, "李四", file_ids=(file_id,)
    )


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_sent_over_tls_with_the_e_invoice_attached(
    security: str, certificate: tuple[Path, Path], file_keyring: FileKeyring
) -> None:
    view, file_id = case_in_handling()
    with MailServer(security, certificate) as server:
        case_mail.set_mail_settings(
            settings(server.port, certificate, security), "王店长", password=PASSWORD
        )
        delivery = send(view, file_id)
    assert delivery.status == "sent" and delivery.error == ""
    [(sender, recipients, message)] = server.messages
    assert sender == USER and recipients == ["wang@example.com"]
    assert "您的发票" in str(message["Subject"])
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert list(parts) == [f"{clock.today().year % 100:02d}112{1:015d}.xml"]
    assert parts[next(iter(parts))].get_payload(decode=True) == b"<EInvoice/>"
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "税务数字账户" in body.get_payload(decode=True).decode("utf-8")
    view = case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    assert view.state == "delivered"


def test_the_password_lives_in_the_keyring_not_the_database(
    certificate: tuple[Path, Path], file_keyring: FileKeyring, sqlite_db: str
) -> None:
    saved = case_mail.set_mail_settings(settings(25, certificate), "王店长", password=PASSWORD)
    assert case_mail.has_password(saved)
    assert file_keyring.get_password(case_mail.KEYRING_SERVICE, saved.account) == PASSWORD
    assert case_mail.get_mail_settings() == saved
    stored = " ".join(s.value for s in Setting.select()) + " ".join(
        (e.after or "") + (e.before or "") for e in AuditEntry.select()
    )
    assert USER in stored and PASSWORD not in stored
    assert PASSWORD.encode() not in Path(sqlite_db).read_bytes()


def test_a_refused_login_says_so_and_is_kept_for_a_retry(
    certificate: tuple[Path, Path], file_keyring: FileKeyring
) -> None:
    view, file_id = case_in_handling()
    with MailServer("starttls", certificate) as server:
        case_mail.set_mail_settings(settings(server.port, certificate), "王店长", password="wrong")
        failed = send(view, file_id)
        assert failed.status == "failed" and case_handling.failed_kind(failed) == "auth"
        assert "密码" in failed.error and server.messages == []
        # The case and the message are kept; with the right password the same message goes out.
        case_mail.store_password(case_mail.get_mail_settings(), PASSWORD)
        again = case_handling.retry_email(failed.id, "李四")
    assert again.status == "sent" and again.retry_of == failed.id
    assert again.body == failed.body and again.subject == failed.subject
    assert len(server.messages) == 1
    view = cases.get_case(view.id)
    assert [d.status for d in view.deliveries] == ["failed", "sent"]
    assert view.state == "handling"


def test_the_server_down_says_which(
    certificate: tuple[Path, Path], file_keyring: FileKeyring
) -> None:
    view, file_id = case_in_handling()
    case_mail.set_mail_settings(settings(free_port(), certificate), "王店长", password=PASSWORD)
    failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "connect" and "无法连接邮件服务器" in failed.error
    with pytest.raises(ValidationFailed):  # the deliver step still waits for a real delivery
        case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    with MailServer("starttls", certificate, port=case_mail.get_mail_settings().port) as server:
        assert case_handling.retry_email(failed.id, "李四").status == "sent"
    assert len(server.messages) == 1


@pytest.mark.parametrize(("server_mode", "client"), [("plain", "starttls"), ("plain", "ssl")])
def test_no_encryption_no_password_sent(
    server_mode: str, client: str, certificate: tuple[Path, Path], file_keyring: FileKeyring
) -> None:
    view, file_id = case_in_handling()
    with MailServer(server_mode, certificate) as server:
        case_mail.set_mail_settings(
            settings(server.port, certificate, client), "王店长", password=PASSWORD
        )
        failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "tls", failed.error
    assert "加密" in failed.error and server.messages == []


def test_an_untrusted_certificate_is_refused(
    certificate: tuple[Path, Path], file_keyring: FileKeyring
) -> None:
    view, file_id = case_in_handling()
    with MailServer("ssl", certificate) as server:
        untrusted = MailSettings(
            **{**settings(server.port, certificate, "ssl").__dict__, "ca_file": ""}
        )
        case_mail.set_mail_settings(untrusted, "王店长", password=PASSWORD)
        failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "tls" and server.messages == []


def test_no_keyring_and_no_settings_are_named(
    file_keyring: FileKeyring, certificate: tuple[Path, Path]
) -> None:
    view, file_id = case_in_handling()
    failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "settings"
    case_mail.set_mail_settings(settings(25, certificate), "王店长")
    failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "no_password"
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(MailError) as caught:
        case_mail.store_password(case_mail.get_mail_settings(), PASSWORD)
    assert caught.value.kind == "keyring" and "钥匙串" in str(caught.value.message)
    failed = send(view, file_id)
    assert case_handling.failed_kind(failed) == "keyring"


def test_bad_settings_are_refused_by_field(certificate: tuple[Path, Path]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        case_mail.set_mail_settings(
            MailSettings(host="", port=0, security="plain", username="shop"), "王店长"
        )
    assert [p.field for p in caught.value.problems] == ["host", "port", "security", "username"]
