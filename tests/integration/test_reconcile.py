"""Reconciliation sessions: buckets, resolutions, finishing, the month-end contract, the CLI."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from invoicedesk.core.dates import period_bounds
from invoicedesk.core.reconcile import DIFFERENCE_BUCKETS, Pair, Record, check_lines
from invoicedesk.core.reconcile import reconcile as reconcile_records
from invoicedesk.services import (
    company,
    invoice_changes,
    reconcile,
    reconcile_differences,
    reconcile_import,
    verification,
)
from invoicedesk.services import invoices as svc
from invoicedesk.services.errors import EditConflict, NotAllowed, ValidationFailed
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Invoice, InvoiceLine
from invoicedesk.store.reconcile_models import PlatformLine, PlatformRow
from tests.cli_runner import Run, cli_runner
from tests.factories import BAIDU, SHOP, TODAY, XIAOMI, draft, line, number
from tests.integration.platform_files import row, write_csv, write_xlsx

RECEIVED = row(number(900), seller=("华为技术有限公司", "914403001922038216"), buyer=SHOP)


def _ledger() -> dict[str, int]:
    """Six October invoices and one in September; the red one flushes number(6) partly."""
    company.set_company(*SHOP, "tester")
    ids = {}
    for seq in range(1, 7):
        ids[f"n{seq}"] = svc.record_invoice(draft(seq), "张三", today=TODAY).id
    two_lines = draft(
        7, lines=[line(amount="100.00"), line(name="*餐饮服务*饮料", amount="50.00", quantity="1")]
    )
    ids["n7"] = svc.record_invoice(two_lines, "张三", today=TODAY).id
    red = invoice_changes.red_flush(
        ids["n7"], reason_code="02", number=number(8), actor="张三",
        issue_date=date(2026, 10, 20), lines={2: None}, today=TODAY,
    )  # fmt: skip
    ids["red"] = red.id
    ids["sept"] = svc.record_invoice(draft(9, issue_date=date(2026, 9, 30)), "张三", today=TODAY).id
    return ids


def _export(tmp_path: Path) -> Path:
    rows = [
        row(number(1)),  # matched
        # number(2) missing on the platform
        row(number(3), buyer=BAIDU),  # mismatched: buyer name and id
        row(number(4), status="已红冲-全额"),  # status differs
        row(
            number(5), total="107.00", tax="7.00", issue_date="2026-10-06"
        ),  # mismatched money, date
        row(number(6)),
        row(number(6)),  # duplicate within the file
        row(
            number(7), amount="150.00", tax="9.00", total="159.00", status="已红冲-部分"
        ),  # matched
        row(
            number(8),
            amount="-50.00",
            tax="-3.00",
            total="-53.00",
            positive="否",
            issue_date="2026-10-20",
        ),  # matched (red)
        row(number(20)),  # missing in the ledger
        RECEIVED,
        row(number(30), issue_date="2026-09-12"),  # outside the period
    ]
    lines = [{**row(number(20)), "名称": "*餐饮服务*餐费", "行金额": "100.00", "行税额": "6.00",
              "数量": "2", "单价": "50"}]  # fmt: skip
    return write_xlsx(tmp_path / "2026-10.xlsx", rows, lines=lines)


@pytest.fixture
def ids(db: str) -> dict[str, int]:
    return _ledger()


def _by_bucket(session_id: int) -> dict[str, list[reconcile_differences.DifferenceView]]:
    found: dict[str, list[reconcile_differences.DifferenceView]] = {}
    for diff in reconcile_differences.list_differences(session_id):
        found.setdefault(diff.bucket, []).append(diff)
    return found


def test_buckets(ids: dict[str, int], tmp_path: Path) -> None:
    imported, session = reconcile.reconcile_file(_export(tmp_path), "会计", "2026-10")
    assert (session.period, session.state, session.platform_rows, session.ledger_rows) == (
        "2026-10",
        "open",
        9,
        8,
    )
    assert (session.matched, session.received, session.outside_period) == (4, 1, 1)
    assert session.counts == {
        "missing_on_platform": 1, "missing_in_ledger": 1, "mismatched": 2,
        "status_mismatch": 1, "duplicates": 1, "line_mismatch": 0,
    }  # fmt: skip
    buckets = _by_bucket(session.id)
    assert [d.number for d in buckets["missing_on_platform"]] == [number(2)]
    assert [d.number for d in buckets["missing_in_ledger"]] == [number(20)]
    assert {d.number: d.fields for d in buckets["mismatched"]} == {
        number(3): ("buyer_name", "buyer_tax_id"),
        number(5): ("issue_date", "tax", "total"),
    }
    status = buckets["status_mismatch"][0]
    assert (status.number, status.ledger_status, status.platform_status) == (
        number(4),
        "normal",
        "red_full",
    )
    assert buckets["duplicates"][0].number == number(6)
    assert imported.received == 1
    assert reconcile.period_reconciliation("2026-10") == reconcile.PeriodReconciliation(
        "2026-10", 1, False, 6, None
    )
    assert (
        len(reconcile_differences.list_differences(session.id, text="小米")) == 6
    )  # BAIDU's row is the platform's
    assert (
        len(
            reconcile_differences.list_differences(
                session.id, bucket="mismatched", text=number(5)[-6:]
            )
        )
        == 1
    )


def test_resolving_and_finishing(ids: dict[str, int], tmp_path: Path) -> None:
    _, session = reconcile.reconcile_file(_export(tmp_path), "会计", "2026-10")
    buckets = _by_bucket(session.id)
    with pytest.raises(ValidationFailed):
        reconcile_differences.resolve(buckets["duplicates"][0].id, "accepted", "  ", "会计")
    with pytest.raises(NotAllowed):  # money cannot be corrected in place
        reconcile_differences.resolve(
            buckets["mismatched"][1].id, "ledger_corrected", "", "会计", apply=True, today=TODAY
        )

    # Added from the platform row, with the file's line.
    added = reconcile_differences.resolve(
        buckets["missing_in_ledger"][0].id, "added_from_platform", "", "会计", today=TODAY
    )
    new = svc.find_invoice("", number(20))
    assert new is not None and added.invoice_id == new.id and new.total == Decimal("106.00")
    assert [(x.name, x.quantity) for x in new.lines] == [("*餐饮服务*餐费", Decimal("2"))]
    # Buyer name and id copied from the platform into the ledger, audited as corrections.
    reconcile_differences.resolve(
        buckets["mismatched"][0].id, "ledger_corrected", "", "会计", apply=True, today=TODAY
    )
    assert svc.get_invoice(ids["n3"]).buyer_tax_id == BAIDU[1]
    assert [h.action for h in svc.invoice_history(ids["n3"])][-2:] == ["invoice.correct"] * 2
    reconcile_differences.resolve(
        buckets["mismatched"][1].id, "tax_office", "平台金额有误，已电话12366", "会计"
    )
    reconcile_differences.resolve(
        buckets["status_mismatch"][0].id, "customer_case", "客户要求红冲，补登红票", "会计"
    )
    reconcile_differences.resolve(buckets["duplicates"][0].id, "accepted", "导出重复行", "会计")
    reconcile_differences.resolve(
        buckets["missing_on_platform"][0].id, "postponed", "等平台同步", "会计"
    )
    with pytest.raises(NotAllowed, match="还有 1 个差异未处理"):
        reconcile.finish_session(session.id, "会计")
    reconcile_differences.resolve(
        buckets["missing_on_platform"][0].id, "accepted", "开票时系统故障，已重开", "会计"
    )
    done = reconcile.finish_session(session.id, "会计")
    assert done.state == "finished" and done.unresolved == 0 and done.finished_by == "会计"
    with pytest.raises(NotAllowed):
        reconcile_differences.resolve(buckets["duplicates"][0].id, "accepted", "再改", "会计")

    status = reconcile.period_reconciliation("2026-10")
    assert (
        status.finished and status.unresolved == 0 and status.last_finished_at == done.finished_at
    )
    # Matched in the finished session: number(1), (6), (7) and the red number(8).
    unmatched = set(reconcile.unreconciled_invoice_ids("2026-10"))
    assert unmatched == {ids["n2"], ids["n3"], ids["n4"], ids["n5"], new.id}
    rows = reconcile.reconciliation_report_rows("2026-10")
    assert len(rows) == 6
    mismatch = next(r for r in rows if r["发票号码"] == number(5))
    assert mismatch["类别"] == "信息不符" and mismatch["不符字段"] == "开票日期、税额、价税合计"
    assert (
        mismatch["处理"] == "待与税务机关核实" and mismatch["说明"] == "平台金额有误，已电话12366"
    )
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions.count("reconcile_difference.resolve") == 7
    assert actions[-1] == "reconcile_session.finish"

    # Verification state follows: matched in a finished session = confirmed.
    assert verification.verification_state(ids["n1"]) == "confirmed"
    assert verification.verification_state(ids["sept"]) == "unchecked"
    confirmed = svc.list_invoices(InvoiceFilter(verification="confirmed")).rows
    assert {r.id for r in confirmed} == {ids["n1"], ids["n6"], ids["n7"], ids["red"]}


def test_a_difference_resolved_meanwhile_is_not_overwritten(
    ids: dict[str, int], tmp_path: Path
) -> None:
    _, session = reconcile.reconcile_file(_export(tmp_path), "会计", "2026-10")
    seen = _by_bucket(session.id)["missing_on_platform"][0]
    assert seen.resolved_at is None
    theirs = reconcile_differences.resolve(seen.id, "postponed", "等平台同步", "李四", expected="")
    with pytest.raises(EditConflict) as refused:
        reconcile_differences.resolve(seen.id, "accepted", "我来处理", "会计", expected="")
    assert "已被 李四 于" in str(refused.value)
    assert refused.value.current == theirs == reconcile_differences.get_difference(seen.id)
    again = reconcile_differences.resolve(
        seen.id, "accepted", "我来处理", "会计", expected=theirs.resolved_at or ""
    )
    assert (again.resolution, again.resolved_by) == ("accepted", "会计")


def test_open_differences_show_as_problems(ids: dict[str, int], tmp_path: Path) -> None:
    reconcile.reconcile_file(_export(tmp_path), "会计", "2026-10")
    problems = {r.id for r in svc.list_invoices(InvoiceFilter(verification="problem")).rows}
    assert problems == {ids["n2"], ids["n3"], ids["n4"], ids["n5"]}
    assert verification.verification_state(ids["n2"]) == "problem"
    unchecked = {r.id for r in svc.list_invoices(InvoiceFilter(verification="unchecked")).rows}
    assert ids["n1"] in unchecked and ids["sept"] in unchecked  # open session: not yet confirmed


def test_all_matched_finishes_by_itself(db: str, tmp_path: Path) -> None:
    company.set_company(*SHOP, "tester")
    svc.record_invoice(draft(1), "张三", today=TODAY)
    path = write_xlsx(tmp_path / "ok.xlsx", [row(number(1)), RECEIVED])
    _, session = reconcile.reconcile_file(path, "会计")
    assert (session.period, session.state, session.matched, session.differences) == (
        "2026-10",
        "finished",
        1,
        0,
    )
    assert reconcile.unreconciled_invoice_ids("2026-10") == []


@pytest.fixture
def run(db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(db_target, "会计", capsys, monkeypatch)


def test_cli_json_contract(run, db_target: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_database(db_target, actor="tester")
    _ledger()
    close_database()
    code, out, err = run("reconcile", str(_export(tmp_path)), "--period", "2026-10", "--json")
    assert code == 1, err
    data = json.loads(out)
    assert {k: data[k] for k in ("period", "platform_rows", "ledger_rows", "matched")} == {
        "period": "2026-10", "platform_rows": 9, "ledger_rows": 8, "matched": 4,
    }  # fmt: skip
    assert data["missing_on_platform"] == [{"code": "", "number": number(2)}]
    assert data["missing_in_ledger"] == [{"code": "", "number": number(20)}]
    assert sorted(data["mismatched"], key=lambda i: i["number"]) == [
        {"code": "", "number": number(3), "fields": ["buyer_name", "buyer_tax_id"]},
        {"code": "", "number": number(5), "fields": ["issue_date", "tax", "total"]},
    ]
    assert data["status_mismatch"] == [
        {"code": "", "number": number(4), "ledger": "normal", "platform": "red_full"}
    ]
    assert data["duplicates"] == [{"code": "", "number": number(6)}]
    assert data["received"] == 1


def test_cli_text_names_fields_and_states(run, db_target: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The plain output says what people read (开票日期, 正常), never the stored codes."""
    open_database(db_target, actor="tester")
    _ledger()
    close_database()
    code, out, _ = run("reconcile", str(_export(tmp_path)), "--period", "2026-10")
    assert code == 1
    assert f"信息不符\t{number(5)}（开票日期、税额、价税合计）" in out
    assert f"状态不同\t{number(4)}（台账 正常，平台 已红冲-全额）" in out
    assert "normal" not in out and "issue_date" not in out


def test_cli_exit_codes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("init", "--company", SHOP[0], "--tax-id", SHOP[1])
    assert code == 0, err
    code, out, err = run(
        "reconcile", str(write_xlsx(tmp_path / "empty-month.xlsx", [RECEIVED])), "--json"
    )
    assert code == 0, err  # nothing issued, nothing to differ
    assert json.loads(out)["received"] == 1
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01not a workbook")
    code, out, err = run("reconcile", str(junk))
    assert (code, out) == (2, "") and "junk.xlsx" in err and "不是Excel工作簿" in err
    assert run("reconcile", str(tmp_path / "nowhere.xlsx"))[0] == 2
    assert run("reconcile", str(junk), "--period", "2026-13")[0] == 2
    code, out, _ = run("reconcile", str(write_xlsx(tmp_path / "m.xlsx", [row(number(1))])))
    assert code == 1 and "台账缺失" in out


@pytest.mark.parametrize(
    ("lines", "bucket"),
    [
        ([("100.00", "6.00")], None),
        ([("60.00", "3.60"), ("40.00", "2.40")], "line_mismatch"),
    ],
)
def test_lines_of_the_file_are_checked(
    db: str, tmp_path: Path, lines: list[tuple[str, str]], bucket: str | None
) -> None:
    company.set_company(*SHOP, "tester")
    svc.record_invoice(draft(1), "张三", today=TODAY)
    file_lines = [
        {**row(number(1)), "名称": "*餐饮服务*餐费", "行金额": amount, "行税额": tax}
        for amount, tax in lines
    ]
    path = write_xlsx(tmp_path / "lines.xlsx", [row(number(1))], lines=file_lines)
    _, session = reconcile.reconcile_file(path, "会计")
    found = [d.bucket for d in reconcile_differences.list_differences(session.id)]
    assert found == ([bucket] if bucket else [])
    assert session.matched == (0 if bucket else 1)


def _food_lines(data: dict[str, object]) -> list[dict[str, object]]:
    """The 信息汇总表 lines of one row of ``_repeated_rows``, as the ledger has them."""
    return [
        {
            **data,
            "名称": "*餐饮服务*餐费",
            "行金额": "60.00",
            "行税额": "3.60",
            "数量": "2",
            "单价": "30.00",
        },
        {**data, "名称": "*餐饮服务*饮料", "行金额": "40.00", "行税额": "2.40", "数量": "1"},
    ]


def _repeated_rows() -> list[dict[str, object]]:
    """Six October invoices, the fourth twice (not next to itself), each of two lines."""
    company.set_company(*SHOP, "tester")
    food = [line(amount="60.00", unit_price="30.00"), line(name="*餐饮服务*饮料", amount="40.00",
            quantity="1", unit_price="40.00")]  # fmt: skip
    for seq in range(1, 7):
        svc.record_invoice(draft(seq, lines=food), "张三", today=TODAY)
    rows = [row(number(seq)) for seq in range(1, 7)]
    return [*rows, rows[3]]


def test_a_repeated_row_is_a_duplicate_with_or_without_lines(db: str, tmp_path: Path) -> None:
    """The same rows as .xlsx with 信息汇总表 (the repeated invoice's lines twice, as the
    platform exports them) and as .csv: the same buckets and counts; the repeated row is a
    duplicate, not a line difference."""
    rows = _repeated_rows()
    lines = [item for data in rows for item in _food_lines(data)]
    with_lines = write_xlsx(tmp_path / "lines.xlsx", rows, lines=lines)
    without = write_csv(tmp_path / "plain.csv", rows)
    outcomes, line_rows = [], []
    for path in (with_lines, without):
        imported, session = reconcile.reconcile_file(path, "会计", "2026-10")
        differences = [
            (d.bucket, d.number) for d in reconcile_differences.list_differences(session.id)
        ]
        outcomes.append((session.matched, session.platform_rows, session.counts, differences))
        line_rows.append(imported.line_rows)
    assert line_rows == [14, 0]
    assert outcomes[0] == outcomes[1]
    matched, platform_rows, counts, differences = outcomes[0]
    assert (matched, platform_rows) == (6, 7)
    assert counts == {**dict.fromkeys(DIFFERENCE_BUCKETS, 0), "duplicates": 1}
    assert differences == [("duplicates", number(4))]


def test_lines_of_a_repeated_row_that_differ_are_one_line_difference(
    db: str, tmp_path: Path
) -> None:
    rows = _repeated_rows()
    lines = [item for data in rows for item in _food_lines(data)]
    lines[7] = {**lines[7], "行金额": "50.00", "行税额": "3.00"}  # number(4)'s drink, first copy
    lines[-1] = {**lines[-1], "行金额": "50.00", "行税额": "3.00"}  # and second
    _, session = reconcile.reconcile_file(
        write_xlsx(tmp_path / "x.xlsx", rows, lines=lines), "会计"
    )
    differences = [(d.bucket, d.number) for d in reconcile_differences.list_differences(session.id)]
    assert differences == [("duplicates", number(4)), ("line_mismatch", number(4))]
    assert session.matched == 5


def test_a_repeated_row_added_from_the_platform_gets_one_copy_of_its_lines(
    db: str, tmp_path: Path
) -> None:
    rows = _repeated_rows()
    missing = row(number(20))
    rows = [*rows, missing, missing]
    lines = [item for data in rows for item in _food_lines(data)]
    _, session = reconcile.reconcile_file(
        write_xlsx(tmp_path / "x.xlsx", rows, lines=lines), "会计"
    )
    (diff,) = reconcile_differences.list_differences(session.id, bucket="missing_in_ledger")
    reconcile_differences.resolve(diff.id, "added_from_platform", "", "会计", today=TODAY)
    added = svc.find_invoice("", number(20))
    assert added is not None and added.total == Decimal("106.00")
    assert [(x.name, x.amount) for x in added.lines] == [
        ("*餐饮服务*餐费", Decimal("60.00")),
        ("*餐饮服务*饮料", Decimal("40.00")),
    ]


def _as_before(file_id: int, period: str) -> tuple[int, list[tuple[object, ...]]]:
    """What reconciling gave before matching by links: ``reconcile`` on every full record, then
    the line check; as (matched, differences in the order they are stored)."""
    first, following = period_bounds(period)
    ledger = [
        Record(i.id, i.code, i.number, str(i.issue_date), i.buyer_name, i.buyer_tax_id,
               i.amount_fen, i.tax_fen, i.total_fen, i.status)
        for i in Invoice.select()
        .where((Invoice.issue_date >= first) & (Invoice.issue_date < following))
        .order_by(Invoice.issue_date, Invoice.id)
    ]  # fmt: skip
    platform = [
        Record(r.id, r.code, r.number, r.issue_date, r.buyer_name, r.buyer_tax_id,
               r.amount_fen, r.tax_fen, r.total_fen, r.status)
        for r in PlatformRow.select()
        .where(
            (PlatformRow.file == file_id) & (PlatformRow.direction == "issued")
            & (PlatformRow.issue_date >= first.isoformat())
            & (PlatformRow.issue_date < following.isoformat())
        )
        .order_by(PlatformRow.id)
    ]  # fmt: skip
    outcome = reconcile_records(ledger, platform)
    by_key: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for item in PlatformLine.select().where(PlatformLine.file == file_id):
        by_key.setdefault((item.code, item.number), []).append((item.amount_fen, item.tax_fen))
    ledger_lines: dict[int, list[tuple[int, int]]] = {}
    for item in InvoiceLine.select():
        ledger_lines.setdefault(item.invoice_id, []).append((item.amount_fen, item.tax_fen))
    platform_lines = {r.ref: by_key[r.key] for r in platform if r.key in by_key}
    records = {("l", r.ref): r for r in ledger} | {("p", r.ref): r for r in platform}
    rows = Counter(
        (r.code, r.number) for r in PlatformRow.select().where(PlatformRow.file == file_id)
    )
    copies = {r.ref: rows[r.key] for r in platform}
    outcome.line_mismatch = [
        Pair(records["l", m.ledger], records["p", m.platform])
        for m in check_lines(outcome, ledger_lines, platform_lines, lambda refs: copies)
    ]
    differences: list[tuple[object, ...]] = []
    for bucket in DIFFERENCE_BUCKETS:  # the order they are stored in
        for item in getattr(outcome, bucket):
            if isinstance(item, Pair):
                own, other, fields = item.ledger, item.platform, ",".join(item.fields)
            else:
                own, other, fields = (
                    (item, None, "") if bucket == "missing_on_platform" else (None, item, "")
                )
            some = own or other
            differences.append((
                bucket, some.code, some.number, own and own.ref, other and other.ref, fields,
                own.status if own else "", other.status if other else "",
            ))  # fmt: skip
    return len(outcome.matched), differences


@pytest.mark.parametrize(
    ("plain", "unfiled"),
    [(0, 0), (30, 0), (30, 15)],
    ids=["most-rows-differ", "few-rows-differ", "many-missing-on-platform"],
)
def test_matching_by_links_gives_what_full_records_gave(
    db: str, tmp_path: Path, plain: int, unfiled: int
) -> None:
    """Every bucket, with rows recorded out of date order, names equal only once normalised,
    a key the file repeats (with its lines twice) and lines that differ on an otherwise equal
    pair. Most rows differ:
    all are compared in full; few: the rest are read by id; most of the ledger missing from the
    file: the whole ledger is read."""
    company.set_company(*SHOP, "tester")
    bracketed = ("小米科技（北京）有限公司", XIAOMI[1])
    special = {
        3: (
            draft(3, buyer=bracketed),
            row(number(3), buyer=("小米科技 (北京)有限公司", XIAOMI[1])),
        ),
        4: (draft(4), row(number(4), total="106.01")),
        5: (draft(5), row(number(5), status="已红冲-全额")),
        6: (draft(6, issue_date=date(2026, 10, 2)), row(number(6), issue_date="2026-10-02")),
        7: (draft(7, issue_date=date(2026, 10, 1)), None),
        8: (draft(8, issue_date=date(2026, 10, 3)), row(number(8), issue_date="2026-10-03")),
        9: (draft(9), row(number(9))),
        10: (draft(10), row(number(10), buyer=(XIAOMI[0], XIAOMI[1].lower()))),
        11: (draft(11, issue_date=date(2026, 10, 1)), None),
    }
    rows = []
    for seq in range(1, 12 + plain):
        own = draft(seq, issue_date=date(2026, 10, 28 - seq % 20))
        own, theirs = special.get(seq, (own, row(number(seq), issue_date=str(own.issue_date))))
        svc.record_invoice(own, "张三", today=TODAY)
        rows.append(theirs)
    for seq in range(50, 50 + unfiled):
        svc.record_invoice(draft(seq, issue_date=date(2026, 10, 9)), "张三", today=TODAY)
    rows[5:5] = [row(number(6), issue_date="2026-10-02")]  # the file repeats number(6)
    rows[7:7] = [row(number(90)), RECEIVED, row(number(91), issue_date="2026-09-30")]
    lines = [
        {**row(number(8)), "名称": "*餐饮服务*餐费", "行金额": "90.00", "行税额": "5.40"},
        {**row(number(8)), "名称": "*餐饮服务*饮料", "行金额": "10.00", "行税额": "0.60"},
        {**row(number(9)), "名称": "*餐饮服务*餐费", "行金额": "100.00", "行税额": "6.00"},
        # The repeated number(6) has its line twice, as the platform exports it.
        *[{**row(number(6)), "名称": "*餐饮服务*餐费", "行金额": "100.00", "行税额": "6.00"}] * 2,
    ]
    imported = reconcile_import.import_export(
        write_xlsx(tmp_path / "export.xlsx", [r for r in rows if r], lines=lines), "会计"
    )
    session = reconcile.start_session(imported.id, "会计", "2026-10")

    matched, differences = _as_before(imported.id, "2026-10")
    stored = [
        (d.bucket, d.code, d.number, d.invoice_id, d.platform_row_id, ",".join(d.fields),
         d.ledger_status, d.platform_status)
        for d in reconcile_differences.list_differences(session.id)
    ]  # fmt: skip
    assert stored == differences
    assert session.matched == matched == plain + 6  # number(8)'s lines differ
    assert session.counts == {
        "missing_on_platform": 2 + unfiled, "missing_in_ledger": 1, "mismatched": 1,
        "status_mismatch": 1, "duplicates": 1, "line_mismatch": 1,
    }  # fmt: skip
    missing = reconcile_differences.list_differences(session.id, "missing_on_platform")
    assert [d.number for d in missing] == [
        number(7),
        number(11),
        *map(number, range(50, 50 + unfiled)),
    ]
    assert (session.platform_rows, session.ledger_rows) == (11 + plain, 11 + plain + unfiled)
    assert (session.received, session.outside_period) == (1, 1)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (["2026-09-30", "2026-10-05"], "2026-09"),  # as many: the one met first
        (["2026-10-05", "2026-09-30", "2026-09-29"], "2026-09"),
        ([], "2026-08"),  # nothing issued: the received rows' month
    ],
)
def test_default_period(db: str, tmp_path: Path, months: list[str], expected: str) -> None:
    company.set_company(*SHOP, "tester")
    received = {**RECEIVED, "开票日期": "2026-08-31 09:00:00"}
    rows = [row(number(seq), issue_date=day) for seq, day in enumerate(months, start=1)]
    path = write_xlsx(tmp_path / "months.xlsx", [received, received, *rows])
    _, session = reconcile.reconcile_file(path, "会计")
    assert session.period == expected
