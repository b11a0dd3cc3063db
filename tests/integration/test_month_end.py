"""Month-end services on both backends: summary, screening, acknowledgement, lock and unlock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.services import company, invoice_changes, invoices, month_end, month_files, periods
from invoicedesk.services.errors import NotAllowed, PeriodLocked, ValidationFailed
from invoicedesk.store import audit
from invoicedesk.store.models import Invoice, PeriodLock
from tests.factories import BAIDU, HUAWEI, TODAY, draft, line, number

PERIOD = "2026-10"
LEGACY_CODE = "011002600104"  # 12 digits, a leading zero that spreadsheets love to drop


def seed_month(actor: str = "张三") -> dict[str, int]:
    """A fixture month with one of each problem screening looks for. Returns ids by role."""
    company.set_company("北京演示餐饮有限公司", "91110108551385082Q", actor)
    ids: dict[str, int] = {}

    def rec(name: str, d):  # type: ignore[no-untyped-def]
        ids[name] = invoices.record_invoice(d, actor, today=TODAY).id

    for seq in range(1, 11):
        if seq in (6, 7):
            continue  # the gap: 6 and 7 are missing
        rec(f"n{seq}", draft(seq, issue_date=date(2026, 10, seq)))
    rec("paper", draft(kind="04", code=LEGACY_CODE, num="00000001", buyer=BAIDU))
    rec(
        "rates",
        draft(
            11,
            buyer=HUAWEI,
            issue_date=date(2026, 10, 20),
            lines=[
                line(amount="1000.00", rate="0.13", quantity="1", unit_price="1000.00"),
                line(
                    name="*住宿服务*住宿费",
                    amount="300.00",
                    rate="0.09",
                    quantity=None,
                    unit_price=None,
                ),
            ],
        ),
    )
    # Tax 3 fen off amount × rate: allowed at entry, a screening warning.
    rec("tolerance", draft(12, issue_date=date(2026, 10, 21), lines=[line(tax=Decimal("6.03"))]))
    rec("dup_a", draft(13, issue_date=date(2026, 10, 22), buyer=BAIDU))
    rec("dup_b", draft(14, issue_date=date(2026, 10, 22), buyer=BAIDU))
    rec("formula", draft(15, issue_date=date(2026, 10, 24), buyer=('=HYPERLINK("x")公司', "")))
    rec("red_blue", draft(16, issue_date=date(2026, 10, 25), buyer=HUAWEI))
    invoice_changes.red_flush(
        ids["red_blue"],
        reason_code="01",
        number=number(17),
        actor=actor,
        issue_date=date(2026, 10, 26),
        today=TODAY,
    )
    ids["red"] = invoices.find_invoice("", number(17)).id  # type: ignore[union-attr]
    rec("year", draft(18, issue_date=date(2026, 10, 28)))
    rec("other_month", draft(30, issue_date=date(2026, 9, 30)))
    # Damage no entry form lets through, as an old import could leave it:
    Invoice.update(buyer_tax_id="914403001922038217").where(Invoice.id == ids["n3"]).execute()
    Invoice.update(number=f"25112{18:015d}").where(Invoice.id == ids["year"]).execute()
    return ids


def test_summary_by_kind_rate_status(db: str) -> None:
    seed_month()
    s = month_end.month_summary(PERIOD)
    assert s.count == 17
    kinds = {g.key: g for g in s.by_kind}
    assert kinds["04"].count == 1 and kinds["82"].count == 16
    rates = {g.key: g for g in s.by_rate}
    assert rates["0.13"].amount == Decimal("1000.00") and rates["0.13"].tax == Decimal("130.00")
    assert rates["0.09"].total == Decimal("327.00")
    statuses = {g.key: g.count for g in s.by_status}
    assert statuses == {"normal": 16, "red_full": 1}
    assert s.red.count == 1 and s.red.total == Decimal("-106.00")
    assert s.voided.count == 0
    # every invoice-level sum equals the rate breakdown's sum over lines
    assert sum((g.total for g in s.by_rate), Decimal(0)) == s.total
    assert s.lock is None


def test_screening_finds_each_seeded_problem(db: str) -> None:
    ids = seed_month()
    result = month_end.screen_period(PERIOD)
    by_rule: dict[str, list[tuple[int, ...]]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f.invoice_ids)
    assert by_rule["gap"] == [(ids["n5"], ids["n8"])]
    assert by_rule["buyer_id"] == [(ids["n3"],)]
    assert by_rule["date"] == [(ids["year"],)]
    assert by_rule["tolerance"] == [(ids["tolerance"],)]
    assert by_rule["duplicate"] == [tuple(sorted((ids["dup_a"], ids["dup_b"])))]
    if result.reconciliation_available:  # nothing was reconciled against the platform yet
        assert by_rule["unreconciled"][0] and len(by_rule["unreconciled"]) == 1
    assert set(by_rule) - {"unreconciled"} == {"gap", "buyer_id", "date", "tolerance", "duplicate"}
    assert not result.passed


def test_lock_needs_every_finding_handled_then_refuses_changes(db: str) -> None:
    ids = seed_month()
    with pytest.raises(NotAllowed, match="未处理"):
        month_end.lock_month(PERIOD, "李会计")
    assert not periods.is_locked(PERIOD)
    with pytest.raises(ValidationFailed):
        month_end.acknowledge(PERIOD, "gap:x", "  ", "李会计")
    for finding in month_end.screen_period(PERIOD).open_findings:
        month_end.acknowledge(PERIOD, finding.key, "已核对，属实", "李会计")
    assert month_end.screen_period(PERIOD).passed
    info = month_end.lock_month(PERIOD, "李会计", "十月结账")
    assert info.locked_by == "李会计" and month_end.month_summary(PERIOD).lock is not None

    with pytest.raises(PeriodLocked, match="2026-10 已结账锁定"):
        invoice_changes.correct_invoice(
            ids["n1"], "buyer_name", "新名称", "写错了", "张三", today=TODAY
        )
    with pytest.raises(PeriodLocked):
        invoices.record_invoice(draft(40, issue_date=date(2026, 10, 31)), "张三", today=TODAY)
    with pytest.raises(PeriodLocked):  # acknowledging in a locked month changes nothing either
        month_end.acknowledge(PERIOD, "gap:x", "说明", "李会计")
    # the month before and after are untouched
    invoices.record_invoice(draft(41, issue_date=date(2026, 11, 2)), "张三", today=TODAY)
    with pytest.raises(NotAllowed, match="已经锁定"):
        month_end.lock_month(PERIOD, "李会计")

    with pytest.raises(ValidationFailed):
        month_end.unlock_month(PERIOD, "   ", "王店长")
    month_end.unlock_month(PERIOD, "补录漏登的发票", "王店长")
    assert not periods.is_locked(PERIOD)
    invoice_changes.correct_invoice(
        ids["n1"], "buyer_name", "新名称", "写错了", "张三", today=TODAY
    )

    actions = [(e.action, e.actor) for e in audit.history("period", PERIOD)]
    assert ("period.lock", "李会计") in actions and ("period.unlock", "王店长") in actions
    unlock = next(e for e in audit.history("period", PERIOD) if e.action == "period.unlock")
    assert "补录漏登的发票" in (unlock.after or "")
    assert audit.verify().ok


def test_four_eyes_rule_is_off_by_default_and_refuses_the_main_enterer(db: str) -> None:
    seed_month(actor="张三")
    for finding in month_end.screen_period(PERIOD).open_findings:
        month_end.acknowledge(PERIOD, finding.key, "已核对", "李会计")
    company.put_setting(periods.FOUR_EYES_KEY, True, "admin")
    assert periods.main_enterer(PERIOD) == "张三"
    with pytest.raises(NotAllowed, match="四眼"):
        month_end.lock_month(PERIOD, "张三")
    month_end.lock_month(PERIOD, "李会计")
    assert PeriodLock.get_by_id(PERIOD).locked_by == "李会计"


def test_empty_month_locks_and_bad_period_is_refused(db: str) -> None:
    assert month_end.screen_period("2026-01").passed
    month_end.lock_month("2026-01", "李会计")
    with pytest.raises(ValidationFailed, match="YYYY-MM"):
        month_end.lock_month("2026-13", "李会计")
    with pytest.raises(NotAllowed, match="没有锁定"):
        month_end.unlock_month("2026-02", "原因", "李会计")


def test_trend_by_kind_and_rate_with_forecast(db: str) -> None:
    seed_month()
    by_kind = month_end.trend("kind")
    assert by_kind.periods == ("2026-09", "2026-10")
    assert sum(by_kind.total, Decimal(0)) == month_end.month_summary(PERIOD).total + Decimal(
        "106.00"
    )
    by_rate = month_end.trend("rate", "count")
    # The 13% + 9% invoice is counted once, under 多种税率, not once per rate.
    assert set(by_rate.series) == {"6%", "多种税率"}
    assert by_rate.series["多种税率"][1] == 1


def _summary_invoices(period: str) -> Decimal:
    """Invoices of the month as the month summary counts them (voided ones are not charted)."""
    summary = month_end.month_summary(period)
    return Decimal(sum(g.count for g in summary.by_kind))


def test_trend_counts_each_invoice_once_in_every_grouping(db: str) -> None:
    company.set_company("北京演示餐饮有限公司", "91110108551385082Q", "张三")
    rated = [
        ("0.13",),
        ("0.06",),
        ("0.13", "0.09"),
        ("0.13", "0.09", "0.06"),
        ("0.06", "0.06"),  # two lines, one rate: that rate
        ("0.13", "0.06"),
    ]
    for seq, rates in enumerate(rated, start=1):
        lines = [line(amount="100.00", rate=r) for r in rates]
        invoices.record_invoice(
            draft(seq, issue_date=date(2026, 9, 10 + seq), lines=lines), "张三", today=TODAY
        )
    for seq, rates in enumerate([("0.09",), ("0.13", "0.09")], start=20):
        lines = [line(amount="50.00", rate=r, quantity="1", unit_price="50.00") for r in rates]
        invoices.record_invoice(
            draft(seq, issue_date=date(2026, 10, seq - 15), lines=lines), "张三", today=TODAY
        )
    for by in ("kind", "rate"):
        counted = month_end.trend(by, "count")
        assert counted.periods == ("2026-09", "2026-10")
        assert counted.total == (_summary_invoices("2026-09"), _summary_invoices("2026-10"))
        assert counted.total == (Decimal(6), Decimal(2)), by
        stacked = tuple(sum(v[n] for v in counted.series.values()) for n in range(2))
        assert stacked == counted.total, f"the stacked bars of {by} add up to the invoices"
    by_rate = month_end.trend("rate", "count").series
    assert by_rate["13%"] == (Decimal(1), Decimal(0))
    assert by_rate["9%"] == (Decimal(0), Decimal(1))
    assert by_rate["6%"] == (Decimal(2), Decimal(0))
    assert by_rate["多种税率"] == (Decimal(3), Decimal(1))
    # Money by rate still splits by the lines' rates and adds up to the month's 价税合计.
    money = month_end.trend("rate", "total")
    assert money.total[0] == month_end.month_summary("2026-09").total
    assert money.series["9%"][0] == Decimal("218.00")


def test_audit_extract_covers_the_month(db: str) -> None:
    seed_month()
    month_end.lock_month("2026-01", "李会计")
    rows = month_files.audit_rows("2026-01")
    assert [r["action"] for r in rows][-1] == "period.lock"
    assert all(r["hash"] for r in rows)
