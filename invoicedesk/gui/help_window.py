"""The help window (F1): a topic list, a search box and the topic, rendered from Markdown by
QTextBrowser; links between topics open in the same window.

F1 anywhere (the main window, any page, any dialog or wizard) opens the topic of what has the
focus: ``HelpController`` watches the application's key presses, walks up from the widget to the
first page or dialog named in ``help_topics.TOPIC_OF_WIDGET`` (a widget may also carry a
``helpTopic`` property), and on the main window itself takes the current page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.services import help_topics
from invoicedesk.services.help_topics import START, HelpIndex

TOPIC_ROLE = Qt.ItemDataRole.UserRole


def topic_for(widget: QWidget | None) -> str:
    """The help topic for ``widget``: its own, or that of the nearest page or dialog around it."""
    while widget is not None:
        own = widget.property("helpTopic")
        if isinstance(own, str) and own:
            return own
        name = widget.objectName()
        if name in help_topics.TOPIC_OF_WIDGET:
            return help_topics.TOPIC_OF_WIDGET[name]
        if name == "mainWindow":
            pages = widget.findChild(QTabWidget, "pages")
            current = pages.currentWidget() if pages is not None else None
            if current is not None and current.objectName() in help_topics.TOPIC_OF_WIDGET:
                return help_topics.TOPIC_OF_WIDGET[current.objectName()]
            return START
        widget = widget.parentWidget()
    return START


class HelpWindow(QWidget):
    """One window for all help; no parent, so a window-modal dialog does not block it."""

    def __init__(self, language: str, root: Path | None = None) -> None:
        super().__init__(None)
        self.setObjectName("helpWindow")
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(self.tr("发票台账助手 使用帮助"))
        self.index = HelpIndex(language, root)
        self.current_topic = ""
        self.history: list[str] = []

        self.search = QLineEdit(self)
        self.search.setObjectName("helpSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索帮助（中文或英文，如 红冲、backup）"))
        self.search.textChanged.connect(self.filter_topics)
        self.search.returnPressed.connect(self._open_first)
        self.list = QListWidget(self)
        self.list.setObjectName("helpTopics")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._picked)
        self.empty = QLabel(self.tr("没有找到相关主题。换个词试试，或清空搜索框查看全部主题。"))
        self.empty.setObjectName("helpNoMatch")
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.back_button = QPushButton(self.tr("← 返回"), self)
        self.back_button.setObjectName("helpBack")
        self.back_button.setToolTip(self.tr("回到上一个主题（Alt+←）"))
        self.back_button.clicked.connect(self.back)
        self.back_button.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Back, self, self.back)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        left = QWidget(self)
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.search)
        side.addWidget(self.list, 1)
        side.addWidget(self.empty)
        right = QWidget(self)
        main = QVBoxLayout(right)
        main.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        main.addLayout(bar)
        main.addWidget(self.browser, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 650])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(980, 680)
        self.filter_topics("")

    # ------------------------------------------------------------ topics

    def filter_topics(self, text: str) -> None:
        found = self.index.search(text)
        self.list.blockSignals(True)
        self.list.clear()
        for topic in found:
            title = self.index.topic(topic).title
            item = QListWidgetItem(title)
            item.setData(TOPIC_ROLE, topic)
            item.setToolTip(title)
            self.list.addItem(item)
            if topic == self.current_topic:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not found)

    def shown_topics(self) -> list[str]:
        return [self.list.item(i).data(TOPIC_ROLE) for i in range(self.list.count())]

    def _open_first(self) -> None:
        if self.list.count():
            self.show_topic(self.list.item(0).data(TOPIC_ROLE))

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_topic(item.data(TOPIC_ROLE))

    def show_topic(self, topic: str, remember: bool = True) -> None:
        if remember and self.current_topic and self.current_topic != topic:
            self.history.append(self.current_topic)
        self.back_button.setEnabled(bool(self.history))
        self.current_topic = topic
        found = self.index.topic(topic)
        if found.found:
            self.browser.setMarkdown(found.text)
        else:  # a damaged install: say which file is missing instead of an empty window
            self.browser.setPlainText(
                self.tr(
                    "找不到帮助主题“{topic}”的文件：\n{path}\n\n"
                    "安装可能不完整。请重新安装发票台账助手，或从左侧列表选择其他主题。"
                ).format(topic=topic, path=str(found.path))
            )
        self.setWindowTitle(self.tr("使用帮助 — {title}").format(title=found.title))
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        for row in range(self.list.count()):
            if self.list.item(row).data(TOPIC_ROLE) == topic:
                self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def follow(self, url: QUrl) -> None:
        target = help_topics.topic_from_link(url.toString())
        if target is None:
            if url.scheme() in ("http", "https", "mailto"):
                QDesktopServices.openUrl(url)
            return
        topic, anchor = target
        self.show_topic(topic)
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def back(self) -> None:
        if self.history:
            self.show_topic(self.history.pop(), remember=False)
        self.back_button.setEnabled(bool(self.history))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


class HelpController(QObject):
    """Opens the help window at the right topic on F1 from any window of the application."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.setObjectName("helpController")
        self.owner = owner
        self.window: HelpWindow | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
        ):
            window = watched.window()
            if window is self.window:
                return False
            if window is self.owner or _owned(window, self.owner):
                self.show_for(watched)
                return True
        return False

    def show_for(self, widget: QWidget | None) -> HelpWindow:
        return self.open(topic_for(widget))

    def open(self, topic: str) -> HelpWindow:
        from invoicedesk.gui.language import chosen_language

        if self.window is None:
            self.window = HelpWindow(chosen_language())
            self.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.window.destroyed.connect(self._gone)
        self.window.show_topic(topic)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def _gone(self) -> None:
        self.window = None

    def close_window(self) -> None:
        if self.window is not None:
            self.window.close()


def _owned(window: QWidget, owner: QWidget) -> bool:
    parent = window.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False
