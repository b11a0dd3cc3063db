"""The bundled Chinese font for PDFs: reportlab embeds it, so any reader shows the text."""

from __future__ import annotations

import errno
from functools import cache

from invoicedesk.paths import font_path

PDF_FONT = "NotoSansSC"


@cache
def register_pdf_font() -> str:
    """Register the font with reportlab once; returns its name for canvas/paragraph styles.

    A damaged install without the font gets a clear "file not found" naming it, not reportlab's
    own error. reportlab is imported here, when a PDF is written: the app starts faster.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "the bundled font is missing", str(path))
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(path)))
    return PDF_FONT
