"""The month report (PDF): summary tables, rate breakdown, screening, reconciliation, the trend.

reportlab with the bundled font embedded, so any reader shows the Chinese text; every page carries
the company, the period and "第 x 页 / 共 y 页"; the last block has the 制表人/复核人 lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.forecast import METHOD_LABELS
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, language, listing, pdf_word_wrap
from invoicedesk.core.money import format_money
from invoicedesk.exchange.fonts import register_pdf_font
from invoicedesk.exchange.ledger_xlsx import sha256_of
from invoicedesk.exchange.pdf_pages import NumberedCanvas

_CTX = "MonthPdf"
MAX_FINDINGS = 300  # beyond this the PDF says how many more; the full list is in the app
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#2f6fb0",
        "#e07b39",
        "#4aa564",
        "#c4453c",
        "#8a63b8",
        "#8c6d4f",
        "#d16ba5",
        "#7f7f7f",
    )
]


def _tr(text: str, **params: Any) -> str:
    return str(Message(_CTX, text, params))


def _ctx(context: str, text: str) -> str:
    return str(Message(context, text))


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=13, wordWrap=pdf_word_wrap())
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=11.5, leading=16, spaceBefore=10, spaceAfter=4
        ),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5),
    }


def _table(
    rows: list[list[Any]], widths: Sequence[float], font: str, numeric_from: int = 2
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), font, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde8f4")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b4")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    table.setStyle(TableStyle(style))
    return table


def _group_rows(
    title: str, groups: Sequence[Any], total_row: Sequence[Any] | None = None
) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            title,
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "张数")),
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "金额")),
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "税额")),
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "价税合计")),
        ]
    ]
    for g in groups:
        rows.append(
            [
                g.label,
                f"{g.count:,}",
                format_money(g.amount),
                format_money(g.tax),
                format_money(g.total),
            ]
        )
    if total_row:
        rows.append(list(total_row))
    return rows


def _wrap(text: str, font: str, size: float, width: float) -> str:
    """Break a legend label into lines that fit ``width`` (words in English, characters in
    Chinese), rather than cutting it: "Ordinary VAT i" says nothing."""
    lines: list[str] = []
    current = ""
    tokens = re.findall(r"\S+\s*", text) if " " in text else list(text)
    for token in tokens:
        if current and stringWidth(current + token.rstrip(), font, size) > width:
            lines.append(current.rstrip())
            current = ""
        current += token
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


def trend_drawing(
    trend: Any, font: str, width: float = 170 * mm, height: float = 70 * mm
) -> Drawing:
    """Monthly totals as stacked bars by series, the forecast as a line after them."""
    drawing = Drawing(width, height)
    months = list(trend.periods)[-24:]  # two years fit the page
    keep = len(months)
    series = {label: list(values)[-keep:] for label, values in trend.series.items()}
    forecast_values = list(trend.forecast.values) if trend.forecast else []
    future = list(trend.forecast_periods) if forecast_values else []
    all_months = months + [p for p in future if p not in months]
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 14 * mm
    chart.width, chart.height = width - 50 * mm, height - 22 * mm
    pad = [0.0] * (len(all_months) - len(months))
    data = [[float(v) / 10000 for v in values] + pad for values in series.values()] or [[0.0]]
    chart.data = data
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [m[2:] for m in all_months]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.barSpacing = 0.5
    for i in range(len(data)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    totals = dict(zip(months, (float(v) / 10000 for v in list(trend.total)[-keep:]), strict=True))
    if forecast_values:
        top = max([*totals.values(), *(float(v) / 10000 for v in forecast_values), 1.0])
        chart.valueAxis.valueMax = top * 1.1
        line = LinePlot()
        line.x, line.y, line.width, line.height = chart.x, chart.y, chart.width, chart.height
        # Category i is centred at i + 0.5 on a 0..n axis; the line starts at the last complete
        # month (the running month is still filling up).
        before = [m for m in months if m < future[0]]
        points = [(all_months.index(before[-1]) + 0.5, totals[before[-1]])] if before else []
        points += [
            (all_months.index(p) + 0.5, float(v) / 10000)
            for p, v in zip(future, forecast_values, strict=False)
            if p in all_months
        ]
        line.data = [points]
        line.xValueAxis.valueMin = 0
        line.xValueAxis.valueMax = len(all_months)
        line.xValueAxis.visible = False
        line.yValueAxis.valueMin = 0
        line.yValueAxis.valueMax = top * 1.1
        line.yValueAxis.visible = False
        line.lines[0].strokeColor = colors.black
        line.lines[0].strokeDashArray = [3, 2]
        line.lines[0].strokeWidth = 1.2
        drawing.add(line)
    legend = Legend()
    legend.x, legend.y = width - 34 * mm, height - 6 * mm
    legend.fontName = font
    legend.fontSize = 6.5
    legend.alignment = "right"
    legend.columnMaximum = 9
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], _wrap(name, font, 6.5, 30 * mm))
        for i, name in enumerate(series)
    ]
    if forecast_values:
        legend.colorNamePairs.append(
            (colors.black, _tr(QT_TRANSLATE_NOOP("MonthPdf", "预测（虚线）")))
        )
    drawing.add(legend)
    drawing.add(
        String(2, height - 8, _tr(QT_TRANSLATE_NOOP("MonthPdf", "万元")), fontName=font, fontSize=7)
    )
    return drawing


def _until(trend: Any, period: str) -> Any:
    """The trend as it stood at the end of ``period``: a November report charts no December,
    and forecasts nothing that has already happened."""
    keep = sum(1 for p in trend.periods if p <= period)
    if keep == len(trend.periods):
        return trend
    # The forecast still holds when all it left out is the running month it forecasts.
    future = tuple(trend.forecast_periods)
    still = bool(future) and all(p >= future[0] for p in trend.periods[keep:])
    return replace(
        trend,
        periods=tuple(trend.periods[:keep]),
        series={label: tuple(values[:keep]) for label, values in trend.series.items()},
        total=tuple(trend.total[:keep]),
        forecast=trend.forecast if still else None,
        forecast_periods=future if still else (),
    )


def write_month_report(
    path: Path,
    *,
    company: str,
    tax_id: str = "",
    summary: Any,
    screening: Any,
    trend: Any,
    preparer: str,
    reviewer: str = "",
    practice: bool = False,
    audit_anchor: tuple[int, str] | None = None,
) -> str:
    """Write the report for ``summary.period``; returns its SHA-256. ``practice``: made from
    the practice ledger, marked 练习 in its title (and so in every page's footer).
    ``audit_anchor``: the audit chain head (sequence number, hash) printed on paper, out of
    reach of anyone who later cuts or re-hashes the chain in the file."""
    font = register_pdf_font()
    st = _styles(font)
    period = summary.period
    year, month = period.split("-")
    title = _tr(
        QT_TRANSLATE_NOOP("MonthPdf", "{year}年{month}月 发票台账月度报告"),
        year=year,
        month=int(month),
    )
    if practice:
        title = _tr(
            QT_TRANSLATE_NOOP("MonthPdf", "【练习】{title}（练习台账，不是真实记录）"), title=title
        )
    story: list[Any] = [
        Paragraph(title, st["title"]),
        Paragraph(
            _tr(
                QT_TRANSLATE_NOOP(
                    "MonthPdf",
                    "单位：{company}　　纳税人识别号：{tax_id}　　期间：{period}　　编制日期：{today}",
                ),
                company=company or "—",
                tax_id=tax_id or "—",
                period=period,
                today=clock.today().isoformat(),
            ),
            st["body"],
        ),
    ]
    if summary.lock:
        lock_text = _tr(
            QT_TRANSLATE_NOOP("MonthPdf", "本月已于 {at} 由 {by} 锁定。{note}"),
            at=to_local(summary.lock.locked_at).strftime("%Y-%m-%d %H:%M"),
            by=summary.lock.locked_by,
            note=summary.lock.note,
        )
    else:
        lock_text = _tr(QT_TRANSLATE_NOOP("MonthPdf", "本月尚未锁定：数字在锁定前仍可能变化。"))
    story.append(Paragraph(lock_text, st["body"]))

    widths = [62 * mm, 18 * mm, 30 * mm, 28 * mm, 32 * mm]
    story.append(
        Paragraph(
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "一、本月汇总（不含作废发票的金额）")), st["h2"]
        )
    )
    total_row = [
        _tr(QT_TRANSLATE_NOOP("MonthPdf", "合计")),
        f"{summary.count:,}",
        format_money(summary.amount),
        format_money(summary.tax),
        format_money(summary.total),
    ]
    story.append(
        _table(
            _group_rows(_tr(QT_TRANSLATE_NOOP("MonthPdf", "票种")), summary.by_kind, total_row),
            widths,
            font,
            1,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        _table(
            _group_rows(
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "状态（张数含作废）")), summary.by_status
            ),
            widths,
            font,
            1,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        _table(
            _group_rows(
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "红冲与作废")), [summary.red, summary.voided]
            ),
            widths,
            font,
            1,
        )
    )
    after_lock = getattr(summary, "after_lock", ())
    if after_lock:  # the figures above stay as locked; later red-flushes are shown apart
        story.append(Spacer(1, 4 * mm))
        story.append(
            _table(
                _group_rows(
                    _tr(QT_TRANSLATE_NOOP("MonthPdf", "锁定后的变化（不计入上表）")), after_lock
                ),
                widths,
                font,
                1,
            )
        )

    story.append(
        Paragraph(_tr(QT_TRANSLATE_NOOP("MonthPdf", "二、税率明细（按发票明细行）")), st["h2"])
    )
    story.append(
        _table(
            _group_rows(_tr(QT_TRANSLATE_NOOP("MonthPdf", "税率")), summary.by_rate),
            widths,
            font,
            1,
        )
    )

    story.append(Paragraph(_tr(QT_TRANSLATE_NOOP("MonthPdf", "三、对账与待办")), st["h2"]))
    rec = summary.reconciliation
    dash = "—"
    rows = [
        [_tr(QT_TRANSLATE_NOOP("MonthPdf", "项目")), _tr(QT_TRANSLATE_NOOP("MonthPdf", "状态"))],
        [
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "与平台导出对账")),
            dash
            if rec is None
            else (
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "已完成（{at}）"), at=rec.last_finished_at or "")
                if rec.finished
                else _tr(
                    QT_TRANSLATE_NOOP("MonthPdf", "未完成（{sessions} 次对账）"),
                    sessions=rec.sessions,
                )
            ),
        ],
        [
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "未解决的对账差异")),
            dash if rec is None else f"{rec.unresolved:,}",
        ],
        [
            _tr(QT_TRANSLATE_NOOP("MonthPdf", "未开票的开票申请")),
            dash if summary.open_requests is None else f"{summary.open_requests:,}",
        ],
    ]
    story.append(_table(rows, [80 * mm, 90 * mm], font, 1))

    story.append(Paragraph(_tr(QT_TRANSLATE_NOOP("MonthPdf", "四、锁定前筛查")), st["h2"]))
    findings = list(screening.findings)
    if not findings:
        story.append(Paragraph(_tr(QT_TRANSLATE_NOOP("MonthPdf", "筛查未发现问题。")), st["body"]))
    else:
        story.append(
            Paragraph(
                _tr(
                    QT_TRANSLATE_NOOP("MonthPdf", "共 {count} 条，其中 {open} 条尚未处理。"),
                    count=len(findings),
                    open=len(screening.open_findings),
                ),
                st["body"],
            )
        )
        rows = [
            [
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "类别")),
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "说明")),
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "处理")),
            ]
        ]
        for f in findings[:MAX_FINDINGS]:
            ack = screening.acks.get(f.key)
            rows.append(
                [
                    Paragraph(f.rule_text, st["cell"]),
                    Paragraph(_escape(f.text), st["cell"]),
                    Paragraph(
                        _escape(
                            _tr(
                                QT_TRANSLATE_NOOP("MonthPdf", "{note}（{by}）"),
                                note=ack.note,
                                by=ack.by,
                            )
                        )
                        if ack
                        else _tr(QT_TRANSLATE_NOOP("MonthPdf", "未处理")),
                        st["cell"],
                    ),
                ]
            )
        story.append(_table(rows, [30 * mm, 98 * mm, 42 * mm], font, 3))  # as wide as the rest
        if len(findings) > MAX_FINDINGS:
            story.append(
                Paragraph(
                    _tr(
                        QT_TRANSLATE_NOOP("MonthPdf", "另有 {more} 条未列出，见程序中的月结页面。"),
                        more=len(findings) - MAX_FINDINGS,
                    ),
                    st["small"],
                )
            )

    trend = _until(trend, period)
    heading = Paragraph(
        _tr(QT_TRANSLATE_NOOP("MonthPdf", "五、开票趋势（价税合计，按票种）")), st["h2"]
    )
    if trend.periods:
        # The heading never stays alone at the foot of a page, away from its chart.
        story.append(KeepTogether([heading, trend_drawing(trend, font)]))
    else:
        story.append(heading)
    if trend.periods:
        fc = trend.forecast
        if fc is not None:
            forecast_text = listing(
                _ctx("TrendsPage", QT_TRANSLATE_NOOP("TrendsPage", "{period}：{value}")).format(
                    period=p, value=format_money(v)
                )
                for p, v in zip(trend.forecast_periods, fc.values, strict=False)
            )
            mape = "—" if fc.mape is None else f"{fc.mape}%"
            story.append(
                Paragraph(
                    _tr(
                        QT_TRANSLATE_NOOP(
                            "MonthPdf",
                            "预测（{method}）：{values}。回测平均绝对误差 {mae}，平均百分比误差 {mape}（基于 {points} 个回测点）。预测仅供参考。",
                        ),
                        method=_ctx("Forecast", METHOD_LABELS[fc.method]),
                        values=forecast_text,
                        mae=format_money(fc.mae),
                        mape=mape,
                        points=fc.tested_points,
                    ),
                    st["small"],
                )
            )
        else:
            story.append(
                Paragraph(
                    _tr(QT_TRANSLATE_NOOP("MonthPdf", "历史不足三个月，暂不预测。")), st["small"]
                )
            )
    else:
        story.append(Paragraph(_tr(QT_TRANSLATE_NOOP("MonthPdf", "没有历史数据。")), st["small"]))

    sign = Table(
        [
            [
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "制表人：{name}"), name=preparer),
                _tr(
                    QT_TRANSLATE_NOOP("MonthPdf", "复核人：{name}"),
                    name=reviewer
                    or ("＿＿＿＿＿＿" if language() == "zh_CN" else "______________"),
                ),
                _tr(QT_TRANSLATE_NOOP("MonthPdf", "日期：＿＿＿＿＿＿")),
            ]
        ],
        colWidths=[60 * mm, 60 * mm, 50 * mm],
    )
    sign.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), font, 10), ("TOPPADDING", (0, 0), (-1, -1), 14)])
    )
    anchor_block: list[Any] = []
    if audit_anchor is not None:
        anchor_block = [
            Spacer(1, 4 * mm),
            Paragraph(
                _tr(
                    QT_TRANSLATE_NOOP(
                        "MonthPdf",
                        "审计链锚点：第 {seq} 条，哈希 {hash}。"
                        "日后运行“审计校验”时，该条的哈希应与此一致。",
                    ),
                    seq=audit_anchor[0],
                    hash=audit_anchor[1],
                ),
                st["body"],
            ),
        ]
    story.append(KeepTogether([*anchor_block, Spacer(1, 8 * mm), sign]))

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    header = f"{company}  {title}"

    class _Canvas(NumberedCanvas):
        pass

    _Canvas.header = header
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=preparer,
        subject=period,
    )
    try:
        doc.build(story, canvasmaker=_Canvas)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return sha256_of(path)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def money(value: Decimal) -> str:
    return format_money(value)
