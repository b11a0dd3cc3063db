"""The self-test's Qt checks: the platform plugin, the bundled font rendering Chinese, the
translations, and the month PDF's text read back with QtPdf.

Imported only after ``preflight`` found that Qt can load. The checks go through the same
functions the app starts with (``install_font``, ``install_translations``).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, qVersion
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication

from invoicedesk.gui.app import install_font, install_translations
from invoicedesk.gui.preflight import Platform, plugin_problem
from invoicedesk.paths import font_path
from invoicedesk.services.selftest import PROBE_TEXT, Failed, check_pdf_font, translations_file

PIXELS = 40


def start_application(platform: Platform) -> tuple[QApplication, str]:
    """The application on ``platform``; returns it and what to report (the plugin in use)."""
    if platform.name and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = platform.name
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["invoicedesk", "--selftest"])
    detail = f"Qt {qVersion()}，平台插件 {QGuiApplication.platformName()} 已加载"
    if platform.note:
        detail += f"（{platform.note}）"
    return app, detail


def running_application() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def check_platform(platform: Platform) -> str:
    """Start Qt; without a display the xcb plugin's libraries are still loaded and checked."""
    problem = None if platform.display else plugin_problem("xcb")
    _app, detail = start_application(platform)
    if platform.problem:
        raise Failed(f"{platform.problem}；{detail}")
    if problem:
        raise Failed(f"{detail}；但接上显示器时将无法打开窗口：{problem}")
    return detail


def _draw(text: str, family: str) -> QImage:
    image = QImage(QSize(PIXELS * (len(text) + 1), PIXELS * 2), QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(family)
    font.setPixelSize(PIXELS)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(PIXELS // 2, int(PIXELS * 1.4), text)
    painter.end()
    return image


def _ink(image: QImage, column: int) -> int:
    """Dark pixels in the glyph cell ``column`` (one em wide)."""
    dark = 0
    for x in range(PIXELS // 2 + column * PIXELS, PIXELS // 2 + (column + 1) * PIXELS):
        for y in range(image.height()):
            if image.pixelColor(x, y).lightness() < 128:
                dark += 1
    return dark


def check_font(app: QApplication) -> str:
    """The bundled font, not just its file: each probe character has its own glyph, a full em
    wide, and draws ink; the PDF side (reportlab) embeds the same file."""
    path = font_path()
    if not path.is_file():
        raise Failed(f"缺少字体文件 {path}：安装不完整，请重新安装")
    family = install_font(app)
    if family is None:
        raise Failed(f"Qt 无法加载字体文件 {path}")
    raw = QRawFont(str(path), PIXELS)
    if not raw.isValid():
        raise Failed(f"Qt 无法读取字体文件 {path}")
    glyphs = raw.glyphIndexesForString(PROBE_TEXT)
    if len(glyphs) != len(PROBE_TEXT) or 0 in glyphs or len(set(glyphs)) != len(glyphs):
        raise Failed(f"字体中缺少汉字字形（{PROBE_TEXT}）")
    widths = [round(p.x(), 1) for p in raw.advancesForGlyphIndexes(glyphs)]
    if any(abs(w - PIXELS) > 1 for w in widths):
        raise Failed(f"汉字字形宽度异常：{widths}（应为 {PIXELS} 像素）")
    image = _draw(PROBE_TEXT, family)
    ink = [_ink(image, i) for i in range(len(PROBE_TEXT))]
    if min(ink) < PIXELS:  # an empty cell: the character was not drawn
        raise Failed(f"汉字没有画出来（各字墨迹像素 {ink}）")
    pdf = check_pdf_font()
    return f"{family}：{PROBE_TEXT} 每字宽 {widths[0]:g} 像素，已绘出；PDF 字体 {pdf}"


def check_translations(app: QApplication) -> str:
    """Our English loads and translates; Qt's own Chinese (standard buttons) loads."""
    translations_file()
    try:
        install_translations(app, "en")
        english = QCoreApplication.translate("App", "发票台账助手")
        if english != "InvoiceDesk":
            raise Failed(f"英文翻译没有生效（“发票台账助手”→“{english}”）")
        chinese = install_translations(app, "zh_CN")
        if not chinese:
            raise Failed("找不到 Qt 自带的中文翻译 qtbase_zh_CN.qm：安装不完整")
    finally:
        install_translations(app, "zh_CN")
    return "英文界面翻译、Qt 中文翻译均已加载"


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF (QtPdf, the same engine as a viewer)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise Failed(f"QtPdf 无法读取 {path.name}：{error.name}")
        return "\n".join(document.getAllText(i).text() for i in range(document.pageCount()))
    finally:
        document.close()
