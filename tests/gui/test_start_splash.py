"""Start-up: a splash with a progress line is on screen first, while the worker checks the
database; the window's heavy modules (PDF, workbooks, e-mail) are not loaded for the first page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.gui.splash import StartSplash
from tests.environment import child_pythonpath
from tests.gui.helpers import screenshot

ROOT = Path(__file__).resolve().parents[2]
# The first paint must come within 300 ms of the start: tests/perf/bench_start_check.py measures
# it (alone on this machine 0.23-0.27 s of CPU). In CI two other suites share the two cores, and
# even CPU time grows there (caches, memory bus): 0.317 and 0.327 s were measured. So the suite
# holds the paint to 400 ms of CPU, which still catches a start that loads a heavy module first
# (the check below names those), and the benchmark holds the 300 ms.
FIRST_PAINT_CPU_S = 0.4
FIRST_PAINT_WALL_S = 2.0  # only a bound against a start that waits for something


def start(tmp_path: Path, db: Path) -> dict[str, object]:
    probe = tmp_path / "probe.json"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=child_pythonpath(),
        INVOICEDESK_START_PROBE=str(probe),
    )
    run = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", str(db), "--user", "tester"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert probe.exists(), run.stderr[-2000:]
    return json.loads(probe.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_splash_is_painted_first_while_the_database_is_checked(
    tmp_path: Path, make_db: object
) -> None:
    db = make_db(500)  # type: ignore[operator]
    start(tmp_path, db)  # the first start runs the due weekly full check: not timed
    report = start(tmp_path, db)
    assert report["rows"] == 500
    splash, checked, page = (
        float(report["splash_monotonic"]),  # type: ignore[arg-type]
        float(report["checked_monotonic"]),  # type: ignore[arg-type]
        float(report["monotonic"]),  # type: ignore[arg-type]
    )
    assert splash < checked < page, "the splash is up before the check ends and the page shows"
    # The quicker of two starts is the machine's own figure.
    cpu = min(float(report["splash_cpu_s"]), float(start(tmp_path, db)["splash_cpu_s"]))  # type: ignore[arg-type]
    print(f"first paint after {cpu:.3f} s of CPU")
    assert cpu <= FIRST_PAINT_CPU_S, report
    assert float(report["splash_since_start"]) <= FIRST_PAINT_WALL_S, report  # type: ignore[arg-type]
    assert report["heavy_modules"] == [], "PDF, workbook and e-mail modules load when needed"


def test_the_progress_line_moves_on(qtbot: QtBot, tmp_path: Path) -> None:
    splash = StartSplash(QApplication.instance().windowIcon())  # type: ignore[union-attr]
    qtbot.addWidget(splash)
    splash.show_now()
    assert splash.first_paint is not None, "painted at once, before the event loop turns"
    assert splash.message.startswith("正在检查数据库…") and "秒" in splash.message
    first = splash.message
    qtbot.waitUntil(lambda: splash.ticks >= 3 and splash.message != first, timeout=5_000)
    splash.set_step("正在打开主窗口…")
    assert splash.message.startswith("正在打开主窗口…")
    screenshot(splash, tmp_path, "start_splash")
    splash.finish_start()
    assert not splash.isVisible()
