"""A handover slip for the customer: receipt width (80 mm), clearly "not an invoice".

Two uses: the request a customer leaves during an outage (what they asked for, how they will get
the invoice, the promised time), and an invoice's ledger record (number, date, buyer, total).
Written with the bundled font, atomically (temporary name, fsync, rename).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.money import format_money
from invoicedesk.core.words import amount_in_words
from invoicedesk.exchange.fonts import register_pdf_font

if TYPE_CHECKING:  # reportlab's canvas is imported when a slip is written: the app starts faster
    from reportlab.pdfgen.canvas import Canvas

mm = 72.0 / 2.54 * 0.1  # reportlab.lib.units.mm (points in a millimetre), without importing it

WIDTH = 80 * mm
MARGIN = 4 * mm
NOT_AN_INVOICE = QT_TRANSLATE_NOOP("Slip", "本凭条不是发票，不能用于报销或抵扣")
TOTAL = QT_TRANSLATE_NOOP("Slip", "价税合计：{total}")
IN_WORDS = QT_TRANSLATE_NOOP("Slip", "（大写）{words}")
PRACTICE_STAMP = QT_TRANSLATE_NOOP("Slip", "练习")
PRACTICE_NOTE = QT_TRANSLATE_NOOP("Slip", "练习模式打印，仅供培训，不是真实记录")


@dataclass(frozen=True)
class SlipLine:
    name: str
    amount: Decimal  # including tax


@dataclass(frozen=True)
class Slip:
    title: str
    shop: str
    fields: Sequence[tuple[str, str]]
    lines: Sequence[SlipLine]
    total: Decimal
    footer: Sequence[str] = ()
    practice: bool = False  # made in practice mode: stamped 练习 across the slip


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text by width (there are no spaces to break at)."""
    rows: list[str] = []
    current = ""
    for char in text:
        if canvas.stringWidth(current + char, font, size) > width and current:
            rows.append(current)
            current = char
        else:
            current += char
    rows.append(current)
    return rows


def _layout(canvas: Canvas, slip: Slip, font: str, draw: bool, top: float) -> float:
    """Draw (or only measure) the slip from ``top``; returns the y below the last row."""
    y = top
    inner = WIDTH - 2 * MARGIN

    def text(value: str, size: float = 8, center: bool = False, gap: float = 1.6) -> None:
        nonlocal y
        for row in _wrap(canvas, value, font, size, inner):
            y -= size * 1.25
            if draw:
                canvas.setFont(font, size)
                if center:
                    canvas.drawCentredString(WIDTH / 2, y, row)
                else:
                    canvas.drawString(MARGIN, y, row)
        y -= gap

    def rule() -> None:
        nonlocal y
        y -= 2
        if draw:
            canvas.setDash(2, 2)
            canvas.line(MARGIN, y, WIDTH - MARGIN, y)
            canvas.setDash()
        y -= 3

    if slip.practice:
        text(
            f"【{translate('Slip', PRACTICE_STAMP)}】{translate('Slip', PRACTICE_NOTE)}",
            9,
            center=True,
        )
    text(slip.shop, 10, center=True)
    text(slip.title, 12, center=True)
    # The warning boxed, so no one mistakes the slip for an invoice.
    y -= 2
    box_top = y
    text(translate("Slip", NOT_AN_INVOICE), 9, center=True, gap=3)
    if draw:
        canvas.rect(MARGIN, y + 1, inner, box_top - y - 1)
    rule()
    for label, value in slip.fields:
        if value:
            text(f"{label}：{value}")
    if slip.lines:
        rule()
        for line in slip.lines:
            text(line.name)
            y += 1.6
            amount = format_money(line.amount)
            if draw:
                canvas.drawRightString(WIDTH - MARGIN, y + 1.6, amount)
            y -= 1.6
    rule()
    text(translate("Slip", TOTAL).format(total=format_money(slip.total)), 10)
    text(translate("Slip", IN_WORDS).format(words=amount_in_words(slip.total)))
    for row in slip.footer:
        text(row, 7)
    rule()
    text(translate("Slip", NOT_AN_INVOICE), 7, center=True)
    return y


def write_slip(slip: Slip, path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    font = register_pdf_font()
    probe = Canvas(os.devnull)
    height = 20 * mm - _layout(probe, slip, font, draw=False, top=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".slip-", suffix=".pdf", dir=path.parent)
    os.close(fd)
    try:
        canvas = Canvas(temp, pagesize=(WIDTH, height))
        canvas.setTitle(slip.title)
        canvas.setAuthor(slip.shop)
        _layout(canvas, slip, font, draw=True, top=height - 6 * mm)
        if slip.practice:
            _stamp(canvas, font, height)
        canvas.showPage()
        canvas.save()
        with open(temp, "rb+") as out:
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _stamp(canvas: Canvas, font: str, height: float) -> None:
    """A red 练习 stamp across the middle of the slip."""
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.35)
    canvas.setStrokeColorRGB(0.85, 0.1, 0.1, alpha=0.5)
    canvas.translate(WIDTH / 2, height / 2)
    canvas.rotate(30)
    canvas.setFont(font, 40)
    canvas.drawCentredString(0, -14, translate("Slip", PRACTICE_STAMP))
    canvas.setLineWidth(2)
    canvas.rect(-28 * mm, -9 * mm, 56 * mm, 22 * mm)
    canvas.restoreState()


def local_time(stamp: str) -> str:
    return to_local(stamp).strftime("%Y-%m-%d %H:%M") if stamp else ""
