"""A typed registry entry for modules loaded when they are needed, not when their list is read.

Each entry's ``load`` is a small function holding a plain import, e.g.::

    def _counter() -> FeatureUi:
        from invoicedesk.gui.features import counter

        return counter

so the module is imported on the first call (start-up stays as short as before) while mypy, the
import graph of tests/test_layers.py and PyInstaller's analysis all see the edge. Modules are never
loaded by name through ``importlib`` (tests/test_no_importlib.py). The type argument is a
``typing.Protocol`` saying what such a module offers (``install(window)``, ``register(sub)``);
mypy checks each module against it where ``load`` returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

M = TypeVar("M")


@dataclass(frozen=True)
class Feature(Generic[M]):
    """One module of a list, by a short name (for logs and tests) and how to import it."""

    name: str
    load: Callable[[], M]
