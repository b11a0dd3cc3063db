"""The case command line contract on SQLite and PostgreSQL: add, list, show, export, exit codes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from invoicedesk.core import clock
from invoicedesk.services import invoices
from invoicedesk.store.database import close_database, open_database
from tests.cli_runner import Run, cli_runner
from tests.environment import pdf_text
from tests.factories import draft


def _number() -> str:
    return f"{clock.today().year % 100:02d}112{101:015d}"


@pytest.fixture
def run(db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(db_target, "李四", capsys, monkeypatch)


@pytest.fixture
def seeded(db_target: str) -> str:
    open_database(db_target, actor="tester")
    try:
        invoices.record_invoice(draft(1, num=_number(), issue_date=clock.today()), "张三")
    finally:
        close_database()
    return db_target


def case_json(**overrides: Any) -> dict[str, Any]:
    promised = (clock.local_now() + timedelta(days=1)).replace(microsecond=0)
    data: dict[str, Any] = {
        "customer": "王女士",
        "phone": "13800000002",
        "email": "",
        "complaint": "说发票在系统里查不到",
        "channel": "phone",
        "promised_at": promised.isoformat(),
        "invoices": [{"code": "", "number": _number()}],
    }
    data.update(overrides)
    return data


def test_add_list_show_export(run, seeded: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = case_json()  # once: the clock runs on between two calls
    source = tmp_path / "case.json"
    source.write_text(json.dumps(added, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("case", "add", "--json", str(source))
    assert (code, err) == (0, "")
    first = int(out.strip())
    late = (clock.local_now() - timedelta(hours=1)).replace(microsecond=0)
    code, out, _ = run(
        "case",
        "add",
        "--json",
        "-",
        stdin=json.dumps(case_json(customer="赵先生", promised_at=late.isoformat(), invoices=[])),
    )
    second = int(out.strip())
    assert code == 0 and second == first + 1

    code, out, _ = run("case", "list", "--json")
    items = json.loads(out)
    assert code == 0 and [i["id"] for i in items] == [second, first]
    assert items[1] == {
        "id": first,
        "state": "new",
        "overdue": False,
        "customer": "王女士",
        "phone": "13800000002",
        "promised_at": added["promised_at"],
        "invoices": [{"code": "", "number": _number(), "role": "concerned"}],
    }
    assert items[0]["overdue"] is True and items[0]["promised_at"] == late.isoformat()
    code, out, _ = run("case", "list", "--overdue", "--json")
    assert [i["id"] for i in json.loads(out)] == [second]
    code, out, _ = run("case", "list", "--open")
    assert code == 0 and "王女士" in out and "逾期" in out

    code, out, _ = run("case", "show", str(first), "--json")
    shown = json.loads(out)
    assert {k: v for k, v in shown.items() if k != "timeline"} == items[1]
    assert shown["timeline"][0]["kind"] == "created" and shown["timeline"][0]["by"] == "李四"
    assert "说发票在系统里查不到" in shown["timeline"][0]["text"]
    code, out, _ = run("case", "show", str(first))
    moment = shown["timeline"][0]["at"][:16].replace("T", " ")
    assert code == 0 and f"{moment}  李四  " in out

    target = tmp_path / "out" / "case.pdf"
    code, out, err = run("case", "export", str(first), "--out", str(target))
    assert (code, err) == (0, "") and str(target) in out
    text = pdf_text(target)
    assert "王女士" in text and _number() in text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            case_json(invoices=[{"code": "", "number": "26112000000000009999"}]),
            "invoices[1].number",
        ),
        (case_json(channel="fax"), "channel"),
        (case_json(customer=""), "customer"),
        (case_json(promised_at="明天下午"), "promised_at"),
        (case_json(phone="", email=""), "phone"),
        (case_json(email="not-an-address"), "email"),
        (case_json(phnoe="13800000002"), "phnoe"),
        ([case_json()], "case"),
    ],
)
def test_bad_input_exits_2_naming_the_field(run, seeded: str, data: Any, field: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("case", "add", "--json", "-", stdin=json.dumps(data, ensure_ascii=False))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and f"{field}：" in err
    code, out, _ = run("case", "list", "--json")
    assert json.loads(out) == []  # nothing was written


def test_bad_json_unknown_case_and_usage(run, seeded: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("case", "add", "--json", "-", stdin="{not json")
    assert code == 2 and "JSON" in err
    code, _, err = run("case", "show", "999", "--json")
    assert code == 2 and "999" in err
    code, _, err = run("case", "show", "abc")
    assert code == 2 and "工单号" in err
    code, _, err = run("case", "export", "999", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and not (tmp_path / "x.pdf").exists()
    code, _, err = run("case")
    assert code == 2 and "用法" in err
