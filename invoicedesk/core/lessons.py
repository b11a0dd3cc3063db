"""Lessons the app checks: per role, a short list of tasks done in practice mode.

Pure data and pure checks, no database: a step is done when the audit log of the practice ledger
holds an entry that matches it, *after* the entry that completed the step before (steps count in
order, so a skipped step leaves every later one open). The services pass the audit entries written
since the lesson started as ``Fact`` values; see services/lessons.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from invoicedesk.core import incident_flow
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.kinds import DIGITAL_KINDS

ROLES: dict[str, str] = {
    "counter": QT_TRANSLATE_NOOP("Lesson", "柜台开票员"),
    "bookkeeper": QT_TRANSLATE_NOOP("Lesson", "会计"),
}


@dataclass(frozen=True)
class Fact:
    """One audit entry, as plain data."""

    seq: int
    actor: str
    action: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


Earlier = Mapping[str, Fact]  # step id -> the entry that completed it
Matcher = Callable[[Fact, Earlier], bool]


@dataclass(frozen=True)
class Step:
    id: str
    text: str  # source text, "Lesson" context
    match: Matcher
    times: int = 1  # how many matching entries the step needs


@dataclass(frozen=True)
class Lesson:
    id: str
    role: str
    kind: str  # lesson | drill
    title: str  # source text, "Lesson" context
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class StepState:
    id: str
    text: str
    done: bool
    count: int  # matching entries found so far (for steps needing several)
    needed: int
    seq: int  # the entry that completed it (0 while open)


@dataclass(frozen=True)
class Progress:
    lesson: str
    steps: tuple[StepState, ...]

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps)

    @property
    def first_open(self) -> StepState | None:
        return next((s for s in self.steps if not s.done), None)


def _after(fact: Fact, key: str, default: Any = None) -> Any:
    return (fact.after or {}).get(key, default)


def _digital_with_lines(lines: int) -> Matcher:
    def match(fact: Fact, _earlier: Earlier) -> bool:
        return (
            fact.action == "invoice.create"
            and _after(fact, "kind") in DIGITAL_KINDS
            and not _after(fact, "is_red", False)
            and len(_after(fact, "lines", []) or []) >= lines
        )

    return match


def _action(name: str) -> Matcher:
    return lambda fact, _earlier: fact.action == name


def _issued_from(step: str) -> Matcher:
    def match(fact: Fact, earlier: Earlier) -> bool:
        return fact.action == "request.issue" and fact.entity_id == earlier[step].entity_id

    return match


def _verified(fact: Fact, _earlier: Earlier) -> bool:
    return fact.action == "verification.record" and bool(_after(fact, "result"))


def _reissued(step: str) -> Matcher:
    def match(fact: Fact, earlier: Earlier) -> bool:
        blue = earlier[step].entity_id
        return fact.action == "invoice.reissue" and str(_after(fact, "blue_invoice_id")) == blue

    return match


def _drill_started(fact: Fact, _earlier: Earlier) -> bool:
    return fact.action == "incident.start" and bool(_after(fact, "drill"))


def _drill_closed(step: str) -> Matcher:
    def match(fact: Fact, earlier: Earlier) -> bool:
        return (
            fact.action == "incident.step"
            and fact.entity_id == earlier[step].entity_id
            and _after(fact, "step") == incident_flow.LAST
        )

    return match


def _case_delivered(step: str) -> Matcher:
    def match(fact: Fact, earlier: Earlier) -> bool:
        return (
            fact.action == "case.step"
            and fact.entity_id == earlier[step].entity_id
            and _after(fact, "state") == "delivered"
        )

    return match


def _resolved(fact: Fact, _earlier: Earlier) -> bool:
    return fact.action == "reconcile_difference.resolve" and _after(fact, "resolution") not in (
        "",
        "postponed",
        None,
    )


def _restore_verified(fact: Fact, _earlier: Earlier) -> bool:
    return fact.action == "backup.verify" and bool(_after(fact, "ok"))


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "counter-outage",
        "counter",
        "lesson",
        QT_TRANSLATE_NOOP("Lesson", "柜台：登记数电票、停机登记与补开"),
        (
            Step(
                "record",
                QT_TRANSLATE_NOOP("Lesson", "只用键盘登记一张有两行明细的数电票"),
                _digital_with_lines(2),
            ),
            Step(
                "request",
                QT_TRANSLATE_NOOP("Lesson", "打开停机登记，记下一位顾客的开票申请"),
                _action("request.create"),
            ),
            Step(
                "issue",
                QT_TRANSLATE_NOOP("Lesson", "平台恢复后，把这条申请补开为发票（填入号码）"),
                _issued_from("request"),
            ),
        ),
    ),
    Lesson(
        "counter-verify",
        "counter",
        "lesson",
        QT_TRANSLATE_NOOP("Lesson", "柜台：用买方名称的两个字找到发票并登记查验结果"),
        (
            Step(
                "verify",
                QT_TRANSLATE_NOOP(
                    "Lesson", "在查验页输入买方名称的两个字找到一张发票，登记查验结果"
                ),
                _verified,
            ),
            Step(
                "verify-again",
                QT_TRANSLATE_NOOP("Lesson", "再为另一张发票登记一次查验结果"),
                lambda fact, earlier: (
                    _verified(fact, earlier) and fact.entity_id != earlier["verify"].entity_id
                ),
            ),
        ),
    ),
    Lesson(
        "bookkeeper-red",
        "bookkeeper",
        "lesson",
        QT_TRANSLATE_NOOP("Lesson", "会计：红冲一张发票并重开"),
        (
            Step(
                "red",
                QT_TRANSLATE_NOOP("Lesson", "在台账中选一张发票，登记全额红冲（写明原因）"),
                _action("invoice.red_flush"),
            ),
            Step(
                "reissue",
                QT_TRANSLATE_NOOP("Lesson", "为这张被红冲的发票登记重开的新发票"),
                _reissued("red"),
            ),
        ),
    ),
    Lesson(
        "counter-case",
        "counter",
        "lesson",
        QT_TRANSLATE_NOOP("Lesson", "柜台：顾客说发票查不到，建工单并交付"),
        (
            Step(
                "open",
                QT_TRANSLATE_NOOP("Lesson", "在客户工单页为这位顾客建一张工单（留下联系方式）"),
                _action("case.open"),
            ),
            Step(
                "deliver",
                QT_TRANSLATE_NOOP("Lesson", "按工单步骤查找、处理，直到交付给顾客"),
                _case_delivered("open"),
            ),
        ),
    ),
    Lesson(
        "bookkeeper-reconcile",
        "bookkeeper",
        "lesson",
        QT_TRANSLATE_NOOP("Lesson", "会计：与平台导出对账，处理三处差异"),
        (
            Step(
                "import",
                QT_TRANSLATE_NOOP(
                    "Lesson", "在对账核验页导入练习文件夹里的“练习-平台导出”文件并开始对账"
                ),
                _action("reconcile_session.create"),
            ),
            Step(
                "resolve",
                QT_TRANSLATE_NOOP("Lesson", "逐条处理三处差异（暂缓处理不算）"),
                _resolved,
                times=3,
            ),
        ),
    ),
    Lesson(
        "drill-incident",
        "counter",
        "drill",
        QT_TRANSLATE_NOOP("Lesson", "演练：按停机应急向导走完一次演练"),
        (
            Step(
                "start",
                QT_TRANSLATE_NOOP("Lesson", "打开停机应急向导，选择“演练”开始"),
                _drill_started,
            ),
            Step(
                "close",
                QT_TRANSLATE_NOOP("Lesson", "按向导走完每一步，直到结束演练"),
                _drill_closed("start"),
            ),
        ),
    ),
    Lesson(
        "drill-restore",
        "bookkeeper",
        "drill",
        QT_TRANSLATE_NOOP("Lesson", "演练：备份并做一次恢复演练"),
        (
            Step(
                "backup",
                QT_TRANSLATE_NOOP("Lesson", "在备份页添加一个备份位置并立即备份"),
                _action("backup.run"),
            ),
            Step(
                "verify",
                QT_TRANSLATE_NOOP("Lesson", "做一次恢复演练，校验通过"),
                _restore_verified,
            ),
        ),
    ),
)

BY_ID: dict[str, Lesson] = {lesson.id: lesson for lesson in LESSONS}


def for_role(role: str) -> tuple[Lesson, ...]:
    return tuple(lesson for lesson in LESSONS if lesson.role == role)


def evaluate(lesson: Lesson, facts: Sequence[Fact], actor: str | None = None) -> Progress:
    """Tick the steps in order from ``facts`` (ordered by seq). With ``actor``, only that
    person's entries count."""
    earlier: dict[str, Fact] = {}
    states: list[StepState] = []
    position = 0
    blocked = False
    ordered = sorted(facts, key=lambda f: f.seq)
    for step in lesson.steps:
        count = 0
        done_seq = 0
        if not blocked:
            for index in range(position, len(ordered)):
                fact = ordered[index]
                if actor is not None and fact.actor != actor:
                    continue
                if step.match(fact, earlier):
                    count += 1
                    if count >= step.times:
                        earlier[step.id] = fact
                        done_seq = fact.seq
                        position = index + 1
                        break
        done = done_seq > 0
        blocked = blocked or not done
        states.append(StepState(step.id, step.text, done, count, step.times, done_seq))
    return Progress(lesson.id, tuple(states))
