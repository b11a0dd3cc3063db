"""The bookkeeper's files of a month or of a filtered list: the ledger workbook, the month report
PDF, the month pack, and the rows they hold; each file made is recorded and audited.

Split from month_end.py, which reviews, screens and locks the month these files describe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ, to_local
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.services import month_end
from invoicedesk.services.company import get_company
from invoicedesk.services.month_end import GroupSum, MonthSummary
from invoicedesk.services.periods import check_period
from invoicedesk.services.practice import is_practice_ledger
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, invoice_queries
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Invoice, InvoiceLine, PeriodLock, database
from invoicedesk.store.month_models import MonthExport

INVOICE_COLUMNS = (
    Invoice.code,
    Invoice.number,
    Invoice.kind,
    Invoice.issue_date,
    Invoice.buyer_name,
    Invoice.buyer_tax_id,
    Invoice.amount_fen,
    Invoice.tax_fen,
    Invoice.total_fen,
    Invoice.status,
    Invoice.is_red,
    Invoice.issuer,
    Invoice.remarks,
)


def count_matching(flt: InvoiceFilter) -> int:
    return invoice_queries.sums(flt).count


def _where(query: Any, flt: InvoiceFilter) -> Any:
    for condition in invoice_queries.conditions(flt, ordered=False):
        query = query.where(condition)
    return query


# By identity: a peewee field's == builds an expression, so list.index cannot find it.
_STATUS_AT = next(i for i, column in enumerate(INVOICE_COLUMNS) if column is Invoice.status)


def invoice_rows(flt: InvoiceFilter) -> Iterator[tuple[Any, ...]]:
    """Raw invoice tuples in ledger order (oldest first); money in fen.

    An invoice of a locked month red-flushed after the lock shows its status as locked and,
    apart, its status now ("正常（锁定后：已红冲-全额）").
    """
    changed = month_end.changed_after_lock(flt.period or None)
    labels = {
        i: translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "{locked}（{after}）")).format(
            locked=month_end.status_label(locked), after=month_end.after_lock_label(now)
        )
        for i, (locked, now) in changed.items()
    }
    query = _where(Invoice.select(Invoice.id, *INVOICE_COLUMNS), flt).order_by(
        Invoice.issue_date, Invoice.id
    )
    for row in query.tuples().iterator():
        label = labels.get(row[0]) if labels else None
        if label is None:
            yield row[1:]
        else:
            yield (*row[1 : _STATUS_AT + 1], label, *row[_STATUS_AT + 2 :])


def line_rows(flt: InvoiceFilter) -> Iterator[tuple[Any, ...]]:
    query = _where(
        InvoiceLine.select(
            Invoice.code,
            Invoice.number,
            InvoiceLine.line_no,
            InvoiceLine.name,
            InvoiceLine.spec,
            InvoiceLine.unit,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.amount_fen,
            InvoiceLine.tax_rate,
            InvoiceLine.tax_fen,
        ).join(Invoice),
        flt,
    ).order_by(Invoice.issue_date, Invoice.id, InvoiceLine.line_no)
    yield from query.tuples().iterator()


def audit_rows(period: str) -> list[dict[str, str]]:
    """The audit entries written during the month (shop time), and every entry about the month."""
    first, following = period_bounds(period)
    start = clock.stamp(datetime.combine(first, time(), SHOP_TZ))
    end = clock.stamp(datetime.combine(following, time(), SHOP_TZ))
    query = (
        AuditEntry.select()
        .where(
            ((AuditEntry.ts >= start) & (AuditEntry.ts < end))
            | ((AuditEntry.entity == "period") & (AuditEntry.entity_id == period))
        )
        .order_by(AuditEntry.id)
    )
    return [
        {
            "seq": str(e.id),
            "time": to_local(e.ts).strftime("%Y-%m-%d %H:%M:%S"),
            "actor": e.actor,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": e.before or "",
            "after": e.after or "",
            "hash": e.hash,
        }
        for e in query
    ]


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _neutral(v) for k, v in row.items()})
    return buffer.getvalue()


def _neutral(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# ---------------------------------------------------------------- exports


Progress = Callable[[int, int], bool]  # (done, total) -> keep going


def _record_export(period: str, kind: str, path: Path, sha: str, count: int, actor: str) -> None:
    with database.atomic():
        row = MonthExport.create(
            period=period,
            kind=kind,
            path=str(path),
            sha256=sha,
            invoices=count,
            made_by=actor,
            made_at=clock.stamp(),
        )
        audit.append(
            actor,
            f"month.export_{kind}",
            "month_export",
            row.id,
            None,
            {"period": period, "path": str(path), "sha256": sha, "invoices": count},
        )


def _write_ledger(
    flt: InvoiceFilter,
    path: Path,
    filters: list[tuple[str, str]] | None,
    progress: Progress | None,
) -> tuple[str, int]:
    from invoicedesk.exchange import ledger_xlsx

    total = count_matching(flt)
    label = flt.period or translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "筛选结果"))
    summary = month_end.month_summary(flt.period) if flt.period and filters is None else None
    sha = ledger_xlsx.write_ledger(
        path,
        invoice_rows(flt),
        line_rows(flt),
        total=total,
        title=f"{get_company().name} {label}",
        summary=summary_sheet(summary) if summary else None,
        filters=filters,
        progress=progress,
        practice=is_practice_ledger(),
    )
    return sha, total


@guarded("export.write")
def export_ledger(
    flt: InvoiceFilter,
    path: Path,
    actor: str,
    *,
    filters: list[tuple[str, str]] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the ledger workbook for ``flt``; returns the number of invoices written.

    ``filters`` (name, value) are written on a second sheet: an export of a filtered list.
    """
    sha, total = _write_ledger(flt, Path(path), filters, progress)
    _record_export(flt.period or "", "ledger", Path(path), sha, total, actor)
    return total


def summary_sheet(summary: MonthSummary) -> list[tuple[str, list[GroupSum]]]:
    return [
        (translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "按票种")), list(summary.by_kind)),
        (translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "按税率")), list(summary.by_rate)),
        (translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "按状态")), list(summary.by_status)),
        (
            translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "红冲与作废")),
            [summary.red, summary.voided],
        ),
    ] + (
        [
            (
                translate("MonthEnd", QT_TRANSLATE_NOOP("MonthEnd", "锁定后的变化")),
                list(summary.after_lock),
            )
        ]
        if summary.after_lock
        else []
    )


def period_anchor(period: str) -> tuple[int, str]:
    """The chain head a month's PDF prints: its lock's anchor when locked, else today's head."""
    lock = PeriodLock.get_or_none(PeriodLock.period == period)
    if lock is not None and lock.audit_seq:
        return int(lock.audit_seq), str(lock.audit_hash or "")
    return audit.head_entry()


def _write_pdf(period: str, path: Path, actor: str, reviewer: str) -> tuple[str, int]:
    from invoicedesk.exchange import month_pdf

    summary = month_end.month_summary(period)
    sha = month_pdf.write_month_report(
        path,
        company=get_company().name,
        tax_id=get_company().tax_id,
        summary=summary,
        screening=month_end.screen_period(period),
        trend=month_end.trend("kind"),
        preparer=actor,
        reviewer=reviewer,
        practice=is_practice_ledger(),
        audit_anchor=period_anchor(period),
    )
    return sha, summary.count


@guarded("export.write")
def export_month_pdf(period: str, path: Path, actor: str, *, reviewer: str = "") -> int:
    period = check_period(period)
    sha, count = _write_pdf(period, Path(path), actor, reviewer)
    _record_export(period, "month", Path(path), sha, count, actor)
    return count


@guarded("export.write")
def export_pack(
    period: str,
    path: Path,
    actor: str,
    *,
    progress: Progress | None = None,
    with_training: bool = False,
) -> int:
    """The bookkeeper's zip: ledger, month report, reconciliation report, audit extract, the
    month's customer cases, with ``with_training`` the staff training register, manifest."""
    from invoicedesk.exchange import month_pack
    from invoicedesk.services.case_review import month_rows as case_rows
    from invoicedesk.services.training import pack_rows as training_rows

    period = check_period(period)
    path = Path(path)
    count = month_pack.write_pack(
        path,
        period=period,
        write_ledger=lambda p: _write_ledger(InvoiceFilter(period=period), p, None, progress)[1],
        write_pdf=lambda p: _write_pdf(period, p, actor, "")[1],
        reconciliation=month_end.reconciliation_rows(period),
        audit=audit_rows(period),
        made_by=actor,
        cases=case_rows(period),
        training=training_rows() if with_training else None,
    )
    _record_export(period, "pack", path, month_pack.sha256_of(path), count, actor)
    return count


def exports_made(period: str) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "path": e.path,
            "sha256": e.sha256,
            "invoices": e.invoices,
            "made_by": e.made_by,
            "made_at": e.made_at,
        }
        for e in MonthExport.select().where(MonthExport.period == period).order_by(MonthExport.id)
    ]
