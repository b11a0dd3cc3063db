"""Importing the tax platform's export for reconciling: a file's rows stored all or none, once
per file (by SHA-256).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.exchange.platform_export import (
    Cancelled,
    ExportError,
    PlatformExport,
    Progress,
    file_digest,
    read_export,
)
from invoicedesk.services.company import get_company
from invoicedesk.services.errors import NotAllowed, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import database
from invoicedesk.store.reconcile_models import ImportedFile
from invoicedesk.store.writers import serialize_writers

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


def insert_sql(table: str, fields: Sequence[str]) -> str:
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
LINE_FIELDS = (
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
        serialize_writers()
        stored = ImportedFile.get_or_none(ImportedFile.sha256 == export.sha256)
        if stored is not None:  # the same file imported at another counter meanwhile
            return _file_view(stored, already=True)
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
        sql = insert_sql("platform_row", _ROW_FIELDS)
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
        sql = insert_sql("platform_line", LINE_FIELDS)
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
