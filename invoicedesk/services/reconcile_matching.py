"""Matching one period of the ledger against an imported file's rows, in SQL where it can:
the rows of each side, their pairing by key, and the line-by-line check (see core.reconcile).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any

from peewee import JOIN, Case, fn

from invoicedesk.core.dates import period_bounds
from invoicedesk.core.reconcile import (
    LineKey,
    Link,
    Match,
    Outcome,
    Pair,
    Record,
    check_lines,
    reconcile,
    triage,
)
from invoicedesk.store.models import Invoice, InvoiceLine, database
from invoicedesk.store.reconcile_models import PlatformLine, PlatformRow


def raw_rows(query: Any) -> list[tuple[Any, ...]]:
    """Rows straight from the driver: peewee's per-row conversion costs seconds at 100,000."""
    return list(database.obj.execute_sql(*query.sql()).fetchall())


def default_period(file_id: int) -> str:
    """The month most of the file's issued rows (else of all its rows) fall in; of equally
    many, the one met first in the file."""
    month = fn.SUBSTR(PlatformRow.issue_date, 1, 7)
    in_file = PlatformRow.file == file_id
    for where in (in_file & (PlatformRow.direction == "issued"), in_file):
        query = (
            PlatformRow.select(month)
            .where(where)
            .group_by(month)
            .order_by(fn.COUNT(PlatformRow.id).desc(), fn.MIN(PlatformRow.id))
            .limit(1)
        )
        found = raw_rows(query)
        if found:
            return str(found[0][0])
    raise IndexError("no rows")  # as before; import refuses a file without invoice rows


# Rows come in Record's field order; tuple.__new__ skips NamedTuple._make's length check.
_as_record = partial(tuple.__new__, Record)

_PLATFORM_COLUMNS = (
    PlatformRow.id,
    PlatformRow.code,
    PlatformRow.number,
    PlatformRow.issue_date,
    PlatformRow.buyer_name,
    PlatformRow.buyer_tax_id,
    PlatformRow.amount_fen,
    PlatformRow.tax_fen,
    PlatformRow.total_fen,
    PlatformRow.status,
)
_LEDGER_COLUMNS = (
    Invoice.id,
    Invoice.code,
    Invoice.number,
    Invoice.issue_date.cast("TEXT"),  # ISO text on both backends
    Invoice.buyer_name,
    Invoice.buyer_tax_id,
    Invoice.amount_fen,
    Invoice.tax_fen,
    Invoice.total_fen,
    Invoice.status,
)
# Exactly what ``Record[3:] ==`` compares, in SQL: equal text is equal bytes on both backends,
# and a NULL anywhere leaves it unsure (NULL), never true.
_EQUAL = (
    (_LEDGER_COLUMNS[3] == PlatformRow.issue_date)
    & (Invoice.buyer_name == PlatformRow.buyer_name)
    & (Invoice.buyer_tax_id == PlatformRow.buyer_tax_id)
    & (Invoice.amount_fen == PlatformRow.amount_fen)
    & (Invoice.tax_fen == PlatformRow.tax_fen)
    & (Invoice.total_fen == PlatformRow.total_fen)
    & (Invoice.status == PlatformRow.status)
)
CHUNK = 500  # ids per IN (...): well within either backend's limit on parameters


class Sides:
    """One session's rows: which they are, and the queries that read them."""

    def __init__(self, file_id: int, period: str) -> None:
        first, following = period_bounds(period)
        lo, hi = first.isoformat(), following.isoformat()
        self.platform_where = (
            (PlatformRow.file == file_id)
            & (PlatformRow.direction == "issued")
            & (PlatformRow.issue_date >= lo)
            & (PlatformRow.issue_date < hi)
        )
        self.ledger_where = (Invoice.issue_date >= first) & (Invoice.issue_date < following)

    def links(self, limit: int | None = None) -> list[Link]:
        """Each issued row of the period (or the first ``limit``), in id order, with the ledger
        row of its key."""
        query = (
            PlatformRow.select(PlatformRow.id, Invoice.id, _EQUAL)
            .join(
                Invoice,
                JOIN.LEFT_OUTER,
                on=(Invoice.code == PlatformRow.code)
                & (Invoice.number == PlatformRow.number)
                & self.ledger_where,
            )
            .where(self.platform_where)
            .order_by(PlatformRow.id)
        )
        return raw_rows(query if limit is None else query.limit(limit))

    def ledger_refs(self) -> list[int]:
        """The period's ledger ids in ledger order; only an index is read."""
        query = (
            Invoice.select(Invoice.id)
            .where(self.ledger_where)
            .order_by(Invoice.issue_date, Invoice.id)
        )
        return list(map(itemgetter(0), raw_rows(query)))

    def platform(self) -> Any:
        """The full rows, in platform order."""
        return (
            PlatformRow.select(*_PLATFORM_COLUMNS)
            .where(self.platform_where)
            .order_by(PlatformRow.id)
        )

    def ledger(self) -> Any:
        """The full rows, in ledger order."""
        return (
            Invoice.select(*_LEDGER_COLUMNS)
            .where(self.ledger_where)
            .order_by(Invoice.issue_date, Invoice.id)
        )

    def platform_records(self, refs: list[int], total: int) -> list[Record]:
        return _records(_PLATFORM_COLUMNS, refs, self.platform(), total)

    def ledger_records(self, refs: list[int], total: int) -> list[Record]:
        return _records(_LEDGER_COLUMNS, refs, self.ledger(), total)


def _records(
    columns: tuple[Any, ...], refs: list[int], everything: Any, total: int
) -> list[Record]:
    """Full records of ``refs``, in that order, from a side of ``total`` rows (``everything``).

    By id in chunks while they are few; past a quarter of the side, reading the whole side is
    cheaper than the lookups.
    """
    if not refs:
        return []
    if len(refs) * 4 > total:
        rows = raw_rows(everything)
    else:
        model = columns[0].model
        rows = []
        for start in range(0, len(refs), CHUNK):
            rows += raw_rows(
                model.select(*columns).where(columns[0].in_(refs[start : start + CHUNK]))
            )
    found = {row[0]: row for row in rows}
    return [_as_record(found[ref]) for ref in refs]


SAMPLE = 1000  # links looked at first, to choose how to match


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cycle collector while a session turns 100,000s of rows into tuples: none of
    them can be in a cycle, yet each collection would walk them all again (about a sixth of
    the session's time)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def period_outcome(sides: Sides) -> tuple[Outcome, int, int]:
    """What ``reconcile`` gives on every row of the period; and how many each side has.

    Usually the database pairs the rows by key and says which pairs are exactly equal, and only
    the rest are read in full (see core.reconcile). When fewer than three in four of a sample of
    the links are equal, most rows would be read in full anyway, after the links: all are read
    and compared in full straight away.
    """
    links = sides.links(SAMPLE)
    if not links or sum(1 for link in links if link[2]) * 4 < len(links) * 3:
        ledger = list(map(_as_record, raw_rows(sides.ledger())))
        platform = list(map(_as_record, raw_rows(sides.platform())))
        return reconcile(ledger, platform), len(ledger), len(platform)
    if len(links) == SAMPLE:
        links = sides.links()
    ledger_refs = sides.ledger_refs()
    found = triage(ledger_refs, links)
    totals = (len(ledger_refs), len(found.matched) + len(found.platform))
    outcome = found.finish(
        sides.ledger_records(found.ledger, totals[0]),
        sides.platform_records(found.platform, totals[1]),
    )
    return outcome, *totals


def platform_counts(file_id: int) -> tuple[int, int]:
    """How many of the file's rows were issued, and how many received: one pass."""
    direction = PlatformRow.direction
    query = PlatformRow.select(
        fn.COUNT(Case(None, [(direction == "issued", 1)])),
        fn.COUNT(Case(None, [(direction != "issued", 1)])),
    ).where(PlatformRow.file == file_id)
    issued, received = raw_rows(query)[0]
    return int(issued), int(received)


def check_period_lines(
    outcome: Outcome, file_id: int, sides: Sides, totals: tuple[int, int]
) -> None:
    """Compare the file's 信息汇总表 lines, when it has them, with the matched invoices' lines;
    the pairs that differ go to ``line_mismatch``."""
    if not PlatformLine.select().where(PlatformLine.file == file_id).exists():
        return
    # Each side's lines by the ref of their row: matches know rows by ref.
    theirs = (
        PlatformRow.select(PlatformRow.id, PlatformLine.amount_fen, PlatformLine.tax_fen)
        .join(
            PlatformLine,
            on=(PlatformLine.file == PlatformRow.file)
            & (PlatformLine.code == PlatformRow.code)
            & (PlatformLine.number == PlatformRow.number),
        )
        .where(sides.platform_where)
        .order_by(PlatformRow.id)
    )
    platform_lines = _lines_by_ref(theirs)
    wanted = [m.ledger for m in outcome.matched if m.platform in platform_lines]
    line = (InvoiceLine.invoice, InvoiceLine.amount_fen, InvoiceLine.tax_fen)
    if len(wanted) * 4 > totals[0]:  # most of the period: read it whole
        ours = [
            InvoiceLine.select(*line)
            .join(Invoice)
            .where(sides.ledger_where)
            .order_by(Invoice.issue_date, Invoice.id)  # each invoice's together, unsorted
        ]
    else:
        ours = [
            InvoiceLine.select(*line)
            .where(InvoiceLine.invoice.in_(wanted[i : i + CHUNK]))
            .order_by(InvoiceLine.invoice)
            for i in range(0, len(wanted), CHUNK)
        ]
    ledger_lines: dict[int, list[LineKey]] = {}
    for query in ours:
        ledger_lines.update(_lines_by_ref(query))
    moved = check_lines(outcome, ledger_lines, platform_lines, partial(copies_in_file, file_id))
    outcome.line_mismatch.extend(_pairs(moved, sides, totals))


def copies_in_file(file_id: int, refs: list[int]) -> dict[int, int]:
    """How many rows of its key the file has, for each of the platform rows ``refs``."""
    key_of = PlatformRow.select(PlatformRow.id, PlatformRow.code, PlatformRow.number)
    if len(refs) > CHUNK:  # many: every key of the file in one pass
        everything = raw_rows(key_of.where(PlatformRow.file == file_id))
        keys = {ref: (code, number) for ref, code, number in everything}
        counted = Counter(keys.values())
        return {ref: counted[keys[ref]] for ref in refs}
    keys = {
        ref: (code, number)
        for ref, code, number in raw_rows(key_of.where(PlatformRow.id.in_(refs)))
    }
    query = (
        PlatformRow.select(PlatformRow.code, PlatformRow.number, fn.COUNT(PlatformRow.id))
        .where(
            (PlatformRow.file == file_id)
            & PlatformRow.number.in_(sorted({number for _, number in keys.values()}))
        )
        .group_by(PlatformRow.code, PlatformRow.number)
    )
    rows = {(code, number): int(times) for code, number, times in raw_rows(query)}
    return {ref: rows[key] for ref, key in keys.items()}


def _lines_by_ref(query: Any) -> dict[int, list[LineKey]]:
    """Rows of (ref, amount, tax), each ref's together, as each ref's lines."""
    line = itemgetter(1, 2)
    return {ref: list(map(line, rows)) for ref, rows in groupby(raw_rows(query), itemgetter(0))}


def _pairs(matches: list[Match], sides: Sides, totals: tuple[int, int]) -> list[Pair]:
    """Full records of matched pairs, for the differences they become."""
    ledger = sides.ledger_records([m.ledger for m in matches], totals[0])
    platform = sides.platform_records([m.platform for m in matches], totals[1])
    return [Pair(own, other) for own, other in zip(ledger, platform, strict=True)]
