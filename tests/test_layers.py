"""Only invoicedesk.gui may import PySide6: everything else must run without Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import invoicedesk


def test_non_gui_modules_do_not_load_qt() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(invoicedesk.__path__, "invoicedesk.")
        if not m.name.startswith("invoicedesk.gui") and m.name != "invoicedesk.__main__"
    ]
    assert len(modules) > 15
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
