"""A platform export (全量发票查询) for the practice ledger, in the platform's layout, with exactly
three differences from the practice ledger: what the reconciliation lesson asks to resolve."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

HEADER = (
    "序号", "发票代码", "发票号码", "数电发票号码", "销方识别号", "销方名称", "购方识别号",
    "购买方名称", "开票日期", "金额", "税额", "价税合计", "发票来源", "发票票种", "发票状态",
    "是否正数发票", "发票风险等级", "开票人", "备注",
)  # fmt: skip


def _yuan(fen: int) -> str:
    return str((Decimal(fen) / 100).quantize(Decimal("0.01")))


def write_export(
    path: Path, seller: tuple[str, str], rows: Iterable[Sequence[Any]], extra: Sequence[Any]
) -> Path:
    """``rows``: (code, number, kind_text, day, buyer, buyer_id, amount_fen, tax_fen, total_fen,
    status_text, positive, issuer) of the ledger; the first is left out (missing on the
    platform), the second's amounts differ by ¥10.00, and ``extra`` is added (missing in the
    ledger)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "发票基础信息"
    sheet.append(HEADER)
    index = 0
    for position, row in enumerate([*rows, extra]):
        if position == 0:
            continue  # the platform does not have it
        code, number, kind, day, buyer, buyer_id, amount, tax, total, status, positive, issuer = row
        if position == 1:
            amount, total = amount + 1000, total + 1000  # the platform says ¥10.00 more
        index += 1
        digital = not code
        sheet.append(
            (
                index, code, "" if digital else number, number if digital else "",
                seller[1], seller[0], buyer_id, buyer, f"{day} 10:00:00",
                _yuan(amount), _yuan(tax), _yuan(total),
                "电子发票服务平台" if digital else "增值税发票管理系统", kind, status,
                "是" if positive else "否", "正常", issuer, "",
            )
        )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
