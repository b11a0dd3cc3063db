"""Starting the GUI: application, Chinese font, translations, the database worker, the window."""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Iterator
from pathlib import Path

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QLockFile,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from invoicedesk import APP_NAME, ORG_NAME
from invoicedesk.core.i18n import install_translator
from invoicedesk.gui.language import chosen_language
from invoicedesk.paths import current_user, default_database, font_path, resources_dir

# The database layer, the worker and the error dialogs (peewee and the services' errors, about a
# tenth of a second of imports) load after the splash is on screen: see run_gui.

log = logging.getLogger("invoicedesk.gui")
FONT_FAMILY = "Noto Sans SC"
LANGUAGES = ("zh_CN", "en")
# Loaded when first needed (a PDF, a workbook, an e-mail), never for the first ledger page.
HEAVY_MODULES = (
    "reportlab",
    "openpyxl",
    "xlsxwriter",
    "keyring",
    "smtplib",
    "PySide6.QtPdf",
    "hypothesis",
)


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


def app_icon() -> QIcon:
    """The window icon from the packaged PNGs (no SVG plugin needed)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resources_dir() / "icons" / f"invoicedesk-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, font and translations set (reused if one exists)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName("invoicedesk")  # the desktop entry, for docks and Wayland
    app.setWindowIcon(app_icon())
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


def _open(target: str, actor: str) -> object:
    """On the worker thread (its connection is the worker's): checked, migrated or read-only."""
    from invoicedesk.services.startup import open_checked

    # The weekly full check runs once the window is open (features/backups.py). A server that
    # does not answer opens the window offline: the counter saves into the outbox meanwhile.
    return open_checked(target, actor, full_in_background=True, offline_ok=True)


def instance_lock(target: str) -> QLockFile | None:
    """One app per SQLite file: a second one gets a message instead of a lock-up.

    Returns the held lock, or None when another live process holds it. PostgreSQL is shared by
    design (several counters): no lock.
    """
    from invoicedesk.services.ledger_db import is_postgres_url

    if is_postgres_url(target):
        return QLockFile(os.devnull)
    path = Path(target).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    lock.setStaleLockTime(0)  # only a dead owner's lock is stale (checked by pid)
    if lock.tryLock(300):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError and lock.removeStaleLockFile():
        return lock if lock.tryLock(300) else None
    return None


def _already_running_text(target: str) -> str:
    from invoicedesk.services.ledger_db import redact

    path = Path(target).expanduser()
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    info = lock.getLockInfo()
    pid = info[1] if isinstance(info, tuple) and len(info) > 1 else "?"
    host = info[2] if isinstance(info, tuple) and len(info) > 2 else "?"
    return QCoreApplication.translate(
        "App",
        "这个数据库已经在另一个发票台账助手窗口中打开（进程 {pid}，电脑 {host}）。\n"
        "请切换到那个窗口；同一个数据库文件同时只能打开一次，以免数据冲突。\n\n{target}",
    ).format(pid=pid, host=host, target=redact(target))


def _open_failed_text(target: str, exc: Exception) -> str:
    from invoicedesk.gui import errors
    from invoicedesk.services.ledger_db import StoreError, redact

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
    from invoicedesk.gui.splash import StartSplash

    # First of all, within a few hundred milliseconds: a splash with a progress line, while the
    # worker checks the database (seconds on a million invoices) and the window's modules load.
    splash: StartSplash | None = StartSplash(app.windowIcon())
    splash.show_now()  # type: ignore[union-attr]
    moments: dict[str, float] = {"splash": splash.first_paint or 0.0}  # type: ignore[union-attr]
    facts: dict[str, object] = {"splash_cpu_s": splash.first_paint_cpu}  # type: ignore[union-attr]

    def close_splash() -> None:
        nonlocal splash
        if splash is not None:
            splash.finish_start()
            splash = None

    from invoicedesk.gui import errors
    from invoicedesk.gui.worker import DbOp, DbWorker, set_worker
    from invoicedesk.services.ledger_db import StoreError, is_postgres_url, redact

    errors.setup_logging()
    errors.install_excepthook()
    if not qt_bindings_sound():
        close_splash()
        text = QCoreApplication.translate(
            "App",
            "当前安装的 PySide6 {version} 与 Python {python} 不兼容，程序会很快崩溃。"
            "请安装 PySide6 6.11 版（或使用 Python 3.12 以上）。",
        ).format(version=PySide6.__version__, python=platform.python_version())
        log.error("unsound Qt bindings: PySide6 %s", PySide6.__version__)
        print(text, file=sys.stderr)
        return 3
    from invoicedesk.gui.ledger_location import current_location

    # A PostgreSQL restore switched to a NEW database: open that one (--db names the original).
    target = current_location(db or default_database())
    actor = user or current_user()
    lock = instance_lock(target)
    if lock is None:
        close_splash()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("App", "发票台账助手已在运行"),
            _already_running_text(target),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("alreadyRunning")
        box.exec()
        return 1
    from invoicedesk.gui.features import backups as backup_feature
    from invoicedesk.gui.features import maintenance as maintenance_feature
    from invoicedesk.gui.garbage_collector import GarbageCollector

    GarbageCollector(app)  # before the worker runs Python beside the GUI thread
    worker = DbWorker()
    worker.start()
    set_worker(worker)

    def quitting() -> None:
        backup_feature.backup_on_exit(worker, actor)
        maintenance_feature.maintain_on_exit(worker, actor)
        worker.stop(timeout_ms=600_000)

    app.aboutToQuit.connect(quitting)
    windows: list[object] = []

    def opened(report: object) -> None:
        from invoicedesk.gui.accounts_ui import sign_in_first
        from invoicedesk.gui.ledger_location import remember_switch

        nonlocal target
        moved = str(getattr(report, "moved_to", "") or "")
        if moved:  # a restore at another counter replaced this ledger: it is where work goes now
            remember_switch(target, moved)
            target = moved

        if getattr(report, "offline", False):  # no accounts to read: sign-in once it answers
            show_window(report, None)
            return
        # With two or more accounts, someone signs in before the window reads anything.
        sign_in_first(
            lambda person: show_window(report, person),
            lambda: app.exit(0),
            windows,
            showing=close_splash,
        )

    def show_window(report: object, person: object) -> None:
        import time

        from invoicedesk.gui.main_window import MainWindow

        moments.setdefault("checked", time.monotonic())
        if splash is not None:
            # How the GUI thread kept up while the database was checked (splash ticks).
            facts.setdefault("splash_ticks_while_checking", splash.ticks)
            facts.setdefault("longest_gap_while_checking_s", round(splash.longest_gap, 3))
            splash.set_step(QCoreApplication.translate("Splash", "正在打开主窗口…"))
            splash.repaint()
        backup_feature.set_startup(target, report)  # type: ignore[arg-type]
        window = MainWindow(redact(target), getattr(person, "name", actor))
        worker.watch(target)  # what other counters and programs commit reaches every page
        window.show()
        close_splash()
        windows.append(window)
        _report_first_page(window, app, moments, facts)

    def failed(exc: Exception) -> None:
        close_splash()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "无法打开数据库"),
            _open_failed_text(target, exc),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("openFailed")
        restore = None
        if isinstance(exc, StoreError) and not is_postgres_url(target):
            restore = box.addButton(
                QCoreApplication.translate("App", "从备份恢复…"), QMessageBox.ButtonRole.ActionRole
            )
        windows.append(box)

        def finished(_result: int) -> None:
            if restore is not None and box.clickedButton() is restore:
                _restore_without_ledger(target, actor, windows, reopen)
            else:
                app.exit(2)

        box.finished.connect(finished)
        box.open()

    def reopen() -> None:
        DbOp(None, lambda: _open(target, actor)).success(opened).failure(failed).run()

    reopen()
    # The window's modules load inside the event loop, one per turn, so that the splash is
    # mapped, painted and ticking meanwhile; the database's answer may open the window first.
    QTimer.singleShot(0, _import_window)
    code = app.exec()
    worker.stop()
    set_worker(None)
    lock.unlock()
    return code


def _import_window(steps: Iterator[object] | None = None) -> None:
    """Import the main window and its features now, while the worker checks the database
    (SQLite's quick_check releases the GIL): the start overlaps both instead of waiting twice.
    One module per turn of the event loop, which paints the splash in between."""
    steps = _window_modules() if steps is None else steps
    if next(steps, None) is not None:
        QTimer.singleShot(0, lambda: _import_window(steps))


def _window_modules() -> Iterator[object]:
    """The main window's modules, one per step: first the larger ones it and its features import,
    leaves first, so that no single turn keeps the splash from ticking for long (importing the
    window at once took 0.4-0.7 s on a loaded machine); then the window and each of its
    FEATURE_UI. Plain imports, so that the import graph and PyInstaller see them."""
    from invoicedesk.gui import errors

    yield errors
    from invoicedesk.services import dto

    yield dto
    from invoicedesk.gui import worker

    yield worker
    from invoicedesk.services import invoices

    yield invoices
    from invoicedesk.gui import lines_table

    yield lines_table
    from invoicedesk.services import requests

    yield requests
    from invoicedesk.gui import invoice_form

    yield invoice_form
    from invoicedesk.gui import ledger_page

    yield ledger_page
    from invoicedesk.services import backup_runs

    yield backup_runs
    from invoicedesk.services import backup_restore

    yield backup_restore
    from invoicedesk.services import cases

    yield cases
    from invoicedesk.services import case_handling

    yield case_handling
    from invoicedesk.gui import case_panels

    yield case_panels
    from invoicedesk.services import reconcile_import

    yield reconcile_import
    from invoicedesk.services import reconcile_matching

    yield reconcile_matching
    from invoicedesk.services import reconcile_differences

    yield reconcile_differences
    from invoicedesk.services import reconcile

    yield reconcile
    from invoicedesk.services import incident_views

    yield incident_views
    from invoicedesk.services import incident_contacts

    yield incident_contacts
    from invoicedesk.services import incidents

    yield incidents
    from invoicedesk.services import incident_register

    yield incident_register
    from invoicedesk.services import month_end

    yield month_end
    from invoicedesk.gui import main_window

    yield main_window
    for feature in main_window.FEATURE_UI:
        yield feature.load()


def _report_first_page(
    window: object,
    app: QApplication,
    moments: dict[str, float] | None = None,
    facts: dict[str, object] | None = None,
) -> None:
    """Log when the first ledger page is on screen (seconds since the process started). With
    ``INVOICEDESK_START_PROBE=FILE`` also write that moment to FILE and quit: the start benchmark
    (tests/perf/bench_start.py) measures a real start that way. Durations only: monotonic clocks.
    """
    import json
    import time

    model = window.ledger.model  # type: ignore[attr-defined]
    probe = os.environ.get("INVOICEDESK_START_PROBE")

    def shown() -> None:
        model.reloaded.disconnect(shown)
        app.processEvents()  # the rows are painted
        since_start = _since_process_start()
        now = time.monotonic()
        # Earlier moments (the splash's first paint, the database checked) as seconds since the
        # process started: the same monotonic clock, counted back from now.
        earlier = {
            f"{name}_since_start": round(since_start - (now - at), 4)
            for name, at in (moments or {}).items()
            if at
        }
        log.info("first ledger page after %.2f s (%s)", since_start, earlier)
        if probe:
            report = {
                "monotonic": now,  # system-wide on Linux: the parent compares
                "since_start": since_start,
                "rows": model.rowCount(),
                **{f"{name}_monotonic": at for name, at in (moments or {}).items()},
                **earlier,
                "heavy_modules": sorted(m for m in HEAVY_MODULES if m in sys.modules),
                **(facts or {}),
            }
            Path(probe).write_text(json.dumps(report), encoding="utf-8")
            app.quit()

    model.reloaded.connect(shown)


def _since_process_start() -> float:
    """Seconds since this process started (Linux: /proc and the boot-time clock), else since
    Python started counting CPU time (a lower bound)."""
    import time

    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.process_time()


def _restore_without_ledger(
    target: str, actor: str, windows: list[object], reopen: object
) -> QWidget:
    """The file cannot be opened at all: restore from a folder the user picks, then open.

    The restore (in the dialog) and the switch (the damaged file, its WAL and attachments moved
    aside, the restored ones put in place: seconds on a slow or network disk) run on the database
    worker; a busy dialog shows meanwhile, and ``reopen`` then opens the restored file as a start
    does. Returns the restore dialog."""
    from PySide6.QtWidgets import QProgressDialog

    from invoicedesk.gui.errors import show_error
    from invoicedesk.gui.restore_dialog import RestoreDialog, known_folders
    from invoicedesk.gui.worker import DbOp
    from invoicedesk.services.backup_restore import switch_database

    dialog = RestoreDialog(target, actor, None, ledger_open=False)
    windows.append(dialog)

    def switch(restored: str, _view: object) -> None:
        progress = QProgressDialog(
            QCoreApplication.translate("App", "正在切换到恢复的数据库…"), "", 0, 0
        )
        progress.setObjectName("switchProgress")
        progress.setWindowTitle(QCoreApplication.translate("App", "从备份恢复"))
        progress.setCancelButton(None)  # files half moved cannot be left: no cancel
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.show()
        windows.append(progress)

        def done(_aside: Path) -> None:
            progress.close()
            reopen()  # type: ignore[operator]

        def failed(exc: Exception) -> None:
            progress.close()
            show_error(None, exc)
            dialog.show()  # another snapshot, or close it to quit

        DbOp(progress, lambda: switch_database(Path(target).expanduser(), Path(restored))).success(
            done
        ).failure(failed).run()

    dialog.switch_requested.connect(switch)
    dialog.rejected.connect(lambda: QApplication.instance().exit(2))  # type: ignore[union-attr]
    dialog.show()
    if known_folders():
        dialog.load()
    return dialog
