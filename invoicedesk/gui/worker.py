"""One serial worker thread for all database work, and small operations to run on it.

Usage, as in Anki's CollectionOp::

    DbOp(self, lambda: invoices.get_invoice(invoice_id)).success(self._show).run()

The callable runs on the worker thread, one operation at a time in submission order; it must not
touch widgets. Its result (or exception) comes back to the GUI thread by a queued signal, where
the success or failure callback runs. If ``parent`` was destroyed meanwhile, the callbacks are
skipped (a parent only scheduled for deletion, by ``deleteLater``, is still there: a result queued
before its deletion event reaches it). Without a failure callback, errors go to
``errors.show_error``.

peewee keeps one connection per thread: the worker opens the database (``open_database``) on its
own thread, so every query made by an operation uses the worker's connection. That connection
lives in a ``threading.local``, which outlives one operation only because the thread's Python
state does: ``_WorkerThread.run`` keeps a Python frame on the thread for its whole life. (A bare
QThread enters Python afresh for each queued call, with a new thread state each time: every
operation then opened a connection of its own, and the old ones, kept in a reference cycle by
sqlite3's statement cache, stayed open until the garbage collector ran, so closing a ledger left
handles on its file and WAL.)

Change notices (as Anki's ``OpChanges``): every write is audited, and the audit entries an
operation adds say what it changed (store/change_feed.py, reached through services/ledger_db.py).
After each operation the worker takes them as one ``Changes`` and emits it on its one ``changed``
signal, on the GUI thread, after the operation's own callback; each page decides from it what to
redraw (``connect_changes``). What other processes commit arrives on the same signal: ``watch``
polls ``PRAGMA data_version`` on the worker every 400 ms (SQLite) or listens for PostgreSQL
NOTIFY on a thread of its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from invoicedesk.core.changes import Changes
from invoicedesk.services import ledger_db
from invoicedesk.services.errors import ServerUnreachable
from invoicedesk.services.ledger_db import close_database, is_postgres_url

T = TypeVar("T")
log = logging.getLogger("invoicedesk.gui")


class _Job:
    """One operation: what to run, and where its outcome goes."""

    __slots__ = (
        "changes",
        "error",
        "fn",
        "has_parent",
        "lost",
        "on_failure",
        "on_success",
        "parent",
        "result",
        "stop",
    )

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        self.fn = fn
        self.parent = parent
        self.has_parent = parent is not None
        self.on_success: Callable[[Any], None] | None = None
        self.on_failure: Callable[[Exception], None] | None = None
        self.result: Any = None
        self.error: Exception | None = None
        self.changes: Changes | None = None
        self.stop = False
        self.lost = False  # it failed because the ledger's server could not be reached


class _Runner(QObject):
    """Lives on the worker thread and runs jobs there."""

    done = Signal(object)

    @Slot(object)
    def run(self, job: _Job) -> None:
        ledger_db.collect_changes()
        ledger_db.discard_changes()
        try:
            job.result = job.fn()
        except Exception as exc:  # delivered to the GUI thread
            job.error = exc
            ledger_db.discard_changes()  # its transaction rolled back
            if ledger_db.connection_lost(exc):  # the next operation connects anew
                ledger_db.forget_connection()
                job.lost = True
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                job.error = ServerUnreachable(reason)
        else:
            changes = ledger_db.take_changes()
            if isinstance(job.result, Changes):  # a watcher's poll: what others committed
                changes = job.result.merge(changes) if not changes.is_empty() else job.result
            job.changes = None if changes.is_empty() else changes
        if job.stop:
            self.thread().quit()
        self.done.emit(job)


class _WorkerThread(QThread):
    """A QThread whose event loop runs inside Python: one Python thread state for its life."""

    def run(self) -> None:
        self.exec()


class DbWorker(QObject):
    """The serial database thread. Start it once; stop it before the application quits."""

    _submit = Signal(object)
    # A Changes: what a write in this process, or a commit elsewhere, changed. One signal for all.
    changed = Signal(object)
    _remote = Signal(object)
    # An operation failed because the ledger's server could not be reached (PostgreSQL).
    server_lost = Signal()
    POLL_MS = 400

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = _WorkerThread()
        self._thread.setObjectName("invoicedesk-db")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run, Qt.ConnectionType.QueuedConnection)
        self._runner.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._pending = 0
        self._remote.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._poll_sqlite)
        self._watcher: ledger_db.SqliteWatcher | None = None
        self._polling = False
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()

    # ------------------------------------------------------------ change notices

    def announce(self, changes: Changes) -> None:
        """Tell every page about a change that no audited write carries (a database switched)."""
        self.changed.emit(changes)

    def watch(self, target: str) -> None:
        """Announce what other processes commit to ``target`` (the database the worker has open)."""
        self.unwatch()
        if is_postgres_url(target):
            self._listening.set()
            self._listener = threading.Thread(
                target=self._listen, args=(target,), name="invoicedesk-listen", daemon=True
            )
            self._listener.start()
        else:
            self._watcher = None
            self._poll_sqlite()  # now: what others commit from here on is announced
            self._poll.start()

    def unwatch(self) -> None:
        self._poll.stop()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            if self._thread.isRunning():
                self.submit(_Job(watcher.close))  # after any poll already queued
            else:
                watcher.close()
        self._listening.clear()
        if self._listener is not None:
            self._listener.join(timeout=2)
            self._listener = None

    def _poll_sqlite(self) -> None:
        if self._polling or not self._thread.isRunning():
            return  # the last poll has not come back yet: never pile them up
        self._polling = True

        def poll() -> Changes | None:
            path = ledger_db.open_sqlite_path()
            if path is None:  # no database open (yet)
                return None
            if self._watcher is None or self._watcher.path != str(path):
                if self._watcher is not None:
                    self._watcher.close()
                self._watcher = ledger_db.SqliteWatcher(path)  # from here on
                return None
            return self._watcher.poll()

        def done(_result: object) -> None:
            self._polling = False

        job = _Job(poll)
        job.on_success = done
        job.on_failure = lambda _exc: done(None)
        self.submit(job)

    def _listen(self, target: str) -> None:
        """On a thread of its own: LISTEN, and hand each notice to the GUI thread.

        A connection lost (server restarted, network cut) is made again every 2 s; once it is
        back, every page rereads (the notices sent meanwhile were missed)."""
        missed = False
        while self._listening.is_set():
            try:
                listener = ledger_db.PgListener(target)
            except Exception as exc:
                log.warning("could not listen for changes: %s", str(exc).strip())
                missed = True
                self._pause(2.0)
                continue
            if missed:
                self._remote.emit(Changes.everything())
                missed = False
            try:
                while self._listening.is_set():
                    for notice in listener.wait(0.25):
                        self._remote.emit(notice)
            except Exception as exc:
                log.warning("listening for changes lost: %s", str(exc).strip())
                missed = True
            finally:
                listener.close()

    def _pause(self, seconds: float) -> None:
        """Sleep, but stop at once when ``unwatch`` ends the listening."""
        end = time.monotonic() + seconds
        while self._listening.is_set() and time.monotonic() < end:
            time.sleep(0.1)

    @property
    def pending(self) -> int:
        """Operations submitted whose results have not been delivered yet."""
        return self._pending

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        if not self._thread.isRunning():
            self._thread.start()

    def submit(self, job: _Job) -> None:
        if not self._thread.isRunning():
            raise RuntimeError("the database worker is not running")
        self._pending += 1
        self._submit.emit(job)

    def stop(self, timeout_ms: int = 30_000) -> None:
        """Close the worker's connection after the queued work, then end the thread."""
        self.unwatch()
        if not self._thread.isRunning():
            return
        job = _Job(close_database)
        job.stop = True
        self.submit(job)
        if not self._thread.wait(timeout_ms):
            log.error("the database worker did not stop within %d ms", timeout_ms)
        self._pending = 0

    @Slot(object)
    def _deliver(self, job: _Job) -> None:
        self._pending = max(0, self._pending - 1)
        if job.lost:
            self.server_lost.emit()
        try:
            self._callback(job)
        finally:
            if job.changes is not None:
                self.changed.emit(job.changes)

    def _callback(self, job: _Job) -> None:
        if job.has_parent and not shiboken6.isValid(job.parent):
            return  # the screen that asked is gone
        if job.error is None:
            if job.on_success is not None:
                job.on_success(job.result)
        elif job.on_failure is not None:
            job.on_failure(job.error)
        elif not job.stop and not job.lost:  # a server gone is said by its banner, not a dialog
            from invoicedesk.gui.errors import show_error

            show_error(job.parent if job.has_parent else None, job.error)


_worker: DbWorker | None = None


def set_worker(worker: DbWorker | None) -> None:
    """Make ``worker`` the one every ``DbOp`` uses (the application has exactly one)."""
    global _worker
    _worker = worker


def current_worker() -> DbWorker:
    if _worker is None:
        raise RuntimeError("no database worker: call set_worker() first")
    return _worker


def connect_changes(receiver: QObject, slot: Callable[[Changes], None]) -> None:
    """Call ``slot(changes)`` on every change notice while ``receiver`` lives (no worker: none)."""
    if _worker is None:
        return

    def relay(changes: Changes) -> None:
        if shiboken6.isValid(receiver):  # a receiver gone (deleted) hears nothing more
            slot(changes)

    _worker.changed.connect(relay)


def connect_server_lost(receiver: QObject, slot: Callable[[], None]) -> None:
    """Call ``slot()`` whenever an operation finds the ledger's server unreachable."""
    if _worker is None:
        return

    def relay() -> None:
        if shiboken6.isValid(receiver):
            slot()

    _worker.server_lost.connect(relay)


class DbOp(Generic[T]):
    """A small database operation: ``DbOp(parent, fn).success(cb).failure(cb).run()``.

    ``fn`` runs on the worker thread and must not touch widgets; ``success`` gets its result and
    ``failure`` its exception, both on the GUI thread.
    """

    def __init__(self, parent: QObject | None, fn: Callable[[], T]) -> None:
        self._job = _Job(fn, parent)

    def success(self, callback: Callable[[T], None]) -> DbOp[T]:
        self._job.on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> DbOp[T]:
        self._job.on_failure = callback
        return self

    def run(self, worker: DbWorker | None = None) -> None:
        (worker or current_worker()).submit(self._job)
