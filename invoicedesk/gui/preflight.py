"""Before Qt starts: can it? One clear line instead of an ImportError trace or a Qt abort.

Importing QtGui fails when the system's OpenGL library (libGL/libEGL) is missing; creating the
application aborts the process (qFatal) when there is no display or the platform plugin cannot
load its libraries. Both are checked here without creating anything: QtGui is imported inside a
try, and the platform plugin is loaded with the dynamic loader, which names the missing library.
Nothing of Qt is imported at module level.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# Debian/Ubuntu packages of the libraries Qt needs from the system, for the message.
PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}
_LIBRARY = re.compile(r"(lib[A-Za-z0-9_.+-]+?\.so(?:\.\d+)*)")


@dataclass(frozen=True)
class Platform:
    name: str  # the Qt platform plugin to use
    display: bool  # False: no display, the plugin is offscreen
    note: str = ""
    problem: str = ""  # the self-test's fallback: why the display could not be used


def missing_library(error: BaseException | str, loading: str = "") -> str | None:
    """The shared library a loader error names ("libGL.so.1: cannot open shared object file"),
    other than ``loading``, the file that was being loaded."""
    names = [name for name in _LIBRARY.findall(str(error)) if name != loading]
    return names[0] if names else None


def library_text(library: str) -> str:
    package = PACKAGES.get(library)
    hint = f"（Debian/Ubuntu：sudo apt-get install {package}）" if package else ""
    return f"系统缺少或无法加载 {library}{hint}"


def qt_import_problem() -> str | None:
    """None when QtCore, QtGui and QtWidgets load; else one line naming the missing library."""
    try:
        import PySide6.QtCore
        import PySide6.QtGui
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        library = missing_library(exc)
        if library:
            return f"Qt 图形库无法加载：{library_text(library)}"
        return f"Qt 图形库无法加载：{exc}"
    return None


def choose_platform(*, allow_offscreen: bool) -> Platform | str:
    """The platform plugin Qt will use, or one line saying why there is no screen to use.

    ``allow_offscreen``: without a display, fall back to the offscreen plugin (the self-test),
    instead of refusing (the app: a window nobody can see is no use).
    """
    explicit = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if explicit:
        return Platform(explicit, explicit not in ("offscreen", "minimal"))
    if not sys.platform.startswith("linux"):
        return Platform("", True)  # Windows and macOS always have their one platform
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return Platform("wayland", True)
    display = os.environ.get("DISPLAY", "")
    if display:
        unreachable = display_problem(display)
        if not unreachable:
            return Platform("xcb", True)
        if not allow_offscreen:
            return unreachable
        return Platform("offscreen", False, "用 offscreen 平台检查其余项目", unreachable)
    if allow_offscreen:
        return Platform("offscreen", False, "没有图形显示（未设置 DISPLAY），用 offscreen 平台检查")
    return (
        "没有图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）：请在桌面会话中启动发票台账助手；"
        "命令行功能（invoicedesk --help）不需要显示器"
    )


def display_problem(display: str) -> str | None:
    """Connect to the X server named by ``display`` (libxcb): None when it answers. Qt would
    abort the process instead ("could not connect to display")."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # the platform plugin's check names the missing library
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)  # never NULL: an error object at worst
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    if failed:
        return (
            f"无法连接图形显示 {display}（X 服务器没有运行，或本用户没有权限）："
            "请在桌面会话中启动发票台账助手"
        )
    return None


def plugin_file(name: str) -> Path | None:
    """The platform plugin's file (libqxcb.so), where Qt will look for it."""
    from PySide6.QtCore import QLibraryInfo

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    folders += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    for folder in folders:
        candidate = folder / "platforms" / f"libq{name}.so"
        if candidate.is_file():
            return candidate
    return None


def plugin_problem(name: str) -> str | None:
    """Load the platform plugin's libraries with the dynamic loader: None, or what is missing.

    Qt itself would abort the process with a message blaming libxcb-cursor0 whatever is missing.
    """
    if not sys.platform.startswith("linux") or not name:
        return None
    path = plugin_file(name)
    if path is None:
        return f"找不到 Qt 平台插件 {name}：安装不完整，请重新安装"
    try:
        ctypes.CDLL(str(path), mode=getattr(os, "RTLD_LAZY", 1))
    except OSError as exc:
        library = missing_library(exc, loading=path.name)
        what = library_text(library) if library else str(exc)
        return f"Qt 平台插件 {name} 无法加载：{what}"
    return None


def gui_problem() -> str | None:
    """Why the window cannot open here, in one line; None when Qt can start."""
    problem = qt_import_problem()
    if problem:
        return problem
    platform = choose_platform(allow_offscreen=False)
    if isinstance(platform, str):
        return platform
    return plugin_problem(platform.name)
