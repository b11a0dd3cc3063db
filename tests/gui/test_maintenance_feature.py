"""Maintenance from the window: on demand from the menu, and by itself in the owner's window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services.system_checks import recent_checks
from tests.gui.helpers import run_on_worker


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "店长")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    yield main
    main.close()


def maintenance_runs(qtbot: QtBot) -> list[str]:
    return [c.source for c in run_on_worker(qtbot, lambda: recent_checks(name="maintenance"))]


def test_the_menu_runs_it_and_the_status_bar_says_so(qtbot: QtBot, window: MainWindow) -> None:
    action = window.findChild(QAction, "maintainNowAction")
    assert action is not None and action.text() == "立即维护数据库"
    action.trigger()
    qtbot.waitUntil(lambda: "数据库维护完成" in window.statusBar().currentMessage(), timeout=30_000)
    assert maintenance_runs(qtbot) == ["manual"]


def test_in_the_window_it_runs_once_by_itself(
    qtbot: QtBot, window: MainWindow, frozen_clock: clock.ManualClock
) -> None:
    feature = window.maintenance_feature  # type: ignore[attr-defined]
    assert feature.timer.isActive()
    night = datetime.combine(clock.today(), datetime.min.time(), tzinfo=SHOP_TZ)
    frozen_clock.set(night + timedelta(hours=12))
    feature.run_if_due()
    qtbot.waitUntil(lambda: not feature.running, timeout=30_000)
    assert maintenance_runs(qtbot) == []  # midday: not in the window
    frozen_clock.set(night + timedelta(days=1, hours=2, minutes=20))
    feature.run_if_due()
    qtbot.waitUntil(lambda: not feature.running, timeout=30_000)
    feature.run_if_due()  # the next look, ten minutes later: already done in this window
    qtbot.waitUntil(lambda: not feature.running, timeout=30_000)
    assert maintenance_runs(qtbot) == ["window"]
