"""Running a lesson in practice mode: start it, check its steps from the practice ledger's audit
log, complete it into the training register (the real ledger's).

The lesson in progress is kept in the practice ledger (a setting), so closing the app in the
middle keeps it: the next time practice mode opens, the panel shows it with its ticks. A lesson
cannot start on the real ledger.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.lessons import BY_ID, Fact, Lesson, Progress, evaluate
from invoicedesk.services import practice, training
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import ServiceError
from invoicedesk.store.models import AuditEntry

ACTIVE_KEY = "practice_lesson"


@dataclass(frozen=True)
class LessonRun:
    lesson: str
    title: str
    person: str
    started_at: str
    baseline: int  # the last audit entry before the lesson started
    progress: Progress

    @property
    def complete(self) -> bool:
        return self.progress.complete


def _lesson(lesson_id: str) -> Lesson:
    lesson = BY_ID.get(lesson_id)
    if lesson is None:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "没有这个课程：{lesson}"), lesson=lesson_id)
    return lesson


def start(lesson_id: str, person: str) -> LessonRun:
    """Begin ``lesson_id`` for ``person`` (replacing one in progress). Practice mode only."""
    practice.require_practice()
    lesson = _lesson(lesson_id)
    state = {
        "lesson": lesson.id,
        "person": person,
        "started_at": clock.stamp(),
        "baseline": practice.audit_head(),
    }
    put_setting(ACTIVE_KEY, state, person)
    return _run(state)


def current() -> LessonRun | None:
    """The lesson in progress in the open practice ledger, checked now (None elsewhere)."""
    if not practice.is_practice_ledger():
        return None
    state = get_setting(ACTIVE_KEY)
    if not state:
        return None
    return _run(state)


def facts_since(baseline: int) -> list[Fact]:
    query = (
        AuditEntry.select(
            AuditEntry.id, AuditEntry.actor, AuditEntry.action, AuditEntry.entity_id,
            AuditEntry.before, AuditEntry.after,
        )
        .where(AuditEntry.id > baseline)
        .order_by(AuditEntry.id)
        .tuples()
    )  # fmt: skip
    return [
        Fact(int(seq), str(actor), str(action), str(entity_id), _json(before), _json(after))
        for seq, actor, action, entity_id, before, after in cast(Any, query)
    ]


def _json(text: str | None) -> dict[str, object] | None:
    if not text:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _run(state: dict[str, object]) -> LessonRun:
    lesson = _lesson(str(state["lesson"]))
    person = str(state["person"])
    baseline = int(str(state["baseline"]))
    progress = evaluate(lesson, facts_since(baseline), actor=person)
    return LessonRun(
        lesson.id,
        translate("Lesson", lesson.title),
        person,
        str(state["started_at"]),
        baseline,
        progress,
    )


def complete(person: str) -> training.Recorded:
    """Record the lesson in progress as completed; refused while a step is open."""
    practice.require_practice()
    run = current()
    if run is None:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "现在没有进行中的课程"))
    missing = run.progress.first_open
    if missing is not None:
        number = [s.id for s in run.progress.steps].index(missing.id) + 1
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "课程还没完成：第 {number} 步“{step}”还没做到（步骤要按顺序完成）"
            ),
            number=number,
            step=translate("Lesson", missing.text),
        )
    recorded = training.record_completion(run.person, run.lesson, run.started_at, person)
    put_setting(ACTIVE_KEY, None, person)
    return recorded


def abandon(person: str) -> None:
    practice.require_practice()
    if get_setting(ACTIVE_KEY):
        put_setting(ACTIVE_KEY, None, person)
