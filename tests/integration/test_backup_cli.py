"""``backup`` and ``check`` on the command line: the scheduler's contract (JSON, exit codes)."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest

from invoicedesk.exchange.snapshot_manifest import REPO_DIR
from invoicedesk.services.company import put_setting
from invoicedesk.store.database import close_database, open_database
from tests.cli_runner import Run, cli_runner
from tests.integration.test_startup import damage


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return tmp_path / "shop" / "ledger.sqlite"


@pytest.fixture
def run(ledger: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(ledger, "值班", capsys, monkeypatch)


@pytest.fixture
def usb(tmp_path: Path, run: Run) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run("init", "--company", "演示商店", "--tax-id", "91110108551385082Q")[0] == 0
    assert run("demo", "--invoices", "150")[0] == 0
    code, _out, err = run("backup", "destination", "add", str(folder), "--label", "U盘")
    assert (code, err) == (0, ""), err
    return folder


def test_run_list_verify_restore_with_json_and_exit_codes(
    run: Run, usb: Path, tmp_path: Path
) -> None:
    code, out, err = run("backup", "run", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["ok"] and report["destinations"][0]["snapshot"]["kind"] == "full"
    code, out, _ = run("backup", "run", "--incremental", "--json")
    assert code == 0 and json.loads(out)["destinations"][0]["snapshot"]["kind"] == "incremental"

    code, out, _ = run("backup", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [s["kind"] for s in listed] == ["incremental", "full"]
    assert listed[0]["invoices"] == 150 and listed[0]["destination"] == str(usb)
    code, out, _ = run("backup", "list")
    assert code == 0 and "增量备份" in out and "共 2 个备份" in out

    code, out, _ = run("backup", "verify", "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] and len(result["results"]) == 2

    target = tmp_path / "restored.sqlite"
    code, out, err = run("backup", "restore", listed[0]["id"], "--to", str(target))
    assert (code, err) == (0, ""), err
    assert "发票 150 张" in out and "当前数据库未改动" in out
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM invoice").fetchone()[0] == 150
    conn.close()
    code, _, err = run("backup", "restore", listed[0]["id"], "--to", str(target))
    assert code == 2 and "已存在" in err

    code, out, _ = run("backup", "drill", "--json")
    assert code == 0 and json.loads(out)["ok"]

    # Damage: exit 1, and the damaged snapshot is named.
    pack = usb / REPO_DIR / "data" / listed[1]["id"] / "pack-0000.bin"
    data = bytearray(pack.read_bytes())
    data[100] ^= 1
    pack.write_bytes(bytes(data))
    code, out, _ = run("backup", "verify")
    assert code == 1
    assert f"损坏 2 个：{listed[1]['id']} {listed[0]['id']}" in out or (
        f"损坏 2 个：{listed[0]['id']} {listed[1]['id']}" in out
    )


def test_a_missing_destination_exits_1_and_others_are_served(
    run: Run, usb: Path, tmp_path: Path
) -> None:
    cloud = tmp_path / "cloud"
    cloud.mkdir()
    assert run("backup", "destination", "add", str(cloud))[0] == 0
    shutil.rmtree(usb)
    code, out, err = run("backup", "run")
    assert code == 1
    assert "找不到备份位置" in err and str(usb) in err
    assert f"已备份到 {cloud}" in out
    code, out, _ = run("backup", "run", "--to", str(cloud), "--json")
    assert code == 0 and json.loads(out)["ok"]


def test_bad_input_exits_2(run: Run, usb: Path) -> None:
    code, _, err = run("backup", "run", "--full", "--incremental")
    assert code == 2 and "参数错误" in err
    code, _, err = run("backup", "restore", "x")
    assert code == 2
    code, _, err = run("backup", "destination", "add", "relative")
    assert code == 2 and "完整路径" in err
    code, _, err = run("backup")
    assert code == 2 and "用法" in err


def test_check_reports_each_check_and_exits_1_when_one_fails(
    run: Run, usb: Path, ledger: Path
) -> None:
    code, out, _ = run("check", "--json")
    report = json.loads(out)
    names = [c["name"] for c in report["checks"]]
    assert names == ["database", "audit_chain", "disk_space", "platform", "backups"]
    assert code == 1 and not report["ok"]  # no backup yet, no platform address
    assert run("backup", "run")[0] == 0
    assert run("backup", "drill")[0] == 0
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        # Through the app (audited): a setting written behind its back is itself reported now.
        open_database(ledger, actor="店长")
        put_setting("platform_address", f"127.0.0.1:{port}", "店长")
        close_database()
        code, out, _ = run("check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"], report

    damage(ledger)
    before = ledger.read_bytes()
    code, out, _ = run("check")
    assert code == 1 and "异常  数据库完整性" in out and "损坏" in out
    assert ledger.read_bytes() == before  # nothing written into a damaged file


def test_check_on_a_file_that_is_no_database(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage " * 1000)
    code, out, _ = run("check", db=broken)
    assert code == 1 and "异常  数据库完整性" in out
