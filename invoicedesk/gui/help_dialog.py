"""The help (F1): a short guide shipped inside the package, in the interface language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from invoicedesk.paths import resources_dir


def help_file(language: str) -> Path:
    """``resources/help/help_<language>.html``; the Chinese one when there is none for it."""
    folder = resources_dir() / "help"
    chosen = folder / f"help_{language}.html"
    return chosen if chosen.is_file() else folder / "help_zh_CN.html"


class HelpDialog(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("使用帮助"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(True)
        path = help_file(language)
        try:
            self.browser.setHtml(path.read_text(encoding="utf-8"))
        except OSError:  # a damaged install: say so instead of an empty window
            self.browser.setPlainText(
                self.tr("找不到帮助文件 {path}：安装不完整，请重新安装。").format(path=path)
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 600)
