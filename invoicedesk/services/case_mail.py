"""E-mail through the shop's own mailbox: SMTP over TLS (implicit SSL or STARTTLS), never plain.

The server, port, account and sender are a business setting (in the database, audited, backed
up); the password (授权码) lives in the OS keyring (``keyring``), never in the database. A failure
says which one it is — the server cannot be reached, it refuses encryption, it refuses the login,
it refuses the message, the keyring is unavailable — so the person knows what to fix.
"""

from __future__ import annotations

import mimetypes
import ssl
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import Problem, problem
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import ServiceError, ValidationFailed
from invoicedesk.services.session import guarded

SETTING_KEY = "cases.mail"
KEYRING_SERVICE = "InvoiceDesk SMTP"
SECURITY = ("ssl", "starttls")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
mimetypes.add_type("application/ofd", ".ofd")


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 465
    security: str = "ssl"  # "ssl": TLS from the start (465); "starttls": upgraded (587)
    username: str = ""
    sender: str = ""  # the From address; the account when empty
    sender_name: str = ""
    ca_file: str = ""  # a private CA for a self-hosted server; "" trusts the system's
    timeout: float = 20.0

    @property
    def configured(self) -> bool:
        return bool(self.host and self.username)

    @property
    def account(self) -> str:
        """The keyring's name for the password: the account at its server."""
        return f"{self.username}@{self.host}"

    @property
    def from_address(self) -> str:
        return self.sender or self.username


class MailError(ServiceError):
    """Sending failed; ``kind`` says why: connect, tls, auth, refused, keyring, no_password,
    settings or other. Nothing about the case was lost."""

    def __init__(self, kind: str, source: str, **params: Any) -> None:
        super().__init__(source, **params)
        self.kind = kind


def get_mail_settings() -> MailSettings:
    raw = get_setting(SETTING_KEY, {}) or {}
    known = {k: v for k, v in raw.items() if k in MailSettings.__dataclass_fields__}
    return MailSettings(**known)


def check_settings(settings: MailSettings) -> list[Problem]:
    out: list[Problem] = []
    if not settings.host.strip():
        out.append(problem("host", QT_TRANSLATE_NOOP("Problem", "请填写发信服务器（SMTP）地址")))
    if not 0 < int(settings.port) < 65536:
        out.append(problem("port", QT_TRANSLATE_NOOP("Problem", "端口应在 1–65535 之间")))
    if settings.security not in SECURITY:
        out.append(
            problem(
                "security",
                QT_TRANSLATE_NOOP("Problem", "加密方式应为 SSL 或 STARTTLS（不支持明文发送）"),
            )
        )
    if "@" not in settings.username:
        out.append(problem("username", QT_TRANSLATE_NOOP("Problem", "请填写完整的邮箱账号")))
    if settings.sender and "@" not in settings.sender:
        out.append(problem("sender", QT_TRANSLATE_NOOP("Problem", "发件地址格式不对")))
    return out


@guarded("settings.edit")
def set_mail_settings(
    settings: MailSettings, actor: str, *, password: str | None = None
) -> MailSettings:
    """Save the settings (audited, without the password) and the password in the keyring."""
    settings = MailSettings(
        host=settings.host.strip(),
        port=int(settings.port),
        security=settings.security,
        username=settings.username.strip(),
        sender=settings.sender.strip(),
        sender_name=settings.sender_name.strip(),
        ca_file=settings.ca_file.strip(),
        timeout=float(settings.timeout),
    )
    problems = check_settings(settings)
    if problems:
        raise ValidationFailed(problems)
    if password:
        store_password(settings, password)
    put_setting(SETTING_KEY, asdict(settings), actor)
    return settings


def _keyring_failed(exc: Exception) -> MailError:
    return MailError(
        "keyring",
        QT_TRANSLATE_NOOP("Service", "系统钥匙串不可用（{reason}），无法读取或保存邮箱密码"),
        reason=str(exc) or type(exc).__name__,
    )


def store_password(settings: MailSettings, password: str) -> None:
    if not password.isascii():
        # SMTP logins (AUTH PLAIN/LOGIN in smtplib) carry ASCII only; mail providers' 授权码 are.
        raise ValidationFailed(
            [
                problem(
                    "password",
                    QT_TRANSLATE_NOOP("Problem", "邮箱密码（授权码）只能包含英文字母、数字和符号"),
                )
            ]
        )
    import keyring  # when a password is needed: 0.1 s off the app's start
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, settings.account, password)
    except keyring.errors.KeyringError as exc:
        raise _keyring_failed(exc) from exc


def has_password(settings: MailSettings) -> bool:
    import keyring  # when a password is needed: 0.1 s off the app's start
    import keyring.errors

    try:
        return keyring.get_password(KEYRING_SERVICE, settings.account) is not None
    except keyring.errors.KeyringError:
        return False


def read_password(settings: MailSettings) -> str:
    import keyring  # when a password is needed: 0.1 s off the app's start
    import keyring.errors

    try:
        password = keyring.get_password(KEYRING_SERVICE, settings.account)
    except keyring.errors.KeyringError as exc:
        raise _keyring_failed(exc) from exc
    if not isinstance(password, str):
        raise MailError(
            "no_password",
            QT_TRANSLATE_NOOP("Service", "还没有保存邮箱 {account} 的密码：请在“邮箱设置”中填写"),
            account=settings.account,
        )
    return password


def compose(
    settings: MailSettings,
    recipient: str,
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.from_address))
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.local_now())
    message["Message-ID"] = make_msgid(domain=settings.from_address.partition("@")[2] or None)
    message.set_content(body)
    for name, data in attachments:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        main, _, sub = kind.partition("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return message


def _reason(exc: BaseException) -> str:
    import smtplib  # loaded with the first e-mail, not with the window

    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {text}".strip()
    return str(exc) or type(exc).__name__


def send(settings: MailSettings, message: EmailMessage, password: str) -> None:
    """Deliver ``message`` over TLS, logging in first. Raises MailError naming the failure."""
    import smtplib  # loaded with the first e-mail, not with the window

    params = {"host": settings.host, "port": settings.port}
    try:
        context = ssl.create_default_context(cafile=settings.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise MailError(
            "settings",
            QT_TRANSLATE_NOOP("Service", "无法读取证书文件 {path}：{reason}"),
            path=settings.ca_file,
            reason=_reason(exc),
        ) from exc
    try:
        smtp: smtplib.SMTP
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with smtp:
            if settings.security == "starttls":
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        "tls",
                        QT_TRANSLATE_NOOP(
                            "Service",
                            "邮件服务器 {host}:{port} 不提供加密连接（STARTTLS）：为保护密码，"
                            "不会以明文发送；请检查加密方式和端口",
                        ),
                        **params,
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            smtp.login(settings.username, password)
            smtp.send_message(message)
    except MailError:
        raise
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise MailError(
            "tls",
            QT_TRANSLATE_NOOP(
                "Service",
                "与邮件服务器 {host}:{port} 建立加密连接失败（{reason}）：请检查加密方式（SSL 或 STARTTLS）和端口",
            ),
            reason=_reason(exc),
            **params,
        ) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            "auth",
            QT_TRANSLATE_NOOP(
                "Service", "邮件服务器拒绝登录（{reason}）：邮箱账号或密码（授权码）不对"
            ),
            reason=_reason(exc),
        ) from exc
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        raise MailError(
            "refused",
            QT_TRANSLATE_NOOP("Service", "邮件服务器拒收这封邮件（{reason}）：请检查收件地址"),
            reason=_reason(exc)
            if not isinstance(exc, smtplib.SMTPRecipientsRefused)
            else str(list(exc.recipients.values())),
        ) from exc
    except (TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected, OSError) as exc:
        raise MailError(
            "connect",
            QT_TRANSLATE_NOOP(
                "Service",
                "无法连接邮件服务器 {host}:{port}（{reason}）：请检查服务器地址、端口和网络",
            ),
            reason=_reason(exc),
            **params,
        ) from exc
    except smtplib.SMTPException as exc:
        raise MailError(
            "other", QT_TRANSLATE_NOOP("Service", "发送邮件失败：{reason}"), reason=_reason(exc)
        ) from exc
