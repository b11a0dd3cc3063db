"""The bundled Chinese font for PDFs: reportlab embeds it, so any reader shows the text."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from invoicedesk.paths import font_path

PDF_FONT = "NotoSansSC"


@cache
def register_pdf_font() -> str:
    """Register the font with reportlab once; returns its name for canvas/paragraph styles."""
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(font_path())))
    return PDF_FONT
