"""The bookkeeper's pack: one zip with the ledger, the month report, the reconciliation report,
the period's audit-log extract, the month's customer cases, when asked the staff training
register, and a manifest with each file's SHA-256."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.exchange.ledger_xlsx import neutralise, sha256_of

MANIFEST = "manifest.json"


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(str(v)) for k, v in row.items()})
    # UTF-8 with BOM: Excel on Chinese Windows then reads the Han characters correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _note(source: str) -> dict[str, str]:
    return {
        str(Message("MonthPack", QT_TRANSLATE_NOOP("MonthPack", "说明"))): str(
            Message("MonthPack", source)
        )
    }


def write_pack(
    path: Path,
    *,
    period: str,
    write_ledger: Callable[[Path], int],
    write_pdf: Callable[[Path], int],
    reconciliation: list[dict[str, str]] | None,
    audit: list[dict[str, str]],
    made_by: str,
    cases: list[dict[str, str]] | None = None,
    training: list[dict[str, str]] | None = None,
) -> int:
    """Build the zip atomically; returns the number of invoices in the ledger.

    ``cases``: the month's customer cases, one row each (None leaves their file out).
    ``training``: the staff training register, when asked for (None leaves it out).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = {
        "ledger": f"台账-{period}.xlsx",
        "report": f"月度报告-{period}.pdf",
        "reconciliation": f"对账报告-{period}.csv",
        "audit": f"审计日志-{period}.csv",
    }
    if cases is not None:
        names["cases"] = f"客户工单-{period}.csv"
    if training is not None:
        names["training"] = f"培训登记-{period}.csv"
    with tempfile.TemporaryDirectory(prefix="pack-", dir=path.parent) as work:
        folder = Path(work)
        count = write_ledger(folder / names["ledger"])
        write_pdf(folder / names["report"])
        if reconciliation is None:
            reconciliation = [
                _note(QT_TRANSLATE_NOOP("MonthPack", "对账功能尚未安装：本期没有对账报告。"))
            ]
        elif not reconciliation:
            reconciliation = [_note(QT_TRANSLATE_NOOP("MonthPack", "本期尚未与平台导出对账。"))]
        (folder / names["reconciliation"]).write_bytes(_csv(reconciliation))
        audit = audit or [_note(QT_TRANSLATE_NOOP("MonthPack", "本期没有审计记录。"))]
        (folder / names["audit"]).write_bytes(_csv(audit))
        if cases is not None:
            cases = cases or [_note(QT_TRANSLATE_NOOP("MonthPack", "本期没有客户工单。"))]
            (folder / names["cases"]).write_bytes(_csv(cases))
        if training is not None:
            training = training or [_note(QT_TRANSLATE_NOOP("MonthPack", "还没有培训记录。"))]
            (folder / names["training"]).write_bytes(_csv(training))
        manifest = {
            "period": period,
            "made_at": clock.stamp(),
            "made_by": made_by,
            "invoices": count,
            "files": [
                {
                    "name": name,
                    "bytes": (folder / name).stat().st_size,
                    "sha256": sha256_of(folder / name),
                }
                for name in names.values()
            ],
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        tmp = folder / "pack.zip"
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in [*names.values(), MANIFEST]:
                zf.write(folder / name, name)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    return count


def verify_pack(path: Path) -> list[str]:
    """Names of the files whose SHA-256 does not match the manifest (empty: the pack is intact)."""
    import hashlib

    bad = []
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        for item in manifest["files"]:
            if hashlib.sha256(zf.read(item["name"])).hexdigest() != item["sha256"]:
                bad.append(item["name"])
    return bad


__all__ = ["MANIFEST", "sha256_of", "verify_pack", "write_pack"]
