"""Helpers for GUI tests: waiting on the database worker, typing at the keyboard focus."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from invoicedesk.gui.worker import DbOp

if TYPE_CHECKING:
    from invoicedesk.core.registry import Feature
    from invoicedesk.gui.main_window import FeatureUi

T = TypeVar("T")


def run_on_worker(qtbot: QtBot, fn: Callable[[], T], timeout: int = 20_000) -> T:
    """Run ``fn`` on the database worker and wait for its result (re-raising its error)."""
    outcome: dict[str, Any] = {}
    DbOp(None, fn).success(lambda value: outcome.setdefault("value", value)).failure(
        lambda exc: outcome.setdefault("error", exc)
    ).run()
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def only_features(*names: str) -> tuple[Feature[FeatureUi], ...]:
    """The main window's features of these names (for ``monkeypatch`` of ``FEATURE_UI``)."""
    from invoicedesk.gui.main_window import FEATURE_UI  # here: most tests need no main window

    chosen = tuple(feature for feature in FEATURE_UI if feature.name in names)
    assert sorted(feature.name for feature in chosen) == sorted(names), names
    return chosen


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    """Type like a person: each key goes to whatever has the focus at that moment.

    Chinese arrives as a Chinese input method delivers it: a committed string (QTest can only
    press keys that exist on the keyboard).
    """
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            for char in run:
                qtbot.keyClicks(focused(), char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(focused(), event)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


def screenshot(widget: QWidget, folder: Path, name: str) -> Path:
    """Save what ``widget`` shows as ``folder/name.png`` and check it is a real picture of it.

    Set INVOICEDESK_SHOTS to a folder to keep a copy there for a person to look at.
    """
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    image = QImage(str(path))
    assert not image.isNull() and image.size() == widget.grab().size(), path
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 11)
    }
    assert len(colours) > 2, f"{path} is blank"
    keep = os.environ.get("INVOICEDESK_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(keep) / path.name)
    return path
