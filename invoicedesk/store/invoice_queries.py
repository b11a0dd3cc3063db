"""Invoice listing and search: filtering, sorting and paging happen in SQL.

Text search: every whitespace-separated term must match a number, code, buyer name or buyer id.
On SQLite, terms of 3+ characters go through the FTS5 trigram index. Shorter terms are where the
trigram index is blind (SQLite 3.40 returns nothing for them), so digits scan the numbers (common
fragments: the first page fills quickly), and names and ids are looked up in the small ``buyer``
table, then joined on the indexed buyer name and id. PostgreSQL follows the same plan with its
pg_trgm indexes (ILIKE row by row where pg_trgm could not be installed).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from peewee import SQL, Case, ColumnBase, Field, NodeList, PostgresqlDatabase, fn

from invoicedesk.core.dates import period_bounds
from invoicedesk.core.identifiers import normalize_text
from invoicedesk.core.search_text import amount_fen
from invoicedesk.store.models import Buyer, Invoice, database
from invoicedesk.store.reconcile_models import (
    ReconcileDifference,
    ReconcileSession,
    VerificationRecord,
)


@dataclass(frozen=True)
class InvoiceFilter:
    text: str = ""
    period: str | None = None  # YYYY-MM
    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    issuer: str = ""
    min_total_fen: int | None = None
    max_total_fen: int | None = None
    ids: tuple[int, ...] = field(default=())
    verification: str | None = None  # unchecked / confirmed / problem (services.verification)


# Site answers that say the platform does not hold the invoice as the ledger does.
PROBLEM_RESULTS = ("not_found", "inconsistent", "voided", "red")


# Above this many matches a term is "common": see _term_condition.
COMMON = 5000

SORT_FIELDS: dict[str, Field] = {
    "id": Invoice.id,
    "issue_date": Invoice.issue_date,
    "code": Invoice.code,
    "number": Invoice.number,
    "kind": Invoice.kind,
    "buyer_name": Invoice.buyer_name,
    "buyer_tax_id": Invoice.buyer_tax_id,
    "amount": Invoice.amount_fen,
    "tax": Invoice.tax_fen,
    "total": Invoice.total_fen,
    "status": Invoice.status,
    "issuer": Invoice.issuer,
}


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column: Any, term: str) -> ColumnBase:
    op = "ILIKE" if isinstance(database.obj, PostgresqlDatabase) else "LIKE"
    return NodeList((column, SQL(op), f"%{_escape_like(term)}%", SQL("ESCAPE '\\'")))


def search_terms(text: str) -> list[str]:
    # Normalise as identifiers are stored (full-width digits, upper case); names keep their
    # characters since NFKC leaves Han characters alone.
    return [normalize_text(part) for part in text.split() if normalize_text(part)]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _anywhere(term: str) -> ColumnBase:
    """The term in any searchable column, checked row by row."""
    return (
        _like(Invoice.number, term)
        | _like(Invoice.code, term)
        | _like(Invoice.buyer_name, term)
        | _like(Invoice.buyer_tax_id, term)
    )


def _indexed(term: str) -> ColumnBase:
    """The term through an index: the trigram index, or the buyer table for short terms."""
    if _postgres() and not term.isascii():
        # Numbers, codes and ids are ASCII: a Han character can only be in a buyer's name, and
        # every name is in the small buyer table (faster than the trigram index's recheck).
        return Invoice.buyer_name.in_(Buyer.select(Buyer.name).where(_like(Buyer.name, term)))
    if len(term) >= 3:
        if _postgres():
            return Invoice.id.in_(_trgm_hits(term))
        return Invoice.id.in_(
            SQL("(SELECT rowid FROM invoice_fts WHERE invoice_fts MATCH ?)", [_fts_phrase(term)])
        )
    if term.isdigit():  # every two-digit fragment is in a large share of the numbers
        return _anywhere(term)
    names = Buyer.select(Buyer.name).where(_like(Buyer.name, term))
    condition = Invoice.buyer_name.in_(names)
    if term.isascii():  # ids are ASCII: a Han character can only be in a name
        ids = Buyer.select(Buyer.tax_id).where((Buyer.tax_id != "") & _like(Buyer.tax_id, term))
        condition = condition | Invoice.buyer_tax_id.in_(ids)
    return condition


def _postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


# Whether a PostgreSQL database has all three trigram indexes (pg_trgm may not be installable).
_trgm_known: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _has_trgm() -> bool:
    db = database.obj
    known = _trgm_known.get(db)
    if known is None:
        found = db.execute_sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'invoice' AND indexname IN "
            "('invoice_number_trgm', 'invoice_buyer_name_trgm', 'invoice_buyer_tax_id_trgm')"
        ).fetchone()[0]
        known = _trgm_known[db] = int(found) == 3
    return known


# The invoice codes containing a term, by skipping from one distinct code to the next on the
# (code, number) index: paper codes are few, and code has no trigram index.
_CODES = """WITH RECURSIVE c(code) AS (
    SELECT min(code) FROM invoice
    UNION ALL SELECT (SELECT min(i.code) FROM invoice i WHERE i.code > c.code)
    FROM c WHERE c.code IS NOT NULL)
SELECT code FROM c WHERE code ILIKE %s ESCAPE '\\'"""


def _trgm_hits(term: str) -> Any:
    """Ids of invoices holding ``term`` (3+ characters), through the trigram indexes: the
    planner ORs their bitmaps, which an OR with code (no such index) would prevent."""
    hit = Invoice.alias("hit")
    condition = _like(hit.number, term) | _like(hit.buyer_name, term)
    condition = condition | _like(hit.buyer_tax_id, term)
    pattern = f"%{_escape_like(term)}%"
    codes = [row[0] for row in database.obj.execute_sql(_CODES, (pattern,)).fetchall()]
    if codes:
        condition = condition | hit.code.in_(codes)
    return hit.select(hit.id).where(condition)


def _is_common(term: str) -> bool:
    """Whether at least COMMON invoices match: probed with a LIMIT, so it costs a few ms."""
    if len(term) < 3 and term.isdigit():  # every two-digit fragment is in many numbers
        return True
    if _postgres() and not term.isascii():
        # A name: the buyer table counts each name's uses, no need to touch the invoices.
        uses = Buyer.select(fn.COALESCE(fn.SUM(Buyer.use_count), 0)).where(_like(Buyer.name, term))
        return int(uses.scalar() or 0) >= COMMON
    if len(term) < 3 or _postgres():
        probe = Invoice.select(Invoice.id).where(_indexed(term)).limit(COMMON)
        sql, params = probe.sql()
    else:
        sql = "SELECT rowid FROM invoice_fts WHERE invoice_fts MATCH ? LIMIT ?"
        params = [_fts_phrase(term), COMMON]
    found = database.obj.execute_sql(f"SELECT count(*) FROM ({sql}) AS probe", params).fetchone()[0]
    return int(found) >= COMMON


def _term_condition(term: str, ordered: bool) -> ColumnBase:
    fen = amount_fen(term)
    if fen is not None:  # "1234.5", "¥1,234.50": the total or the amount without tax
        # Through the two amount indexes (store.reconcile_models), then sorted: an OR checked
        # row by row in ledger order would read the whole table for a rare amount.
        inner = Invoice.alias("amounts")
        by_total = inner.select(inner.id).where(inner.total_fen == fen)
        by_amount = inner.select(inner.id).where(inner.amount_fen == fen)
        return Invoice.id.in_(by_total | by_amount)
    if _postgres() and not _has_trgm():
        return _anywhere(term)  # ILIKE row by row: pg_trgm could not be installed
    # A rare term goes through its index and the few matches are sorted. A common one is
    # checked row by row while reading in sort order: the first page fills after a few
    # hundred rows, where collecting and sorting every match would take hundreds of ms.
    # Sums read every match anyway, so they always take the index. Both backends alike.
    if ordered and _is_common(term):
        if _postgres() and not term.isascii():
            return _like(Invoice.buyer_name, term)  # the only column a Han character can be in
        return _anywhere(term)
    if ordered and _postgres():
        # The few matches collected first, then sorted: left to join, the planner walks the
        # whole ledger in sort order looking each row up (110 ms at a million).
        hits = Invoice.select(Invoice.id).where(_indexed(term))
        return cast(ColumnBase, Invoice.id == fn.ANY(fn.ARRAY(hits)))
    return _indexed(term)


def conditions(flt: InvoiceFilter, *, ordered: bool = True) -> list[ColumnBase]:
    """SQL conditions for ``flt``; ``ordered`` when the rows are read in ledger order."""
    where: list[ColumnBase] = [_term_condition(t, ordered) for t in search_terms(flt.text)]
    if flt.period:
        first, following = period_bounds(flt.period)
        where += [Invoice.issue_date >= first, Invoice.issue_date < following]
    if flt.date_from:
        where.append(Invoice.issue_date >= flt.date_from)
    if flt.date_to:
        where.append(Invoice.issue_date <= flt.date_to)
    if flt.kinds:
        where.append(Invoice.kind.in_(flt.kinds))
    if flt.statuses:
        where.append(Invoice.status.in_(flt.statuses))
    if flt.issuer:
        where.append(Invoice.issuer == flt.issuer)
    if flt.min_total_fen is not None:
        where.append(Invoice.total_fen >= flt.min_total_fen)
    if flt.max_total_fen is not None:
        where.append(Invoice.total_fen <= flt.max_total_fen)
    if flt.ids:
        where.append(Invoice.id.in_(flt.ids))
    if flt.verification:
        where.append(_verification_condition(flt.verification))
    return where


def _last_results(results: tuple[str, ...]) -> Any:
    """Invoices whose latest verification record has one of ``results``."""
    latest = VerificationRecord.alias("latest")
    newest = latest.select(fn.MAX(latest.id)).where(latest.invoice == VerificationRecord.invoice)
    return VerificationRecord.select(VerificationRecord.invoice).where(
        (VerificationRecord.id == newest) & VerificationRecord.result.in_(results)
    )


def matched_in_finished_session(state: str = "finished") -> ColumnBase:
    """The invoice was matched by a finished reconciliation: in its period, already in the
    ledger then, unchanged since, and not one of its differences (see ReconcileSession)."""
    session = ReconcileSession.alias("ms")
    diff = ReconcileDifference.alias("md")
    is_difference = diff.select(SQL("1")).where(
        (diff.session == session.id) & (diff.invoice == Invoice.id)
    )
    return cast(
        ColumnBase,
        fn.EXISTS(
            session.select(SQL("1")).where(
                (session.state == state)
                & (Invoice.issue_date >= session.first_day)
                & (Invoice.issue_date < session.next_day)
                & (Invoice.id <= session.max_invoice_id)
                & (Invoice.updated_at <= session.created_at)
                & ~fn.EXISTS(is_difference)
            )
        ),
    )


def _verification_condition(state: str) -> ColumnBase:
    """The SQL twin of services.verification.verification_state."""
    open_differences = ReconcileDifference.select(ReconcileDifference.invoice).where(
        ReconcileDifference.invoice.is_null(False)
        & ReconcileDifference.resolution.in_(("", "postponed"))
    )
    problem = Invoice.id.in_(open_differences) | Invoice.id.in_(_last_results(PROBLEM_RESULTS))
    confirmed = matched_in_finished_session() | Invoice.id.in_(_last_results(("success",)))
    if state == "problem":
        return problem
    if state == "confirmed":
        return cast(ColumnBase, confirmed & ~problem)
    return cast(ColumnBase, ~problem & ~confirmed)


def _apply(query: Any, flt: InvoiceFilter, *, ordered: bool = True) -> Any:
    for condition in conditions(flt, ordered=ordered):
        query = query.where(condition)
    return query


def page(
    flt: InvoiceFilter,
    *,
    sort: str = "issue_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
) -> list[Invoice]:
    column = SORT_FIELDS.get(sort, Invoice.issue_date)
    order = [column.desc() if descending else column.asc()]
    if column is not Invoice.id:
        order.append(Invoice.id.desc() if descending else Invoice.id.asc())
    # Sort ids only, then fetch the page's rows: a sorter carrying whole rows is several times
    # slower when thousands of matches must be ordered.
    ids_query = _apply(Invoice.select(Invoice.id), flt).order_by(*order).offset(offset).limit(limit)
    ids = [row[0] for row in ids_query.tuples()]
    if not ids:
        return []
    rows = {inv.id: inv for inv in Invoice.select().where(Invoice.id.in_(ids))}
    return [rows[i] for i in ids]


@dataclass(frozen=True)
class Sums:
    count: int
    amount_fen: int
    tax_fen: int
    total_fen: int
    voided: int


def sums(flt: InvoiceFilter) -> Sums:
    """Count of what matches; money sums leave voided invoices out (they are not valid)."""
    valid = Invoice.status != "voided"

    def valid_sum(column: Field) -> Any:
        return fn.COALESCE(fn.SUM(Case(None, [(valid, column)], 0)), 0)

    query = _apply(
        Invoice.select(
            fn.COUNT(Invoice.id),
            valid_sum(Invoice.amount_fen),
            valid_sum(Invoice.tax_fen),
            valid_sum(Invoice.total_fen),
            fn.COALESCE(fn.SUM(Case(None, [(Invoice.status == "voided", 1)], 0)), 0),
        ),
        flt,
        ordered=False,
    )
    count, amount, tax, total, voided = query.tuples().get()
    return Sums(int(count), int(amount), int(tax), int(total), int(voided))
