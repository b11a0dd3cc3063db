"""The bundled font embeds in a PDF and its Chinese text reads back exactly."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from invoicedesk.exchange.fonts import register_pdf_font
from tests.environment import pdf_text, poppler


def test_chinese_text_round_trips_through_a_pdf(tmp_path: Path) -> None:
    name = register_pdf_font()
    pdf = tmp_path / "font.pdf"
    page = canvas.Canvas(str(pdf))
    page.setFont(name, 14)
    page.drawString(72, 720, "发票台账助手 壹万零肆佰肆拾圆整 ¥10,440.00")
    page.save()
    text = pdf_text(pdf)
    assert "发票台账助手 壹万零肆佰肆拾圆整 ¥10,440.00" in text
    fonts = poppler("pdffonts", str(pdf))
    assert "NotoSansSC" in fonts and " yes " in fonts  # embedded
