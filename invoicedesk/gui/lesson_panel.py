"""The lesson panel beside the working screen: pick a lesson for a role, start it, watch its
steps tick as the practice ledger records them, complete it into the training register."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.i18n import translate
from invoicedesk.core.lessons import LESSONS, ROLES, Progress
from invoicedesk.gui.errors import show_error, show_message
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import lessons, training

CHECK_EVERY_MS = 1000


class LessonPanel(QWidget):
    """Shown in a dock on the right of the main window."""

    completed = Signal(object)  # training.Recorded

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.actor = actor
        self.run: lessons.LessonRun | None = None
        self._checking = False
        self._started_monotonic = 0.0

        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for code, label in ROLES.items():
            self.role.addItem(translate("Lesson", label), code)
        self.lesson = QComboBox(self)
        self.lesson.setObjectName("lesson")
        for combo in (self.role, self.lesson):  # long lesson titles must not widen the window
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.lesson.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.lesson.currentIndexChanged.connect(
            lambda _i: self.lesson.setToolTip(self.lesson.currentText())
        )
        self.role.currentIndexChanged.connect(self._fill_lessons)
        self._fill_lessons()
        self.start_button = QPushButton(self.tr("开始课程"), self)
        self.start_button.setObjectName("startLesson")
        self.start_button.clicked.connect(self.start)
        form = QFormLayout()
        form.addRow(self.tr("岗位"), self.role)
        form.addRow(self.tr("课程"), self.lesson)

        self.title = QLabel(self.tr("还没有开始课程。课程只能在练习模式中进行。"), self)
        self.title.setObjectName("lessonTitle")
        self.title.setWordWrap(True)
        self.setMaximumWidth(360)
        self.steps = QListWidget(self)
        self.steps.setObjectName("lessonSteps")
        self.steps.setWordWrap(True)
        self.elapsed = QLabel(self)
        self.elapsed.setObjectName("lessonElapsed")
        self.complete_button = QPushButton(self.tr("完成课程"), self)
        self.complete_button.setObjectName("completeLesson")
        self.complete_button.clicked.connect(self.complete)
        self.abandon_button = QPushButton(self.tr("放弃"), self)
        self.abandon_button.setObjectName("abandonLesson")
        self.abandon_button.clicked.connect(self.abandon)
        buttons = QHBoxLayout()
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.abandon_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)  # narrow: the window must fit 1366 px with it
        layout.addLayout(form)
        layout.addWidget(self.start_button)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.elapsed)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self._show(None)

    def _fill_lessons(self) -> None:
        role = self.role.currentData()
        self.lesson.clear()
        for lesson in LESSONS:
            if lesson.role == role:
                self.lesson.addItem(translate("Lesson", lesson.title), lesson.id)

    def select(self, lesson_id: str) -> None:
        """Pick ``lesson_id`` in the two lists (its role first)."""
        role = next(lesson.role for lesson in LESSONS if lesson.id == lesson_id)
        self.role.setCurrentIndex(self.role.findData(role))
        self.lesson.setCurrentIndex(self.lesson.findData(lesson_id))

    # ------------------------------------------------------------ actions

    def start(self) -> None:
        lesson_id = self.lesson.currentData()
        actor = self.actor
        DbOp(self, lambda: lessons.start(lesson_id, actor)).success(self._started).failure(
            lambda exc: show_error(self, exc)
        ).run()

    def _started(self, run: lessons.LessonRun) -> None:
        self._started_monotonic = time.monotonic()
        self._show(run)

    def check(self) -> None:
        """Read the lesson in progress again (the worker checks the practice ledger)."""
        if self._checking:
            return
        self._checking = True

        def done(run: lessons.LessonRun | None) -> None:
            self._checking = False
            self._show(run)

        def failed(_exc: Exception) -> None:
            self._checking = False

        DbOp(self, lessons.current).success(done).failure(failed).run()

    def complete(self) -> None:
        actor = self.actor
        DbOp(self, lambda: lessons.complete(actor)).success(self._completed).failure(
            lambda exc: show_error(self, exc)
        ).run()

    def _completed(self, recorded: training.Recorded) -> None:
        minutes, seconds = divmod(recorded.seconds, 60)
        show_message(
            self,
            self.tr("课程完成，已记入培训登记（用时 {minutes} 分 {seconds} 秒）。").format(
                minutes=minutes, seconds=seconds
            ),
            self.tr("课程"),
        )
        self.completed.emit(recorded)
        self._show(None)

    def abandon(self) -> None:
        actor = self.actor
        DbOp(self, lambda: lessons.abandon(actor)).success(lambda _r: self._show(None)).failure(
            lambda exc: show_error(self, exc)
        ).run()

    # ------------------------------------------------------------ display

    def show_run(self, run: lessons.LessonRun | None) -> None:
        self._show(run)

    def _show(self, run: lessons.LessonRun | None) -> None:
        self.run = run
        active = run is not None
        self.complete_button.setEnabled(active)
        self.abandon_button.setEnabled(active)
        if run is None:
            self.timer.stop()
            self.steps.clear()
            self.elapsed.clear()
            self.title.setText(self.tr("还没有开始课程。课程只能在练习模式中进行。"))
            return
        if not self.timer.isActive():
            self.timer.start()
        self.title.setText(run.title)
        self._show_steps(run.progress)
        done = sum(1 for s in run.progress.steps if s.done)
        self.elapsed.setText(
            self.tr("已完成 {done}/{total} 步").format(done=done, total=len(run.progress.steps))
            + ("　" + self.tr("全部完成，请按“完成课程”。") if run.complete else "")
        )

    def _show_steps(self, progress: Progress) -> None:
        if self.steps.count() != len(progress.steps):
            self.steps.clear()
            for _ in progress.steps:
                self.steps.addItem(QListWidgetItem())
        for row, step in enumerate(progress.steps):
            item = self.steps.item(row)
            mark = "✔" if step.done else "☐"
            text = f"{mark} {row + 1}. {translate('Lesson', step.text)}"
            if item.text() != text:
                item.setText(text)
            item.setData(0x0100, step.done)  # Qt.UserRole: ticked

    def ticked(self) -> list[bool]:
        return [bool(self.steps.item(r).data(0x0100)) for r in range(self.steps.count())]
