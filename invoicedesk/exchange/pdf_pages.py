"""Page furniture shared by the PDF reports: a footer with the report's name and "page x of y"."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange.fonts import register_pdf_font


class NumberedCanvas(Canvas):
    """Holds pages back until the end, so each can say how many there are.

    Subclass per document and set ``header`` (the footer's left text), then pass the subclass as
    ``canvasmaker`` to reportlab's document template.
    """

    header = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(count)
            super().showPage()
        super().save()

    def _footer(self, count: int) -> None:
        self.setFont(register_pdf_font(), 8)
        self.setFillColor(colors.grey)
        self.drawString(18 * mm, 10 * mm, self.header)
        page_of = Message(
            "Pdf",
            QT_TRANSLATE_NOOP("Pdf", "第 {page} 页 / 共 {pages} 页"),
            {"page": self._pageNumber, "pages": count},
        )
        self.drawRightString(A4[0] - 18 * mm, 10 * mm, str(page_of))
