"""邮箱设置: the shop's own mailbox for sending invoices to customers.

The password (授权码) goes to the OS keyring, never into the database; leaving the field empty
keeps the one already saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_mail
from invoicedesk.services.case_mail import MailSettings
from invoicedesk.services.errors import ValidationFailed


class MailSettingsDialog(QDialog):
    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailSettings")
        self.setWindowTitle(self.tr("邮箱设置"))
        self.actor = actor
        self.host = QLineEdit()
        self.host.setObjectName("smtpHost")
        self.host.setPlaceholderText("smtp.example.com")
        self.port = QSpinBox()
        self.port.setObjectName("smtpPort")
        self.port.setRange(1, 65535)
        self.port.setValue(465)
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        self.security.addItem(self.tr("SSL（端口 465）"), "ssl")
        self.security.addItem(self.tr("STARTTLS（端口 587）"), "starttls")
        self.security.currentIndexChanged.connect(self._default_port)
        self.username = QLineEdit()
        self.username.setObjectName("smtpUser")
        self.password = QLineEdit()
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("授权码；留空则保留已保存的"))
        self.sender_name = QLineEdit()
        self.sender_name.setObjectName("senderName")
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("caFile")
        self.ca_file.setPlaceholderText(self.tr("自建邮件服务器的证书（一般不用填）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        self.status = QLabel()
        self.status.setObjectName("mailStatus")
        self.status.setWordWrap(True)
        save = QPushButton(self.tr("保存"))
        save.setObjectName("saveMail")
        save.setDefault(True)
        save.clicked.connect(self.save)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("发信服务器"), self.host)
        form.addRow(self.tr("加密方式"), self.security)
        form.addRow(self.tr("端口"), self.port)
        form.addRow(self.tr("邮箱账号"), self.username)
        form.addRow(self.tr("密码（授权码）"), self.password)
        form.addRow(self.tr("发件人名称"), self.sender_name)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form.addRow(self.tr("证书"), ca_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("密码保存在系统钥匙串中，不写入数据库。")))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(520, 380)
        DbOp(self, lambda: (case_mail.get_mail_settings(), None)).success(
            lambda pair: self._fill(pair[0])
        ).run()

    def _default_port(self) -> None:
        if self.port.value() in (465, 587):
            self.port.setValue(465 if self.security.currentData() == "ssl" else 587)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择证书"), "", "PEM (*.pem *.crt)")
        if path:
            self.ca_file.setText(path)

    def _fill(self, settings: MailSettings) -> None:
        if not settings.host:
            return
        self.host.setText(settings.host)
        self.security.setCurrentIndex(max(0, self.security.findData(settings.security)))
        self.port.setValue(settings.port)
        self.username.setText(settings.username)
        self.sender_name.setText(settings.sender_name)
        self.ca_file.setText(settings.ca_file)

    def settings(self) -> MailSettings:
        return MailSettings(
            host=self.host.text(),
            port=self.port.value(),
            security=str(self.security.currentData()),
            username=self.username.text(),
            sender_name=self.sender_name.text(),
            ca_file=self.ca_file.text(),
        )

    def save(self) -> None:
        settings, password, actor = self.settings(), self.password.text(), self.actor
        DbOp(
            self,
            lambda: case_mail.set_mail_settings(settings, actor, password=password or None),
        ).success(lambda _s: self.accept()).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationFailed):
            self.status.setText("\n".join(p.text() for p in exc.problems))
            self.status.setStyleSheet("color:#c62828")
        elif isinstance(exc, case_mail.MailError):
            self.status.setText(str(exc.message))
            self.status.setStyleSheet("color:#c62828")
        else:
            show_error(self, exc)
