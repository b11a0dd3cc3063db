"""Reading the platform's 全量发票查询 export: the layouts that arrive, and files that are not one."""

from __future__ import annotations

import gc
import os
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from invoicedesk.exchange.platform_export import ExportError, read_export
from invoicedesk.services import company, reconcile_import
from invoicedesk.services.errors import NotAllowed
from invoicedesk.store.models import AuditEntry
from invoicedesk.store.reconcile_models import ImportedFile, PlatformLine, PlatformRow
from tests.factories import SHOP, number
from tests.integration.platform_files import row, write_csv, write_xlsx

RECEIVED = row(number(900), seller=("华为技术有限公司", "914403001922038216"),
               buyer=SHOP)  # fmt: skip


def test_header_not_on_the_first_row_extra_sheets_and_columns(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [row(number(1)), row(number(2), total="212.00", amount="200.00", tax="12.00")],
        header_row=4,
        extra_sheet=True,
        extra_column=True,
    )
    export = read_export(path)
    assert [(i.number, i.total_fen, i.row_no) for i in export.invoices] == [
        (number(1), 10600, 5),
        (number(2), 21200, 6),
    ]
    assert export.number_column == "数电发票号码"
    first = export.invoices[0]
    assert (first.kind, first.status, first.positive, first.issue_date.isoformat()) == (
        "82",
        "normal",
        True,
        "2026-10-05",
    )
    assert len(export.sha256) == 64 and export.size == path.stat().st_size


def test_older_export_says_quandian(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "old.xlsx", [row(number(1))], number_column="全电发票号码")
    export = read_export(path)
    assert export.number_column == "全电发票号码"
    assert export.invoices[0].number == number(1)


def test_numbers_stored_as_numbers_get_their_zeros_back(tmp_path: Path) -> None:
    legacy = row("00123456", code="011002680026", kind="增值税电子普通发票")
    path = write_xlsx(tmp_path / "numbers.xlsx", [legacy], numbers_as_numbers=True)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["B2"].value == 11002680026 and sheet["C2"].value == 123456  # really numbers
    inv = read_export(path).invoices[0]
    assert (inv.kind, inv.code, inv.number, inv.amount_fen) == (
        "10",
        "011002680026",
        "00123456",
        10000,
    )


def test_a_20_digit_number_a_spreadsheet_rounded_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rounded.xlsx"
    write_xlsx(path, [row(number(1))])
    book = openpyxl.load_workbook(path)
    book.active["D2"] = float(number(1))
    book.save(path)
    with pytest.raises(ExportError, match=r"第2行发票号码.*无法恢复"):
        read_export(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_resave(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "export.csv", [row(number(1)), RECEIVED], encoding=encoding)
    export = read_export(path)
    assert export.format == "csv"
    assert [i.seller_tax_id for i in export.invoices] == [SHOP[1], "914403001922038216"]
    assert export.invoices[0].buyer_name == "小米科技有限责任公司"


def test_red_and_partly_red_flushed(tmp_path: Path) -> None:
    red = row(number(2), amount="-100.00", tax="-6.00", total="-106.00", positive="否",
              remarks=f"被红冲蓝字数电票号码：{number(1)}")  # fmt: skip
    path = write_xlsx(tmp_path / "red.xlsx", [row(number(1), status="已红冲-部分"), red])
    blue, red_inv = read_export(path).invoices
    assert blue.status == "red_partial"
    assert (red_inv.positive, red_inv.total_fen, red_inv.status) == (False, -10600, "normal")


def test_line_sheet_is_read_with_its_own_amount_columns(tmp_path: Path) -> None:
    lines = [
        {
            **row(number(1), total="106.00"),
            "名称": "*餐饮服务*餐费",
            "行金额": "60.00",
            "行税额": "3.60",
        },
        {**row(number(1)), "名称": "*餐饮服务*饮料", "行金额": "40.00", "行税额": "2.40"},
    ]
    path = write_xlsx(tmp_path / "lines.xlsx", [row(number(1))], lines=lines)
    export = read_export(path)
    assert [(x.number, x.name, x.amount_fen, x.tax_fen, x.tax_rate) for x in export.lines] == [
        (number(1), "*餐饮服务*餐费", 6000, 360, "6%"),
        (number(1), "*餐饮服务*饮料", 4000, 240, "6%"),
    ]


@pytest.mark.parametrize("name", ["导出.xls", "导出.xlsx.下载", "导出"])
def test_a_workbook_is_told_by_its_content_not_its_name(tmp_path: Path, name: str) -> None:
    path = write_xlsx(tmp_path / name, [row(number(1))])
    export = read_export(path)
    assert (export.format, [i.number for i in export.invoices]) == ("xlsx", [number(1)])


def test_row_with_a_bad_date_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [row(number(1)), row(number(2), issue_date="下周一")])
    with pytest.raises(ExportError, match="第3行“开票日期”无法识别"):
        read_export(path)


def _junk(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.write(os.urandom(size))
    return path


def _other_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return path


def _wrong_columns(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["日期", "客户", "金额"])
    book.active.append(["2026-10-05", "小米", 100])
    book.save(path)
    return path


BAD_FILES = {
    "empty.xlsx": (lambda p: p.write_bytes(b"") and p, "是空文件"),
    "wrong.xlsx": (_wrong_columns, "找不到包含这些列的表头：数电发票号码、开票日期、购买方名称"),
    "other.xlsx": (_other_zip, "不是Excel工作簿"),
    "random.xlsx": (lambda p: _junk(p, 4096), "既不是Excel工作簿"),
    "huge.csv": (lambda p: _junk(p, 30 * 1024 * 1024), "既不是Excel工作簿"),
    "text.csv": (
        lambda p: p.write_text("你好\n世界\n", encoding="utf-8") and p,
        "找不到包含这些列的表头",
    ),
    "header_only.csv": (lambda p: write_csv(p, []), "没有发票行"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_rejected_and_nothing_is_stored(db: str, tmp_path: Path, name: str) -> None:
    make, message = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    company.set_company(*SHOP, "tester")
    entries = AuditEntry.select().count()
    with pytest.raises(reconcile_import.ImportFailed) as caught:
        reconcile_import.import_export(path, "会计")
    assert message in str(caught.value.message)
    assert AuditEntry.select().count() == entries
    assert ImportedFile.select().count() == PlatformRow.select().count() == 0


def test_a_bad_row_late_in_the_file_stores_nothing(db: str, tmp_path: Path) -> None:
    company.set_company(*SHOP, "tester")
    rows = [row(number(i)) for i in range(1, 40)] + [row(number(40), total="一百")]
    path = write_xlsx(tmp_path / "late.xlsx", rows)
    with pytest.raises(reconcile_import.ImportFailed, match="第41行“价税合计”"):
        reconcile_import.import_export(path, "会计")
    assert PlatformRow.select().count() == 0 and ImportedFile.select().count() == 0


def _truncated(path: Path) -> Path:
    write_xlsx(path, [row(number(seq)) for seq in range(1, 40)])
    path.write_bytes(path.read_bytes()[:-200])  # the zip's directory cut off
    return path


def _without_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


def _bad_row(path: Path) -> Path:
    """A bad row with more after it: the reading stops in the middle of the sheet."""
    rows = [row(number(seq)) for seq in range(1, 40)]
    rows[19] = row(number(20), total="?")
    return write_xlsx(path, rows)


def _bad_line(path: Path) -> Path:
    rows = [row(number(seq)) for seq in range(1, 40)]
    lines = [{**r, "名称": "*餐饮服务*餐费", "行金额": "100.00", "行税额": "6.00"} for r in rows]
    lines[20] = {**lines[20], "行税额": "六元"}
    return write_xlsx(path, rows, lines=lines)


BROKEN_XLSX = {
    "bad-row": (_bad_row, "第21行“价税合计”"),
    "bad-line": (_bad_line, "第22行“税额”"),
    "not-a-workbook": (_other_zip, "不是Excel工作簿"),
    "no-workbook-part": (_without_workbook, "不是Excel工作簿"),
    "truncated": (_truncated, "不是Excel工作簿"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_XLSX))
def test_a_broken_xlsx_leaves_no_file_open(tmp_path: Path, name: str) -> None:
    """Read as the services do, raising another error from the handler: the failure's frames
    then sit in a reference cycle that only the collector frees, with anything the reader left
    open, whose ResourceWarning would fail whichever later test ran at that moment."""
    make, message = BROKEN_XLSX[name]
    path = make(tmp_path / f"{name}.xlsx")

    def read_as_a_service() -> None:
        try:
            read_export(path)
        except ExportError as exc:
            failed = ValueError(str(exc))
            raise failed from None

    seen: list[sys.UnraisableHookArgs] = []  # a warning raised in __del__ comes here
    previous, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match=message):
                read_as_a_service()
            gc.collect()
    finally:
        sys.unraisablehook = previous
    assert [f"{u.exc_type.__name__}: {u.exc_value}" for u in seen] == []


def test_import_keeps_name_hash_rows_and_direction(db: str, tmp_path: Path) -> None:
    company.set_company(*SHOP, "tester")
    lines = [{**row(number(1)), "名称": "*餐饮服务*餐费", "行金额": "100.00", "行税额": "6.00"}]
    path = write_xlsx(tmp_path / "10月.xlsx", [row(number(1)), RECEIVED], lines=lines)
    view = reconcile_import.import_export(path, "会计")
    assert (view.name, view.rows, view.line_rows, view.issued, view.received) == (
        "10月.xlsx",
        2,
        1,
        1,
        1,
    )
    assert view.sha256 == read_export(path).sha256 and not view.already
    assert PlatformLine.select().count() == 1
    again = reconcile_import.import_export(path, "会计")
    assert again.already and again.id == view.id
    assert ImportedFile.select().count() == 1
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "platform_file.import" and "10月.xlsx" in entry.after


def test_without_the_shops_tax_id_nothing_is_imported(db: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [row(number(1))])
    with pytest.raises(NotAllowed, match="统一社会信用代码"):
        reconcile_import.import_export(path, "会计")
    assert ImportedFile.select().count() == 0
