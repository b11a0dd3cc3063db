"""Page work on several threads at once (file reads, writes, SHA-256 and zstd let go of the
GIL), shared by writing and restoring snapshots."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from invoicedesk.exchange.snapshot_manifest import Cancelled, Progress, SnapshotError

WORKERS = max(2, min(4, os.cpu_count() or 2))

_T = TypeVar("_T")


def run_parallel(
    tasks: list[Callable[[threading.Event], _T]],
    done: Callable[[], int],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[_T]:
    """Run ``tasks`` on WORKERS threads; this thread reports progress and watches for cancel.

    Each task gets a stop event to check between reads. The first failure stops the rest and
    is raised once they have all ended; results come back in task order.
    """
    stop = threading.Event()
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="snapshot") as pool:
        futures: list[Future[_T]] = [pool.submit(task, stop) for task in tasks]
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
                for future in finished:
                    if future.exception() is not None:
                        stop.set()
                if cancelled is not None and not stop.is_set() and cancelled():
                    stop.set()
                    raise SnapshotError("cancelled")
                if progress is not None:
                    progress(min(done(), total), total)
        finally:
            stop.set()
            wait(futures)
    errors = [e for e in (f.exception() for f in futures) if e is not None]
    # A task stopped because another failed reports "cancelled": raise the real failure.
    errors.sort(key=lambda e: isinstance(e, SnapshotError) and e.code == "cancelled")
    if errors:
        raise errors[0]
    return [future.result() for future in futures]


def check_stop(stop: threading.Event) -> None:
    if stop.is_set():
        raise SnapshotError("cancelled")


def write_all(handle: Any, view: memoryview) -> None:
    while view:
        view = view[handle.write(view) :]


def bind(
    task: Callable[[int, threading.Event], _T], number: int
) -> Callable[[threading.Event], _T]:
    return lambda stop: task(number, stop)
