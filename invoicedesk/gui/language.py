"""The interface language: read by the application at start and by the help window."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings


def chosen_language() -> str:
    """``INVOICEDESK_LANG``, else the "language" setting, else Simplified Chinese."""
    value = os.environ.get("INVOICEDESK_LANG") or QSettings().value("language", "zh_CN")
    return "en" if str(value).lower().startswith("en") else "zh_CN"
