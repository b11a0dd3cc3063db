"""Reconciliation matching: the ledger against the platform's export, pure and in memory.

Records are matched by (code, number); matched pairs are compared field by field and on status.
Rows of the file that repeat a key are duplicates: the first one takes part in matching.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP

# Compared in this order; names are the CLI contract's.
COMPARED_FIELDS: tuple[str, ...] = (
    "issue_date",
    "buyer_name",
    "buyer_tax_id",
    "amount",
    "tax",
    "total",
)

BUCKETS: dict[str, str] = {
    "matched": QT_TRANSLATE_NOOP("Reconcile", "一致"),
    "missing_on_platform": QT_TRANSLATE_NOOP("Reconcile", "平台缺失"),
    "missing_in_ledger": QT_TRANSLATE_NOOP("Reconcile", "台账缺失"),
    "mismatched": QT_TRANSLATE_NOOP("Reconcile", "信息不符"),
    "status_mismatch": QT_TRANSLATE_NOOP("Reconcile", "状态不同"),
    "duplicates": QT_TRANSLATE_NOOP("Reconcile", "文件内重复"),
    "line_mismatch": QT_TRANSLATE_NOOP("Reconcile", "明细不符"),
}
DIFFERENCE_BUCKETS: tuple[str, ...] = tuple(b for b in BUCKETS if b != "matched")

FIELD_LABELS: dict[str, str] = {
    "issue_date": QT_TRANSLATE_NOOP("Reconcile", "开票日期"),
    "buyer_name": QT_TRANSLATE_NOOP("Reconcile", "购买方名称"),
    "buyer_tax_id": QT_TRANSLATE_NOOP("Reconcile", "购买方识别号"),
    "amount": QT_TRANSLATE_NOOP("Reconcile", "金额"),
    "tax": QT_TRANSLATE_NOOP("Reconcile", "税额"),
    "total": QT_TRANSLATE_NOOP("Reconcile", "价税合计"),
}

Key = tuple[str, str]


class Record(NamedTuple):
    """One invoice as either side knows it; ``ref`` is the ledger id or the platform row id.

    The fields from ``issue_date`` on are the compared ones (``reconcile`` relies on the order).

    A NamedTuple: a reconciliation builds 200,000 of these, and a frozen dataclass is several
    times slower to create.
    """

    ref: int
    code: str
    number: str
    issue_date: str  # ISO date: compared as text, which is exact and fast
    buyer_name: str
    buyer_tax_id: str
    amount_fen: int
    tax_fen: int
    total_fen: int
    status: str

    @property
    def key(self) -> Key:
        return (self.code, self.number)


class Pair(NamedTuple):
    ledger: Record
    platform: Record
    fields: tuple[str, ...] = ()


@dataclass
class Outcome:
    matched: list[Pair] = field(default_factory=list)
    missing_on_platform: list[Record] = field(default_factory=list)
    missing_in_ledger: list[Record] = field(default_factory=list)
    mismatched: list[Pair] = field(default_factory=list)
    status_mismatch: list[Pair] = field(default_factory=list)
    duplicates: list[Record] = field(default_factory=list)
    line_mismatch: list[Pair] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return (
            len(self.line_mismatch)
            + len(self.missing_on_platform)
            + len(self.missing_in_ledger)
            + len(self.mismatched)
            + len(self.status_mismatch)
            + len(self.duplicates)
        )


def name_key(name: str) -> str:
    """Names compare after NFKC (full-width brackets), without spaces, case-insensitive."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def differing_fields(ledger: Record, platform: Record) -> tuple[str, ...]:
    found = []
    if ledger.issue_date != platform.issue_date:
        found.append("issue_date")
    # Equal text is the common case; normalising is for the rest.
    if ledger.buyer_name != platform.buyer_name and name_key(ledger.buyer_name) != name_key(
        platform.buyer_name
    ):
        found.append("buyer_name")
    if ledger.buyer_tax_id != platform.buyer_tax_id and (
        ledger.buyer_tax_id.upper() != platform.buyer_tax_id.upper()
    ):
        found.append("buyer_tax_id")
    if ledger.amount_fen != platform.amount_fen:
        found.append("amount")
    if ledger.tax_fen != platform.tax_fen:
        found.append("tax")
    if ledger.total_fen != platform.total_fen:
        found.append("total")
    return tuple(found)


def reconcile(ledger: Iterable[Record], platform: Iterable[Record]) -> Outcome:
    """Bucket every record. A pair can be both mismatched and of a different status."""
    outcome = Outcome()
    by_key: dict[Key, Record] = {}
    for row in platform:
        key = (row.code, row.number)
        if key in by_key:
            outcome.duplicates.append(row)
        else:
            by_key[key] = row
    for own in ledger:
        other = by_key.pop((own.code, own.number), None)
        if other is None:
            outcome.missing_on_platform.append(own)
            continue
        if own[3:] == other[3:]:  # every compared field and the status equal: the usual case
            outcome.matched.append(Pair(own, other))
            continue
        fields = differing_fields(own, other)
        status_differs = own.status != other.status
        if fields:
            outcome.mismatched.append(Pair(own, other, fields))
        if status_differs:
            outcome.status_mismatch.append(Pair(own, other))
        if not fields and not status_differs:
            outcome.matched.append(Pair(own, other))
    outcome.missing_in_ledger.extend(by_key.values())
    return outcome


# One line as compared: (amount in fen, tax in fen).
LineKey = tuple[int, int]


def check_lines(
    outcome: Outcome,
    ledger_lines: dict[int, list[LineKey]],
    platform_lines: dict[Key, list[LineKey]],
) -> None:
    """Move matched pairs whose lines differ (信息汇总表 vs the ledger's) to ``line_mismatch``.

    Only invoices the file has lines for are checked; the order of lines does not matter.
    """
    kept: list[Pair] = []
    for pair in outcome.matched:
        theirs = platform_lines.get(pair.platform.key)
        if theirs is not None and sorted(theirs) != sorted(ledger_lines.get(pair.ledger.ref, [])):
            outcome.line_mismatch.append(pair)
        else:
            kept.append(pair)
    outcome.matched = kept
