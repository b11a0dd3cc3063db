"""Invoice kinds (发票票种), statuses, red-flush reasons, and when an invoice may be voided."""

from __future__ import annotations

import unicodedata
from datetime import date

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import Problem, problem

# The platform's kind codes; values are source texts, translated in the "Kind" context.
KINDS: dict[str, str] = {
    "01": QT_TRANSLATE_NOOP("Kind", "增值税专用发票"),
    "03": QT_TRANSLATE_NOOP("Kind", "机动车销售统一发票"),
    "04": QT_TRANSLATE_NOOP("Kind", "增值税普通发票"),
    "08": QT_TRANSLATE_NOOP("Kind", "增值税电子专用发票"),
    "10": QT_TRANSLATE_NOOP("Kind", "增值税电子普通发票"),
    "11": QT_TRANSLATE_NOOP("Kind", "增值税普通发票（卷式）"),
    "14": QT_TRANSLATE_NOOP("Kind", "道路通行费电子普通发票"),
    "15": QT_TRANSLATE_NOOP("Kind", "二手车销售统一发票"),
    "81": QT_TRANSLATE_NOOP("Kind", "数电票（增值税专用发票）"),
    "82": QT_TRANSLATE_NOOP("Kind", "数电票（普通发票）"),
    "85": QT_TRANSLATE_NOOP("Kind", "数电纸质发票（增值税专用发票）"),
    "86": QT_TRANSLATE_NOOP("Kind", "数电纸质发票（普通发票）"),
}

# Keyed by a 20-digit number alone (the code field stays empty).
DIGITAL_KINDS: frozenset[str] = frozenset({"81", "82", "85", "86"})
# Keyed by a 10- or 12-digit code plus an 8-digit number.
LEGACY_KINDS: frozenset[str] = frozenset(KINDS) - DIGITAL_KINDS
PAPER_KINDS: frozenset[str] = frozenset({"01", "03", "04", "11", "15", "85", "86"})
ELECTRONIC_KINDS: frozenset[str] = frozenset(KINDS) - PAPER_KINDS
# 专票: verification asks for the amount without tax.
SPECIAL_VAT_KINDS: frozenset[str] = frozenset({"01", "08", "81", "85"})
# 普票/电子普票/卷票 carry a 20-digit 校验码; verification asks for its last 6 digits.
CHECK_CODE_KINDS: frozenset[str] = frozenset({"04", "10", "11", "14"})
# Legacy paper under 税控: voidable only in the calendar month of issue.
_MONTH_VOIDABLE_KINDS: frozenset[str] = PAPER_KINDS - DIGITAL_KINDS

STATUSES: dict[str, str] = {
    "normal": QT_TRANSLATE_NOOP("Status", "正常"),
    "voided": QT_TRANSLATE_NOOP("Status", "已作废"),
    "red_partial": QT_TRANSLATE_NOOP("Status", "已红冲-部分"),
    "red_full": QT_TRANSLATE_NOOP("Status", "已红冲-全额"),
}

# Other wordings seen in exports and typed by people. A bare "已红冲" is left out on purpose:
# it does not say partial or full, so the caller must ask.
_STATUS_ALIASES: dict[str, str] = {
    "作废": "voided",
    "部分红冲": "red_partial",
    "已部分红冲": "red_partial",
    "全额红冲": "red_full",
    "已全额红冲": "red_full",
}
_DASHES = dict.fromkeys(map(ord, "-‐‑‒–—―－﹣"))

RED_REASONS: dict[str, str] = {
    "01": QT_TRANSLATE_NOOP("RedReason", "开票有误"),
    "02": QT_TRANSLATE_NOOP("RedReason", "销货退回"),
    "03": QT_TRANSLATE_NOOP("RedReason", "服务中止"),
    "04": QT_TRANSLATE_NOOP("RedReason", "销售折让"),
}


def status_from_platform(text: str) -> str | None:
    """Our status code for the platform's 发票状态 wording ("已红冲-部分" -> "red_partial")."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).translate(_DASHES)
    if key.lower() in STATUSES:
        return key.lower()
    for code, label in STATUSES.items():
        if key == label.translate(_DASHES):
            return code
    return _STATUS_ALIASES.get(key)


def void_refusal(kind: str, issue_date: date, today: date) -> Problem | None:
    """Why this invoice cannot be voided (作废) today, or None when voiding is allowed.

    数电纸质发票 (85/86) may be voided with a reason, which the caller records.
    """
    if kind in ("81", "82"):
        return problem(
            "status",
            QT_TRANSLATE_NOOP("Problem", "数电票不能作废，如需冲销请开具红字发票（红冲）"),
        )
    if kind in ELECTRONIC_KINDS:
        return problem(
            "status",
            QT_TRANSLATE_NOOP("Problem", "电子发票不能作废，如需冲销请开具红字发票（红冲）"),
        )
    if kind in _MONTH_VOIDABLE_KINDS:
        if (issue_date.year, issue_date.month) == (today.year, today.month):
            return None
        return problem(
            "status",
            QT_TRANSLATE_NOOP(
                "Problem",
                "纸质发票只能在开具当月作废（本张开具于{year}年{month}月），请开具红字发票（红冲）",
            ),
            year=issue_date.year,
            month=issue_date.month,
        )
    if kind in DIGITAL_KINDS:
        return None
    return problem(
        "status",
        QT_TRANSLATE_NOOP("Problem", "未知的发票票种“{kind}”，无法判断能否作废"),
        kind=kind,
    )
