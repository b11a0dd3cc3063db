"""The bookkeeper's zip: the files, an audit extract, a manifest whose SHA-256 values hold."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path

import openpyxl

from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.dates import period_start
from invoicedesk.exchange.month_pack import verify_pack
from invoicedesk.services import cases, month_end, month_files
from tests.integration.test_month_end import PERIOD, seed_month


def test_pack_contents_and_manifest(db: str, tmp_path: Path) -> None:
    seed_month()
    month_end.acknowledge(PERIOD, "gap:x", "测试说明", "李会计")
    out = tmp_path / "out" / "pack.zip"
    assert month_files.export_pack(PERIOD, out, "李会计") == 17
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert names == [
            "台账-2026-10.xlsx",
            "月度报告-2026-10.pdf",
            "对账报告-2026-10.csv",
            "审计日志-2026-10.csv",
            "客户工单-2026-10.csv",
            "manifest.json",
        ]
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["period"] == PERIOD and manifest["invoices"] == 17
        for item in manifest["files"]:
            data = zf.read(item["name"])
            assert hashlib.sha256(data).hexdigest() == item["sha256"]
            assert len(data) == item["bytes"]
        assert zf.read("月度报告-2026-10.pdf").startswith(b"%PDF")
        wb = openpyxl.load_workbook(io.BytesIO(zf.read("台账-2026-10.xlsx")), read_only=True)
        assert wb.sheetnames == ["发票", "明细", "汇总"]
        audit = list(
            csv.DictReader(io.StringIO(zf.read("审计日志-2026-10.csv").decode("utf-8-sig")))
        )
        assert any(r["action"] == "screening.acknowledge" for r in audit)
        assert all(len(r["hash"]) == 64 for r in audit)
        reconciliation = zf.read("对账报告-2026-10.csv").decode("utf-8-sig")
        assert reconciliation.strip()
        assert "本期没有客户工单" in zf.read("客户工单-2026-10.csv").decode("utf-8-sig")
    assert verify_pack(out) == []
    assert [e["kind"] for e in month_files.exports_made(PERIOD)] == ["pack"]
    assert list(out.parent.iterdir()) == [out]  # no work files left beside it


def test_a_changed_file_breaks_the_manifest(db: str, tmp_path: Path) -> None:
    seed_month()
    out = tmp_path / "pack.zip"
    month_files.export_pack(PERIOD, out, "李会计")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith(".csv"):
                data += b"x"
            dst.writestr(name, data)
    assert sorted(verify_pack(tampered)) == sorted(
        ["客户工单-2026-10.csv", "审计日志-2026-10.csv", "对账报告-2026-10.csv"]
    )


def test_the_months_customer_cases_are_in_the_pack(
    db: str, tmp_path: Path, frozen_clock: clock.ManualClock
) -> None:
    seed_month()
    # Cases count in the month they were received: receive them in the pack's month.
    frozen_clock.set(datetime.combine(period_start(PERIOD) + timedelta(days=19), time(10), SHOP_TZ))
    before = cases.open_case("月初客户", "查不到", "phone", "李四", phone="13800000001")
    frozen_clock.advance(timedelta(days=40))  # the next month's case stays out
    cases.open_case("下月客户", "查不到", "phone", "李四", phone="13800000009")
    out = tmp_path / "pack.zip"
    month_files.export_pack(PERIOD, out, "李会计")
    with zipfile.ZipFile(out) as zf:
        rows = list(
            csv.DictReader(io.StringIO(zf.read("客户工单-2026-10.csv").decode("utf-8-sig")))
        )
    assert [(r["工单号"], r["客户"], r["电话"]) for r in rows] == [
        (str(before.id), "月初客户", "13800000001")
    ]
    assert verify_pack(out) == []
