"""The emergency plan: people, contacts, the platform address and the steps; a setting, audited."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.incident_flow import FIRST, LAST, PlanStep, plan_steps
from invoicedesk.core.plan_defaults import CONTACTS, ROLES, STEP_KEYS, default_plan
from invoicedesk.core.problems import Problem, problem
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.services.system_checks import PLATFORM_ADDRESS_KEY
from invoicedesk.store.models import database

PLAN_KEY = "emergency_plan"
_PHONE = re.compile(r"^[0-9+\-() ]{3,30}$")


@dataclass(frozen=True)
class Person:
    name: str = ""
    phone: str = ""
    address: str = ""  # the tax office only


@dataclass(frozen=True)
class Plan:
    roles: dict[str, Person]
    contacts: dict[str, Person]
    platform_address: str
    steps: list[PlanStep] = field(default_factory=list)

    def role(self, key: str) -> Person:
        return self.roles.get(key, Person())

    def step_dicts(self) -> list[dict[str, Any]]:
        return [
            {
                "key": s.key,
                "title": s.title,
                "role": s.role,
                "minutes": s.minutes,
                "required": s.required,
                "instruction": s.instruction,
            }
            for s in self.steps
        ]


def _person(raw: Mapping[str, Any] | None) -> Person:
    raw = raw or {}
    return Person(
        str(raw.get("name", "")).strip(),
        str(raw.get("phone", "")).strip(),
        str(raw.get("address", "")).strip(),
    )


def get_plan() -> Plan:
    """The shop's plan; the default plan (drawn from the merchant guide) until one is saved."""
    raw = get_setting(PLAN_KEY) or default_plan()
    defaults = default_plan()
    roles = {k: _person((raw.get("roles") or {}).get(k)) for k in ROLES}
    contacts = {
        k: _person((raw.get("contacts") or {}).get(k) or defaults["contacts"][k]) for k in CONTACTS
    }
    steps = plan_steps(raw.get("steps") or defaults["steps"])
    address = str(get_setting(PLATFORM_ADDRESS_KEY, "") or "")
    return Plan(roles, contacts, address, steps)


def _check(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    for group, people in (("roles", plan.roles), ("contacts", plan.contacts)):
        for key, person in people.items():
            if person.phone and not _PHONE.match(person.phone):
                out.append(
                    problem(
                        f"{group}.{key}.phone",
                        QT_TRANSLATE_NOOP(
                            "Problem", "电话号码“{phone}”格式不对：只能有数字、+、-、括号和空格"
                        ),
                        phone=person.phone,
                    )
                )
            if len(person.name) > 50:
                out.append(
                    problem(
                        f"{group}.{key}.name",
                        QT_TRANSLATE_NOOP("Problem", "姓名或名称不能超过50个字符"),
                    )
                )
    keys = [s.key for s in plan.steps]
    for no, step in enumerate(plan.steps, 1):
        where = f"steps[{no}]"
        if not step.title.strip():
            out.append(
                problem(f"{where}.title", QT_TRANSLATE_NOOP("Problem", "第{no}步没有名称"), no=no)
            )
        if step.role and step.role not in ROLES:
            out.append(
                problem(
                    f"{where}.role", QT_TRANSLATE_NOOP("Problem", "第{no}步的角色不存在"), no=no
                )
            )
        if not 0 <= step.minutes <= 24 * 60:
            out.append(
                problem(
                    f"{where}.minutes",
                    QT_TRANSLATE_NOOP("Problem", "第{no}步的预计分钟数应在0到1440之间"),
                    no=no,
                )
            )
        if keys.count(step.key) > 1:
            out.append(
                problem(f"{where}.key", QT_TRANSLATE_NOOP("Problem", "第{no}步重复了"), no=no)
            )
    for key in (FIRST, LAST):
        anchor = next((s for s in plan.steps if s.key == key), None)
        if anchor is not None and not anchor.required:
            out.append(
                problem("steps", QT_TRANSLATE_NOOP("Problem", "第一步和结案步骤必须是必做步骤"))
            )
    if len(plan.platform_address) > 200 or " " in plan.platform_address.strip():
        out.append(problem("platform_address", QT_TRANSLATE_NOOP("Problem", "平台地址格式不对")))
    return out


@guarded("plan.edit")
def save_plan(plan: Plan, actor: str) -> Plan:
    """Check and store the plan (one audited setting) and the platform address (its own setting)."""
    steps = plan_steps(plan.step_dicts())
    plan = Plan(
        {k: _person(vars(plan.roles.get(k, Person()))) for k in ROLES},
        {k: _person(vars(plan.contacts.get(k, Person()))) for k in CONTACTS},
        plan.platform_address.strip(),
        steps,
    )
    problems = _check(plan)
    if problems:
        raise ValidationFailed(problems)
    value = {
        "roles": {k: {"name": p.name, "phone": p.phone} for k, p in plan.roles.items()},
        "contacts": {
            k: {"name": p.name, "phone": p.phone, "address": p.address}
            for k, p in plan.contacts.items()
        },
        "steps": plan.step_dicts(),
    }
    with database.atomic():
        put_setting(PLAN_KEY, value, actor)
        if plan.platform_address != str(get_setting(PLATFORM_ADDRESS_KEY, "") or ""):
            put_setting(PLATFORM_ADDRESS_KEY, plan.platform_address, actor)
    return get_plan()


def new_custom_step(
    existing: Sequence[PlanStep], title: str, role: str = "", minutes: int = 10
) -> PlanStep:
    """A shop's own step (a checklist item in the wizard) with a key no other step has."""
    taken = {s.key for s in existing}
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    return PlanStep(f"custom-{n}", title.strip(), role, minutes, False, "")


def is_builtin(key: str) -> bool:
    return key in STEP_KEYS
