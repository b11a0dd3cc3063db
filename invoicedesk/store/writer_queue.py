"""Writers of one SQLite ledger take turns through a lock file beside it, not SQLite's busy wait.

SQLite's busy handler sleeps up to 100 ms between tries and lets whoever happens to try first
win: with four counters writing at once, one write waited 6 s while the others went round again
and again. Here a writer that finds the turn taken polls every few milliseconds, so it gets the
turn soon after it is released, and after BUSY_TIMEOUT it reports that another program is
writing instead of failing with "database is locked" at some later statement.

``flock`` is per open file, so threads and processes queue alike; the kernel drops the lock of a
process that dies. A folder where the file cannot be made (read-only) leaves SQLite's own wait.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy wait
    fcntl = None  # type: ignore[assignment]

SUFFIX = "-writers.lock"
_POLL_FIRST_S = 0.0005
_POLL_MAX_S = 0.005


class WriterBusy(Exception):
    """Another program held the ledger's writer turn for longer than we wait. Nothing was written."""

    def __init__(self, waited: float) -> None:
        self.message = Message(
            "Store",
            QT_TRANSLATE_NOOP(
                "Store",
                "另一个程序正在写入台账（已等待 {seconds} 秒），本次没有保存，请稍后再试",
            ),
            {"seconds": round(waited)},
        )
        super().__init__(str(self.message))


class WriterQueue:
    """One per database file and process; each thread holds the turn through its own descriptor."""

    def __init__(self, db: Path) -> None:
        self.path = Path(f"{db}{SUFFIX}")
        self._local = threading.local()

    def _fd(self) -> int | None:
        fd = getattr(self._local, "fd", None)
        if fd is None:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:
                return None
            self._local.fd = fd
        return int(fd)

    def acquire(self, timeout: float) -> None:
        """Wait for the turn; WriterBusy after ``timeout`` seconds."""
        depth = getattr(self._local, "depth", 0)
        if depth:  # the same thread again (maintenance holds the turn across transactions)
            self._local.depth = depth + 1
            return
        fd = self._fd() if fcntl is not None else None
        if fd is None:
            return
        began = time.monotonic()
        pause = _POLL_FIRST_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waited = time.monotonic() - began
                if waited >= timeout:
                    raise WriterBusy(waited) from None
                time.sleep(pause)
                pause = min(pause * 2, _POLL_MAX_S)
                continue
            except OSError:  # a file system without flock: SQLite's own wait still applies
                return
            self._local.depth = 1
            return

    def release(self) -> None:
        depth = getattr(self._local, "depth", 0)
        if not depth:
            return
        self._local.depth = depth - 1
        if depth == 1:
            fd = self._fd()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close this thread's descriptor (with the connection), giving up the turn."""
        if getattr(self._local, "depth", 0):
            self._local.depth = 1
            self.release()
        fd = getattr(self._local, "fd", None)
        if fd is not None:
            self._local.fd = None
            os.close(fd)
