"""The incident report (PDF): facts, timeline, affected invoices, customers contacted, actions, lessons.

reportlab with the bundled font embedded; every page says "第 x 页 / 共 y 页". The service fills
``IncidentReport`` with display text, so this module knows nothing of the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, pdf_word_wrap
from invoicedesk.exchange.fonts import register_pdf_font

_CTX = "IncidentPdf"


@dataclass(frozen=True)
class IncidentReport:
    company: str
    title: str  # e.g. "应急事件报告 第3号" (a drill says so)
    drill: bool
    facts: Sequence[tuple[str, str]]  # label, value
    timeline: Sequence[tuple[str, str, str]]  # local time, who, what
    items: Sequence[tuple[str, str, str, str, str]]  # kind, number/label, buyer, total, recheck
    contacts: Sequence[tuple[str, str, str, str, str]]  # time, whom, phone, how, note
    actions: Sequence[tuple[str, str, str, str]]  # text, owner, due, done
    cause: str
    fix: str
    lessons: str
    made_by: str
    made_at: str


def _tr(text: str, **params: Any) -> str:
    return str(Message(_CTX, text, params))


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def write_incident_report(report: IncidentReport, path: Path) -> Path:
    """Write the report atomically (a temporary file renamed over ``path``)."""
    # reportlab's layout engine is imported here, when a report is written: the app starts faster.
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
            return Paragraph(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "（无）")), base)
        data = [[Paragraph(_esc(h), cell) for h in head]] if head else []
        data += [[Paragraph(_esc(str(v)), cell) for v in row] for row in rows]
        t = Table(data, colWidths=[w * width for w in widths], repeatRows=1 if head else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b4")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        # A header row is shaded; a label/value table shades its label column instead.
        style.append(
            ("BACKGROUND", (0, 0), (-1, 0) if head else (0, -1), colors.HexColor("#dde8f4"))
        )
        t.setStyle(TableStyle(style))
        return t

    def h(text: str) -> Paragraph:
        return Paragraph(_esc(text), h2)

    story: list[Any] = [Paragraph(_esc(report.title), title)]
    if report.drill:
        story.append(
            Paragraph(
                _tr(
                    QT_TRANSLATE_NOOP(
                        "IncidentPdf",
                        "【应急演练】本报告记录的是演练，未改动任何真实发票或开票申请。",
                    )
                ),
                ParagraphStyle("drill", parent=base, textColor=colors.HexColor("#b05a00")),
            )
        )
    story.append(table(None, list(report.facts), [0.25, 0.75]))
    story.append(h(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "一、处理经过"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "时间")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "人员")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "事项")),
            ],
            report.timeline,
            [0.2, 0.12, 0.68],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "二、受影响的发票和开票申请"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "类别")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "号码/登记时间")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "购买方")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "价税合计")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "复核结果")),
            ],
            report.items,
            [0.14, 0.22, 0.28, 0.13, 0.23],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "三、已联系的客户和单位"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "时间")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "联系对象")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "电话")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "方式/联系人")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "结果")),
            ],
            report.contacts,
            [0.17, 0.25, 0.15, 0.13, 0.3],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "四、原因、处理办法和经验教训"))))
    story.append(
        table(
            None,
            [
                (_tr(QT_TRANSLATE_NOOP("IncidentPdf", "原因")), report.cause),
                (_tr(QT_TRANSLATE_NOOP("IncidentPdf", "处理办法")), report.fix),
                (_tr(QT_TRANSLATE_NOOP("IncidentPdf", "经验教训")), report.lessons),
            ],
            [0.18, 0.82],
        )
    )
    story.append(h(_tr(QT_TRANSLATE_NOOP("IncidentPdf", "五、后续改进事项"))))
    story.append(
        table(
            [
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "事项")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "负责人")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "完成日期")),
                _tr(QT_TRANSLATE_NOOP("IncidentPdf", "状态")),
            ],
            report.actions,
            [0.52, 0.16, 0.16, 0.16],
        )
    )
    story.append(Spacer(1, 8 * mm))
    story.append(
        Paragraph(
            _esc(
                _tr(
                    QT_TRANSLATE_NOOP(
                        "IncidentPdf", "制表人：{who}　　制表时间：{at}　　复核人：＿＿＿＿＿＿"
                    ),
                    who=report.made_by,
                    at=report.made_at,
                )
            ),
            base,
        )
    )

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")

    class _Canvas(NumberedCanvas):
        header = f"{report.company}　{report.title}"

    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=report.title,
        author=report.made_by,
    )
    try:
        doc.build(story, canvasmaker=_Canvas)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
