"""Platform exports (全量发票查询) built in the documented layout, for the reconcile tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from tests.factories import SHOP

HEADER = [
    "序号", "发票代码", "发票号码", "数电发票号码", "销方识别号", "销方名称", "购方识别号",
    "购买方名称", "开票日期", "金额", "税额", "价税合计", "发票来源", "发票票种", "发票状态",
    "是否正数发票", "发票风险等级", "开票人", "备注",
]  # fmt: skip
LINE_EXTRA = [
    "税收分类编码", "特定业务类型", "货物或应税劳务名称", "规格型号", "单位", "数量", "单价",
    "金额", "税率", "税额", "价税合计",
]  # fmt: skip


def row(
    number: str,
    *,
    code: str = "",
    issue_date: str = "2026-10-05",
    buyer: tuple[str, str] = ("小米科技有限责任公司", "91110108551385082Q"),
    amount: str = "100.00",
    tax: str = "6.00",
    total: str = "106.00",
    status: str = "正常",
    positive: str = "是",
    kind: str = "数电票（普通发票）",
    seller: tuple[str, str] = SHOP,
    remarks: str = "",
) -> dict[str, Any]:
    digital = not code
    return {
        "发票代码": code,
        "发票号码": "" if digital else number,
        "数电发票号码": number if digital else "",
        "销方识别号": seller[1],
        "销方名称": seller[0],
        "购方识别号": buyer[1],
        "购买方名称": buyer[0],
        "开票日期": f"{issue_date} 10:20:30",
        "金额": amount,
        "税额": tax,
        "价税合计": total,
        "发票来源": "电子发票服务平台" if digital else "增值税发票管理系统",
        "发票票种": kind,
        "发票状态": status,
        "是否正数发票": positive,
        "发票风险等级": "正常",
        "开票人": "张三",
        "备注": remarks,
    }


def _cells(header: Sequence[str], data: dict[str, Any], index: int) -> list[Any]:
    return [index if name == "序号" else data.get(name, "") for name in header]


def write_xlsx(
    path: Path,
    rows: Sequence[dict[str, Any]],
    *,
    header_row: int = 1,
    number_column: str = "数电发票号码",
    lines: Sequence[dict[str, Any]] = (),
    numbers_as_numbers: bool = False,
    extra_sheet: bool = False,
    extra_column: bool = False,
) -> Path:
    """An export as the platform writes it; options reproduce what arrives in practice."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "发票基础信息"
    header = [number_column if h == "数电发票号码" else h for h in HEADER]
    if extra_column:
        header = [*header, "购买方邮箱"]
    for i in range(1, header_row):
        sheet.append(["全量发票查询导出结果" if i == 1 else f"查询条件：第{i}行"])
    sheet.append(header)
    for index, data in enumerate(rows, start=1):
        data = {**data, number_column: data.get("数电发票号码", "")}
        cells = _cells(header, data, index)
        if numbers_as_numbers:
            cells = [_as_number(h, v) for h, v in zip(header, cells, strict=True)]
        sheet.append(cells)
    if lines:
        line_sheet = book.create_sheet("信息汇总表")
        line_header = [*header[: header.index("备注") + 1], *LINE_EXTRA]
        line_sheet.append(line_header)
        invoice_columns = header[: header.index("备注") + 1]
        for index, data in enumerate(lines, start=1):
            data = {**data, number_column: data.get("数电发票号码", "")}
            line_sheet.append(
                [
                    *_cells(invoice_columns, data, index),
                    data.get("税收分类编码", "3070401000000000000"),
                    "",
                    data["名称"],
                    "",
                    data.get("单位", "次"),
                    data.get("数量", "1"),
                    data.get("单价", data["行金额"]),
                    data["行金额"],
                    data.get("税率", "6%"),
                    data["行税额"],
                    "",
                ]
            )
    if extra_sheet:
        other = book.create_sheet("建筑服务")
        other.append(["发票号码", "建筑服务发生地"])
        other.append(["x", "北京"])
    book.save(path)
    return path


def _as_number(header: str, value: Any) -> Any:
    """What Excel does to a column of digits: a number, leading zeros gone."""
    if header in ("发票代码", "发票号码") and isinstance(value, str) and value.isdigit():
        return int(value)
    if header in ("金额", "税额", "价税合计") and value != "":
        return float(value)
    return value


def write_csv(path: Path, rows: Sequence[dict[str, Any]], encoding: str = "utf-8-sig") -> Path:
    """A CSV re-save of the same columns (Excel's "CSV UTF-8", or GBK on older machines)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index, data in enumerate(rows, start=1):
            writer.writerow(_cells(HEADER, data, index))
    return path
