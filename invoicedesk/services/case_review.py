"""The periodic review of customer cases (定期复盘) and the month pack's list of cases.

Cases count in the period they were received in (the shop's local days). The review counts them
by cause, conclusion and outcome, gives the median time from receipt to delivery, and lists the
lessons written down when archiving.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ, to_local
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.services.cases import local_iso
from invoicedesk.store import case_queries
from invoicedesk.store.case_models import CustomerCase
from invoicedesk.store.case_queries import CaseFilter


@dataclass(frozen=True)
class Lesson:
    case_id: int
    customer: str
    cause: str
    lesson: str
    archived_at: str
    archived_by: str


@dataclass(frozen=True)
class Review:
    date_from: date
    date_to: date  # inclusive
    cases: int
    open: int
    overdue: int
    by_state: dict[str, int]
    by_cause: dict[str, int]
    by_conclusion: dict[str, int]
    by_outcome: dict[str, int]
    delivered: int
    median_hours_to_delivery: float | None
    promises_kept: int  # delivered no later than promised
    promises_broken: int  # delivered late, or still open past the promise
    lessons: tuple[Lesson, ...]


def _bounds(date_from: date, date_to: date) -> tuple[str, str]:
    """UTC stamps of the first instant of ``date_from`` and the one after ``date_to``."""
    start = datetime.combine(date_from, time(0), SHOP_TZ)
    end = datetime.combine(date_to, time(0), SHOP_TZ) + timedelta(days=1)
    return clock.stamp(start), clock.stamp(end)


def _hours(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600


def review(date_from: date, date_to: date) -> Review:
    start, end = _bounds(date_from, date_to)
    now = clock.stamp()
    rows = list(
        CustomerCase.select(
            CustomerCase.id,
            CustomerCase.customer,
            CustomerCase.state,
            CustomerCase.cause,
            CustomerCase.conclusion,
            CustomerCase.outcome,
            CustomerCase.received_at,
            CustomerCase.promised_at,
            CustomerCase.delivered_at,
            CustomerCase.closed_at,
            CustomerCase.handled_by,
            CustomerCase.flow,
        )
        .where((CustomerCase.received_at >= start) & (CustomerCase.received_at < end))
        .order_by(CustomerCase.id)
    )
    by_state: dict[str, int] = {}
    by_cause: dict[str, int] = {}
    by_conclusion: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    hours: list[float] = []
    kept = broken = 0
    lessons: list[Lesson] = []
    for r in rows:
        by_state[r.state] = by_state.get(r.state, 0) + 1
        if r.cause:
            by_cause[r.cause] = by_cause.get(r.cause, 0) + 1
        if r.conclusion:
            by_conclusion[r.conclusion] = by_conclusion.get(r.conclusion, 0) + 1
        if r.outcome:
            by_outcome[r.outcome] = by_outcome.get(r.outcome, 0) + 1
        if r.delivered_at:
            hours.append(_hours(r.received_at, r.delivered_at))
        if r.promised_at:
            if r.delivered_at:
                kept, broken = (
                    (kept + 1, broken) if r.delivered_at <= r.promised_at else (kept, broken + 1)
                )
            elif r.state in cf.OPEN_STATES and r.promised_at < now:
                broken += 1
        if r.state == "archived":
            flow = cf.CaseFlow.from_json(json.loads(r.flow or "{}"))
            mark = flow.done.get("archive")
            lesson = str(flow.data.get("archive", {}).get("lesson", ""))
            if lesson and mark is not None:
                lessons.append(Lesson(r.id, r.customer, r.cause, lesson, mark.at, mark.by))
    open_count = sum(by_state.get(s, 0) for s in cf.OPEN_STATES)
    overdue = case_queries.count(
        CaseFilter(overdue_only=True, received_from=start, received_before=end), now
    )
    return Review(
        date_from=date_from,
        date_to=date_to,
        cases=len(rows),
        open=open_count,
        overdue=overdue,
        by_state=by_state,
        by_cause=by_cause,
        by_conclusion=by_conclusion,
        by_outcome=by_outcome,
        delivered=len(hours),
        median_hours_to_delivery=round(statistics.median(hours), 1) if hours else None,
        promises_kept=kept,
        promises_broken=broken,
        lessons=tuple(lessons),
    )


def month_rows(period: str) -> list[dict[str, str]]:
    """The month's cases for the bookkeeper's pack: one row each, in Chinese headers."""
    first, following = period_bounds(period)
    start, end = _bounds(first, following - timedelta(days=1))
    now = clock.stamp()
    rows = []
    for r in (
        CustomerCase.select()
        .where((CustomerCase.received_at >= start) & (CustomerCase.received_at < end))
        .order_by(CustomerCase.id)
    ):
        invoices = case_queries.linked_invoices([r.id]).get(r.id, [])

        def t(source: str) -> str:
            return translate("CaseReport", source)

        rows.append(
            {
                t(QT_TRANSLATE_NOOP("CaseReport", "工单号")): str(r.id),
                t(
                    QT_TRANSLATE_NOOP("CaseReport", "受理时间")
                ): f"{to_local(r.received_at):%Y-%m-%d %H:%M}",
                t(QT_TRANSLATE_NOOP("CaseReport", "受理人")): r.received_by,
                t(QT_TRANSLATE_NOOP("CaseReport", "客户")): r.customer,
                t(QT_TRANSLATE_NOOP("CaseReport", "电话")): r.phone,
                t(QT_TRANSLATE_NOOP("CaseReport", "渠道")): translate(
                    "Case", cf.CHANNELS.get(r.channel, r.channel)
                ),
                t(QT_TRANSLATE_NOOP("CaseReport", "客户反映")): r.complaint,
                t(QT_TRANSLATE_NOOP("CaseReport", "承诺时间")): local_iso(r.promised_at) or "",
                t(QT_TRANSLATE_NOOP("CaseReport", "状态")): translate("Case", cf.STATES[r.state]),
                t(QT_TRANSLATE_NOOP("CaseReport", "逾期")): t(QT_TRANSLATE_NOOP("CaseReport", "是"))
                if r.state in cf.OPEN_STATES and r.promised_at and r.promised_at < now
                else "",
                t(QT_TRANSLATE_NOOP("CaseReport", "核实结论")): translate(
                    "Case", cf.CONCLUSIONS.get(r.conclusion, "")
                ),
                t(QT_TRANSLATE_NOOP("CaseReport", "结果")): translate(
                    "Case", cf.OUTCOMES.get(r.outcome, "")
                ),
                t(QT_TRANSLATE_NOOP("CaseReport", "原因")): translate(
                    "Case", cf.CAUSES.get(r.cause, "")
                ),
                t(QT_TRANSLATE_NOOP("CaseReport", "交付时间")): local_iso(r.delivered_at) or "",
                t(QT_TRANSLATE_NOOP("CaseReport", "发票")): "、".join(
                    f"{code}-{number}" if code else number for code, number, _role, _id in invoices
                ),
            }
        )
    return rows
