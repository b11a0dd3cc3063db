"""Trends: monthly counts or totals over the whole history, by kind or by rate, with a forecast.

Stacked bars per month (QtCharts); the next three months as a dashed line from the last complete
month, and beside it the method chosen by back-testing and its error, stated plainly.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import period_of
from invoicedesk.core.forecast import METHOD_LABELS
from invoicedesk.core.i18n import listing
from invoicedesk.core.money import format_money
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import month_end
from invoicedesk.services.month_end import Trend

PALETTE = ("#2f6fb0", "#e07b39", "#4aa564", "#c4453c", "#8a63b8", "#8c6d4f", "#d16ba5", "#7f7f7f")
BY_KEY = "trends/by"
MEASURE_KEY = "trends/measure"
MAX_MONTHS = 36  # more bars than this would be unreadable at 1366 px


class TrendsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsPage")
        self.trend: Trend | None = None
        self.loading = False
        self._stale = False  # invoices changed while hidden: read again on the next show
        self._again = False  # invoices changed while reading: read once more when it is back
        connect_changes(self, self.on_changes)
        self.by = QComboBox()
        self.by.setObjectName("trendBy")
        self.by.addItem(self.tr("按票种"), "kind")
        self.by.addItem(self.tr("按税率"), "rate")
        self.measure = QComboBox()
        self.measure.setObjectName("trendMeasure")
        self.measure.addItem(self.tr("价税合计"), "total")
        self.measure.addItem(self.tr("张数"), "count")
        settings = QSettings()
        self.by.setCurrentIndex(max(0, self.by.findData(settings.value(BY_KEY, "kind"))))
        self.measure.setCurrentIndex(
            max(0, self.measure.findData(settings.value(MEASURE_KEY, "total")))
        )
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.view = QChartView(self.chart)
        self.view.setObjectName("trendChart")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.forecast_label = QLabel()
        self.forecast_label.setObjectName("forecastText")
        self.forecast_label.setWordWrap(True)
        self.forecast_label.setTextFormat(Qt.TextFormat.PlainText)

        by_label = QLabel(self.tr("分组(&G)："))
        by_label.setBuddy(self.by)
        measure_label = QLabel(self.tr("指标(&M)："))
        measure_label.setBuddy(self.measure)
        bar = QHBoxLayout()
        bar.addWidget(by_label)
        bar.addWidget(self.by)
        bar.addSpacing(12)
        bar.addWidget(measure_label)
        bar.addWidget(self.measure)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.forecast_label)
        self.by.currentIndexChanged.connect(self._options_changed)
        self.measure.currentIndexChanged.connect(self._options_changed)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )

    def _options_changed(self) -> None:
        QSettings().setValue(BY_KEY, self.by.currentData())
        QSettings().setValue(MEASURE_KEY, self.measure.currentData())
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if (self.trend is None or self._stale) and not self.loading:  # loaded on the first visit
            self.reload()

    def on_changes(self, changes: Changes) -> None:
        """Invoices recorded, voided or corrected (here or at another counter): draw again, at
        once when shown, else on the next visit; a burst of notices makes one more read."""
        if not changes.touches("invoices") or (self.trend is None and not self.loading):
            return  # never drawn: the first visit reads everything anyway
        if not self.isVisible():
            self._stale = True
        elif self.loading:
            self._again = True
        else:
            self.reload()

    def reload(self) -> None:
        by, measure = str(self.by.currentData()), str(self.measure.currentData())
        self.loading = True
        self._stale = self._again = False
        self.forecast_label.setText(self.tr("正在读取历史…"))
        DbOp(self, lambda: (by, measure, month_end.trend(by, measure))).success(self._loaded).run()

    def _loaded(self, result: tuple[str, str, Trend]) -> None:
        by, measure, trend = result
        if (by, measure) != (self.by.currentData(), self.measure.currentData()):
            return  # options changed meanwhile; a newer load is on its way
        self.loading = False
        self.trend = trend
        self._draw(trend, measure)
        if self._again:
            self.reload()

    def _draw(self, trend: Trend, measure: str) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not trend.periods:
            chart.setTitle(self.tr("还没有发票"))
            self.forecast_label.setText("")
            return
        scale = Decimal(10000) if measure == "total" else Decimal(1)
        unit = self.tr("万元") if measure == "total" else self.tr("张")
        months = list(trend.periods)[-MAX_MONTHS:]
        keep = len(months)
        future = [p for p in trend.forecast_periods if p not in months] if trend.forecast else []
        categories = months + future
        bars = QStackedBarSeries()
        for i, (label, values) in enumerate(trend.series.items()):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.setBorderColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.append([float(v / scale) for v in list(values)[-keep:]] + [0.0] * len(future))
            bars.append(bar_set)
        chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        running = period_of(clock.today())
        # The running month is still filling up: marked, and left out of the forecast.
        x_axis.append([m[2:] + ("*" if m == running else "") for m in categories])
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        y_axis = QValueAxis()
        y_axis.setTitleText(unit)
        y_axis.setLabelFormat("%.0f")
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        totals = dict(zip(months, list(trend.total)[-keep:], strict=True))
        top = max(totals.values(), default=Decimal(0))
        fc = trend.forecast
        if fc is not None and future:
            line = QLineSeries()
            line.setName(self.tr("预测"))
            pen = QPen(QColor("black"))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(2)
            line.setPen(pen)
            before = [m for m in months if m < trend.forecast_periods[0]]
            if before:
                line.append(categories.index(before[-1]), float(totals[before[-1]] / scale))
            for period, value in zip(trend.forecast_periods, fc.values, strict=False):
                if period in categories:
                    line.append(categories.index(period), float(value / scale))
                    top = max(top, value)
            chart.addSeries(line)
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)
        y_axis.setRange(0, float(top / scale) * 1.1 or 1.0)
        y_axis.applyNiceNumbers()
        title = self.tr("每月价税合计") if measure == "total" else self.tr("每月发票张数")
        chart.setTitle(
            title
            + (self.tr("（最近 {n} 个月）").format(n=keep) if len(trend.periods) > keep else "")
        )
        text = self.forecast_text(trend, measure)
        if running in months:
            text += self.tr("　* 本月尚未结束。")
        self.forecast_label.setText(text)

    def forecast_text(self, trend: Trend, measure: str) -> str:
        fc = trend.forecast
        if fc is None:
            return self.tr("完整的月份不足，暂不预测（至少需要4个月）。")

        def show(value: Decimal) -> str:
            return format_money(value) if measure == "total" else f"{value:,.0f}"

        values = listing(
            self.tr("{period}：{value}").format(period=p, value=show(v))
            for p, v in zip(trend.forecast_periods, fc.values, strict=False)
        )
        mape = self.tr("无法计算（有为零的月份）") if fc.mape is None else f"{fc.mape}%"
        return self.tr(
            "预测（{method}，按回测误差较小者选择）：{values}。"
            "回测平均绝对误差 {mae}，平均百分比误差 {mape}，基于 {points} 个回测点。预测仅供参考。"
        ).format(
            method=QCoreApplication.translate("Forecast", METHOD_LABELS[fc.method]),
            values=values,
            mae=show(fc.mae),
            mape=mape,
            points=fc.tested_points,
        )
