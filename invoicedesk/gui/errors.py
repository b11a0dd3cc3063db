"""What the user sees when something goes wrong.

Known problems (a refused input, a locked or damaged database, a full disk, a missing file) are
shown as a plain message. Anything else is a bug: it is logged with its traceback and shown in an
error dialog by the exception hook, never a silent exit.
"""

from __future__ import annotations

import errno
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from peewee import DatabaseError, OperationalError
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from invoicedesk.core.i18n import aside
from invoicedesk.core.identifiers import IdentifierError
from invoicedesk.core.money import AmountError
from invoicedesk.core.rates import RateError
from invoicedesk.paths import log_file
from invoicedesk.services.errors import ServerUnreachable, ServiceError, ValidationFailed
from invoicedesk.services.ledger_db import StoreError, WriterBusy

log = logging.getLogger("invoicedesk")
_MAX_OPEN_DIALOGS = 3
_open_boxes: list[QMessageBox] = []


def setup_logging() -> Path | None:
    """Log to the per-user log file; returns its path (None when it cannot be written)."""
    if any(isinstance(h, logging.FileHandler) for h in log.handlers):
        return log_file()
    try:
        path = log_file()
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _os_error_text(exc: OSError) -> str:
    where = aside("", exc.filename) if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return QCoreApplication.translate("Errors", "磁盘空间已满，请清理磁盘后重试") + where
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            QCoreApplication.translate("Errors", "没有访问权限，请检查文件或文件夹的权限") + where
        )
    if exc.errno == errno.ENOENT:
        return QCoreApplication.translate("Errors", "找不到文件或文件夹") + where
    if exc.errno in (errno.EBUSY, errno.ETXTBSY):
        return (
            QCoreApplication.translate("Errors", "文件正被其他程序占用，请关闭该程序后重试") + where
        )
    return (
        QCoreApplication.translate("Errors", "文件操作失败：{reason}").format(
            reason=exc.strerror or exc
        )
        + where
    )


def _database_error_text(exc: DatabaseError) -> str | None:
    reason = str(exc).lower()
    if "locked" in reason or "busy" in reason:
        return QCoreApplication.translate(
            "Errors", "数据库正被其他程序或另一台电脑占用，请稍后重试"
        )
    if "disk is full" in reason or "database or disk is full" in reason:
        return QCoreApplication.translate("Errors", "磁盘空间已满，数据未能保存，请清理磁盘后重试")
    if "malformed" in reason or "not a database" in reason or "disk i/o" in reason:
        return QCoreApplication.translate(
            "Errors", "数据库文件已损坏或无法读取，请停止录入并从最近一次验证过的备份恢复"
        )
    if "readonly" in reason or "read-only" in reason:
        return QCoreApplication.translate("Errors", "数据库文件是只读的，无法保存，请检查文件权限")
    return None


def known_error_text(exc: BaseException) -> str | None:
    """A clear message for a known problem, or None for a bug."""
    if isinstance(exc, ValidationFailed):
        errors = [p for p in exc.problems if p.is_error] or exc.problems
        return "\n".join(p.text() for p in errors)
    if isinstance(
        exc, ServiceError | StoreError | WriterBusy | AmountError | RateError | IdentifierError
    ):
        return str(exc.message)
    if isinstance(exc, OSError):
        return _os_error_text(exc)
    if isinstance(exc, OperationalError | DatabaseError):
        return _database_error_text(exc)
    return None


def show_message(
    parent: QWidget | None,
    text: str,
    title: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """A non-blocking message box (window-modal over ``parent``)."""
    box = QMessageBox(
        icon,
        title or QCoreApplication.translate("Errors", "发票台账助手"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("messageBox")
    _keep_open(box)
    return box


def _keep_open(box: QMessageBox) -> None:
    """Show ``box`` without blocking; a box without a parent is kept until it is closed."""
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


def show_error(parent: object | None, exc: Exception) -> None:
    """Known problems as a message; anything else through the exception hook."""
    text = known_error_text(exc)
    if text is None:
        report_bug(exc)
        return
    if isinstance(exc, ServerUnreachable):  # the outbox's banner says it, once, not a box per read
        log.info("server unreachable: %s", text)
        return
    log.info("shown to the user: %s", text.replace("\n", " "))
    widget = parent if isinstance(parent, QWidget) else None
    show_message(widget, text, QCoreApplication.translate("Errors", "操作未完成"))


def report_bug(exc: BaseException) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)


def _excepthook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, value, tb)
        QCoreApplication.quit()
        return
    log.error("unexpected error", exc_info=(etype, value, tb))
    app = QApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        sys.__excepthook__(etype, value, tb)
        return
    if sum(box.objectName() == "bugDialog" for box in _open_boxes) >= _MAX_OPEN_DIALOGS:
        return  # an error storm: the log has every one
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Errors", "发生意外错误"),
        QCoreApplication.translate(
            "Errors",
            "程序遇到了意外错误，刚才的操作可能没有完成；已保存的数据不受影响。\n"
            "如果问题重复出现，请把日志文件交给技术支持：\n{path}",
        ).format(path=log_file()),
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.setObjectName("bugDialog")
    box.setDetailedText("".join(traceback.format_exception(etype, value, tb)))
    _keep_open(box)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    log.error(
        "unexpected error in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
    )


def install_excepthook() -> None:
    """Route unexpected exceptions to the log and an error dialog (never a silent exit)."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
