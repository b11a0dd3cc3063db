"""Benchmark of practice mode and lesson checks; prints JSON (not a timed test).

A real SQLite ledger of ``--invoices`` demo invoices (the shop's kinds and rates are read from
it), a practice data folder in a temporary directory. Measured through the services the window
runs on its database worker:

- first entry: no practice ledger yet, so it is built (400 demo invoices for the shop's kinds and
  rates) and bound (target ≤ 3 s);
- re-entry: the practice ledger exists, checked (quick_check, marker) and bound (≤ 0.5 s);
- leaving: the practice ledger closed, the real one bound again (≤ 0.1 s);
- lesson check: the lesson in progress evaluated from the practice audit log after 30 entries
  by the learner (≤ 20 ms; the panel checks once a second).

Then the same in the real window (offscreen Qt, the database worker): from the click on 练习模式
until the ledger page shows the practice ledger's totals, and from 离开练习模式 until it shows the
real ledger's again (every page re-reads its data on each switch).

    python tests/perf/bench_practice.py [--invoices 200000] [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-practice-"))
    os.environ["XDG_DATA_HOME"] = str(folder / "data")

    from invoicedesk.core import clock
    from invoicedesk.services import company, demo, invoices, lessons, practice
    from invoicedesk.store.database import close_database, open_database
    from tests.factories import draft, line, number

    try:
        open_database(folder / "real.sqlite", actor="bench")
        company.set_company("北京基准测试餐厅", "91110108551385082Q", "bench")
        started = time.perf_counter()
        demo.generate(args.invoices, "bench", seed=5, months=24)
        built_real = time.perf_counter() - started

        started = time.perf_counter()
        first = practice.enter("bench")
        first_entry = time.perf_counter() - started
        assert first.built

        leaves, entries = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            practice.leave()
            leaves.append(time.perf_counter() - started)
            started = time.perf_counter()
            status = practice.enter("bench")
            entries.append(time.perf_counter() - started)
            assert not status.built

        lessons.start("counter-outage", "bench")
        items = [line(), line("*餐饮服务*饮料", amount="30.00", quantity="1", unit_price="30.00")]
        for seq in range(30):
            made = draft(
                seq + 1, issue_date=clock.today(), lines=items, num=number(9 * 10**9 + seq)
            )
            invoices.record_invoice(made, "bench")
        checks = []
        for _ in range(args.runs * 5):
            started = time.perf_counter()
            run = lessons.current()
            checks.append(time.perf_counter() - started)
        assert run is not None and run.progress.steps[0].done
        practice.leave()
        for item in practice.practice_path().parent.iterdir():
            item.unlink()
        gui = window_figures(folder / "real.sqlite", args.runs)
        print(
            json.dumps(
                {
                    **gui,
                    "real_invoices": args.invoices,
                    "real_ledger_built_s": round(built_real, 1),
                    "first_entry_s": round(first_entry, 3),
                    "re_entry_median_s": round(statistics.median(entries), 3),
                    "re_entry_max_s": round(max(entries), 3),
                    "leave_median_s": round(statistics.median(leaves), 4),
                    "leave_max_s": round(max(leaves), 4),
                    "lesson_check_median_ms": round(statistics.median(checks) * 1000, 2),
                    "lesson_check_max_ms": round(max(checks) * 1000, 2),
                },
                indent=2,
            )
        )
    finally:
        close_database()
        shutil.rmtree(folder, ignore_errors=True)


def window_figures(real: Path, runs: int) -> dict[str, float]:
    """Entry and leaving in the main window, until the ledger page shows the other ledger."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from invoicedesk.gui.app import make_application
    from invoicedesk.gui.main_window import MainWindow
    from invoicedesk.gui.worker import DbOp, DbWorker, set_worker
    from invoicedesk.store.database import close_database

    app = make_application()
    close_database()  # the worker opens its own
    worker = DbWorker()
    worker.start()
    set_worker(worker)
    from invoicedesk.store.database import open_database

    done: list[object] = []
    DbOp(None, lambda: open_database(real, actor="bench")).success(done.append).run()

    def until(test: object, limit: float = 120.0) -> float:
        started = time.perf_counter()
        while not test():  # type: ignore[operator]
            app.processEvents()
            if time.perf_counter() - started > limit:
                raise TimeoutError
        return time.perf_counter() - started

    until(lambda: bool(done))
    window = MainWindow(str(real), "bench")
    window.resize(1366, 768)
    window.show()
    until(lambda: window.summary.text().startswith("共 ") and not window.ledger.model.loading)
    real_text = window.summary.text()
    feature = window.practice  # type: ignore[attr-defined]

    settled: dict[bool, list[float]] = {True: [], False: []}

    def switch(action: object, to_practice: bool) -> float:
        """Seconds until the ledger page shows the other ledger; then waits for every page."""
        started = time.perf_counter()
        action()  # type: ignore[operator]
        until(lambda: feature.active == to_practice and not feature.busy)
        until(
            lambda: (
                window.summary.text().startswith("共 40")
                if to_practice
                else window.summary.text() == real_text
            )
        )
        until(lambda: not window.ledger.model.loading)
        shown = time.perf_counter() - started
        until(lambda: worker.pending == 0)
        settled[to_practice].append(time.perf_counter() - started)
        return shown

    until(lambda: worker.pending == 0)
    first = switch(feature.action.trigger, True)
    leaves, entries = [switch(feature.banner.button.click, False)], []
    for _ in range(max(3, runs // 4)):
        entries.append(switch(feature.action.trigger, True))
        leaves.append(switch(feature.banner.button.click, False))
    window.close()
    worker.stop()
    set_worker(None)
    return {
        "window_first_entry_s": round(first, 3),
        "window_re_entry_median_s": round(statistics.median(entries), 3),
        "window_leave_median_s": round(statistics.median(leaves), 3),
        "window_every_page_after_entry_median_s": round(statistics.median(settled[True]), 3),
        "window_every_page_after_leave_median_s": round(statistics.median(settled[False]), 3),
    }


if __name__ == "__main__":
    main()
