"""The bookkeeper's ledger workbook, written with openpyxl's write-only mode (flat memory).

Sheets: 发票 (one row per invoice), 明细 (one row per line), 汇总 (the month's summary) or 筛选条件
(the filters of the list it was exported from). Identifiers are text, amounts real numbers with
two decimals, dates real dates; frozen header, autofilter, totals. Text that a spreadsheet could
take for a formula (starting with = + - @) is neutralised with a leading apostrophe.

Speed: cells with a number format reuse one styled cell per column (openpyxl writes each cell as
it is appended), so styling costs almost nothing over plain values.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.kinds import KINDS, STATUSES
from invoicedesk.core.rates import parse_rate

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_CTX = "LedgerXlsx"

# Raw invoice tuples: code, number, kind, issue_date, buyer_name, buyer_tax_id, amount_fen,
# tax_fen, total_fen, status, is_red, issuer, remarks.
INVOICE_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票代码"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票号码"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票票种"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "开票日期"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "购买方名称"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "购买方识别号"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "金额"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "税额"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "价税合计"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票状态"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "是否正数发票"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "开票人"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "备注"),
)
INVOICE_WIDTHS = (14, 24, 24, 12, 36, 22, 15, 13, 15, 12, 8, 10, 30)
# Raw line tuples: code, number, line_no, name, spec, unit, quantity, unit_price, amount_fen,
# tax_rate, tax_fen.
LINE_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票代码"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "发票号码"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "行号"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "货物或应税劳务名称"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "规格型号"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "单位"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "数量"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "单价"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "金额"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "税率"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "税额"),
)
LINE_WIDTHS = (14, 24, 6, 32, 12, 6, 10, 12, 15, 8, 13)
SUMMARY_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerXlsx", "分组"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "项目"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "张数"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "金额"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "税额"),
    QT_TRANSLATE_NOOP("LedgerXlsx", "价税合计"),
)


class Cancelled(Exception):
    """The user stopped the export; no file was left behind."""


class GroupLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def tax(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...


def _tr(text: str) -> str:
    return str(Message(_CTX, text))


def neutralise(value: str) -> str:
    """Text a spreadsheet must never run as a formula."""
    return "'" + value if value.startswith(_DANGEROUS) else value


def _header(ws: Any, titles: Sequence[str], widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, _tr(title))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    ws.append(cells)


class _FormatCell(Cell):
    """One formatted cell reused for a whole column: its style id is looked up once.

    openpyxl writes each appended row at once, so the same object can carry every row's value.
    """

    __slots__ = ("_fixed_style_id",)

    def freeze(self) -> _FormatCell:
        self._fixed_style_id = int(Cell.style_id.fget(self))
        return self

    @property
    def style_id(self) -> int:
        return int(self._fixed_style_id)


def _styled(ws: Any, number_format: str, bold: bool = False) -> _FormatCell:
    cell = _FormatCell(ws, row=1, column=1)
    cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell.freeze()


def _fast_rows(ws: Any) -> None:
    """Replace openpyxl's row conversion on ``ws`` by one that takes formatted cells directly.

    openpyxl first tries to assign a cell object as a value, and formats a ValueError message
    (with the cell's repr) for each formatted cell of each row: half the time of the export.
    Our rows hold plain str/int/Decimal values (never styled by binding) and ``Cell`` objects.
    """
    plain = WriteOnlyCell(ws)

    def values_to_row(values: Iterable[Any], row_idx: int) -> Iterator[Cell]:
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                cell = plain
                cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row


def _fen(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _decimal_text(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


_text = neutralise


def write_ledger(
    path: Path,
    invoices: Iterable[tuple[Any, ...]],
    lines: Iterable[tuple[Any, ...]],
    *,
    total: int,
    title: str = "",
    summary: Sequence[tuple[str, Sequence[GroupLike]]] | None = None,
    filters: list[tuple[str, str]] | None = None,
    progress: Callable[[int, int], bool] | None = None,
    practice: bool = False,
) -> str:
    """Write the workbook atomically; returns its SHA-256. ``progress`` returning False cancels.

    ``practice``: made from the practice ledger; every sheet's name starts with 练习 and the
    workbook's title says so.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kinds = {code: _tr_ctx("Kind", label) for code, label in KINDS.items()}
    statuses = {code: _tr_ctx("Status", label) for code, label in STATUSES.items()}
    yes, no = _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "是")), _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "否"))
    total_label = _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "合计"))

    wb = Workbook(write_only=True)
    mark = _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "练习-")) if practice else ""
    if practice:
        wb.properties.title = _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "练习台账导出，不是真实记录"))
    ws = wb.create_sheet(mark + _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "发票")))
    _header(ws, INVOICE_HEADERS, INVOICE_WIDTHS)
    _fast_rows(ws)
    date_c = _styled(ws, DATE_FORMAT)
    amount_c, tax_c, total_c = (_styled(ws, MONEY_FORMAT) for _ in range(3))
    sums = [0, 0, 0]
    done = 0
    append = ws.append
    for (
        code,
        number,
        kind,
        day,
        buyer,
        tax_id,
        amount,
        tax,
        gross,
        status,
        red,
        issuer,
        rem,
    ) in invoices:
        date_c.value = day if isinstance(day, date) else date.fromisoformat(str(day))
        amount_c.value = _fen(amount)
        tax_c.value = _fen(tax)
        total_c.value = _fen(gross)
        if status != "voided":  # voided invoices count for nothing, as in the ledger
            sums[0] += amount
            sums[1] += tax
            sums[2] += gross
        append(
            (
                code,
                number,
                kinds.get(kind, kind),
                date_c,
                _text(buyer),
                tax_id,
                amount_c,
                tax_c,
                total_c,
                statuses.get(status, status),
                no if red else yes,
                _text(issuer),
                _text(rem),
            )
        )
        done += 1
        if progress is not None and done % 2000 == 0 and not progress(done, total):
            return _discard(wb, path)
    last_row = done + 1
    if done:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(INVOICE_HEADERS))}{last_row}"
    bold_money = [_styled(ws, MONEY_FORMAT, bold=True) for _ in range(3)]
    for cell, value in zip(bold_money, sums, strict=True):
        cell.value = _fen(value)
    label = WriteOnlyCell(ws, total_label)
    label.font = Font(bold=True)
    count_cell = WriteOnlyCell(
        ws, _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "{count} 张（不含作废）")).format(count=done)
    )
    append((label, None, None, None, count_cell, None, *bold_money))

    ls = wb.create_sheet(mark + _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "明细")))
    _header(ls, LINE_HEADERS, LINE_WIDTHS)
    _fast_rows(ls)
    qty_c, price_c = _styled(ls, "0.########"), _styled(ls, "#,##0.00######")
    line_amount_c, line_tax_c = _styled(ls, MONEY_FORMAT), _styled(ls, MONEY_FORMAT)
    rates: dict[str, str] = {}
    line_count = 0
    lappend = ls.append
    for code, number, line_no, name, spec, unit, qty, price, amount, rate, tax in lines:
        qty_c.value = _decimal_text(qty)
        price_c.value = _decimal_text(price)
        line_amount_c.value = _fen(amount)
        line_tax_c.value = _fen(tax)
        rate_text = rates.get(rate)
        if rate_text is None:
            rate_text = rates[rate] = _rate_text(rate)
        lappend(
            (
                code,
                number,
                line_no,
                _text(name),
                _text(spec),
                _text(unit),
                qty_c,
                price_c,
                line_amount_c,
                rate_text,
                line_tax_c,
            )
        )
        line_count += 1
        if progress is not None and line_count % 4000 == 0 and not progress(done, total):
            return _discard(wb, path)
    if line_count:
        ls.auto_filter.ref = f"A1:{get_column_letter(len(LINE_HEADERS))}{line_count + 1}"

    if summary:
        ss = wb.create_sheet(mark + _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "汇总")))
        _header(ss, SUMMARY_HEADERS, (14, 30, 10, 16, 16, 16))
        for section, groups in summary:
            for group in groups:
                ss.append(
                    (
                        section,
                        group.label,
                        group.count,
                        _money_cell(ss, group.amount),
                        _money_cell(ss, group.tax),
                        _money_cell(ss, group.total),
                    )
                )
    if filters is not None:
        fs = wb.create_sheet(mark + _tr(QT_TRANSLATE_NOOP("LedgerXlsx", "筛选条件")))
        _header(
            fs,
            (QT_TRANSLATE_NOOP("LedgerXlsx", "条件"), QT_TRANSLATE_NOOP("LedgerXlsx", "值")),
            (18, 60),
        )
        fs.append((_tr(QT_TRANSLATE_NOOP("LedgerXlsx", "导出范围")), _text(title)))
        for filter_name, filter_value in filters:
            fs.append((_text(filter_name), _text(filter_value)))
        fs.append((_tr(QT_TRANSLATE_NOOP("LedgerXlsx", "发票张数")), done))
    if progress is not None and not progress(done, total):
        return _discard(wb, path)
    return _save_atomically(wb, path)


def _discard(wb: Workbook, path: Path) -> NoReturn:
    """Stop: openpyxl's streams must be closed by a save, so save aside and delete."""
    fd, tmp_name = tempfile.mkstemp(prefix=".cancelled-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp_name)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    raise Cancelled


def _money_cell(ws: Any, value: Decimal) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = MONEY_FORMAT
    return cell


def _tr_ctx(context: str, text: str) -> str:
    return str(Message(context, text))


def _rate_text(code: str) -> str:
    try:
        return _tr_ctx("Rate", parse_rate(code).label)
    except ValueError:
        return code


def _save_atomically(wb: Workbook, path: Path) -> str:
    """Write beside the target, fsync, rename: never half a file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".ledger-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)
        digest = sha256_of(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
