"""Render the app icon (invoicedesk/resources/icons/invoicedesk.svg) to the sizes each system
wants: PNGs for Linux desktops and the window (in the package), .ico for Windows and .icns for
macOS (beside the spec).

Run after changing the SVG and commit the results: ``.venv/bin/python packaging/make_icons.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ICONS = HERE.parent / "invoicedesk" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "invoicedesk.svg"))
    if not renderer.isValid():
        print("invalid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        (ICONS / f"invoicedesk-{size}.png").write_bytes(png_bytes(render(renderer, size)))
    biggest = Image.open(ICONS / "invoicedesk-512.png")
    # Build inputs only (the spec's icons for Windows and macOS): beside the spec, not in the wheel.
    biggest.save(HERE / "invoicedesk.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    biggest.save(HERE / "invoicedesk.icns")
    print(f"wrote {len(SIZES)} PNGs to {ICONS}, invoicedesk.ico and invoicedesk.icns to {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
