"""定期复盘: the cases of a period counted by cause, conclusion and outcome, the median time to
delivery, promises kept and broken, and the lessons written down when archiving."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.gui.case_common import local, py_date, tr_case
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_review
from invoicedesk.services.case_review import Review


class CaseReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseReview")
        self.setWindowTitle(self.tr("客户工单复盘"))
        today = clock.today()
        start = today - timedelta(days=today.day - 1)
        self.date_from = QDateEdit(QDate(start.year, start.month, start.day))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.load())
        self.figures = QLabel()
        self.figures.setObjectName("reviewFigures")
        self.figures.setWordWrap(True)
        self.counts = QTreeWidget()
        self.counts.setObjectName("reviewCounts")
        self.counts.setHeaderLabels([self.tr("分类"), self.tr("工单数")])
        self.counts.setColumnWidth(0, 260)
        self.lessons = QPlainTextEdit()
        self.lessons.setObjectName("reviewLessons")
        self.lessons.setReadOnly(True)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("受理日期")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel("–"))
        top.addWidget(self.date_to)
        top.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.counts, 2)
        lessons = QVBoxLayout()
        lessons.addWidget(QLabel(self.tr("经验教训")))
        lessons.addWidget(self.lessons, 1)
        middle.addLayout(lessons, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.figures)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.resize(980, 600)
        self.review: Review | None = None
        self.load()

    def load(self) -> None:
        first, last = py_date(self.date_from.date()), py_date(self.date_to.date())
        DbOp(self, lambda: case_review.review(first, last)).success(self.show_review).run()

    def show_review(self, review: Review) -> None:
        self.review = review
        median = (
            self.tr("{h} 小时").format(h=review.median_hours_to_delivery)
            if review.median_hours_to_delivery is not None
            else "—"
        )
        self.figures.setText(
            self.tr(
                "共 {cases} 张工单，未办结 {open} 张，逾期 {overdue} 张；已交付 {delivered} 张，"
                "从受理到交付的中位时间 {median}；按时兑现承诺 {kept} 张，未按时 {broken} 张。"
            ).format(
                cases=review.cases,
                open=review.open,
                overdue=review.overdue,
                delivered=review.delivered,
                median=median,
                kept=review.promises_kept,
                broken=review.promises_broken,
            )
        )
        self.counts.clear()
        for title, counts, labels in (
            (self.tr("原因"), review.by_cause, cf.CAUSES),
            (self.tr("核实结论"), review.by_conclusion, cf.CONCLUSIONS),
            (self.tr("结果"), review.by_outcome, cf.OUTCOMES),
            (self.tr("状态"), review.by_state, cf.STATES),
        ):
            group = QTreeWidgetItem(self.counts, [title, str(sum(counts.values()))])
            for key, count in sorted(counts.items(), key=lambda kv: -kv[1]):
                item = QTreeWidgetItem(group, [tr_case(labels.get(key, key)), str(count)])
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            group.setExpanded(True)
        self.lessons.setPlainText(
            "\n\n".join(
                f"#{lesson.case_id} {lesson.customer}（{tr_case(cf.CAUSES.get(lesson.cause, ''))}，"
                f"{lesson.archived_by} {local(lesson.archived_at, '%Y-%m-%d')}）\n{lesson.lesson}"
                for lesson in review.lessons
            )
            or self.tr("这段时间还没有写下经验教训。")
        )
