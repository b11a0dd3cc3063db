"""Month-end review: the month's summary, screening, locking and trends.

The files made from it (ledger workbook, month report, pack) are in month_files.py. What the
reconciliation and the open requests say about the month is read from their services.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import Case, Value, fn

from invoicedesk.core import clock
from invoicedesk.core import forecast as fc
from invoicedesk.core.clock import period_of
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.kinds import KINDS, STATUSES
from invoicedesk.core.money import from_fen
from invoicedesk.core.problems import problem
from invoicedesk.core.rates import parse_rate
from invoicedesk.core.screening import (
    Finding,
    InvoiceFacts,
    LineFacts,
    ScreeningOptions,
    screen,
)
from invoicedesk.services import invoices as invoice_service
from invoicedesk.services import periods, reconcile, requests
from invoicedesk.services.company import get_setting
from invoicedesk.services.errors import NotFound, ValidationFailed
from invoicedesk.services.periods import LockInfo, check_period
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice, InvoiceLine, database
from invoicedesk.store.month_models import ScreeningAck
from invoicedesk.store.writers import serialize_writers

# Setting: whether the shop's numbers run on without gaps (then gaps are screened).
SEQUENTIAL_KEY = "month_end.sequential_numbering"


def _t(context: str, text: str) -> str:
    return str(Message(context, text))


@dataclass(frozen=True)
class ReconciliationState:
    sessions: int
    finished: bool
    unresolved: int
    last_finished_at: str | None


def reconciliation_state(period: str) -> ReconciliationState | None:
    state = reconcile.period_reconciliation(period)
    return ReconciliationState(
        int(state.sessions), bool(state.finished), int(state.unresolved), state.last_finished_at
    )


def unreconciled_ids(period: str) -> frozenset[int] | None:
    return frozenset(int(i) for i in reconcile.unreconciled_invoice_ids(period))


def open_requests() -> int | None:
    return len(requests.list_requests("open"))


def reconciliation_rows(period: str) -> list[dict[str, str]] | None:
    return list(reconcile.reconciliation_report_rows(period))


# ---------------------------------------------------------------- summary


@dataclass(frozen=True)
class GroupSum:
    key: str
    label: str
    count: int
    amount: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class MonthSummary:
    period: str
    count: int
    amount: Decimal  # voided invoices left out of the sums, as in the ledger's status bar
    tax: Decimal
    total: Decimal
    by_kind: tuple[GroupSum, ...]
    by_rate: tuple[GroupSum, ...]
    by_status: tuple[GroupSum, ...]
    red: GroupSum
    voided: GroupSum
    open_requests: int | None
    reconciliation: ReconciliationState | None
    lock: LockInfo | None
    # A locked month keeps its figures as locked (by_status included); invoices whose standing
    # changed since (a red invoice issued later) are shown here, by their status now.
    after_lock: tuple[GroupSum, ...] = ()

    @property
    def unresolved(self) -> int | None:
        return None if self.reconciliation is None else self.reconciliation.unresolved


def _in_period(period: str) -> Any:
    first, following = period_bounds(period)
    return (Invoice.issue_date >= first) & (Invoice.issue_date < following)


def _group(key: str, label: str, row: tuple[Any, ...]) -> GroupSum:
    count, amount, tax, total = row
    return GroupSum(
        key, label, int(count), from_fen(int(amount)), from_fen(int(tax)), from_fen(int(total))
    )


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as tuples (peewee's typing knows only model rows)."""
    return list(query.tuples())


def _sums(*columns: Any) -> tuple[Any, ...]:
    return tuple(fn.COALESCE(fn.SUM(c), 0) for c in columns)


def changed_after_lock(period: str | None = None) -> dict[int, tuple[str, str]]:
    """Blue invoices of locked months red-flushed after the lock: id -> (as locked, now).

    A red invoice counts in the month it is issued in; the blue one's month keeps the status it
    had when it was locked. Reds made before the lock left it partly flushed at most (a fully
    flushed invoice takes no further red).
    """
    if period is None:
        locks = periods.locked_periods()
    else:
        info = periods.lock_info(period)
        locks = [info] if info else []
    out: dict[int, tuple[str, str]] = {}
    red = Invoice.alias()
    for lock in locks:
        flushed_before: set[int] = set()
        now: dict[int, str] = {}
        for blue_id, status, made in _rows(
            Invoice.select(Invoice.id, Invoice.status, red.created_at)
            .join(red, on=(red.blue_invoice == Invoice.id))
            .where(_in_period(lock.period))
        ):
            if str(made) > lock.locked_at:
                now[int(blue_id)] = str(status)
            else:
                flushed_before.add(int(blue_id))
        for blue_id, status in now.items():
            out[blue_id] = ("red_partial" if blue_id in flushed_before else "normal", status)
    return out


def status_label(status: str) -> str:
    return _t("Status", STATUSES.get(status) or status)


def after_lock_label(status: str) -> str:
    return _t("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "锁定后：{status}")).format(
        status=status_label(status)
    )


def _as_locked(
    by_status: list[GroupSum], changed: dict[int, tuple[str, str]]
) -> tuple[list[GroupSum], list[GroupSum]]:
    """The month's groups by status as locked, and the changed invoices by their status now."""
    if not changed:
        return by_status, []
    sums: dict[str, list[Any]] = {g.key: [g.count, g.amount, g.tax, g.total] for g in by_status}
    later: dict[str, list[Any]] = {}
    for i, amount, tax, total in _rows(
        Invoice.select(Invoice.id, Invoice.amount_fen, Invoice.tax_fen, Invoice.total_fen).where(
            Invoice.id.in_(list(changed))
        )
    ):
        locked, now = changed[int(i)]
        money = (from_fen(int(amount)), from_fen(int(tax)), from_fen(int(total)))
        for key, sign in ((now, -1), (locked, 1)):
            row = sums.setdefault(key, [0, Decimal(0), Decimal(0), Decimal(0)])
            row[0] += sign
            for k in range(3):
                row[k + 1] += sign * money[k]
        row = later.setdefault(now, [0, Decimal(0), Decimal(0), Decimal(0)])
        row[0] += 1
        for k in range(3):
            row[k + 1] += money[k]
    groups = [
        GroupSum(key, status_label(key), n, a, t, s)
        for key, (n, a, t, s) in sorted(sums.items())
        if n
    ]
    after = [
        GroupSum(key, after_lock_label(key), n, a, t, s)
        for key, (n, a, t, s) in sorted(later.items())
    ]
    return groups, after


def month_summary(period: str) -> MonthSummary:
    period = check_period(period)
    lock = periods.lock_info(period)
    where = _in_period(period)
    valid = where & (Invoice.status != "voided")
    money = _sums(Invoice.amount_fen, Invoice.tax_fen, Invoice.total_fen)
    by_kind = [
        _group(kind, _t("Kind", KINDS.get(kind) or kind), (n, a, t, s))
        for kind, n, a, t, s in _rows(
            Invoice.select(Invoice.kind, fn.COUNT(Invoice.id), *money)
            .where(valid)
            .group_by(Invoice.kind)
            .order_by(Invoice.kind)
        )
    ]
    by_status = [
        _group(status, _t("Status", STATUSES.get(status) or status), (n, a, t, s))
        for status, n, a, t, s in _rows(
            Invoice.select(Invoice.status, fn.COUNT(Invoice.id), *money)
            .where(where)
            .group_by(Invoice.status)
            .order_by(Invoice.status)
        )
    ]
    by_status, after_lock = _as_locked(by_status, changed_after_lock(period) if lock else {})
    rate_rows = _rows(
        InvoiceLine.select(
            InvoiceLine.tax_rate,
            fn.COUNT(fn.DISTINCT(InvoiceLine.invoice)),
            *_sums(InvoiceLine.amount_fen, InvoiceLine.tax_fen),
        )
        .join(Invoice)
        .where(valid)
        .group_by(InvoiceLine.tax_rate)
    )
    by_rate = sorted(
        (
            _group(code, _rate_label(code), (n, a, t, int(a) + int(t)))
            for code, n, a, t in rate_rows
        ),
        key=lambda g: _rate_order(g.key),
    )
    totals = invoice_service.ledger_totals(InvoiceFilter(period=period))
    red = _rows(Invoice.select(fn.COUNT(Invoice.id), *money).where(valid & Invoice.is_red))[0]
    voided = _rows(
        Invoice.select(fn.COUNT(Invoice.id), *money).where(where & (Invoice.status == "voided"))
    )[0]
    return MonthSummary(
        period=period,
        count=totals.count,
        amount=totals.amount,
        tax=totals.tax,
        total=totals.total,
        by_kind=tuple(by_kind),
        by_rate=tuple(by_rate),
        by_status=tuple(by_status),
        red=_group("red", _t("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "红字发票")), red),
        voided=_group("voided", _t("Status", STATUSES["voided"]), voided),
        open_requests=open_requests(),
        reconciliation=reconciliation_state(period),
        lock=lock,
        after_lock=tuple(after_lock),
    )


# The trend's count by rate puts an invoice with lines at several rates in one group of its own,
# so that each invoice is counted once and the stacked bars add up to the month's invoices.
MIXED_RATES = "mixed"


def _rate_label(code: str) -> str:
    if code == MIXED_RATES:
        return _t("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "多种税率"))
    try:
        return _t("Rate", parse_rate(code).label)
    except ValueError:
        return code


def _rate_order(code: str) -> tuple[int, Decimal]:
    try:
        rate = parse_rate(code)
    except ValueError:
        return (2, Decimal(0))
    return (1 if rate.is_special else 0, -rate.value)


def invoice_ids(period: str, what: str, key: str = "") -> list[int]:
    """Ids behind a summary row that InvoiceFilter cannot express: a rate, or the red invoices."""
    where = _in_period(period) & (Invoice.status != "voided")
    query: Any
    if what == "rate":
        query = (
            InvoiceLine.select(InvoiceLine.invoice)
            .join(Invoice)
            .where(where & (InvoiceLine.tax_rate == key))
            .distinct()
        )
    else:
        query = Invoice.select(Invoice.id).where(where & Invoice.is_red)
    return sorted(int(row[0]) for row in _rows(query))


# ---------------------------------------------------------------- screening


@dataclass(frozen=True)
class Ack:
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class ScreeningResult:
    period: str
    findings: tuple[Finding, ...]
    acks: dict[str, Ack] = field(default_factory=dict)
    reconciliation_available: bool = False

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.key not in self.acks)

    @property
    def passed(self) -> bool:
        return not self.open_findings


def period_facts(period: str) -> list[InvoiceFacts]:
    where = _in_period(period)
    lines: dict[int, list[LineFacts]] = defaultdict(list)
    for invoice_id, amount, rate, tax in (
        InvoiceLine.select(
            InvoiceLine.invoice, InvoiceLine.amount_fen, InvoiceLine.tax_rate, InvoiceLine.tax_fen
        )
        .join(Invoice)
        .where(where)
        .tuples()
        .iterator()
    ):
        lines[invoice_id].append(LineFacts(from_fen(amount), rate, from_fen(tax)))
    return [
        InvoiceFacts(
            id=i,
            kind=kind,
            code=code,
            number=number,
            issue_date=_as_date(day),
            buyer_name=buyer,
            buyer_tax_id=tax_id,
            status=status,
            is_red=bool(red),
            total=from_fen(total),
            lines=tuple(lines.get(i, ())),
        )
        for i, kind, code, number, day, buyer, tax_id, status, red, total in Invoice.select(
            Invoice.id,
            Invoice.kind,
            Invoice.code,
            Invoice.number,
            Invoice.issue_date,
            Invoice.buyer_name,
            Invoice.buyer_tax_id,
            Invoice.status,
            Invoice.is_red,
            Invoice.total_fen,
        )
        .where(where)
        .tuples()
        .iterator()
    ]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def screen_period(period: str) -> ScreeningResult:
    period = check_period(period)
    first, following = period_bounds(period)
    ids = unreconciled_ids(period)
    options = ScreeningOptions(
        sequential=bool(get_setting(SEQUENTIAL_KEY, True)),
        unreconciled_ids=ids,
        pending_ids=frozenset(reconcile.pending_invoice_ids(period)),
    )
    findings = screen(period_facts(period), first, following, options)
    acks = {
        a.finding_key: Ack(a.note, a.acked_by, a.acked_at)
        for a in ScreeningAck.select().where(ScreeningAck.period == period)
    }
    return ScreeningResult(period, tuple(findings), acks, ids is not None)


@guarded("screening.ack")
def acknowledge(period: str, finding_key: str, note: str, actor: str) -> Ack:
    """Accept one finding with a note: it no longer blocks the lock."""
    period = check_period(period)
    note = note.strip()
    if not note:
        raise ValidationFailed(
            [
                problem(
                    "note", QT_TRANSLATE_NOOP("Problem", "请填写说明：为什么这条筛查结果可以接受")
                )
            ]
        )
    periods.ensure_unlocked(period_bounds(period)[0])
    with database.atomic():
        serialize_writers()  # the note read as "before" is the one replaced
        now = clock.stamp()
        existing = ScreeningAck.get_or_none(
            (ScreeningAck.period == period) & (ScreeningAck.finding_key == finding_key)
        )
        before = {"note": existing.note} if existing else None
        if existing:
            existing.note, existing.acked_by, existing.acked_at = note, actor, now
            existing.save()
        else:
            existing = ScreeningAck.create(
                period=period, finding_key=finding_key, note=note, acked_by=actor, acked_at=now
            )
        audit.append(
            actor,
            "screening.acknowledge",
            "period",
            period,
            before,
            {"finding": finding_key, "note": note},
        )
    return Ack(note, actor, now)


@guarded("month.lock")
def lock_month(period: str, actor: str, note: str = "") -> LockInfo:
    """Lock after screening: every finding corrected or acknowledged with a note."""
    result = screen_period(period)
    return periods.lock_period(period, actor, note=note, open_findings=len(result.open_findings))


@guarded("month.unlock")
def unlock_month(
    period: str, reason: str, actor: str, *, second_name: str = "", second_pin: str = ""
) -> None:
    periods.unlock_period(period, reason, actor, second_name=second_name, second_pin=second_pin)


# ---------------------------------------------------------------- trends


@dataclass(frozen=True)
class Trend:
    periods: tuple[str, ...]
    series: dict[str, tuple[Decimal, ...]]  # label -> one value per period
    total: tuple[Decimal, ...]
    forecast: fc.Forecast | None
    forecast_periods: tuple[str, ...]


def trend(by: str = "kind", measure: str = "total", horizon: int = 3) -> Trend:
    """Monthly counts or totals (价税合计) over the whole history, split by kind or by rate.

    Counts are of distinct invoices in every grouping: by rate, an invoice whose lines carry one
    rate counts under that rate and one with several rates once under "多种税率" (counting it
    under each of its rates made the bars add up to more invoices than the month has). Totals
    by rate split each invoice's money by its lines' rates, which adds up exactly.
    """
    daily: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    query: Any
    if by == "rate" and measure == "count":
        rates = fn.COUNT(fn.DISTINCT(InvoiceLine.tax_rate))
        per_invoice = (
            InvoiceLine.select(
                Invoice.issue_date.alias("day"),
                Case(None, [(rates == 1, fn.MIN(InvoiceLine.tax_rate))], MIXED_RATES).alias("rate"),
            )
            .join(Invoice)
            .where(Invoice.status != "voided")
            .group_by(InvoiceLine.invoice, Invoice.issue_date)
        )
        query = (
            Invoice.select(per_invoice.c.day, per_invoice.c.rate, fn.COUNT(1), Value(0))
            .from_(per_invoice)
            .group_by(per_invoice.c.day, per_invoice.c.rate)
        )
    elif by == "rate":
        query = (
            InvoiceLine.select(
                Invoice.issue_date,
                InvoiceLine.tax_rate,
                fn.COUNT(fn.DISTINCT(Invoice.id)),
                fn.SUM(InvoiceLine.amount_fen + InvoiceLine.tax_fen),
            )
            .join(Invoice)
            .where(Invoice.status != "voided")
            .group_by(Invoice.issue_date, InvoiceLine.tax_rate)
        )
    else:
        query = (
            Invoice.select(
                Invoice.issue_date, Invoice.kind, fn.COUNT(Invoice.id), fn.SUM(Invoice.total_fen)
            )
            .where(Invoice.status != "voided")
            .group_by(Invoice.issue_date, Invoice.kind)
        )
    for day, key, count, total in _rows(query):
        value = Decimal(int(count)) if measure == "count" else from_fen(int(total))
        daily[(period_of(_as_date(day)), key)] += value
    if not daily:
        return Trend((), {}, (), None, ())
    months = fc.month_range(min(p for p, _ in daily), max(p for p, _ in daily))
    keys = sorted({k for _, k in daily}, key=_rate_order if by == "rate" else str)
    label = _rate_label if by == "rate" else (lambda k: _t("Kind", KINDS.get(k) or k))
    series = {label(k): tuple(daily.get((m, k), Decimal(0)) for m in months) for k in keys}
    total = tuple(sum((daily.get((m, k), Decimal(0)) for k in keys), Decimal(0)) for m in months)
    # The running month is incomplete: forecast from complete months only.
    complete = [v for m, v in zip(months, total, strict=True) if m < period_of(clock.today())]
    result = fc.forecast(complete, horizon) if complete else None
    last = months[len(complete) - 1] if complete else months[-1]
    return Trend(tuple(months), series, total, result, tuple(fc.next_periods(last, horizon)))


def require_period_exists(period: str) -> None:
    if not Invoice.select().where(_in_period(period)).exists():
        raise NotFound(QT_TRANSLATE_NOOP("Service", "{period} 没有发票"), period=period)
