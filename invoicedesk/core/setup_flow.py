"""The first-start setup's flow in plain Python (as core/incident_flow.py): no Qt, no database.

A new, empty ledger walks through: the shop (name and tax id, required), the first backup place
(tried at once; may be left for later) and the emergency plan's people (optional). Each finished
or postponed step is saved by services/first_start.py, so the setup can be left at any time and
resumes at the first step still open. The Qt wizard only renders ``current_step``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import Problem, problem

STEPS: tuple[str, ...] = ("shop", "backup", "people")
DONE = "done"  # the closing page: what to do first
# Steps that may be left for later; the shop's identity may not (reconciliation needs it).
OPTIONAL = frozenset({"backup", "people"})
NAME_LIMIT = 200

NOT_STARTED, IN_PROGRESS, FINISHED = "", "in_progress", "finished"


@dataclass(frozen=True)
class SetupState:
    status: str = NOT_STARTED
    done: tuple[str, ...] = ()
    postponed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "done": list(self.done), "postponed": list(self.postponed)}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> SetupState:
        raw = raw or {}
        known = [s for s in raw.get("done") or () if s in STEPS]
        later = [s for s in raw.get("postponed") or () if s in OPTIONAL and s not in known]
        status = str(raw.get("status", NOT_STARTED))
        if status not in (NOT_STARTED, IN_PROGRESS, FINISHED):
            status = IN_PROGRESS
        return cls(status, tuple(known), tuple(later))


class SetupError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def current_step(state: SetupState) -> str:
    """The first step neither done nor postponed; ``DONE`` when every step is settled."""
    for step in STEPS:
        if step not in state.done and step not in state.postponed:
            return step
    return DONE


def wanted(state: SetupState, *, empty_ledger: bool, shop_known: bool) -> bool:
    """Does this ledger get the setup wizard? A setup under way always resumes; a finished one
    never returns; otherwise only a new ledger: no invoices and no shop identity yet."""
    if state.status == FINISHED:
        return False
    if state.status == IN_PROGRESS:
        return True
    return empty_ledger and not shop_known


def check_shop(name: str, tax_id_problems: list[Problem]) -> list[Problem]:
    """The shop step: a name (up to 200 characters) and a valid tax id (problems from
    core.identifiers, which the caller ran on the normalised id)."""
    out: list[Problem] = []
    if not name.strip():
        out.append(problem("company", QT_TRANSLATE_NOOP("Problem", "请填写本店名称")))
    elif len(name.strip()) > NAME_LIMIT:
        out.append(problem("company", QT_TRANSLATE_NOOP("Problem", "公司名称不能超过200个字符")))
    out.extend(p for p in tax_id_problems if p.is_error)
    return out


def complete(state: SetupState, step: str) -> SetupState:
    if step not in STEPS:
        raise KeyError(step)
    done = state.done if step in state.done else (*state.done, step)
    later = tuple(s for s in state.postponed if s != step)
    return replace(state, status=IN_PROGRESS, done=done, postponed=later)


def postpone(state: SetupState, step: str) -> SetupState:
    """Leave an optional step for later; the shop step cannot be left."""
    if step not in OPTIONAL:
        raise SetupError(
            [problem("step", QT_TRANSLATE_NOOP("Problem", "本店名称和税号必须先填写，不能跳过"))]
        )
    if step in state.postponed or step in state.done:
        return replace(state, status=IN_PROGRESS)
    return replace(state, status=IN_PROGRESS, postponed=(*state.postponed, step))


def finish(state: SetupState) -> SetupState:
    """Close the setup: allowed once the shop step is done (the others may stay postponed)."""
    if "shop" not in state.done:
        raise SetupError([problem("step", QT_TRANSLATE_NOOP("Problem", "请先填写本店名称和税号"))])
    return replace(state, status=FINISHED)
