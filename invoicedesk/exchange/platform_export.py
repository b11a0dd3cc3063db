"""Reading the tax platform's 全量发票查询 export (.xlsx, or a .csv with the same columns).

The layout is in domain/fapiao.md. The format is told by the content, not the file name: a zip
is a workbook, text is CSV. The header row may be anywhere near the top; older exports say
全电发票号码 for 数电发票号码; extra sheets and columns are ignored. Numbers a spreadsheet turned
into numbers get their leading zeros back. Any unreadable row rejects the whole file with a
message naming the row, so a caller never stores half a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.identifiers import IdentifierError, normalize_invoice_key, normalize_text
from invoicedesk.core.kinds import KINDS, status_from_platform
from invoicedesk.core.limits import (
    MAX_AMOUNT_FEN,
    MAX_IMPORT_CELL,
    describe_character,
    forbidden_character,
)
from invoicedesk.core.money import AmountError, parse_decimal, to_fen
from invoicedesk.exchange.zip_guard import ZipLimitError, check_workbook

CONTEXT = "PlatformExport"
INVOICE_SHEET = "发票基础信息"
LINE_SHEET = "信息汇总表"
DIGITAL_NUMBER_COLUMNS = ("数电发票号码", "全电发票号码")
# Without these an invoice row cannot be reconciled.
REQUIRED = ("开票日期", "购买方名称", "金额", "税额", "价税合计", "发票状态", "销方识别号")
LINE_REQUIRED = ("货物或应税劳务名称", "金额", "税额")
HEADER_SCAN_ROWS = 30
PROGRESS_EVERY = 2000
_KIND_BY_NAME = {normalize_text(name): code for code, name in KINDS.items()}
# Names the platform prints that differ from the kind table's.
_KIND_BY_NAME.update(
    {
        normalize_text("电子发票（普通发票）"): "82",
        normalize_text("电子发票（增值税专用发票）"): "81",
        normalize_text("全电发票（普通发票）"): "82",
        normalize_text("全电发票（增值税专用发票）"): "81",
        normalize_text("纸质发票（普通发票）"): "86",
        normalize_text("纸质发票（增值税专用发票）"): "85",
    }
)

Progress = Callable[[int], bool | None]  # rows read so far; return False to cancel


class ExportError(Exception):
    """The file is not a readable export; ``message`` says what is missing or wrong."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class Cancelled(Exception):
    """The reader's progress callback asked to stop."""


def _error(source: str, **params: object) -> ExportError:
    return ExportError(Message(CONTEXT, source, dict(params)))


@dataclass(slots=True)  # not frozen: a frozen init costs a setattr call per field
class PlatformInvoice:
    row_no: int
    kind: str
    kind_text: str
    code: str
    number: str
    issue_date: date
    seller_tax_id: str
    seller_name: str
    buyer_tax_id: str
    buyer_name: str
    amount_fen: int
    tax_fen: int
    total_fen: int
    status: str
    status_text: str
    positive: bool
    source: str
    risk: str
    issuer: str
    remarks: str


@dataclass(slots=True)  # not frozen: a frozen init costs a setattr call per field
class PlatformLineItem:
    row_no: int
    code: str
    number: str
    tax_code: str
    name: str
    spec: str
    unit: str
    quantity: str
    unit_price: str
    amount_fen: int
    tax_rate: str
    tax_fen: int


@dataclass
class PlatformExport:
    name: str
    sha256: str
    size: int
    format: str  # xlsx / csv
    number_column: str
    invoices: list[PlatformInvoice] = field(default_factory=list)
    lines: list[PlatformLineItem] = field(default_factory=list)


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# ------------------------------------------------------------------ cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value) is str and len(value) >= 10 and value[4] == "-" == value[7]:
        try:  # the platform's own "2026-10-05 10:20:30": no need for the general path
            return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            pass
    text = _text(value)
    if not text:
        return None
    head = text.replace("/", "-").replace(".", "-").split()[0].split("T")[0]
    for suffix in ("年", "月", "日"):
        head = head.replace(suffix, "-" if suffix != "日" else "")
    try:
        year, month, day = (int(p) for p in head.strip("-").split("-"))
        return date(year, month, day)
    except ValueError:
        return None


_PLAIN_MONEY = re.compile(r"-?\d{1,12}\.\d\d")  # within MAX_AMOUNT by its form


def _fen(value: Any) -> int:
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return int(value.replace(".", ""))  # "-12.34" -> -1234: exact, and the common case
    if isinstance(value, str) and value.strip() in ("***", "免税", "不征税"):
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_AMOUNT_FEN:
        fen = value * 100
    else:
        fen = to_fen(parse_decimal(value))
    if abs(fen) >= MAX_AMOUNT_FEN:
        raise AmountError(
            Message(
                "Problem",
                QT_TRANSLATE_NOOP("Problem", "金额超出上限：绝对值应小于{limit}"),
                {"limit": f"{MAX_AMOUNT_FEN // 100:,}"},
            )
        )
    return fen


def _tax_id(value: Any) -> str:
    if type(value) is str and value.isascii() and value.isalnum():
        return value.upper()
    return normalize_text(value)


@lru_cache(maxsize=256)
def _status(text: str) -> str | None:
    return status_from_platform(text)


@lru_cache(maxsize=256)
def _kind(text: str) -> str:
    key = normalize_text(text)
    if key in KINDS:
        return key
    return _KIND_BY_NAME.get(key, "")


# ------------------------------------------------------------------ header


def _header_map(row: Sequence[Any], last: bool = False) -> dict[str, int]:
    """Column positions by name; the first of a repeated name, or the last one."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = normalize_text(cell) if cell is not None else ""
        if name and (last or name not in found):
            found[name] = index
    return found


def _is_invoice_header(columns: dict[str, int]) -> bool:
    has_number = "发票号码" in columns or any(c in columns for c in DIGITAL_NUMBER_COLUMNS)
    return has_number and sum(c in columns for c in REQUIRED) >= 3


def _missing(columns: dict[str, int], required: Iterable[str]) -> list[str]:
    return [name for name in required if name not in columns]


def _find_header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    for row_no, row in enumerate(rows, start=1):
        columns = _header_map(row)
        if _is_invoice_header(columns):
            return row_no, columns
        if row_no >= HEADER_SCAN_ROWS:
            return None
    return None


def _best_guess_missing(sample: list[tuple[Any, ...]]) -> list[str]:
    """For the message: which required columns the most header-like row lacks."""
    wanted = ("数电发票号码", *REQUIRED)
    best: list[str] = list(wanted)
    for row in sample:
        columns = _header_map(row)
        missing = _missing(columns, REQUIRED)
        if not any(c in columns for c in (*DIGITAL_NUMBER_COLUMNS, "发票号码")):
            missing = ["数电发票号码", *missing]
        if len(missing) < len(best):
            best = missing
    return best


# ------------------------------------------------------------------ rows


class _RowReader:
    """Turns data rows into PlatformInvoice, with the column positions looked up once."""

    def __init__(self, columns: dict[str, int], line_columns: dict[str, int] | None = None) -> None:
        self.line_columns = line_columns or columns
        self.number_column = next((c for c in DIGITAL_NUMBER_COLUMNS if c in columns), "")
        self.digital = columns.get(self.number_column, -1)
        self.code = columns.get("发票代码", -1)
        self.legacy = columns.get("发票号码", -1)
        self.columns = columns
        self.same: dict[str, str] = {}  # one copy of each repeated text (see invoice())

    def get(self, row: Sequence[Any], name: str) -> Any:
        index = self.columns.get(name, -1)
        return row[index] if 0 <= index < len(row) else None

    def key(self, row: Sequence[Any], row_no: int, kind: str) -> tuple[str, str] | None:
        digital = row[self.digital] if 0 <= self.digital < len(row) else None
        code = row[self.code] if 0 <= self.code < len(row) else None
        legacy = row[self.legacy] if 0 <= self.legacy < len(row) else None
        if type(digital) is str and len(digital) == 20 and digital.isdigit():
            return "", digital  # already clean: the usual case
        try:
            if _text(digital):
                return normalize_invoice_key("82", "", digital)
            if not _text(legacy):
                return None
            return normalize_invoice_key(kind or None, code, legacy)
        except IdentifierError as exc:
            raise _error(
                QT_TRANSLATE_NOOP("PlatformExport", "第{row}行发票号码：{problem}"),
                row=row_no,
                problem=exc.message,
            ) from None

    def money(self, row: Sequence[Any], row_no: int, name: str, line: bool = False) -> int:
        index = (self.line_columns if line else self.columns).get(name, -1)
        try:
            return _fen(row[index] if 0 <= index < len(row) else None)
        except AmountError as exc:
            raise _error(
                QT_TRANSLATE_NOOP("PlatformExport", "第{row}行“{column}”：{problem}"),
                row=row_no,
                column=name,
                problem=exc.message,
            ) from None

    def keep(self, text: str) -> str:
        """The first copy of ``text`` seen (up to a few thousand distinct values)."""
        kept = self.same.get(text)
        if kept is not None:
            return kept
        if len(self.same) < 4096:
            self.same[text] = text
        return text

    def texts(self, row_no: int, texts: dict[str, str]) -> None:
        """Text cells: no control or direction characters, none longer than MAX_IMPORT_CELL."""
        joined = "".join(texts.values())
        if joined.isprintable() and len(joined) <= MAX_IMPORT_CELL:
            return  # the usual case, checked at C speed
        for column, text in texts.items():
            char = forbidden_character(text, multiline=column == "备注")
            if char is not None:
                raise _error(
                    QT_TRANSLATE_NOOP(
                        "PlatformExport", "第{row}行“{column}”含有不允许的控制字符（{char}）"
                    ),
                    row=row_no,
                    column=column,
                    char=describe_character(char),
                )
            if len(text) > MAX_IMPORT_CELL:
                raise _error(
                    QT_TRANSLATE_NOOP(
                        "PlatformExport", "第{row}行“{column}”太长：{length}个字，最多{limit}个字"
                    ),
                    row=row_no,
                    column=column,
                    length=len(text),
                    limit=MAX_IMPORT_CELL,
                )

    def invoice(self, row: Sequence[Any], row_no: int) -> PlatformInvoice | None:
        kind_text = _text(self.get(row, "发票票种"))
        kind = _kind(kind_text)
        key = self.key(row, row_no, kind)
        if key is None:
            return None  # blank rows, a totals row
        issued = _date(self.get(row, "开票日期"))
        if issued is None:
            raise _error(
                QT_TRANSLATE_NOOP("PlatformExport", "第{row}行“开票日期”无法识别：“{value}”"),
                row=row_no,
                value=_text(self.get(row, "开票日期")),
            )
        status_text = _text(self.get(row, "发票状态"))
        status = _status(status_text) if status_text else "normal"
        if status is None:
            raise _error(
                QT_TRANSLATE_NOOP("PlatformExport", "第{row}行“发票状态”无法识别：“{value}”"),
                row=row_no,
                value=status_text,
            )
        total = self.money(row, row_no, "价税合计")
        positive_text = _text(self.get(row, "是否正数发票"))
        positive = positive_text != "否" if positive_text else total >= 0
        texts = {
            column: _text(self.get(row, column))
            for column in ("销方名称", "购买方名称", "发票来源", "发票风险等级", "开票人", "备注")
        }
        self.texts(row_no, texts | {"发票票种": kind_text, "发票状态": status_text})
        # Values that repeat on every row are kept once: a 20 MB file's rows stay in memory.
        keep = self.keep
        for column in ("销方名称", "发票来源", "发票风险等级", "开票人"):
            texts[column] = keep(texts[column])
        kind_text, status_text = keep(kind_text), keep(status_text)
        return PlatformInvoice(
            row_no=row_no,
            kind=kind,
            kind_text=kind_text,
            code=key[0],
            number=key[1],
            issue_date=issued,
            seller_tax_id=keep(_tax_id(self.get(row, "销方识别号"))),
            seller_name=texts["销方名称"],
            buyer_tax_id=_tax_id(self.get(row, "购方识别号")),
            buyer_name=texts["购买方名称"],
            amount_fen=self.money(row, row_no, "金额"),
            tax_fen=self.money(row, row_no, "税额"),
            total_fen=total,
            status=status,
            status_text=status_text,
            positive=positive,
            source=texts["发票来源"],
            risk=texts["发票风险等级"],
            issuer=texts["开票人"],
            remarks=texts["备注"],
        )

    def line(self, row: Sequence[Any], row_no: int) -> PlatformLineItem | None:
        kind = _kind(_text(self.get(row, "发票票种")))
        key = self.key(row, row_no, kind)
        if key is None:
            return None
        texts = {
            column: _text(self.get(row, column))
            for column in (
                "税率",
                "税收分类编码",
                "货物或应税劳务名称",
                "规格型号",
                "单位",
                "数量",
                "单价",
            )
        }
        self.texts(row_no, texts)
        return PlatformLineItem(
            row_no=row_no,
            code=key[0],
            number=key[1],
            tax_code=texts["税收分类编码"],
            name=texts["货物或应税劳务名称"],
            spec=texts["规格型号"],
            unit=texts["单位"],
            quantity=texts["数量"],
            unit_price=texts["单价"],
            amount_fen=self.money(row, row_no, "金额", line=True),
            tax_rate=texts["税率"],
            tax_fen=self.money(row, row_no, "税额", line=True),
        )


def _read_table(
    rows: Iterator[tuple[Any, ...]],
    parse: Callable[[_RowReader, Sequence[Any], int], Any],
    header: tuple[int, dict[str, int]] | tuple[int, dict[str, int], dict[str, int]],
    progress: Progress | None,
    done_before: int,
) -> list[Any]:
    header_row, columns = header[0], header[1]
    reader = _RowReader(columns, header[2] if len(header) > 2 else None)
    out = []
    for row_no, row in enumerate(rows, start=header_row + 1):
        item = parse(reader, row, row_no)
        if item is not None:
            out.append(item)
        if progress and row_no % PROGRESS_EVERY == 0 and progress(done_before + row_no) is False:
            raise Cancelled
    return out


def _parse_invoice(reader: _RowReader, row: Sequence[Any], row_no: int) -> Any:
    return reader.invoice(row, row_no)


def _parse_line(reader: _RowReader, row: Sequence[Any], row_no: int) -> Any:
    return reader.line(row, row_no)


# ------------------------------------------------------------------ formats


def _read_xlsx(path: Path, export: PlatformExport, progress: Progress | None) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # The file is opened here, not by openpyxl: given a path, openpyxl leaves the file open
    # when load_workbook fails, and book.close() cannot close it while a sheet's rows are left
    # half read (a bad row stops the reading). The open file then waits in the error's
    # reference cycles for some later garbage collection, which warns about it. A handle also
    # spares openpyxl's check of the name's extension: the content tells the format.
    with path.open("rb") as handle:
        try:
            check_workbook(handle, path.name)  # bounded memory whatever the zip holds
        except ZipLimitError as exc:
            raise ExportError(exc.message) from None
        except zipfile.BadZipFile:
            raise _not_workbook(path) from None
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, KeyError, zipfile.BadZipFile, ValueError, OSError) as exc:
            if isinstance(exc, OSError) and exc.errno is not None:  # reading failed: not the file
                raise
            if _refused_by_defusedxml(exc):
                raise _unsafe_xml(path) from None
            raise _not_workbook(path) from None
        try:
            _read_book(book, path, export, progress)
        except DefusedXmlException:  # openpyxl parses with defusedxml when it is installed
            raise _unsafe_xml(path) from None
        finally:
            book.close()


def _refused_by_defusedxml(exc: BaseException | None) -> bool:
    """openpyxl wraps what its parser raised in a ValueError: look along the chain."""
    for _ in range(5):
        if exc is None:
            return False
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _not_workbook(path: Path) -> ExportError:
    return _error(
        QT_TRANSLATE_NOOP("PlatformExport", "“{name}”是压缩文件，但不是Excel工作簿（缺少工作表）"),
        name=path.name,
    )


def _unsafe_xml(path: Path) -> ExportError:
    return _error(
        QT_TRANSLATE_NOOP(
            "PlatformExport", "“{name}”中的XML含有不允许的DTD或实体声明，不像平台导出文件，未读取"
        ),
        name=path.name,
    )


def _read_book(book: Any, path: Path, export: PlatformExport, progress: Progress | None) -> None:
    names = book.sheetnames
    ordered = [n for n in names if n.strip() == INVOICE_SHEET] + [
        n for n in names if n.strip() not in (INVOICE_SHEET, LINE_SHEET)
    ]
    sample: list[tuple[Any, ...]] = []
    for name in ordered:
        rows = book[name].iter_rows(values_only=True)
        head = []
        for _ in range(HEADER_SCAN_ROWS):
            row = next(rows, None)
            if row is None:
                break
            head.append(row)
        sample += head
        header = _find_header(iter(head))
        if header is None:
            continue
        export.number_column = _RowReader(header[1]).number_column
        remaining = head[header[0] :]
        export.invoices = _read_table(_chain(remaining, rows), _parse_invoice, header, progress, 0)
        break
    else:
        raise _missing_error(path, sample)
    if LINE_SHEET in [n.strip() for n in names]:
        sheet = book[next(n for n in names if n.strip() == LINE_SHEET)]
        rows = sheet.iter_rows(values_only=True)
        head = [r for _, r in zip(range(HEADER_SCAN_ROWS), rows, strict=False)]
        line_header = _find_line_header(head)
        if line_header is not None:
            export.lines = _read_table(
                _chain(head[line_header[0] :], rows),
                _parse_line,
                line_header,
                progress,
                len(export.invoices),
            )


def _find_line_header(
    head: list[tuple[Any, ...]],
) -> tuple[int, dict[str, int], dict[str, int]] | None:
    for row_no, row in enumerate(head, start=1):
        columns = _header_map(row)
        if _is_invoice_header(columns) and not _missing(columns, LINE_REQUIRED):
            return row_no, columns, _header_map(row, last=True)
    return None


def _chain(first: list[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]) -> Iterator[Any]:
    yield from first
    yield from rest


def _missing_error(path: Path, sample: list[tuple[Any, ...]]) -> ExportError:
    missing = _best_guess_missing(sample)
    return _error(
        QT_TRANSLATE_NOOP(
            "PlatformExport",
            "“{name}”不是全量发票查询导出文件：前{rows}行中找不到包含这些列的表头：{columns}",
        ),
        name=path.name,
        rows=HEADER_SCAN_ROWS,
        columns="、".join(missing),
    )


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:65536]:
        raise _not_text(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _not_text(path)


def _not_text(path: Path) -> ExportError:
    return _error(
        QT_TRANSLATE_NOOP(
            "PlatformExport",
            "“{name}”既不是Excel工作簿（.xlsx），也不是CSV文本文件，请从电子发票服务平台重新导出",
        ),
        name=path.name,
    )


def _read_csv(path: Path, export: PlatformExport, progress: Progress | None) -> None:
    text = _decode(path.read_bytes(), path)
    csv.field_size_limit(1 << 20)
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        head = [tuple(r) for _, r in zip(range(HEADER_SCAN_ROWS), rows, strict=False)]
        header = _find_header(iter(head))
        if header is None:
            raise _missing_error(path, head)
        export.number_column = _RowReader(header[1]).number_column
        export.invoices = _read_table(
            _chain(head[header[0] :], (tuple(r) for r in rows)),
            _parse_invoice,
            header,
            progress,
            0,
        )
    except csv.Error:
        raise _not_text(path) from None


def read_export(
    path: str | Path, progress: Progress | None = None, digest: tuple[str, int] | None = None
) -> PlatformExport:
    """Read the whole file or raise ExportError (or Cancelled when ``progress`` says so).

    ``digest`` is the file's (SHA-256, size) when the caller has already computed it.
    """
    path = Path(path)
    sha, size = digest or file_digest(path)
    if size == 0:
        raise _error(QT_TRANSLATE_NOOP("PlatformExport", "“{name}”是空文件"), name=path.name)
    with path.open("rb") as handle:
        magic = handle.read(4)
    is_zip = magic == b"PK\x03\x04"
    export = PlatformExport(path.name, sha, size, "xlsx" if is_zip else "csv", "")
    if is_zip:
        _read_xlsx(path, export, progress)
    else:
        _read_csv(path, export, progress)
    if not export.invoices:
        raise _error(
            QT_TRANSLATE_NOOP("PlatformExport", "“{name}”有表头，但没有发票行"), name=path.name
        )
    return export


def decimal_text(fen: int) -> str:
    return f"{Decimal(fen).scaleb(-2):.2f}"
