"""Files kept with an invoice (the customer's 数电 XML, an OFD): stored once by content.

The bytes go to ``<folder>/<sha256[:2]>/<sha256>`` (written atomically: a temporary name, fsync,
rename), so the same file kept twice takes the space once; the database keeps the hash and the
original name. ``folder`` is ``paths.attachments_dir(db_target)``, which backups carry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.paths import attachments_dir
from invoicedesk.services import invoices, periods
from invoicedesk.services.errors import NotFound, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.counter_models import InvoiceFile
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.models import database

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileView:
    id: int
    invoice_id: int
    sha256: str
    name: str
    size: int
    kind: str
    added_at: str
    added_by: str


def _view(row: InvoiceFile) -> FileView:
    return FileView(
        row.id, row.invoice_id, row.sha256, row.name, row.size, row.kind, row.added_at, row.added_by
    )


def default_folder() -> Path:
    """The attachments folder of the open database (beside a SQLite file)."""
    path = sqlite_path(database.obj)
    return attachments_dir(str(path) if path is not None else "postgresql://")


def blob_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def store_blob(folder: Path, data: bytes) -> str:
    """Write ``data`` content-addressed (atomically, once); returns its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    target = blob_path(folder, digest)
    if target.exists() and target.stat().st_size == len(data):
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return digest


_LOCKED = QT_TRANSLATE_NOOP("Service", "{period} 已结账锁定，不能给该月的发票添加附件")


@guarded("invoice.record")
def attach_file(invoice_id: int, name: str, data: bytes, folder: Path, actor: str) -> FileView:
    """Keep a file with an invoice. The same content twice on one invoice is kept once."""
    if len(data) > MAX_FILE_BYTES:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "文件“{name}”太大（超过 20 MB），没有保存"), name=name
        )
    view = invoices.get_invoice(invoice_id)
    periods.ensure_unlocked(view.issue_date, _LOCKED)
    digest = store_blob(folder, data)  # before the row: a row never points at a missing file
    kind = Path(name).suffix.lower().lstrip(".")[:10]
    with database.atomic():
        periods.ensure_unlocked(view.issue_date, _LOCKED)  # locked meanwhile: the blob is idle
        existing = InvoiceFile.get_or_none(
            (InvoiceFile.invoice == invoice_id) & (InvoiceFile.sha256 == digest)
        )
        if existing is not None:
            return _view(existing)
        row = InvoiceFile.create(
            invoice=invoice_id,
            sha256=digest,
            name=Path(name).name[:255],
            size=len(data),
            kind=kind,
            added_at=clock.stamp(),
            added_by=actor,
        )
        audit.append(
            actor,
            "invoice_file.add",
            "invoice",
            invoice_id,
            None,
            {"file_id": row.id, "sha256": digest, "name": row.name, "size": len(data)},
        )
    return _view(row)


def files_of(invoice_id: int) -> list[FileView]:
    return [
        _view(row)
        for row in InvoiceFile.select()
        .where(InvoiceFile.invoice == invoice_id)
        .order_by(InvoiceFile.id)
    ]


def read_file(file_id: int, folder: Path) -> bytes:
    """The kept bytes, checked against their hash."""
    row = InvoiceFile.get_or_none(InvoiceFile.id == file_id)
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到编号为 {id} 的附件"), id=file_id)
    path = blob_path(folder, row.sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "附件“{name}”的文件不见了：{path}"),
            name=row.name,
            path=str(path),
        ) from exc
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "附件“{name}”已损坏（内容与登记时不符）"), name=row.name
        )
    return data
