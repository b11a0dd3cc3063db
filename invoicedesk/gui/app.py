"""Starting the GUI: application, Chinese font, translations, the database worker, the window."""

from __future__ import annotations

import logging
import os
import platform
import sys

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from invoicedesk import APP_NAME, ORG_NAME
from invoicedesk.core.i18n import install_translator
from invoicedesk.gui import errors
from invoicedesk.gui.worker import DbOp, DbWorker, set_worker
from invoicedesk.paths import current_user, default_database, font_path, resources_dir
from invoicedesk.store.database import StoreError, open_database, redact

log = logging.getLogger("invoicedesk.gui")
FONT_FAMILY = "Noto Sans SC"
LANGUAGES = ("zh_CN", "en")


def chosen_language() -> str:
    """``INVOICEDESK_LANG``, else the "language" setting, else Simplified Chinese."""
    value = os.environ.get("INVOICEDESK_LANG") or QSettings().value("language", "zh_CN")
    return "en" if str(value).lower().startswith("en") else "zh_CN"


def install_font(app: QApplication) -> str | None:
    """Register the bundled Chinese font and make it the fallback for every widget."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    if font_id < 0:
        log.warning("could not load the bundled font %s", font_path())
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[0] if families else FONT_FAMILY
    font = app.font()
    if family not in font.families():
        font.setFamilies([font.family(), family])
        app.setFont(font)
    return family


_installed: list[QTranslator] = []


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Qt's own Chinese for standard buttons, or our English; core messages go through Qt too.

    Replaces the translators a previous call installed.
    """
    while _installed:
        app.removeTranslator(_installed.pop())
    installed = _installed
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        ours = QTranslator(app)
        qm = resources_dir() / "translations" / "invoicedesk_en.qm"
        if ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("could not load %s", qm)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    install_translator(QCoreApplication.translate)
    return list(installed)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, font and translations set (reused if one exists)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    install_font(app)
    install_translations(app, chosen_language())
    app.setApplicationDisplayName(QCoreApplication.translate("App", "发票台账助手"))
    return app


def qt_bindings_sound() -> bool:
    """False when the Qt bindings lose references to None on each call (crashing within seconds).

    PySide6 6.12.0's stable-ABI wheels do so on Python 3.11, where None, True and False are not
    yet immortal: every call of a method that returns nothing releases one more reference to None
    until Python aborts ("deallocating None"). Probing is cheaper than a crash mid-entry.
    """
    if sys.version_info >= (3, 12):
        return True
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) > before - 32


def _open(target: str, actor: str) -> None:
    open_database(target, actor=actor)  # on the worker thread: its connection is the worker's


def _open_failed_text(target: str, exc: Exception) -> str:
    if isinstance(exc, StoreError):
        return str(exc.message)
    known = errors.known_error_text(exc)
    if known is None:
        log.error("could not open %s", redact(target), exc_info=exc)
    detail = str(exc).strip()
    reason = known or (detail.splitlines()[0] if detail else type(exc).__name__)
    return QCoreApplication.translate("App", "无法打开数据库 {target}：{reason}").format(
        target=redact(target), reason=reason
    )


def run_gui(db: str | None, user: str | None) -> int:
    """Start the desktop app; returns the process exit code."""
    app = make_application()
    errors.setup_logging()
    errors.install_excepthook()
    if not qt_bindings_sound():
        text = QCoreApplication.translate(
            "App",
            "当前安装的 PySide6 {version} 与 Python {python} 不兼容，程序会很快崩溃。"
            "请安装 PySide6 6.11 版（或使用 Python 3.12 以上）。",
        ).format(version=PySide6.__version__, python=platform.python_version())
        log.error("unsound Qt bindings: PySide6 %s", PySide6.__version__)
        print(text, file=sys.stderr)
        return 3
    target = db or default_database()
    actor = user or current_user()
    worker = DbWorker()
    worker.start()
    set_worker(worker)
    app.aboutToQuit.connect(worker.stop)
    windows: list[object] = []

    def opened(_: None) -> None:
        from invoicedesk.gui.main_window import MainWindow

        window = MainWindow(redact(target), actor)
        window.show()
        windows.append(window)

    def failed(exc: Exception) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "无法打开数据库"),
            _open_failed_text(target, exc),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("openFailed")
        box.finished.connect(lambda _result: app.exit(2))
        windows.append(box)
        box.open()

    DbOp(None, lambda: _open(target, actor)).success(opened).failure(failed).run()
    code = app.exec()
    worker.stop()
    set_worker(None)
    return code
