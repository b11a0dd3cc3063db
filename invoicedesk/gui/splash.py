"""The start-up splash: on screen within a few hundred milliseconds of the start, with a progress
line, while the database is checked on the worker thread and the window's modules load.

A million-invoice ledger's quick_check takes seconds; without this, nothing would show until the
main window does. The splash paints itself synchronously (``repaint``) so the first paint does not
wait for the event loop; the moment of that first paint is kept for the start probe.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

WIDTH, HEIGHT = 460, 180
TICK_MS = 250  # the elapsed seconds on the progress line


class StartSplash(QWidget):
    """Title, icon and one progress line ("正在检查数据库… 1.2 秒").

    A plain frameless widget rather than QSplashScreen, whose show() waits up to a second for
    the window system to report the window exposed.
    """

    def __init__(self, icon: QIcon) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startSplash")
        self.picture = _picture(icon)
        self.setFixedSize(self.picture.size())
        self.message = ""
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self.first_paint: float | None = None  # time.monotonic() of the first paint
        self.first_paint_cpu: float | None = None  # CPU seconds the process had used by then
        self.ticks = 0
        self.longest_gap = 0.0  # seconds: the longest wait between two ticks (a frozen GUI)
        self._last_tick: float | None = None
        self.step = ""
        self.clock = QElapsedTimer()
        self.clock.start()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.picture)
        painter.setPen(QColor("#37474f"))
        painter.drawText(
            QRect(10, HEIGHT - 44, WIDTH - 20, 34),
            Qt.AlignmentFlag.AlignCenter,
            self.message,
        )
        painter.end()
        if self.first_paint is None:
            self.first_paint = time.monotonic()
            self.first_paint_cpu = time.process_time()

    def show_now(self) -> None:
        """Show and paint at once, before the event loop runs."""
        self.set_step(QCoreApplication.translate("Splash", "正在检查数据库…"))
        self.show()
        self.repaint()
        self.timer.start()

    def set_step(self, text: str) -> None:
        self.step = text
        self._tick()

    def progress_text(self) -> str:
        return QCoreApplication.translate("Splash", "{step}（{seconds:.1f} 秒）").format(
            step=self.step, seconds=self.clock.elapsed() / 1000
        )

    def _tick(self) -> None:
        now = time.monotonic()
        if self._last_tick is not None:
            self.longest_gap = max(self.longest_gap, now - self._last_tick)
        self._last_tick = now
        self.ticks += 1
        self.message = self.progress_text()
        self.update()

    def repaint_now(self) -> None:
        """The progress line now, painted at once (no events are processed)."""
        self.message = self.progress_text()
        self.repaint()

    def finish_start(self) -> None:
        self.timer.stop()
        self.close()
        self.deleteLater()


def _picture(icon: QIcon) -> QPixmap:
    pixmap = QPixmap(WIDTH, HEIGHT)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#1565c0"))
    painter.drawRect(0, 0, WIDTH - 1, HEIGHT - 1)
    if not icon.isNull():
        icon.paint(painter, QRect(28, 40, 64, 64))
    font = QFont(QApplication.font())
    font.setPointSize(20)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        QRect(110, 36, WIDTH - 130, 44),
        Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate("App", "发票台账助手"),
    )
    font.setPointSize(11)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    painter.drawText(
        QRect(110, 80, WIDTH - 130, 30),
        Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate("Splash", "正在启动，请稍候"),
    )
    painter.end()
    return pixmap
