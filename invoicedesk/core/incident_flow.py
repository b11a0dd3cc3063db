"""The incident wizard's flow in plain Python (as Electrum's wizard.py): no Qt, no database.

The plan gives the steps (order, role, expected minutes, required); the symptom chooses which of
them apply and in which order; the flow state says which steps are done or skipped. The Qt wizard
only renders ``current_step``; services persist the state after each ``complete``/``skip``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.plan_defaults import SEVERITIES, STEP_KEYS, SYMPTOMS
from invoicedesk.core.problems import Problem, problem

FIRST = "symptom"
LAST = "close"

# Steps that do not apply to a symptom. "Issued but not found": the platform still issues, so the
# counter does not switch to hand registration; the invoices are verified first instead.
NOT_FOR: dict[str, frozenset[str]] = {
    "login": frozenset({"verify"}),
    "issue": frozenset({"verify"}),
    "not_found": frozenset({"outage"}),
    "network": frozenset({"verify"}),
    "device": frozenset({"verify"}),
    "other": frozenset(),
}
# Steps pulled to the front (right after the symptom) for a symptom.
FIRST_FOR: dict[str, tuple[str, ...]] = {"not_found": ("verify",)}


@dataclass(frozen=True)
class PlanStep:
    key: str
    title: str
    role: str = ""
    minutes: int = 0
    required: bool = True
    instruction: str = ""

    @property
    def custom(self) -> bool:
        return self.key not in STEP_KEYS


@dataclass(frozen=True)
class StepMark:
    at: str
    by: str


@dataclass(frozen=True)
class FlowState:
    symptom: str = ""
    done: Mapping[str, StepMark] = field(default_factory=dict)
    skipped: Mapping[str, StepMark] = field(default_factory=dict)
    data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "symptom": self.symptom,
            "done": {k: [m.at, m.by] for k, m in self.done.items()},
            "skipped": {k: [m.at, m.by] for k, m in self.skipped.items()},
            "data": {k: dict(v) for k, v in self.data.items()},
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> FlowState:
        raw = raw or {}
        return cls(
            str(raw.get("symptom", "")),
            {k: StepMark(*v) for k, v in (raw.get("done") or {}).items()},
            {k: StepMark(*v) for k, v in (raw.get("skipped") or {}).items()},
            {k: dict(v) for k, v in (raw.get("data") or {}).items()},
        )


class FlowError(Exception):
    """A step cannot be completed or skipped; ``problems`` say why, naming the field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def plan_steps(raw: Sequence[Mapping[str, Any]]) -> list[PlanStep]:
    """The plan's steps as stored (dicts), with the first and last steps always present."""
    steps = [
        PlanStep(
            str(s["key"]),
            str(s.get("title", "")),
            str(s.get("role", "")),
            int(s.get("minutes", 0) or 0),
            bool(s.get("required", True)),
            str(s.get("instruction", "")),
        )
        for s in raw
    ]
    keys = [s.key for s in steps]
    if FIRST not in keys:
        steps.insert(0, PlanStep(FIRST, FIRST))
    if LAST not in keys:
        steps.append(PlanStep(LAST, LAST))
    # The symptom opens and closing ends every path, whatever the plan's order says.
    first = [s for s in steps if s.key == FIRST]
    last = [s for s in steps if s.key == LAST]
    middle = [s for s in steps if s.key not in (FIRST, LAST)]
    return first + middle + last


def path(steps: Sequence[PlanStep], symptom: str) -> list[PlanStep]:
    """The steps this symptom walks through, in order. Before a symptom is chosen: the first one."""
    if not symptom:
        return [s for s in steps if s.key == FIRST]
    excluded = NOT_FOR.get(symptom, frozenset())
    chosen = [s for s in steps if s.key not in excluded]
    front = FIRST_FOR.get(symptom, ())
    head = [s for s in chosen if s.key == FIRST]
    pulled = [s for key in front for s in chosen if s.key == key]
    rest = [s for s in chosen if s.key != FIRST and s.key not in front]
    return head + pulled + rest


def step_by_key(steps: Sequence[PlanStep], key: str) -> PlanStep:
    for step in steps:
        if step.key == key:
            return step
    raise KeyError(key)


def current_step(steps: Sequence[PlanStep], state: FlowState) -> PlanStep | None:
    """The first step on the path neither done nor skipped; None when the incident is closed."""
    for step in path(steps, state.symptom):
        if step.key not in state.done and step.key not in state.skipped:
            return step
    return None


def next_step(steps: Sequence[PlanStep], state: FlowState, key: str) -> PlanStep | None:
    """The step after ``key`` on the path (for rendering a page's "next")."""
    keys = [s.key for s in path(steps, state.symptom)]
    if key not in keys:
        return None
    later = path(steps, state.symptom)[keys.index(key) + 1 :]
    return later[0] if later else None


def _text(record: Mapping[str, Any], name: str) -> str:
    return str(record.get(name, "") or "").strip()


def check_record(key: str, record: Mapping[str, Any]) -> list[Problem]:
    """What each step must record before it counts as done."""
    out: list[Problem] = []
    if key == "symptom":
        if record.get("symptom") not in SYMPTOMS:
            out.append(problem("symptom", QT_TRANSLATE_NOOP("Problem", "请选择发生的情况")))
    elif key == "declare":
        if record.get("severity") not in SEVERITIES:
            out.append(problem("severity", QT_TRANSLATE_NOOP("Problem", "请选择严重程度")))
    elif key == "notify":
        if not _text(record, "person"):
            out.append(problem("person", QT_TRANSLATE_NOOP("Problem", "请填写通知了谁")))
    elif key == "tax_office":
        if not _text(record, "spoke_to") and not record.get("not_needed"):
            out.append(problem("spoke_to", QT_TRANSLATE_NOOP("Problem", "请填写税务机关的接听人")))
    elif key == "close":
        for name, source in (
            ("cause", QT_TRANSLATE_NOOP("Problem", "请填写原因")),
            ("fix", QT_TRANSLATE_NOOP("Problem", "请填写处理办法")),
            ("lessons", QT_TRANSLATE_NOOP("Problem", "请填写经验教训")),
        ):
            if not _text(record, name):
                out.append(problem(name, source))
    return out


# How many names a refusal lists before "and N more".
NAMES_SHOWN = 5


def _names(names: Sequence[str]) -> Message:
    shown = [str(n) for n in names[:NAMES_SHOWN]]
    sep = translate("Problem", QT_TRANSLATE_NOOP("Problem", "、"))
    if len(names) > NAMES_SHOWN:
        return Message(
            "Problem",
            QT_TRANSLATE_NOOP("Problem", "{names}等 {n} 个"),
            {"names": sep.join(shown), "n": len(names)},
        )
    return Message("Problem", "{names}", {"names": sep.join(shown)})


@dataclass(frozen=True)
class Facts:
    """What the recorded data says, gathered by the service before a step that claims something.

    ``not_contacted``: affected customers neither contacted nor recorded as unreachable (with a
    reason). ``open_requests``: invoice requests of the incident neither issued nor cancelled.
    """

    not_contacted: tuple[str, ...] = ()
    open_requests: tuple[str, ...] = ()


# The steps whose button claims something about the recorded data.
CLAIMS: frozenset[str] = frozenset({"customers", "recovery"})


def check_claims(key: str, facts: Facts) -> list[Problem]:
    """A step that claims something ("客户都已联系", "复核完成") completes only when it is true.

    Each refusal says what is still missing and how to put it right (or record the exception).
    """
    out: list[Problem] = []
    if key == "customers" and facts.not_contacted:
        out.append(
            problem(
                "customers",
                QT_TRANSLATE_NOOP(
                    "Problem",
                    "还有 {n} 位客户没有联系：{names}。联系后点“记录：已联系这位客户”；"
                    "联系不上的，点“记录：联系不上”并写明原因。",
                ),
                n=len(facts.not_contacted),
                names=_names(facts.not_contacted),
            )
        )
    if key == "recovery" and facts.open_requests:
        out.append(
            problem(
                "requests",
                QT_TRANSLATE_NOOP(
                    "Problem",
                    "还有 {n} 笔开票申请没有处理：{names}。请在开票台把每笔申请开成发票，"
                    "或取消并写明原因（例如客户不需要了），再完成这一步。",
                ),
                n=len(facts.open_requests),
                names=_names(facts.open_requests),
            )
        )
    return out


def complete(
    steps: Sequence[PlanStep],
    state: FlowState,
    key: str,
    record: Mapping[str, Any],
    *,
    at: str,
    by: str,
    facts: Facts | None = None,
) -> FlowState:
    """Mark ``key`` done with what it recorded. Only the current step can be completed.

    Closing also needs every required step of the path done (none of them skipped). A step that
    claims something (``CLAIMS``) also needs ``facts`` to show it true.
    """
    current = current_step(steps, state)
    if current is None or current.key != key:
        raise FlowError(
            [
                problem(
                    "step", QT_TRANSLATE_NOOP("Problem", "这一步现在不能完成：请先完成前面的步骤")
                )
            ]
        )
    problems = check_record(key, record)
    if key in CLAIMS:
        problems.extend(check_claims(key, facts if facts is not None else Facts()))
    if key == LAST:
        for step in path(steps, state.symptom):
            if step.key != LAST and step.required and step.key not in state.done:
                problems.append(
                    problem(
                        "step",
                        QT_TRANSLATE_NOOP("Problem", "必做步骤“{title}”还没有完成"),
                        title=step.title,
                    )
                )
    if problems:
        raise FlowError(problems)
    symptom = str(record["symptom"]) if key == FIRST else state.symptom
    return replace(
        state,
        symptom=symptom,
        done={**state.done, key: StepMark(at, by)},
        data={**state.data, key: dict(record)},
    )


def skip(steps: Sequence[PlanStep], state: FlowState, key: str, *, at: str, by: str) -> FlowState:
    """Skip the current step; the plan's required steps cannot be skipped."""
    current = current_step(steps, state)
    if current is None or current.key != key:
        raise FlowError(
            [
                problem(
                    "step", QT_TRANSLATE_NOOP("Problem", "这一步现在不能跳过：请先完成前面的步骤")
                )
            ]
        )
    if current.required or key in (FIRST, LAST):
        raise FlowError(
            [
                problem(
                    "step",
                    QT_TRANSLATE_NOOP("Problem", "“{title}”是预案规定的必做步骤，不能跳过"),
                    title=current.title,
                )
            ]
        )
    return replace(state, skipped={**state.skipped, key: StepMark(at, by)})


def progress(steps: Sequence[PlanStep], state: FlowState) -> tuple[int, int]:
    """(steps finished, steps on the path)."""
    on_path = path(steps, state.symptom)
    finished = sum(1 for s in on_path if s.key in state.done or s.key in state.skipped)
    return finished, len(on_path)
