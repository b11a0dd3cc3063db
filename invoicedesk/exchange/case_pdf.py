"""The case record (PDF): the case's facts, timeline, communications, invoices before and after,
and every delivery attempt, with who made and who checks it.

reportlab with the bundled font embedded, "第 x 页 / 共 y 页" on every page (pdf_pages). The
service fills ``CaseRecord`` with display text, so this module knows nothing of the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, pdf_word_wrap
from invoicedesk.exchange.fonts import register_pdf_font

_CTX = "CasePdf"


@dataclass(frozen=True)
class CaseRecord:
    company: str
    title: str  # e.g. "客户工单记录 #12"
    facts: Sequence[tuple[str, str]]  # label, value
    timeline: Sequence[tuple[str, str, str]]  # local time, who, what
    before: Sequence[tuple[str, str, str, str, str]]  # role, number, date, total, status
    after: Sequence[tuple[str, str, str, str, str]]
    deliveries: Sequence[tuple[str, str, str, str, str]]  # time, who, how/to, files, outcome
    messages: Sequence[tuple[str, str]]  # heading (time, how), text sent or said
    conclusion: Sequence[tuple[str, str]]  # label, value (conclusion, outcome, cause, lesson)
    made_by: str
    made_at: str


def _tr(text: str, **params: Any) -> str:
    return str(Message(_CTX, text, params))


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def write_case_record(record: CaseRecord, path: Path) -> Path:
    """Write the record atomically (a temporary file renamed over ``path``)."""
    # reportlab's layout engine is imported here, when a record is written: the app starts faster.
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from invoicedesk.exchange.pdf_pages import NumberedCanvas

    font = register_pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=13, wordWrap=pdf_word_wrap())
    title = ParagraphStyle("title", parent=base, fontSize=16, leading=22, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=base, fontSize=12, leading=17, spaceBefore=10, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5)
    width = A4[0] - 36 * mm

    def table(
        head: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> Any:
        if not rows:
            return Paragraph(_tr(QT_TRANSLATE_NOOP("CasePdf", "（无）")), base)
        data = [[Paragraph(_esc(h), cell) for h in head]] if head else []
        data += [[Paragraph(_esc(str(v)), cell) for v in row] for row in rows]
        t = Table(data, colWidths=[w * width for w in widths], repeatRows=1 if head else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b4")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0) if head else (0, -1), colors.HexColor("#dde8f4")),
        ]
        t.setStyle(TableStyle(style))
        return t

    def h(text: str) -> Paragraph:
        return Paragraph(_esc(text), h2)

    invoice_head = [
        _tr(QT_TRANSLATE_NOOP("CasePdf", "类别")),
        _tr(QT_TRANSLATE_NOOP("CasePdf", "发票号码")),
        _tr(QT_TRANSLATE_NOOP("CasePdf", "开票日期")),
        _tr(QT_TRANSLATE_NOOP("CasePdf", "价税合计")),
        _tr(QT_TRANSLATE_NOOP("CasePdf", "状态")),
    ]
    invoice_widths = [0.18, 0.34, 0.15, 0.15, 0.18]
    story: list[Any] = [Paragraph(_esc(record.title), title)]
    story.append(table(None, list(record.facts), [0.22, 0.78]))
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "一、处理经过"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("CasePdf", "时间")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "人员")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "事项")),
            ],
            record.timeline,
            [0.18, 0.12, 0.70],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "二、处理前的发票"))))
    story.append(table(invoice_head, record.before, invoice_widths))
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "三、处理后的发票（红冲、重开、补开）"))))
    story.append(table(invoice_head, record.after, invoice_widths))
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "四、交付记录"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("CasePdf", "时间")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "人员")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "方式/对象")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "文件")),
                _tr(QT_TRANSLATE_NOOP("CasePdf", "结果")),
            ],
            record.deliveries,
            [0.16, 0.1, 0.28, 0.22, 0.24],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "五、与客户的沟通"))))
    if record.messages:
        for heading, text in record.messages:
            story.append(Paragraph(_esc(heading), ParagraphStyle("mh", parent=base, spaceBefore=4)))
            story.append(table(None, [(text,)], [1.0]))
    else:
        story.append(table(None, [], [1.0]))
    story.append(h(_tr(QT_TRANSLATE_NOOP("CasePdf", "六、结论和经验教训"))))
    story.append(table(None, list(record.conclusion), [0.22, 0.78]))
    story.append(Spacer(1, 8 * mm))
    story.append(
        Paragraph(
            _esc(
                _tr(
                    QT_TRANSLATE_NOOP(
                        "CasePdf", "制表人：{who}　　制表时间：{at}　　复核人：＿＿＿＿＿＿"
                    ),
                    who=record.made_by,
                    at=record.made_at,
                )
            ),
            base,
        )
    )

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")

    class _Canvas(NumberedCanvas):
        header = f"{record.company}　{record.title}"

    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=record.title,
        author=record.made_by,
    )
    try:
        doc.build(story, canvasmaker=_Canvas)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
