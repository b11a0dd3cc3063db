"""The main window: pages in tabs (the ledger first), banners above them, totals below.

Features add themselves: each module listed in FEATURE_UI has ``install(window)`` (FeatureUi), which
adds its pages, banners (e.g. outage mode, backup warnings) and menu actions through the methods
below, so this window stays small as features arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk import __version__
from invoicedesk.core.registry import Feature
from invoicedesk.gui.errors import show_message
from invoicedesk.gui.help_window import HelpController, HelpWindow
from invoicedesk.gui.invoice_form import InvoiceForm
from invoicedesk.gui.ledger_page import LedgerPage
from invoicedesk.paths import short_location

GEOMETRY_KEY = "main/geometry"
STATE_KEY = "main/state"
FORM_GEOMETRY_KEY = "form/geometry"


class FeatureUi(Protocol):
    """What a feature module offers the window."""

    def install(self, window: MainWindow, /) -> None: ...


# Each a plain import deferred to the window's construction (app.py loads them one per turn of
# the event loop while the start splash shows).
def _counter() -> FeatureUi:
    from invoicedesk.gui.features import counter

    return counter


def _outbox() -> FeatureUi:
    from invoicedesk.gui.features import outbox

    return outbox


def _verification() -> FeatureUi:
    from invoicedesk.gui.features import verification

    return verification


def _incidents() -> FeatureUi:
    from invoicedesk.gui.features import incidents

    return incidents


def _backups() -> FeatureUi:
    from invoicedesk.gui.features import backups

    return backups


def _maintenance() -> FeatureUi:
    from invoicedesk.gui.features import maintenance

    return maintenance


def _month_end() -> FeatureUi:
    from invoicedesk.gui.features import month_end

    return month_end


def _cases() -> FeatureUi:
    from invoicedesk.gui.features import cases

    return cases


def _first_start() -> FeatureUi:
    from invoicedesk.gui.features import first_start

    return first_start


def _practice() -> FeatureUi:
    from invoicedesk.gui.features import practice

    return practice


def _audit() -> FeatureUi:
    from invoicedesk.gui.features import audit

    return audit


def _accounts_ui() -> FeatureUi:
    from invoicedesk.gui import accounts_ui

    return accounts_ui


FEATURE_UI: tuple[Feature[FeatureUi], ...] = (
    Feature("counter", _counter),
    Feature("outbox", _outbox),  # after the counter: it listens to its form
    Feature("verification", _verification),
    Feature("incidents", _incidents),
    Feature("backups", _backups),
    Feature("maintenance", _maintenance),
    Feature("month_end", _month_end),
    Feature("cases", _cases),
    Feature("first_start", _first_start),
    Feature("practice", _practice),
    Feature("audit", _audit),
    Feature("accounts_ui", _accounts_ui),
)


class BannerArea(QWidget):
    """The banners above the pages: all of them when one shows, else the first and a count.

    Features show and hide their banners as they like; the area wraps each in a holder of its
    own, so that collapsing hides the holder and never touches the feature's choice. Several
    banners stacked would push the status bar off a 768-pixel screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerArea")
        self.expanded = False
        self._banners: list[QWidget] = []
        self._holders: list[QWidget] = []
        self.stack = QVBoxLayout()
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.stack.setSpacing(0)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("bannerToggle")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toggle.clicked.connect(self._toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.stack, 1)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self._update()

    def add(self, banner: QWidget, *, first: bool = False) -> None:
        """``first``: before the others, for what must never be folded away (practice mode)."""
        holder = QWidget(self)
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(banner)
        at = 0 if first else len(self._banners)
        self.stack.insertWidget(at, holder)
        self._banners.insert(at, banner)
        self._holders.insert(at, holder)
        banner.installEventFilter(self)
        self._update()

    def shown(self) -> list[QWidget]:
        """The banners their features want in sight, first added first."""
        return [b for b in self._banners if not b.isHidden()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self._update()
        return False

    def _toggle(self) -> None:
        self.expanded = not self.expanded
        self._update()

    def _update(self) -> None:
        shown = self.shown()
        if len(shown) < 2:
            self.expanded = False
        first = shown[0] if shown else None
        for banner, holder in zip(self._banners, self._holders, strict=True):
            holder.setVisible(banner is first or (self.expanded and banner in shown))
        more = len(shown) - 1
        self.toggle.setVisible(more > 0)
        if self.expanded:
            self.toggle.setText(self.tr("收起提醒"))
        else:
            self.toggle.setText(self.tr("另有 {n} 条提醒…").format(n=more))
        self.toggle.setToolTip(self.tr("展开或收起其余提醒"))
        self.setVisible(first is not None)


class MainWindow(QMainWindow):
    def __init__(self, db_label: str, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("发票台账助手"))
        self.actor = actor
        self.form: InvoiceForm | None = None
        self._quit_confirmed = False
        self.ledger = LedgerPage(self)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.ledger, self.tr("台账"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner_area = BannerArea(central)
        self.banners = self.banner_area.stack
        layout.addWidget(self.banner_area)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._menus: dict[str, QMenu] = {}
        self._record_opener: Callable[[], InvoiceForm] | None = None
        self.counter: QWidget | None = None  # the counter page, once its feature installs it

        self.summary = QLabel(self.tr("正在读取台账…"))
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        # The file's name only (the whole path in the tooltip): the ledger's totals beside it need
        # the width on a 1366-pixel screen, and a long folder path cut them off.
        self.database = QLabel(self)
        self.database.setObjectName("databasePath")
        self.set_location(db_label)
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.database)
        self.ledger.summary_changed.connect(self.summary.setText)

        self.help = HelpController(self)
        self._make_actions()
        for feature in FEATURE_UI:
            feature.load().install(self)
        self._restore()

    # ------------------------------------------------------------ for features

    def set_location(self, db_label: str) -> None:
        """Where the ledger is (a restore on PostgreSQL switches to another database)."""
        self.database.setText(self.tr("数据库：{path}").format(path=short_location(db_label)))
        self.database.setToolTip(db_label)

    def add_page(self, page: QWidget, title: str) -> None:
        self.pages.addTab(page, title)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def add_banner(self, banner: QWidget, *, first: bool = False) -> None:
        """A strip above the pages for what must stay in sight (outage mode, overdue backups);
        ``first`` puts it before the others (only one banner shows when several are up)."""
        self.banner_area.add(banner, first=first)

    def menu(self, key: str, title: str) -> QMenu:
        """A top-level menu, created once and shared by the features that use ``key``."""
        if key not in self._menus:
            menu = QMenu(title, self)
            self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
            self._menus[key] = menu
        return self._menus[key]

    def _make_actions(self) -> None:
        self.record_action = QAction(self.tr("登记发票"), self)
        self.record_action.setObjectName("recordAction")
        self.record_action.setShortcut(QKeySequence.StandardKey.New)
        self.record_action.setToolTip(self.tr("登记一张已开具的发票（Ctrl+N）"))
        self.record_action.triggered.connect(self.open_form)
        self.refresh_action = QAction(self.tr("刷新"), self)
        self.refresh_action.setObjectName("refreshAction")
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setToolTip(self.tr("重新读取台账（F5）"))
        self.refresh_action.triggered.connect(self.ledger.refresh)
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        quit_action.triggered.connect(self.close)

        toolbar = QToolBar(self.tr("工具栏"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.record_action)
        toolbar.addAction(self.refresh_action)
        self.addToolBar(toolbar)

        menu = self.menuBar().addMenu(self.tr("发票(&I)"))
        menu.addAction(self.record_action)
        menu.addAction(self.refresh_action)
        menu.addSeparator()
        menu.addAction(quit_action)

        settings_menu = self.menuBar().addMenu(self.tr("设置(&S)"))
        language_menu = settings_menu.addMenu(self.tr("界面语言"))
        group = QActionGroup(self)
        current = str(QSettings().value("language", "zh_CN"))
        for code, label in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(current == code)
            action.triggered.connect(lambda _checked=False, c=code: self._set_language(c))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = self._help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.help_menu = help_menu
        guide = QAction(self.tr("使用帮助"), self)
        guide.setObjectName("helpAction")
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self.show_help)
        help_menu.addAction(guide)
        about = QAction(self.tr("关于发票台账助手"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # ------------------------------------------------------------ actions

    def route_record(self, opener: Callable[[], InvoiceForm]) -> None:
        """Let a feature (the counter page) take over "登记发票" (Ctrl+N)."""
        self._record_opener = opener

    def open_form(self) -> InvoiceForm:
        """Show the invoice form (one window, reused), ready for the number."""
        if self._record_opener is not None:
            return self._record_opener()
        if self.form is None:
            self.form = InvoiceForm(self.actor, self)
            self.form.setWindowFlag(Qt.WindowType.Window)
            self.form.saved.connect(self._invoice_saved)
            geometry = QSettings().value(FORM_GEOMETRY_KEY)
            if not (isinstance(geometry, QByteArray) and self.form.restoreGeometry(geometry)):
                self.form.resize(960, 640)
        self.form.show()
        self.form.raise_()
        self.form.activateWindow()
        self.form.focus_first()
        return self.form

    def _invoice_saved(self, invoice_id: int) -> None:
        # The ledger redraws on the worker's change notice (gui/worker.py).
        self.statusBar().showMessage(self.tr("已登记一张发票"), 5000)

    def _set_language(self, code: str) -> None:
        QSettings().setValue("language", code)
        show_message(
            self,
            self.tr("界面语言将在重新启动发票台账助手后生效。"),
            self.tr("界面语言"),
            QMessageBox.Icon.Information,
        )

    def show_help(self) -> HelpWindow:
        """The help at the topic of what has the focus (F1 from any window: see help_window)."""
        focus = QApplication.focusWidget()
        return self.help.show_for(focus if focus is not None else self)

    def _about(self) -> None:
        show_message(
            self,
            self.tr(
                "发票台账助手 {version}\n\n本店已开具发票的台账。正式发票请在电子发票服务平台开具。"
            ).format(version=__version__),
            self.tr("关于发票台账助手"),
            QMessageBox.Icon.Information,
        )

    # ------------------------------------------------------------ settings

    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1280, 720)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        self.ledger.save_state()
        if self.form is not None:
            settings.setValue(FORM_GEOMETRY_KEY, self.form.saveGeometry())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quit_confirmed and self.form is not None and self.form.is_dirty():
            event.ignore()
            self._confirm_quit(self.open_form())
            return
        self.save_settings()
        self.help.close_window()
        super().closeEvent(event)

    def _confirm_quit(self, form: InvoiceForm) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("退出"),
            self.tr("登记发票窗口里还有没保存的内容，确定要退出吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            form,
        )
        box.setObjectName("confirmQuit")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def finished() -> None:
            if box.clickedButton() is yes:
                self._quit_confirmed = True
                self.close()

        box.finished.connect(finished)
        box.open()
