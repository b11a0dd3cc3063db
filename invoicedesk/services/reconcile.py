"""Reconciling the ledger with the tax platform's export, as sessions the bookkeeper works through.

import_export (reconcile_import) stores a file's rows (all or nothing); start_session matches one
period (reconcile_matching) and keeps its differences; each difference is resolved with an action
and a note, or postponed (reconcile_differences); a session finishes only when every difference is
resolved. Every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import fn

from invoicedesk.core import clock
from invoicedesk.core.dates import period_bounds
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.kinds import STATUSES
from invoicedesk.core.reconcile import BUCKETS, DIFFERENCE_BUCKETS, FIELD_LABELS, Outcome, Record
from invoicedesk.exchange.platform_export import Progress
from invoicedesk.services.errors import NotAllowed, NotFound
from invoicedesk.services.reconcile_differences import ACTIONS, OPEN_RESOLUTIONS, list_differences
from invoicedesk.services.reconcile_import import BATCH, ImportedFileView, import_export, insert_sql
from invoicedesk.services.reconcile_matching import (
    Sides,
    check_period_lines,
    collector_paused,
    default_period,
    period_outcome,
    platform_counts,
)
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.invoice_queries import matched_in_finished_session
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.reconcile_models import ImportedFile, ReconcileDifference, ReconcileSession


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
class PeriodReconciliation:
    period: str
    sessions: int
    finished: bool  # a finished session covers the period
    unresolved: int  # open differences in the period's sessions
    last_finished_at: str | None


# ---------------------------------------------------------------- sessions


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    """Rows as plain tuples (typed loosely: peewee's stubs type them as models)."""
    return list(query.tuples())


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
        period = period or default_period(file_id)
        first, following = period_bounds(period)
        sides = Sides(file_id, period)
        with collector_paused():
            outcome, ledger_total, platform_total = period_outcome(sides)
            check_period_lines(outcome, file_id, sides, (ledger_total, platform_total))
        issued, received = platform_counts(file_id)
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
        sql = insert_sql("reconcile_difference", _DIFF_FIELDS)
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


@guarded("reconcile.run")
def finish_session(session_id: int, actor: str) -> SessionView:
    with database.atomic():
        view = get_session(session_id)
        if view.state == "finished":
            return view
        if view.unresolved:
            raise NotAllowed(
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
