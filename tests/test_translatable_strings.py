"""Every Chinese word a user can see reaches Qt Linguist.

lupdate finds text only as a literal argument of ``tr``, ``translate`` or ``QT_TRANSLATE_NOOP``.
A Chinese literal anywhere else in the interface (a label's text, a local ``_tr(text)`` wrapper,
an f-string handed to ``tr``) stays Chinese for English users, and nothing else would notice.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "invoicedesk"
SCOPE = [PACKAGE / "gui", PACKAGE / "commands", PACKAGE / "cli.py"]

CJK = re.compile(r"[\u3400-\u9fff]")
# Separators between translated parts (、 ； （ and the ideographic space) carry no words.
MARKERS = {"tr": 0, "QT_TR_NOOP": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}

# Whole modules that are Chinese on purpose.
CHINESE_MODULES = {
    # Runs before Qt (and so any translator) can load, to say which system library is missing.
    "gui/preflight.py",
    # The installation's self-test report is read by support, in Chinese, whatever the shop's
    # language (`--selftest --json` gives the machine-readable form).
    "gui/selftest.py",
    "commands/selftest.py",
}
# Literals that are not interface text, with why.
NOT_INTERFACE_TEXT = {
    # Column widths are measured on the widest typical content, which is Chinese data.
    ("gui/ledger_page.py", "中关村恒信信息技术股份有限公司"),
    ("gui/ledger_page.py", "开票人名"),
    ("gui/lines_table.py", "规格型号"),
    ("gui/lines_table.py", "单位"),
    ("gui/lines_table.py", "不征税 ▾"),
    ("gui/search_page.py", "数电纸质专票"),
    ("gui/search_page.py", "已红冲-部分"),
    # A language is offered in its own name.
    ("gui/main_window.py", "简体中文"),
    # Default names of files kept as records for the tax office stay Chinese (as the month pack).
    ("gui/month_page.py", "台账-"),
    ("gui/month_page.py", "月度报告-"),
    ("gui/month_page.py", "会计资料包-"),
    ("gui/features/month_end.py", "台账-"),
    ("gui/features/month_end.py", "筛选"),
    ("gui/features/counter.py", "发票登记凭条-"),
    ("gui/case_panels.py", "发票登记凭条-"),
    ("gui/case_window.py", "客户工单-"),
    ("gui/counter_page.py", "开票申请回执-"),
    ("gui/incident_register.py", "应急事件报告-"),
    ("gui/restore_dialog.py", "-恢复-"),
    # Splits what a user typed on Chinese as well as Latin separators.
    ("gui/case_new.py", "[\\s,，、;；]+"),
}


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _files() -> list[Path]:
    return sorted(
        path for place in SCOPE for path in ([place] if place.is_file() else place.rglob("*.py"))
    )


def hidden_chinese(name: str, source: str) -> list[str]:
    """Chinese literals in module ``name`` that lupdate cannot see, as 'name:line: text'."""
    if name in CHINESE_MODULES:
        return []
    tree = ast.parse(source)
    parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not CJK.search(node.value) or (name, node.value) in NOT_INTERFACE_TEXT:
            continue
        above = parent.get(node)
        if isinstance(above, ast.Expr):  # a docstring
            continue
        if isinstance(above, ast.Call) and _callee(above) in MARKERS:
            position = MARKERS[_callee(above)]
            if len(above.args) > position and above.args[position] is node:
                continue
        found.append((node.lineno, node.col_offset, f"{name}:{node.lineno}: {node.value[:50]!r}"))
    return [line for *_, line in sorted(found)]


def test_every_chinese_literal_reaches_qt_linguist() -> None:
    hidden = [
        line
        for path in _files()
        for line in hidden_chinese(
            path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")
        )
    ]
    assert not hidden, "Chinese text lupdate cannot see:\n" + "\n".join(hidden)


def test_the_check_catches_what_lupdate_misses() -> None:
    """The kinds of mistake the check exists for, in a module of the interface."""
    sample = (
        "def build(self, name):\n"
        "    label = QLabel('保存')\n"  # never marked
        "    self.tr(f'{name}已保存')\n"  # an f-string: lupdate cannot read it
        "    _tr('已删除')\n"  # a local wrapper
        "    QCoreApplication.translate('Ctx', '好的')\n"  # the marked forms pass
        "    self.tr('好的')\n"
        "    return '；'.join([])\n"  # a separator carries no words
    )
    assert hidden_chinese("gui/sample.py", sample) == [
        "gui/sample.py:2: '保存'",
        "gui/sample.py:3: '已保存'",
        "gui/sample.py:4: '已删除'",
    ]
