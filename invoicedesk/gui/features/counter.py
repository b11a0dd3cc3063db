"""Adds the counter feature to the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
