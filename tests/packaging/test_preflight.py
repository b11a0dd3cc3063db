"""Before Qt starts: the loader's words turned into one line naming the library and its package,
and the platform chosen from the environment (no display: refused for the app, offscreen for the
self-test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from invoicedesk.gui import preflight


@pytest.mark.parametrize(
    ("error", "library"),
    [
        ("libGL.so.1: cannot open shared object file: No such file or directory", "libGL.so.1"),
        ("libEGL.so.1: file too short", "libEGL.so.1"),
        ("/x/platforms/libqxcb.so: libxcb-cursor.so.0: cannot open", "libxcb-cursor.so.0"),
        ("something else entirely", None),
    ],
)
def test_missing_library_is_named(error: str, library: str | None) -> None:
    assert preflight.missing_library(error, loading="libqxcb.so") == library


def test_library_text_names_the_debian_package() -> None:
    assert "sudo apt-get install libgl1" in preflight.library_text("libGL.so.1")
    assert "apt-get" not in preflight.library_text("libunknown.so.3")


def test_platform_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    refused = preflight.choose_platform(allow_offscreen=False)
    assert isinstance(refused, str) and "没有图形显示" in refused
    chosen = preflight.choose_platform(allow_offscreen=True)
    assert isinstance(chosen, preflight.Platform)
    assert (chosen.name, chosen.display) == ("offscreen", False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert preflight.choose_platform(allow_offscreen=False) == preflight.Platform("wayland", True)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert preflight.choose_platform(allow_offscreen=False) == preflight.Platform(
        "offscreen", False
    )


def test_the_platform_plugins_load_here() -> None:
    """./dev.sh installs the xcb libraries: their absence would be named here."""
    assert preflight.qt_import_problem() is None
    assert preflight.plugin_problem("offscreen") is None
    assert preflight.plugin_problem("xcb") is None
    assert "找不到 Qt 平台插件" in str(preflight.plugin_problem("nonesuch"))


def _free_display() -> str:
    """A display number no X server listens on."""
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f":{number}"
    pytest.fail("no free display number")


def test_a_display_nobody_answers_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    display = _free_display()
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", display)
    problem = preflight.gui_problem()
    assert problem is not None and f"无法连接图形显示 {display}" in problem
    chosen = preflight.choose_platform(allow_offscreen=True)
    assert isinstance(chosen, preflight.Platform) and chosen.name == "offscreen"
    assert display in chosen.problem


def test_selftest_with_a_dead_display_fails_that_check_only(tmp_path: Path) -> None:
    """Instead of Qt's abort: qt_platform fails naming the display; the rest run offscreen."""
    display = _free_display()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DISPLAY": display}
    result = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--selftest", "--json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == ["qt_platform"]
    assert display in report["checks"][1]["detail"]
