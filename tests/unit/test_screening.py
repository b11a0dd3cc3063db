"""Month-end screening: each seeded problem is found, and a clean month finds nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoicedesk.core.screening import (
    InvoiceFacts,
    LineFacts,
    ScreeningOptions,
    find_gaps,
    screen,
)

FIRST, FOLLOWING = date(2026, 10, 1), date(2026, 11, 1)


def inv(
    i: int,
    *,
    number: str | None = None,
    code: str = "",
    day: date = date(2026, 10, 5),
    buyer: str = "小米科技有限责任公司",
    tax_id: str = "91110108551385082Q",
    total: str | None = None,
    lines: tuple[LineFacts, ...] | None = None,
    status: str = "normal",
) -> InvoiceFacts:
    lines = lines or (LineFacts(Decimal("100.00"), "0.06", Decimal("6.00")),)
    return InvoiceFacts(
        id=i,
        kind="82" if not code else "04",
        code=code,
        number=number or f"26112{i:015d}",
        issue_date=day,
        buyer_name=buyer,
        buyer_tax_id=tax_id,
        status=status,
        is_red=False,
        total=Decimal(total) if total else Decimal(100 + i),
        lines=lines,
    )


def clean_month() -> list[InvoiceFacts]:
    return [inv(i) for i in range(1, 21)]


def rules(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


def test_a_clean_month_has_no_findings() -> None:
    assert screen(clean_month(), FIRST, FOLLOWING) == []


def test_a_gap_in_a_sequential_series_names_the_missing_numbers() -> None:
    month = [i for i in clean_month() if i.id not in (7, 8)]
    findings = screen(month, FIRST, FOLLOWING)
    assert rules(findings) == ["gap"]
    gap = findings[0]
    assert gap.invoice_ids == (6, 9)
    assert "缺少 2 个号码" in gap.text
    assert "26112000000000000007…26112000000000000008" in gap.text
    assert gap.key == "gap:26112000000000000007:26112000000000000008"


def test_legacy_gaps_per_code_and_switch_off() -> None:
    code = "011002600104"
    month = [inv(i, code=code, number=f"{i:08d}") for i in (1, 2, 3, 5, 6, 7, 8, 9)]
    assert rules(find_gaps(month)) == ["gap"]
    assert "011002600104-00000004" in find_gaps(month)[0].text
    assert screen(month, FIRST, FOLLOWING, ScreeningOptions(sequential=False)) == []


def test_interleaved_numbering_is_not_called_a_gap() -> None:
    # Two counters share one range: every third number is ours. Not a sequential series.
    month = [inv(i, number=f"26112{i * 3:015d}") for i in range(1, 30)]
    assert find_gaps(month) == []


def test_a_new_range_is_not_a_gap() -> None:
    month = [*clean_month(), inv(99, number=f"26112{10000:015d}")]
    assert find_gaps(month) == []


def test_tolerance_warning_and_error() -> None:
    off_by_3_fen = (LineFacts(Decimal("100.00"), "0.06", Decimal("6.03")),)
    off_by_10_fen = (LineFacts(Decimal("100.00"), "0.06", Decimal("6.10")),)
    exempt = (LineFacts(Decimal("100.00"), "exempt", Decimal("0")),)
    month = clean_month()
    month[2] = inv(3, lines=off_by_3_fen)
    month[4] = inv(5, lines=off_by_10_fen)
    month[6] = inv(7, lines=exempt)
    findings = [f for f in screen(month, FIRST, FOLLOWING) if f.rule == "tolerance"]
    by_id = {f.invoice_ids[0]: f for f in findings}
    assert set(by_id) == {3, 5}
    assert by_id[3].severity == "warning"
    assert by_id[5].severity == "error"
    assert "0.100" in by_id[5].text


def test_half_fen_rounding_is_exact_not_a_finding() -> None:
    half = (LineFacts(Decimal("0.25"), "0.06", Decimal("0.02")),)  # 0.015 rounds half up
    assert screen([inv(1, lines=half)], FIRST, FOLLOWING) == []


def test_duplicates_same_buyer_day_and_total() -> None:
    month = [*clean_month(), inv(21, total="105"), inv(22, total="105", status="voided")]
    findings = [f for f in screen(month, FIRST, FOLLOWING) if f.rule == "duplicate"]
    assert len(findings) == 1
    assert findings[0].invoice_ids == (5, 21)  # the voided one stands for nothing


def test_invalid_buyer_id() -> None:
    month = clean_month()
    month[0] = inv(1, tax_id="914403001922038217")  # wrong check character
    findings = [f for f in screen(month, FIRST, FOLLOWING) if f.rule == "buyer_id"]
    assert [f.invoice_ids for f in findings] == [(1,)]
    assert "914403001922038217" in findings[0].text
    assert findings[0].severity == "error"


def test_dates_outside_the_period_and_number_year_mismatch() -> None:
    month = clean_month()
    month[0] = inv(1, day=date(2026, 9, 30))
    month[1] = inv(2, number=f"25112{2:015d}")
    findings = [f for f in screen(month, FIRST, FOLLOWING) if f.rule == "date"]
    assert sorted(f.invoice_ids for f in findings) == [(1,), (2,)]
    texts = " ".join(f.text for f in findings)
    assert "不在本期" in texts and "2025年" in texts


def test_unreconciled_only_when_reconciliation_is_known() -> None:
    month = clean_month()
    assert screen(month, FIRST, FOLLOWING, ScreeningOptions(unreconciled_ids=None)) == []
    found = screen(month, FIRST, FOLLOWING, ScreeningOptions(unreconciled_ids=frozenset({3, 4})))
    assert rules(found) == ["unreconciled"]
    assert found[0].invoice_ids == (3, 4)
    assert "2 张发票" in found[0].text


def test_unreconciled_says_which_an_unfinished_session_has_matched() -> None:
    month = clean_month()
    options = ScreeningOptions(unreconciled_ids=frozenset({3, 4, 5}), pending_ids=frozenset({3, 4}))
    found = screen(month, FIRST, FOLLOWING, options)
    assert rules(found) == ["unreconciled"] and found[0].invoice_ids == (3, 4, 5)
    text = found[0].text
    assert "3 张发票" in text and "其中 2 张在未完成的对账中已一致" in text
    key_of_5 = next(m.key for m in month if m.id == 5)
    key_of_3 = next(m.key for m in month if m.id == 3)
    assert key_of_5 in text and key_of_3 not in text


def test_errors_come_first_and_keys_are_stable() -> None:
    month = clean_month()
    month[0] = inv(1, tax_id="BAD")
    month = [m for m in month if m.id != 10]
    first = screen(month, FIRST, FOLLOWING)
    again = screen(list(reversed(month)), FIRST, FOLLOWING)
    assert [f.severity for f in first] == ["error", "warning"]
    assert [f.key for f in first] == [f.key for f in again]
