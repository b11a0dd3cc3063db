"""Only ``core/clock.py`` reads the system clock for dates: everything else asks it.

A call to ``date.today()``, ``datetime.now()``, ``time.time()`` or Qt's ``currentDate()`` anywhere
else would escape the frozen clock of the tests and make a test pass today and fail next month.
Monotonic timers for durations (``time.monotonic``, ``perf_counter``) are fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    ROOT / "invoicedesk" / "core" / "clock.py",
    # ./dev.sh test-at: moves the system clock itself, before any test (or clock) starts.
    ROOT / "tests" / "time_travel" / "sitecustomize.py",
}

# (object, attribute) pairs that read the wall clock.
FORBIDDEN_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QDateTime", "currentMSecsSinceEpoch"),
    ("QDateTime", "currentSecsSinceEpoch"),
    ("QTime", "currentTime"),
}
# ``from time import time`` and friends hide the module name at the call.
FORBIDDEN_IMPORTS = {(module, name) for module, name in FORBIDDEN_CALLS if module == "time"}
# Reading the clock only when called without the moment to format.
CLOCK_WHEN_NO_ARGS = {("time", "localtime"), ("time", "gmtime"), ("time", "ctime")}


def clock_reads(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in {"time"}:
            for alias in node.names:
                if (node.module, alias.name) in FORBIDDEN_IMPORTS:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        pair = (name, node.func.attr)
        if pair not in FORBIDDEN_CALLS:
            continue
        if pair in CLOCK_WHEN_NO_ARGS and node.args:
            continue
        found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def test_the_checker_finds_each_kind_of_clock_read() -> None:
    sample = """
import datetime, time
from time import time as now
from PySide6.QtCore import QDate
datetime.date.today()
datetime.datetime.now(datetime.UTC)
time.time()
time.localtime()
time.localtime(0)
QDate.currentDate()
time.monotonic()
"""
    assert [line for line, _ in clock_reads(sample)] == [3, 5, 6, 7, 8, 10]


def test_nothing_but_the_clock_reads_the_system_time() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for folder in ("invoicedesk", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in ALLOWED
        for line, what in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "use invoicedesk.core.clock instead:\n" + "\n".join(offenders)
