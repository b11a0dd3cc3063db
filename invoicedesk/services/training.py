"""The training register: who completed which lesson or drill, when, how long it took, and who
is due for a refresher (a period the owner sets, six months unless changed).

The register lives in the real ledger, also while practice mode is on (``practice.real_ledger``):
a lesson done in practice is recorded where the owner looks. Every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from invoicedesk.core import clock
from invoicedesk.core.dates import add_months
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.lessons import BY_ID
from invoicedesk.services import practice
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import database
from invoicedesk.store.training_models import TrainingRecord

REFRESHER_KEY = "training_refresher_months"
DEFAULT_REFRESHER_MONTHS = 6


@dataclass(frozen=True)
class TrainingRow:
    """A person's latest completion of one lesson or drill."""

    person: str
    lesson: str
    title: str
    role: str
    kind: str
    completed_at: str
    seconds: int
    where: str
    due_on: date
    due: bool
    times: int  # completions of this lesson by this person


@dataclass(frozen=True)
class Recorded:
    id: int
    person: str
    lesson: str
    seconds: int
    completed_at: str


def refresher_months() -> int:
    with practice.real_ledger():
        value = get_setting(REFRESHER_KEY, DEFAULT_REFRESHER_MONTHS)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_REFRESHER_MONTHS


@guarded("settings.edit")
def set_refresher_months(months: object, actor: str) -> int:
    """The owner's refresher period in months (1 to 60), audited."""
    try:
        value = int(str(months).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 60:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "复训周期必须是 1 到 60 之间的整数（月）：{value}"),
            value=months,
        )
    with practice.real_ledger():
        put_setting(REFRESHER_KEY, value, actor)
    return value


def record_completion(
    person: str,
    lesson: str,
    started_at: str,
    actor: str,
    *,
    where: str = "practice",
    note: str = "",
) -> Recorded:
    """Add a completion to the real ledger's register (audited)."""
    known = BY_ID.get(lesson)
    if known is None:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "没有这个课程：{lesson}"), lesson=lesson)
    if not person.strip():
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "请填写完成培训的人"))
    completed = clock.now()
    seconds = max(0, int((completed - datetime.fromisoformat(started_at)).total_seconds()))
    with practice.real_ledger(), database.atomic():
        row = TrainingRecord.create(
            person=person.strip(),
            lesson=lesson,
            kind=known.kind,
            role=known.role,
            started_at=started_at,
            completed_at=clock.stamp(completed),
            seconds=seconds,
            where=where,
            note=note,
            recorded_by=actor,
        )
        audit.append(
            actor,
            "training.complete",
            "training_record",
            row.id,
            None,
            {"person": row.person, "lesson": lesson, "seconds": seconds, "where": where},
        )
    return Recorded(row.id, row.person, lesson, seconds, row.completed_at)


def register(*, due_only: bool = False, person: str | None = None) -> list[TrainingRow]:
    """Each person's latest completion per lesson, with its refresher date; due ones first."""
    months = refresher_months()
    today = clock.today()
    latest: dict[tuple[str, str], TrainingRecord] = {}
    times: dict[tuple[str, str], int] = {}
    with practice.real_ledger():
        query = TrainingRecord.select().order_by(TrainingRecord.completed_at)
        if person:
            query = query.where(TrainingRecord.person == person)
        for rec in query:
            key = (rec.person, rec.lesson)
            latest[key] = rec
            times[key] = times.get(key, 0) + 1
    rows = []
    for key, rec in latest.items():
        due_on = add_months(clock.to_local(rec.completed_at).date(), months)
        lesson = BY_ID.get(rec.lesson)
        title = translate("Lesson", lesson.title) if lesson else rec.lesson
        rows.append(
            TrainingRow(
                rec.person, rec.lesson, title, rec.role, rec.kind, rec.completed_at,
                rec.seconds, rec.where, due_on, due_on <= today, times[key],
            )
        )  # fmt: skip
    if due_only:
        rows = [r for r in rows if r.due]
    rows.sort(key=lambda r: (not r.due, r.due_on, r.person, r.lesson))
    return rows


def pack_rows() -> list[dict[str, str]]:
    """The register as rows for the month pack's CSV (column names in the user's language)."""
    labels = {
        "person": QT_TRANSLATE_NOOP("TrainingPack", "姓名"),
        "title": QT_TRANSLATE_NOOP("TrainingPack", "课程或演练"),
        "completed_at": QT_TRANSLATE_NOOP("TrainingPack", "最近完成时间"),
        "seconds": QT_TRANSLATE_NOOP("TrainingPack", "用时（秒）"),
        "times": QT_TRANSLATE_NOOP("TrainingPack", "完成次数"),
        "due_on": QT_TRANSLATE_NOOP("TrainingPack", "复训日期"),
        "due": QT_TRANSLATE_NOOP("TrainingPack", "是否到期"),
    }
    head = {key: translate("TrainingPack", text) for key, text in labels.items()}
    yes = translate("TrainingPack", QT_TRANSLATE_NOOP("TrainingPack", "到期"))
    return [
        {
            head["person"]: row.person,
            head["title"]: row.title,
            head["completed_at"]: clock.to_local(row.completed_at).strftime("%Y-%m-%d %H:%M"),
            head["seconds"]: str(row.seconds),
            head["times"]: str(row.times),
            head["due_on"]: row.due_on.isoformat(),
            head["due"]: yes if row.due else "",
        }
        for row in register()
    ]


def due_count() -> tuple[int, int]:
    """(people due for a refresher, people in the register)."""
    rows = register()
    return len({r.person for r in rows if r.due}), len({r.person for r in rows})
