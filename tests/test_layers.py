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
        "WARM = ('invoicedesk.exchange.snapshot_write',)\n"
        "from invoicedesk.services import ledger_db\n"
    )
    flagged = [line for line, name in _imported_names(ast.parse(source)) if _forbidden(name)]
    assert sorted(set(flagged)) == [1, 2, 3, 5, 6]


def _module_of(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST, module: str, known: set[str]) -> set[str]:
    """The package's modules this one imports when it runs: at the top or inside functions,
    but not under ``if TYPE_CHECKING:`` (type hints only, never executed)."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level]
                base = ".".join([*package, *([base] if base else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
        stack.extend(ast.iter_child_nodes(node))
    return {name for name in found if name in known and name != module}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _import_graph() -> dict[str, set[str]]:
    root = Path(invoicedesk.__file__).parent
    files = {_module_of(path, root): path for path in root.rglob("*.py")}
    known = set(files)
    return {
        name: _runtime_imports(ast.parse(path.read_text(encoding="utf-8")), name, known)
        for name, path in files.items()
    }


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, not even through one inside a function: such
    a loop (periods → backups → … → periods) is a layering mistake hidden, not solved."""
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_sees_a_loop_through_a_function() -> None:
    a = ast.parse("from pkg import b\n")
    b = ast.parse("def f():\n    from pkg.a import x\n")
    typed = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n")
    known = {"pkg.a", "pkg.b", "pkg.c"}
    graph = {
        "pkg.a": _runtime_imports(a, "pkg.a", known),
        "pkg.b": _runtime_imports(b, "pkg.b", known),
        "pkg.c": _runtime_imports(typed, "pkg.c", known),
    }
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]
    assert graph["pkg.c"] == set()


# A module is read whole by the next person to change it: past about 800 lines it holds more
# than one thing, and is split by what it holds (as month_end and month_files were).
MAX_MODULE_LINES = 800


def test_no_module_is_over_800_lines() -> None:
    root = Path(invoicedesk.__file__).parent
    sizes = {
        path.relative_to(root.parent).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in root.rglob("*.py")
    }
    assert len(sizes) > 200, "the walk found the package's modules"
    over = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert not over, f"split these by what they hold: {over}"
