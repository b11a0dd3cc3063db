"""Month-end screening: pure rules over a month's invoices, run before the month is locked.

Each finding has a stable ``key`` so a bookkeeper's acknowledgement (with a note) still matches
it when screening runs again.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, listing
from invoicedesk.core.identifiers import check_buyer_id
from invoicedesk.core.rates import parse_rate
from invoicedesk.core.vat import INVOICE_TAX_TOLERANCE, LINE_TAX_TOLERANCE

CONTEXT = "Screening"
# A jump larger than this is a new number range (a new batch or channel), not missing invoices.
MAX_GAP = 200
# A series counts as sequential when at least this share of its steps are +1.
SEQUENTIAL_SHARE = 0.5
# Rounded exactly, a line's tax differs from amount × rate by at most half a fen.
EXACT = Decimal("0.005")

RULES: dict[str, str] = {
    "gap": QT_TRANSLATE_NOOP("Screening", "号码断号"),
    "tolerance": QT_TRANSLATE_NOOP("Screening", "税额尾差"),
    "duplicate": QT_TRANSLATE_NOOP("Screening", "疑似重复"),
    "buyer_id": QT_TRANSLATE_NOOP("Screening", "购买方识别号无效"),
    "date": QT_TRANSLATE_NOOP("Screening", "日期不在本期"),
    "unreconciled": QT_TRANSLATE_NOOP("Screening", "未对账"),
}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class LineFacts:
    amount: Decimal
    tax_rate: str
    tax: Decimal


@dataclass(frozen=True)
class InvoiceFacts:
    """What screening needs to know of one invoice."""

    id: int
    kind: str
    code: str
    number: str
    issue_date: date
    buyer_name: str
    buyer_tax_id: str
    status: str
    is_red: bool
    total: Decimal
    lines: tuple[LineFacts, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.code}-{self.number}" if self.code else self.number


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str  # stable across runs: what an acknowledgement refers to
    message: Message
    invoice_ids: tuple[int, ...] = ()
    severity: Severity = "warning"

    @property
    def text(self) -> str:
        return str(self.message)

    @property
    def rule_text(self) -> str:
        return str(Message(CONTEXT, RULES[self.rule]))


@dataclass(frozen=True)
class ScreeningOptions:
    sequential: bool = True  # the shop issues from one continuous number range
    unreconciled_ids: frozenset[int] | None = None  # None: reconciliation not available
    # Of those, the ones an unfinished reconciliation has already matched: finishing it is all
    # that is left, and the finding says so rather than "not reconciled" alone.
    pending_ids: frozenset[int] = field(default_factory=frozenset)
    exclude_rules: frozenset[str] = field(default_factory=frozenset)


def _msg(source: str, **params: object) -> Message:
    return Message(CONTEXT, source, params)


def _series(inv: InvoiceFacts) -> tuple[str, int] | None:
    """(series, sequence) for numbers that run on: 数电 by their 5-digit prefix, legacy by code."""
    if not inv.number.isdigit():
        return None
    if not inv.code and len(inv.number) == 20:
        return inv.number[:5], int(inv.number[5:])
    if inv.code and len(inv.number) == 8:
        return inv.code, int(inv.number)
    return None


def find_gaps(invoices: Iterable[InvoiceFacts]) -> list[Finding]:
    by_series: dict[str, list[tuple[int, InvoiceFacts]]] = defaultdict(list)
    for inv in invoices:
        found = _series(inv)
        if found:
            by_series[found[0]].append((found[1], inv))
    findings = []
    for series, items in sorted(by_series.items()):
        items.sort(key=lambda pair: pair[0])
        steps = [b[0] - a[0] for a, b in itertools.pairwise(items)]
        if not steps or sum(step == 1 for step in steps) < SEQUENTIAL_SHARE * len(steps):
            continue  # this range is shared with another series or counter: gaps mean nothing
        for (seq_a, inv_a), (seq_b, inv_b) in itertools.pairwise(items):
            missing = seq_b - seq_a - 1
            if 0 < missing <= MAX_GAP:
                width = len(inv_a.number) - (len(series) if not inv_a.code else 0)
                first = _number(series, inv_a, seq_a + 1, width)
                last = _number(series, inv_a, seq_b - 1, width)
                findings.append(
                    Finding(
                        "gap",
                        f"gap:{first}:{last}",
                        _msg(
                            QT_TRANSLATE_NOOP(
                                "Screening",
                                "{after} 与 {before} 之间缺少 {missing} 个号码（{first}…{last}）",
                            ),
                            after=inv_a.key,
                            before=inv_b.key,
                            missing=missing,
                            first=first,
                            last=last,
                        ),
                        (inv_a.id, inv_b.id),
                    )
                )
    return findings


def _number(series: str, sample: InvoiceFacts, seq: int, width: int) -> str:
    if sample.code:
        return f"{sample.code}-{seq:08d}"
    return f"{series}{seq:0{width}d}"


def find_tolerance(invoices: Iterable[InvoiceFacts]) -> list[Finding]:
    """A line tax that is not amount × rate rounded: beyond the limits an error, else a warning."""
    findings = []
    for inv in invoices:
        accumulated = Decimal(0)
        worst = Decimal(0)
        for line in inv.lines:
            try:
                rate = parse_rate(line.tax_rate)
            except ValueError:
                continue
            if rate.is_special:
                continue
            diff = line.amount * rate.value - line.tax
            accumulated += diff
            worst = max(worst, abs(diff))
        if worst <= EXACT and abs(accumulated) <= INVOICE_TAX_TOLERANCE:
            continue
        over = worst > LINE_TAX_TOLERANCE or abs(accumulated) > INVOICE_TAX_TOLERANCE
        findings.append(
            Finding(
                "tolerance",
                f"tolerance:{inv.key}",
                _msg(
                    QT_TRANSLATE_NOOP(
                        "Screening",
                        "发票 {key} 税额与金额×税率不一致：单行最大差 {worst}，累计差 {sum}"
                        "（允许单行 {line_limit}、整张 {invoice_limit}）",
                    ),
                    key=inv.key,
                    worst=f"{worst:.3f}",
                    sum=f"{abs(accumulated):.3f}",
                    line_limit=LINE_TAX_TOLERANCE,
                    invoice_limit=INVOICE_TAX_TOLERANCE,
                ),
                (inv.id,),
                "error" if over else "warning",
            )
        )
    return findings


def find_duplicates(invoices: Iterable[InvoiceFacts]) -> list[Finding]:
    """Same buyer, same day, same total, both standing: probably recorded twice."""
    groups: dict[tuple[str, date, Decimal], list[InvoiceFacts]] = defaultdict(list)
    for inv in invoices:
        if inv.status != "voided" and not inv.is_red:
            groups[(inv.buyer_name, inv.issue_date, inv.total)].append(inv)
    findings = []
    for (buyer, day, total), items in groups.items():
        if len(items) < 2:
            continue
        keys = sorted(inv.key for inv in items)
        findings.append(
            Finding(
                "duplicate",
                "duplicate:" + ",".join(keys),
                _msg(
                    QT_TRANSLATE_NOOP(
                        "Screening",
                        "{count} 张发票购买方、日期和金额都相同（{buyer}，{date}，{total}）：{keys}",
                    ),
                    count=len(items),
                    buyer=buyer,
                    date=day.isoformat(),
                    total=f"{total:,.2f}",
                    keys=listing(keys),
                ),
                tuple(sorted(inv.id for inv in items)),
            )
        )
    return findings


def find_buyer_ids(invoices: Iterable[InvoiceFacts]) -> list[Finding]:
    findings = []
    for inv in invoices:
        errors = [p for p in check_buyer_id(inv.buyer_tax_id) if p.is_error]
        if errors:
            findings.append(
                Finding(
                    "buyer_id",
                    f"buyer_id:{inv.key}",
                    _msg(
                        QT_TRANSLATE_NOOP(
                            "Screening", "发票 {key} 的购买方识别号 {tax_id} 无效：{reason}"
                        ),
                        key=inv.key,
                        tax_id=inv.buyer_tax_id,
                        reason=errors[0].text(),
                    ),
                    (inv.id,),
                    "error",
                )
            )
    return findings


def find_dates(invoices: Iterable[InvoiceFacts], first: date, following: date) -> list[Finding]:
    """Dated outside the month, or a 数电 number whose year digits disagree with the date."""
    findings = []
    for inv in invoices:
        outside = not first <= inv.issue_date < following
        year_digits = inv.number[:2] if not inv.code and len(inv.number) == 20 else None
        mismatch = year_digits is not None and year_digits != f"{inv.issue_date.year % 100:02d}"
        if outside or mismatch:
            source = (
                QT_TRANSLATE_NOOP("Screening", "发票 {key} 的开票日期 {date} 不在本期")
                if outside
                else QT_TRANSLATE_NOOP(
                    "Screening", "发票 {key} 的号码年份（20{digits}年）与开票日期 {date} 不符"
                )
            )
            findings.append(
                Finding(
                    "date",
                    f"date:{inv.key}",
                    _msg(source, key=inv.key, date=inv.issue_date.isoformat(), digits=year_digits),
                    (inv.id,),
                    "error",
                )
            )
    return findings


def find_unreconciled(
    invoices: Iterable[InvoiceFacts],
    ids: frozenset[int],
    pending: frozenset[int] = frozenset(),
) -> list[Finding]:
    missing = [inv for inv in invoices if inv.id in ids]
    if not missing:
        return []
    keys = [inv.key for inv in missing]
    shown = listing(keys, limit=10)
    waiting = sum(1 for inv in missing if inv.id in pending)
    if waiting:
        message = _msg(
            QT_TRANSLATE_NOOP(
                "Screening",
                "{count} 张发票还没有在已完成的对账中核对：其中 {waiting} 张在未完成的对账中已一致，"
                "完成那次对账即可；其余：{keys}",
            ),
            count=len(keys),
            waiting=waiting,
            keys=listing([inv.key for inv in missing if inv.id not in pending], limit=10),
        )
    else:
        message = _msg(
            QT_TRANSLATE_NOOP("Screening", "{count} 张发票尚未与平台导出对账：{keys}"),
            count=len(keys),
            keys=shown,
        )
    return [
        Finding(
            "unreconciled",
            f"unreconciled:{len(keys)}:{keys[0]}:{keys[-1]}",
            message,
            tuple(inv.id for inv in missing),
        )
    ]


def screen(
    invoices: Sequence[InvoiceFacts],
    first: date,
    following: date,
    options: ScreeningOptions | None = None,
) -> list[Finding]:
    """Every finding for one month, errors first."""
    options = options or ScreeningOptions()
    found: list[Finding] = []
    if options.sequential:
        found += find_gaps(invoices)
    found += find_tolerance(invoices)
    found += find_duplicates(invoices)
    found += find_buyer_ids(invoices)
    found += find_dates(invoices, first, following)
    if options.unreconciled_ids is not None:
        found += find_unreconciled(invoices, options.unreconciled_ids, options.pending_ids)
    found = [f for f in found if f.rule not in options.exclude_rules]
    order = list(RULES)
    return sorted(found, key=lambda f: (f.severity != "error", order.index(f.rule), f.key))
