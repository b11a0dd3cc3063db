"""``invoicedesk --selftest [--json]``: is this installation whole? What support asks a shop to run.

Runs every check even when one fails (a missing font does not hide a broken Qt), works only in a
temporary folder and removes it. Exit 0 when all checks pass, 1 naming those that failed.
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import invoicedesk
from invoicedesk import __version__
from invoicedesk.services.selftest import Check, TextReader, Workspace, run_ledger_checks, timed

LABELS = {
    "qt_libraries": "Qt 图形库",
    "qt_platform": "Qt 平台插件",
    "font": "中文字体",
    "translations": "界面翻译",
    "ledger": "台账（登记、读回、审计）",
    "xlsx": "Excel 导出",
    "pdf": "PDF 导出",
    "snapshot": "备份与校验",
    "cleanup": "清理临时文件",
}
QT_CHECKS = ("qt_platform", "font", "translations")


def qt_checks() -> tuple[list[Check], TextReader | None]:
    """Qt's own checks, or each of them failed with the reason Qt cannot load."""
    from invoicedesk.gui.preflight import choose_platform, qt_import_problem

    problem = qt_import_problem()
    if problem:
        return [Check("qt_libraries", False, problem)] + [
            Check(name, False, "未运行：Qt 无法加载") for name in QT_CHECKS
        ], None
    from PySide6 import __version__ as pyside_version

    out = [Check("qt_libraries", True, f"PySide6 {pyside_version}")]
    chosen = choose_platform(allow_offscreen=True)
    if isinstance(chosen, str):  # not reached with allow_offscreen; kept for the type
        return out + [Check(n, False, chosen) for n in QT_CHECKS], None
    from invoicedesk.gui import selftest as qt

    out.append(timed("qt_platform", lambda: qt.check_platform(chosen)))
    app = qt.running_application()
    if app is None:
        return out + [Check(n, False, "未运行：Qt 没有启动") for n in QT_CHECKS[1:]], None
    out.append(timed("font", lambda: qt.check_font(app)))
    out.append(timed("translations", lambda: qt.check_translations(app)))
    return out, qt.pdf_text


def run_checks() -> list[Check]:
    folder = Path(tempfile.mkdtemp(prefix="invoicedesk-selftest-"))
    try:
        checks, reader = qt_checks()
        checks += run_ledger_checks(Workspace(folder), reader)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    left = [str(p) for p in folder.parent.glob(folder.name)]
    checks.append(Check("cleanup", not left, f"未能删除 {left[0]}" if left else f"已删除 {folder}"))
    return checks


def run_selftest(as_json: bool) -> int:
    checks = run_checks()
    failed = [c.name for c in checks if not c.ok]
    where = str(Path(invoicedesk.__file__).resolve().parent)
    if as_json:
        report = {
            "ok": not failed,
            "version": __version__,
            "python": platform.python_version(),
            "frozen": bool(getattr(sys, "frozen", False)),
            "location": where,
            "checks": [asdict(c) for c in checks],
            "failed": failed,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"发票台账助手 {__version__} 自检（Python {platform.python_version()}，{where}）")
        for c in checks:
            mark = "通过" if c.ok else "失败"
            print(f"[{mark}] {LABELS.get(c.name, c.name)}（{c.name}）：{c.detail}")
        if failed:
            print("未通过：" + "、".join(failed))
        else:
            print("全部通过")
    return 1 if failed else 0
