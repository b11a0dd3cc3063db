"""The installation self-test without Qt: what a support person asks a shop to run.

Each check does the real work on throw-away files in a temporary folder: a ledger is created, an
invoice recorded and read back with its audit entry, the month's .xlsx and PDF written and read
back, a snapshot written and verified. ``gui/selftest.py`` adds what needs Qt (platform plugin,
font rendering, translations, reading the PDF's text) and the command prints the outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.rates import parse_rate
from invoicedesk.paths import font_path, resources_dir

SHOP = ("自检商店", "91110000802100433B")
BUYER = ("小米科技有限责任公司", "91110108551385082Q")
ITEM = "*餐饮服务*餐费"
TRANSLATIONS = "translations/invoicedesk_en.qm"
# Han characters whose advance must be a full em in the bundled font (a box or a fallback
# font gives other widths or no glyph at all).
PROBE_TEXT = "发票台账助手"
TextReader = Callable[[Path], str]


class Failed(Exception):
    """A check found the installation wanting; the message says what, for the shop."""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class Workspace:
    """Where the file checks work, and what later checks need from earlier ones."""

    folder: Path
    invoice_number: str = ""
    period: str = ""
    pdf: Path | None = None


def timed(name: str, fn: Callable[[], str]) -> Check:
    """Run one check: its text on success; any exception is the failure's detail."""
    started = time.perf_counter()
    try:
        detail = fn()
        ok = True
    except Failed as exc:
        ok, detail = False, str(exc)
    except Exception as exc:  # a fault the check did not foresee: keep its type for support
        ok, detail = False, f"{type(exc).__name__}: {exc}".strip()
    return Check(name, ok, detail, round(time.perf_counter() - started, 3))


def not_run(name: str, reason: str) -> Check:
    return Check(name, False, f"未运行：{reason}")


# ------------------------------------------------------------------ files of the install


def check_pdf_font() -> str:
    """The font reportlab embeds in every PDF: present, TrueType, full-width Han glyphs."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if not path.is_file():
        raise Failed(f"缺少字体文件 {path}：安装不完整，请重新安装")
    font = TTFont("InvoiceDeskSelftest", str(path))
    missing = [c for c in PROBE_TEXT if ord(c) not in font.face.charToGlyph]
    if missing:
        raise Failed(f"字体 {path.name} 中没有这些汉字：{''.join(missing)}")
    pdfmetrics.registerFont(font)
    width = pdfmetrics.stringWidth(PROBE_TEXT, "InvoiceDeskSelftest", 10)
    if abs(width - 10 * len(PROBE_TEXT)) > 0.5:
        raise Failed(f"字体宽度异常：{PROBE_TEXT} 宽 {width:.1f}，应为 {10 * len(PROBE_TEXT)}")
    return f"{path.name}，{len(font.face.charToGlyph)} 个字符"


def translations_file() -> Path:
    path = resources_dir() / TRANSLATIONS
    if not path.is_file() or path.stat().st_size == 0:
        raise Failed(f"缺少翻译文件 {path}：安装不完整，请重新安装")
    return path


# ------------------------------------------------------------------ work on a temporary ledger


def _draft(today_number: str) -> InvoiceDraft:
    return InvoiceDraft(
        kind="82",
        code="",
        number=today_number,
        issue_date=clock.today(),
        buyer_name=BUYER[0],
        buyer_tax_id=BUYER[1],
        issuer="自检",
        lines=[
            LineDraft(
                name=ITEM,
                amount=Decimal("100.00"),
                tax_rate=parse_rate("0.06"),
                quantity=Decimal("2"),
                unit_price=Decimal("50.00"),
            )
        ],
    )


def check_ledger(ws: Workspace) -> str:
    """Create a ledger, record an invoice, read it back with its audit entry, verify the chain."""
    from invoicedesk.services.auditing import verify_audit
    from invoicedesk.services.company import set_company
    from invoicedesk.services.invoices import get_invoice, invoice_history, record_invoice
    from invoicedesk.store.database import open_database

    open_database(ws.folder / "selftest.sqlite", actor="selftest")
    set_company(SHOP[0], SHOP[1], "selftest")
    today = clock.today()
    number = f"{today.year % 100:02d}112{1:015d}"
    saved = record_invoice(_draft(number), "selftest")
    back = get_invoice(saved.id)
    if back.number != number or back.total != Decimal("106.00") or back.buyer_name != BUYER[0]:
        raise Failed(f"读回的发票与登记的不同：{back.number} {back.total} {back.buyer_name}")
    history = invoice_history(saved.id)
    if not any(entry.action.startswith("invoice.") and entry.after for entry in history):
        raise Failed("登记的发票没有审计记录")
    report = verify_audit()
    if not report.ok:
        raise Failed(f"审计链不完整：{report.problem_text}")
    ws.invoice_number, ws.period = number, clock.period_of(today)
    return f"登记并读回发票 {number}，审计记录 {report.entries} 条，审计链完整"


def check_xlsx(ws: Workspace) -> str:
    from openpyxl import load_workbook

    from invoicedesk.services.month_files import export_ledger
    from invoicedesk.store.invoice_queries import InvoiceFilter

    path = ws.folder / "selftest.xlsx"
    export_ledger(InvoiceFilter(period=ws.period), path, "selftest")
    book = load_workbook(path, read_only=True)
    try:
        cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    finally:
        book.close()
    if ws.invoice_number not in cells or BUYER[0] not in cells:
        raise Failed("表格中读不到刚登记的发票")
    if not any(isinstance(c, int | float | Decimal) and c == 106 for c in cells):
        raise Failed("表格中价税合计不是数字 106.00")
    return f"写出并读回 {path.name}（{path.stat().st_size:,} 字节）"


def check_pdf(ws: Workspace, read_text: TextReader | None) -> str:
    """Write the month report and read its text back (QtPdf, given by the Qt part)."""
    from invoicedesk.services.month_files import export_month_pdf

    path = ws.folder / "selftest.pdf"
    export_month_pdf(ws.period, path, "selftest")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise Failed("PDF 文件不完整")
    if b"/FontFile2" not in data:
        raise Failed("PDF 没有嵌入中文字体")
    ws.pdf = path
    if read_text is None:
        return f"写出 {path.name}（{len(data):,} 字节，已嵌入字体；Qt 未加载，未读回文字）"
    text = read_text(path)
    if SHOP[0] not in text:
        raise Failed(f"PDF 中读不到“{SHOP[0]}”：中文没有正确写入")
    return f"写出并读回 {path.name}（{len(data):,} 字节，已嵌入字体，中文可读）"


def check_snapshot(ws: Workspace) -> str:
    from invoicedesk.services import backup_runs, backup_settings, backup_verify

    place = ws.folder / "backup-place"
    place.mkdir()
    backup_settings.add_destination(str(place), "selftest", "selftest")
    outcome = backup_runs.run_backup("selftest", kind="full", to=str(place), reason="selftest")[0]
    if not outcome.ok or outcome.snapshot is None:
        raise Failed(outcome.text)
    results = backup_verify.verify("selftest", to=str(place), full_check=True)
    bad = [p for r in results if not r.ok for p in r.problems]
    if not results or bad:
        raise Failed("备份校验失败：" + "；".join(bad or ["没有备份"]))
    return f"备份 {outcome.snapshot.id} 已写出并校验（还原、完整性检查、审计链一致）"


def run_ledger_checks(ws: Workspace, read_pdf_text: TextReader | None = None) -> list[Check]:
    """ledger, xlsx, pdf, snapshot: each after the ledger only when the ledger works."""
    from invoicedesk.store.database import close_database

    out = [timed("ledger", lambda: check_ledger(ws))]
    try:
        if not out[0].ok:
            return out + [not_run(n, "台账检查失败") for n in ("xlsx", "pdf", "snapshot")]
        out.append(timed("xlsx", lambda: check_xlsx(ws)))
        out.append(timed("pdf", lambda: check_pdf(ws, read_pdf_text)))
        out.append(timed("snapshot", lambda: check_snapshot(ws)))
        return out
    finally:
        close_database()
