"""Reconciling the ledger with the tax platform's export, as sessions the bookkeeper works through.

import_export stores a file's rows (all or nothing); start_session matches one period and keeps
its differences; each difference is resolved with an action and a note (or postponed); a session
finishes only when every difference is resolved. Every write is audited.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from peewee import JOIN, Case, fn

from invoicedesk.core import clock
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.kinds import STATUSES
from invoicedesk.core.money import AmountError, from_fen, parse_decimal
from invoicedesk.core.problems import problem
from invoicedesk.core.rates import KNOWN_RATES, RateError, parse_rate
from invoicedesk.core.reconcile import (
    BUCKETS,
    DIFFERENCE_BUCKETS,
    FIELD_LABELS,
    LineKey,
    Link,
    Match,
    Outcome,
    Pair,
    Record,
    check_lines,
    one_copy,
    reconcile,
    triage,
)
from invoicedesk.core.vat import line_tax
from invoicedesk.exchange.platform_export import (
    Cancelled,
    ExportError,
    PlatformExport,
    Progress,
    file_digest,
    read_export,
)
from invoicedesk.services import invoices
from invoicedesk.services.company import get_company
from invoicedesk.services.errors import NotAllowed, NotFound, ServiceError, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.invoice_queries import matched_in_finished_session
from invoicedesk.store.models import Invoice, InvoiceLine, database
from invoicedesk.store.reconcile_models import (
    ImportedFile,
    PlatformLine,
    PlatformRow,
    ReconcileDifference,
    ReconcileSession,
)

ACTIONS: dict[str, str] = {
    "ledger_corrected": QT_TRANSLATE_NOOP("Reconcile", "已更正台账"),
    "added_from_platform": QT_TRANSLATE_NOOP("Reconcile", "已按平台数据补录"),
    "customer_case": QT_TRANSLATE_NOOP("Reconcile", "已建客户工单"),
    "tax_office": QT_TRANSLATE_NOOP("Reconcile", "待与税务机关核实"),
    "accepted": QT_TRANSLATE_NOOP("Reconcile", "接受差异"),
    "postponed": QT_TRANSLATE_NOOP("Reconcile", "暂缓处理"),
}
OPEN_RESOLUTIONS = ("", "postponed")  # a postponed difference still keeps the session open
# Fields a resolution can copy from the platform row into the ledger (amounts need a red-flush).
CORRECTABLE = ("issue_date", "buyer_name", "buyer_tax_id")
BATCH = 2000


class ImportFailed(ServiceError):
    """The file is not a usable export; nothing was stored."""


class ImportCancelled(ServiceError):
    """The user cancelled; nothing was stored."""


@dataclass(frozen=True)
class ImportedFileView:
    id: int
    name: str
    sha256: str
    size: int
    rows: int
    line_rows: int
    issued: int
    received: int
    number_column: str
    imported_at: str
    imported_by: str
    already: bool = False  # the same file (SHA-256) had been imported before


@dataclass(frozen=True)
class SessionView:
    id: int
    period: str
    file_id: int
    file_name: str
    state: str
    platform_rows: int
    ledger_rows: int
    matched: int
    received: int
    outside_period: int
    counts: dict[str, int]  # difference bucket -> how many
    unresolved: int
    created_at: str
    created_by: str
    finished_at: str | None
    finished_by: str | None

    @property
    def differences(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DifferenceView:
    id: int
    session_id: int
    bucket: str
    code: str
    number: str
    invoice_id: int | None
    platform_row_id: int | None
    fields: tuple[str, ...]
    ledger_status: str
    platform_status: str
    resolution: str
    note: str
    resolved_at: str | None
    resolved_by: str | None
    issue_date: str
    buyer_name: str
    total: Decimal
    ledger_values: dict[str, str] = field(default_factory=dict)
    platform_values: dict[str, str] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.resolution in OPEN_RESOLUTIONS


@dataclass(frozen=True)
class PeriodReconciliation:
    period: str
    sessions: int
    finished: bool  # a finished session covers the period
    unresolved: int  # open differences in the period's sessions
    last_finished_at: str | None


# ---------------------------------------------------------------- import


def _file_view(row: ImportedFile, already: bool = False) -> ImportedFileView:
    return ImportedFileView(
        row.id,
        row.name,
        row.sha256,
        int(row.size),
        row.rows,
        row.line_rows,
        row.issued,
        row.received,
        row.number_column,
        row.imported_at,
        row.imported_by,
        already,
    )


def _insert_sql(table: str, fields: Sequence[str]) -> str:
    param = database.obj.param
    return f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({', '.join(param for _ in fields)})"


_ROW_FIELDS = (
    "file_id",
    "row_no",
    "direction",
    "kind",
    "kind_text",
    "code",
    "number",
    "issue_date",
    "seller_tax_id",
    "seller_name",
    "buyer_tax_id",
    "buyer_name",
    "amount_fen",
    "tax_fen",
    "total_fen",
    "status",
    "status_text",
    "positive",
    "source",
    "risk",
    "issuer",
    "remarks",
)
_LINE_FIELDS = (
    "file_id",
    "code",
    "number",
    "line_no",
    "tax_code",
    "name",
    "spec",
    "unit",
    "quantity",
    "unit_price",
    "amount_fen",
    "tax_rate",
    "tax_fen",
)


def read_file(
    path: str | Path, progress: Progress | None = None, digest: tuple[str, int] | None = None
) -> PlatformExport:
    """Read and check an export without storing it; errors become ImportFailed/ImportCancelled."""
    try:
        return read_export(path, progress, digest)
    except ExportError as exc:
        failed = ImportFailed(exc.message.source, **exc.message.params)
        failed.message = exc.message  # keep its translation context
        raise failed from None
    except Cancelled:
        raise ImportCancelled(
            QT_TRANSLATE_NOOP("Reconcile", "已取消导入，未保存任何数据")
        ) from None
    except IsADirectoryError:
        raise ImportFailed(
            QT_TRANSLATE_NOOP("Reconcile", "“{name}”是文件夹，不是导出文件"), name=Path(path).name
        ) from None


@guarded("reconcile.run")
def import_export(
    path: str | Path, actor: str, progress: Progress | None = None
) -> ImportedFileView:
    """Store one export's rows, all or none. The same file (by SHA-256) is stored once."""
    path = Path(path)
    digest = file_digest(path) if path.is_file() else None
    existing = ImportedFile.get_or_none(ImportedFile.sha256 == digest[0]) if digest else None
    if existing is not None:
        return _file_view(existing, already=True)
    export = read_file(path, progress, digest)
    own = get_company().tax_id
    if not own:
        raise NotAllowed(
            QT_TRANSLATE_NOOP(
                "Reconcile", "请先设置本店的统一社会信用代码：要用它区分销项发票和进项发票"
            )
        )
    now = clock.stamp()
    issued = sum(1 for inv in export.invoices if inv.seller_tax_id == own)
    db = database.obj
    with database.atomic():
        record = ImportedFile.create(
            name=export.name,
            sha256=export.sha256,
            size=export.size,
            rows=len(export.invoices),
            line_rows=len(export.lines),
            issued=issued,
            received=len(export.invoices) - issued,
            number_column=export.number_column,
            imported_at=now,
            imported_by=actor,
        )
        cursor = db.cursor()
        sql = _insert_sql("platform_row", _ROW_FIELDS)
        rows = [
            (
                record.id,
                inv.row_no,
                "issued" if inv.seller_tax_id == own else "received",
                inv.kind,
                inv.kind_text,
                inv.code,
                inv.number,
                inv.issue_date.isoformat(),
                inv.seller_tax_id,
                inv.seller_name,
                inv.buyer_tax_id,
                inv.buyer_name,
                inv.amount_fen,
                inv.tax_fen,
                inv.total_fen,
                inv.status,
                inv.status_text,
                inv.positive,
                inv.source,
                inv.risk,
                inv.issuer,
                inv.remarks,
            )
            for inv in export.invoices
        ]
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
        sql = _insert_sql("platform_line", _LINE_FIELDS)
        counters: Counter[tuple[str, str]] = Counter()
        line_rows = []
        for item in export.lines:
            counters[(item.code, item.number)] += 1
            line_rows.append(
                (
                    record.id,
                    item.code,
                    item.number,
                    counters[(item.code, item.number)],
                    item.tax_code,
                    item.name,
                    item.spec,
                    item.unit,
                    item.quantity,
                    item.unit_price,
                    item.amount_fen,
                    item.tax_rate,
                    item.tax_fen,
                )
            )
        for start in range(0, len(line_rows), BATCH):
            cursor.executemany(sql, line_rows[start : start + BATCH])
        view = _file_view(record)
        audit.append(
            actor,
            "platform_file.import",
            "platform_file",
            record.id,
            None,
            {
                "name": view.name,
                "sha256": view.sha256,
                "rows": view.rows,
                "line_rows": view.line_rows,
                "issued": view.issued,
                "received": view.received,
            },
        )
    return view


def list_files() -> list[ImportedFileView]:
    return [_file_view(f) for f in ImportedFile.select().order_by(ImportedFile.id.desc())]


# ---------------------------------------------------------------- sessions


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    """Rows as plain tuples (typed loosely: peewee's stubs type them as models)."""
    return list(query.tuples())


def _raw(query: Any) -> list[tuple[Any, ...]]:
    """Rows straight from the driver: peewee's per-row conversion costs seconds at 100,000."""
    return list(database.obj.execute_sql(*query.sql()).fetchall())


def _default_period(file_id: int) -> str:
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
        found = _raw(query)
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


class _Sides:
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
        return _raw(query if limit is None else query.limit(limit))

    def ledger_refs(self) -> list[int]:
        """The period's ledger ids in ledger order; only an index is read."""
        query = (
            Invoice.select(Invoice.id)
            .where(self.ledger_where)
            .order_by(Invoice.issue_date, Invoice.id)
        )
        return list(map(itemgetter(0), _raw(query)))

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
        rows = _raw(everything)
    else:
        model = columns[0].model
        rows = []
        for start in range(0, len(refs), CHUNK):
            rows += _raw(model.select(*columns).where(columns[0].in_(refs[start : start + CHUNK])))
    found = {row[0]: row for row in rows}
    return [_as_record(found[ref]) for ref in refs]


SAMPLE = 1000  # links looked at first, to choose how to match


@contextmanager
def _collector_paused() -> Iterator[None]:
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


def _outcome(sides: _Sides) -> tuple[Outcome, int, int]:
    """What ``reconcile`` gives on every row of the period; and how many each side has.

    Usually the database pairs the rows by key and says which pairs are exactly equal, and only
    the rest are read in full (see core.reconcile). When fewer than three in four of a sample of
    the links are equal, most rows would be read in full anyway, after the links: all are read
    and compared in full straight away.
    """
    links = sides.links(SAMPLE)
    if not links or sum(1 for link in links if link[2]) * 4 < len(links) * 3:
        ledger = list(map(_as_record, _raw(sides.ledger())))
        platform = list(map(_as_record, _raw(sides.platform())))
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


def _platform_counts(file_id: int) -> tuple[int, int]:
    """How many of the file's rows were issued, and how many received: one pass."""
    direction = PlatformRow.direction
    query = PlatformRow.select(
        fn.COUNT(Case(None, [(direction == "issued", 1)])),
        fn.COUNT(Case(None, [(direction != "issued", 1)])),
    ).where(PlatformRow.file == file_id)
    issued, received = _raw(query)[0]
    return int(issued), int(received)


def _difference_rows(session_id: int, outcome: Outcome) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []

    def add(bucket: str, ledger: Record | None, plat: Record | None, fields: str = "") -> None:
        key = ledger or plat
        assert key is not None
        rows.append(
            (
                session_id,
                bucket,
                key.code,
                key.number,
                ledger.ref if ledger else None,
                plat.ref if plat else None,
                fields,
                ledger.status if ledger else "",
                plat.status if plat else "",
                "",
                "",
            )
        )

    for rec in outcome.missing_on_platform:
        add("missing_on_platform", rec, None)
    for rec in outcome.missing_in_ledger:
        add("missing_in_ledger", None, rec)
    for pair in outcome.mismatched:
        add("mismatched", pair.ledger, pair.platform, ",".join(pair.fields))
    for pair in outcome.status_mismatch:
        add("status_mismatch", pair.ledger, pair.platform)
    for rec in outcome.duplicates:
        add("duplicates", None, rec)
    for pair in outcome.line_mismatch:
        add("line_mismatch", pair.ledger, pair.platform)
    return rows


def _check_lines(outcome: Outcome, file_id: int, sides: _Sides, totals: tuple[int, int]) -> None:
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
    moved = check_lines(outcome, ledger_lines, platform_lines, partial(_copies, file_id))
    outcome.line_mismatch.extend(_pairs(moved, sides, totals))


def _copies(file_id: int, refs: list[int]) -> dict[int, int]:
    """How many rows of its key the file has, for each of the platform rows ``refs``."""
    key_of = PlatformRow.select(PlatformRow.id, PlatformRow.code, PlatformRow.number)
    if len(refs) > CHUNK:  # many: every key of the file in one pass
        everything = _raw(key_of.where(PlatformRow.file == file_id))
        keys = {ref: (code, number) for ref, code, number in everything}
        counted = Counter(keys.values())
        return {ref: counted[keys[ref]] for ref in refs}
    keys = {
        ref: (code, number) for ref, code, number in _raw(key_of.where(PlatformRow.id.in_(refs)))
    }
    query = (
        PlatformRow.select(PlatformRow.code, PlatformRow.number, fn.COUNT(PlatformRow.id))
        .where(
            (PlatformRow.file == file_id)
            & PlatformRow.number.in_(sorted({number for _, number in keys.values()}))
        )
        .group_by(PlatformRow.code, PlatformRow.number)
    )
    rows = {(code, number): int(times) for code, number, times in _raw(query)}
    return {ref: rows[key] for ref, key in keys.items()}


def _lines_by_ref(query: Any) -> dict[int, list[LineKey]]:
    """Rows of (ref, amount, tax), each ref's together, as each ref's lines."""
    line = itemgetter(1, 2)
    return {ref: list(map(line, rows)) for ref, rows in groupby(_raw(query), itemgetter(0))}


def _pairs(matches: list[Match], sides: _Sides, totals: tuple[int, int]) -> list[Pair]:
    """Full records of matched pairs, for the differences they become."""
    ledger = sides.ledger_records([m.ledger for m in matches], totals[0])
    platform = sides.platform_records([m.platform for m in matches], totals[1])
    return [Pair(own, other) for own, other in zip(ledger, platform, strict=True)]


_DIFF_FIELDS = (
    "session_id",
    "bucket",
    "code",
    "number",
    "invoice_id",
    "platform_row_id",
    "fields",
    "ledger_status",
    "platform_status",
    "resolution",
    "note",
)


@guarded("reconcile.run")
def start_session(file_id: int, actor: str, period: str | None = None) -> SessionView:
    """Reconcile one period of the ledger against an imported file, and keep the outcome."""
    source = ImportedFile.get_or_none(ImportedFile.id == file_id)
    if source is None:
        raise NotFound(QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的导入文件"), id=file_id)
    with database.atomic():
        period = period or _default_period(file_id)
        first, following = period_bounds(period)
        sides = _Sides(file_id, period)
        with _collector_paused():
            outcome, ledger_total, platform_total = _outcome(sides)
            _check_lines(outcome, file_id, sides, (ledger_total, platform_total))
        issued, received = _platform_counts(file_id)
        now = clock.stamp()
        finished = outcome.differences == 0
        session = ReconcileSession.create(
            period=period,
            file=file_id,
            state="finished" if finished else "open",
            platform_rows=platform_total,
            ledger_rows=ledger_total,
            matched=len(outcome.matched),
            received=received,
            outside_period=issued - platform_total,
            first_day=first,
            next_day=following,
            max_invoice_id=Invoice.select(fn.MAX(Invoice.id)).scalar() or 0,
            created_at=now,
            created_by=actor,
            finished_at=now if finished else None,
            finished_by=actor if finished else None,
        )
        cursor = database.obj.cursor()
        diffs = _difference_rows(session.id, outcome)
        sql = _insert_sql("reconcile_difference", _DIFF_FIELDS)
        for start in range(0, len(diffs), BATCH):
            cursor.executemany(sql, diffs[start : start + BATCH])
        view = get_session(session.id)
        audit.append(
            actor,
            "reconcile_session.create",
            "reconcile_session",
            session.id,
            None,
            {
                "period": period,
                "file": source.sha256,
                "platform_rows": view.platform_rows,
                "ledger_rows": view.ledger_rows,
                "matched": view.matched,
                "differences": view.counts,
                "state": view.state,
            },
        )
    return view


@guarded("reconcile.run")
def reconcile_file(
    path: str | Path, actor: str, period: str | None = None, progress: Progress | None = None
) -> tuple[ImportedFileView, SessionView]:
    """Import (or find the already imported file) and open a session for the period."""
    imported = import_export(path, actor, progress)
    return imported, start_session(imported.id, actor, period)


def get_session(session_id: int) -> SessionView:
    session = ReconcileSession.get_or_none(ReconcileSession.id == session_id)
    if session is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的对账记录"), id=session_id
        )
    counts = dict.fromkeys(DIFFERENCE_BUCKETS, 0)
    unresolved = 0
    query = (
        ReconcileDifference.select(
            ReconcileDifference.bucket,
            ReconcileDifference.resolution.in_(OPEN_RESOLUTIONS),
            fn.COUNT(ReconcileDifference.id),
        )
        .where(ReconcileDifference.session == session_id)
        .group_by(ReconcileDifference.bucket, ReconcileDifference.resolution.in_(OPEN_RESOLUTIONS))
    )
    for bucket, is_open, count in _tuples(query):
        counts[bucket] += count
        if is_open:
            unresolved += count
    file_name = ImportedFile.get_by_id(session.file_id).name
    return SessionView(
        session.id,
        session.period,
        session.file_id,
        file_name,
        session.state,
        session.platform_rows,
        session.ledger_rows,
        session.matched,
        session.received,
        session.outside_period,
        counts,
        unresolved,
        session.created_at,
        session.created_by,
        session.finished_at,
        session.finished_by,
    )


def list_sessions(period: str | None = None) -> list[SessionView]:
    query = ReconcileSession.select(ReconcileSession.id).order_by(ReconcileSession.id.desc())
    if period:
        query = query.where(ReconcileSession.period == period)
    return [get_session(sid) for (sid,) in _tuples(query)]


def _money_text(fen: int) -> str:
    return f"{from_fen(fen):.2f}"


def _values(row: Invoice | PlatformRow | None) -> dict[str, str]:
    if row is None:
        return {}
    return {
        "issue_date": str(row.issue_date),
        "buyer_name": row.buyer_name,
        "buyer_tax_id": row.buyer_tax_id,
        "amount": _money_text(row.amount_fen),
        "tax": _money_text(row.tax_fen),
        "total": _money_text(row.total_fen),
        "status": row.status,
    }


def _difference_view(
    diff: ReconcileDifference, ledger: Invoice | None, plat: PlatformRow | None
) -> DifferenceView:
    source = ledger or plat
    return DifferenceView(
        diff.id,
        diff.session_id,
        diff.bucket,
        diff.code,
        diff.number,
        diff.invoice_id,
        diff.platform_row_id,
        tuple(f for f in diff.fields.split(",") if f),
        diff.ledger_status,
        diff.platform_status,
        diff.resolution,
        diff.note,
        diff.resolved_at,
        diff.resolved_by,
        str(source.issue_date) if source else "",
        source.buyer_name if source else "",
        from_fen(source.total_fen) if source else Decimal("0.00"),
        _values(ledger),
        _values(plat),
    )


def list_differences(
    session_id: int, bucket: str | None = None, text: str = "", open_only: bool = False
) -> list[DifferenceView]:
    """A session's differences, filtered by bucket, a number/buyer fragment, and openness."""
    query = ReconcileDifference.select().where(ReconcileDifference.session == session_id)
    if bucket:
        query = query.where(ReconcileDifference.bucket == bucket)
    if open_only:
        query = query.where(ReconcileDifference.resolution.in_(OPEN_RESOLUTIONS))
    diffs = list(query.order_by(ReconcileDifference.id))
    ledger = {
        inv.id: inv
        for inv in Invoice.select().where(
            Invoice.id.in_([d.invoice_id for d in diffs if d.invoice_id])
        )
    }
    plat = {
        row.id: row
        for row in PlatformRow.select().where(
            PlatformRow.id.in_([d.platform_row_id for d in diffs if d.platform_row_id])
        )
    }
    views = [
        _difference_view(d, ledger.get(d.invoice_id or 0), plat.get(d.platform_row_id or 0))
        for d in diffs
    ]
    needle = text.strip().casefold()
    if needle:
        views = [
            v
            for v in views
            if needle in v.number or needle in v.code or needle in v.buyer_name.casefold()
        ]
    return views


def get_difference(difference_id: int) -> DifferenceView:
    diff = ReconcileDifference.get_or_none(ReconcileDifference.id == difference_id)
    if diff is None:
        raise NotFound(QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的差异"), id=difference_id)
    ledger = Invoice.get_or_none(Invoice.id == diff.invoice_id) if diff.invoice_id else None
    plat = (
        PlatformRow.get_or_none(PlatformRow.id == diff.platform_row_id)
        if diff.platform_row_id
        else None
    )
    return _difference_view(diff, ledger, plat)


# ---------------------------------------------------------------- resolving


def _refuse(source: str, **params: Any) -> NotAllowed:
    return NotAllowed(source, **params)


def _file_lines(row: PlatformRow) -> list[PlatformLine]:
    """The file's lines of the row's invoice, in the file's order. A file that repeats the
    invoice's row may repeat its lines with it: then one copy, when it (and not all of them)
    adds up to the row's amount."""
    lines = list(
        PlatformLine.select()
        .where(
            (PlatformLine.file == row.file_id)
            & (PlatformLine.code == row.code)
            & (PlatformLine.number == row.number)
        )
        .order_by(PlatformLine.line_no)
    )
    if sum(item.amount_fen for item in lines) == row.amount_fen:
        return lines
    one = one_copy(lines, _copies(row.file_id, [row.id])[row.id], _line_content)
    if one is not None and sum(item.amount_fen for item in one) == row.amount_fen:
        return one
    return lines


def _line_content(item: PlatformLine) -> tuple[Any, ...]:
    return tuple(getattr(item, name) for name in _LINE_FIELDS if name not in ("file_id", "line_no"))


def _draft_from_platform(row: PlatformRow) -> InvoiceDraft:
    """The ledger invoice a platform row describes, with the file's lines when it has them."""
    try:
        lines = _platform_lines(row)
    except (AmountError, RateError) as exc:
        raise _refuse(
            QT_TRANSLATE_NOOP("Reconcile", "文件中这张发票的明细无法读取（{reason}），请手工登记"),
            reason=exc.message,
        ) from None
    return _platform_draft(row, lines)


def _platform_lines(row: PlatformRow) -> list[LineDraft]:
    return [
        LineDraft(
            name=item.name,
            amount=from_fen(item.amount_fen),
            tax_rate=parse_rate(item.tax_rate or "0"),
            tax=from_fen(item.tax_fen),
            spec=item.spec,
            unit=item.unit,
            quantity=parse_decimal(item.quantity) if item.quantity else None,
            unit_price=parse_decimal(item.unit_price) if item.unit_price else None,
            tax_code=item.tax_code,
        )
        for item in _file_lines(row)
    ]


def _platform_draft(row: PlatformRow, lines: list[LineDraft]) -> InvoiceDraft:
    if not lines:
        amount, tax = from_fen(row.amount_fen), from_fen(row.tax_fen)
        rate = next(
            (r for r in KNOWN_RATES if r.value and line_tax(amount, r) == tax),
            None,
        )
        if rate is None:
            raise _refuse(
                QT_TRANSLATE_NOOP(
                    "Reconcile",
                    "文件中没有这张发票的明细（信息汇总表），且无法从金额和税额推出税率，请手工登记",
                )
            )
        lines = [LineDraft(name="*未分类*按平台数据补录", amount=amount, tax_rate=rate, tax=tax)]
    kind = row.kind or ("82" if not row.code and len(row.number) == 20 else "")
    if not kind:
        raise _refuse(
            QT_TRANSLATE_NOOP("Reconcile", "无法判断这张发票的票种（“{kind}”），请手工登记"),
            kind=row.kind_text,
        )
    return InvoiceDraft(
        kind=kind,
        code=row.code,
        number=row.number,
        issue_date=date.fromisoformat(row.issue_date),
        buyer_name=row.buyer_name,
        buyer_tax_id=row.buyer_tax_id,
        issuer=row.issuer,
        remarks=row.remarks,
        status=row.status if row.status in STATUSES else "normal",
        is_red=not row.positive,
        lines=lines,
    )


@guarded("reconcile.run")
def resolve(
    difference_id: int,
    action: str,
    note: str,
    actor: str,
    *,
    apply: bool = False,
    today: date | None = None,
) -> DifferenceView:
    """Resolve (or postpone) one difference.

    ``added_from_platform`` records the missing invoice from the platform row; ``ledger_corrected``
    with ``apply`` copies the differing date, buyer name and id from the platform row into the
    ledger (each an audited correction). Other actions only record the decision and the note.
    """
    if action not in ACTIONS:
        raise ValidationFailed(
            [
                problem(
                    "action",
                    QT_TRANSLATE_NOOP("Problem", "未知的处理方式“{action}”"),
                    action=action,
                )
            ]
        )
    note = note.strip()
    automatic = action == "added_from_platform" or (action == "ledger_corrected" and apply)
    if not note and not automatic:
        raise ValidationFailed(
            [
                problem(
                    "note", QT_TRANSLATE_NOOP("Problem", "请填写说明：每个差异的处理都要留下理由")
                )
            ]
        )
    with database.atomic():
        diff = ReconcileDifference.get_or_none(ReconcileDifference.id == difference_id)
        if diff is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的差异"), id=difference_id
            )
        session = ReconcileSession.get_by_id(diff.session_id)
        if session.state != "open":
            raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "该对账已完成，不能再更改处理结果"))
        before = {"resolution": diff.resolution, "note": diff.note}
        if action == "added_from_platform":
            note = _add_from_platform(diff, note, actor, today)
        elif action == "ledger_corrected" and apply:
            note = _apply_platform_values(diff, note, actor, today)
        now = clock.stamp()
        diff.resolution = action
        diff.note = note
        diff.resolved_at = now
        diff.resolved_by = actor
        diff.save()
        audit.append(
            actor,
            "reconcile_difference.resolve",
            "reconcile_difference",
            diff.id,
            before,
            {
                "resolution": action,
                "note": note,
                "bucket": diff.bucket,
                "code": diff.code,
                "number": diff.number,
                "session": diff.session_id,
            },
        )
        return get_difference(diff.id)


def _add_from_platform(diff: ReconcileDifference, note: str, actor: str, today: date | None) -> str:
    if diff.bucket != "missing_in_ledger" or diff.platform_row_id is None:
        raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "只有“台账缺失”的发票可以按平台数据补录"))
    row = PlatformRow.get_by_id(diff.platform_row_id)
    view = invoices.record_invoice(_draft_from_platform(row), actor, today=today)
    diff.invoice_id = view.id
    text = translate(
        "Reconcile", QT_TRANSLATE_NOOP("Reconcile", "已按平台数据补录（台账编号 {id}）")
    ).format(id=view.id)
    return f"{text}；{note}" if note else text


def _apply_platform_values(
    diff: ReconcileDifference, note: str, actor: str, today: date | None
) -> str:
    fields = [f for f in diff.fields.split(",") if f]
    if diff.bucket != "mismatched" or diff.invoice_id is None or diff.platform_row_id is None:
        raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "只有“信息不符”的差异可以按平台数据更正"))
    money = [f for f in fields if f not in CORRECTABLE]
    if money:
        raise _refuse(
            QT_TRANSLATE_NOOP(
                "Reconcile",
                "{fields}不能直接更正：金额不符要通过红冲和重开处理；处理后请选择“已更正台账”并写明说明",
            ),
            fields="、".join(translate("Reconcile", FIELD_LABELS[f]) for f in money),
        )
    row = PlatformRow.get_by_id(diff.platform_row_id)
    reason = note or translate(
        "Reconcile", QT_TRANSLATE_NOOP("Reconcile", "按电子发票服务平台数据更正（对账）")
    )
    for name in fields:
        invoices.correct_invoice(
            diff.invoice_id, name, getattr(row, name), reason, actor, today=today
        )
    return reason


@guarded("reconcile.run")
def finish_session(session_id: int, actor: str) -> SessionView:
    with database.atomic():
        view = get_session(session_id)
        if view.state == "finished":
            return view
        if view.unresolved:
            raise _refuse(
                QT_TRANSLATE_NOOP(
                    "Reconcile", "还有 {count} 个差异未处理（暂缓的也算未处理），不能完成对账"
                ),
                count=view.unresolved,
            )
        now = clock.stamp()
        ReconcileSession.update(state="finished", finished_at=now, finished_by=actor).where(
            ReconcileSession.id == session_id
        ).execute()
        audit.append(
            actor,
            "reconcile_session.finish",
            "reconcile_session",
            session_id,
            {"state": "open"},
            {"state": "finished"},
        )
        return get_session(session_id)


# ---------------------------------------------------------------- for month-end


def period_reconciliation(period: str) -> PeriodReconciliation:
    sessions = list_sessions(period)
    finished = [s for s in sessions if s.state == "finished"]
    return PeriodReconciliation(
        period=period,
        sessions=len(sessions),
        finished=bool(finished),
        unresolved=sum(s.unresolved for s in sessions),
        last_finished_at=max((s.finished_at or "" for s in finished), default=None) or None,
    )


def unreconciled_invoice_ids(period: str) -> list[int]:
    """The period's ledger invoices never matched in a finished session."""
    first, following = period_bounds(period)
    query = (
        Invoice.select(Invoice.id)
        .where(
            (Invoice.issue_date >= first)
            & (Invoice.issue_date < following)
            & ~matched_in_finished_session()
        )
        .order_by(Invoice.id)
    )
    return [i for (i,) in _tuples(query)]


def pending_invoice_ids(period: str) -> list[int]:
    """The period's invoices an unfinished session has matched (finishing it reconciles them)."""
    first, following = period_bounds(period)
    query = (
        Invoice.select(Invoice.id)
        .where(
            (Invoice.issue_date >= first)
            & (Invoice.issue_date < following)
            & ~matched_in_finished_session()
            & matched_in_finished_session(state="open")
        )
        .order_by(Invoice.id)
    )
    return [i for (i,) in _tuples(query)]


def reconciliation_report_rows(period: str) -> list[dict[str, str]]:
    """One row per difference of the period's sessions, for the bookkeeper's pack."""
    rows: list[dict[str, str]] = []
    for session in sorted(list_sessions(period), key=lambda s: s.id):
        for diff in list_differences(session.id):
            rows.append(
                {
                    "对账编号": str(session.id),
                    "类别": translate("Reconcile", BUCKETS[diff.bucket]),
                    "发票代码": diff.code,
                    "发票号码": diff.number,
                    "开票日期": diff.issue_date,
                    "购买方名称": diff.buyer_name,
                    "价税合计": f"{diff.total:.2f}",
                    "不符字段": "、".join(
                        translate("Reconcile", FIELD_LABELS[f]) for f in diff.fields
                    ),
                    "台账状态": _status_text(diff.ledger_status),
                    "平台状态": _status_text(diff.platform_status),
                    "处理": translate("Reconcile", ACTIONS[diff.resolution])
                    if diff.resolution
                    else translate("Reconcile", QT_TRANSLATE_NOOP("Reconcile", "未处理")),
                    "说明": diff.note,
                    "处理人": diff.resolved_by or "",
                }
            )
    return rows


def _status_text(status: str) -> str:
    return translate("Status", STATUSES[status]) if status in STATUSES else status
