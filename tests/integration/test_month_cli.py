"""The month-end command line contract: export, screen, ack, lock, unlock and their exit codes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from invoicedesk.core.i18n import Message
from invoicedesk.services.company import get_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice, InvoiceLine
from tests.cli_runner import Run, cli_runner
from tests.environment import pdf_text
from tests.factories import as_json
from tests.integration.test_month_end import PERIOD, seed_month


@pytest.fixture
def run(db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(db_target, "李会计", capsys, monkeypatch)


@pytest.fixture
def seeded(db_target: str) -> str:
    open_database(db_target, actor="tester")
    try:
        seed_month()
    finally:
        close_database()
    return db_target


def test_exports(run, seeded: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("export", "ledger", "--period", PERIOD, "--out", str(tmp_path / "l.xlsx"))
    assert (code, err) == (0, "") and "17 张" in out
    code, out, _ = run(
        "export", "month", "--period", PERIOD, "--out", str(tmp_path / "m.pdf"), "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "what": "month",
        "period": PERIOD,
        "path": str(tmp_path / "m.pdf"),
        "invoices": 17,
    }
    code, _, _ = run("export", "pack", "--period", PERIOD, "--out", str(tmp_path / "p.zip"))
    assert code == 0 and zipfile.ZipFile(tmp_path / "p.zip").testzip() is None
    assert (tmp_path / "l.xlsx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "m.pdf").read_bytes()[:4] == b"%PDF"


def test_bad_input_exits_2(run, seeded: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("export", "ledger", "--period", "2026-13", "--out", str(tmp_path / "a.xlsx"))
    assert code == 2 and "YYYY-MM" in err
    code, _, err = run("export", "ledger", "--period", PERIOD, "--out", str(tmp_path / "a.pdf"))
    assert code == 2 and ".xlsx" in err
    code, _, err = run("export", "csv", "--period", PERIOD, "--out", str(tmp_path / "a.csv"))
    assert code == 2
    code, _, err = run("unlock", "--period", PERIOD, "--reason", "x")
    assert code == 2 and "没有锁定" in err
    assert not list(tmp_path.glob("a.*"))


def test_screen_ack_lock_unlock(run, seeded: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("lock", "--period", PERIOD)
    assert code == 2 and "未处理" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run("screen", "--period", PERIOD, "--json")
    assert code == 1
    findings = json.loads(out)
    assert {"gap", "buyer_id", "date", "tolerance", "duplicate"} <= {f["rule"] for f in findings}
    code, _, err = run("ack", "--period", PERIOD, "--key", "nope", "--note", "x")
    assert code == 2
    for f in findings:
        assert run("ack", "--period", PERIOD, "--key", f["key"], "--note", "已核对")[0] == 0
    code, out, _ = run("screen", "--period", PERIOD)
    assert code == 0 and "未处理 0 条" in out
    code, out, _ = run("lock", "--period", PERIOD, "--note", "十月结账", "--json")
    assert code == 0 and json.loads(out)["locked_by"] == "李会计"

    # a locked month refuses new invoices and corrections: exit 2 with the reason
    add = tmp_path / "add.json"
    add.write_text(json.dumps(as_json(40, issue_date="2026-10-30"), ensure_ascii=False), "utf-8")
    code, _, err = run("add", "--json", str(add), user="张三")
    assert code == 2 and "2026-10 已结账锁定" in err
    code, _, err = run("lock", "--period", PERIOD)
    assert code == 2 and "已经锁定" in err

    code, _, err = run("unlock", "--period", PERIOD, "--reason", " ")
    assert code == 2 and "原因" in err
    code, out, _ = run("unlock", "--period", PERIOD, "--reason", "补录漏登发票", user="王店长")
    assert code == 0 and "已解锁" in out
    assert run("add", "--json", str(add), user="张三")[0] == 0


def test_english_month_report_from_the_command_line(  # type: ignore[no-untyped-def]
    run, seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """INVOICEDESK_LANG=en: the report is English but for data and 大写; Chinese comes back after."""
    monkeypatch.setenv("INVOICEDESK_LANG", "en")
    target = tmp_path / "m.pdf"
    code, out, err = run("export", "month", "--period", PERIOD, "--out", str(target))
    assert (code, err) == (0, "")
    assert out.startswith("Exported") and not re.search(r"[\u4e00-\u9fff（）：]", out)
    code, _, err = run("export", "month", "--period", "2026-13", "--out", str(target))
    assert code == 2 and err.startswith("Invalid arguments") and "（" not in err
    text = pdf_text(target)
    assert "Monthly report" in text or "monthly report" in text
    open_database(seeded, actor="tester")
    try:
        data = {inv.buyer_name for inv in Invoice.select()} | {get_company().name, "李会计"}
        data |= {inv.issuer for inv in Invoice.select()} | {
            line.name for line in InvoiceLine.select()
        }
    finally:
        close_database()
    rest = "".join(text.split())  # a name may wrap inside its table cell
    for value in sorted((d for d in data if d), key=len, reverse=True):
        rest = rest.replace("".join(value.split()), "")
    leftover = sorted(set(re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", rest)))
    assert not leftover, leftover
    monkeypatch.delenv("INVOICEDESK_LANG")
    assert str(Message("MonthPdf", "万元")) == "万元"  # the command put the source text back
