"""The command line contract: names, JSON shapes and exit codes, on both backends."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.store.database import close_database
from tests.cli_runner import Run, cli_runner
from tests.factories import as_json, number


@pytest.fixture
def run(db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(db_target, "张三", capsys, monkeypatch)


def test_init_add_list_round_trip(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        run("init", "--company", "北京演示餐饮有限公司", "--tax-id", "91110000802100433B")[0] == 0
    )
    source = tmp_path / "one.json"
    source.write_text(json.dumps(as_json(1), ensure_ascii=False), encoding="utf-8")
    code, out, err = run("add", "--json", str(source))
    assert (code, err) == (0, "") and "1" in out
    code, out, _ = run("list", "--json")
    assert code == 0
    [listed] = json.loads(out)
    assert listed["number"] == number(1)
    assert listed["lines"][0]["tax"] == "6.00"
    assert (listed["amount"], listed["tax"], listed["total"]) == ("100.00", "6.00", "106.00")
    assert listed["amount_in_words"] == "壹佰零陆圆整"
    assert listed["status"] == "normal"
    # What list prints, add takes: a second database accepts it unchanged (numbers renumbered).
    listed["number"] = number(2)
    code, _, err = run("add", "--json", "-", stdin=json.dumps([listed], ensure_ascii=False))
    assert (code, err) == (0, "")
    code, out, _ = run("list", "--search", number(2)[-5:])
    assert code == 0 and number(2) in out and "共 1 张" in out


def test_add_is_all_or_nothing_and_names_the_invoice(run) -> None:  # type: ignore[no-untyped-def]
    batch = [
        as_json(1),
        as_json(2, lines=[{"name": "*餐饮服务*餐费", "amount": "abc", "tax_rate": "0.06"}]),
    ]
    code, out, err = run("add", "--json", "-", stdin=json.dumps(batch, ensure_ascii=False))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "invoices[2].lines[1].amount" in err
    assert json.loads(run("list", "--json")[1]) == []


def test_existing_number_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    payload = json.dumps(as_json(1), ensure_ascii=False)
    assert run("add", "--json", "-", stdin=payload)[0] == 0
    code, _, err = run("add", "--json", "-", stdin=payload)
    assert code == 2 and "已在台账中" in err


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (("list", "--period", "2026-13"), None, "YYYY-MM"),
        (("demo", "--invoices", "-3"), None, "正整数"),
        (("add", "--json", "-"), "{not json", "JSON 格式错误"),
        (("add", "--json", "/nonexistent/x.json"), None, "文件错误"),
        (("frobnicate",), None, "参数错误"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, args, stdin, expected) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(*args, stdin=stdin)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err
    assert "Traceback" not in err


def test_demo_data_and_period_listing(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("demo", "--invoices", "300", "--seed", "7", "--months", "3")
    assert code == 0 and "300" in out
    code, out, _ = run("list", "--json")
    data = json.loads(out)
    assert len(data) >= 300
    statuses = {item["status"] for item in data}
    assert {"normal", "red_full"} <= statuses
    assert any(item["is_red"] for item in data)
    assert all(len(item["number"]) in (8, 20) for item in data)
    period = data[-1]["issue_date"][:7]
    code, out, _ = run("list", "--json", "--period", period)
    assert code == 0 and all(i["issue_date"].startswith(period) for i in json.loads(out))
    code, out, _ = run("audit", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_audit_verify_exits_1_on_a_tampered_sqlite_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ledger.sqlite"
    assert main(["--db", str(path), "init", "--company", "店"]) == 0
    close_database()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE audit_entry SET actor = 'mallory' WHERE id = 2")
    conn.close()
    capsys.readouterr()
    code = main(["--db", str(path), "audit", "verify", "--json"])
    close_database()
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False and report["first_broken"] == 2


def test_the_installed_entry_point_runs(tmp_path: Path) -> None:
    env = {**os.environ, "INVOICEDESK_DB": str(tmp_path / "env.sqlite")}
    result = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "init", "--company", "演示店"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.sqlite").exists()
    result = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "审计链完整" in result.stdout


def test_a_file_that_is_not_a_database_gets_a_message(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00garbage" * 1000)
    code = main(["--db", str(junk), "list"])
    close_database()
    err = capsys.readouterr().err
    assert code == 2 and "不是可用的发票台账数据库" in err and len(err.strip().splitlines()) == 1
    assert junk.read_bytes() == b"\x00garbage" * 1000


def test_demo_refuses_a_real_ledger_and_writes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    assert run("add", "--json", "-", stdin=json.dumps(as_json(1), ensure_ascii=False))[0] == 0
    code, out, err = run("demo", "--invoices", "50", "--months", "2")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "非演示发票" in err
    assert "Traceback" not in err
    assert len(json.loads(run("list", "--json")[1])) == 1


def test_demo_adds_to_a_demo_ledger_but_never_into_a_locked_month(run, db_target: str) -> None:  # type: ignore[no-untyped-def]
    from invoicedesk.core import clock
    from invoicedesk.services.periods import lock_period
    from invoicedesk.store.database import open_database

    assert run("demo", "--invoices", "40", "--months", "2")[0] == 0
    assert run("demo", "--invoices", "30", "--months", "2", "--seed", "2")[0] == 0
    assert len(json.loads(run("list", "--json")[1])) == 70
    audit_before = json.loads(run("audit", "verify", "--json")[1])["entries"]
    period = clock.period_of(clock.today())
    open_database(db_target, actor="张三")
    try:
        lock_period(period, "李四", backup=False)
    finally:
        close_database()
    code, out, err = run("demo", "--invoices", "200", "--months", "2", "--seed", "3")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and period in err and "锁定" in err
    assert len(json.loads(run("list", "--json")[1])) == 70
    assert json.loads(run("audit", "verify", "--json")[1])["entries"] == audit_before + 1  # lock


def test_a_json_file_that_is_not_utf8_is_named(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "发票.json"
    source.write_bytes(json.dumps([as_json(1)], ensure_ascii=False).encode("gb18030"))
    code, out, err = run("add", "--json", str(source))
    assert code == 2 and out == ""
    assert f"文件 {source} 不是 UTF-8 编码的 JSON" in err
    assert json.loads(run("list", "--json")[1]) == []
