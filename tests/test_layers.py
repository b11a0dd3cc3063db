"""Layer rules: only invoicedesk.gui may import PySide6 (everything else must run without Qt), and
gui/ reaches the database and file formats only through services."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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


# Layers below the GUI that it must reach only through services (issue 14): the database and
# its queries (store), and file formats (exchange).
GUI_FORBIDDEN = ("invoicedesk.store", "invoicedesk.exchange")


def _imported_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module an ``import`` anywhere in the file names (in functions too), and every
    string naming a module of the package (what ``importlib.import_module`` would load)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against invoicedesk.gui.<...>
                yield node.lineno, "invoicedesk.gui." + (node.module or "")
                continue
            module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # from invoicedesk import store
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("invoicedesk.")
            and " " not in node.value
        ):
            yield node.lineno, node.value


def _forbidden(name: str) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in GUI_FORBIDDEN)


def test_gui_imports_neither_store_nor_exchange() -> None:
    gui = Path(invoicedesk.__file__).parent / "gui"
    files = sorted(gui.rglob("*.py"))
    assert len(files) > 30
    found = [
        f"{path.relative_to(gui.parent.parent)}:{line}: {name}"
        for path in files
        for line, name in _imported_names(ast.parse(path.read_text(encoding="utf-8")))
        if _forbidden(name)
    ]
    assert found == [], "gui/ must go through services:\n" + "\n".join(found)


def test_the_gui_import_rule_sees_every_form_of_import() -> None:
    """The check above cannot pass by missing an import written another way."""
    source = (
        "import invoicedesk.store.models\n"
        "from invoicedesk.exchange.ledger_xlsx import Cancelled\n"
        "from invoicedesk import store\n"
        "def f():\n"
        "    from invoicedesk.store.database import redact\n"
        "WARM = ('invoicedesk.exchange.snapshots',)\n"
        "from invoicedesk.services import ledger_db\n"
    )
    flagged = [line for line, name in _imported_names(ast.parse(source)) if _forbidden(name)]
    assert sorted(set(flagged)) == [1, 2, 3, 5, 6]
