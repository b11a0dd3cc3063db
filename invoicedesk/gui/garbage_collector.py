"""Python's cyclic garbage is collected on the GUI thread only, as Anki does.

The collector runs in whichever thread happens to allocate. On the database worker it may free a
Qt object left in a reference cycle (a closed window, a model) off the GUI thread; destroying a
QObject there takes Qt's locks while the GUI thread, holding Python's, waits for one of them:
a CI run hung so, the worker inside a query and the GUI thread inside ``addLayout``. While
threads run Python beside the GUI, automatic collection is off, and a timer on the GUI thread
collects whenever Python's own thresholds say it would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations Python would have collected by now."""
        young, middle, old = gc.get_count()
        if young > self.threshold[0]:
            gc.collect(0)
            if middle > self.threshold[1]:
                gc.collect(1)
                if old > self.threshold[2]:
                    gc.collect(2)

    def stop(self) -> None:
        """Back to automatic collection: only once no other thread runs Python with Qt. What
        piled up meanwhile is collected here first, on this thread at a plain Python call, not
        by whatever allocates next (inside a Qt call, say)."""
        self.timer.stop()
        gc.collect()
        gc.enable()
