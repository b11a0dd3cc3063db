"""No module of the package loads another by name (``importlib.import_module``, ``__import__``,
runpy, a spec's ``exec_module``): such an import is invisible to mypy, to the import graph of
tests/test_layers.py (which must see every loop) and to PyInstaller's analysis. A list of modules
loaded when needed is a tuple of ``core.registry.Feature`` entries, each a plain import inside a
small function."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import invoicedesk

# Names and attributes through which Python loads a module named by a string.
LOADERS = frozenset(
    {"import_module", "__import__", "exec_module", "load_module", "run_module", "run_path"}
)


def _loads_by_name(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Each use of a loader: called, passed on or imported (``from importlib import
    import_module``), under whatever module it is reached (``importlib``, ``builtins``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in LOADERS:
            yield node.lineno, node.id
        elif isinstance(node, ast.Attribute) and node.attr in LOADERS:
            yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in LOADERS:
                    yield node.lineno, f"from {node.module} import {alias.name}"


def test_no_module_is_loaded_by_name() -> None:
    root = Path(invoicedesk.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) > 100
    found = [
        f"{path.relative_to(root.parent)}:{line}: {what}"
        for path in files
        for line, what in _loads_by_name(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "import these plainly (see core/registry.py):\n" + "\n".join(found)


def test_the_check_sees_every_form_of_loading_by_name() -> None:
    """The check above cannot pass by missing a loader written another way."""
    source = (
        "import importlib\n"
        "importlib.import_module('invoicedesk.gui.features.counter').install(w)\n"
        "from importlib import import_module as load\n"
        "def f(name):\n"
        "    return __import__(name, fromlist=['MODELS']).MODELS\n"
        "LOAD = importlib.import_module\n"
        "import builtins; builtins.__import__('x')\n"
        "spec.loader.exec_module(module)\n"
        "import runpy; runpy.run_module('invoicedesk')\n"
        "from importlib import resources\n"  # data files, not modules: allowed
        "def g():\n"
        "    from invoicedesk.gui.features import counter\n"  # the registry's way: allowed
        "    return counter\n"
    )
    flagged = sorted({line for line, _what in _loads_by_name(ast.parse(source))})
    assert flagged == [2, 3, 5, 6, 7, 8, 9]
