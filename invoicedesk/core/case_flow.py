"""A customer case (客户工单) in plain Python: states, steps, conclusions and what each requires.

The merchant guide's procedure, one step after the other, each time-stamped with the person:
identify (who, which purchase) → apologise (and listen) → check (the ledger, reconciliation and
查验; a conclusion) → deliver (attempts, then the customer's confirmation or refusal) → archive
(cause and lesson). The state follows the steps: 新建 until the customer is identified and has
heard the apology, 核实中 while the purchase is checked, 处理中 until delivery is confirmed,
已交付 until archived. A case can be withdrawn (已撤销) with a reason before it is delivered.

Services persist ``CaseFlow`` as JSON and pass the facts read from the database (``CaseFacts``);
the Qt screens only render ``current_step`` and the problems this module reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.problems import Problem, problem

STATES: dict[str, str] = {
    "new": QT_TRANSLATE_NOOP("Case", "新建"),
    "checking": QT_TRANSLATE_NOOP("Case", "核实中"),
    "handling": QT_TRANSLATE_NOOP("Case", "处理中"),
    "delivered": QT_TRANSLATE_NOOP("Case", "已交付"),
    "archived": QT_TRANSLATE_NOOP("Case", "已归档"),
    "withdrawn": QT_TRANSLATE_NOOP("Case", "已撤销"),
}
# A promise is watched while the customer still waits.
OPEN_STATES: tuple[str, ...] = ("new", "checking", "handling")
FINAL_STATES: tuple[str, ...] = ("archived", "withdrawn")
# The only moves a case makes; every other is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"checking", "withdrawn"}),
    "checking": frozenset({"handling", "withdrawn"}),
    "handling": frozenset({"delivered", "withdrawn"}),
    "delivered": frozenset({"archived"}),
    "archived": frozenset(),
    "withdrawn": frozenset(),
}

STEPS: dict[str, str] = {
    "identify": QT_TRANSLATE_NOOP("Case", "确认客户和购买"),
    "apologise": QT_TRANSLATE_NOOP("Case", "致歉并倾听"),
    "check": QT_TRANSLATE_NOOP("Case", "核实原始交易"),
    "deliver": QT_TRANSLATE_NOOP("Case", "交付并告知客户"),
    "archive": QT_TRANSLATE_NOOP("Case", "归档并总结"),
}
STEP_ORDER: tuple[str, ...] = tuple(STEPS)
# The state a case is in while each step is the current one.
STATE_AT: dict[str, str] = {
    "identify": "new",
    "apologise": "new",
    "check": "checking",
    "deliver": "handling",
    "archive": "delivered",
}

CHANNELS: dict[str, str] = {
    "counter": QT_TRANSLATE_NOOP("Case", "柜台"),
    "phone": QT_TRANSLATE_NOOP("Case", "电话"),
    "email": QT_TRANSLATE_NOOP("Case", "邮件"),
    "online": QT_TRANSLATE_NOOP("Case", "线上"),
}

CONCLUSIONS: dict[str, str] = {
    "found": QT_TRANSLATE_NOOP("Case", "找到且有效：重新交付"),
    "never_issued": QT_TRANSLATE_NOOP("Case", "从未开具：补开发票"),
    "wrong": QT_TRANSLATE_NOOP("Case", "开具有误：红冲后重开"),
    "not_ours": QT_TRANSLATE_NOOP("Case", "非本店发票：向客户说明"),
}

# Why the customer could not find the invoice: counted in the review.
CAUSES: dict[str, str] = {
    "platform_delay": QT_TRANSLATE_NOOP("Case", "平台同步延迟"),
    "customer_lookup": QT_TRANSLATE_NOOP("Case", "客户不会查找或下载"),
    "not_issued": QT_TRANSLATE_NOOP("Case", "本店漏开"),
    "wrong_details": QT_TRANSLATE_NOOP("Case", "开票信息有误"),
    "system_fault": QT_TRANSLATE_NOOP("Case", "开票系统故障"),
    "delivery_lost": QT_TRANSLATE_NOOP("Case", "交付未送达"),
    "not_ours": QT_TRANSLATE_NOOP("Case", "非本店发票"),
    "other": QT_TRANSLATE_NOOP("Case", "其他"),
}

# How the deliver step ends.
CONFIRMATIONS: dict[str, str] = {
    "received": QT_TRANSLATE_NOOP("Case", "客户已确认收到"),
    "refused": QT_TRANSLATE_NOOP("Case", "客户拒绝接收（已记录）"),
    "explained": QT_TRANSLATE_NOOP("Case", "已向客户说明，客户已知悉"),
}
OUTCOMES: dict[str, str] = {
    "received": QT_TRANSLATE_NOOP("Case", "已交付"),
    "refused": QT_TRANSLATE_NOOP("Case", "客户拒收"),
    "explained": QT_TRANSLATE_NOOP("Case", "已说明"),
    "withdrawn": QT_TRANSLATE_NOOP("Case", "已撤销"),
}

# Roles of an invoice linked to a case: what the customer asked about, and what was done.
INVOICE_ROLES: dict[str, str] = {
    "concerned": QT_TRANSLATE_NOOP("Case", "客户所问发票"),
    "issued": QT_TRANSLATE_NOOP("Case", "补开的发票"),
    "red": QT_TRANSLATE_NOOP("Case", "红字发票"),
    "replacement": QT_TRANSLATE_NOOP("Case", "重开的发票"),
}
# Invoice statuses that still stand as a valid invoice to hand over again.
VALID_STATUSES = ("normal", "red_partial")


@dataclass(frozen=True)
class StepMark:
    at: str
    by: str


@dataclass(frozen=True)
class CaseFlow:
    """Which steps are done (when, by whom) and what each recorded; withdrawn with a reason."""

    done: Mapping[str, StepMark] = field(default_factory=dict)
    data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    withdrawn: StepMark | None = None
    withdraw_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "done": {k: [m.at, m.by] for k, m in self.done.items()},
            "data": {k: dict(v) for k, v in self.data.items()},
            "withdrawn": [self.withdrawn.at, self.withdrawn.by] if self.withdrawn else None,
            "withdraw_reason": self.withdraw_reason,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> CaseFlow:
        raw = raw or {}
        withdrawn = raw.get("withdrawn")
        return cls(
            {k: StepMark(*v) for k, v in (raw.get("done") or {}).items()},
            {k: dict(v) for k, v in (raw.get("data") or {}).items()},
            StepMark(*withdrawn) if withdrawn else None,
            str(raw.get("withdraw_reason", "")),
        )

    @property
    def conclusion(self) -> str:
        return str(self.data.get("check", {}).get("conclusion", ""))

    @property
    def confirmation(self) -> str:
        return str(self.data.get("deliver", {}).get("confirmed", ""))


@dataclass(frozen=True)
class LinkedInvoice:
    id: int
    role: str
    status: str
    is_red: bool


@dataclass(frozen=True)
class CaseFacts:
    """What the database says about a case, for the rules below."""

    invoices: tuple[LinkedInvoice, ...] = ()
    requests: int = 0
    attempts: int = 0  # delivery attempts that reached the customer (sent, handed, told)
    contact: bool = True  # a phone, e-mail or WeChat to reach the customer is known

    def with_role(self, role: str) -> tuple[LinkedInvoice, ...]:
        return tuple(i for i in self.invoices if i.role == role)


class FlowError(Exception):
    """A step cannot be completed; ``problems`` say why, each naming its field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def state_of(flow: CaseFlow) -> str:
    """The state follows from the steps done (and a withdrawal)."""
    if flow.withdrawn is not None:
        return "withdrawn"
    step = current_step(flow)
    return "archived" if step is None else STATE_AT[step]


def current_step(flow: CaseFlow) -> str | None:
    """The first step not yet done; None once archived or withdrawn."""
    if flow.withdrawn is not None:
        return None
    return next((key for key in STEP_ORDER if key not in flow.done), None)


def can_move(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def is_overdue(state: str, promised_at: datetime | None, now: datetime) -> bool:
    """A promise not kept: the customer still waits and the promised time has passed."""
    return state in OPEN_STATES and promised_at is not None and promised_at < now


def _text(record: Mapping[str, Any], name: str) -> str:
    return str(record.get(name, "") or "").strip()


def deliverable(flow: CaseFlow, facts: CaseFacts) -> tuple[LinkedInvoice, ...]:
    """The invoices the customer should receive, by the conclusion."""
    conclusion = flow.conclusion
    if conclusion == "found":
        return tuple(
            i for i in facts.with_role("concerned") if not i.is_red and i.status in VALID_STATUSES
        )
    if conclusion == "never_issued":
        return facts.with_role("issued")
    if conclusion == "wrong":
        return facts.with_role("replacement")
    return ()


def check_step(
    key: str, record: Mapping[str, Any], flow: CaseFlow, facts: CaseFacts
) -> list[Problem]:
    """What each step must record (and what must be true) before it counts as done."""
    out: list[Problem] = []
    if key == "identify":
        if not facts.contact:
            out.append(
                problem(
                    "phone",
                    QT_TRANSLATE_NOOP("Problem", "请补充客户的联系方式（电话、邮箱或微信）"),
                )
            )
        if not facts.invoices and not facts.requests and not record.get("no_invoice"):
            out.append(
                problem(
                    "invoices",
                    QT_TRANSLATE_NOOP(
                        "Problem", "请关联客户所问的发票或开票申请，或注明“还没有开票”"
                    ),
                )
            )
        if record.get("no_invoice") and not _text(record, "purchase"):
            out.append(
                problem(
                    "purchase",
                    QT_TRANSLATE_NOOP(
                        "Problem", "还没有开票时，请写下是哪次购买（日期、金额、品名）"
                    ),
                )
            )
    elif key == "apologise":
        if not _text(record, "apology"):
            out.append(problem("apology", QT_TRANSLATE_NOOP("Problem", "请写下向客户致歉的话")))
        if not _text(record, "said"):
            out.append(
                problem("said", QT_TRANSLATE_NOOP("Problem", "请记录客户怎么说（诉求和要求）"))
            )
    elif key == "check":
        out += _check_conclusion(record, facts)
    elif key == "deliver":
        out += _check_delivery(record, flow, facts)
    elif key == "archive":
        if record.get("cause") not in CAUSES:
            out.append(problem("cause", QT_TRANSLATE_NOOP("Problem", "请选择客户找不到发票的原因")))
        if not _text(record, "lesson"):
            out.append(problem("lesson", QT_TRANSLATE_NOOP("Problem", "请写下这次的经验教训")))
    return out


def _check_conclusion(record: Mapping[str, Any], facts: CaseFacts) -> list[Problem]:
    out: list[Problem] = []
    conclusion = record.get("conclusion")
    if conclusion not in CONCLUSIONS:
        return [problem("conclusion", QT_TRANSLATE_NOOP("Problem", "请选择核实的结论"))]
    concerned = [i for i in facts.with_role("concerned") if not i.is_red]
    if conclusion != "not_ours" and not record.get("transaction_checked"):
        out.append(
            problem(
                "transaction_checked",
                QT_TRANSLATE_NOOP("Problem", "请先核对原始交易（金额、品名、税额）"),
            )
        )
    if conclusion == "found":
        if not any(i.status in VALID_STATUSES for i in concerned):
            out.append(
                problem(
                    "conclusion",
                    QT_TRANSLATE_NOOP(
                        "Problem", "没有关联状态正常的发票，不能按“找到且有效”重新交付"
                    ),
                )
            )
    elif conclusion == "wrong":
        if not any(i.status in VALID_STATUSES for i in concerned):
            out.append(
                problem(
                    "conclusion",
                    QT_TRANSLATE_NOOP(
                        "Problem", "请先关联开错的那张发票（状态正常），才能红冲重开"
                    ),
                )
            )
    elif conclusion == "never_issued":
        if any(i.status in VALID_STATUSES for i in concerned):
            out.append(
                problem(
                    "conclusion",
                    QT_TRANSLATE_NOOP("Problem", "已关联的发票在台账中有效，不能判为“从未开具”"),
                )
            )
    elif not _text(record, "explanation"):
        out.append(
            problem(
                "explanation",
                QT_TRANSLATE_NOOP("Problem", "请写下向客户说明的内容（为什么不是本店的发票）"),
            )
        )
    return out


def _check_delivery(record: Mapping[str, Any], flow: CaseFlow, facts: CaseFacts) -> list[Problem]:
    confirmed = record.get("confirmed")
    conclusion = flow.conclusion
    if confirmed not in CONFIRMATIONS:
        return [problem("confirmed", QT_TRANSLATE_NOOP("Problem", "请选择交付的结果"))]
    if confirmed == "refused":
        if not _text(record, "note"):
            return [
                problem(
                    "note", QT_TRANSLATE_NOOP("Problem", "客户拒绝接收时，请记录客户的原话和原因")
                )
            ]
        return []
    out: list[Problem] = []
    if conclusion == "not_ours":
        if confirmed != "explained":
            out.append(
                problem(
                    "confirmed",
                    QT_TRANSLATE_NOOP("Problem", "非本店发票无需交付：请选择“已向客户说明”"),
                )
            )
    elif confirmed == "explained":
        out.append(
            problem(
                "confirmed",
                QT_TRANSLATE_NOOP("Problem", "请交付发票后选择“客户已确认收到”"),
            )
        )
    if conclusion == "never_issued" and not facts.with_role("issued"):
        out.append(
            problem(
                "invoices",
                QT_TRANSLATE_NOOP("Problem", "还没有登记补开的发票：请先开具并关联"),
            )
        )
    if conclusion == "wrong":
        if not facts.with_role("red"):
            out.append(problem("invoices", QT_TRANSLATE_NOOP("Problem", "还没有红冲开错的发票")))
        if not facts.with_role("replacement"):
            out.append(problem("invoices", QT_TRANSLATE_NOOP("Problem", "还没有登记重开的发票")))
    if conclusion == "found" and not deliverable(flow, facts):
        out.append(
            problem(
                "invoices",
                QT_TRANSLATE_NOOP("Problem", "关联的发票已不再有效，不能交付"),
            )
        )
    if facts.attempts == 0:
        out.append(
            problem(
                "attempts",
                QT_TRANSLATE_NOOP(
                    "Problem", "还没有一次成功的交付或告知记录（邮件、微信、电话、当面）"
                ),
            )
        )
    return out


def complete(
    flow: CaseFlow,
    key: str,
    record: Mapping[str, Any],
    facts: CaseFacts,
    *,
    at: str,
    by: str,
) -> CaseFlow:
    """Mark ``key`` done with what it recorded. Only the current step can be completed."""
    if key not in STEPS:
        raise FlowError(
            [problem("step", QT_TRANSLATE_NOOP("Problem", "未知的步骤“{key}”"), key=key)]
        )
    if current_step(flow) != key:
        raise FlowError(
            [
                problem(
                    "step",
                    QT_TRANSLATE_NOOP("Problem", "这一步现在不能完成（工单状态：{state}）"),
                    state=STATES[state_of(flow)],
                )
            ]
        )
    problems = check_step(key, record, flow, facts)
    if problems:
        raise FlowError(problems)
    clean = {k: v.strip() if isinstance(v, str) else v for k, v in record.items()}
    return replace(flow, done={**flow.done, key: StepMark(at, by)}, data={**flow.data, key: clean})


def withdraw(flow: CaseFlow, reason: str, *, at: str, by: str) -> CaseFlow:
    """Withdraw (撤销) a case the customer no longer needs; the reason is required."""
    state = state_of(flow)
    if not can_move(state, "withdrawn"):
        raise FlowError(
            [
                problem(
                    "state",
                    QT_TRANSLATE_NOOP("Problem", "{state}的工单不能撤销"),
                    state=STATES[state],
                )
            ]
        )
    if not reason.strip():
        raise FlowError([problem("reason", QT_TRANSLATE_NOOP("Problem", "撤销工单请填写原因"))])
    return replace(flow, withdrawn=StepMark(at, by), withdraw_reason=reason.strip())


def outcome(flow: CaseFlow) -> str:
    """How the case ended (for the review): received, refused, explained, withdrawn or ""."""
    if flow.withdrawn is not None:
        return "withdrawn"
    return flow.confirmation


def handling_allowed(flow: CaseFlow) -> bool:
    """Invoices may be issued, red-flushed or reissued for the case only while it is handled."""
    return state_of(flow) == "handling"
